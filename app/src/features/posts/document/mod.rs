//! The post document: a post's body as structured, versioned JSON.
//!
//! Writers never send HTML. The editor (and the Markdown import) produce a
//! [`Document`] of blocks and inline nodes; the server checks it with
//! [`Document::validate`] and renders it with [`render::to_html`], which
//! escapes every text and attribute and only ever writes the tags listed
//! here. So nothing a writer sends can add a script, a style, an event
//! handler or a `javascript:` address.
//!
//! The JSON shape (version 1):
//! ```json
//! {"version": 1, "blocks": [
//!   {"type": "heading", "level": 2, "content": [{"type": "text", "text": "Hi"}]},
//!   {"type": "paragraph", "content": [
//!     {"type": "text", "text": "bold link", "marks": [{"type": "bold"}, {"type": "link", "href": "https://example.com"}]},
//!     {"type": "mention", "username": "ana"}]},
//!   {"type": "youtube", "video_id": "dQw4w9WgXcQ", "start": 90}
//! ]}
//! ```
//! Everything compiles for the server and the browser; the Markdown import
//! (which needs `pulldown-cmark`) is server-only.

#[cfg(feature = "ssr")]
pub mod markdown;
pub mod markdown_export;
pub mod render;
pub mod text;
pub mod urls;
mod validate;

use serde::{Deserialize, Serialize};

pub use validate::{DocError, Limits, is_language};

/// The version written by this code. Older versions are upgraded on read.
pub const VERSION: u32 = 1;

/// A post body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub version: u32,
    pub blocks: Vec<Block>,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            version: VERSION,
            blocks: Vec::new(),
        }
    }
}

/// A block-level node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
    },
    /// Levels 2 to 4: the post title is the page's only level 1.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    BulletList {
        items: Vec<ListItem>,
    },
    NumberedList {
        #[serde(default = "one")]
        start: u32,
        items: Vec<ListItem>,
    },
    /// A quotation of paragraphs and lists.
    Quote {
        blocks: Vec<Block>,
    },
    CodeBlock {
        #[serde(default)]
        language: Option<String>,
        code: String,
    },
    /// A picture from this site's media store; `alt` is required.
    Image {
        src: String,
        alt: String,
        #[serde(default)]
        caption: Option<String>,
        #[serde(default)]
        width: Option<u32>,
        #[serde(default)]
        height: Option<u32>,
    },
    /// A YouTube video that starts playing at `start` seconds.
    Youtube {
        video_id: String,
        #[serde(default)]
        start: u32,
    },
    Divider,
    Callout {
        tone: Tone,
        content: Vec<Inline>,
    },
}

fn one() -> u32 {
    1
}

/// One item of a list: its text and any nested lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    pub content: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Block>,
}

/// The kind of a callout (GitHub's alert kinds, so Markdown can write them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Tone {
    pub const ALL: [Tone; 5] = [
        Self::Note,
        Self::Tip,
        Self::Important,
        Self::Warning,
        Self::Caution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Tip => "tip",
            Self::Important => "important",
            Self::Warning => "warning",
            Self::Caution => "caution",
        }
    }

    /// The heading a reader sees on the callout.
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "Note",
            Self::Tip => "Tip",
            Self::Important => "Important",
            Self::Warning => "Warning",
            Self::Caution => "Caution",
        }
    }
}

/// An inline node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inline {
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// `@username`, linking to the profile.
    Mention {
        username: String,
    },
    HardBreak,
}

impl Inline {
    /// Plain text without marks.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// The link of a text node, if it has one.
    pub fn link(&self) -> Option<&str> {
        match self {
            Self::Text { marks, .. } => marks.iter().find_map(|mark| match mark {
                Mark::Link { href } => Some(href.as_str()),
                _ => None,
            }),
            _ => None,
        }
    }
}

/// A mark on a run of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Mark {
    Bold,
    Italic,
    Underline,
    Strike,
    Code,
    Link { href: String },
}

/// Why a body could not be read at all (as opposed to [`DocError`], which
/// says what is wrong with a readable one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("The post body is too large ({size} KB; the limit is {limit} KB).")]
    TooLarge { size: usize, limit: usize },
    #[error("The post body could not be read: {0}")]
    Invalid(String),
    #[error("The post body was written by a newer version of the editor (version {0}).")]
    UnknownVersion(u32),
}

impl Document {
    /// Reads a document from JSON, refusing unknown node types and fields.
    #[cfg(feature = "ssr")]
    pub fn from_json(raw: &str, limits: &Limits) -> Result<Self, ParseError> {
        if raw.len() > limits.max_json_bytes {
            return Err(ParseError::TooLarge {
                size: raw.len().div_ceil(1024),
                limit: limits.max_json_bytes / 1024,
            });
        }
        let document: Self = serde_json::from_str(raw).map_err(|error| {
            // serde's message names the unknown variant or field and where it is.
            ParseError::Invalid(error.to_string())
        })?;
        if document.version != VERSION {
            return Err(ParseError::UnknownVersion(document.version));
        }
        Ok(document)
    }

    /// Every heading, in order, as the table of contents shows them.
    pub fn headings(&self) -> Vec<render::Heading> {
        render::headings(self)
    }

    /// True when there is nothing to read.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

#[cfg(test)]
mod tests;
