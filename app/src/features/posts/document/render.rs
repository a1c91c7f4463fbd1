//! Renders a document to HTML. Every text and attribute value is escaped and
//! only the tags written below ever appear, so the output is safe to insert
//! as-is (it is what the reading page shows).

use super::{Block, Document, Inline, ListItem, Mark, urls};
use std::fmt::Write;

/// A heading as the table of contents lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// The element id (without `#`).
    pub anchor: String,
}

/// The HTML of a document.
pub fn to_html(document: &Document) -> String {
    let mut out = String::with_capacity(document.blocks.len() * 160);
    let mut anchors = Anchors::default();
    for block in &document.blocks {
        block_html(&mut out, block, &mut anchors);
    }
    out
}

/// The headings of a document with the ids [`to_html`] gives them.
pub fn headings(document: &Document) -> Vec<Heading> {
    let mut anchors = Anchors::default();
    let mut found = Vec::new();
    for block in &document.blocks {
        if let Block::Heading { level, content } = block {
            let text = super::text::inline_text(content);
            let anchor = anchors.next(&text);
            found.push(Heading {
                level: *level,
                text,
                anchor,
            });
        }
    }
    found
}

/// Unique heading ids: `h-` and a slug of the text, numbered when repeated.
#[derive(Default)]
struct Anchors(Vec<String>);

impl Anchors {
    fn next(&mut self, text: &str) -> String {
        let mut slug = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
            if slug.len() >= 60 {
                break;
            }
        }
        let slug = slug.trim_end_matches('-');
        let base = if slug.is_empty() {
            "h-section".to_owned()
        } else {
            format!("h-{slug}")
        };
        let mut anchor = base.clone();
        let mut n = 1;
        while self.0.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        self.0.push(anchor.clone());
        anchor
    }
}

/// Escapes text for element content and double-quoted attributes.
pub fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn block_html(out: &mut String, block: &Block, anchors: &mut Anchors) {
    match block {
        Block::Paragraph { content } => {
            out.push_str("<p>");
            inlines_html(out, content);
            out.push_str("</p>");
        }
        Block::Heading { level, content } => {
            let level = (*level).clamp(2, 4);
            let anchor = anchors.next(&super::text::inline_text(content));
            let _ = write!(out, "<h{level} id=\"{anchor}\">");
            inlines_html(out, content);
            let _ = write!(out, "</h{level}>");
        }
        Block::BulletList { items } => {
            out.push_str("<ul>");
            items_html(out, items, anchors);
            out.push_str("</ul>");
        }
        Block::NumberedList { start, items } => {
            if *start == 1 {
                out.push_str("<ol>");
            } else {
                let _ = write!(out, "<ol start=\"{start}\">");
            }
            items_html(out, items, anchors);
            out.push_str("</ol>");
        }
        Block::Quote { blocks } => {
            out.push_str("<blockquote>");
            for inner in blocks {
                block_html(out, inner, anchors);
            }
            out.push_str("</blockquote>");
        }
        Block::CodeBlock { language, code } => {
            match language
                .as_deref()
                .filter(|language| super::is_language(language))
            {
                Some(language) => {
                    out.push_str("<pre><code class=\"language-");
                    escape(out, language);
                    out.push_str("\">");
                }
                None => out.push_str("<pre><code>"),
            }
            escape(out, code);
            out.push_str("</code></pre>");
        }
        Block::Image { src, .. } if urls::check_image(src).is_err() => {}
        Block::Youtube { video_id, .. } if !urls::is_video_id(video_id) => {}
        Block::Image {
            src,
            alt,
            caption,
            width,
            height,
        } => {
            out.push_str("<figure class=\"post-figure\"><img src=\"");
            escape(out, src);
            out.push_str("\" alt=\"");
            escape(out, alt);
            out.push('"');
            if let (Some(width), Some(height)) = (width, height) {
                let _ = write!(out, " width=\"{width}\" height=\"{height}\"");
            }
            out.push_str(" loading=\"lazy\" decoding=\"async\">");
            if let Some(caption) = caption.as_deref().filter(|c| !c.is_empty()) {
                out.push_str("<figcaption>");
                escape(out, caption);
                out.push_str("</figcaption>");
            }
            out.push_str("</figure>");
        }
        Block::Youtube { video_id, start } => {
            // The id was validated (11 of [A-Za-z0-9_-]); escaped anyway.
            let mut id = String::new();
            escape(&mut id, video_id);
            let _ = write!(
                out,
                "<figure class=\"post-video\"><div class=\"post-video-frame\"><iframe src=\"{}\" \
                 title=\"YouTube video\" loading=\"lazy\" allow=\"accelerometer; encrypted-media; gyroscope; \
                 picture-in-picture; fullscreen\" referrerpolicy=\"strict-origin-when-cross-origin\" \
                 allowfullscreen></iframe></div><figcaption><a href=\"{}\" rel=\"nofollow noopener noreferrer\">\
                 Watch on YouTube</a></figcaption></figure>",
                urls::youtube_embed_url(&id, *start).replace('&', "&amp;"),
                urls::youtube_watch_url(&id, *start).replace('&', "&amp;"),
            );
        }
        Block::Divider => out.push_str("<hr>"),
        Block::Callout { tone, content } => {
            let _ = write!(
                out,
                "<aside class=\"callout callout-{}\" role=\"note\"><p class=\"callout-title\">{}</p><p>",
                tone.as_str(),
                tone.label()
            );
            inlines_html(out, content);
            out.push_str("</p></aside>");
        }
    }
}

