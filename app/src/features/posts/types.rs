//! Post types shared by the server and the browser: the enums of the data
//! model, the editor's form, and what pages show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::document::render::Heading;

macro_rules! db_enum {
    ($(#[$meta:meta])* $name:ident, $db:literal, [$($variant:ident => $raw:literal, $label:literal),+ $(,)?]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type))]
        #[cfg_attr(feature = "ssr", sqlx(type_name = $db, rename_all = "SCREAMING_SNAKE_CASE"))]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The database and form value (`"BLOG"`).
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $raw),+ }
            }

            /// What people read.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }

            pub fn parse(raw: &str) -> Option<Self> {
                match raw { $($raw => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

db_enum!(
    /// What kind of post this is.
    ContentType, "content_type", [
        Blog => "BLOG", "Blog post",
        LiveBlog => "LIVE_BLOG", "Live blog",
        Poll => "POLL", "Poll",
        VideoReview => "VIDEO_REVIEW", "Video review",
        FanArt => "FAN_ART", "Fan art",
        TheoryThread => "THEORY_THREAD", "Theory thread",
        Series => "SERIES", "Series part",
        Tutorial => "TUTORIAL", "Tutorial",
        News => "NEWS", "News",
    ]
);

db_enum!(
    /// Where a post is in its life.
    ContentStatus, "content_status", [
        Draft => "DRAFT", "Draft",
        Scheduled => "SCHEDULED", "Scheduled",
        Published => "PUBLISHED", "Published",
        Archived => "ARCHIVED", "Archived",
        Deleted => "DELETED", "Deleted",
    ]
);

db_enum!(
    /// What moderation decided about a post.
    ModerationStatus, "moderation_status", [
        Pending => "PENDING", "Pending review",
        Approved => "APPROVED", "Approved",
        Rejected => "REJECTED", "Rejected",
        Escalated => "ESCALATED", "Escalated",
        AutoApproved => "AUTO_APPROVED", "Approved",
        ShadowBanned => "SHADOW_BANNED", "Hidden",
        UnderReview => "UNDER_REVIEW", "Under review",
    ]
);

/// What the writer asks for when submitting the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Render the body and show it; store nothing.
    Preview,
    /// Save; a published post stays published with the new content.
    Save,
    Publish,
    Schedule,
}

impl Intent {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "preview" => Self::Preview,
            "publish" => Self::Publish,
            "schedule" => Self::Schedule,
            _ => Self::Save,
        }
    }
}

/// The editor's fields, as strings so a plain HTML form can post them
/// (`form[title]`, …). Parsed and checked on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostForm {
    /// Empty for a new post.
    pub id: String,
    /// The version the writer started from; a save over a newer one is refused.
    pub version: String,
    pub title: String,
    pub slug: String,
    /// The body as Markdown (the no-JavaScript editor).
    pub body: String,
    /// The body as a document (the rich editor); wins over `body` when set.
    pub body_json: String,
    pub excerpt: String,
    pub content_type: String,
    /// A category slug.
    pub category: String,
    /// Comma-separated tag names.
    pub tags: String,
    /// A series slug of the writer's, or empty.
    pub series: String,
    pub series_order: String,
    /// Comma-separated usernames.
    pub coauthors: String,
    /// A YouTube address; its `t=` is where the video starts.
    pub youtube_url: String,
    /// Media id of an uploaded picture.
    pub cover_image: String,
    pub cover_alt: String,
    /// A checkbox: present means the cover is taken off on save.
    pub remove_cover: Option<String>,
    pub meta_title: String,
    pub meta_description: String,
    /// Comma-separated.
    pub meta_keywords: String,
    pub canonical_url: String,
    /// A checkbox: present means on.
    pub allow_comments: Option<String>,
    /// `YYYY-MM-DDTHH:MM` in the writer's time zone (a datetime-local input).
    pub scheduled_at: String,
    pub change_note: String,
    /// Staff only.
    pub featured: Option<String>,
    pub editors_pick: Option<String>,
    pub pinned_until: String,
    /// `preview`, `save`, `publish` or `schedule` (the button pressed).
    pub intent: String,
    /// The key the server gave this editor for autosaves of a new post.
    pub draft_key: String,
}

/// An autosave kept on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutosaveOutcome {
    pub saved_at: DateTime<Utc>,
    /// Someone saved the post after the writer opened it.
    pub conflict: Option<AutosaveConflict>,
}

/// A newer save of the post than the one the writer started from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutosaveConflict {
    pub version: i32,
    /// Who saved it (a username), when known.
    pub editor: Option<String>,
    pub saved_at: DateTime<Utc>,
}

/// What a submit of the editor produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Preview {
        html: String,
        reading_minutes: i32,
        word_count: i32,
    },
    Saved {
        id: Uuid,
        slug: String,
        status: ContentStatus,
        version: i32,
    },
    /// A plain form post (no JavaScript): the result waits in the session
    /// and the browser was sent back to the editor, which shows it.
    Flashed,
}

