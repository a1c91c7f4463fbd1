//! What the writer is typing that opens a menu at the caret: `@ana` (the
//! mention autocomplete) or a `/` starting a block (the block menu), and
//! the block menu's choices.

use serde::{Deserialize, Serialize};

use super::{BlockType, Editor};
use crate::features::posts::document::Tone;

/// Which menu a trigger opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    Mention,
    Slash,
}

/// A menu trigger at the caret: the text typed after `@` or `/`, and how
/// many units before the caret a choice replaces (the `@` or `/` included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub kind: TriggerKind,
    pub query: String,
    pub replace: usize,
    /// The block the trigger is in, by its stable id.
    pub block_id: u64,
}

impl Trigger {
    /// Where the trigger starts: the block's id and the `@`/`/` offset. A
    /// menu dismissed with Escape stays closed while this stays the same.
    pub fn origin(&self, caret_offset: usize) -> (u64, usize) {
        (self.block_id, caret_offset.saturating_sub(self.replace))
    }
}

/// Characters of a username (a mention's query).
fn username_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
}

const MAX_MENTION_QUERY: usize = 30;
const MAX_SLASH_QUERY: usize = 20;

impl Editor {
    /// The menu trigger just before a collapsed caret in a text block
    /// (never in code): `@` after a space, a bracket or the block's start,
    /// followed by username characters; or `/` at the start of a block
    /// followed by letters and digits.
    pub fn trigger(&self) -> Option<Trigger> {
        let selection = self.selection();
        if !selection.is_collapsed() {
            return None;
        }
        let at = selection.head;
        let block = self.blocks().get(at.block)?;
        if !block.kind.is_text() || block.kind.is_code() {
            return None;
        }
        let units = block.text.units();
        let before = units.get(..at.offset)?;

        let slash_query = before
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if slash_query <= MAX_SLASH_QUERY && before.len() == slash_query + 1 && before[0] == '/' {
            return Some(Trigger {
                kind: TriggerKind::Slash,
                query: before[1..].iter().collect(),
                replace: before.len(),
                block_id: block.id,
            });
        }

        let name = before
            .iter()
            .rev()
            .take_while(|c| username_char(**c))
            .count();
        if name > MAX_MENTION_QUERY || name >= before.len() {
            return None;
        }
        let at_sign = before.len() - name - 1;
        let opens = at_sign == 0
            || before[at_sign - 1].is_whitespace()
            || matches!(
                before[at_sign - 1],
                '(' | '[' | '{' | '"' | '\'' | '“' | '‘'
            );
        (before[at_sign] == '@' && opens).then(|| Trigger {
            kind: TriggerKind::Mention,
            query: before[at_sign + 1..].iter().collect(),
            replace: name + 1,
            block_id: block.id,
        })
    }
}

/// One choice of the "/" menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlashItem {
    /// Turns the block into this type, or inserts a divider. For a
    /// picture or a video the typed `/…` goes and the browser asks for
    /// the file or the address.
    Block(BlockType),
    Quote,
}

impl SlashItem {
    pub fn label(self) -> &'static str {
        match self {
            Self::Block(BlockType::Callout(tone)) => match tone {
                Tone::Note => "Note callout",
                Tone::Tip => "Tip callout",
                Tone::Important => "Important callout",
                Tone::Warning => "Warning callout",
                Tone::Caution => "Caution callout",
            },
            Self::Block(kind) => kind.label(),
            Self::Quote => "Quote",
        }
    }

    /// A short description shown under the label.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Block(BlockType::Paragraph) => "Plain text",
            Self::Block(BlockType::Heading(2)) => "A section title",
            Self::Block(BlockType::Heading(3)) => "A smaller section title",
            Self::Block(BlockType::Heading(_)) => "The smallest title",
            Self::Block(BlockType::BulletList) => "A list with bullets",
            Self::Block(BlockType::NumberedList) => "A list with numbers",
            Self::Block(BlockType::Code) => "Code in a fixed-width font",
            Self::Block(BlockType::Callout(_)) => "A highlighted box",
            Self::Block(BlockType::Image) => "Upload a picture",
            Self::Block(BlockType::Youtube) => "Embed a YouTube video",
            Self::Block(BlockType::Divider) => "A line between sections",
            Self::Quote => "Quote someone",
        }
    }

    /// Other words a writer may type for it.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Block(BlockType::Paragraph) => &["paragraph", "p"],
            Self::Block(BlockType::Heading(2)) => &["h2", "title"],
            Self::Block(BlockType::Heading(3)) => &["h3", "heading"],
            Self::Block(BlockType::Heading(_)) => &["h4"],
            Self::Block(BlockType::BulletList) => &["ul", "bullet", "list"],
            Self::Block(BlockType::NumberedList) => &["ol", "number", "list"],
            Self::Block(BlockType::Code) => &["pre", "snippet"],
            Self::Block(BlockType::Callout(_)) => &["callout", "box", "aside"],
            Self::Block(BlockType::Image) => &["image", "img", "photo"],
            Self::Block(BlockType::Youtube) => &["video", "yt", "embed"],
            Self::Block(BlockType::Divider) => &["hr", "line", "separator"],
            Self::Quote => &["blockquote", "cite"],
        }
    }
}

/// Every choice of the "/" menu, in menu order.
pub const SLASH_ITEMS: [SlashItem; 16] = [
    SlashItem::Block(BlockType::Paragraph),
    SlashItem::Block(BlockType::Heading(2)),
    SlashItem::Block(BlockType::Heading(3)),
    SlashItem::Block(BlockType::Heading(4)),
    SlashItem::Block(BlockType::BulletList),
    SlashItem::Block(BlockType::NumberedList),
    SlashItem::Quote,
    SlashItem::Block(BlockType::Code),
    SlashItem::Block(BlockType::Image),
    SlashItem::Block(BlockType::Youtube),
    SlashItem::Block(BlockType::Divider),
    SlashItem::Block(BlockType::Callout(Tone::Note)),
    SlashItem::Block(BlockType::Callout(Tone::Tip)),
    SlashItem::Block(BlockType::Callout(Tone::Important)),
    SlashItem::Block(BlockType::Callout(Tone::Warning)),
    SlashItem::Block(BlockType::Callout(Tone::Caution)),
];

/// The choices whose label (any word of it) or an alias starts with
/// `query`, ignoring case, in menu order; all of them for an empty query.
pub fn slash_matches(query: &str) -> Vec<SlashItem> {
    let query = query.to_lowercase();
    let mut found: Vec<SlashItem> = Vec::new();
    for item in SLASH_ITEMS {
        let label = item.label().to_lowercase();
        let hit = query.is_empty()
            || label.starts_with(&query)
            || label.split_whitespace().any(|w| w.starts_with(&query))
            || item.aliases().iter().any(|a| a.starts_with(&query));
        if hit && !found.contains(&item) {
            found.push(item);
        }
    }
    found
}
