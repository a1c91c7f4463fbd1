//! The editor's state and the commands that change it.
//!
//! Every change goes through [`Editor::apply`], which keeps the blocks in
//! their normal form (see [`Editor::check`]), records undo steps (typing is
//! grouped word by word) and bumps [`Editor::revision`] so the browser knows
//! to redraw. Commands behave as in a word processor: Enter in an empty list
//! item leaves the list, Backspace at the start of a heading makes it text,
//! and so on.

use serde::{Deserialize, Serialize};

use super::convert::{self, max_indent};
use super::rich::{MarkKind, Marks, RichText, Span};
use super::shortcuts::{self, BlockShortcut};
use super::{Block, BlockType, Kind};
use crate::features::accounts::types::Username;
use crate::features::posts::document::{Document, urls};

/// A place in the text: block index and unit offset. On a picture, video
/// or divider, offset 0 is before it and 1 after it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Pos {
    pub block: usize,
    pub offset: usize,
}

impl Pos {
    pub fn new(block: usize, offset: usize) -> Self {
        Self { block, offset }
    }
}

/// Where the selection starts (`anchor`) and where it was extended to
/// (`head`, where the caret shows).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Selection {
    pub anchor: Pos,
    pub head: Pos,
}

impl Selection {
    pub fn caret(pos: Pos) -> Self {
        Self {
            anchor: pos,
            head: pos,
        }
    }

    pub fn new(anchor: Pos, head: Pos) -> Self {
        Self { anchor, head }
    }

    pub fn is_collapsed(&self) -> bool {
        self.anchor == self.head
    }

    /// The earlier end.
    pub fn from(&self) -> Pos {
        self.anchor.min(self.head)
    }

    /// The later end.
    pub fn to(&self) -> Pos {
        self.anchor.max(self.head)
    }
}

/// Everything a writer can do to the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Typing: replaces the selection. Markdown shortcuts apply after it.
    InsertText(String),
    /// Shift+Enter: a line break (a new line in code).
    InsertBreak,
    /// Enter.
    Split,
    DeleteBackward,
    DeleteForward,
    DeleteWordBackward,
    DeleteWordForward,
    /// Deletes a range the browser measured (a whole emoji, a word), as part
    /// of the same undo step as the deletions around it.
    DeleteRange(Selection),
    ToggleMark(MarkKind),
    /// Adds, changes (`Some`) or removes (`None`) the link on the selection
    /// or around the caret. Refused for an address a post may not link to.
    SetLink(Option<String>),
    /// Turns the selected blocks into this type (or back into text when
    /// they all are already).
    SetType(BlockType),
    ToggleQuote,
    Indent,
    Outdent,
    MoveUp,
    MoveDown,
    /// Drag and drop: the block at `from` ends up at index `to`.
    MoveBlock {
        from: usize,
        to: usize,
    },
    /// A picture, video or divider at the caret.
    InsertBlock(Kind),
    /// Changes the details of one block: alt text, caption, start time,
    /// code language, callout tone, heading level.
    UpdateBlock {
        index: usize,
        kind: Kind,
    },
    /// Replaces the `replace` units before the caret (the typed `@ana`)
    /// with a mention and a space.
    InsertMention {
        username: String,
        replace: usize,
    },
    /// A choice of the "/" menu: replaces the `replace` units before the
    /// caret (the typed `/head`) and makes the block that choice, as one
    /// undo step.
    Slash {
        item: super::SlashItem,
        replace: usize,
    },
    /// Blocks from the clipboard, already cleaned ([`super::paste`]).
    Paste(Vec<Block>),
    Undo,
    Redo,
    SelectAll,
    Select(Selection),
}

/// A moment to go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    blocks: Vec<Block>,
    selection: Selection,
}

/// What the last change was, so typing in one place is one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    None,
    Typing(u64),
    Deleting(u64),
    Update(u64),
}

/// Undo steps kept.
const MAX_UNDO: usize = 500;

/// The editor.
#[derive(Debug, Clone)]
pub struct Editor {
    blocks: Vec<Block>,
    selection: Selection,
    /// Marks chosen with a collapsed caret, for the next typing.
    stored_marks: Option<Marks>,
    next_id: u64,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    group: Group,
    revision: u64,
}

impl Editor {
    pub fn new(document: &Document) -> Self {
        Self::from_blocks(convert::from_document(document, 1))
    }

