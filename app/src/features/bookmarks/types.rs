//! Bookmarks: saved posts with a note and tags, in folders.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::features::posts::types::PostCard;

/// A folder's colour, from the Sparkle palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum FolderColor {
    #[default]
    Pink,
    Purple,
    Blue,
    Teal,
    Green,
    Amber,
    Red,
    Slate,
}

impl FolderColor {
    pub const ALL: [FolderColor; 8] = [
        Self::Pink,
        Self::Purple,
        Self::Blue,
        Self::Teal,
        Self::Green,
        Self::Amber,
        Self::Red,
        Self::Slate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pink => "pink",
            Self::Purple => "purple",
            Self::Blue => "blue",
            Self::Teal => "teal",
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
            Self::Slate => "slate",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pink => "Pink",
            Self::Purple => "Purple",
            Self::Blue => "Blue",
            Self::Teal => "Teal",
            Self::Green => "Green",
            Self::Amber => "Amber",
            Self::Red => "Red",
            Self::Slate => "Slate",
        }
    }
}

/// One of a person's folders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub color: FolderColor,
    pub is_public: bool,
    /// Bookmarks in it.
    pub count: i64,
}

/// A saved post, with what its saver wrote about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub post: PostCard,
    pub folder_id: Option<Uuid>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
    pub saved_label: String,
}

/// `/bookmarks`: the folders, the tags, and a page of saved posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookmarksPage {
    pub folders: Vec<Folder>,
    /// The folder shown (`None`: every bookmark).
    pub folder: Option<Folder>,
    /// The tag shown.
    pub tag: Option<String>,
    /// Every tag used, with how many bookmarks carry it.
    pub tags: Vec<(String, i64)>,
    pub items: Vec<Saved>,
    /// All bookmarks (for "All").
    pub total: i64,
    pub next_cursor: Option<String>,
}

/// A public folder as others see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFolder {
    pub owner_username: String,
    pub owner_name: String,
    pub folder: Folder,
    pub items: Vec<Saved>,
}

/// The viewer's bookmark of one post, for the post page's button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookmarkState {
    pub post_id: Uuid,
    pub saved: Option<Saved>,
    pub folders: Vec<Folder>,
}

/// Tags as typed ("Lore, theories  ,#clues") made tidy: lower case, no `#`,
/// no repeats, at most 10 of at most 30 characters.
pub fn tidy_tags(raw: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.split(',') {
        let tag = tag.trim().trim_start_matches('#').trim().to_lowercase();
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > 30 {
            return Err(format!(
                "“{tag}” is too long: tags have at most 30 characters."
            ));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > 10 {
        return Err("Use at most 10 tags.".into());
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_tidied_and_limited() {
        assert_eq!(
            tidy_tags("Lore, theories  ,#clues, lore,,").unwrap(),
            vec!["lore", "theories", "clues"]
        );
        assert!(tidy_tags(&"x".repeat(31)).is_err());
        let many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
        assert!(tidy_tags(&many.join(",")).is_err());
        assert_eq!(FolderColor::parse("teal"), Some(FolderColor::Teal));
        assert_eq!(FolderColor::parse("beige"), None);
    }
}
