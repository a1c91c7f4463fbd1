//! The editor's own HTML for each block: what the browser shows inside the
//! editable area. Every element carries `data-block` (the block's id) so the
//! browser layer can map the page's selection back onto the model; text is
//! escaped; pictures, videos, dividers and mentions are not editable as
//! text (`contenteditable="false"`).

use super::rich::{RichText, Span};
use super::{Block, Kind};
use crate::features::posts::document::render::escape;

/// The number shown before each item of a numbered list (`None` for other
/// blocks): a run of items at one indent counts up from its first item's
/// start.
pub fn numbers(blocks: &[Block]) -> Vec<Option<u32>> {
    let mut out = Vec::with_capacity(blocks.len());
    // The running count per indent level of the current list.
    let mut counters: Vec<Option<u32>> = Vec::new();
    let mut quoted = false;
    for block in blocks {
        match &block.kind {
            Kind::ListItem {
                ordered,
                indent,
                start,
            } => {
                if block.quoted != quoted {
                    counters.clear();
                    quoted = block.quoted;
                }
                let level = usize::from(*indent);
                counters.truncate(level + 1);
                counters.resize(level + 1, None);
                if *ordered {
                    let next = counters[level].map_or(*start, |n| n + 1);
                    counters[level] = Some(next);
                    out.push(Some(next));
                } else {
                    counters[level] = None;
                    out.push(None);
                }
            }
            _ => {
                counters.clear();
                out.push(None);
            }
        }
    }
    out
}

