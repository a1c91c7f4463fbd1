//! What a writer does in the editor, command by command.

use super::paste::{self, Node};
use super::render::{block_html, numbers, parse_clock};
use super::*;
use crate::features::posts::document::{self as doc, Document, Inline, Limits, ListItem, Mark};

fn typed(editor: &mut Editor, text: &str) {
    for c in text.chars() {
        editor.apply(Command::InsertText(c.to_string()));
    }
}

fn texts(editor: &Editor) -> Vec<String> {
    editor
        .blocks()
        .iter()
        .map(|b| b.text.to_plain_string())
        .collect()
}

fn caret(block: usize, offset: usize) -> Command {
    Command::Select(Selection::caret(Pos::new(block, offset)))
}

fn select(from: (usize, usize), to: (usize, usize)) -> Command {
    Command::Select(Selection::new(
        Pos::new(from.0, from.1),
        Pos::new(to.0, to.1),
    ))
}

fn empty() -> Editor {
    Editor::new(&Document::default())
}

fn para(text: &str) -> doc::Block {
    doc::Block::Paragraph {
        content: vec![Inline::text(text)],
    }
}

#[test]
fn typing_fills_an_empty_post_and_undo_takes_back_a_word_at_a_time() {
    let mut editor = empty();
    typed(&mut editor, "Hello sparkly world");
    assert_eq!(texts(&editor), ["Hello sparkly world"]);
    assert_eq!(editor.selection(), Selection::caret(Pos::new(0, 19)));
    editor.apply(Command::Undo);
    assert_eq!(texts(&editor), ["Hello sparkly"]);
    editor.apply(Command::Undo);
    assert_eq!(texts(&editor), ["Hello"]);
    editor.apply(Command::Redo);
    assert_eq!(texts(&editor), ["Hello sparkly"]);
    // Moving the caret starts a new step.
    editor.apply(caret(0, 0));
    typed(&mut editor, "Oh");
    editor.apply(Command::Undo);
    assert_eq!(texts(&editor), ["Hello sparkly"]);
    assert!(!editor.can_redo() || editor.can_redo());
}

#[test]
fn enter_splits_and_backspace_joins_like_a_word_processor() {
    let mut editor = empty();
    typed(&mut editor, "Hello world");
    editor.apply(caret(0, 5));
    editor.apply(Command::Split);
    assert_eq!(texts(&editor), ["Hello", " world"]);
    assert_eq!(editor.selection().head, Pos::new(1, 0));
    editor.apply(Command::DeleteBackward);
    assert_eq!(texts(&editor), ["Hello world"]);
    assert_eq!(editor.selection().head, Pos::new(0, 5));
    // Delete at the end of a block pulls the next one up.
    editor.apply(Command::Split);
    editor.apply(caret(0, 5));
    editor.apply(Command::DeleteForward);
    assert_eq!(texts(&editor), ["Hello world"]);
}

#[test]
fn headings_end_with_enter_and_become_text_with_backspace() {
    let mut editor = empty();
    typed(&mut editor, "## Chapter one");
    assert_eq!(editor.blocks()[0].kind, Kind::Heading(2));
    assert_eq!(texts(&editor), ["Chapter one"]);
    editor.apply(Command::Split);
    assert_eq!(editor.blocks()[1].kind, Kind::Paragraph);
    editor.apply(caret(0, 0));
    editor.apply(Command::DeleteBackward);
    assert_eq!(editor.blocks()[0].kind, Kind::Paragraph);
    assert_eq!(texts(&editor), ["Chapter one", ""]);
}

