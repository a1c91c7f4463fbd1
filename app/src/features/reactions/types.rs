//! Reaction kinds and the counts a post or comment shows.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The nine reaction types, in the order of the database enum (and of the
/// `reaction_counts` arrays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "reaction_type", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reaction {
    Like,
    Love,
    Fire,
    Sparkle,
    MindBlown,
    Laugh,
    Cry,
    Angry,
    /// One of the person's unlocked custom emoji (arrives with rewards).
    Custom,
}

impl Reaction {
    pub const ALL: [Reaction; 9] = [
        Self::Like,
        Self::Love,
        Self::Fire,
        Self::Sparkle,
        Self::MindBlown,
        Self::Laugh,
        Self::Cry,
        Self::Angry,
        Self::Custom,
    ];

    /// The ones everybody can use (custom emoji are unlocked per person).
    pub const STANDARD: [Reaction; 8] = [
        Self::Like,
        Self::Love,
        Self::Fire,
        Self::Sparkle,
        Self::MindBlown,
        Self::Laugh,
        Self::Cry,
        Self::Angry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Like => "LIKE",
            Self::Love => "LOVE",
            Self::Fire => "FIRE",
            Self::Sparkle => "SPARKLE",
            Self::MindBlown => "MIND_BLOWN",
            Self::Laugh => "LAUGH",
            Self::Cry => "CRY",
            Self::Angry => "ANGRY",
            Self::Custom => "CUSTOM",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(raw.trim()))
    }

    /// Its place in the `reaction_counts` arrays.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }

    pub fn emoji(self) -> &'static str {
        match self {
            Self::Like => "👍",
            Self::Love => "❤️",
            Self::Fire => "🔥",
            Self::Sparkle => "✨",
            Self::MindBlown => "🤯",
            Self::Laugh => "😂",
            Self::Cry => "😢",
            Self::Angry => "😠",
            Self::Custom => "⭐",
        }
    }

    /// What a screen reader says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Like => "Like",
            Self::Love => "Love",
            Self::Fire => "Fire",
            Self::Sparkle => "Sparkle",
            Self::MindBlown => "Mind blown",
            Self::Laugh => "Laugh",
            Self::Cry => "Cry",
            Self::Angry => "Angry",
            Self::Custom => "Custom emoji",
        }
    }
}

/// What is reacted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Post(Uuid),
    Comment(Uuid),
}

impl Target {
    /// "post" or "comment", as forms send it.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Post(_) => "post",
            Self::Comment(_) => "comment",
        }
    }

    pub fn id(self) -> Uuid {
        match self {
            Self::Post(id) | Self::Comment(id) => id,
        }
    }

    pub fn parse(kind: &str, id: &str) -> Option<Self> {
        let id = Uuid::parse_str(id.trim()).ok()?;
        match kind.trim() {
            "post" => Some(Self::Post(id)),
            "comment" => Some(Self::Comment(id)),
            _ => None,
        }
    }
}

/// The counts of a post or comment per type, and the viewer's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reactions {
    /// Indexed like [`Reaction::ALL`].
    pub counts: Vec<i32>,
    pub mine: Vec<Reaction>,
}

impl Reactions {
    pub fn count(&self, reaction: Reaction) -> i32 {
        self.counts.get(reaction.index()).copied().unwrap_or(0)
    }

    pub fn total(&self) -> i32 {
        self.counts.iter().sum()
    }

    pub fn has(&self, reaction: Reaction) -> bool {
        self.mine.contains(&reaction)
    }
}

/// One person in a who-reacted list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reactor {
    pub username: String,
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
    pub reactions: Vec<Reaction>,
}

/// A page of who reacted, most recent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reactors {
    /// The title of what was reacted to, and its page.
    pub about: String,
    pub about_href: String,
    /// The counts per kind (the tabs).
    pub counts: Vec<i32>,
    /// The kind shown, or every kind.
    pub only: Option<Reaction>,
    pub people: Vec<Reactor>,
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reactions_read_back_from_their_names_in_enum_order() {
        for (i, r) in Reaction::ALL.into_iter().enumerate() {
            assert_eq!(Reaction::parse(r.as_str()), Some(r));
            assert_eq!(r.index(), i);
        }
        assert_eq!(Reaction::parse("mind_blown"), Some(Reaction::MindBlown));
        assert_eq!(Reaction::parse("HUG"), None);
    }
}