    /// An editor over these blocks (normalised; ids made unique).
    pub fn from_blocks(blocks: Vec<Block>) -> Self {
        let mut editor = Self {
            blocks,
            selection: Selection::default(),
            stored_marks: None,
            next_id: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            group: Group::None,
            revision: 0,
        };
        let mut seen = std::collections::HashSet::new();
        for index in 0..editor.blocks.len() {
            let id = editor.blocks[index].id;
            if id == 0 || !seen.insert(id) {
                editor.blocks[index].id = 0;
            }
        }
        editor.next_id = seen.iter().max().copied().unwrap_or(0) + 1;
        for index in 0..editor.blocks.len() {
            if editor.blocks[index].id == 0 {
                editor.blocks[index].id = editor.fresh_id();
            }
        }
        editor.normalise();
        editor
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// The post document the editor holds.
    pub fn document(&self) -> Document {
        convert::to_document(&self.blocks)
    }

    /// Counts changes to the content (not to the selection).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The marks the toolbar shows as on: at the caret (or chosen for the
    /// next typing), or on every character of the selection.
    pub fn active_marks(&self) -> Marks {
        let sel = self.selection;
        if sel.is_collapsed() {
            if let Some(marks) = &self.stored_marks {
                return marks.clone();
            }
            return self
                .blocks
                .get(sel.head.block)
                .filter(|b| b.kind.is_text())
                .map(|b| b.text.marks_at(sel.head.offset))
                .unwrap_or_default();
        }
        let mut marks = Marks::default();
        for kind in MarkKind::ALL {
            marks.set(kind, self.all_have(kind));
        }
        marks.link = self.current_link().map(|(_, _, _, href)| href);
        marks
    }

    /// The link at the caret or at the start of the selection: its block,
    /// range and address.
    pub fn current_link(&self) -> Option<(usize, usize, usize, String)> {
        let at = self.selection.from();
        let block = self.blocks.get(at.block)?;
        if !block.kind.is_text() {
            return None;
        }
        let probe = if self.selection.is_collapsed() {
            at.offset
        } else {
            at.offset + 1
        };
        block
            .text
            .link_at(probe)
            .map(|(start, end, href)| (at.block, start, end, href))
    }

    /// The type of the block with the caret.
    pub fn current_type(&self) -> BlockType {
        self.blocks
            .get(self.selection.head.block)
            .map_or(BlockType::Paragraph, |b| b.kind.block_type())
    }

    /// True when the caret's block is quoted.
    pub fn in_quote(&self) -> bool {
        self.blocks
            .get(self.selection.head.block)
            .is_some_and(|b| b.quoted)
    }

    /// Runs a command; true when the content changed.
    pub fn apply(&mut self, command: Command) -> bool {
        let before = self.revision;
        let changed = match command {
            Command::InsertText(text) => self.insert_text(&text),
            Command::InsertBreak => self.insert_break(),
            Command::Split => self.split(),
            Command::DeleteBackward => self.delete(Direction::Backward, false),
            Command::DeleteForward => self.delete(Direction::Forward, false),
            Command::DeleteWordBackward => self.delete(Direction::Backward, true),
            Command::DeleteWordForward => self.delete(Direction::Forward, true),
            Command::DeleteRange(range) => self.delete_measured(range),
            Command::ToggleMark(kind) => self.toggle_mark(kind),
            Command::SetLink(href) => self.set_link(href),
            Command::SetType(kind) => self.set_type(kind),
            Command::ToggleQuote => self.toggle_quote(),
            Command::Indent => self.indent(true),
            Command::Outdent => self.indent(false),
            Command::MoveUp => self.move_selected(true),
            Command::MoveDown => self.move_selected(false),
            Command::MoveBlock { from, to } => self.move_block(from, to),
            Command::InsertBlock(kind) => self.insert_block(kind),
            Command::UpdateBlock { index, kind } => self.update_block(index, kind),
            Command::InsertMention { username, replace } => self.insert_mention(&username, replace),
            Command::Slash { item, replace } => self.slash(item, replace),
            Command::Paste(blocks) => self.paste(blocks),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::SelectAll => {
                let last = self.blocks.len() - 1;
                self.select(Selection::new(
                    Pos::new(0, 0),
                    Pos::new(last, self.blocks[last].len()),
                ));
                false
            }
            Command::Select(selection) => {
                self.select(selection);
                false
            }
        };
        if changed {
            self.normalise();
            if self.revision == before {
                self.revision += 1;
            }
        } else {
            self.selection = self.clamp_selection(self.selection);
        }
        changed
    }

    // ----- history -------------------------------------------------------

    /// Starts a change: records an undo step unless it continues `group`.
    fn begin(&mut self, group: Group) {
        if group == Group::None || group != self.group {
            self.undo.push(Snapshot {
                blocks: self.blocks.clone(),
                selection: self.selection,
            });
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.group = group;
    }

    fn undo(&mut self) -> bool {
        let (from, to) = (&mut self.undo, &mut self.redo);
        Self::jump(from, to, &mut self.blocks, &mut self.selection) && self.after_jump()
    }

    fn redo(&mut self) -> bool {
        let (from, to) = (&mut self.redo, &mut self.undo);
        Self::jump(from, to, &mut self.blocks, &mut self.selection) && self.after_jump()
    }

    /// Goes back to the last moment on `from`, keeping the present on `to`.
    fn jump(
        from: &mut Vec<Snapshot>,
        to: &mut Vec<Snapshot>,
        blocks: &mut Vec<Block>,
        selection: &mut Selection,
    ) -> bool {
        let Some(snapshot) = from.pop() else {
            return false;
        };
        to.push(Snapshot {
            blocks: std::mem::replace(blocks, snapshot.blocks),
            selection: std::mem::replace(selection, snapshot.selection),
        });
        true
    }

    fn after_jump(&mut self) -> bool {
        self.group = Group::None;
        self.stored_marks = None;
        true
    }

    fn select(&mut self, selection: Selection) {
        let selection = self.clamp_selection(selection);
        if selection != self.selection {
            self.group = Group::None;
            self.stored_marks = None;
        }
        self.selection = selection;
    }

    // ----- helpers -------------------------------------------------------

    fn fresh_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn new_block(&mut self, kind: Kind, text: RichText) -> Block {
        let id = self.fresh_id();
        Block::new(id, kind, text)
    }

    fn clamp_pos(&self, pos: Pos) -> Pos {
        let block = pos.block.min(self.blocks.len() - 1);
        Pos::new(block, pos.offset.min(self.blocks[block].len()))
    }

    /// In range; a caret on a picture, video or divider selects it whole.
    fn clamp_selection(&self, selection: Selection) -> Selection {
        let anchor = self.clamp_pos(selection.anchor);
        let head = self.clamp_pos(selection.head);
        if anchor == head && !self.blocks[head.block].kind.is_text() {
            return Selection::new(Pos::new(head.block, 0), Pos::new(head.block, 1));
        }
        Selection::new(anchor, head)
    }

    /// The picture, video or divider that alone is selected.
    fn selected_object(&self) -> Option<usize> {
        let (from, to) = (self.selection.from(), self.selection.to());
        (from.block == to.block
            && !self.blocks[from.block].kind.is_text()
            && from.offset == 0
            && to.offset == 1)
            .then_some(from.block)
    }

    /// Restores the normal form after a change.
    fn normalise(&mut self) {
        if self.blocks.is_empty() {
            let block = self.new_block(Kind::Paragraph, RichText::new());
            self.blocks.push(block);
        }
        for block in &mut self.blocks {
            block.quoted = block.quoted && block.kind.can_quote();
            match &mut block.kind {
                Kind::Heading(level) => *level = (*level).clamp(2, 4),
                Kind::ListItem { indent, .. } => *indent = (*indent).min(max_indent(block.quoted)),
                Kind::Code { .. }
                    if block.text.spans().iter().any(|s| match s {
                        Span::Text { marks, .. } => !marks.is_plain(),
                        _ => true,
                    }) =>
                {
                    block.text = block.text.flattened();
                }
                _ => {}
            }
            if !block.kind.is_text() && !block.text.is_empty() {
                block.text = RichText::new();
            }
        }
        self.selection = self.clamp_selection(self.selection);
    }

    /// Checks the normal form: what every command must leave behind.
    pub fn check(&self) -> Result<(), String> {
        if self.blocks.is_empty() {
            return Err("no blocks".into());
        }
        let mut ids = std::collections::HashSet::new();
        for (index, block) in self.blocks.iter().enumerate() {
            if !ids.insert(block.id) {
                return Err(format!("block {index}: duplicate id {}", block.id));
            }
            if !block.text.is_normal() {
                return Err(format!("block {index}: text not normalised"));
            }
            if block.quoted && !block.kind.can_quote() {
                return Err(format!("block {index}: quoted {:?}", block.kind));
            }
            match &block.kind {
                Kind::Heading(level) if !(2..=4).contains(level) => {
                    return Err(format!("block {index}: heading level {level}"));
                }
                Kind::ListItem { indent, .. } if *indent > max_indent(block.quoted) => {
                    return Err(format!("block {index}: indent {indent}"));
                }
                Kind::Code { .. } if block.text.flattened() != block.text => {
                    return Err(format!("block {index}: marks in code"));
                }
                kind if !kind.is_text() && !block.text.is_empty() => {
                    return Err(format!("block {index}: text on an object"));
                }
                _ => {}
            }
        }
        for pos in [self.selection.anchor, self.selection.head] {
            let block = self
                .blocks
                .get(pos.block)
                .ok_or_else(|| format!("selection {pos:?} past the end"))?;
            if pos.offset > block.len() {
                return Err(format!("selection {pos:?} past the block"));
            }
        }
        Ok(())
    }

    /// Deletes `from..to` (may span blocks) and returns where the caret goes.
    fn delete_range(&mut self, from: Pos, to: Pos) -> Pos {
        if from >= to {
            return from;
        }
        if from.block == to.block {
            let block = &mut self.blocks[from.block];
            if block.kind.is_text() {
                block.text = block.text.delete(from.offset, to.offset);
                return from;
            }
            self.blocks.remove(from.block);
            return self.after_removal(from.block);
        }
        let first = &self.blocks[from.block];
        let last = &self.blocks[to.block];
        let head = if first.kind.is_text() {
            let mut head = first.clone();
            head.text = first.text.split(from.offset).0;
            Some(head)
        } else {
            (from.offset == 1).then(|| first.clone())
        };
        let tail = if last.kind.is_text() {
            let mut tail = last.clone();
            tail.text = last.text.split(to.offset).1;
            Some(tail)
        } else {
            (to.offset == 0).then(|| last.clone())
        };
        let (replacement, caret) = match (head, tail) {
            (Some(mut head), Some(tail)) if head.kind.is_text() && tail.kind.is_text() => {
                let at = head.text.len();
                head.text = join(&head, &tail.text);
                (vec![head], Pos::new(from.block, at))
            }
            (Some(head), Some(tail)) => {
                let caret = if head.kind.is_text() {
                    Pos::new(from.block, head.text.len())
                } else {
                    Pos::new(from.block + 1, 0)
                };
                (vec![head, tail], caret)
            }
            (Some(head), None) => {
                let caret = Pos::new(from.block, head.len());
                (vec![head], caret)
            }
            (None, Some(tail)) => (vec![tail], Pos::new(from.block, 0)),
            (None, None) => (Vec::new(), Pos::new(from.block, 0)),
        };
        let empty = replacement.is_empty();
        self.blocks.splice(from.block..=to.block, replacement);
        if empty {
            return self.after_removal(from.block);
        }
        caret
    }

    /// After blocks were removed at `index`: keeps one block, and puts the
    /// caret at the start of what follows (or the end of what precedes).
    fn after_removal(&mut self, index: usize) -> Pos {
        if self.blocks.is_empty() {
            let block = self.new_block(Kind::Paragraph, RichText::new());
            self.blocks.push(block);
            return Pos::new(0, 0);
        }
        if index < self.blocks.len() {
            if self.blocks[index].kind.is_text() {
                return Pos::new(index, 0);
            }
            let block = self.new_block(Kind::Paragraph, RichText::new());
            self.blocks.insert(index, block);
            return Pos::new(index, 0);
        }
        let last = self.blocks.len() - 1;
        if self.blocks[last].kind.is_text() {
            return Pos::new(last, self.blocks[last].len());
        }
        let block = self.new_block(Kind::Paragraph, RichText::new());
        self.blocks.push(block);
        Pos::new(last + 1, 0)
    }

    /// Deletes the selection; if a picture, video or divider was selected,
    /// keeps it and returns a new empty paragraph after it instead (typing
    /// over an object adds text after it, never deletes it).
    fn replace_point(&mut self) -> Pos {
        if let Some(index) = self.selected_object() {
            let block = self.new_block(Kind::Paragraph, RichText::new());
            self.blocks.insert(index + 1, block);
            return Pos::new(index + 1, 0);
        }
        let (from, to) = (self.selection.from(), self.selection.to());
        let pos = self.delete_range(from, to);
        if self.blocks[pos.block].kind.is_text() {
            return pos;
        }
        // Before or after an object: a new line there.
        let at = pos.block + pos.offset.min(1);
        let block = self.new_block(Kind::Paragraph, RichText::new());
        self.blocks.insert(at, block);
        Pos::new(at, 0)
    }

    fn set_caret(&mut self, pos: Pos) {
        self.selection = Selection::caret(pos);
    }

    fn all_have(&self, kind: MarkKind) -> bool {
        let ranges = self.text_ranges();
        let mut any = false;
        for (index, from, to) in ranges {
            if from == to {
                continue;
            }
            if !self.blocks[index].text.all_have(from, to, kind) {
                return false;
            }
            any = true;
        }
        any
    }

    /// The selected part of each prose block (code blocks have no marks).
    fn text_ranges(&self) -> Vec<(usize, usize, usize)> {
        let (from, to) = (self.selection.from(), self.selection.to());
        (from.block..=to.block)
            .filter(|&index| {
                let kind = &self.blocks[index].kind;
                kind.is_text() && !kind.is_code()
            })
            .map(|index| {
                let start = if index == from.block { from.offset } else { 0 };
                let end = if index == to.block {
                    to.offset
                } else {
                    self.blocks[index].len()
                };
                (index, start, end.max(start))
            })
            .collect()
    }

    // ----- typing --------------------------------------------------------

    fn insert_text(&mut self, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        let in_code = self.selection.head.block < self.blocks.len()
            && self.blocks[self.selection.head.block].kind.is_code();
        if text.contains(['\n', '\r']) && !in_code {
            return self.paste(super::paste::plain_text(text));
        }
        let word_break = text.chars().all(char::is_whitespace);
        let id = self.blocks[self.selection.head.block].id;
        if word_break && self.group == Group::Typing(id) {
            self.group = Group::None;
        }
        self.begin(Group::Typing(id));
        let pos = self.replace_point();
        let stored = self.stored_marks.take();
        let block = &mut self.blocks[pos.block];
        let marks = if block.kind.is_code() {
            Marks::default()
        } else {
            stored.unwrap_or_else(|| block.text.marks_at(pos.offset))
        };
        let text = text.replace('\r', "");
        block.text = block
            .text
            .insert(pos.offset, &RichText::plain(&text, marks));
        let caret = Pos::new(pos.block, pos.offset + text.chars().count());
        self.set_caret(caret);
        self.group = Group::Typing(self.blocks[pos.block].id);
        if text.chars().count() == 1 {
            self.shortcut_after_typing(caret);
        }
        true
    }

    /// Markdown typed at the start of a paragraph (`## `, `- `, `1. `, `> `,
    /// ```` ``` ````) or around a word (`**bold**`, `_italic_`, `` `code` ``,
    /// `~~strike~~`). The shortcut is its own undo step, so Undo brings the
    /// typed characters back.
    fn shortcut_after_typing(&mut self, caret: Pos) {
        let block = &self.blocks[caret.block];
        if block.kind.is_code() {
            return;
        }
        let units = block.text.units();
        if block.kind == Kind::Paragraph
            && let Some(shortcut) = shortcuts::block_prefix(&units[..caret.offset])
        {
            self.begin(Group::None);
            let block = &mut self.blocks[caret.block];
            block.text = block.text.delete(0, caret.offset);
            block.kind = match shortcut {
                BlockShortcut::Heading(level) => Kind::Heading(level),
                BlockShortcut::Bullet => Kind::ListItem {
                    ordered: false,
                    indent: 0,
                    start: 1,
                },
                BlockShortcut::Numbered(start) => Kind::ListItem {
                    ordered: true,
                    indent: 0,
                    start,
                },
                BlockShortcut::Quote => {
                    block.quoted = true;
                    Kind::Paragraph
                }
                BlockShortcut::Code(language) => {
                    block.text = block.text.flattened();
                    Kind::Code { language }
                }
                BlockShortcut::Divider => Kind::Divider,
            };
            self.set_caret(Pos::new(caret.block, 0));
            self.group = Group::None;
            return;
        }
        if let Some(found) = shortcuts::inline_pair(&units[..caret.offset]) {
            self.begin(Group::None);
            let block = &mut self.blocks[caret.block];
            let text = block
                .text
                .delete(found.content_end, found.close_end)
                .map_marks(found.content_start, found.content_end, |m| {
                    m.set(found.mark, true)
                })
                .delete(found.open_start, found.content_start);
            block.text = text;
            let end = caret.offset
                - (found.close_end - found.content_end)
                - (found.content_start - found.open_start);
            let mut after = block.text.marks_at(end);
            after.set(found.mark, false);
            self.set_caret(Pos::new(caret.block, end));
            self.stored_marks = Some(after);
            self.group = Group::None;
        }
    }

    fn insert_break(&mut self) -> bool {
        self.begin(Group::None);
        let pos = self.replace_point();
        let block = &mut self.blocks[pos.block];
        let piece = if block.kind.is_code() {
            RichText::plain("\n", Marks::default())
        } else {
            RichText::from_spans(vec![Span::Break])
        };
        block.text = block.text.insert(pos.offset, &piece);
        self.set_caret(Pos::new(pos.block, pos.offset + 1));
        true
    }

    /// Enter.
    fn split(&mut self) -> bool {
        if let Some(index) = self.selected_object() {
            self.begin(Group::None);
            let block = self.new_block(Kind::Paragraph, RichText::new());
            self.blocks.insert(index + 1, block);
            self.set_caret(Pos::new(index + 1, 0));
            return true;
        }
        // "```rust" or "---" then Enter.
        if self.selection.is_collapsed() {
            let at = self.selection.head;
            let block = &self.blocks[at.block];
            if block.kind == Kind::Paragraph && at.offset == block.len() {
                match shortcuts::on_enter(&block.text.units()) {
                    Some(BlockShortcut::Code(language)) => {
                        self.begin(Group::None);
                        let block = &mut self.blocks[at.block];
                        block.kind = Kind::Code { language };
                        block.quoted = false;
                        block.text = RichText::new();
                        self.set_caret(Pos::new(at.block, 0));
                        return true;
                    }
                    Some(_) => {
                        self.begin(Group::None);
                        self.blocks[at.block].kind = Kind::Divider;
                        self.blocks[at.block].text = RichText::new();
                        let block = self.new_block(Kind::Paragraph, RichText::new());
                        self.blocks.insert(at.block + 1, block);
                        self.set_caret(Pos::new(at.block + 1, 0));
                        return true;
                    }
                    None => {}
                }
            }
        }
        self.begin(Group::None);
        let pos = self.replace_point();
        let block = self.blocks[pos.block].clone();
        match &block.kind {
            Kind::Code { .. } => {
                let ends_empty =
                    pos.offset == block.len() && block.text.to_plain_string().ends_with('\n');
                if ends_empty {
                    // Enter on an empty last line leaves the code block.
                    self.blocks[pos.block].text = block.text.split(pos.offset - 1).0;
                    let next = self.new_block(Kind::Paragraph, RichText::new());
                    self.blocks.insert(pos.block + 1, next);
                    self.set_caret(Pos::new(pos.block + 1, 0));
                } else {
                    self.blocks[pos.block].text = block
                        .text
                        .insert(pos.offset, &RichText::plain("\n", Marks::default()));
                    self.set_caret(Pos::new(pos.block, pos.offset + 1));
                }
                return true;
            }
            Kind::ListItem {
                ordered,
                indent,
                start,
            } if block.text.is_empty() => {
                self.blocks[pos.block].kind = if *indent > 0 {
                    Kind::ListItem {
                        ordered: *ordered,
                        indent: indent - 1,
                        start: *start,
                    }
                } else {
                    Kind::Paragraph
                };
                self.set_caret(pos);
                return true;
            }
            Kind::Paragraph if block.quoted && block.text.is_empty() => {
                self.blocks[pos.block].quoted = false;
                self.set_caret(pos);
                return true;
            }
            Kind::Heading(_) | Kind::Callout(_) if block.text.is_empty() => {
                self.blocks[pos.block].kind = Kind::Paragraph;
                self.set_caret(pos);
                return true;
            }
            Kind::Image { .. } | Kind::Youtube { .. } | Kind::Divider => {
                let next = self.new_block(Kind::Paragraph, RichText::new());
                let at = pos.block + usize::from(pos.offset > 0);
                self.blocks.insert(at, next);
                self.set_caret(Pos::new(at, 0));
                return true;
            }
            _ => {}
        }
        let (left, right) = block.text.split(pos.offset);
        if pos.offset == 0 && !right.is_empty() {
            // At the start: an empty line above, the caret stays put.
            let kind = match &block.kind {
                Kind::Heading(_) | Kind::Callout(_) => Kind::Paragraph,
                other => other.clone(),
            };
            let mut above = self.new_block(kind, RichText::new());
            above.quoted = block.quoted;
            self.blocks.insert(pos.block, above);
            self.set_caret(Pos::new(pos.block + 1, 0));
            return true;
        }
        let kind = match &block.kind {
            Kind::Heading(_) | Kind::Callout(_) if right.is_empty() => Kind::Paragraph,
            other => other.clone(),
        };
        self.blocks[pos.block].text = left;
        let mut below = self.new_block(kind, right);
        below.quoted = block.quoted;
        self.blocks.insert(pos.block + 1, below);
        self.set_caret(Pos::new(pos.block + 1, 0));
        true
    }

    fn delete(&mut self, direction: Direction, word: bool) -> bool {
        if !self.selection.is_collapsed() {
            self.begin(Group::None);
            let (from, to) = (self.selection.from(), self.selection.to());
            let caret = self.delete_range(from, to);
            self.set_caret(caret);
            return true;
        }
        let at = self.selection.head;
        let block = self.blocks[at.block].clone();
        let inside = match direction {
            Direction::Backward => at.offset > 0,
            Direction::Forward => at.offset < block.len(),
        };
        if inside {
            let units = block.text.units();
            let (from, to) = match (direction, word) {
                (Direction::Backward, false) => (cluster_start(&units, at.offset), at.offset),
                (Direction::Forward, false) => (at.offset, cluster_end(&units, at.offset)),
                (Direction::Backward, true) => (word_start(&units, at.offset), at.offset),
                (Direction::Forward, true) => (at.offset, word_end(&units, at.offset)),
            };
            self.begin(Group::Deleting(block.id));
            self.blocks[at.block].text = block.text.delete(from, to);
            self.set_caret(Pos::new(at.block, from));
            return true;
        }
        match direction {
            Direction::Backward => self.backspace_at_start(at.block),
            Direction::Forward => self.delete_at_end(at.block),
        }
    }

    fn delete_measured(&mut self, range: Selection) -> bool {
        let range = self.clamp_selection(range);
        let (from, to) = (range.from(), range.to());
        if from == to {
            return false;
        }
        let block = &self.blocks[from.block];
        let group = if from.block == to.block && block.kind.is_text() {
            Group::Deleting(block.id)
        } else {
            Group::None
        };
        self.begin(group);
        self.stored_marks = None;
        let caret = self.delete_range(from, to);
        self.set_caret(caret);
        true
    }

    /// Backspace at the start of a block: first undo its formatting, then
    /// join it to the block before.
    fn backspace_at_start(&mut self, index: usize) -> bool {
        let block = self.blocks[index].clone();
        let caret = Pos::new(index, 0);
        let new_kind = match &block.kind {
            Kind::ListItem {
                ordered,
                indent,
                start,
            } if *indent > 0 => Some(Kind::ListItem {
                ordered: *ordered,
                indent: indent - 1,
                start: *start,
            }),
            Kind::ListItem { .. } | Kind::Heading(_) | Kind::Callout(_) | Kind::Code { .. } => {
                Some(Kind::Paragraph)
            }
            _ => None,
        };
        if let Some(kind) = new_kind {
            self.begin(Group::None);
            let target = &mut self.blocks[index];
            if target.kind.is_code() {
                target.text = target.text.unflattened();
            }
            target.kind = kind;
            self.set_caret(caret);
            return true;
        }
        if block.quoted {
            self.begin(Group::None);
            self.blocks[index].quoted = false;
            self.set_caret(caret);
            return true;
        }
        if index == 0 {
            return false;
        }
        let previous = self.blocks[index - 1].clone();
        self.begin(Group::None);
        if !previous.kind.is_text() {
            if block.is_empty() {
                self.blocks.remove(index);
            }
            self.selection = Selection::new(Pos::new(index - 1, 0), Pos::new(index - 1, 1));
            return true;
        }
        if previous.is_empty() {
            self.blocks.remove(index - 1);
            self.set_caret(Pos::new(index - 1, 0));
            return true;
        }
        let at = previous.text.len();
        self.blocks[index - 1].text = join(&previous, &block.text);
        self.blocks.remove(index);
        self.set_caret(Pos::new(index - 1, at));
        true
    }

    /// Delete at the end of a block: joins the next block to it.
    fn delete_at_end(&mut self, index: usize) -> bool {
        if index + 1 >= self.blocks.len() {
            return false;
        }
        let block = self.blocks[index].clone();
        let next = self.blocks[index + 1].clone();
        self.begin(Group::None);
        if !next.kind.is_text() || !block.kind.is_text() {
            let object = if next.kind.is_text() {
                index
            } else {
                index + 1
            };
            if block.is_empty() && block.kind.is_text() {
                self.blocks.remove(index);
                self.selection = Selection::new(Pos::new(index, 0), Pos::new(index, 1));
            } else {
                self.selection = Selection::new(Pos::new(object, 0), Pos::new(object, 1));
            }
            return true;
        }
        if block.is_empty() {
            self.blocks.remove(index);
            self.set_caret(Pos::new(index, 0));
            return true;
        }
        self.blocks[index].text = join(&block, &next.text);
        self.blocks.remove(index + 1);
        self.set_caret(Pos::new(index, block.text.len()));
        true
    }

    // ----- marks and links ----------------------------------------------

    fn toggle_mark(&mut self, kind: MarkKind) -> bool {
        if self.selection.is_collapsed() {
            let mut marks = self.active_marks();
            marks.set(kind, !marks.has(kind));
            self.stored_marks = Some(marks);
            return false;
        }
        let on = !self.all_have(kind);
        self.mark_selection(|m| m.set(kind, on))
    }

    /// Changes the marks of the selected prose text, as one undo step.
    fn mark_selection(&mut self, change: impl Fn(&mut Marks)) -> bool {
        let ranges: Vec<_> = self
            .text_ranges()
            .into_iter()
            .filter(|(_, from, to)| from < to)
            .collect();
        if ranges.is_empty() {
            return false;
        }
        self.begin(Group::None);
        for (index, from, to) in ranges {
            let block = &mut self.blocks[index];
            block.text = block.text.map_marks(from, to, &change);
        }
        true
    }

    fn set_link(&mut self, href: Option<String>) -> bool {
        let href = href.map(|h| h.trim().to_owned());
        if let Some(href) = &href
            && urls::check_link(href).is_err()
        {
            return false;
        }
        if self.selection.is_collapsed() {
            let at = self.selection.head;
            if !self.blocks[at.block].kind.is_text() || self.blocks[at.block].kind.is_code() {
                return false;
            }
            if let Some((start, end, _)) = self.blocks[at.block].text.link_at(at.offset) {
                self.begin(Group::None);
                let block = &mut self.blocks[at.block];
                block.text = block
                    .text
                    .map_marks(start, end, |m| m.link.clone_from(&href));
                return true;
            }
            let Some(href) = href else {
                return false;
            };
            // No text chosen: the address itself becomes the link's text.
            self.begin(Group::None);
            let block = &mut self.blocks[at.block];
            let mut marks = block.text.marks_at(at.offset);
            marks.link = Some(href.clone());
            block.text = block.text.insert(at.offset, &RichText::plain(&href, marks));
            let end = at.offset + href.chars().count();
            self.set_caret(Pos::new(at.block, end));
            self.stored_marks = Some(Marks {
                link: None,
                ..self.blocks[at.block].text.marks_at(end)
            });
            return true;
        }
        self.mark_selection(|m| m.link.clone_from(&href))
    }

    // ----- block types ---------------------------------------------------

    fn selected_blocks(&self) -> std::ops::RangeInclusive<usize> {
        self.selection.from().block..=self.selection.to().block
    }

    fn set_type(&mut self, target: BlockType) -> bool {
        let Some(kind) = target.text_kind() else {
            return false;
        };
        let indices: Vec<usize> = self
            .selected_blocks()
            .filter(|&i| self.blocks[i].kind.is_text())
            .collect();
        if indices.is_empty() {
            return false;
        }
        let all_already = indices
            .iter()
            .all(|&i| self.blocks[i].kind.block_type() == target);
        let kind = if all_already { Kind::Paragraph } else { kind };
        self.begin(Group::None);
        for index in indices {
            let block = &mut self.blocks[index];
            let new_kind = match (&block.kind, &kind) {
                // A list stays indented when it changes between bullets and numbers.
                (Kind::ListItem { indent, start, .. }, Kind::ListItem { ordered, .. }) => {
                    Kind::ListItem {
                        ordered: *ordered,
                        indent: *indent,
                        start: *start,
                    }
                }
                _ => kind.clone(),
            };
            if new_kind.is_code() && !block.kind.is_code() {
                block.text = block.text.flattened();
            } else if block.kind.is_code() && !new_kind.is_code() {
                block.text = block.text.unflattened();
            }
            block.kind = new_kind;
        }
        self.selection = self.clamp_selection(self.selection);
        true
    }

    fn toggle_quote(&mut self) -> bool {
        let indices: Vec<usize> = self
            .selected_blocks()
            .filter(|&i| self.blocks[i].kind.is_text())
            .collect();
        if indices.is_empty() {
            return false;
        }
        let quote = !indices.iter().all(|&i| self.blocks[i].quoted);
        self.begin(Group::None);
        for index in indices {
            let block = &mut self.blocks[index];
            if quote && !block.kind.can_quote() {
                if block.kind.is_code() {
                    block.text = block.text.unflattened();
                }
                block.kind = Kind::Paragraph;
            }
            block.quoted = quote;
        }
        true
    }

    fn indent(&mut self, deeper: bool) -> bool {
        let indices: Vec<usize> = self
            .selected_blocks()
            .filter(|&i| matches!(self.blocks[i].kind, Kind::ListItem { .. }))
            .collect();
        let mut changed = false;
        let mut began = false;
        for index in indices {
            let previous_indent = index.checked_sub(1).and_then(|p| {
                match (&self.blocks[p].kind, self.blocks[p].quoted) {
                    (Kind::ListItem { indent, .. }, quoted)
                        if quoted == self.blocks[index].quoted =>
                    {
                        Some(*indent)
                    }
                    _ => None,
                }
            });
            let quoted = self.blocks[index].quoted;
            let Kind::ListItem {
                ordered,
                indent,
                start,
            } = self.blocks[index].kind.clone()
            else {
                continue;
            };
            let new_kind = if deeper {
                let limit = previous_indent.map_or(0, |p| p + 1).min(max_indent(quoted));
                (indent < limit).then_some(Kind::ListItem {
                    ordered,
                    indent: indent + 1,
                    start,
                })
            } else if indent > 0 {
                Some(Kind::ListItem {
                    ordered,
                    indent: indent - 1,
                    start,
                })
            } else {
                Some(Kind::Paragraph)
            };
            if let Some(kind) = new_kind {
                if !began {
                    self.begin(Group::None);
                    began = true;
                }
                self.blocks[index].kind = kind;
                changed = true;
            }
        }
        changed
    }

    // ----- moving blocks ------------------------------------------------

    fn move_selected(&mut self, up: bool) -> bool {
        let (first, last) = (self.selection.from().block, self.selection.to().block);
        if (up && first == 0) || (!up && last + 1 >= self.blocks.len()) {
            return false;
        }
        self.begin(Group::None);
        if up {
            let above = self.blocks.remove(first - 1);
            self.blocks.insert(last, above);
        } else {
            let below = self.blocks.remove(last + 1);
            self.blocks.insert(first, below);
        }
        let shift = |pos: Pos| Pos::new(if up { pos.block - 1 } else { pos.block + 1 }, pos.offset);
        self.selection = Selection::new(shift(self.selection.anchor), shift(self.selection.head));
        true
    }

    fn move_block(&mut self, from: usize, to: usize) -> bool {
        if from >= self.blocks.len() || from == to {
            return false;
        }
        let to = to.min(self.blocks.len() - 1);
        if from == to {
            return false;
        }
        self.begin(Group::None);
        let block = self.blocks.remove(from);
        self.blocks.insert(to, block);
        self.selection = if self.blocks[to].kind.is_text() {
            Selection::caret(Pos::new(to, 0))
        } else {
            Selection::new(Pos::new(to, 0), Pos::new(to, 1))
        };
        true
    }

    // ----- objects, mentions, paste ---------------------------------------

    fn insert_block(&mut self, kind: Kind) -> bool {
        if kind.is_text() {
            return false;
        }
        self.begin(Group::None);
        let at = if let Some(index) = self.selected_object() {
            index + 1
        } else {
            let (from, to) = (self.selection.from(), self.selection.to());
            let pos = self.delete_range(from, to);
            let block = self.blocks[pos.block].clone();
            if !block.kind.is_text() {
                pos.block + pos.offset.min(1)
            } else if block.is_empty() && block.kind == Kind::Paragraph && !block.quoted {
                self.blocks.remove(pos.block);
                pos.block
            } else if pos.offset == 0 {
                pos.block
            } else if pos.offset >= block.len() {
                pos.block + 1
            } else {
                let (left, right) = block.text.split(pos.offset);
                let mut rest = self.new_block(block.kind.clone(), right);
                rest.quoted = block.quoted;
                self.blocks[pos.block].text = left;
                self.blocks.insert(pos.block + 1, rest);
                pos.block + 1
            }
        };
        let object = self.new_block(kind, RichText::new());
        self.blocks.insert(at, object);
        // Somewhere to keep writing after it.
        if self.blocks.get(at + 1).is_none_or(|b| !b.kind.is_text()) {
            let block = self.new_block(Kind::Paragraph, RichText::new());
            self.blocks.insert(at + 1, block);
        }
        self.set_caret(Pos::new(at + 1, 0));
        true
    }

    fn update_block(&mut self, index: usize, kind: Kind) -> bool {
        let Some(block) = self.blocks.get(index) else {
            return false;
        };
        if !block.kind.same_type(&kind) || block.kind == kind {
            return false;
        }
        let id = block.id;
        self.begin(Group::Update(id));
        self.blocks[index].kind = kind;
        true
    }

    fn insert_mention(&mut self, username: &str, replace: usize) -> bool {
        if Username::parse(username).is_err() || !self.selection.is_collapsed() {
            return false;
        }
        let at = self.selection.head;
        let block = &self.blocks[at.block];
        if !block.kind.is_text() || block.kind.is_code() {
            return false;
        }
        self.begin(Group::None);
        let from = at.offset.saturating_sub(replace);
        let block = &mut self.blocks[at.block];
        let mut marks = block.text.marks_at(from);
        marks.link = None;
        let text = block.text.delete(from, at.offset);
        let piece = RichText::from_spans(vec![
            Span::Mention {
                username: username.to_owned(),
            },
            Span::Text {
                text: " ".into(),
                marks,
            },
        ]);
        block.text = text.insert(from, &piece);
        self.set_caret(Pos::new(at.block, from + 2));
        true
    }

    fn slash(&mut self, item: super::SlashItem, replace: usize) -> bool {
        let at = self.selection.head;
        if !self.selection.is_collapsed() || !self.blocks[at.block].kind.is_text() {
            return false;
        }
        let before = Snapshot {
            blocks: self.blocks.clone(),
            selection: self.selection,
        };
        // The steps below each record their own undo step; they become one.
        let history = std::mem::take(&mut self.undo);
        self.begin(Group::None);
        let from = Pos::new(at.block, at.offset.saturating_sub(replace));
        let caret = self.delete_range(from, at);
        self.set_caret(caret);
        match item {
            super::SlashItem::Quote => {
                if !self.blocks[caret.block].quoted {
                    self.toggle_quote();
                }
            }
            super::SlashItem::Block(BlockType::Divider) => {
                self.insert_block(Kind::Divider);
            }
            super::SlashItem::Block(target) => {
                // Chosen, not toggled: already that type stays that type.
                if target.text_kind().is_some() && self.current_type() != target {
                    self.set_type(target);
                }
            }
        }
        self.undo = history;
        self.undo.push(before);
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.group = Group::None;
        true
    }

    fn paste(&mut self, fragment: Vec<Block>) -> bool {
        let mut fragment: Vec<Block> = fragment
            .into_iter()
            .filter(|b| !b.is_empty() || !b.kind.is_text())
            .collect();
        if fragment.is_empty() {
            return false;
        }
        for block in &mut fragment {
            block.id = self.fresh_id();
        }
        self.begin(Group::None);
        let pos = if let Some(index) = self.selected_object() {
            Pos::new(index, 1)
        } else {
            let (from, to) = (self.selection.from(), self.selection.to());
            self.delete_range(from, to)
        };
        let current = self.blocks[pos.block].clone();
        if !current.kind.is_text() {
            let at = pos.block + pos.offset.min(1);
            let count = fragment.len();
            let last_len = fragment[count - 1].len();
            self.blocks.splice(at..at, fragment);
            self.set_caret(Pos::new(at + count - 1, last_len));
            return true;
        }
        if current.kind.is_code() {
            let text = fragment
                .iter()
                .map(|b| b.text.to_plain_string())
                .collect::<Vec<_>>()
                .join("\n");
            let piece = RichText::plain(&text, Marks::default());
            self.blocks[pos.block].text = current.text.insert(pos.offset, &piece);
            self.set_caret(Pos::new(pos.block, pos.offset + piece.len()));
            return true;
        }
        if fragment.len() == 1 && fragment[0].kind.is_text() {
            let piece = fragment.remove(0);
            let text = if piece.kind.is_code() {
                piece.text.unflattened()
            } else {
                piece.text.clone()
            };
            let target = &mut self.blocks[pos.block];
            if target.is_empty() && target.kind == Kind::Paragraph {
                target.kind = piece.kind.clone();
                target.quoted = target.quoted || piece.quoted;
                target.text = piece.text;
                let len = target.text.len();
                self.set_caret(Pos::new(pos.block, len));
                return true;
            }
            target.text = current.text.insert(pos.offset, &text);
            self.set_caret(Pos::new(pos.block, pos.offset + text.len()));
            return true;
        }
        let (left, right) = current.text.split(pos.offset);
        let mut out: Vec<Block> = Vec::new();
        let mut head = current.clone();
        head.text = left;
        let mut rest = fragment.into_iter().peekable();
        if let Some(first) = rest.peek()
            && first.kind.is_text()
            && !first.kind.is_code()
        {
            let first = rest.next().unwrap_or_else(|| head.clone());
            if head.is_empty() && head.kind == Kind::Paragraph {
                head.kind = first.kind.clone();
                head.quoted = head.quoted || first.quoted;
            }
            head.text = head.text.concat(&first.text);
            out.push(head);
        } else if !head.is_empty() {
            out.push(head);
        }
        out.extend(rest);
        let caret;
        let last_index = out.len() - 1;
        let last = &mut out[last_index];
        if last.kind.is_text() && !last.kind.is_code() {
            caret = last.text.len();
            last.text = last.text.clone().concat(&right);
        } else if !right.is_empty() || last.kind.is_code() || !last.kind.is_text() {
            let mut tail = Block::new(self.fresh_id(), current.kind.clone(), right);
            tail.quoted = current.quoted;
            out.push(tail);
            caret = 0;
        } else {
            caret = last.len();
        }
        let count = out.len();
        self.blocks.splice(pos.block..=pos.block, out);
        let end = pos.block + count - 1;
        let caret = caret.min(self.blocks[end].len());
        self.set_caret(Pos::new(end, caret));
        true
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Backward,
    Forward,
}

/// `head`'s text followed by `tail` as `head`'s kind holds it.
fn join(head: &Block, tail: &RichText) -> RichText {
    if head.kind.is_code() {
        head.text.clone().concat(&tail.flattened())
    } else {
        head.text.clone().concat(&tail.unflattened())
    }
}

/// Characters that belong to the one before (accents, emoji modifiers,
/// joiners, variation selectors): Backspace removes them together.
fn joins_previous(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F
        | 0x1F3FB..=0x1F3FF | 0x200D | 0xE0020..=0xE007F)
}

/// The start of the character cluster ending at `at`.
fn cluster_start(units: &[char], at: usize) -> usize {
    let mut start = at.saturating_sub(1);
    while start > 0 && (joins_previous(units[start]) || units[start - 1] == '\u{200D}') {
        start -= 1;
    }
    start
}

/// The end of the character cluster starting at `at`.
fn cluster_end(units: &[char], at: usize) -> usize {
    let mut end = (at + 1).min(units.len());
    while end < units.len() && (joins_previous(units[end]) || units[end - 1] == '\u{200D}') {
        end += 1;
    }
    end
}

fn word_start(units: &[char], at: usize) -> usize {
    let mut start = at;
    while start > 0 && units[start - 1].is_whitespace() {
        start -= 1;
    }
    while start > 0 && !units[start - 1].is_whitespace() {
        start -= 1;
    }
    start.min(at.saturating_sub(1))
}

fn word_end(units: &[char], at: usize) -> usize {
    let mut end = at;
    while end < units.len() && units[end].is_whitespace() {
        end += 1;
    }
    while end < units.len() && !units[end].is_whitespace() {
        end += 1;
    }
    end.max(at + 1).min(units.len())
}
