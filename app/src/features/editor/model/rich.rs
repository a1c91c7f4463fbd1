//! The text of one block: runs of marked text, mentions and line breaks.
//!
//! Positions count *units*: one per character (Unicode scalar value), one
//! per mention and one per line break, so a mention is stepped over as a
//! whole. The DOM layer maps units to the browser's UTF-16 offsets.

use serde::{Deserialize, Serialize};

/// The five on/off marks (links carry an address, so they are apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MarkKind {
    Bold,
    Italic,
    Underline,
    Strike,
    Code,
}

impl MarkKind {
    pub const ALL: [MarkKind; 5] = [
        Self::Bold,
        Self::Italic,
        Self::Underline,
        Self::Strike,
        Self::Code,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Bold => "Bold",
            Self::Italic => "Italic",
            Self::Underline => "Underline",
            Self::Strike => "Strikethrough",
            Self::Code => "Inline code",
        }
    }
}

/// The marks on a run of text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Marks {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub code: bool,
    pub link: Option<String>,
}

impl Marks {
    pub fn has(&self, kind: MarkKind) -> bool {
        match kind {
            MarkKind::Bold => self.bold,
            MarkKind::Italic => self.italic,
            MarkKind::Underline => self.underline,
            MarkKind::Strike => self.strike,
            MarkKind::Code => self.code,
        }
    }

    pub fn set(&mut self, kind: MarkKind, on: bool) {
        let flag = match kind {
            MarkKind::Bold => &mut self.bold,
            MarkKind::Italic => &mut self.italic,
            MarkKind::Underline => &mut self.underline,
            MarkKind::Strike => &mut self.strike,
            MarkKind::Code => &mut self.code,
        };
        *flag = on;
    }

    pub fn with(mut self, kind: MarkKind) -> Self {
        self.set(kind, true);
        self
    }

    pub fn is_plain(&self) -> bool {
        *self == Self::default()
    }
}

/// A piece of a block's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Span {
    Text { text: String, marks: Marks },
    Mention { username: String },
    Break,
}

