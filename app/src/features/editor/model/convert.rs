//! Between the editor's flat blocks and the nested post [`Document`].
//!
//! `to_document` never fails: runs of list items become nested lists (an
//! item indented further than the one before is treated as one level
//! deeper), runs of quoted blocks become quotations, and what a document
//! cannot hold is left out (empty headings and callouts). So the editor can
//! always save, and the server's validation only has the writer's own
//! choices to judge (alt text, addresses).

use super::rich::{Marks, RichText, Span};
use super::{Block, Kind, MAX_INDENT};
use crate::features::posts::document::{self as doc, Document, Inline, ListItem, Mark};

/// The editor's blocks for a document; ids count up from `first_id`.
pub fn from_document(document: &Document, first_id: u64) -> Vec<Block> {
    let mut out = Builder {
        blocks: Vec::new(),
        next_id: first_id,
    };
    out.flow(&document.blocks, false);
    if out.blocks.is_empty() {
        out.push(Kind::Paragraph, false, RichText::new());
    }
    out.blocks
}

struct Builder {
    blocks: Vec<Block>,
    next_id: u64,
}

impl Builder {
    fn push(&mut self, kind: Kind, quoted: bool, text: RichText) {
        let mut block = Block::new(self.next_id, kind, text);
        block.quoted = quoted && block.kind.can_quote();
        self.next_id += 1;
        self.blocks.push(block);
    }

    /// Blocks side by side. Two lists (or two quotes) in a row stay apart
    /// with an empty line between them, as the writer would see them.
    fn flow(&mut self, blocks: &[doc::Block], quoted: bool) {
        let list = |b: &doc::Block| {
            matches!(
                b,
                doc::Block::BulletList { .. } | doc::Block::NumberedList { .. }
            )
        };
        let mut previous: Option<&doc::Block> = None;
        for block in blocks {
            if let Some(previous) = previous
                && ((list(previous) && list(block))
                    || (matches!(previous, doc::Block::Quote { .. })
                        && matches!(block, doc::Block::Quote { .. })))
            {
                self.push(Kind::Paragraph, quoted, RichText::new());
            }
            self.block(block, quoted);
            previous = Some(block);
        }
    }

    fn block(&mut self, block: &doc::Block, quoted: bool) {
        match block {
            doc::Block::Paragraph { content } => {
                self.push(Kind::Paragraph, quoted, from_inlines(content));
            }
            doc::Block::Heading { level, content } => {
                self.push(
                    Kind::Heading((*level).clamp(2, 4)),
                    quoted,
                    from_inlines(content),
                );
            }
            doc::Block::BulletList { items } => self.items(items, false, 1, 0, quoted),
            doc::Block::NumberedList { start, items } => {
                self.items(items, true, *start, 0, quoted);
            }
            doc::Block::Quote { blocks } => self.flow(blocks, true),
            doc::Block::CodeBlock { language, code } => self.push(
                Kind::Code {
                    language: language.clone(),
                },
                false,
                RichText::plain(code, Marks::default()),
            ),
            doc::Block::Image {
                src,
                alt,
                caption,
                width,
                height,
            } => self.push(
                Kind::Image {
                    src: src.clone(),
                    alt: alt.clone(),
                    caption: caption.clone(),
                    width: *width,
                    height: *height,
                },
                false,
                RichText::new(),
            ),
            doc::Block::Youtube { video_id, start } => self.push(
                Kind::Youtube {
                    video_id: video_id.clone(),
                    start: *start,
                },
                false,
                RichText::new(),
            ),
            doc::Block::Divider => self.push(Kind::Divider, false, RichText::new()),
            doc::Block::Callout { tone, content } => {
                self.push(Kind::Callout(*tone), false, from_inlines(content));
            }
        }
    }

    fn items(&mut self, items: &[ListItem], ordered: bool, start: u32, indent: u8, quoted: bool) {
        for item in items {
            let kind = Kind::ListItem {
                ordered,
                indent: indent.min(max_indent(quoted)),
                start,
            };
            self.push(kind, quoted, from_inlines(&item.content));
            for child in &item.children {
                match child {
                    doc::Block::BulletList { items } => {
                        self.items(items, false, 1, indent + 1, quoted);
                    }
                    doc::Block::NumberedList { start, items } => {
                        self.items(items, true, *start, indent + 1, quoted);
                    }
                    other => self.block(other, quoted),
                }
            }
        }
    }
}

/// How far list items may be indented (one level less inside a quote).
pub fn max_indent(quoted: bool) -> u8 {
    if quoted { MAX_INDENT - 1 } else { MAX_INDENT }
}

/// A document's inline nodes as editor text.
pub fn from_inlines(content: &[Inline]) -> RichText {
    let mut spans = Vec::new();
    for inline in content {
        spans.push(match inline {
            Inline::Text { text, marks } => {
                let mut out = Marks::default();
                for mark in marks {
                    match mark {
                        Mark::Bold => out.bold = true,
                        Mark::Italic => out.italic = true,
                        Mark::Underline => out.underline = true,
                        Mark::Strike => out.strike = true,
                        Mark::Code => out.code = true,
                        Mark::Link { href } => out.link = Some(href.clone()),
                    }
                }
                Span::Text {
                    text: text.clone(),
                    marks: out,
                }
            }
            Inline::Mention { username } => Span::Mention {
                username: username.clone(),
            },
            Inline::HardBreak => Span::Break,
        });
    }
    RichText::from_spans(spans)
}

