//! Cleaning what is pasted: HTML from a web page or a word processor keeps
//! what a post can hold (headings, paragraphs, lists, quotes, code, links,
//! bold, italic, underline, strikethrough, inline code, line breaks,
//! dividers) and drops the rest: scripts, styles, forms, frames, pictures
//! from other sites, colours and fonts.
//!
//! The browser parses the clipboard's HTML into an inert document and hands
//! its tree over as [`Node`]s, so this runs (and is tested) as plain Rust.

use super::convert::max_indent;
use super::rich::{Marks, RichText, Span};
use super::{Block, Kind};
use crate::features::posts::document::{is_language, urls};

/// An HTML node as the browser parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element {
        /// Lowercase.
        tag: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
    },
    Text(String),
}

impl Node {
    pub fn element(tag: &str, attrs: &[(&str, &str)], children: Vec<Node>) -> Self {
        Self::Element {
            tag: tag.to_owned(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            children,
        }
    }

    pub fn text(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "head", "title", "meta", "link", "template", "noscript", "iframe", "frame",
    "frameset", "object", "embed", "svg", "math", "canvas", "button", "input", "select",
    "textarea", "option", "audio", "video", "img", "picture", "source", "map", "dialog",
];

/// Elements that hold a paragraph of their own.
const PARAGRAPHS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "address",
    "dd",
    "dt",
    "dl",
    "td",
    "th",
    "tr",
    "table",
    "caption",
    "summary",
    "details",
    "center",
    "body",
    "html",
    "form",
    "fieldset",
    "legend",
];

/// The blocks for pasted HTML (ids are given by the editor).
pub fn html(nodes: &[Node]) -> Vec<Block> {
    let mut cleaner = Cleaner::default();
    let context = Context::default();
    for node in nodes {
        cleaner.node(node, &context);
    }
    cleaner.flush();
    cleaner.blocks
}

/// The blocks for pasted plain text: a paragraph per non-empty line, and a
/// video for a line that is a YouTube address (starting at its `t=`).
pub fn plain_text(text: &str) -> Vec<Block> {
    text.lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty())
        .map(|line| match urls::parse_youtube(line) {
            Some((video_id, start)) => {
                Block::new(0, Kind::Youtube { video_id, start }, RichText::new())
            }
            None => Block::new(0, Kind::Paragraph, RichText::plain(line, Marks::default())),
        })
        .collect()
}

#[derive(Debug, Clone, Default)]
struct Context {
    marks: Marks,
    quoted: bool,
    /// The lists around, innermost last: ordered, start.
    lists: Vec<(bool, u32)>,
    pre: bool,
}

#[derive(Debug, Default)]
struct Cleaner {
    blocks: Vec<Block>,
    /// The block being filled: its kind and quoting, and its pieces.
    kind: Option<(Kind, bool)>,
    spans: Vec<Span>,
}

impl Cleaner {
    /// Ends the block being filled, keeping it when it has text.
    fn flush(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        let Some((kind, quoted)) = self.kind.take() else {
            return;
        };
        let mut text = RichText::from_spans(spans);
        if kind.is_code() {
            let code = text.to_plain_string();
            text = RichText::plain(code.trim_end_matches('\n'), Marks::default());
        } else {
            text = trim(&text);
        }
        if text.is_empty() {
            return;
        }
        let mut block = Block::new(0, kind, text);
        block.quoted = quoted && block.kind.can_quote();
        self.blocks.push(block);
    }

    /// Starts a block of `kind` unless one is open with nothing in it yet,
    /// in which case that one takes the stronger kind (a `<p>` inside an
    /// `<li>` stays the list item).
    fn open(&mut self, kind: Kind, quoted: bool) {
        if let Some((current, _)) = &self.kind
            && self.spans.iter().all(is_blank)
        {
            if *current == Kind::Paragraph {
                self.kind = Some((kind, quoted));
            }
            return;
        }
        self.flush();
        self.kind = Some((kind, quoted));
    }

