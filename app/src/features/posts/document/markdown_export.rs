//! Writes a document as Markdown: what the no-JavaScript editor shows in its
//! text area and what revision diffs compare. Reading it back with
//! [`super::markdown::import`] gives the same document, except that plain
//! text starting with `@name` comes back as a mention.

use super::{Block, Document, Inline, ListItem, Mark, urls};

/// The Markdown of a document.
pub fn to_markdown(document: &Document) -> String {
    let mut out = String::new();
    for block in &document.blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        block_markdown(&mut out, block);
    }
    out
}

fn block_markdown(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph { content } => {
            out.push_str(&inlines_markdown(content, true));
            out.push('\n');
        }
        Block::Heading { level, content } => {
            out.push_str(&"#".repeat(usize::from(*level)));
            out.push(' ');
            out.push_str(&inlines_markdown(content, false));
            out.push('\n');
        }
        Block::BulletList { items } => list_markdown(out, items, None),
        Block::NumberedList { start, items } => list_markdown(out, items, Some(*start)),
        Block::Quote { blocks } => {
            let mut inner = String::new();
            for (index, block) in blocks.iter().enumerate() {
                if index > 0 {
                    inner.push('\n');
                }
                block_markdown(&mut inner, block);
            }
            push_prefixed(out, &inner, "> ", "> ");
        }
        Block::CodeBlock { language, code } => {
            let mut fence = "```".to_owned();
            while code.contains(&fence) {
                fence.push('`');
            }
            out.push_str(&fence);
            out.push_str(language.as_deref().unwrap_or_default());
            out.push('\n');
            out.push_str(code);
            if !code.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&fence);
            out.push('\n');
        }
        Block::Image {
            src, alt, caption, ..
        } => {
            out.push_str("![");
            out.push_str(&escape_text(alt));
            out.push_str("](");
            out.push_str(src);
            if let Some(caption) = caption.as_deref().filter(|c| !c.is_empty()) {
                out.push_str(" \"");
                out.push_str(&caption.replace('\\', "\\\\").replace('"', "\\\""));
                out.push('"');
            }
            out.push_str(")\n");
        }
        Block::Youtube { video_id, start } => {
            out.push_str(&urls::youtube_watch_url(video_id, *start));
            out.push('\n');
        }
        Block::Divider => out.push_str("---\n"),
        Block::Callout { tone, content } => {
            out.push_str("> [!");
            out.push_str(&tone.as_str().to_ascii_uppercase());
            out.push_str("]\n> ");
            out.push_str(&inlines_markdown(content, false).replace('\n', "\n> "));
            out.push('\n');
        }
    }
}

fn list_markdown(out: &mut String, items: &[ListItem], start: Option<u32>) {
    for (index, item) in items.iter().enumerate() {
        let marker = match start {
            Some(start) => format!("{}. ", u64::from(start) + index as u64),
            None => "- ".to_owned(),
        };
        let indent = " ".repeat(marker.len());
        let mut inner = inlines_markdown(&item.content, false);
        inner.push('\n');
        for child in &item.children {
            block_markdown(&mut inner, child);
        }
        push_prefixed(out, &inner, &marker, &indent);
    }
}

/// Adds `text` line by line: the first line after `first`, the others after `rest`.
fn push_prefixed(out: &mut String, text: &str, first: &str, rest: &str) {
    for (index, line) in text.lines().enumerate() {
        let prefix = if index == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Inline nodes; a run of text with the same link becomes one `[…](…)`.
fn inlines_markdown(content: &[Inline], paragraph_start: bool) -> String {
    let mut out = String::new();
    let mut index = 0;
    while index < content.len() {
        let link = content[index].link();
        let mut end = index + 1;
        while end < content.len() && content[end].link() == link && link.is_some() {
            end += 1;
        }
        let mut run = String::new();
        for inline in &content[index..end] {
            match inline {
                Inline::Text { text, marks } => run.push_str(&marked(text, marks)),
                Inline::Mention { username } => {
                    run.push('@');
                    run.push_str(username);
                }
                Inline::HardBreak => run.push_str("\\\n"),
            }
        }
        match link {
            Some(href) => {
                out.push('[');
                out.push_str(&run);
                out.push_str("](<");
                out.push_str(href);
                out.push_str(">)");
            }
            None => out.push_str(&run),
        }
        index = end;
    }
    if paragraph_start {
        escape_line_start(&out)
    } else {
        out
    }
}

/// One text node with its marks; spaces at the edges stay outside the markers.
fn marked(text: &str, marks: &[Mark]) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return escape_text(text);
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let has = |kind: fn(&Mark) -> bool| marks.iter().any(kind);
    let mut core = if has(|m| matches!(m, Mark::Code)) {
        let mut fence = "`".to_owned();
        while trimmed.contains(&fence) {
            fence.push('`');
        }
        let pad = if trimmed.starts_with('`') || trimmed.ends_with('`') {
            " "
        } else {
            ""
        };
        format!("{fence}{pad}{trimmed}{pad}{fence}")
    } else {
        escape_text(trimmed)
    };
    if has(|m| matches!(m, Mark::Strike)) {
        core = format!("~~{core}~~");
    }
    if has(|m| matches!(m, Mark::Underline)) {
        core = format!("<u>{core}</u>");
    }
    if has(|m| matches!(m, Mark::Italic)) {
        core = format!("_{core}_");
    }
    if has(|m| matches!(m, Mark::Bold)) {
        core = format!("**{core}**");
    }
    format!("{}{core}{}", escape_text(lead), escape_text(trail))
}

/// Backslash-escapes the characters Markdown would read as syntax.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '!' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text that would start a heading, list, quote or rule gets a backslash.
fn escape_line_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after_digits = line[digits..].chars().next();
    let risky = line.starts_with(['#', '-', '+', '=', '>'])
        || (digits > 0 && matches!(after_digits, Some('.' | ')')));
    if !risky {
        return line.to_owned();
    }
    if digits > 0 {
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        format!("\\{line}")
    }
}
