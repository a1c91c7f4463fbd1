//! Markdown import: turns CommonMark (with GitHub's strikethrough and alert
//! callouts) into a [`Document`]. This is how posts are written without
//! JavaScript and how the demo content is made.
//!
//! What maps to what:
//! - `#`/`##` → heading 2, `###` → 3, `####`–`######` → 4 (the title is the
//!   page's heading 1);
//! - `**bold**`, `*italic*`/`_italic_`, `~~strike~~`, `` `code` ``, `<u>underline</u>`,
//!   `[text](address)`, bare `https://` addresses, and `@username` mentions;
//! - `-`/`*` and `1.` lists (nested), `>` quotes, `> [!NOTE]` (TIP, IMPORTANT,
//!   WARNING, CAUTION) callouts, fenced code with a language, `---` dividers;
//! - `![alt](/media/… "caption")` → a picture block (pictures always stand
//!   on their own, so one inside a paragraph moves after it);
//! - a paragraph that is only a YouTube address → an embedded video that
//!   starts at the address's `t=` time.
//!
//! Any other HTML is kept as visible text, never as markup. The result still
//! goes through [`Document::validate`], which is where bad link addresses
//! and pictures without alt text are refused.

use super::{Block, Document, Inline, ListItem, Mark, Tone, VERSION, urls};
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

/// Converts Markdown into a document.
pub fn import(markdown: &str) -> Document {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, options) {
        builder.event(event);
    }
    builder.finish()
}

enum Container {
    Quote {
        kind: Option<BlockQuoteKind>,
        blocks: Vec<Block>,
    },
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Item {
        content: Vec<Inline>,
        children: Vec<Block>,
    },
}

#[derive(Clone, Copy)]
enum Target {
    Paragraph,
    Heading(u8),
}

