//! Plain text of a document: excerpts, word counts, reading time and (later)
//! the search index.

use super::{Block, Document, Inline, ListItem};

/// Words a minute an average reader reads.
const WORDS_PER_MINUTE: usize = 230;
/// Seconds a reader spends on a picture or a video.
const SECONDS_PER_MEDIA: usize = 12;

/// The text of inline nodes (mentions as `@name`, breaks as spaces).
pub fn inline_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, content);
    out
}

fn push_inlines(out: &mut String, content: &[Inline]) {
    for inline in content {
        match inline {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Mention { username } => {
                out.push('@');
                out.push_str(username);
            }
            Inline::HardBreak => out.push(' '),
        }
    }
}

/// The usernames a document mentions, in order, once each (any case).
pub fn mentions(document: &Document) -> Vec<String> {
    let mut out = Vec::new();
    collect_mentions(&document.blocks, &mut out);
    out
}

fn collect_mentions(blocks: &[Block], out: &mut Vec<String>) {
    let inline = |content: &[Inline], out: &mut Vec<String>| {
        for node in content {
            if let Inline::Mention { username } = node
                && !out.iter().any(|u| u.eq_ignore_ascii_case(username))
            {
                out.push(username.clone());
            }
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Callout { content, .. } => inline(content, out),
            Block::Quote { blocks } => collect_mentions(blocks, out),
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                for item in items {
                    inline(&item.content, out);
                    collect_mentions(&item.children, out);
                }
            }
            Block::CodeBlock { .. }
            | Block::Image { .. }
            | Block::Youtube { .. }
            | Block::Divider => {}
        }
    }
}

/// The text of a whole document, one line per block.
pub fn plain_text(document: &Document) -> String {
    let mut out = String::new();
    for block in &document.blocks {
        push_block(&mut out, block);
    }
    out.trim_end().to_owned()
}

fn push_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph { content }
        | Block::Heading { content, .. }
        | Block::Callout { content, .. } => {
            push_inlines(out, content);
            out.push('\n');
        }
        Block::BulletList { items } | Block::NumberedList { items, .. } => push_items(out, items),
        Block::Quote { blocks } => blocks.iter().for_each(|inner| push_block(out, inner)),
        Block::CodeBlock { code, .. } => {
            out.push_str(code);
            out.push('\n');
        }
        Block::Image { alt, caption, .. } => {
            out.push_str(caption.as_deref().unwrap_or(alt));
            out.push('\n');
        }
        Block::Youtube { .. } | Block::Divider => {}
    }
}

fn push_items(out: &mut String, items: &[ListItem]) {
    for item in items {
        push_inlines(out, &item.content);
        out.push('\n');
        item.children
            .iter()
            .for_each(|child| push_block(out, child));
    }
}

/// Word count, reading time and a generated excerpt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub word_count: i32,
    /// Whole minutes, at least 1.
    pub reading_minutes: i32,
    pub excerpt: String,
}

/// The longest generated excerpt, in characters.
pub const EXCERPT_CHARS: usize = 240;

/// Summarises a document.
pub fn summary(document: &Document) -> Summary {
    let words = plain_text(document).split_whitespace().count();
    let media = document
        .blocks
        .iter()
        .filter(|block| matches!(block, Block::Image { .. } | Block::Youtube { .. }))
        .count();
    let seconds = words * 60 / WORDS_PER_MINUTE + media * SECONDS_PER_MEDIA;
    Summary {
        word_count: i32::try_from(words).unwrap_or(i32::MAX),
        reading_minutes: i32::try_from(seconds.div_ceil(60).max(1)).unwrap_or(i32::MAX),
        excerpt: excerpt(document, EXCERPT_CHARS),
    }
}

/// The first paragraphs' text, cut at a word boundary near `limit` characters.
pub fn excerpt(document: &Document, limit: usize) -> String {
    let mut text = String::new();
    for block in &document.blocks {
        if let Block::Paragraph { content } | Block::Callout { content, .. } = block {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(inline_text(content).trim());
            if text.chars().count() > limit {
                break;
            }
        }
    }
    if text.is_empty() {
        text = plain_text(document).replace('\n', " ");
    }
    truncate_words(&text, limit)
}

/// Cuts `text` at the last space before `limit` characters and adds `…`.
pub fn truncate_words(text: &str, limit: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > limit / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}
