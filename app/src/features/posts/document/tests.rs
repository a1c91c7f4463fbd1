//! The document's promises: what is refused, what Markdown becomes, and that
//! no payload from a corpus of XSS tricks survives rendering as markup.

use super::*;
use html5gum::{Token, Tokenizer};

/// Classic and modern XSS payloads (OWASP cheat sheet, PortSwigger list).
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<style>body{display:none}</style>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "<body onload=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<textarea></textarea><script>alert(1)</script>",
    "</code></pre><script>alert(1)</script>",
    "`-alert(1)-`",
    "${alert(1)}",
    "{{constructor.constructor('alert(1)')()}}",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "x\" style=\"position:fixed;inset:0",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/\"><script>alert(1)</script>",
    "\u{0000}<script>alert(1)</script>",
    "\u{202e}<script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>",
];

const ALLOWED_TAGS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "figure",
    "figcaption",
    "img",
    "div",
    "iframe",
    "hr",
    "aside",
    "strong",
    "em",
    "u",
    "s",
    "a",
    "br",
];

fn string(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Tokenizes `html` as a browser would and checks every tag and attribute.
fn assert_safe(html: &str, context: &str) {
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = string(&tag.name);
                assert!(
                    ALLOWED_TAGS.contains(&name.as_str()),
                    "{context}: tag <{name}> in {html}"
                );
                for (key, value) in &tag.attributes {
                    let key = string(key);
                    let value = string(value);
                    assert!(!key.starts_with("on"), "{context}: handler {key} in {html}");
                    let fine = match (name.as_str(), key.as_str()) {
                        ("a", "href") => {
                            urls::check_link(&value).is_ok()
                                || value == "#"
                                || value.starts_with("https://www.youtube.com/watch?v=")
                        }
                        ("a", "rel") => {
                            value == "nofollow ugc noopener noreferrer"
                                || value == "nofollow noopener noreferrer"
                        }
                        ("a", "class") => value == "mention",
                        ("img", "src") => urls::check_image(&value).is_ok(),
                        ("img", "alt") => true,
                        ("img", "width" | "height") => value.chars().all(|c| c.is_ascii_digit()),
                        ("img", "loading") => value == "lazy",
                        ("img", "decoding") => value == "async",
                        ("iframe", "src") => value
                            .strip_prefix("https://www.youtube-nocookie.com/embed/")
                            .is_some_and(|rest| {
                                urls::is_video_id(rest.split('?').next().unwrap_or_default())
                            }),
                        (
                            "iframe",
                            "title" | "loading" | "allow" | "referrerpolicy" | "allowfullscreen",
                        ) => true,
                        ("h2" | "h3" | "h4", "id") => {
                            value.starts_with("h-")
                                && !value.contains(|c: char| c.is_whitespace() || c == '"')
                        }
                        ("ol", "start") => value.chars().all(|c| c.is_ascii_digit()),
                        ("code", "class") => value.starts_with("language-") && !value.contains(' '),
                        ("aside", "class") => value.starts_with("callout callout-"),
                        ("aside", "role") => value == "note",
                        ("p", "class") => value == "callout-title",
                        ("figure", "class") => value == "post-figure" || value == "post-video",
                        ("div", "class") => value == "post-video-frame",
                        _ => false,
                    };
                    assert!(
                        fine,
                        "{context}: attribute {key}={value:?} on <{name}> in {html}"
                    );
                }
            }
            Token::Comment(_) | Token::Doctype(_) => panic!("{context}: markup in {html}"),
            _ => {}
        }
    }
}

fn text(text: &str, marks: Vec<Mark>) -> Inline {
    Inline::Text {
        text: text.into(),
        marks,
    }
}

