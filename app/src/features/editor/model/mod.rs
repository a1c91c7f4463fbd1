//! The editor's model: a flat list of blocks that the editing operations
//! work on, converted to and from the post [`Document`] at the edges.
//!
//! Flat, because that is how a writer sees a post: one line after another.
//! A list is a run of list-item blocks with an indent level, a quotation a
//! run of blocks marked `quoted`. [`convert`] rebuilds the nesting, so every
//! editor state becomes a well-formed document and every document can be
//! edited. Everything here is plain Rust shared by the server and the
//! browser, and tested without a browser.

pub mod convert;
pub mod edit;
pub mod paste;
pub mod render;
pub mod rich;
pub mod shortcuts;
pub mod triggers;

use serde::{Deserialize, Serialize};

use crate::features::posts::document::Tone;
pub use edit::{Command, Editor, Pos, Selection};
pub use rich::{MarkKind, Marks, RichText, Span};
pub use triggers::{SlashItem, Trigger, TriggerKind};

/// How deep list items nest (a quote takes one level).
pub const MAX_INDENT: u8 = 2;

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Paragraph,
    /// Level 2 to 4.
    Heading(u8),
    ListItem {
        ordered: bool,
        indent: u8,
        /// The first number of an ordered list (read from a run's first item).
        start: u32,
    },
    /// Its text is the code, without marks; new lines are `\n`.
    Code {
        language: Option<String>,
    },
    Callout(Tone),
    Image {
        src: String,
        alt: String,
        caption: Option<String>,
        width: Option<u32>,
        height: Option<u32>,
    },
    Youtube {
        video_id: String,
        start: u32,
    },
    Divider,
}

impl Kind {
    /// True for blocks with editable text; false for pictures, videos and
    /// dividers, which are selected and moved whole.
    pub fn is_text(&self) -> bool {
        !matches!(
            self,
            Self::Image { .. } | Self::Youtube { .. } | Self::Divider
        )
    }

    pub fn is_code(&self) -> bool {
        matches!(self, Self::Code { .. })
    }

    /// Only paragraphs and list items sit in quotations.
    pub fn can_quote(&self) -> bool {
        matches!(self, Self::Paragraph | Self::ListItem { .. })
    }

    /// Same block type, whatever its details.
    pub fn same_type(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// The toolbar's name for it.
    pub fn block_type(&self) -> BlockType {
        match self {
            Self::Paragraph => BlockType::Paragraph,
            Self::Heading(level) => BlockType::Heading(*level),
            Self::ListItem { ordered: false, .. } => BlockType::BulletList,
            Self::ListItem { ordered: true, .. } => BlockType::NumberedList,
            Self::Code { .. } => BlockType::Code,
            Self::Callout(tone) => BlockType::Callout(*tone),
            Self::Image { .. } => BlockType::Image,
            Self::Youtube { .. } => BlockType::Youtube,
            Self::Divider => BlockType::Divider,
        }
    }
}

/// A block type as the toolbar and the "/" menu offer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockType {
    Paragraph,
    Heading(u8),
    BulletList,
    NumberedList,
    Code,
    Callout(Tone),
    Image,
    Youtube,
    Divider,
}

impl BlockType {
    /// The text kinds a block can be turned into.
    pub fn text_kind(self) -> Option<Kind> {
        Some(match self {
            Self::Paragraph => Kind::Paragraph,
            Self::Heading(level) => Kind::Heading(level.clamp(2, 4)),
            Self::BulletList => Kind::ListItem {
                ordered: false,
                indent: 0,
                start: 1,
            },
            Self::NumberedList => Kind::ListItem {
                ordered: true,
                indent: 0,
                start: 1,
            },
            Self::Code => Kind::Code { language: None },
            Self::Callout(tone) => Kind::Callout(tone),
            Self::Image | Self::Youtube | Self::Divider => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Paragraph => "Text",
            Self::Heading(2) => "Heading",
            Self::Heading(3) => "Subheading",
            Self::Heading(_) => "Small heading",
            Self::BulletList => "Bulleted list",
            Self::NumberedList => "Numbered list",
            Self::Code => "Code",
            Self::Callout(_) => "Callout",
            Self::Image => "Picture",
            Self::Youtube => "YouTube video",
            Self::Divider => "Divider",
        }
    }
}

/// One block: what it is, whether it is quoted, and its text (empty for
/// pictures, videos and dividers). `id` is stable while the block lives, so
/// the browser can keep its element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub id: u64,
    pub kind: Kind,
    pub quoted: bool,
    pub text: RichText,
}

impl Block {
    pub fn new(id: u64, kind: Kind, text: RichText) -> Self {
        Self {
            id,
            kind,
            quoted: false,
            text,
        }
    }

    pub fn paragraph(id: u64) -> Self {
        Self::new(id, Kind::Paragraph, RichText::new())
    }

    /// Its length in units; a picture, video or divider is one unit.
    pub fn len(&self) -> usize {
        if self.kind.is_text() {
            self.text.len()
        } else {
            1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kind.is_text() && self.text.is_empty()
    }

    /// The same content: kind, quoting and text (ids aside).
    pub fn same_content(&self, other: &Self) -> bool {
        self.kind == other.kind && self.quoted == other.quoted && self.text == other.text
    }
}

/// Words and reading time as the reader's page will count them.
pub fn stats(blocks: &[Block]) -> crate::features::posts::document::text::Summary {
    crate::features::posts::document::text::summary(&convert::to_document(blocks))
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