#[derive(Default)]
struct Builder {
    root: Vec<Block>,
    stack: Vec<Container>,
    /// Inline content being built, with what it becomes.
    inline: Option<(Target, Vec<Inline>)>,
    marks: Vec<Mark>,
    /// Pictures met inside the current paragraph; they follow it.
    hoisted: Vec<Block>,
    image: Option<(String, Option<String>, String)>,
    code: Option<(Option<String>, String)>,
    html: Option<String>,
    /// pulldown-cmark splits text at characters that might have been syntax;
    /// neighbouring pieces are joined before mentions and addresses are found.
    pending: String,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        if let Some((_, _, alt)) = &mut self.image {
            match event {
                Event::End(TagEnd::Image) => self.end_image(),
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
            return;
        }
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                Event::Text(text) => code.push_str(&text),
                _ => {}
            }
            return;
        }
        if let Some(html) = &mut self.html {
            match event {
                Event::End(TagEnd::HtmlBlock) => {
                    let text = std::mem::take(html);
                    self.html = None;
                    let text = text.trim_end();
                    if !text.is_empty() {
                        self.push_block(Block::Paragraph {
                            content: vec![Inline::text(text)],
                        });
                    }
                }
                Event::Html(text) | Event::Text(text) => html.push_str(&text),
                _ => {}
            }
            return;
        }
        if let Event::Text(text) = &event {
            self.pending.push_str(text);
            return;
        }
        self.flush_text();
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(_) => {}
            Event::Code(text) => {
                let mut marks = self.marks.clone();
                marks.push(Mark::Code);
                self.push_inline(Inline::Text {
                    text: text.into_string(),
                    marks,
                });
            }
            Event::InlineHtml(html) => match html.trim().to_ascii_lowercase().as_str() {
                "<u>" => self.marks.push(Mark::Underline),
                "</u>" => self.marks.retain(|mark| *mark != Mark::Underline),
                "<br>" | "<br/>" | "<br />" => self.push_inline(Inline::HardBreak),
                _ => self.push_text(&html),
            },
            Event::Html(html) => self.push_text(&html),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_inline(Inline::HardBreak),
            Event::Rule => self.push_block(Block::Divider),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => self.push_text(&format!("[^{name}]")),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(&text),
        }
    }

    fn flush_text(&mut self) {
        if !self.pending.is_empty() {
            let text = std::mem::take(&mut self.pending);
            self.text(&text);
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_inline(Target::Paragraph),
            Tag::Heading { level, .. } => {
                let level = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                self.open_inline(Target::Heading(level));
            }
            Tag::BlockQuote(kind) => {
                self.close_inline();
                self.stack.push(Container::Quote {
                    kind,
                    blocks: Vec::new(),
                });
            }
            Tag::List(start) => {
                self.close_inline();
                self.stack.push(Container::List {
                    start,
                    items: Vec::new(),
                });
            }
            Tag::Item => self.stack.push(Container::Item {
                content: Vec::new(),
                children: Vec::new(),
            }),
            Tag::CodeBlock(kind) => {
                self.close_inline();
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((language, String::new()));
            }
            Tag::HtmlBlock => {
                self.close_inline();
                self.html = Some(String::new());
            }
            Tag::Emphasis => self.marks.push(Mark::Italic),
            Tag::Strong => self.marks.push(Mark::Bold),
            Tag::Strikethrough => self.marks.push(Mark::Strike),
            Tag::Link { dest_url, .. } => self.marks.push(Mark::Link {
                href: dest_url.into_string(),
            }),
            Tag::Image {
                dest_url, title, ..
            } => {
                let caption = Some(title.into_string()).filter(|title| !title.trim().is_empty());
                self.image = Some((dest_url.into_string(), caption, String::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.close_inline(),
            TagEnd::Emphasis => self.pop_mark(|mark| matches!(mark, Mark::Italic)),
            TagEnd::Strong => self.pop_mark(|mark| matches!(mark, Mark::Bold)),
            TagEnd::Strikethrough => self.pop_mark(|mark| matches!(mark, Mark::Strike)),
            TagEnd::Link => self.pop_mark(|mark| matches!(mark, Mark::Link { .. })),
            TagEnd::BlockQuote(_) => {
                self.close_inline();
                if let Some(Container::Quote { kind, blocks }) = self.stack.pop() {
                    self.push_block(quote(kind, blocks));
                }
            }
            TagEnd::List(_) => {
                self.close_inline();
                if let Some(Container::List { start, items }) = self.stack.pop() {
                    let block = match start {
                        Some(start) => Block::NumberedList {
                            start: u32::try_from(start).unwrap_or(1),
                            items,
                        },
                        None => Block::BulletList { items },
                    };
                    self.push_block(block);
                }
            }
            TagEnd::Item => {
                self.close_inline();
                if let Some(Container::Item { content, children }) = self.stack.pop()
                    && let Some(Container::List { items, .. }) = self.stack.last_mut()
                {
                    items.push(ListItem {
                        content: normalize(content),
                        children,
                    });
                }
            }
            _ => {}
        }
    }

    fn pop_mark(&mut self, which: fn(&Mark) -> bool) {
        if let Some(at) = self.marks.iter().rposition(which) {
            self.marks.remove(at);
        }
    }

    fn open_inline(&mut self, target: Target) {
        // A second paragraph in a list item continues the item's text.
        if let Some(Container::Item { content, .. }) = self.stack.last_mut() {
            if let Some((_, open)) = self.inline.take() {
                content.extend(open);
            }
            if !content.is_empty() {
                content.push(Inline::HardBreak);
            }
        } else {
            self.close_inline();
        }
        self.inline = Some((target, Vec::new()));
    }

    fn close_inline(&mut self) {
        let Some((target, content)) = self.inline.take() else {
            return;
        };
        let content = normalize(content);
        if let Some(Container::Item { content: item, .. }) = self.stack.last_mut() {
            item.extend(content);
        } else if !content.is_empty() {
            let block = match target {
                Target::Heading(level) => Block::Heading { level, content },
                Target::Paragraph => youtube(&content).unwrap_or(Block::Paragraph { content }),
            };
            self.push_block(block);
        }
        for image in std::mem::take(&mut self.hoisted) {
            self.push_block(image);
        }
    }

    fn end_image(&mut self) {
        if let Some((src, caption, alt)) = self.image.take() {
            let image = Block::Image {
                src,
                alt: alt.trim().to_owned(),
                caption,
                width: None,
                height: None,
            };
            if self.inline.is_some() {
                self.hoisted.push(image);
            } else {
                self.push_block(image);
            }
        }
    }

    fn end_code(&mut self) {
        if let Some((language, mut code)) = self.code.take() {
            if code.ends_with('\n') {
                code.pop();
            }
            self.push_block(Block::CodeBlock { language, code });
        }
    }

    /// Adds a finished block where it belongs: the innermost quote, the
    /// current list item (lists nest; anything else becomes its text), or the root.
    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Container::Quote { blocks, .. }) => blocks.push(block),
            Some(Container::Item { content, children }) => match block {
                Block::BulletList { .. } | Block::NumberedList { .. } => children.push(block),
                other => {
                    let text = flatten(&other);
                    if !text.is_empty() {
                        if !content.is_empty() {
                            content.push(Inline::HardBreak);
                        }
                        content.extend(text);
                    }
                }
            },
            Some(Container::List { .. }) => {}
            None => self.root.push(block),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.inline.is_none() {
            // Text straight inside a tight list item has no paragraph.
            self.inline = Some((Target::Paragraph, Vec::new()));
        }
        if let Some((_, content)) = &mut self.inline {
            content.push(inline);
        }
    }

    fn push_text(&mut self, text: &str) {
        if !text.is_empty() {
            self.push_inline(Inline::Text {
                text: text.to_owned(),
                marks: self.marks.clone(),
            });
        }
    }

    /// Text: finds `@mentions` and bare addresses unless inside a link or code.
    fn text(&mut self, text: &str) {
        let plain = !self
            .marks
            .iter()
            .any(|mark| matches!(mark, Mark::Link { .. } | Mark::Code));
        if !plain {
            return self.push_text(text);
        }
        for piece in split_text(text) {
            match piece {
                Piece::Text(text) => self.push_text(text),
                Piece::Mention(username) => self.push_inline(Inline::Mention {
                    username: username.to_owned(),
                }),
                Piece::Url(url) => {
                    let mut marks = self.marks.clone();
                    marks.push(Mark::Link {
                        href: url.to_owned(),
                    });
                    self.push_inline(Inline::Text {
                        text: url.to_owned(),
                        marks,
                    });
                }
            }
        }
    }

    fn finish(mut self) -> Document {
        self.flush_text();
        self.close_inline();
        while let Some(container) = self.stack.pop() {
            let block = match container {
                Container::Quote { kind, blocks } => quote(kind, blocks),
                Container::List {
                    start: Some(start),
                    items,
                } => Block::NumberedList {
                    start: u32::try_from(start).unwrap_or(1),
                    items,
                },
                Container::List { start: None, items } => Block::BulletList { items },
                Container::Item { content, children } => Block::BulletList {
                    items: vec![ListItem {
                        content: normalize(content),
                        children,
                    }],
                },
            };
            self.push_block(block);
        }
        Document {
            version: VERSION,
            blocks: self.root,
        }
    }
}