/// The payload in every block and mark the document has.
fn documents_with(payload: &str) -> Vec<(&'static str, Document)> {
    let p = payload.to_owned();
    let para = |content: Vec<Inline>| Block::Paragraph { content };
    let doc = |blocks: Vec<Block>| Document {
        version: VERSION,
        blocks,
    };
    let item = |content: Vec<Inline>| ListItem {
        content,
        children: vec![],
    };
    let mut out = vec![
        ("paragraph", doc(vec![para(vec![Inline::text(p.clone())])])),
        (
            "heading",
            doc(vec![Block::Heading {
                level: 2,
                content: vec![Inline::text(p.clone())],
            }]),
        ),
        (
            "bullet list",
            doc(vec![Block::BulletList {
                items: vec![item(vec![Inline::text(p.clone())])],
            }]),
        ),
        (
            "nested list",
            doc(vec![Block::NumberedList {
                start: 3,
                items: vec![ListItem {
                    content: vec![Inline::text("a")],
                    children: vec![Block::BulletList {
                        items: vec![item(vec![Inline::text(p.clone())])],
                    }],
                }],
            }]),
        ),
        (
            "quote",
            doc(vec![Block::Quote {
                blocks: vec![para(vec![Inline::text(p.clone())])],
            }]),
        ),
        (
            "code",
            doc(vec![Block::CodeBlock {
                language: Some("rust".into()),
                code: p.clone(),
            }]),
        ),
        (
            "code language",
            doc(vec![Block::CodeBlock {
                language: Some(p.clone()),
                code: "x".into(),
            }]),
        ),
        (
            "image alt and caption",
            doc(vec![Block::Image {
                src: "/media/post/a.webp".into(),
                alt: p.clone(),
                caption: Some(p.clone()),
                width: Some(10),
                height: Some(10),
            }]),
        ),
        (
            "image src",
            doc(vec![Block::Image {
                src: p.clone(),
                alt: "a".into(),
                caption: None,
                width: None,
                height: None,
            }]),
        ),
        (
            "youtube id",
            doc(vec![Block::Youtube {
                video_id: p.clone(),
                start: 5,
            }]),
        ),
        (
            "callout",
            doc(vec![Block::Callout {
                tone: Tone::Warning,
                content: vec![Inline::text(p.clone())],
            }]),
        ),
        (
            "mention",
            doc(vec![para(vec![Inline::Mention {
                username: p.clone(),
            }])]),
        ),
        (
            "link",
            doc(vec![para(vec![text(
                "x",
                vec![Mark::Link { href: p.clone() }],
            )])]),
        ),
        (
            "link text",
            doc(vec![para(vec![text(
                &p,
                vec![Mark::Link {
                    href: "https://example.com".into(),
                }],
            )])]),
        ),
        (
            "hard break",
            doc(vec![para(vec![
                Inline::text(p.clone()),
                Inline::HardBreak,
                Inline::text(p.clone()),
            ])]),
        ),
    ];
    for (name, mark) in [
        ("bold", Mark::Bold),
        ("italic", Mark::Italic),
        ("underline", Mark::Underline),
        ("strike", Mark::Strike),
        ("inline code", Mark::Code),
    ] {
        out.push((
            name,
            doc(vec![para(vec![text(
                &p,
                vec![
                    mark,
                    Mark::Link {
                        href: "/p/x".into(),
                    },
                ],
            )])]),
        ));
    }
    out
}

#[test]
fn no_payload_survives_rendering_as_markup() {
    let limits = Limits::default();
    let mut refused = 0;
    for payload in PAYLOADS {
        for (place, document) in documents_with(payload) {
            // Whatever validation says, rendering alone must already be safe.
            assert_safe(
                &render::to_html(&document),
                &format!("{place} with {payload:?}"),
            );
            if document.validate(&limits).is_err() {
                refused += 1;
            }
        }
        // And through the Markdown import, in every construct it reads.
        let markdown = format!(
            "# {p}\n\n{p} **{p}** _{p}_ ~~{p}~~ <u>{p}</u> `{p}` [{p}]({p}) [x](<{p}>) @{p}\n\n\
             - {p}\n  1. {p}\n\n> {p}\n\n> [!WARNING]\n> {p}\n\n```{p}\n{p}\n```\n\n![{p}]({p} \"{p}\")\n\n\
             ![{p}](/media/post/x.webp \"{p}\")\n\n{p}\n\n<div>{p}</div>\n",
            p = payload
        );
        let document = markdown::import(&markdown);
        assert_safe(
            &render::to_html(&document),
            &format!("markdown with {payload:?}"),
        );
    }
    assert!(refused > 0);
}

#[test]
fn dangerous_addresses_are_refused_with_a_clear_message() {
    let limits = Limits::default();
    for href in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "vbscript:x",
    ] {
        let document = markdown::import(&format!("[click]({href})"));
        let errors = document.validate(&limits).expect_err(href);
        assert_eq!(errors[0].location, "Block 1");
        assert!(
            errors[0].message.contains("links must start with"),
            "{}",
            errors[0].message
        );
        assert!(errors[0].message.contains("click"));
    }
}

