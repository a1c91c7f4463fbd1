//! What the activity feed shows.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub username: String,
    pub name: String,
    pub avatar_url: Option<String>,
}

/// What they did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Published {
        title: String,
        slug: String,
    },
    Commented {
        title: String,
        slug: String,
        comment_id: Uuid,
        excerpt: String,
    },
    Followed {
        username: String,
        name: String,
    },
}

/// One entry of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: i64,
    pub actor: Actor,
    pub action: Action,
    pub when_label: String,
}

/// A page of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub items: Vec<Activity>,
    /// How many people the reader follows (0: say how to start).
    pub following: i64,
    pub next_cursor: Option<i64>,
}

/// Who may see an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Public,
    Followers,
    Private,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "PUBLIC",
            Self::Followers => "FOLLOWERS",
            Self::Private => "PRIVATE",
        }
    }
}