#[test]
fn lists_nest_with_tab_and_enter_on_an_empty_item_leaves_the_list() {
    let mut editor = empty();
    typed(&mut editor, "- one");
    editor.apply(Command::Split);
    typed(&mut editor, "two");
    editor.apply(Command::Indent);
    editor.apply(Command::Split);
    typed(&mut editor, "three");
    editor.apply(Command::Outdent);
    editor.apply(Command::Split);
    // Empty item: Enter leaves the list.
    editor.apply(Command::Split);
    assert_eq!(editor.blocks()[3].kind, Kind::Paragraph);
    typed(&mut editor, "after");
    let document = editor.document();
    assert_eq!(
        document.blocks,
        vec![
            doc::Block::BulletList {
                items: vec![
                    ListItem {
                        content: vec![Inline::text("one")],
                        children: vec![doc::Block::BulletList {
                            items: vec![ListItem {
                                content: vec![Inline::text("two")],
                                children: vec![],
                            }],
                        }],
                    },
                    ListItem {
                        content: vec![Inline::text("three")],
                        children: vec![],
                    },
                ],
            },
            para("after"),
        ]
    );
    // The first item cannot be indented (there is nothing to nest under).
    editor.apply(caret(0, 0));
    assert!(!editor.apply(Command::Indent));
}

#[test]
fn numbered_lists_count_from_their_start_and_switch_with_bullets() {
    let mut editor = empty();
    typed(&mut editor, "3. three");
    editor.apply(Command::Split);
    typed(&mut editor, "four");
    assert_eq!(numbers(editor.blocks()), vec![Some(3), Some(4)]);
    assert_eq!(
        editor.document().blocks[0],
        doc::Block::NumberedList {
            start: 3,
            items: vec![
                ListItem {
                    content: vec![Inline::text("three")],
                    children: vec![],
                },
                ListItem {
                    content: vec![Inline::text("four")],
                    children: vec![],
                },
            ],
        }
    );
    editor.apply(select((0, 0), (1, 4)));
    editor.apply(Command::SetType(BlockType::BulletList));
    assert!(matches!(
        editor.document().blocks[0],
        doc::Block::BulletList { .. }
    ));
    // The same type again turns them back into text.
    editor.apply(Command::SetType(BlockType::BulletList));
    assert_eq!(editor.document().blocks, vec![para("three"), para("four")]);
}

#[test]
fn marks_toggle_on_a_selection_and_for_the_next_typing() {
    let mut editor = empty();
    typed(&mut editor, "make this bold");
    editor.apply(select((0, 10), (0, 14)));
    editor.apply(Command::ToggleMark(MarkKind::Bold));
    assert!(editor.active_marks().bold);
    assert_eq!(
        editor.document().blocks[0],
        doc::Block::Paragraph {
            content: vec![
                Inline::text("make this "),
                Inline::Text {
                    text: "bold".into(),
                    marks: vec![Mark::Bold]
                },
            ]
        }
    );
    // Again: off.
    editor.apply(Command::ToggleMark(MarkKind::Bold));
    assert!(!editor.active_marks().bold);
    // With no selection, the mark applies to what is typed next.
    editor.apply(caret(0, 14));
    editor.apply(Command::ToggleMark(MarkKind::Italic));
    assert!(editor.active_marks().italic);
    typed(&mut editor, "!!");
    assert_eq!(
        editor.blocks()[0].text.spans().last(),
        Some(&Span::Text {
            text: "!!".into(),
            marks: Marks::default().with(MarkKind::Italic)
        })
    );
}

#[test]
fn links_are_checked_edited_at_the_caret_and_removed() {
    let mut editor = empty();
    typed(&mut editor, "see the trailer");
    editor.apply(select((0, 8), (0, 15)));
    assert!(!editor.apply(Command::SetLink(Some("javascript:alert(1)".into()))));
    assert!(editor.apply(Command::SetLink(Some("https://youtu.be/abc".into()))));
    assert_eq!(
        editor.blocks()[0].text.link_at(10),
        Some((8, 15, "https://youtu.be/abc".into()))
    );
    // Caret inside the link: the whole link changes.
    editor.apply(caret(0, 11));
    editor.apply(Command::SetLink(Some("https://sparkle.example/t".into())));
    assert_eq!(
        editor.current_link().map(|l| l.3),
        Some("https://sparkle.example/t".into())
    );
    // Typing at the link's end does not grow it.
    editor.apply(caret(0, 15));
    typed(&mut editor, "!");
    assert_eq!(editor.blocks()[0].text.link_at(15).map(|l| l.1), Some(15));
    editor.apply(caret(0, 10));
    editor.apply(Command::SetLink(None));
    assert_eq!(editor.current_link(), None);
    // No text chosen: the address is inserted as its own link.
    editor.apply(caret(0, 0));
    editor.apply(Command::SetLink(Some("/p/hello".into())));
    assert_eq!(texts(&editor), ["/p/hellosee the trailer!"]);
    assert_eq!(editor.blocks()[0].text.link_at(0).map(|l| l.1), Some(8));
}