#[test]
fn unknown_nodes_and_fields_are_refused() {
    let limits = Limits::default();
    let unknown_block = r#"{"version":1,"blocks":[{"type":"script","code":"alert(1)"}]}"#;
    let error = Document::from_json(unknown_block, &limits).expect_err("unknown block");
    assert!(
        error.to_string().contains("unknown variant `script`"),
        "{error}"
    );
    let unknown_field =
        r#"{"version":1,"blocks":[{"type":"paragraph","content":[],"onclick":"x"}]}"#;
    let error = Document::from_json(unknown_field, &limits).expect_err("unknown field");
    assert!(error.to_string().contains("onclick"), "{error}");
    let unknown_mark = r#"{"version":1,"blocks":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"style","css":"x"}]}]}]}"#;
    assert!(Document::from_json(unknown_mark, &limits).is_err());
    let embed = r#"{"version":1,"blocks":[{"type":"embed","url":"https://evil.example"}]}"#;
    assert!(Document::from_json(embed, &limits).is_err());
    let future = r#"{"version":2,"blocks":[]}"#;
    assert_eq!(
        Document::from_json(future, &limits),
        Err(ParseError::UnknownVersion(2))
    );
    let huge = format!(
        r#"{{"version":1,"blocks":[{{"type":"paragraph","content":[{{"type":"text","text":"{}"}}]}}]}}"#,
        "a".repeat(600 * 1024)
    );
    assert!(matches!(
        Document::from_json(&huge, &limits),
        Err(ParseError::TooLarge { .. })
    ));
}

#[test]
fn validation_names_each_problem() {
    let limits = Limits::default();
    let document = Document {
        version: VERSION,
        blocks: vec![
            Block::Heading {
                level: 1,
                content: vec![Inline::text("Title again")],
            },
            Block::Youtube {
                video_id: "https://vimeo.com/1".into(),
                start: 0,
            },
            Block::Image {
                src: "https://evil.example/pixel.gif".into(),
                alt: " ".into(),
                caption: None,
                width: None,
                height: None,
            },
            Block::Paragraph {
                content: vec![Inline::Mention {
                    username: "no spaces allowed".into(),
                }],
            },
            Block::Quote {
                blocks: vec![Block::Divider],
            },
            Block::CodeBlock {
                language: Some("rust; color: red".into()),
                code: String::new(),
            },
        ],
    };
    let errors = document.validate(&limits).expect_err("six problems");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expect = [
        "Block 1: headings are level 2, 3 or 4",
        "Block 2: only YouTube videos can be embedded",
        "Block 3: pictures must be uploaded",
        "Block 3: every picture needs alt text",
        "Block 4: @no spaces allowed is not a username",
        "Block 5, part 1: a quote holds paragraphs and lists only",
        "Block 6: a code block's language",
    ];
    for wanted in expect {
        assert!(
            messages.iter().any(|m| m.starts_with(wanted)),
            "{wanted} not in {messages:#?}"
        );
    }
    // Only the missing alt text may wait until publishing (a draft keeps it).
    for error in &errors {
        assert_eq!(
            error.before_publishing,
            error.message.contains("alt text"),
            "{error}"
        );
    }
    let mut deep = Block::BulletList {
        items: vec![ListItem {
            content: vec![Inline::text("x")],
            children: vec![],
        }],
    };
    for _ in 0..5 {
        deep = Block::BulletList {
            items: vec![ListItem {
                content: vec![Inline::text("x")],
                children: vec![deep],
            }],
        };
    }
    let errors = Document {
        version: VERSION,
        blocks: vec![deep],
    }
    .validate(&limits)
    .expect_err("too deep");
    assert!(errors[0].message.contains("nested more than 4 deep"));
}

const SAMPLE: &str = "\
# Why the finale worked

The *last* episode of **Sparkle Nights** finally paid off the ~~theory~~ foreshadowing, as @luna_writes said.
Read more at https://example.com/notes.

## What we saw

1. The locket
2. The **second** door
   - with a <u>hidden</u> key
3. `cipher` in the credits

> It was there all along.

> [!TIP]
> Rewatch at 12:30.