/// A quote, or a callout when it starts with `[!NOTE]` and friends.
fn quote(kind: Option<BlockQuoteKind>, blocks: Vec<Block>) -> Block {
    let Some(kind) = kind else {
        let blocks = blocks
            .into_iter()
            .map(|block| match block {
                Block::Paragraph { .. } | Block::BulletList { .. } | Block::NumberedList { .. } => {
                    block
                }
                other => Block::Paragraph {
                    content: flatten(&other),
                },
            })
            .filter(|block| !matches!(block, Block::Paragraph { content } if content.is_empty()))
            .collect();
        return Block::Quote { blocks };
    };
    let tone = match kind {
        BlockQuoteKind::Note => Tone::Note,
        BlockQuoteKind::Tip => Tone::Tip,
        BlockQuoteKind::Important => Tone::Important,
        BlockQuoteKind::Warning => Tone::Warning,
        BlockQuoteKind::Caution => Tone::Caution,
    };
    let mut content = Vec::new();
    for block in &blocks {
        let text = flatten(block);
        if !text.is_empty() {
            if !content.is_empty() {
                content.push(Inline::HardBreak);
            }
            content.extend(text);
        }
    }
    Block::Callout { tone, content }
}

/// The inline content of any block (for places that only hold text).
fn flatten(block: &Block) -> Vec<Inline> {
    match block {
        Block::Paragraph { content }
        | Block::Heading { content, .. }
        | Block::Callout { content, .. } => content.clone(),
        Block::CodeBlock { code, .. } if !code.is_empty() => {
            vec![Inline::Text {
                text: code.clone(),
                marks: vec![Mark::Code],
            }]
        }
        Block::Image { alt, .. } if !alt.is_empty() => vec![Inline::text(alt.clone())],
        Block::Youtube { video_id, start } => {
            let url = urls::youtube_watch_url(video_id, *start);
            vec![Inline::Text {
                text: url.clone(),
                marks: vec![Mark::Link { href: url }],
            }]
        }
        Block::Quote { blocks } => {
            let mut out = Vec::new();
            for inner in blocks {
                if !out.is_empty() {
                    out.push(Inline::HardBreak);
                }
                out.extend(flatten(inner));
            }
            out
        }
        Block::BulletList { items } | Block::NumberedList { items, .. } => {
            let mut out = Vec::new();
            for item in items {
                if !out.is_empty() {
                    out.push(Inline::HardBreak);
                }
                out.extend(item.content.iter().cloned());
            }
            out
        }
        _ => Vec::new(),
    }
}

