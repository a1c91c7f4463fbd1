//! Which feed, one page of it, and what the page says about its subject.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::features::posts::types::{Byline, CategoryRef, ContentStatus, PostCard};
use crate::routes;

/// Posts per feed page.
pub const PAGE_SIZE: i64 = 20;

/// A feed: what decides which posts it holds and their order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeedKind {
    /// Signed in: posts from followed people and tags first, then
    /// recommendations. Visitors: trending.
    Home,
    /// Newest first.
    Latest,
    /// By time-decayed engagement.
    Trending,
    /// Posts the staff featured, newest first.
    Featured,
    /// A category and its subcategories, newest first.
    Category(String),
    /// One tag, newest first.
    Tag(String),
    /// A series in reading order.
    Series(String),
    /// One author's posts, newest first.
    Author(String),
}

impl FeedKind {
    /// The feed as one string (`latest`, `tag/theories`), for server
    /// function arguments and cache keys.
    pub fn key(&self) -> String {
        match self {
            Self::Home => "home".into(),
            Self::Latest => "latest".into(),
            Self::Trending => "trending".into(),
            Self::Featured => "featured".into(),
            Self::Category(slug) => format!("category/{slug}"),
            Self::Tag(slug) => format!("tag/{slug}"),
            Self::Series(slug) => format!("series/{slug}"),
            Self::Author(username) => format!("author/{username}"),
        }
    }

    /// The inverse of [`FeedKind::key`].
    pub fn parse(key: &str) -> Option<Self> {
        let name_ok = |s: &str| {
            !s.is_empty()
                && s.len() <= 120
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        match key.split_once('/') {
            None => match key {
                "home" => Some(Self::Home),
                "latest" => Some(Self::Latest),
                "trending" => Some(Self::Trending),
                "featured" => Some(Self::Featured),
                _ => None,
            },
            Some((kind, name)) if name_ok(name) => match kind {
                "category" => Some(Self::Category(name.to_ascii_lowercase())),
                "tag" => Some(Self::Tag(name.to_ascii_lowercase())),
                "series" => Some(Self::Series(name.to_ascii_lowercase())),
                "author" => Some(Self::Author(name.to_owned())),
                _ => None,
            },
            Some(_) => None,
        }
    }

    /// The page that shows this feed.
    pub fn href(&self) -> String {
        match self {
            Self::Home => routes::HOME.into(),
            Self::Latest => routes::LATEST.into(),
            Self::Trending => routes::TRENDING.into(),
            Self::Featured => routes::FEATURED.into(),
            Self::Category(slug) => routes::category(slug),
            Self::Tag(slug) => routes::tag(slug),
            Self::Series(slug) => routes::series(slug),
            Self::Author(username) => routes::profile(username),
        }
    }

    /// The Atom feed of this feed, where there is one.
    pub fn atom_href(&self) -> Option<String> {
        match self {
            Self::Latest => Some(routes::LATEST_ATOM.into()),
            Self::Category(slug) => Some(routes::category_atom(slug)),
            Self::Tag(slug) => Some(routes::tag_atom(slug)),
            Self::Author(username) => Some(routes::author_atom(username)),
            _ => None,
        }
    }
}

/// One page of a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedChunk {
    pub cards: Vec<PostCard>,
    /// The cursor of the next page; `None` on the last page.
    pub next: Option<String>,
    /// On the home feed: how many of `cards` come from followed people and
    /// tags (they come first).
    pub followed: usize,
}

/// What a feed's page says about its subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedAbout {
    pub title: String,
    pub description: Option<String>,
    pub detail: FeedDetail,
    /// The reader is signed in (the page offers "For you").
    pub signed_in: bool,
}

/// The subject-specific part of [`FeedAbout`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedDetail {
    /// Home, Latest, Trending, Featured: nothing more.
    Plain,
    Category {
        color: Option<String>,
        parent: Option<CategoryRef>,
        children: Vec<CategoryRef>,
        /// Published posts here and in the subcategories.
        post_count: i32,
    },
    Tag {
        post_count: i32,
        follower_count: i32,
        /// `None` for visitors.
        following: Option<bool>,
        synonyms: Vec<String>,
    },
    Series {
        author: Byline,
        total_parts: i32,
        completed: bool,
    },
    Author {
        post_count: i64,
    },
}

/// A category in the category index, with its subcategories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryNode {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub color: Option<String>,
    pub post_count: i32,
    pub display_order: i32,
    pub is_active: bool,
    pub parent_id: Option<Uuid>,
    pub children: Vec<CategoryNode>,
}

/// The category admin form (all strings, as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryForm {
    /// Empty for a new category.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub color: String,
    /// The parent's id, empty for a top-level category.
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub display_order: String,
    /// "on" when the category is shown.
    #[serde(default)]
    pub active: Option<String>,
}

/// A row of "My posts".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPost {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub status: ContentStatus,
    /// The date that matters for the status (published, scheduled for,
    /// edited), in the writer's zone.
    pub when_label: String,
    pub updated_at: DateTime<Utc>,
    pub views: i32,
    pub comments: i32,
    /// True when the caller is a co-author rather than the author.
    pub co_authored: bool,
}

/// "My posts": one page of the writer's posts with a status filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPosts {
    pub posts: Vec<MyPost>,
    pub next: Option<String>,
    /// Posts per status (all statuses but deleted), for the filter tabs.
    pub counts: Vec<(ContentStatus, i64)>,
}

/// The category admin page: every category, and a refused form sent back
/// (without JavaScript) with what was typed and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCategories {
    pub tree: Vec<CategoryNode>,
    pub refused: Option<(CategoryForm, crate::error::AppError)>,
}