/// The editor's state carried across a plain form post's redirect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorFlash {
    pub form: PostForm,
    pub error: Option<crate::error::AppError>,
    pub preview_html: Option<String>,
}

/// Everything the editor page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorData {
    pub form: PostForm,
    /// Set when the post exists.
    pub post: Option<EditorPost>,
    pub categories: Vec<CategoryOption>,
    pub series: Vec<SeriesOption>,
    pub can_publish: bool,
    pub is_staff: bool,
    /// The writer's time zone (for the schedule field).
    pub timezone: String,
    /// From a plain form post that came back: its error and preview.
    pub error: Option<crate::error::AppError>,
    pub preview_html: Option<String>,
    /// The picture `form.cover_image` points at.
    pub cover: Option<crate::features::media::types::Image>,
    /// When the form holds autosaved changes instead of the stored post.
    pub restored_at: Option<DateTime<Utc>>,
}

/// The stored state of a post being edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorPost {
    pub id: Uuid,
    pub slug: String,
    pub status: ContentStatus,
    pub version: i32,
    pub scheduled_publish_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub is_author: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryOption {
    pub slug: String,
    /// With its parents: "Episodes › Season 2".
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesOption {
    pub slug: String,
    pub title: String,
}

/// A person shown as a post's author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byline {
    pub username: String,
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub verified: bool,
}

impl Byline {
    pub fn name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.username)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub name: String,
    pub slug: String,
}

/// A picture with its placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    pub url: String,
    pub srcset: String,
    pub alt: String,
    pub width: i32,
    pub height: i32,
    pub blurhash: Option<String>,
}

/// The engagement counts a card and a page show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub views: i32,
    pub reactions: i32,
    pub comments: i32,
}

/// A post in a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCard {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub content_type: ContentType,
    pub author: Byline,
    pub published_at: Option<DateTime<Utc>>,
    pub reading_time: i32,
    pub cover: Option<Cover>,
    pub tags: Vec<TagRef>,
    pub category: Option<CategoryRef>,
    pub counts: Counts,
    pub featured: bool,
    /// The publication date in the reader's time zone.
    pub date_label: String,
}

/// One neighbour in a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesPart {
    pub order: i32,
    pub slug: String,
    pub title: String,
    pub published: bool,
}

/// The series a post belongs to, with every part for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesNav {
    pub slug: String,
    pub title: String,
    pub order: i32,
    pub parts: Vec<SeriesPart>,
}

/// The reading page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPage {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    /// Rendered by the server from the document (see `document::render`).
    pub html: String,
    pub toc: Vec<Heading>,
    pub content_type: ContentType,
    pub status: ContentStatus,
    pub author: Byline,
    pub coauthors: Vec<Byline>,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub reading_time: i32,
    pub word_count: i32,
    pub cover: Option<Cover>,
    pub tags: Vec<TagRef>,
    pub category: Option<CategoryRef>,
    pub series: Option<SeriesNav>,
    pub related: Vec<PostCard>,
    pub youtube: Option<(String, u32)>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub meta_keywords: Vec<String>,
    /// The absolute address search engines should index (the writer's
    /// canonical address, or this site's).
    pub canonical_url: Option<String>,
    pub allow_comments: bool,
    pub counts: Counts,
    /// Reactions per kind and the reader's own.
    pub reactions: crate::features::reactions::types::Reactions,
    /// The reader may react (signed in with a verified address).
    pub can_react: bool,
    /// The reader may edit (author, co-author, staff).
    pub can_edit: bool,
    /// Dates in the reader's time zone ("12 Nov 2026").
    pub published_label: Option<String>,
    pub updated_label: String,
    /// The JSON-LD Article description (with `<` escaped).
    pub json_ld: String,
    /// The cover's absolute address, for Open Graph and Twitter cards.
    pub share_image: Option<String>,
    /// The reader's bookmark of it and their folders (signed in, published).
    pub bookmark: Option<crate::features::bookmarks::types::BookmarkState>,
}

/// A saved version of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionInfo {
    pub version: i32,
    pub title: String,
    pub editor: Option<String>,
    pub change_note: Option<String>,
    pub is_published: bool,
    pub created_at: DateTime<Utc>,
    /// `created_at` in the reader's time zone.
    pub created_label: String,
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
    /// Unchanged lines left out between changes.
    Skipped(usize),
}

/// The revision history page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisions {
    pub post_id: Uuid,
    pub slug: String,
    pub title: String,
    pub current_version: i32,
    pub revisions: Vec<RevisionInfo>,
    /// The versions compared and their diff (Markdown of title and body).
    pub from: i32,
    pub to: i32,
    pub diff: Vec<DiffLine>,
}