/// A paragraph that is only a YouTube address becomes a video.
fn youtube(content: &[Inline]) -> Option<Block> {
    let [Inline::Text { text, marks }] = content else {
        return None;
    };
    let address = match marks.as_slice() {
        [] => text.trim(),
        [Mark::Link { href }] if href.trim() == text.trim() => href.trim(),
        _ => return None,
    };
    let (video_id, start) = urls::parse_youtube(address)?;
    Some(Block::Youtube { video_id, start })
}

/// Joins neighbouring text with the same marks; trims the edges.
fn normalize(content: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(content.len());
    for inline in content {
        if let (
            Some(Inline::Text {
                text: last,
                marks: last_marks,
            }),
            Inline::Text { text, marks },
        ) = (out.last_mut(), &inline)
            && last_marks == marks
        {
            last.push_str(text);
            continue;
        }
        out.push(inline);
    }
    while matches!(out.last(), Some(Inline::HardBreak)) {
        out.pop();
    }
    if let Some(Inline::Text { text, .. }) = out.first_mut() {
        let trimmed = text.trim_start().to_owned();
        *text = trimmed;
    }
    if let Some(Inline::Text { text, .. }) = out.last_mut() {
        let trimmed = text.trim_end().to_owned();
        *text = trimmed;
    }
    out.retain(|inline| !matches!(inline, Inline::Text { text, .. } if text.is_empty()));
    out
}

enum Piece<'a> {
    Text(&'a str),
    Mention(&'a str),
    Url(&'a str),
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Splits text into plain runs, `@mentions` and bare `http(s)://` addresses.
fn split_text(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let before = text[..at].chars().next_back();
        let boundary =
            before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '/' || c == '@'));
        if boundary && rest.starts_with('@') {
            let name_len = rest[1..].chars().take_while(|c| is_name_char(*c)).count();
            let after = rest[1 + name_len..].chars().next();
            if (3..=30).contains(&name_len)
                && !after.is_some_and(|c| {
                    c == '@'
                        || c == '.'
                            && rest[2 + name_len..].starts_with(|c: char| c.is_alphanumeric())
                })
            {
                pieces.push(Piece::Text(&text[plain_from..at]));
                pieces.push(Piece::Mention(&rest[1..=name_len]));
                at += 1 + name_len;
                plain_from = at;
                continue;
            }
        }
        if boundary && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
            if urls::check_link(url).is_ok() {
                pieces.push(Piece::Text(&text[plain_from..at]));
                pieces.push(Piece::Url(url));
                at += url.len();
                plain_from = at;
                continue;
            }
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    pieces.push(Piece::Text(&text[plain_from..]));
    pieces.retain(|piece| !matches!(piece, Piece::Text("")));
    pieces
}
