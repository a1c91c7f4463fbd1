//! Property tests: any sequence of edits leaves a well-formed editor whose
//! document the server accepts, and undoing every step returns to the start.

use proptest::prelude::*;

use super::*;
use crate::features::posts::document::{Limits, Tone};

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "b", "é", "👍", " ", "*", "_", "`", "~", "#", "-", "1", ".", ">", "\n",
        ]),
        1..4,
    )
    .prop_map(|parts| parts.concat())
}

fn pos() -> impl Strategy<Value = Pos> {
    (0usize..8, 0usize..12).prop_map(|(block, offset)| Pos::new(block, offset))
}

fn block_type() -> impl Strategy<Value = BlockType> {
    prop::sample::select(vec![
        BlockType::Paragraph,
        BlockType::Heading(2),
        BlockType::Heading(4),
        BlockType::BulletList,
        BlockType::NumberedList,
        BlockType::Code,
        BlockType::Callout(Tone::Warning),
    ])
}

fn object() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Image {
            src: "/media/a.webp".into(),
            alt: "A picture".into(),
            caption: None,
            width: None,
            height: None,
        }),
        Just(Kind::Youtube {
            video_id: "dQw4w9WgXcQ".into(),
            start: 5,
        }),
        Just(Kind::Divider),
    ]
}

fn fragment() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(
        (block_type(), text(), any::<bool>()).prop_map(|(kind, text, quoted)| {
            let kind = kind.text_kind().unwrap_or(Kind::Paragraph);
            let text = if kind.is_code() {
                RichText::plain(&text, Marks::default())
            } else {
                RichText::plain(
                    &text.replace('\n', " "),
                    Marks::default().with(MarkKind::Bold),
                )
            };
            let mut block = Block::new(0, kind, text);
            block.quoted = quoted && block.kind.can_quote();
            block
        }),
        1..4,
    )
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        6 => text().prop_map(Command::InsertText),
        1 => Just(Command::InsertBreak),
        3 => Just(Command::Split),
        3 => Just(Command::DeleteBackward),
        1 => Just(Command::DeleteForward),
        1 => Just(Command::DeleteWordBackward),
        1 => Just(Command::DeleteWordForward),
        1 => (pos(), pos()).prop_map(|(a, h)| Command::DeleteRange(Selection::new(a, h))),
        2 => prop::sample::select(MarkKind::ALL.to_vec()).prop_map(Command::ToggleMark),
        1 => prop::sample::select(vec![
            Some("https://example.com/a".to_owned()),
            Some("/p/x".to_owned()),
            Some("javascript:alert(1)".to_owned()),
            None,
        ])
        .prop_map(Command::SetLink),
        2 => block_type().prop_map(Command::SetType),
        1 => Just(Command::ToggleQuote),
        1 => Just(Command::Indent),
        1 => Just(Command::Outdent),
        1 => Just(Command::MoveUp),
        1 => Just(Command::MoveDown),
        1 => (0usize..8, 0usize..8).prop_map(|(from, to)| Command::MoveBlock { from, to }),
        1 => object().prop_map(Command::InsertBlock),
        1 => (0usize..6, prop::sample::select(vec!["ana", "mira_2"]))
            .prop_map(|(replace, name)| Command::InsertMention { username: name.into(), replace }),
        1 => (0usize..6, prop::sample::select(triggers::SLASH_ITEMS.to_vec()))
            .prop_map(|(replace, item)| Command::Slash { item, replace }),
        1 => fragment().prop_map(Command::Paste),
        2 => Just(Command::Undo),
        1 => Just(Command::Redo),
        1 => Just(Command::SelectAll),
        4 => (pos(), pos()).prop_map(|(a, h)| Command::Select(Selection::new(a, h))),
        3 => pos().prop_map(|p| Command::Select(Selection::caret(p))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]

    #[test]
    fn any_edits_keep_a_valid_document_and_undo_returns_to_the_start(
        commands in prop::collection::vec(command(), 1..40)
    ) {
        let mut editor = Editor::new(&crate::features::posts::document::Document::default());
        let start: Vec<Block> = editor.blocks().to_vec();
        for command in commands {
            editor.apply(command.clone());
            if let Err(problem) = editor.check() {
                prop_assert!(false, "after {command:?}: {problem}\n{:#?}", editor.blocks());
            }
            let document = editor.document();
            if let Err(problems) = document.validate(&Limits::default()) {
                prop_assert!(false, "after {command:?}: {problems:?}\n{document:#?}");
            }
            // What the editor saves, it opens again unchanged.
            prop_assert_eq!(Editor::new(&document).document(), document);
        }
        let end: Vec<Block> = editor.blocks().to_vec();
        let mut steps = 0;
        while editor.can_undo() {
            editor.apply(Command::Undo);
            steps += 1;
        }
        prop_assert_eq!(editor.blocks(), &start[..]);
        // Redoing as many steps comes back to where the writer was.
        for _ in 0..steps {
            editor.apply(Command::Redo);
        }
        prop_assert_eq!(editor.blocks(), &end[..]);
    }

    #[test]
    fn rich_text_splits_and_joins_back(
        pieces in prop::collection::vec((text(), any::<bool>()), 0..6),
        at in 0usize..20,
        to in 0usize..20,
    ) {
        let spans: Vec<Span> = pieces
            .into_iter()
            .map(|(text, bold)| if text == "@" {
                Span::Mention { username: "ana".into() }
            } else {
                Span::Text { text, marks: if bold { Marks::default().with(MarkKind::Bold) } else { Marks::default() } }
            })
            .collect();
        let rich = RichText::from_spans(spans);
        prop_assert!(rich.is_normal());
        let (left, right) = rich.split(at);
        prop_assert!(left.is_normal() && right.is_normal());
        prop_assert_eq!(left.len() + right.len(), rich.len());
        prop_assert_eq!(left.concat(&right), rich.clone());
        let (from, to) = (at.min(to), at.max(to));
        let deleted = rich.delete(from, to);
        prop_assert_eq!(deleted.len(), rich.len() - (to.min(rich.len()) - from.min(rich.len())));
        let bolded = rich.map_marks(from, to, |m| m.bold = true);
        prop_assert!(bolded.is_normal());
        prop_assert_eq!(bolded.to_plain_string(), rich.to_plain_string());
    }
}