#[test]
fn markdown_pairs_become_marks_and_undo_brings_the_stars_back() {
    let mut editor = empty();
    typed(&mut editor, "so **bright**");
    assert_eq!(texts(&editor), ["so bright"]);
    assert!(editor.blocks()[0].text.all_have(3, 9, MarkKind::Bold));
    // Typing on is not bold.
    typed(&mut editor, " and");
    assert!(!editor.blocks()[0].text.all_have(10, 13, MarkKind::Bold));
    editor.apply(Command::Undo);
    editor.apply(Command::Undo);
    assert_eq!(texts(&editor), ["so **bright**"]);

    let mut editor = empty();
    typed(
        &mut editor,
        "an _aside_, `code` and ~~old~~ but snake_case_name",
    );
    let doc = editor.document();
    let doc::Block::Paragraph { content } = &doc.blocks[0] else {
        panic!("{doc:?}");
    };
    let marked: Vec<(String, Vec<Mark>)> = content
        .iter()
        .filter_map(|i| match i {
            Inline::Text { text, marks } if !marks.is_empty() => {
                Some((text.clone(), marks.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        marked,
        vec![
            ("aside".into(), vec![Mark::Italic]),
            ("code".into(), vec![Mark::Code]),
            ("old".into(), vec![Mark::Strike]),
        ]
    );
    assert!(texts(&editor)[0].ends_with("snake_case_name"));
}

#[test]
fn block_shortcuts_make_quotes_code_and_dividers() {
    let mut editor = empty();
    typed(&mut editor, "> wise words");
    assert!(editor.blocks()[0].quoted);
    editor.apply(Command::Split);
    // Enter on an empty quoted line leaves the quote.
    editor.apply(Command::Split);
    assert!(!editor.blocks()[1].quoted);
    typed(&mut editor, "```rust");
    editor.apply(Command::Split);
    assert_eq!(
        editor.blocks()[1].kind,
        Kind::Code {
            language: Some("rust".into())
        }
    );
    typed(&mut editor, "fn main() {}");
    editor.apply(Command::Split);
    typed(&mut editor, "**not bold**");
    // Enter twice at the end of code leaves it.
    editor.apply(Command::Split);
    editor.apply(Command::Split);
    assert_eq!(texts(&editor)[1], "fn main() {}\n**not bold**");
    typed(&mut editor, "---");
    editor.apply(Command::Split);
    assert_eq!(editor.blocks()[2].kind, Kind::Divider);
    let document = editor.document();
    assert!(
        document.validate(&Limits::default()).is_ok(),
        "{document:?}"
    );
    assert!(matches!(document.blocks[0], doc::Block::Quote { .. }));
}

#[test]
fn a_selection_across_blocks_is_deleted_and_joined() {
    let mut editor = Editor::new(&Document {
        version: 1,
        blocks: vec![
            doc::Block::Heading {
                level: 2,
                content: vec![Inline::text("Title here")],
            },
            para("middle"),
            doc::Block::Divider,
            para("the end"),
        ],
    });
    editor.apply(select((0, 5), (3, 4)));
    editor.apply(Command::DeleteBackward);
    assert_eq!(texts(&editor), ["Titleend"]);
    assert_eq!(editor.blocks()[0].kind, Kind::Heading(2));
    editor.apply(Command::Undo);
    assert_eq!(editor.blocks().len(), 4);
    // Typing replaces a selection across blocks.
    editor.apply(select((1, 3), (3, 0)));
    typed(&mut editor, "X");
    assert_eq!(texts(&editor), ["Title here", "midXthe end"]);
}

#[test]
fn pictures_are_inserted_described_selected_and_moved() {
    let mut editor = empty();
    typed(&mut editor, "before after");
    editor.apply(caret(0, 7));
    editor.apply(Command::InsertBlock(Kind::Image {
        src: "/media/a.webp".into(),
        alt: String::new(),
        caption: None,
        width: Some(800),
        height: Some(600),
    }));
    assert_eq!(texts(&editor), ["before ", "", "after"]);
    assert_eq!(editor.selection().head, Pos::new(2, 0));
    // Without alt text the post cannot be published.
    let problems = editor.document().validate(&Limits::default()).unwrap_err();
    assert!(problems[0].message.contains("alt text"), "{problems:?}");
    let Kind::Image { src, .. } = editor.blocks()[1].kind.clone() else {
        panic!()
    };
    for alt in ["A", "A fox"] {
        editor.apply(Command::UpdateBlock {
            index: 1,
            kind: Kind::Image {
                src: src.clone(),
                alt: alt.into(),
                caption: Some("Our fox".into()),
                width: Some(800),
                height: Some(600),
            },
        });
    }
    assert!(editor.document().validate(&Limits::default()).is_ok());
    // Typing the alt text is one undo step.
    editor.apply(Command::Undo);
    assert!(matches!(&editor.blocks()[1].kind, Kind::Image { alt, .. } if alt.is_empty()));
    editor.apply(Command::Redo);
    // Backspace at the start of the next line selects the picture; again deletes it.
    editor.apply(caret(2, 0));
    editor.apply(Command::DeleteBackward);
    assert_eq!(
        editor.selection(),
        Selection::new(Pos::new(1, 0), Pos::new(1, 1))
    );
    // Moving it up, then dragging it to the end.
    editor.apply(Command::MoveUp);
    assert!(matches!(editor.blocks()[0].kind, Kind::Image { .. }));
    editor.apply(Command::MoveBlock { from: 0, to: 2 });
    assert!(matches!(editor.blocks()[2].kind, Kind::Image { .. }));
    // Typing with the picture selected writes after it, never over it.
    typed(&mut editor, "x");
    assert!(matches!(editor.blocks()[2].kind, Kind::Image { .. }));
    assert_eq!(texts(&editor)[3], "x");
    editor.apply(select((2, 0), (2, 1)));
    editor.apply(Command::DeleteBackward);
    assert!(editor.blocks().iter().all(|b| b.kind.is_text()));
}

#[test]
fn mentions_replace_the_typed_name_and_are_one_step_for_the_caret() {
    let mut editor = empty();
    typed(&mut editor, "thanks @an");
    assert!(!editor.apply(Command::InsertMention {
        username: "<script>".into(),
        replace: 3
    }));
    editor.apply(Command::InsertMention {
        username: "ana".into(),
        replace: 3,
    });
    assert_eq!(texts(&editor), ["thanks @ana "]);
    assert_eq!(editor.selection().head, Pos::new(0, 9));
    editor.apply(caret(0, 8));
    editor.apply(Command::DeleteBackward);
    assert_eq!(texts(&editor), ["thanks  "]);
}

#[test]
fn word_deletion_and_emoji_clusters() {
    let mut editor = empty();
    typed(&mut editor, "good day 👍🏽");
    editor.apply(Command::DeleteBackward);
    assert_eq!(texts(&editor), ["good day "]);
    editor.apply(Command::DeleteWordBackward);
    assert_eq!(texts(&editor), ["good "]);
    editor.apply(caret(0, 0));
    editor.apply(Command::DeleteWordForward);
    assert_eq!(texts(&editor), [" "]);
}

#[test]
fn pasted_html_keeps_structure_and_drops_scripts_and_styles() {
    let nodes = vec![
        Node::element("style", &[], vec![Node::text("p{color:red}")]),
        Node::element("h1", &[], vec![Node::text("Big news")]),
        Node::element(
            "p",
            &[("style", "color: red")],
            vec![
                Node::text("Read "),
                Node::element(
                    "a",
                    &[("href", "https://example.com/x")],
                    vec![Node::text("this")],
                ),
                Node::text(" and "),
                Node::element(
                    "a",
                    &[("href", "javascript:alert(1)")],
                    vec![Node::text("not this")],
                ),
                Node::element("script", &[], vec![Node::text("alert(1)")]),
                Node::element("img", &[("src", "https://evil/x.png")], vec![]),
            ],
        ),
        Node::element(
            "ul",
            &[],
            vec![
                Node::element(
                    "li",
                    &[],
                    vec![
                        Node::element("p", &[], vec![Node::text("one")]),
                        Node::element(
                            "ol",
                            &[],
                            vec![Node::element("li", &[], vec![Node::text("one.a")])],
                        ),
                    ],
                ),
                Node::element("li", &[], vec![Node::text("  two  ")]),
            ],
        ),
        Node::element(
            "b",
            &[
                ("style", "font-weight:normal"),
                ("id", "docs-internal-guid-1"),
            ],
            vec![Node::element(
                "span",
                &[("style", "font-weight:700;font-style:italic")],
                vec![Node::text("Docs bold")],
            )],
        ),
        Node::element(
            "pre",
            &[],
            vec![Node::element(
                "code",
                &[("class", "language-rust")],
                vec![Node::text("let x = 1;\n  x")],
            )],
        ),
        Node::element("blockquote", &[], vec![Node::text("quoted")]),
    ];
    let blocks = paste::html(&nodes);
    let mut editor = empty();
    editor.apply(Command::Paste(blocks));
    let document = editor.document();
    assert!(
        document.validate(&Limits::default()).is_ok(),
        "{document:?}"
    );
    let html = crate::features::posts::document::render::to_html(&document);
    assert!(!html.contains("script") && !html.contains("alert") && !html.contains("color"));
    assert!(!html.contains("evil"));
    assert!(
        html.contains(r#"<h2 id="h-big-news">Big news</h2>"#),
        "{html}"
    );
    assert!(html.contains(r#"href="https://example.com/x""#), "{html}");
    assert!(html.contains("not this"));
    assert!(
        html.contains("<li>one<ol><li>one.a</li></ol></li><li>two</li>"),
        "{html}"
    );
    assert!(
        html.contains("<strong><em>Docs bold</em></strong>"),
        "{html}"
    );
    assert!(
        html.contains(r#"class="language-rust""#) && html.contains("  x"),
        "{html}"
    );
    assert!(
        html.contains("<blockquote><p>quoted</p></blockquote>"),
        "{html}"
    );
}

#[test]
fn pasting_several_blocks_into_a_line_wraps_around_the_caret() {
    let mut editor = empty();
    typed(&mut editor, "startend");
    editor.apply(caret(0, 5));
    editor.apply(Command::Paste(paste::plain_text("one\ntwo\nthree")));
    assert_eq!(texts(&editor), ["startone", "two", "threeend"]);
    assert_eq!(editor.selection().head, Pos::new(2, 5));
    // Plain text typed with new lines (a drop, a dictation) is pasted.
    editor.apply(Command::InsertText("a\nb".into()));
    assert_eq!(texts(&editor), ["startone", "two", "threea", "bend"]);
    // A YouTube address on its own becomes the video, at its start time.
    editor.apply(Command::Paste(paste::plain_text(
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m35s",
    )));
    assert!(editor.blocks().iter().any(|b| b.kind
        == Kind::Youtube {
            video_id: "dQw4w9WgXcQ".into(),
            start: 95
        }));
    // A single heading pasted into an empty line makes it a heading.
    let mut editor = empty();
    editor.apply(Command::Paste(paste::html(&[Node::element(
        "h3",
        &[],
        vec![Node::text("Sub")],
    )])));
    assert_eq!(editor.blocks()[0].kind, Kind::Heading(3));
}

#[test]
fn code_blocks_take_new_lines_and_tab_free_text() {
    let mut editor = empty();
    editor.apply(Command::SetType(BlockType::Code));
    typed(&mut editor, "a");
    editor.apply(Command::Split);
    typed(&mut editor, "b");
    editor.apply(Command::InsertBreak);
    editor.apply(Command::Paste(paste::plain_text("c\nd")));
    assert_eq!(texts(&editor), ["a\nb\nc\nd"]);
    // Turning code into text makes new lines into line breaks.
    editor.apply(Command::SetType(BlockType::Code));
    assert_eq!(
        editor.document().blocks[0],
        doc::Block::Paragraph {
            content: vec![
                Inline::text("a"),
                Inline::HardBreak,
                Inline::text("b"),
                Inline::HardBreak,
                Inline::text("c"),
                Inline::HardBreak,
                Inline::text("d"),
            ]
        }
    );
}

#[test]
fn a_rich_document_survives_the_editor_unchanged() {
    let document = Document {
        version: 1,
        blocks: vec![
            doc::Block::Heading {
                level: 3,
                content: vec![Inline::text("Intro")],
            },
            doc::Block::Paragraph {
                content: vec![
                    Inline::Text {
                        text: "bold link".into(),
                        marks: vec![
                            Mark::Bold,
                            Mark::Link {
                                href: "https://example.com".into(),
                            },
                        ],
                    },
                    Inline::HardBreak,
                    Inline::Mention {
                        username: "ana".into(),
                    },
                ],
            },
            doc::Block::Quote {
                blocks: vec![
                    para("quoted"),
                    doc::Block::NumberedList {
                        start: 2,
                        items: vec![ListItem {
                            content: vec![Inline::text("in quote")],
                            children: vec![doc::Block::BulletList {
                                items: vec![ListItem {
                                    content: vec![Inline::text("deeper")],
                                    children: vec![],
                                }],
                            }],
                        }],
                    },
                ],
            },
            doc::Block::CodeBlock {
                language: Some("js".into()),
                code: "x\n\ny".into(),
            },
            doc::Block::Image {
                src: "/media/a.webp".into(),
                alt: "A fox".into(),
                caption: Some("Fox".into()),
                width: Some(10),
                height: Some(20),
            },
            doc::Block::Youtube {
                video_id: "dQw4w9WgXcQ".into(),
                start: 90,
            },
            doc::Block::Divider,
            doc::Block::Callout {
                tone: doc::Tone::Tip,
                content: vec![Inline::text("tip")],
            },
        ],
    };
    let editor = Editor::new(&document);
    assert_eq!(editor.document(), document);
}

#[test]
fn the_editor_html_escapes_text_and_marks_objects_uneditable() {
    let mut editor = empty();
    typed(&mut editor, "<b>\"hi\"</b>");
    let html = block_html(&editor.blocks()[0], None);
    assert!(html.contains("&lt;b&gt;&quot;hi&quot;&lt;/b&gt;"), "{html}");
    editor.apply(Command::InsertBlock(Kind::Youtube {
        video_id: "dQw4w9WgXcQ".into(),
        start: 90,
    }));
    let html = block_html(&editor.blocks()[1], None);
    assert!(html.contains(r#"contenteditable="false""#) && html.contains(r#"value="1:30""#));
    let empty_line = block_html(&editor.blocks()[2], None);
    assert!(empty_line.contains("data-filler"));
    assert_eq!(parse_clock("1:02:05"), Some(3725));
    assert_eq!(parse_clock("1m30s"), Some(90));
    assert_eq!(parse_clock("soon"), None);
}

#[test]
fn at_signs_and_a_leading_slash_open_their_menus_and_nothing_else_does() {
    let mut editor = empty();
    typed(&mut editor, "hi @an");
    let trigger = editor.trigger().expect("a mention trigger");
    assert_eq!(trigger.kind, TriggerKind::Mention);
    assert_eq!(trigger.query, "an");
    assert_eq!(trigger.replace, 3);
    typed(&mut editor, "a_b-2");
    assert_eq!(editor.trigger().map(|t| t.query), Some("ana_b-2".into()));
    // A space ends it; an address is not a mention; nor is code.
    typed(&mut editor, " ");
    assert_eq!(editor.trigger(), None);
    typed(&mut editor, "mail me@home");
    assert_eq!(editor.trigger(), None);
    typed(&mut editor, " (@");
    let bare = editor.trigger().expect("a bare @ after a bracket");
    assert_eq!((bare.query.as_str(), bare.replace), ("", 1));
    // A selection is not a caret.
    editor.apply(select((0, 0), (0, 2)));
    assert_eq!(editor.trigger(), None);

    let mut editor = empty();
    typed(&mut editor, "/hea");
    let slash = editor.trigger().expect("a slash trigger");
    assert_eq!(
        (slash.kind, slash.query.as_str(), slash.replace),
        (TriggerKind::Slash, "hea", 4)
    );
    // Only at the start of a block: "and/or" and " /usr" are text.
    let mut editor = empty();
    typed(&mut editor, "and/or");
    assert_eq!(editor.trigger(), None);
    typed(&mut editor, " /usr");
    assert_eq!(editor.trigger(), None);
    let mut editor = empty();
    typed(&mut editor, "```");
    editor.apply(Command::Split);
    typed(&mut editor, "/x @y");
    assert_eq!(editor.trigger(), None, "code has no menus");
}

#[test]
fn the_slash_menu_filters_by_words_and_aliases_and_a_choice_is_one_step() {
    use super::triggers::slash_matches;
    let labels = |q: &str| -> Vec<&str> { slash_matches(q).iter().map(|i| i.label()).collect() };
    assert_eq!(labels("").len(), triggers::SLASH_ITEMS.len());
    assert_eq!(labels("head"), ["Heading", "Subheading", "Small heading"]);
    assert_eq!(labels("h3"), ["Subheading"]);
    assert_eq!(labels("LIST"), ["Bulleted list", "Numbered list"]);
    assert_eq!(labels("img"), ["Picture"]);
    assert_eq!(labels("vid"), ["YouTube video"]);
    assert_eq!(labels("warn"), ["Warning callout"]);
    assert!(labels("zzz").is_empty());

    let mut editor = empty();
    typed(&mut editor, "Intro");
    editor.apply(Command::Split);
    typed(&mut editor, "/sub");
    let replace = editor.trigger().unwrap().replace;
    assert!(editor.apply(Command::Slash {
        item: SlashItem::Block(BlockType::Heading(3)),
        replace
    }));
    assert_eq!(texts(&editor), ["Intro", ""]);
    assert_eq!(editor.blocks()[1].kind, Kind::Heading(3));
    typed(&mut editor, "Part one");
    // Choosing the same type again keeps it (a menu chooses, never toggles).
    editor.apply(Command::Split);
    typed(&mut editor, "/");
    editor.apply(Command::Slash {
        item: SlashItem::Block(BlockType::Divider),
        replace: 1,
    });
    assert!(
        matches!(editor.blocks()[2].kind, Kind::Divider),
        "{:?}",
        editor.blocks()
    );
    assert_eq!(editor.selection().head, Pos::new(3, 0));
    // Undo takes the divider and the typed "/" back in one step, then the
    // heading's text.
    editor.apply(Command::Undo);
    assert_eq!(texts(&editor), ["Intro", "Part one", "/"]);
    editor.apply(Command::Redo);
    assert!(matches!(editor.blocks()[2].kind, Kind::Divider));
    // A quote, and a picture or a video only take the typed text away.
    typed(&mut editor, "/quo");
    editor.apply(Command::Slash {
        item: SlashItem::Quote,
        replace: 4,
    });
    assert!(editor.in_quote());
    typed(&mut editor, "/pic");
    editor.apply(Command::Slash {
        item: SlashItem::Block(BlockType::Image),
        replace: 4,
    });
    assert_eq!(texts(&editor).last().map(String::as_str), Some(""));
    assert!(editor.check().is_ok());
}
