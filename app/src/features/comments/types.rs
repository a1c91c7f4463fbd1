//! What the comment section shows and what its forms send.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;
use crate::features::reactions::types::Reactions;

/// Top-level comments per page.
pub const THREADS_PER_PAGE: i64 = 20;
/// Replies shown under one top-level comment on the post page; the rest
/// are on the thread's own page.
pub const REPLIES_PER_THREAD: i64 = 30;
/// Replies deeper than this continue on the thread's own page.
pub const MAX_DEPTH: i32 = 4;
/// The longest comment, in characters.
pub const MAX_BODY_CHARS: usize = 5000;

/// How top-level comments are ordered; replies always read oldest first,
/// as a conversation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Sort {
    /// Featured first, then by reactions and replies.
    #[default]
    Top,
    New,
    Old,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Self::Top, Self::New, Self::Old];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Top => "top",
            Self::New => "new",
            Self::Old => "old",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Top => "Top",
            Self::New => "Newest",
            Self::Old => "Oldest",
        }
    }

    pub fn parse(raw: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .unwrap_or_default()
    }
}

/// The person who wrote a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentAuthor {
    pub username: String,
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
    /// An author or co-author of the post.
    pub is_post_author: bool,
    pub is_moderator: bool,
}

impl CommentAuthor {
    pub fn name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.username)
    }
}

/// One comment as the viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub root_id: Uuid,
    pub depth: i32,
    /// `None` when the comment was deleted or its account is gone.
    pub author: Option<CommentAuthor>,
    /// Rendered and escaped by the server; empty when deleted.
    pub html: String,
    /// As written, for the edit form (empty unless the viewer may edit).
    pub body: String,
    pub deleted: bool,
    /// Written by someone the viewer blocked: shown as a placeholder.
    pub blocked: bool,
    /// Seconds into the post's video.
    pub video_at: Option<u32>,
    pub created_at: DateTime<Utc>,
    /// "5 min ago", "12 Nov 2026" in the viewer's zone.
    pub created_label: String,
    pub edited: bool,
    pub pinned: bool,
    pub featured: bool,
    pub reply_count: i32,
    pub reactions: Reactions,
    pub can_edit: bool,
    pub can_delete: bool,
    /// The viewer may pin and feature (the post's author or a moderator).
    pub can_curate: bool,
    /// Replies exist that are not shown here (too deep, or past the
    /// thread's first replies): the thread's page shows them.
    pub more_replies: bool,
}

/// Why the viewer cannot comment, if they cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closed {
    SignIn,
    Verify,
    /// The post's author turned comments off.
    Off,
    /// The viewer and the post's author have blocked one another.
    Blocked,
}

/// A stretch of the post's video and what is said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatBin {
    pub from: u32,
    pub to: u32,
    pub count: i32,
    /// 0–100, relative to the busiest stretch.
    pub heat: u8,
    /// The most reacted comment in the stretch, as plain text (shortened).
    pub top_comment: Option<String>,
    pub top_author: Option<String>,
}

/// The timeline heat strip of a post with a video.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heat {
    /// The length the strip covers, in seconds.
    pub span: u32,
    pub bins: Vec<HeatBin>,
    pub total: i32,
}

/// What a refused plain form post left to show again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The comment replied to, or edited.
    pub parent_id: Option<Uuid>,
    pub editing: Option<Uuid>,
    pub body: String,
    pub moment: String,
    pub error: AppError,
}

/// The comment section of a post: one page of threads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentsPage {
    pub post_id: Uuid,
    pub post_slug: String,
    /// Live comments on the post.
    pub total: i32,
    pub closed: Option<Closed>,
    /// The viewer may react (signed in, verified).
    pub can_react: bool,
    pub sort: Sort,
    /// The moment filter (`?at=from-to`) in seconds.
    pub moment: Option<(u32, u32)>,
    /// Shown above the threads on the first page of every sort.
    pub pinned: Option<Comment>,
    /// Top-level comments, each followed by its replies in tree order.
    pub comments: Vec<Comment>,
    pub next_cursor: Option<String>,
    /// The post has a video: the strip, and moments may be given.
    pub heat: Option<Heat>,
    pub video_id: Option<String>,
    pub draft: Option<Draft>,
}

/// A thread's own page: a comment and everything under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub post_id: Uuid,
    pub post_slug: String,
    pub post_title: String,
    /// The comment above the one shown, to walk back up.
    pub parent_id: Option<Uuid>,
    pub comments: Vec<Comment>,
    pub closed: Option<Closed>,
    pub can_react: bool,
    pub video_id: Option<String>,
    /// More replies than one page shows.
    pub next_cursor: Option<String>,
    pub draft: Option<Draft>,
}

/// One earlier version of a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub html: String,
    pub written_label: String,
}

/// A comment's edit history, the current version first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub post_slug: String,
    pub comment_id: Uuid,
    pub author: Option<String>,
    pub current: Revision,
    pub earlier: Vec<Revision>,
}

/// `83` → "1:23", `3723` → "1:02:03".
pub fn moment_label(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Reads "1:23", "01:02:03" or "83" (seconds) as seconds.
pub fn parse_moment(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 9 {
        return None;
    }
    let parts: Vec<&str> = raw.split(':').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let seconds = match nums.as_slice() {
        [s] => *s,
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        _ => return None,
    };
    (seconds <= 86_400).then_some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_read_and_write_as_people_type_them() {
        assert_eq!(parse_moment("1:23"), Some(83));
        assert_eq!(parse_moment(" 01:02:03 "), Some(3723));
        assert_eq!(parse_moment("95"), Some(95));
        assert_eq!(parse_moment("1:75"), None);
        assert_eq!(parse_moment("1:-2"), None);
        assert_eq!(parse_moment("a:bc"), None);
        assert_eq!(parse_moment(""), None);
        assert_eq!(parse_moment("25:00:00"), None);
        assert_eq!(moment_label(83), "1:23");
        assert_eq!(moment_label(5), "0:05");
        assert_eq!(moment_label(3723), "1:02:03");
    }

    #[test]
    fn an_unknown_sort_is_top() {
        assert_eq!(Sort::parse("new"), Sort::New);
        assert_eq!(Sort::parse("hot"), Sort::Top);
    }
}