/// The HTML of one block.
pub fn block_html(block: &Block, number: Option<u32>) -> String {
    let mut out = String::new();
    let id = block.id;
    let quoted = if block.quoted { " ed-quoted" } else { "" };
    match &block.kind {
        Kind::Paragraph => {
            out.push_str(&format!(
                r#"<p data-block="{id}" class="ed-block ed-p{quoted}">"#
            ));
            inline_html(&mut out, &block.text);
            out.push_str("</p>");
        }
        Kind::Heading(level) => {
            out.push_str(&format!(
                r#"<h{level} data-block="{id}" class="ed-block ed-h{level}">"#
            ));
            inline_html(&mut out, &block.text);
            out.push_str(&format!("</h{level}>"));
        }
        Kind::ListItem {
            ordered, indent, ..
        } => {
            let (list, marker) = if *ordered {
                ("number", format!("{}.", number.unwrap_or(1)))
            } else {
                ("bullet", String::new())
            };
            out.push_str(&format!(
                r#"<div data-block="{id}" class="ed-block ed-li ed-indent-{indent}{quoted}" data-list="{list}" data-marker="{marker}">"#
            ));
            inline_html(&mut out, &block.text);
            out.push_str("</div>");
        }
        Kind::Code { language } => {
            out.push_str(&format!(
                r#"<pre data-block="{id}" class="ed-block ed-code" spellcheck="false" data-language=""#
            ));
            escape(&mut out, language.as_deref().unwrap_or("code"));
            out.push_str(r#""><code>"#);
            let code = block.text.to_plain_string();
            escape(&mut out, &code);
            if code.is_empty() || code.ends_with('\n') {
                out.push_str(r#"<br data-filler="">"#);
            }
            out.push_str("</code></pre>");
        }
        Kind::Callout(tone) => {
            out.push_str(&format!(
                r#"<div data-block="{id}" class="ed-block ed-callout ed-callout-{}" data-label="{}">"#,
                tone.as_str(),
                tone.label()
            ));
            inline_html(&mut out, &block.text);
            out.push_str("</div>");
        }
        Kind::Image {
            src, alt, caption, ..
        } => {
            out.push_str(&format!(
                r#"<figure data-block="{id}" class="ed-block ed-object ed-figure" contenteditable="false"><img src=""#
            ));
            escape(&mut out, src);
            out.push_str(r#"" alt=""#);
            escape(&mut out, alt);
            out.push_str(&format!(
                r#""><label class="ed-field"><span>Describe the picture (alt text)</span><input type="text" data-field="alt" maxlength="300" aria-describedby="ed-alt-{id}" value=""#
            ));
            escape(&mut out, alt);
            out.push_str(&format!(
                r#""></label><p id="ed-alt-{id}" class="ed-hint">"#
            ));
            out.push_str(alt_hint(alt));
            out.push_str(r#"</p><label class="ed-field"><span>Caption (optional)</span><input type="text" data-field="caption" maxlength="500" value=""#);
            escape(&mut out, caption.as_deref().unwrap_or_default());
            out.push_str(r#""></label></figure>"#);
        }
        Kind::Youtube { video_id, start } => {
            out.push_str(&format!(
                r#"<figure data-block="{id}" class="ed-block ed-object ed-video" contenteditable="false"><img src="https://i.ytimg.com/vi/"#
            ));
            escape(&mut out, video_id);
            out.push_str(r#"/hqdefault.jpg" alt="YouTube video "#);
            escape(&mut out, video_id);
            out.push_str(&format!(
                r#"" width="480" height="360"><label class="ed-field"><span>Starts at</span><input type="text" data-field="start" inputmode="numeric" placeholder="0:00" value="{}"></label></figure>"#,
                clock(*start)
            ));
        }
        Kind::Divider => {
            out.push_str(&format!(
                r#"<div data-block="{id}" class="ed-block ed-object ed-divider" contenteditable="false"><hr></div>"#
            ));
        }
    }
    out
}

/// `90` → `1:30`, `3725` → `1:02:05`.
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// `1:30`, `1:02:05`, `90`, `1m30s` → seconds.
pub fn parse_clock(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(0);
    }
    if raw.contains(':') {
        let mut total: u32 = 0;
        for part in raw.split(':') {
            let value: u32 = part.parse().ok()?;
            total = total.checked_mul(60)?.checked_add(value)?;
        }
        return Some(total);
    }
    crate::features::posts::document::urls::parse_time(raw)
}

/// Marked text as nested tags (link outside, then strong, em, u, s, code).
fn inline_html(out: &mut String, text: &RichText) {
    for span in text.spans() {
        match span {
            Span::Text { text, marks } => {
                let mut closing = Vec::new();
                if let Some(href) = &marks.link {
                    out.push_str(r#"<a href=""#);
                    escape(out, href);
                    out.push_str(r#"">"#);
                    closing.push("</a>");
                }
                for (on, open, close) in [
                    (marks.bold, "<strong>", "</strong>"),
                    (marks.italic, "<em>", "</em>"),
                    (marks.underline, "<u>", "</u>"),
                    (marks.strike, "<s>", "</s>"),
                    (marks.code, "<code>", "</code>"),
                ] {
                    if on {
                        out.push_str(open);
                        closing.push(close);
                    }
                }
                escape(out, text);
                for close in closing.iter().rev() {
                    out.push_str(close);
                }
            }
            Span::Mention { username } => {
                out.push_str(r#"<span class="ed-mention" contenteditable="false" data-mention=""#);
                escape(out, username);
                out.push_str(r#"">@"#);
                escape(out, username);
                out.push_str("</span>");
            }
            Span::Break => out.push_str("<br>"),
        }
    }
    // An empty line (or one ending in a break) needs something to hold
    // the caret; the browser layer skips it when counting.
    if text.is_empty() || matches!(text.spans().last(), Some(Span::Break)) {
        out.push_str(r#"<br data-filler="">"#);
    }
}

/// The line under a picture's alt text field: a warning while it is empty.
pub fn alt_hint(alt: &str) -> &'static str {
    if alt.trim().is_empty() {
        r#"<span class="ed-warning">Needed before publishing: say what the picture shows.</span>"#
    } else {
        "Read aloud to people who can’t see the picture."
    }
}