impl Span {
    /// Its length in units.
    pub fn len(&self) -> usize {
        match self {
            Self::Text { text, .. } => text.chars().count(),
            Self::Mention { .. } | Self::Break => 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The unit that stands for a mention in [`RichText::units`].
pub const MENTION_UNIT: char = '\u{FFFC}';

/// A block's text. Always normalised: no empty runs, and no two neighbouring
/// runs with the same marks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RichText {
    spans: Vec<Span>,
}

impl RichText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Text with the given marks.
    pub fn plain(text: &str, marks: Marks) -> Self {
        Self::from_spans(vec![Span::Text {
            text: text.to_owned(),
            marks,
        }])
    }

    /// Normalises `spans`.
    pub fn from_spans(spans: Vec<Span>) -> Self {
        let mut out = Self::default();
        for span in spans {
            out.push(span);
        }
        out
    }

    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Appends a span, merging it with the last when the marks match.
    pub fn push(&mut self, span: Span) {
        if span.is_empty() {
            return;
        }
        if let (
            Some(Span::Text { text, marks }),
            Span::Text {
                text: more,
                marks: more_marks,
            },
        ) = (self.spans.last_mut(), &span)
            && marks == more_marks
        {
            text.push_str(more);
            return;
        }
        self.spans.push(span);
    }

    pub fn len(&self) -> usize {
        self.spans.iter().map(Span::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// One `char` per unit: text as is, a mention as [`MENTION_UNIT`], a
    /// break as `\n`. For word boundaries and Markdown shortcuts.
    pub fn units(&self) -> Vec<char> {
        let mut out = Vec::new();
        for span in &self.spans {
            match span {
                Span::Text { text, .. } => out.extend(text.chars()),
                Span::Mention { .. } => out.push(MENTION_UNIT),
                Span::Break => out.push('\n'),
            }
        }
        out
    }

    /// The text as a reader would copy it (mentions as `@name`).
    pub fn to_plain_string(&self) -> String {
        let mut out = String::new();
        for span in &self.spans {
            match span {
                Span::Text { text, .. } => out.push_str(text),
                Span::Mention { username } => {
                    out.push('@');
                    out.push_str(username);
                }
                Span::Break => out.push('\n'),
            }
        }
        out
    }

    /// Splits at unit `at` (clamped).
    pub fn split(&self, at: usize) -> (Self, Self) {
        let mut left = Self::default();
        let mut right = Self::default();
        let mut seen = 0;
        for span in &self.spans {
            let len = span.len();
            if seen + len <= at {
                left.push(span.clone());
            } else if seen >= at {
                right.push(span.clone());
            } else if let Span::Text { text, marks } = span {
                let cut = byte_index(text, at - seen);
                left.push(Span::Text {
                    text: text[..cut].to_owned(),
                    marks: marks.clone(),
                });
                right.push(Span::Text {
                    text: text[cut..].to_owned(),
                    marks: marks.clone(),
                });
            }
            seen += len;
        }
        (left, right)
    }

    /// Units `from..to`.
    pub fn slice(&self, from: usize, to: usize) -> Self {
        let (_, rest) = self.split(from);
        rest.split(to.saturating_sub(from)).0
    }

    /// This text followed by `other`.
    pub fn concat(mut self, other: &Self) -> Self {
        for span in &other.spans {
            self.push(span.clone());
        }
        self
    }

    /// `other` inserted at `at`.
    pub fn insert(&self, at: usize, other: &Self) -> Self {
        let (left, right) = self.split(at);
        left.concat(other).concat(&right)
    }

    /// Without units `from..to`.
    pub fn delete(&self, from: usize, to: usize) -> Self {
        let (left, rest) = self.split(from);
        let (_, right) = rest.split(to.saturating_sub(from));
        left.concat(&right)
    }

    /// Changes the marks of the text in `from..to`.
    pub fn map_marks(&self, from: usize, to: usize, change: impl Fn(&mut Marks)) -> Self {
        let (left, rest) = self.split(from);
        let (middle, right) = rest.split(to.saturating_sub(from));
        let mut out = left;
        for span in middle.spans {
            match span {
                Span::Text { text, mut marks } => {
                    change(&mut marks);
                    out.push(Span::Text { text, marks });
                }
                other => out.push(other),
            }
        }
        out.concat(&right)
    }

    /// True when every character in `from..to` has the mark (mentions and
    /// breaks are ignored); false when there is no character there.
    pub fn all_have(&self, from: usize, to: usize, kind: MarkKind) -> bool {
        let middle = self.slice(from, to);
        let mut any = false;
        for span in middle.spans() {
            if let Span::Text { marks, .. } = span {
                if !marks.has(kind) {
                    return false;
                }
                any = true;
            }
        }
        any
    }

    /// The marks of the text at `at`: those of the character before, or the
    /// one after at the start. A link does not grow from its end or start.
    pub fn marks_at(&self, at: usize) -> Marks {
        let before = self.text_marks_at(at.checked_sub(1));
        let after = self.text_marks_at(Some(at));
        let mut marks = before.clone().or_else(|| after.clone()).unwrap_or_default();
        let before_link = before.and_then(|m| m.link);
        let after_link = after.and_then(|m| m.link);
        if before_link.is_none() || before_link != after_link {
            marks.link = None;
        }
        marks
    }

    /// The marks of the character at unit `at`, if it is text.
    fn text_marks_at(&self, at: Option<usize>) -> Option<Marks> {
        let at = at?;
        let mut seen = 0;
        for span in &self.spans {
            let len = span.len();
            if at < seen + len {
                return match span {
                    Span::Text { marks, .. } => Some(marks.clone()),
                    _ => None,
                };
            }
            seen += len;
        }
        None
    }

    /// The link around unit `at` (touching counts): its range and address.
    pub fn link_at(&self, at: usize) -> Option<(usize, usize, String)> {
        let mut runs: Vec<(usize, usize, String)> = Vec::new();
        let mut seen = 0;
        for span in &self.spans {
            let len = span.len();
            if let Span::Text {
                marks: Marks {
                    link: Some(href), ..
                },
                ..
            } = span
            {
                match runs.last_mut() {
                    Some((_, end, last)) if *end == seen && last == href => *end += len,
                    _ => runs.push((seen, seen + len, href.clone())),
                }
            }
            seen += len;
        }
        runs.into_iter()
            .find(|(start, end, _)| *start <= at && at <= *end)
    }

    /// The same text with every mark taken off, mentions written out and
    /// breaks as new lines (what a code block holds).
    pub fn flattened(&self) -> Self {
        Self::plain(&self.to_plain_string(), Marks::default())
    }

    /// Code text shown as prose: new lines become breaks.
    pub fn unflattened(&self) -> Self {
        let mut out = Self::default();
        for span in &self.spans {
            match span {
                Span::Text { text, marks } => {
                    for (index, line) in text.split('\n').enumerate() {
                        if index > 0 {
                            out.push(Span::Break);
                        }
                        out.push(Span::Text {
                            text: line.to_owned(),
                            marks: marks.clone(),
                        });
                    }
                }
                other => out.push(other.clone()),
            }
        }
        out
    }

    /// Checks the normal form (for tests).
    pub fn is_normal(&self) -> bool {
        self.spans.iter().all(|span| !span.is_empty())
            && self.spans.windows(2).all(|pair| match pair {
                [Span::Text { marks: a, .. }, Span::Text { marks: b, .. }] => a != b,
                _ => true,
            })
    }
}

/// The byte index of the `chars`-th character of `text` (or its end).
fn byte_index(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(index, _)| index)
}