```rust
let answer = 42;
```

![Luna holding the locket](/media/post/ab/locket.webp \"The locket, episode 12\")

https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s

---

See [the wiki](/p/wiki) for more.
";

#[test]
fn markdown_becomes_the_document_and_back() {
    let document = markdown::import(SAMPLE);
    assert_eq!(document.validate(&Limits::default()), Ok(()));
    let kinds: Vec<&str> = document
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph { .. } => "p",
            Block::Heading { .. } => "h",
            Block::BulletList { .. } => "ul",
            Block::NumberedList { .. } => "ol",
            Block::Quote { .. } => "quote",
            Block::CodeBlock { .. } => "code",
            Block::Image { .. } => "img",
            Block::Youtube { .. } => "yt",
            Block::Divider => "hr",
            Block::Callout { .. } => "callout",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "h", "p", "h", "ol", "quote", "callout", "code", "img", "yt", "hr", "p"
        ]
    );
    assert_eq!(
        document.blocks[8],
        Block::Youtube {
            video_id: "dQw4w9WgXcQ".into(),
            start: 90
        }
    );
    let Block::Paragraph { content } = &document.blocks[1] else {
        panic!("paragraph")
    };
    assert!(content.contains(&Inline::Mention {
        username: "luna_writes".into()
    }));
    assert!(content.contains(&text("theory", vec![Mark::Strike])));
    assert!(content.contains(&text(
        "https://example.com/notes",
        vec![Mark::Link {
            href: "https://example.com/notes".into()
        }]
    )));
    let html = render::to_html(&document);
    assert!(
        html.contains("<h2 id=\"h-why-the-finale-worked\">Why the finale worked</h2>"),
        "{html}"
    );
    assert!(html.contains("<em>last</em>") && html.contains("<strong>Sparkle Nights</strong>"));
    assert!(html.contains("<u>hidden</u>"));
    assert!(html.contains("<a class=\"mention\" href=\"/u/luna_writes\">@luna_writes</a>"));
    assert!(html.contains(
        "src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90&amp;enablejsapi=1\""
    ));
    assert!(html.contains("<pre><code class=\"language-rust\">let answer = 42;</code></pre>"));
    assert!(html.contains("<figcaption>The locket, episode 12</figcaption>"));
    assert!(html.contains("<aside class=\"callout callout-tip\" role=\"note\">"));
    assert!(html.contains("<a href=\"/p/wiki\">the wiki</a>"));
    assert_safe(&html, "sample");

    // Markdown out and in again gives the same document.
    let again = markdown::import(&markdown_export::to_markdown(&document));
    assert_eq!(
        again,
        document,
        "{}",
        markdown_export::to_markdown(&document)
    );
}

#[test]
fn special_characters_survive_the_round_trip() {
    let document = Document {
        version: VERSION,
        blocks: vec![
            Block::Paragraph {
                content: vec![Inline::text(
                    "1. not a list * not bold _ [not a link] <b> ~ \\ #",
                )],
            },
            Block::Paragraph {
                content: vec![
                    text("bold", vec![Mark::Bold]),
                    Inline::text(" "),
                    text("and both", vec![Mark::Bold, Mark::Italic]),
                    Inline::text(" plain "),
                    text("a `tick`", vec![Mark::Code]),
                ],
            },
            Block::CodeBlock {
                language: None,
                code: "```\nnested fence\n```".into(),
            },
        ],
    };
    let markdown = markdown_export::to_markdown(&document);
    assert_eq!(markdown::import(&markdown), document, "{markdown}");
}

#[test]
fn summaries_count_words_and_cut_excerpts() {
    let words = "sparkle ".repeat(460);
    let document = markdown::import(&format!("{words}\n\nhttps://youtu.be/dQw4w9WgXcQ"));
    let summary = text::summary(&document);
    assert_eq!(summary.word_count, 460);
    // 460 words at 230 a minute, plus 12 s for the video: 2 min 12 s → 3.
    assert_eq!(summary.reading_minutes, 3);
    assert!(
        summary.excerpt.ends_with('…')
            && summary.excerpt.chars().count() <= text::EXCERPT_CHARS + 1
    );
    assert_eq!(text::summary(&Document::default()).reading_minutes, 1);
    assert_eq!(text::truncate_words("short one", 240), "short one");
}
