//! Checks a document before it is stored: sizes, nesting, addresses, names.

use super::{Block, Document, Inline, ListItem, Mark, urls};
use crate::features::accounts::types::Username;

/// How big a document may be.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_json_bytes: usize,
    pub max_blocks: usize,
    pub max_chars: usize,
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_json_bytes: 512 * 1024,
            max_blocks: 3000,
            max_chars: 200_000,
            max_depth: 4,
        }
    }
}

/// One problem in a document, with where it is ("Block 3", "Block 2, item 4").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    pub location: String,
    pub message: String,
    /// A draft may be kept with this problem; publishing may not (a
    /// picture still waiting for its alt text).
    pub before_publishing: bool,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

const MAX_ALT: usize = 300;
const MAX_CAPTION: usize = 500;
const MAX_LANGUAGE: usize = 24;
const MAX_START: u32 = 24 * 3600;

struct Checker<'a> {
    limits: &'a Limits,
    blocks: usize,
    chars: usize,
    errors: Vec<DocError>,
}

impl Document {
    /// Every problem found (up to 20), or `Ok` when the document may be stored.
    pub fn validate(&self, limits: &Limits) -> Result<(), Vec<DocError>> {
        let mut checker = Checker {
            limits,
            blocks: 0,
            chars: 0,
            errors: Vec::new(),
        };
        for (index, block) in self.blocks.iter().enumerate() {
            checker.block(block, &format!("Block {}", index + 1), 1);
        }
        if checker.blocks > limits.max_blocks {
            checker.error(
                "The post".into(),
                format!(
                    "has {} blocks; the limit is {}",
                    checker.blocks, limits.max_blocks
                ),
            );
        }
        if checker.chars > limits.max_chars {
            checker.error(
                "The post".into(),
                format!(
                    "has {} characters; the limit is {}",
                    checker.chars, limits.max_chars
                ),
            );
        }
        if checker.errors.is_empty() {
            Ok(())
        } else {
            checker.errors.truncate(20);
            Err(checker.errors)
        }
    }
}

impl Checker<'_> {
    fn error(&mut self, location: String, message: impl Into<String>) {
        self.errors.push(DocError {
            location,
            message: message.into(),
            before_publishing: false,
        });
    }

    fn before_publishing(&mut self, location: String, message: impl Into<String>) {
        self.errors.push(DocError {
            location,
            message: message.into(),
            before_publishing: true,
        });
    }

    fn count(&mut self, text: &str) {
        self.chars += text.chars().count();
    }

    fn block(&mut self, block: &Block, at: &str, depth: usize) {
        self.blocks += 1;
        if depth > self.limits.max_depth {
            self.error(
                at.into(),
                format!("is nested more than {} deep", self.limits.max_depth),
            );
            return;
        }
        match block {
            Block::Paragraph { content } => self.inlines(content, at),
            Block::Heading { level, content } => {
                if !(2..=4).contains(level) {
                    self.error(
                        at.into(),
                        "headings are level 2, 3 or 4 (the title is level 1)",
                    );
                }
                if content.is_empty() {
                    self.error(at.into(), "a heading needs text");
                }
                self.inlines(content, at);
            }
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                if items.is_empty() {
                    self.error(at.into(), "a list needs at least one item");
                }
                for (index, item) in items.iter().enumerate() {
                    self.item(item, &format!("{at}, item {}", index + 1), depth);
                }
            }
            Block::Quote { blocks } => {
                if blocks.is_empty() {
                    self.error(at.into(), "a quote needs text");
                }
                for (index, inner) in blocks.iter().enumerate() {
                    let inner_at = format!("{at}, part {}", index + 1);
                    if !matches!(
                        inner,
                        Block::Paragraph { .. }
                            | Block::BulletList { .. }
                            | Block::NumberedList { .. }
                    ) {
                        self.error(inner_at.clone(), "a quote holds paragraphs and lists only");
                    }
                    self.block(inner, &inner_at, depth + 1);
                }
            }
            Block::CodeBlock { language, code } => {
                if let Some(language) = language
                    && !is_language(language)
                {
                    self.error(
                        at.into(),
                        "a code block's language is a short name such as rust or js",
                    );
                }
                self.count(code);
            }
            Block::Image {
                src,
                alt,
                caption,
                width,
                height,
            } => {
                if let Err(message) = urls::check_image(src) {
                    self.error(at.into(), message);
                }
                if alt.trim().is_empty() {
                    self.before_publishing(
                        at.into(),
                        "every picture needs alt text describing it before publishing",
                    );
                } else if alt.chars().count() > MAX_ALT {
                    self.error(
                        at.into(),
                        format!("alt text is at most {MAX_ALT} characters"),
                    );
                }
                if let Some(caption) = caption
                    && caption.chars().count() > MAX_CAPTION
                {
                    self.error(
                        at.into(),
                        format!("a caption is at most {MAX_CAPTION} characters"),
                    );
                }
                if width.is_some_and(|w| w == 0 || w > 20_000)
                    || height.is_some_and(|h| h == 0 || h > 20_000)
                {
                    self.error(at.into(), "a picture's size is out of range");
                }
                self.count(alt);
            }
            Block::Youtube { video_id, start } => {
                if !urls::is_video_id(video_id) {
                    self.error(
                        at.into(),
                        "only YouTube videos can be embedded, by their 11-character id",
                    );
                }
                if *start > MAX_START {
                    self.error(at.into(), "the video start time is more than a day in");
                }
            }
            Block::Divider => {}
            Block::Callout { content, .. } => {
                if content.is_empty() {
                    self.error(at.into(), "a callout needs text");
                }
                self.inlines(content, at);
            }
        }
    }

    fn item(&mut self, item: &ListItem, at: &str, depth: usize) {
        self.inlines(&item.content, at);
        for (index, child) in item.children.iter().enumerate() {
            let child_at = format!("{at}, list {}", index + 1);
            if !matches!(child, Block::BulletList { .. } | Block::NumberedList { .. }) {
                self.error(
                    child_at.clone(),
                    "a list item holds text and nested lists only",
                );
            }
            self.block(child, &child_at, depth + 1);
        }
    }

    fn inlines(&mut self, content: &[Inline], at: &str) {
        for inline in content {
            match inline {
                Inline::Text { text, marks } => {
                    if text.is_empty() {
                        self.error(at.into(), "has an empty piece of text");
                    }
                    self.count(text);
                    let mut seen: Vec<std::mem::Discriminant<Mark>> = Vec::new();
                    for mark in marks {
                        let kind = std::mem::discriminant(mark);
                        if seen.contains(&kind) {
                            self.error(at.into(), "a piece of text has the same mark twice");
                        }
                        seen.push(kind);
                        if let Mark::Link { href } = mark
                            && let Err(message) = urls::check_link(href)
                        {
                            self.error(
                                at.into(),
                                format!("{message} (the link on \u{201c}{}\u{201d})", short(text)),
                            );
                        }
                    }
                }
                Inline::Mention { username } => {
                    if username.trim() != username || Username::parse(username).is_err() {
                        self.error(at.into(), format!("@{} is not a username", short(username)));
                    }
                }
                Inline::HardBreak => {}
            }
        }
    }
}

/// A code block's language: a short name such as `rust`, `c++` or `c#`.
pub fn is_language(language: &str) -> bool {
    !language.is_empty()
        && language.len() <= MAX_LANGUAGE
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
}

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}
