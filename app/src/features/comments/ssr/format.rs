//! Markdown-light: what a comment may hold, rendered safely.
//!
//! A comment is read with the post document's Markdown import and written
//! with its renderer (which escapes every text and attribute), after
//! lightening: headings become paragraphs, pictures and videos become links
//! or their text, dividers go. Video moments typed in the text ("at 1:23")
//! then become links to that moment (`?t=83#video`), which the page turns
//! into a seek of its player.

use crate::features::comments::types::{MAX_BODY_CHARS, parse_moment};
use crate::features::posts::document::{
    Block, Document, Inline, Limits, ListItem, Mark, VERSION, markdown, render, text,
};

/// A comment ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    pub html: String,
    /// Usernames mentioned, in order, once each.
    pub mentions: Vec<String>,
    /// The first moment of the video named in the text.
    pub first_moment: Option<u32>,
    /// The plain text (for previews and notifications).
    pub text: String,
}

/// Reads a comment as written. Refuses empty and oversized comments and
/// links the document rules refuse, with a message for the field.
pub fn format(body: &str) -> Result<Formatted, String> {
    let chars = body.chars().count();
    if body.trim().is_empty() {
        return Err("Write something first.".into());
    }
    if chars > MAX_BODY_CHARS {
        return Err(format!(
            "A comment can be up to {MAX_BODY_CHARS} characters; this one has {chars}."
        ));
    }
    let imported = markdown::import(body);
    let document = Document {
        version: VERSION,
        blocks: lighten(imported.blocks),
    };
    if document.is_empty() {
        return Err("Write something first.".into());
    }
    let limits = Limits {
        max_blocks: 200,
        max_chars: MAX_BODY_CHARS * 2,
        max_depth: 3,
        ..Limits::default()
    };
    if let Err(errors) = document.validate(&limits) {
        let first = errors
            .into_iter()
            .next()
            .map(|e| e.message)
            .unwrap_or_default();
        return Err(format!("This comment can't be posted: {first}."));
    }
    let mentions = text::mentions(&document);
    let (html, first_moment) = link_moments(&render::to_html(&document));
    Ok(Formatted {
        html,
        mentions,
        first_moment,
        text: text::plain_text(&document),
    })
}

fn lighten(blocks: Vec<Block>) -> Vec<Block> {
    blocks.into_iter().filter_map(lighten_block).collect()
}

fn lighten_block(block: Block) -> Option<Block> {
    Some(match block {
        Block::Heading { content, .. } => Block::Paragraph { content },
        Block::Image { alt, .. } if alt.trim().is_empty() => return None,
        Block::Image { alt, .. } => Block::Paragraph {
            content: vec![Inline::text(alt)],
        },
        Block::Youtube { video_id, start } => {
            let href = if start > 0 {
                format!("https://youtu.be/{video_id}?t={start}")
            } else {
                format!("https://youtu.be/{video_id}")
            };
            Block::Paragraph {
                content: vec![Inline::Text {
                    text: href.clone(),
                    marks: vec![Mark::Link { href }],
                }],
            }
        }
        Block::Divider => return None,
        Block::Callout { content, .. } => Block::Quote {
            blocks: vec![Block::Paragraph { content }],
        },
        Block::Quote { blocks } => Block::Quote {
            blocks: lighten(blocks),
        },
        Block::BulletList { items } => Block::BulletList {
            items: lighten_items(items),
        },
        Block::NumberedList { start, items } => Block::NumberedList {
            start,
            items: lighten_items(items),
        },
        other @ (Block::Paragraph { .. } | Block::CodeBlock { .. }) => other,
    })
}

fn lighten_items(items: Vec<ListItem>) -> Vec<ListItem> {
    items
        .into_iter()
        .map(|item| ListItem {
            content: item.content,
            children: lighten(item.children),
        })
        .collect()
}

