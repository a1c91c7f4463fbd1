//! Markdown typed into the editor: block prefixes such as `## ` and `- `,
//! and pairs such as `**bold**`, recognised as the writer types them.

use super::rich::{MENTION_UNIT, MarkKind};
use crate::features::posts::document::is_language;

/// A block a typed prefix turns the paragraph into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockShortcut {
    Heading(u8),
    Bullet,
    Numbered(u32),
    Quote,
    Code(Option<String>),
    Divider,
}

/// `units` is the paragraph's text up to the caret, just after a typed
/// space: `# `, `## ` (level 2: the title is the page's level 1), `### `,
/// `#### `, `- `, `* `, `+ `, `1. `, `> `, ```` ``` ````.
pub fn block_prefix(units: &[char]) -> Option<BlockShortcut> {
    let (last, prefix) = units.split_last()?;
    if *last != ' ' {
        return None;
    }
    let prefix: String = prefix.iter().collect();
    Some(match prefix.as_str() {
        "#" | "##" => BlockShortcut::Heading(2),
        "###" => BlockShortcut::Heading(3),
        "####" => BlockShortcut::Heading(4),
        "-" | "*" | "+" => BlockShortcut::Bullet,
        ">" => BlockShortcut::Quote,
        "```" => BlockShortcut::Code(None),
        number => {
            let digits = number.strip_suffix(['.', ')'])?;
            if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            BlockShortcut::Numbered(digits.parse().ok()?)
        }
    })
}

/// A whole paragraph that Enter turns into a block: ```` ```rust ```` (a
/// code block in that language) or `---` (a divider).
pub fn on_enter(units: &[char]) -> Option<BlockShortcut> {
    let text: String = units.iter().collect();
    if text == "---" || text == "***" || text == "___" {
        return Some(BlockShortcut::Divider);
    }
    let language = text.strip_prefix("```")?.trim();
    if language.is_empty() {
        return Some(BlockShortcut::Code(None));
    }
    is_language(language).then(|| BlockShortcut::Code(Some(language.to_ascii_lowercase())))
}

/// A pair of delimiters closed by the last typed character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlinePair {
    pub mark: MarkKind,
    pub open_start: usize,
    pub content_start: usize,
    pub content_end: usize,
    pub close_end: usize,
}

/// `units` is the block's text up to the caret, whose last character was
/// just typed. Finds `**x**`, `__x__`, `*x*`, `_x_`, `` `x` `` and `~~x~~`
/// where `x` does not start or end with a space; a single `*` or `_` must
/// not be half of a double one, and `_` inside a word (snake_case) is left
/// alone.
pub fn inline_pair(units: &[char]) -> Option<InlinePair> {
    let end = units.len();
    let last = *units.last()?;
    let candidates: &[(&str, MarkKind)] = match last {
        '*' => &[("**", MarkKind::Bold), ("*", MarkKind::Italic)],
        '_' => &[("__", MarkKind::Bold), ("_", MarkKind::Italic)],
        '`' => &[("`", MarkKind::Code)],
        '~' => &[("~~", MarkKind::Strike)],
        _ => return None,
    };
    for (delimiter, mark) in candidates {
        let delimiter: Vec<char> = delimiter.chars().collect();
        let width = delimiter.len();
        if end < width * 2 + 1 || units[end - width..] != delimiter[..] {
            continue;
        }
        let content_end = end - width;
        // A single delimiter right after another is the end of a double one.
        if width == 1 && content_end > 0 && units[content_end - 1] == last {
            continue;
        }
        let Some(content_start) = find_open(units, &delimiter, content_end) else {
            continue;
        };
        let open_start = content_start - width;
        let content = &units[content_start..content_end];
        if content.is_empty()
            || content[0].is_whitespace()
            || content[content.len() - 1].is_whitespace()
            || content.contains(&MENTION_UNIT)
            || content.contains(&'\n')
        {
            continue;
        }
        if width == 1 && open_start > 0 && units[open_start - 1] == last {
            continue;
        }
        if last == '_' && open_start > 0 && units[open_start - 1].is_alphanumeric() {
            continue;
        }
        return Some(InlinePair {
            mark: *mark,
            open_start,
            content_start,
            content_end,
            close_end: end,
        });
    }
    None
}

/// Where the content after the nearest opening `delimiter` before `before`
/// starts.
fn find_open(units: &[char], delimiter: &[char], before: usize) -> Option<usize> {
    let width = delimiter.len();
    let mut start = before.checked_sub(width + 1)?;
    loop {
        if units[start..start + width] == *delimiter {
            return Some(start + width);
        }
        if units[start] == '\n' {
            return None;
        }
        start = start.checked_sub(1)?;
    }
}