/// Editor text as a document's inline nodes (marks in a fixed order).
pub fn to_inlines(text: &RichText) -> Vec<Inline> {
    text.spans()
        .iter()
        .map(|span| match span {
            Span::Text { text, marks } => {
                let mut out = Vec::new();
                for (on, mark) in [
                    (marks.bold, Mark::Bold),
                    (marks.italic, Mark::Italic),
                    (marks.underline, Mark::Underline),
                    (marks.strike, Mark::Strike),
                    (marks.code, Mark::Code),
                ] {
                    if on {
                        out.push(mark);
                    }
                }
                if let Some(href) = &marks.link {
                    out.push(Mark::Link { href: href.clone() });
                }
                Inline::Text {
                    text: text.clone(),
                    marks: out,
                }
            }
            Span::Mention { username } => Inline::Mention {
                username: username.clone(),
            },
            Span::Break => Inline::HardBreak,
        })
        .collect()
}

/// The document the blocks stand for.
pub fn to_document(blocks: &[Block]) -> Document {
    let mut out = Vec::new();
    let mut index = 0;
    while index < blocks.len() {
        let block = &blocks[index];
        if block.quoted && block.kind.can_quote() {
            let end = run_end(blocks, index, |b| b.quoted && b.kind.can_quote());
            let inner = flow(&blocks[index..end], true);
            if !inner.is_empty() {
                out.push(doc::Block::Quote { blocks: inner });
            }
            index = end;
        } else {
            let end = run_end(blocks, index, |b| !(b.quoted && b.kind.can_quote()));
            out.extend(flow(&blocks[index..end], false));
            index = end;
        }
    }
    Document {
        version: doc::VERSION,
        blocks: out,
    }
}

fn run_end(blocks: &[Block], from: usize, keep: impl Fn(&Block) -> bool) -> usize {
    blocks[from..]
        .iter()
        .position(|b| !keep(b))
        .map_or(blocks.len(), |offset| from + offset)
}

/// Blocks of one level (inside a quote or not), lists nested.
fn flow(blocks: &[Block], quoted: bool) -> Vec<doc::Block> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < blocks.len() {
        let block = &blocks[index];
        if matches!(block.kind, Kind::ListItem { .. }) {
            let end = run_end(blocks, index, |b| matches!(b.kind, Kind::ListItem { .. }));
            let items: Vec<(u8, bool, u32, &RichText)> = blocks[index..end]
                .iter()
                .map(|b| match &b.kind {
                    Kind::ListItem {
                        ordered,
                        indent,
                        start,
                    } => ((*indent).min(max_indent(quoted)), *ordered, *start, &b.text),
                    _ => (0, false, 1, &b.text),
                })
                .collect();
            let mut at = 0;
            while at < items.len() {
                out.push(list(&items, &mut at, 0));
            }
            index = end;
            continue;
        }
        if let Some(converted) = single(block) {
            out.push(converted);
        }
        index += 1;
    }
    out
}

/// One list from `items[*at]`, taking following items of the same kind at
/// `level` and their deeper children.
fn list(items: &[(u8, bool, u32, &RichText)], at: &mut usize, level: u8) -> doc::Block {
    let (_, ordered, start, _) = items[*at];
    let mut out: Vec<ListItem> = Vec::new();
    while *at < items.len() {
        let (indent, item_ordered, _, text) = items[*at];
        // The first item of a list is at this level whatever its indent says.
        let here = out.is_empty() || indent <= level;
        if !here || item_ordered != ordered {
            break;
        }
        *at += 1;
        let mut children = Vec::new();
        while *at < items.len() && items[*at].0 > level {
            children.push(list(items, at, level + 1));
        }
        out.push(ListItem {
            content: to_inlines(text),
            children,
        });
        if *at < items.len() && items[*at].0 < level {
            break;
        }
    }
    if ordered {
        doc::Block::NumberedList { start, items: out }
    } else {
        doc::Block::BulletList { items: out }
    }
}

/// A block that is not a list item, or `None` when it is empty (an empty
/// paragraph, heading or callout says nothing to a reader).
fn single(block: &Block) -> Option<doc::Block> {
    let content = || to_inlines(&block.text);
    Some(match &block.kind {
        Kind::Paragraph if !block.text.is_empty() => doc::Block::Paragraph { content: content() },
        Kind::Heading(level) if !block.text.is_empty() => doc::Block::Heading {
            level: *level,
            content: content(),
        },
        Kind::Callout(tone) if !block.text.is_empty() => doc::Block::Callout {
            tone: *tone,
            content: content(),
        },
        Kind::Paragraph | Kind::Heading(_) | Kind::Callout(_) | Kind::ListItem { .. } => {
            return None;
        }
        Kind::Code { language } => doc::Block::CodeBlock {
            language: language.clone(),
            code: block.text.to_plain_string(),
        },
        Kind::Image {
            src,
            alt,
            caption,
            width,
            height,
        } => doc::Block::Image {
            src: src.clone(),
            alt: alt.clone(),
            caption: caption.clone(),
            width: *width,
            height: *height,
        },
        Kind::Youtube { video_id, start } => doc::Block::Youtube {
            video_id: video_id.clone(),
            start: *start,
        },
        Kind::Divider => doc::Block::Divider,
    })
}