/// Wraps every video moment in the text of `html` (as our renderer writes
/// it) in a link to that moment, except inside links and code. Only digits
/// and colons are ever wrapped, in markup written here, so the result is as
/// safe as the input. Returns the first moment found.
pub fn link_moments(html: &str) -> (String, Option<u32>) {
    let mut out = String::with_capacity(html.len() + 64);
    let mut first = None;
    // Inside an `<a>`, `<code>` or `<pre>` element: leave the text alone.
    let mut skip_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').map_or(rest.len(), |i| i + 2);
            let tag = &rest[..end];
            let name = tag
                .trim_start_matches(['<', '/'])
                .split([' ', '>'])
                .next()
                .unwrap_or_default();
            if matches!(name, "a" | "code" | "pre") {
                if tag.starts_with("</") {
                    skip_depth = skip_depth.saturating_sub(1);
                } else {
                    skip_depth += 1;
                }
            }
            out.push_str(tag);
            rest = &rest[end..];
            continue;
        }
        let text_end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..text_end];
        if skip_depth > 0 {
            out.push_str(text);
        } else {
            link_text(text, &mut out, &mut first);
        }
        rest = &rest[text_end..];
    }
    (out, first)
}

/// Finds `m:ss` and `h:mm:ss` standing as words in escaped text.
fn link_text(text: &str, out: &mut String, first: &mut Option<u32>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let boundary_before =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b':');
        if boundary_before && bytes[i].is_ascii_digit() {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b':') {
                j += 1;
            }
            let candidate = text[i..j].trim_end_matches(':');
            let end = i + candidate.len();
            let boundary_after = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
            let colons = candidate.matches(':').count();
            let shape_ok = (1..=2).contains(&colons)
                && candidate.split(':').skip(1).all(|p| p.len() == 2)
                && candidate.split(':').next().is_some_and(|p| p.len() <= 2);
            if boundary_after
                && shape_ok
                && let Some(seconds) = parse_moment(candidate)
            {
                out.push_str(&text[copied..i]);
                out.push_str(&format!(
                    "<a class=\"moment\" href=\"?t={seconds}#video\" data-seek=\"{seconds}\">{candidate}</a>"
                ));
                first.get_or_insert(seconds);
                copied = end;
                i = end;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_keep_light_formatting_and_mentions_and_escape_the_rest() {
        let f =
            format("**Wow** at 1:23, see @Ana_B and @ana_b!\n\n# Big\n\n<script>alert(1)</script>")
                .expect("formats");
        assert!(f.html.contains("<strong>Wow</strong>"), "{}", f.html);
        assert!(
            f.html
                .contains("<a class=\"moment\" href=\"?t=83#video\" data-seek=\"83\">1:23</a>")
        );
        assert!(
            f.html
                .contains("<a class=\"mention\" href=\"/u/Ana_B\">@Ana_B</a>")
        );
        assert!(
            !f.html.contains("<h2"),
            "headings become paragraphs: {}",
            f.html
        );
        assert!(!f.html.contains("<script"), "{}", f.html);
        assert!(f.html.contains("&lt;script&gt;"), "{}", f.html);
        assert_eq!(f.mentions, vec!["Ana_B".to_owned()]);
        assert_eq!(f.first_moment, Some(83));
    }

    #[test]
    fn moments_are_linked_only_as_whole_words_outside_code_and_links() {
        let (html, first) = link_moments(
            "<p>10:30am, v2:10, 1:2, 12:345, 99:99 and 0:45 or 1:02:03.</p><p><code>3:14</code> <a href=\"/x\">2:00</a></p>",
        );
        assert_eq!(first, Some(45));
        assert_eq!(html.matches("class=\"moment\"").count(), 2, "{html}");
        assert!(html.contains("data-seek=\"3723\">1:02:03</a>."));
        assert!(html.contains("<code>3:14</code>"));
        assert!(html.contains(">2:00</a>"));
    }

    #[test]
    fn empty_long_and_unsafe_comments_are_refused_with_a_reason() {
        assert_eq!(format("  \n ").unwrap_err(), "Write something first.");
        assert!(
            format(&"a".repeat(MAX_BODY_CHARS + 1))
                .unwrap_err()
                .contains("up to 5000")
        );
        assert!(format("[x](javascript:alert(1))").is_err_and(|e| e.contains("can't be posted")));
        let f = format(
            "---\n\n![a cat](/media/x.png)\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90",
        )
        .expect("formats");
        assert!(
            !f.html.contains("<img") && !f.html.contains("<iframe") && !f.html.contains("<hr"),
            "{}",
            f.html
        );
        assert!(f.html.contains("a cat"));
        assert!(
            f.html
                .contains("href=\"https://youtu.be/dQw4w9WgXcQ?t=90\""),
            "{}",
            f.html
        );
    }
}