    fn push(&mut self, span: Span, context: &Context) {
        if self.kind.is_none() {
            self.kind = Some((Kind::Paragraph, context.quoted));
        }
        self.spans.push(span);
    }

    fn node(&mut self, node: &Node, context: &Context) {
        match node {
            Node::Text(text) => self.text(text, context),
            Node::Element {
                tag,
                attrs,
                children,
            } => self.element(tag, attrs, children, context),
        }
    }

    fn text(&mut self, text: &str, context: &Context) {
        if context.pre {
            self.push(
                Span::Text {
                    text: text.to_owned(),
                    marks: Marks::default(),
                },
                context,
            );
            return;
        }
        let mut collapsed = String::with_capacity(text.len());
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                space = true;
            } else {
                if space {
                    collapsed.push(' ');
                }
                space = false;
                collapsed.push(c);
            }
        }
        if space {
            collapsed.push(' ');
        }
        // No space at the start of a block or after a space already there.
        let at_start = self.kind.is_none() || self.spans.iter().all(is_blank);
        let after_space = self.ends_with_space();
        if (at_start || after_space) && collapsed.starts_with(' ') {
            collapsed.remove(0);
        }
        if collapsed.is_empty() {
            return;
        }
        self.push(
            Span::Text {
                text: collapsed,
                marks: context.marks.clone(),
            },
            context,
        );
    }

    fn ends_with_space(&self) -> bool {
        match self.spans.last() {
            Some(Span::Text { text, .. }) => text.ends_with(' '),
            Some(Span::Break) => true,
            _ => false,
        }
    }

    fn children(&mut self, children: &[Node], context: &Context) {
        for child in children {
            self.node(child, context);
        }
    }

    fn element(
        &mut self,
        tag: &str,
        attrs: &[(String, String)],
        children: &[Node],
        outer: &Context,
    ) {
        if DROPPED.contains(&tag) {
            return;
        }
        let mut context = outer.clone();
        apply_style(attrs, &mut context.marks);
        match tag {
            "br" => {
                let span = if context.pre {
                    Span::Text {
                        text: "\n".into(),
                        marks: Marks::default(),
                    }
                } else {
                    Span::Break
                };
                self.push(span, &context);
            }
            "hr" => {
                self.flush();
                self.blocks
                    .push(Block::new(0, Kind::Divider, RichText::new()));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = match tag {
                    "h1" | "h2" => 2,
                    "h3" => 3,
                    _ => 4,
                };
                self.open(Kind::Heading(level), false);
                self.children(children, &context);
                self.flush();
            }
            "ul" | "ol" | "menu" => {
                let start = attr(attrs, "start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1);
                self.flush();
                context.lists.push((tag == "ol", start));
                self.children(children, &context);
                self.flush();
            }
            "li" => {
                let (ordered, start) = context.lists.last().copied().unwrap_or((false, 1));
                let depth = u8::try_from(context.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
                self.flush();
                self.kind = Some((
                    Kind::ListItem {
                        ordered,
                        indent: depth.min(max_indent(context.quoted)),
                        start,
                    },
                    context.quoted,
                ));
                // Nested lists inside the item end its text.
                self.children(children, &context);
                self.flush();
            }
            "blockquote" => {
                self.flush();
                context.quoted = true;
                self.children(children, &context);
                self.flush();
            }
            "pre" => {
                let language = code_language(attrs).or_else(|| {
                    children.iter().find_map(|child| match child {
                        Node::Element { tag, attrs, .. } if tag == "code" => code_language(attrs),
                        _ => None,
                    })
                });
                self.flush();
                self.kind = Some((Kind::Code { language }, false));
                context.pre = true;
                context.marks = Marks::default();
                self.children(children, &context);
                self.flush();
            }
            _ if PARAGRAPHS.contains(&tag) => {
                self.open(Kind::Paragraph, context.quoted);
                self.children(children, &context);
                // A `<p>` in a list item ends the item's text; the next
                // element starts a new paragraph.
                if self.kind.is_some() && !self.spans.iter().all(is_blank) {
                    self.flush();
                }
            }
            _ => {
                if !context.pre {
                    match tag {
                        "a" => {
                            let href = attr(attrs, "href").map(str::trim).unwrap_or_default();
                            if urls::check_link(href).is_ok() && !href.starts_with('#') {
                                context.marks.link = Some(href.to_owned());
                            }
                        }
                        "b" | "strong" if !weight_is_normal(attrs) => context.marks.bold = true,
                        "i" | "em" | "cite" | "dfn" | "var" => context.marks.italic = true,
                        "u" | "ins" => context.marks.underline = true,
                        "s" | "strike" | "del" => context.marks.strike = true,
                        "code" | "kbd" | "samp" | "tt" => context.marks.code = true,
                        _ => {}
                    }
                }
                self.children(children, &context);
            }
        }
    }
}

fn is_blank(span: &Span) -> bool {
    matches!(span, Span::Text { text, .. } if text.trim().is_empty())
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// `language-rust` / `lang-rust` in a class list.
fn code_language(attrs: &[(String, String)]) -> Option<String> {
    attr(attrs, "class")?
        .split_whitespace()
        .find_map(|class| {
            class
                .strip_prefix("language-")
                .or_else(|| class.strip_prefix("lang-"))
        })
        .map(str::to_ascii_lowercase)
        .filter(|language| is_language(language))
}

/// Google Docs wraps everything in `<b style="font-weight:normal">`.
fn weight_is_normal(attrs: &[(String, String)]) -> bool {
    style_value(attrs, "font-weight").is_some_and(|w| w == "normal" || w == "400")
}

fn style_value(attrs: &[(String, String)], property: &str) -> Option<String> {
    attr(attrs, "style")?.split(';').find_map(|declaration| {
        let (name, value) = declaration.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case(property)
            .then(|| value.trim().to_ascii_lowercase())
    })
}

/// Word processors write marks as styles on spans.
fn apply_style(attrs: &[(String, String)], marks: &mut Marks) {
    if let Some(weight) = style_value(attrs, "font-weight") {
        match weight.as_str() {
            "bold" | "bolder" | "600" | "700" | "800" | "900" => marks.bold = true,
            "normal" | "400" | "lighter" => marks.bold = false,
            _ => {}
        }
    }
    if let Some(style) = style_value(attrs, "font-style") {
        marks.italic = style == "italic" || style == "oblique";
    }
    for property in ["text-decoration", "text-decoration-line"] {
        if let Some(decoration) = style_value(attrs, property) {
            if decoration.contains("underline") {
                marks.underline = true;
            }
            if decoration.contains("line-through") {
                marks.strike = true;
            }
        }
    }
}

/// Without spaces and breaks at either end.
fn trim(text: &RichText) -> RichText {
    let mut spans: Vec<Span> = text.spans().to_vec();
    while let Some(first) = spans.first_mut() {
        match first {
            Span::Break => {
                spans.remove(0);
            }
            Span::Text { text, .. } => {
                let trimmed = text.trim_start().to_owned();
                if trimmed.is_empty() {
                    spans.remove(0);
                } else {
                    *text = trimmed;
                    break;
                }
            }
            Span::Mention { .. } => break,
        }
    }
    while let Some(last) = spans.last_mut() {
        match last {
            Span::Break => {
                spans.pop();
            }
            Span::Text { text, .. } => {
                let trimmed = text.trim_end().to_owned();
                if trimmed.is_empty() {
                    spans.pop();
                } else {
                    *text = trimmed;
                    break;
                }
            }
            Span::Mention { .. } => break,
        }
    }
    RichText::from_spans(spans)
}
