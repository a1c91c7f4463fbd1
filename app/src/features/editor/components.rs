//! The post body field. The server renders the Markdown text area (the
//! editor without WASM); once the page is hydrated it becomes the rich
//! editor, which posts the document as `form[body_json]`.

use leptos::prelude::*;

/// The body field: `children` is the Markdown text area shown until (and
/// unless) the browser runs the rich editor.
#[component]
pub fn BodyEditor(
    /// The body as a document in JSON (empty for a new post).
    initial: String,
    errors: Signal<Vec<String>>,
    children: ChildrenFn,
) -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let initial = StoredValue::new(initial);
    let rich = move || {
        #[cfg(feature = "hydrate")]
        {
            view! { <client::RichEditor initial=initial.get_value() errors/> }.into_any()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (initial, errors);
            ().into_any()
        }
    };
    view! {
        <Show when=move || mounted.get() fallback=move || children()>
            {rich()}
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use std::collections::HashMap;

    use gloo::events::EventListener;
    use leptos::ev;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;

    use crate::features::editor::dom;
    use crate::features::editor::model::{
        self, BlockType, Command, Editor, MarkKind, Marks, Pos, Selection, paste,
    };
    use crate::features::posts::document::{Document, Tone, urls};

    /// What the toolbar shows.
    #[derive(Debug, Clone, PartialEq, Default)]
    struct Toolbar {
        marks: Marks,
        block: Option<BlockType>,
        quoted: bool,
        undo: bool,
        redo: bool,
        empty: bool,
    }

    impl Toolbar {
        fn of(editor: &Editor) -> Self {
            let blocks = editor.blocks();
            Self {
                marks: editor.active_marks(),
                block: Some(editor.current_type()),
                quoted: editor.in_quote(),
                undo: editor.can_undo(),
                redo: editor.can_redo(),
                empty: blocks.len() == 1
                    && blocks[0].is_empty()
                    && blocks[0].kind == model::Kind::Paragraph,
            }
        }
    }

    /// The block types of the toolbar's menu: value, label, type.
    fn block_choices() -> Vec<(&'static str, &'static str, BlockType)> {
        vec![
            ("p", "Text", BlockType::Paragraph),
            ("h2", "Heading", BlockType::Heading(2)),
            ("h3", "Subheading", BlockType::Heading(3)),
            ("h4", "Small heading", BlockType::Heading(4)),
            ("ul", "Bulleted list", BlockType::BulletList),
            ("ol", "Numbered list", BlockType::NumberedList),
            ("code", "Code", BlockType::Code),
            ("note", "Note callout", BlockType::Callout(Tone::Note)),
            ("tip", "Tip callout", BlockType::Callout(Tone::Tip)),
            (
                "important",
                "Important callout",
                BlockType::Callout(Tone::Important),
            ),
            (
                "warning",
                "Warning callout",
                BlockType::Callout(Tone::Warning),
            ),
            (
                "caution",
                "Caution callout",
                BlockType::Callout(Tone::Caution),
            ),
        ]
    }

    fn to_json(editor: &Editor) -> String {
        serde_json::to_string(&editor.document()).unwrap_or_default()
    }

    #[component]
    pub fn RichEditor(initial: String, errors: Signal<Vec<String>>) -> impl IntoView {
        let document: Document = serde_json::from_str(&initial).unwrap_or_default();
        let start = Editor::new(&document);
        let json = RwSignal::new(to_json(&start));
        let summary = model::stats(start.blocks());
        let stats = RwSignal::new((summary.word_count, summary.reading_minutes));
        let ui = RwSignal::new(Toolbar::of(&start));
        let editor = StoredValue::new(start);
        let drawn = StoredValue::new(HashMap::<u64, String>::new());
        let writing = StoredValue::new(false);
        let composing = StoredValue::new(false);
        let root = NodeRef::<leptos::html::Div>::new();
        let link_open = RwSignal::new(false);
        let link_href = RwSignal::new(String::new());
        let link_error = RwSignal::new(None::<String>);

        let link_input = NodeRef::<leptos::html::Input>::new();
        Effect::new(move |_| {
            if link_open.get()
                && let Some(input) = link_input.get()
            {
                let _ = input.focus();
            }
        });
        let refresh = move || editor.with_value(|e| ui.set(Toolbar::of(e)));
        let redraw = move || {
            let Some(root) = root.get_untracked() else {
                return;
            };
            editor.with_value(|e| {
                drawn.update_value(|d| dom::draw(&root, e.blocks(), d));
                if focused(&root) {
                    writing.set_value(true);
                    dom::write_selection(&root, e.blocks(), e.selection());
                    writing.set_value(false);
                }
                mark_selected_object(&root, e);
            });
        };
        let json_input = NodeRef::<leptos::html::Input>::new();
        let changed = move || {
            editor.with_value(|e| {
                let document = to_json(e);
                // Written at once (not on the next tick) so a form read
                // right after this change, as autosave does, has it.
                if let Some(input) = json_input.get_untracked() {
                    input.set_value(&document);
                }
                json.set(document);
                let summary = model::stats(e.blocks());
                stats.set((summary.word_count, summary.reading_minutes));
            });
            // Tells the form (autosave) that the body changed.
            if let Some(root_el) = root.get_untracked() {
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = web_sys::Event::new_with_event_init_dict("sparkle-change", &init)
                {
                    let _ = root_el.dispatch_event(&event);
                }
            }
        };
        // Takes the page's selection into the model now (its
        // `selectionchange` may not have arrived before focus moves away).
        let sync = move || {
            if let Some(root_el) = root.get_untracked()
                && focused(&root_el)
            {
                editor.update_value(|e| {
                    if let Some(selection) = dom::read_selection(&root_el, e.blocks()) {
                        e.apply(Command::Select(selection));
                    }
                });
            }
        };
        // Runs a command against the model, then redraws.
        let run = move |command: Command| -> bool {
            if root.get_untracked().is_none() {
                return false;
            }
            if !matches!(command, Command::Select(_)) {
                sync();
            }
            let did_change = editor
                .try_update_value(|e| e.apply(command))
                .unwrap_or(false);
            redraw();
            if did_change {
                changed();
            }
            refresh();
            did_change
        };
        // Reads back a block an input method (or a mobile keyboard) wrote
        // into directly, and makes the same change in the model.
        let reconcile = move || {
            let Some(root_el) = root.get_untracked() else {
                return;
            };
            let Some(anchor) = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .and_then(|s| s.anchor_node())
            else {
                return;
            };
            let Some((id, el)) = dom::block_of(&root_el, &anchor) else {
                return;
            };
            let mut now = Vec::new();
            dom::block_units(el.unchecked_ref(), &mut now);
            let caret = editor.with_value(|e| dom::read_selection(&root_el, e.blocks()));
            let edit = editor.with_value(|e| {
                let index = e.blocks().iter().position(|b| b.id == id)?;
                let before = e.blocks()[index].text.units();
                if before == now {
                    return None;
                }
                let prefix = before.iter().zip(&now).take_while(|(a, b)| a == b).count();
                let room = before.len().min(now.len()) - prefix;
                let suffix = before
                    .iter()
                    .rev()
                    .zip(now.iter().rev())
                    .take(room)
                    .take_while(|(a, b)| a == b)
                    .count();
                let inserted: String = now[prefix..now.len() - suffix]
                    .iter()
                    .filter(|c| **c != model::rich::MENTION_UNIT)
                    .collect();
                Some((index, prefix, before.len() - suffix, inserted))
            });
            drawn.update_value(|d| dom::forget(d, id));
            if let Some((index, from, to, inserted)) = edit {
                editor.update_value(|e| {
                    e.apply(Command::Select(Selection::new(
                        Pos::new(index, from),
                        Pos::new(index, to),
                    )));
                    if inserted.is_empty() {
                        e.apply(Command::DeleteBackward);
                    } else {
                        e.apply(Command::InsertText(inserted));
                    }
                    if let Some(caret) = caret {
                        e.apply(Command::Select(caret));
                    }
                });
                changed();
            }
            redraw();
            refresh();
        };

        // The first drawing, and the page-wide selection listener.
        let listener = StoredValue::new_local(None::<EventListener>);
        Effect::new(move |_| {
            let Some(root_el) = root.get() else {
                return;
            };
            editor.with_value(|e| drawn.update_value(|d| dom::draw(&root_el, e.blocks(), d)));
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let on_select = EventListener::new(&document, "selectionchange", move |_| {
                if writing.get_value() || composing.get_value() {
                    return;
                }
                let Some(root_el) = root.get_untracked() else {
                    return;
                };
                let selection = editor.with_value(|e| dom::read_selection(&root_el, e.blocks()));
                if let Some(selection) = selection {
                    editor.update_value(|e| {
                        e.apply(Command::Select(selection));
                    });
                    editor.with_value(|e| mark_selected_object(&root_el, e));
                    refresh();
                }
            });
            listener.set_value(Some(on_select));
        });
        on_cleanup(move || listener.set_value(None));

        // A picture's alt text or caption, a video's start time: the block
        // changes in the model; its element is left alone while it is typed in.
        let update_field = move |input: &web_sys::HtmlInputElement| {
            let Some(root_el) = root.get_untracked() else {
                return;
            };
            let Some((id, _)) = dom::block_of(&root_el, input.unchecked_ref()) else {
                return;
            };
            let field = input.get_attribute("data-field").unwrap_or_default();
            let value = input.value();
            let update = editor.with_value(|e| {
                let index = e.blocks().iter().position(|b| b.id == id)?;
                let kind = match (e.blocks()[index].kind.clone(), field.as_str()) {
                    (
                        model::Kind::Image {
                            src,
                            caption,
                            width,
                            height,
                            ..
                        },
                        "alt",
                    ) => model::Kind::Image {
                        src,
                        alt: value,
                        caption,
                        width,
                        height,
                    },
                    (
                        model::Kind::Image {
                            src,
                            alt,
                            width,
                            height,
                            ..
                        },
                        "caption",
                    ) => {
                        let caption = Some(value).filter(|c| !c.trim().is_empty());
                        model::Kind::Image {
                            src,
                            alt,
                            caption,
                            width,
                            height,
                        }
                    }
                    (model::Kind::Youtube { video_id, .. }, "start") => model::Kind::Youtube {
                        video_id,
                        start: model::render::parse_clock(&value)?,
                    },
                    _ => return None,
                };
                Some((index, kind))
            });
            if let Some((index, kind)) = update
                && editor
                    .try_update_value(|e| e.apply(Command::UpdateBlock { index, kind }))
                    .unwrap_or(false)
            {
                changed();
                refresh();
            }
        };

        let on_beforeinput = move |ev: ev::InputEvent| {
            // Typing in a picture's or video's own fields is theirs.
            if field_of(&ev).is_some() {
                return;
            }
            let kind = ev.input_type();
            if kind == "insertCompositionText" || composing.get_value() {
                return;
            }
            ev.prevent_default();
            let Some(root_el) = root.get_untracked() else {
                return;
            };
            let target = {
                let ranges = ev.get_target_ranges();
                (ranges.length() > 0)
                    .then(|| ranges.get(0).unchecked_into::<web_sys::StaticRange>())
                    .and_then(|range| {
                        editor.with_value(|e| dom::range_selection(&root_el, e.blocks(), &range))
                    })
            };
            // A range inside one block, as the browser measured it (whole
            // emoji, the misspelt word being replaced).
            let in_block = target.filter(|t| !t.is_collapsed() && t.from().block == t.to().block);
            let data = || {
                ev.data()
                    .or_else(|| {
                        ev.data_transfer()
                            .and_then(|d| d.get_data("text/plain").ok())
                    })
                    .unwrap_or_default()
            };
            let select_target = |selection: Option<Selection>| {
                if let Some(selection) = selection {
                    run(Command::Select(selection));
                }
            };
            match kind.as_str() {
                "insertText" => {
                    run(Command::InsertText(data()));
                }
                "insertReplacementText" => {
                    select_target(target);
                    run(Command::InsertText(data()));
                }
                "insertParagraph" => {
                    run(Command::Split);
                }
                "insertLineBreak" => {
                    run(Command::InsertBreak);
                }
                "deleteContentBackward" | "deleteContentForward" if in_block.is_some() => {
                    if let Some(range) = in_block {
                        run(Command::DeleteRange(range));
                    }
                }
                "deleteContentBackward" => {
                    run(Command::DeleteBackward);
                }
                "deleteContentForward" => {
                    run(Command::DeleteForward);
                }
                "deleteWordBackward" => {
                    run(Command::DeleteWordBackward);
                }
                "deleteWordForward" => {
                    run(Command::DeleteWordForward);
                }
                "deleteSoftLineBackward"
                | "deleteHardLineBackward"
                | "deleteSoftLineForward"
                | "deleteHardLineForward"
                | "deleteByCut"
                | "deleteByDrag"
                | "deleteContent" => {
                    select_target(target.filter(|t| !t.is_collapsed()));
                    run(Command::DeleteBackward);
                }
                "formatBold" => {
                    run(Command::ToggleMark(MarkKind::Bold));
                }
                "formatItalic" => {
                    run(Command::ToggleMark(MarkKind::Italic));
                }
                "formatUnderline" => {
                    run(Command::ToggleMark(MarkKind::Underline));
                }
                "formatStrikeThrough" => {
                    run(Command::ToggleMark(MarkKind::Strike));
                }
                "historyUndo" => {
                    run(Command::Undo);
                }
                "historyRedo" => {
                    run(Command::Redo);
                }
                "insertFromDrop" | "insertFromYank" | "insertFromPaste" => {
                    select_target(target);
                    if let Some(transfer) = ev.data_transfer() {
                        run(Command::Paste(clipboard_blocks(&transfer)));
                    }
                }
                _ => {}
            }
        };

        let on_paste = move |ev: ev::ClipboardEvent| {
            if field_of(&ev).is_some() {
                return;
            }
            ev.prevent_default();
            if let Some(transfer) = ev.clipboard_data() {
                run(Command::Paste(clipboard_blocks(&transfer)));
            }
        };

        let on_keydown = move |ev: ev::KeyboardEvent| {
            if field_of(&ev).is_some() {
                return;
            }
            let key = ev.key();
            let command = ev.ctrl_key() || ev.meta_key();
            let shift = ev.shift_key();
            let alt = ev.alt_key();
            let chosen = match (command, shift, alt, key.as_str()) {
                (true, false, false, "b" | "B") => Some(Command::ToggleMark(MarkKind::Bold)),
                (true, false, false, "i" | "I") => Some(Command::ToggleMark(MarkKind::Italic)),
                (true, false, false, "u" | "U") => Some(Command::ToggleMark(MarkKind::Underline)),
                (true, false, false, "e" | "E") => Some(Command::ToggleMark(MarkKind::Code)),
                (true, true, false, "x" | "X") => Some(Command::ToggleMark(MarkKind::Strike)),
                (true, false, false, "z" | "Z") => Some(Command::Undo),
                (true, true, false, "z" | "Z") | (true, false, false, "y" | "Y") => {
                    Some(Command::Redo)
                }
                (true, false, true, "0") => Some(Command::SetType(BlockType::Paragraph)),
                (true, false, true, "2") => Some(Command::SetType(BlockType::Heading(2))),
                (true, false, true, "3") => Some(Command::SetType(BlockType::Heading(3))),
                (true, false, true, "4") => Some(Command::SetType(BlockType::Heading(4))),
                (true, true, false, "7" | "&") => Some(Command::SetType(BlockType::NumberedList)),
                (true, true, false, "8" | "*") => Some(Command::SetType(BlockType::BulletList)),
                (false, true, true, "ArrowUp") => Some(Command::MoveUp),
                (false, true, true, "ArrowDown") => Some(Command::MoveDown),
                (false, _, false, "Tab")
                    if matches!(
                        ui.get_untracked().block,
                        Some(BlockType::BulletList | BlockType::NumberedList)
                    ) =>
                {
                    Some(if shift {
                        Command::Outdent
                    } else {
                        Command::Indent
                    })
                }
                (true, false, false, "k" | "K") => {
                    ev.prevent_default();
                    sync();
                    open_link(editor, link_open, link_href, link_error);
                    None
                }
                _ => None,
            };
            if let Some(chosen) = chosen {
                ev.prevent_default();
                run(chosen);
            }
        };

        let on_compositionstart = move |_: ev::CompositionEvent| composing.set_value(true);
        let on_compositionend = move |_: ev::CompositionEvent| {
            composing.set_value(false);
            reconcile();
        };
        // Changes the browser made itself (a mobile keyboard that does not
        // announce them first).
        let on_input = move |ev: ev::Event| {
            if let Some(input) = field_of(&ev) {
                update_field(&input);
                return;
            }
            let composing_now = ev
                .dyn_ref::<web_sys::InputEvent>()
                .is_some_and(web_sys::InputEvent::is_composing);
            if !composing_now && !composing.get_value() {
                reconcile();
            }
        };

        let focus_editor = move || {
            if let Some(root_el) = root.get_untracked() {
                let _ = root_el.focus();
                editor.with_value(|e| {
                    writing.set_value(true);
                    dom::write_selection(&root_el, e.blocks(), e.selection());
                    writing.set_value(false);
                });
            }
        };
        let tool = move |command: Command| {
            focus_editor();
            run(command);
        };

        let apply_link = move || {
            let href = link_href.get_untracked();
            let href = href.trim();
            if href.is_empty() {
                link_error.set(Some("Type an address, or use Remove link.".into()));
                return;
            }
            if let Err(message) = urls::check_link(href) {
                // The document's messages continue a sentence ("Block 2: …").
                let mut chars = message.chars();
                let sentence = chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default();
                link_error.set(Some(format!("{sentence}.")));
                return;
            }
            link_open.set(false);
            focus_editor();
            run(Command::SetLink(Some(href.to_owned())));
        };
        let remove_link = move || {
            link_open.set(false);
            focus_editor();
            run(Command::SetLink(None));
        };

        let mark_button = move |kind: MarkKind, glyph: &'static str, keys: &'static str| {
            let pressed = move || ui.with(|t| t.marks.has(kind)).to_string();
            let title = format!("{} ({keys})", kind.label());
            let class = match kind {
                MarkKind::Italic => "ed-tool italic font-serif",
                MarkKind::Underline => "ed-tool underline",
                MarkKind::Strike => "ed-tool line-through",
                MarkKind::Code => "ed-tool font-mono text-sm",
                MarkKind::Bold => "ed-tool font-extrabold",
            };
            view! {
                <button type="button" class=class aria-label=kind.label() title=title aria-pressed=pressed
                    on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                    on:click=move |_| tool(Command::ToggleMark(kind))>{glyph}</button>
            }
        };
        let block_select = move |ev: ev::Event| {
            let value = event_target_value(&ev);
            if let Some((_, _, kind)) = block_choices().into_iter().find(|(v, _, _)| *v == value) {
                tool(Command::SetType(kind));
            }
        };
        let current_value = move || {
            let block = ui.with(|t| t.block);
            block_choices()
                .into_iter()
                .find(|(_, _, kind)| Some(*kind) == block)
                .map_or("p", |(v, _, _)| v)
        };

        view! {
            <div class="flex flex-col gap-2">
                <span id="field-body-label" class="text-sm font-semibold">"Body"</span>
                <div role="toolbar" aria-label="Formatting" aria-controls="field-body" class="ed-toolbar">
                    <label class="sr-only" for="ed-block-type">"Block type"</label>
                    <select id="ed-block-type" class="ed-select" on:change=block_select prop:value=current_value>
                        {block_choices().into_iter().map(|(value, label, _)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                    <span class="ed-sep" aria-hidden="true"></span>
                    {mark_button(MarkKind::Bold, "B", "Ctrl+B")}
                    {mark_button(MarkKind::Italic, "I", "Ctrl+I")}
                    {mark_button(MarkKind::Underline, "U", "Ctrl+U")}
                    {mark_button(MarkKind::Strike, "S", "Ctrl+Shift+X")}
                    {mark_button(MarkKind::Code, "</>", "Ctrl+E")}
                    <button type="button" class="ed-tool" aria-label="Link" title="Link (Ctrl+K)"
                        aria-pressed=move || ui.with(|t| t.marks.link.is_some()).to_string()
                        aria-expanded=move || link_open.get().to_string() aria-controls="ed-link-form"
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| { sync(); open_link(editor, link_open, link_href, link_error) }>
                        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
                            <path d="M10 14a4.5 4.5 0 0 0 6.4 0l3-3a4.5 4.5 0 0 0-6.4-6.4l-1 1"/>
                            <path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3 3a4.5 4.5 0 0 0 6.4 6.4l1-1"/>
                        </svg>
                    </button>
                    <span class="ed-sep" aria-hidden="true"></span>
                    <button type="button" class="ed-tool" aria-label="Quote" title="Quote"
                        aria-pressed=move || ui.with(|t| t.quoted).to_string()
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::ToggleQuote)>"❝"</button>
                    <button type="button" class="ed-tool" aria-label="Divider" title="Divider (--- then Enter)"
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::InsertBlock(model::Kind::Divider))>"―"</button>
                    <span class="ed-sep" aria-hidden="true"></span>
                    <button type="button" class="ed-tool" aria-label="Undo" title="Undo (Ctrl+Z)" disabled=move || !ui.with(|t| t.undo)
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::Undo)>"↶"</button>
                    <button type="button" class="ed-tool" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled=move || !ui.with(|t| t.redo)
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::Redo)>"↷"</button>
                </div>
                <Show when=move || link_open.get()>
                    <div id="ed-link-form" role="group" aria-label="Link" class="flex flex-wrap items-end gap-2 rounded-2xl border border-line p-3">
                        <div class="flex min-w-0 flex-1 flex-col gap-1">
                            <label for="ed-link-href" class="text-sm font-semibold">"Link address"</label>
                            <input id="ed-link-href" node_ref=link_input type="url" class="field-input" placeholder="https://…"
                                aria-describedby="ed-link-error" aria-invalid=move || link_error.get().is_some().to_string()
                                prop:value=move || link_href.get() on:input=move |ev| { link_href.set(event_target_value(&ev)); link_error.set(None); }
                                on:keydown=move |ev: ev::KeyboardEvent| match ev.key().as_str() {
                                    "Enter" => { ev.prevent_default(); apply_link(); }
                                    "Escape" => { ev.prevent_default(); link_open.set(false); focus_editor(); }
                                    _ => {}
                                }/>
                            <p id="ed-link-error" class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">{move || link_error.get()}</p>
                        </div>
                        <button type="button" class=crate::ui::ButtonVariant::Primary.classes() on:click=move |_| apply_link()>"Apply"</button>
                        <button type="button" class=crate::ui::ButtonVariant::Secondary.classes() on:click=move |_| remove_link()>"Remove link"</button>
                        <button type="button" class=crate::ui::ButtonVariant::Ghost.classes() on:click=move |_| { link_open.set(false); focus_editor(); }>"Cancel"</button>
                    </div>
                </Show>
                <div id="field-body" node_ref=root class="prose-post ed-root" class:ed-empty=move || ui.with(|t| t.empty)
                    contenteditable="true" role="textbox" aria-multiline="true" spellcheck="true"
                    aria-labelledby="field-body-label" aria-describedby="field-body-hint field-body-error"
                    aria-invalid=move || (!errors.get().is_empty()).to_string()
                    on:beforeinput=on_beforeinput on:paste=on_paste on:keydown=on_keydown on:input=on_input
                    on:compositionstart=on_compositionstart on:compositionend=on_compositionend></div>
                <input type="hidden" node_ref=json_input name="form[body_json]" prop:value=move || json.get()/>
                <p id="field-body-hint" class="flex flex-wrap gap-x-3 text-xs text-muted">
                    <span>{move || { let (words, minutes) = stats.get(); format!("{words} words · {minutes} min read") }}</span>
                    <span>"Markdown works as you type: ## heading, - list, 1. list, > quote, ``` code, **bold**, _italic_."</span>
                </p>
                <ul id="field-body-error" class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                    {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
            </div>
        }
    }

    /// The picture's or video's own field an event came from, if any.
    fn field_of(ev: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
        ev.target()?
            .dyn_into::<web_sys::HtmlInputElement>()
            .ok()
            .filter(|input| input.has_attribute("data-field"))
    }

    fn open_link(
        editor: StoredValue<Editor>,
        open: RwSignal<bool>,
        href: RwSignal<String>,
        error: RwSignal<Option<String>>,
    ) {
        let current = editor.with_value(|e| e.current_link().map(|(_, _, _, href)| href));
        href.set(current.unwrap_or_default());
        error.set(None);
        open.set(true);
    }

    /// True while the editable area has the keyboard.
    fn focused(root: &web_sys::HtmlDivElement) -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_some_and(|active| root.contains(Some(active.unchecked_ref())))
    }

    /// Outlines the picture, video or divider that is selected whole.
    fn mark_selected_object(root: &web_sys::HtmlDivElement, editor: &Editor) {
        let selection = editor.selection();
        let (from, to) = (selection.from(), selection.to());
        for (index, block) in editor.blocks().iter().enumerate() {
            if block.kind.is_text() {
                continue;
            }
            let selected = from <= Pos::new(index, 0) && Pos::new(index, 1) <= to;
            if let Ok(Some(el)) = root.query_selector(&format!("[data-block=\"{}\"]", block.id)) {
                let _ = el.class_list().toggle_with_force("ed-selected", selected);
            }
        }
    }

    /// The clipboard's content as editor blocks: its HTML cleaned, else
    /// its plain text.
    fn clipboard_blocks(transfer: &web_sys::DataTransfer) -> Vec<model::Block> {
        let html = transfer.get_data("text/html").unwrap_or_default();
        if !html.trim().is_empty() {
            let blocks = paste::html(&dom::parse_html(&html));
            if !blocks.is_empty() {
                return blocks;
            }
        }
        paste::plain_text(&transfer.get_data("text/plain").unwrap_or_default())
    }
}