fn items_html(out: &mut String, items: &[ListItem], anchors: &mut Anchors) {
    for item in items {
        out.push_str("<li>");
        inlines_html(out, &item.content);
        for child in &item.children {
            block_html(out, child, anchors);
        }
        out.push_str("</li>");
    }
}

/// Inline nodes; consecutive text with the same link shares one `<a>`.
fn inlines_html(out: &mut String, content: &[Inline]) {
    let mut open_link: Option<&str> = None;
    for inline in content {
        let link = inline.link();
        if open_link != link {
            if open_link.is_some() {
                out.push_str("</a>");
            }
            if let Some(href) = link {
                open_anchor(out, href);
            }
            open_link = link;
        }
        match inline {
            Inline::Text { text, marks } => {
                let has = |kind: fn(&Mark) -> bool| marks.iter().any(kind);
                let tags: [(&str, bool); 5] = [
                    ("strong", has(|m| matches!(m, Mark::Bold))),
                    ("em", has(|m| matches!(m, Mark::Italic))),
                    ("u", has(|m| matches!(m, Mark::Underline))),
                    ("s", has(|m| matches!(m, Mark::Strike))),
                    ("code", has(|m| matches!(m, Mark::Code))),
                ];
                for (tag, on) in tags {
                    if on {
                        let _ = write!(out, "<{tag}>");
                    }
                }
                escape(out, text);
                for (tag, on) in tags.iter().rev() {
                    if *on {
                        let _ = write!(out, "</{tag}>");
                    }
                }
            }
            Inline::Mention { username }
                if crate::features::accounts::types::Username::parse(username).is_err() =>
            {
                out.push('@');
                escape(out, username);
            }
            Inline::Mention { username } => {
                out.push_str("<a class=\"mention\" href=\"/u/");
                escape(out, username);
                out.push_str("\">@");
                escape(out, username);
                out.push_str("</a>");
            }
            Inline::HardBreak => out.push_str("<br>"),
        }
    }
    if open_link.is_some() {
        out.push_str("</a>");
    }
}

fn open_anchor(out: &mut String, href: &str) {
    // Refused links never get this far (validation), but render defensively:
    // an address that fails the check becomes a link to nowhere.
    let href = if urls::check_link(href).is_ok() {
        href
    } else {
        "#"
    };
    out.push_str("<a href=\"");
    escape(out, href);
    if urls::is_external(href) {
        out.push_str("\" rel=\"nofollow ugc noopener noreferrer\">");
    } else {
        out.push_str("\">");
    }
}
