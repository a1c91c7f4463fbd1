//! The post body field. The server renders the Markdown text area (the
//! editor without WASM, `#body-markdown`); once the page is hydrated the
//! rich editor takes its place, and posts the document as `form[body_json]`.

use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use leptos::wasm_bindgen::JsCast;
use send_wrapper::SendWrapper;

/// The rich body editor, an island in its own WASM chunk (the editor's code
/// is one more): it draws nothing until its code has arrived, then takes the
/// place of the Markdown field, unless the writer already typed there.
#[island(lazy)]
pub fn BodyEditor(
    /// The body as a document in JSON (empty for a new post).
    initial: String,
    /// Whose unsaved copy in this browser (autosave) to start from.
    draft_key: String,
    errors: Vec<String>,
) -> impl IntoView {
    let errors = Signal::stored(errors);
    // The editor's code is its own WASM chunk, fetched once the page is
    // hydrated; the Markdown field stays until it has arrived (and for good
    // if the writer already typed in it, so nothing typed is lost). The
    // rich editor is drawn once, when its code has arrived.
    // (`SendWrapper`, not a local signal: the server renders islands too, on
    // any thread, and there the signal stays empty.)
    let editor = RwSignal::new(None::<SendWrapper<AnyView>>);
    #[cfg(feature = "hydrate")]
    let form = document()
        .get_element_by_id("body-markdown")
        .and_then(|field| field.closest("form").ok().flatten())
        .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok());
    #[cfg(feature = "hydrate")]
    let restored = form.as_ref().is_some_and(|form| {
        if crate::request::page_query_param("discarded").is_some() {
            // The writer threw these changes away.
            super::local_copy::forget(&draft_key);
        }
        super::local_copy::restore(form, &draft_key)
    });
    // (Under the island's owner, which the editor's signals belong to.)
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local_scoped(async move {
        // A copy this browser kept but the server never got is sent once the
        // form holds all of it: autosave wakes at the form's change.
        let send_copy = move || {
            if let (true, Some(form)) = (restored, &form) {
                super::local_copy::changed(form);
            }
        };
        __preload_rich_editor().await;
        if client::markdown_was_edited() {
            send_copy();
            return;
        }
        // Changes this browser kept that the server never got start the
        // editor (`restore` above put the other fields back).
        let initial = match super::local_copy::unsaved_body(&draft_key) {
            Some(kept) => {
                if kept != initial {
                    super::local_copy::announce_restored();
                }
                kept
            }
            None => initial,
        };
        let view = rich_editor(initial, errors).await;
        if let Some(field) = document().get_element_by_id("body-markdown") {
            field.remove();
        }
        let _ = editor.try_set(Some(SendWrapper::new(view)));
        // Drawn (and its `form[body_json]` filled) on the next tick.
        leptos::task::tick().await;
        send_copy();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (initial, draft_key, errors);
    move || {
        editor.track();
        editor
            .try_update_untracked(Option::take)
            .flatten()
            .map(SendWrapper::take)
    }
}

/// The rich editor, split out of the main WASM (`cargo xtask` splits at
/// `#[lazy]` functions): loading it is the first call.
#[cfg(feature = "hydrate")]
#[lazy]
fn rich_editor(initial: String, errors: Signal<Vec<String>>) -> AnyView {
    view! { <client::RichEditor initial errors/> }.into_any()
}

#[cfg(feature = "hydrate")]
mod client {
    use std::collections::HashMap;

    use gloo::events::EventListener;
    use leptos::ev;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;

    use crate::features::editor::menu::{self, Menu, MenuItem, MenuList};
    use crate::features::editor::model::triggers::slash_matches;
    use crate::features::editor::model::{
        self, BlockType, Command, Editor, MarkKind, Marks, Pos, Selection, SlashItem, TriggerKind,
        paste,
    };
    use crate::features::editor::{dom, drag};
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

        let video_open = RwSignal::new(false);
        let video_href = RwSignal::new(String::new());
        let video_error = RwSignal::new(None::<String>);
        let frame = NodeRef::<leptos::html::Div>::new();
        let menu_el = NodeRef::<leptos::html::Ul>::new();
        let handle_el = NodeRef::<leptos::html::Span>::new();
        let line_el = NodeRef::<leptos::html::Div>::new();
        let picker = NodeRef::<leptos::html::Input>::new();
        let open_menu = RwSignal::new(None::<Menu>);
        // The trigger the writer closed with Escape (block id, offset).
        let dismissed = StoredValue::new(None::<(u64, usize)>);
        // The last name looked up, and a ticket so only the latest answer shows.
        let looked_up = StoredValue::new(String::new());
        let lookups = StoredValue::new(0u64);
        let handle_block = StoredValue::new(None::<u64>);
        let dragging = StoredValue::new(None::<u64>);
        let upload_status = RwSignal::new(None::<String>);
        let upload_error = RwSignal::new(None::<String>);

        // The "@" and "/" menus follow what is typed at the caret.
        let update_menu = move || {
            let found = editor.with_value(|e| {
                e.trigger().map(|t| {
                    let origin = t.origin(e.selection().head.offset);
                    (t, origin)
                })
            });
            let close = move || {
                looked_up.set_value(String::new());
                if open_menu.with_untracked(Option::is_some) {
                    open_menu.set(None);
                }
            };
            let Some((trigger, origin)) = found else {
                // Escape holds only while that "@…" or "/…" is being typed.
                dismissed.set_value(None);
                close();
                return;
            };
            if dismissed.get_value() == Some(origin) {
                close();
                return;
            }
            match trigger.kind {
                TriggerKind::Slash => {
                    let items = slash_matches(&trigger.query)
                        .into_iter()
                        .map(MenuItem::Block)
                        .collect();
                    let next = open_menu.with_untracked(|m| Menu::new(items, m.as_ref()));
                    open_menu.set(next);
                }
                TriggerKind::Mention if trigger.query.is_empty() => {
                    looked_up.set_value(String::new());
                    open_menu.set(None);
                }
                TriggerKind::Mention => {
                    if looked_up.get_value() == trigger.query {
                        return;
                    }
                    looked_up.set_value(trigger.query.clone());
                    let ticket = lookups.get_value() + 1;
                    lookups.set_value(ticket);
                    leptos::task::spawn_local(async move {
                        let people =
                            crate::features::profiles::api::suggest_mentions(trigger.query)
                                .await
                                .unwrap_or_default();
                        if lookups.try_get_value() != Some(ticket) {
                            return;
                        }
                        let still = editor
                            .try_with_value(|e| {
                                e.trigger().is_some_and(|t| t.kind == TriggerKind::Mention)
                            })
                            .unwrap_or(false);
                        let items = people.into_iter().map(MenuItem::Person).collect();
                        let next = if still {
                            open_menu.with_untracked(|m| Menu::new(items, m.as_ref()))
                        } else {
                            None
                        };
                        let _ = open_menu.try_set(next);
                    });
                }
            }
        };
        Effect::new(move |_| {
            if open_menu.with(Option::is_some)
                && let (Some(list), Some(frame_el)) = (menu_el.get(), frame.get())
            {
                menu::place_at_caret(&list, &frame_el);
                menu::keep_in_view(&list);
            }
        });
        let refresh = move || {
            editor.with_value(|e| ui.set(Toolbar::of(e)));
            update_menu();
        };
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

        // Pictures: each file uploads, then becomes a picture block at the
        // caret whose alt text field gets the keyboard.
        let focus_alt = move || {
            let id = editor.with_value(|e| {
                let head = e.selection().head.block;
                head.checked_sub(1).map(|i| e.blocks()[i].id)
            });
            if let (Some(id), Some(root_el)) = (id, root.get_untracked())
                && let Ok(Some(input)) = root_el
                    .query_selector(&format!("[data-block=\"{id}\"] input[data-field=\"alt\"]"))
            {
                let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        };
        let add_pictures = move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            upload_error.set(None);
            leptos::task::spawn_local(async move {
                for file in files {
                    let name = file.name();
                    let _ = upload_status.try_set(Some(format!("Uploading {name}…")));
                    let Ok(data) = web_sys::FormData::new() else {
                        continue;
                    };
                    let _ = data.append_with_blob_and_filename("file", &file, &name);
                    let uploaded = upload_picture(data).await;
                    // The writer may have left the editor meanwhile.
                    if editor.try_with_value(|_| ()).is_none() {
                        return;
                    }
                    match uploaded {
                        Ok(image) => {
                            let kind = model::Kind::Image {
                                src: image.url,
                                alt: String::new(),
                                caption: None,
                                width: u32::try_from(image.width).ok(),
                                height: u32::try_from(image.height).ok(),
                            };
                            if run(Command::InsertBlock(kind)) {
                                focus_alt();
                            }
                        }
                        Err(error) => {
                            let message = error
                                .field_messages("file")
                                .first()
                                .cloned()
                                .unwrap_or_else(|| error.to_string());
                            let _ = upload_error.try_set(Some(format!("{name}: {message}")));
                        }
                    }
                }
                let _ = upload_status.try_set(None);
            });
        };
        let pick_pictures = move || {
            if let Some(input) = picker.get_untracked() {
                input.click();
            }
        };
        let on_picked = move |_: ev::Event| {
            let Some(input) = picker.get_untracked() else {
                return;
            };
            let files = input.files().map_or_else(Vec::new, |list| {
                (0..list.length()).filter_map(|i| list.get(i)).collect()
            });
            input.set_value("");
            add_pictures(files);
        };
        let open_video = move || {
            video_href.set(String::new());
            video_error.set(None);
            video_open.set(true);
        };
        let apply_video = move || {
            let address = video_href.get_untracked();
            match urls::parse_youtube(address.trim()) {
                Some((video_id, start)) => {
                    video_open.set(false);
                    focus_editor();
                    run(Command::InsertBlock(model::Kind::Youtube { video_id, start }));
                }
                None => video_error.set(Some(
                    "Paste the address of a YouTube video, like https://youtu.be/… or https://www.youtube.com/watch?v=…".into(),
                )),
            }
        };
        // A choice from the "@" or "/" menu.
        let choose = move |index: usize| {
            let Some(item) =
                open_menu.with_untracked(|m| m.as_ref().and_then(|m| m.items.get(index).cloned()))
            else {
                return;
            };
            open_menu.set(None);
            // Chosen from the list itself (clicked, or with its own keys):
            // the text gets the keyboard back at the caret.
            focus_editor();
            let Some(trigger) = editor.with_value(Editor::trigger) else {
                return;
            };
            match item {
                MenuItem::Person(person) => {
                    run(Command::InsertMention {
                        username: person.username,
                        replace: trigger.replace,
                    });
                }
                MenuItem::Block(item) => {
                    run(Command::Slash {
                        item,
                        replace: trigger.replace,
                    });
                    match item {
                        SlashItem::Block(BlockType::Image) => pick_pictures(),
                        SlashItem::Block(BlockType::Youtube) => open_video(),
                        _ => {}
                    }
                }
            }
        };
        // Keys for the open menu; true when the key was the menu's.
        let menu_key = move |ev: &ev::KeyboardEvent| -> bool {
            // An input method's Enter confirms its candidate, not a menu item.
            if ev.is_composing() || composing.get_value() {
                return false;
            }
            if open_menu.with_untracked(Option::is_none)
                || ev.ctrl_key()
                || ev.meta_key()
                || ev.alt_key()
            {
                return false;
            }
            match ev.key().as_str() {
                "ArrowDown" => open_menu.update(|m| {
                    if let Some(m) = m {
                        m.step(true);
                    }
                }),
                "ArrowUp" => open_menu.update(|m| {
                    if let Some(m) = m {
                        m.step(false);
                    }
                }),
                "Enter" | "Tab" => {
                    let index = open_menu.with_untracked(|m| m.as_ref().map_or(0, |m| m.active));
                    choose(index);
                }
                "Escape" => {
                    dismissed.set_value(
                        editor.with_value(|e| {
                            e.trigger().map(|t| t.origin(e.selection().head.offset))
                        }),
                    );
                    open_menu.set(None);
                }
                _ => return false,
            }
            true
        };

        // The toolbar is one tab stop; the arrow keys move along it, and
        // Alt+F10 reaches it from the text.
        let toolbar = NodeRef::<leptos::html::Div>::new();
        let controls = move || -> Vec<web_sys::HtmlElement> {
            let Some(bar) = toolbar.get_untracked() else {
                return Vec::new();
            };
            let Ok(list) = bar.query_selector_all("button, select") else {
                return Vec::new();
            };
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
                .collect()
        };
        let rove_to = move |target: usize| {
            let items = controls();
            for (index, item) in items.iter().enumerate() {
                let _ = item.set_attribute("tabindex", if index == target { "0" } else { "-1" });
            }
            if let Some(item) = items.get(target) {
                let _ = item.focus();
            }
        };
        Effect::new(move |_| {
            if toolbar.get().is_some() {
                for (index, item) in controls().iter().enumerate() {
                    let _ = item.set_attribute("tabindex", if index == 0 { "0" } else { "-1" });
                }
            }
        });
        let on_toolbar_key = move |ev: ev::KeyboardEvent| {
            let items = controls();
            let usable: Vec<usize> = items
                .iter()
                .enumerate()
                .filter(|(_, item)| !item.has_attribute("disabled"))
                .map(|(index, _)| index)
                .collect();
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            let Some(at) = usable.iter().position(|&index| {
                active.as_ref().is_some_and(|a| {
                    let a: &web_sys::Element = a;
                    let item: &web_sys::Element = &items[index];
                    a == item
                })
            }) else {
                return;
            };
            let n = usable.len();
            let next = match ev.key().as_str() {
                "ArrowRight" => (at + 1) % n,
                "ArrowLeft" => (at + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            ev.prevent_default();
            rove_to(usable[next]);
        };
        let to_toolbar = move || {
            let items = controls();
            let usable = |item: &web_sys::HtmlElement| !item.has_attribute("disabled");
            let current = items
                .iter()
                .position(|item| {
                    item.get_attribute("tabindex").as_deref() == Some("0") && usable(item)
                })
                .or_else(|| items.iter().position(usable))
                .unwrap_or(0);
            rove_to(current);
        };
        // Undo and redo turn off: the tab stop must not stay on a disabled one.
        Effect::new(move |_| {
            ui.track();
            let items = controls();
            let stop = items
                .iter()
                .find(|item| item.get_attribute("tabindex").as_deref() == Some("0"));
            if stop.is_none_or(|item| item.has_attribute("disabled"))
                && let Some(first) = items.iter().find(|item| !item.has_attribute("disabled"))
            {
                for item in &items {
                    let _ = item.set_attribute("tabindex", "-1");
                }
                let _ = first.set_attribute("tabindex", "0");
            }
        });

        // Dragging a block by its handle, or dropping picture files.
        let hide_line = move || {
            if let Some(line) = line_el.get_untracked() {
                drag::show_at(&line, None);
            }
        };
        let on_hover = move |ev: ev::MouseEvent| {
            // A pressed button may be the start of a drag from the handle:
            // the handle keeps its block until it is let go.
            if dragging.get_value().is_some() || ev.buttons() != 0 {
                return;
            }
            let (Some(root_el), Some(frame_el), Some(handle)) = (
                root.get_untracked(),
                frame.get_untracked(),
                handle_el.get_untracked(),
            ) else {
                return;
            };
            // Every move: blocks move and change height under a still handle.
            if let Some((id, el)) = drag::hovered(&root_el, &ev) {
                handle_block.set_value(Some(id));
                drag::show_at(&handle, Some(drag::top_in(&el, &frame_el)));
            }
        };
        let on_drag_start = move |ev: ev::DragEvent| {
            let (Some(id), Some(transfer), Some(root_el)) = (
                handle_block.get_value(),
                ev.data_transfer(),
                root.get_untracked(),
            ) else {
                ev.prevent_default();
                return;
            };
            dragging.set_value(Some(id));
            let _ = transfer.set_data(drag::BLOCK_TYPE, &id.to_string());
            transfer.set_effect_allowed("move");
            if let Some(el) = drag::element_of(&root_el, id) {
                transfer.set_drag_image(&el, 0, 0);
            }
        };
        let on_drag_end = move |_: ev::DragEvent| {
            dragging.set_value(None);
            hide_line();
        };
        // The gap between blocks under the pointer, for a drag this editor takes.
        let drop_gap = move |ev: &ev::DragEvent| -> Option<usize> {
            let transfer = ev.data_transfer()?;
            if dragging.get_value().is_none() && !drag::carries_files(&transfer) {
                return None;
            }
            let root_el = root.get_untracked()?;
            Some(
                editor
                    .with_value(|e| drag::boundary(&root_el, e.blocks(), f64::from(ev.client_y()))),
            )
        };
        let on_drag_over = move |ev: ev::DragEvent| {
            let Some(gap) = drop_gap(&ev) else {
                return;
            };
            ev.prevent_default();
            if let Some(transfer) = ev.data_transfer() {
                transfer.set_drop_effect(if dragging.get_value().is_some() {
                    "move"
                } else {
                    "copy"
                });
            }
            if let (Some(root_el), Some(frame_el), Some(line)) = (
                root.get_untracked(),
                frame.get_untracked(),
                line_el.get_untracked(),
            ) {
                let top =
                    editor.with_value(|e| drag::gap_top(&root_el, &frame_el, e.blocks(), gap));
                drag::show_at(&line, top);
            }
        };
        let on_drag_leave = move |ev: ev::DragEvent| {
            let inside = ev
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(frame.get_untracked())
                .is_some_and(|(node, frame_el)| frame_el.contains(Some(&node)));
            if !inside {
                hide_line();
            }
        };
        let on_drop = move |ev: ev::DragEvent| {
            let Some(gap) = drop_gap(&ev) else {
                return;
            };
            ev.prevent_default();
            hide_line();
            if let Some(id) = dragging.get_value() {
                dragging.set_value(None);
                let from = editor.with_value(|e| e.blocks().iter().position(|b| b.id == id));
                if let Some(from) = from {
                    run(Command::MoveBlock {
                        from,
                        to: drag::target(from, gap),
                    });
                }
                return;
            }
            let pictures = ev
                .data_transfer()
                .map(|t| drag::pictures(&t))
                .unwrap_or_default();
            if pictures.is_empty() {
                upload_error.set(Some(
                    "Only pictures (PNG, JPEG, GIF or WebP) can be dropped into a post.".into(),
                ));
                return;
            }
            let at = editor.with_value(|e| match e.blocks().get(gap) {
                Some(_) => Pos::new(gap, 0),
                None => {
                    let last = e.blocks().len() - 1;
                    Pos::new(last, e.blocks()[last].len())
                }
            });
            run(Command::Select(Selection::caret(at)));
            add_pictures(pictures);
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
                    // Where the input method left the caret, read against
                    // the text as it now is (the page still shows it).
                    if let Some(caret) = dom::read_selection(&root_el, e.blocks()) {
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
                // The block is not redrawn while its field is typed in; its
                // alt text hint follows along here.
                if field == "alt"
                    && let Ok(Some(hint)) = root_el.query_selector(&format!("#ed-alt-{id}"))
                {
                    hint.set_inner_html(model::render::alt_hint(&input.value()));
                }
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
                        let html = transfer.get_data("text/html").unwrap_or_default();
                        let text = transfer.get_data("text/plain").unwrap_or_default();
                        leptos::task::spawn_local(async move {
                            run(Command::Paste(clipboard_blocks(html, text).await));
                        });
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
                // Read now: the clipboard is there only during the event.
                let html = transfer.get_data("text/html").unwrap_or_default();
                let text = transfer.get_data("text/plain").unwrap_or_default();
                let pictures = drag::pictures(&transfer);
                leptos::task::spawn_local(async move {
                    // Word processors and spreadsheets put a picture of the
                    // selection beside its text: the text wins. A copied
                    // picture alone (or with only an <img> in its HTML) uploads.
                    let blocks = clipboard_blocks(html, text).await;
                    if blocks.is_empty() && !pictures.is_empty() {
                        add_pictures(pictures);
                    } else {
                        run(Command::Paste(blocks));
                    }
                });
            }
        };

        let on_keydown = move |ev: ev::KeyboardEvent| {
            if field_of(&ev).is_some() {
                return;
            }
            if menu_key(&ev) {
                ev.prevent_default();
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
                (false, false, true, "F10") => {
                    ev.prevent_default();
                    sync();
                    to_toolbar();
                    None
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
                <div role="toolbar" node_ref=toolbar aria-label="Formatting" aria-controls="field-body" class="ed-toolbar"
                    aria-describedby="ed-toolbar-hint" on:keydown=on_toolbar_key>
                    <span id="ed-toolbar-hint" class="sr-only">"Left and right arrows move between tools; Alt+F10 comes here from the text."</span>
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
                    <button type="button" class="ed-tool" aria-label="Picture" title="Picture (or paste or drop one)"
                        aria-describedby="ed-upload-status"
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| { sync(); pick_pictures() }>
                        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
                            <rect x="3" y="4" width="18" height="16" rx="3"/><circle cx="9" cy="10" r="2"/><path d="m21 16-5-5-9 9"/>
                        </svg>
                    </button>
                    <button type="button" class="ed-tool" aria-label="YouTube video" title="YouTube video (or paste its address)"
                        aria-expanded=move || video_open.get().to_string() aria-controls="ed-video-form"
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| { sync(); open_video() }>
                        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" aria-hidden="true">
                            <rect x="2.5" y="5" width="19" height="14" rx="4"/><path d="m10 9 5 3-5 3z" fill="currentColor"/>
                        </svg>
                    </button>
                    <button type="button" class="ed-tool" aria-label="Move block up" title="Move block up (Alt+Shift+↑)"
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::MoveUp)>"↑"</button>
                    <button type="button" class="ed-tool" aria-label="Move block down" title="Move block down (Alt+Shift+↓)"
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::MoveDown)>"↓"</button>
                    <span class="ed-sep" aria-hidden="true"></span>
                    <button type="button" class="ed-tool" aria-label="Undo" title="Undo (Ctrl+Z)" disabled=move || !ui.with(|t| t.undo)
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::Undo)>"↶"</button>
                    <button type="button" class="ed-tool" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled=move || !ui.with(|t| t.redo)
                        on:mousedown=|ev: ev::MouseEvent| ev.prevent_default()
                        on:click=move |_| tool(Command::Redo)>"↷"</button>
                </div>
                <Show when=move || link_open.get()>
                    <AddressForm id="ed-link" group="Link" label="Link address" placeholder="https://…" apply_label="Apply"
                        href=link_href error=link_error open=link_open apply=apply_link done=focus_editor>
                        <button type="button" class=crate::ui::ButtonVariant::Secondary.classes() on:click=move |_| remove_link()>"Remove link"</button>
                    </AddressForm>
                </Show>
                <Show when=move || video_open.get()>
                    <AddressForm id="ed-video" group="YouTube video" label="YouTube address" placeholder="https://youtu.be/…" apply_label="Add video"
                        href=video_href error=video_error open=video_open apply=apply_video done=focus_editor/>
                </Show>
                <input type="file" node_ref=picker class="sr-only" tabindex="-1" aria-hidden="true" multiple=true
                    accept="image/png,image/jpeg,image/gif,image/webp" on:change=on_picked/>
                <p id="ed-upload-status" role="status" class="ed-status">{move || upload_status.get()}</p>
                <p role="alert" class="text-sm font-medium text-red-700 dark:text-red-300">{move || upload_error.get()}</p>
                <div node_ref=frame class="ed-frame" on:mousemove=on_hover on:dragover=on_drag_over on:dragleave=on_drag_leave on:drop=on_drop>
                    <div id="field-body" node_ref=root class="prose-post ed-root" class:ed-empty=move || ui.with(|t| t.empty)
                        contenteditable="true" role="textbox" aria-multiline="true" spellcheck="true" aria-autocomplete="list" aria-controls="ed-menu"
                        aria-activedescendant=move || open_menu.with(|m| m.as_ref().map(|m| menu::option_id(m.active)))
                        aria-labelledby="field-body-label" aria-describedby="field-body-hint field-body-error"
                        aria-invalid=move || (!errors.get().is_empty()).to_string()
                        on:beforeinput=on_beforeinput on:paste=on_paste on:keydown=on_keydown on:input=on_input
                        on:compositionstart=on_compositionstart on:compositionend=on_compositionend></div>
                    <span node_ref=handle_el class="ed-handle" draggable="true" aria-hidden="true" hidden=true
                        title="Drag to move this block (or Alt+Shift+↑ / ↓)" on:dragstart=on_drag_start on:dragend=on_drag_end>"⠿"</span>
                    <div node_ref=line_el class="ed-drop-line" aria-hidden="true" hidden=true></div>
                    <MenuList menu=open_menu list_ref=menu_el choose=choose on_key=move |ev: ev::KeyboardEvent| {
                        if menu_key(&ev) {
                            ev.prevent_default();
                            if open_menu.with_untracked(Option::is_none) {
                                focus_editor();
                            }
                        }
                    }/>
                </div>
                <p class="sr-only" role="status">{move || open_menu.with(|m| m.as_ref().map(|m| format!(
                    "{} {}. Up and down arrows to move, Enter to choose, Escape to close.",
                    m.items.len(),
                    if matches!(m.items.first(), Some(MenuItem::Person(_))) { "people" } else { "blocks" },
                )))}</p>
                <input type="hidden" node_ref=json_input name="form[body_json]" prop:value=move || json.get()/>
                <p id="field-body-hint" class="flex flex-wrap gap-x-3 text-xs text-muted">
                    <span>{move || { let (words, minutes) = stats.get(); format!("{words} words · {minutes} min read") }}</span>
                    <span>"Type / for blocks and @ to mention someone. Markdown works as you type: ## heading, - list, 1. list, > quote, ``` code, **bold**, _italic_. Drag a block by its ⠿ handle, or Alt+Shift+↑/↓."</span>
                </p>
                <ul id="field-body-error" class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                    {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
            </div>
        }
    }

    /// The small form under the toolbar that asks for an address (a link's,
    /// a video's): it has the keyboard when it opens, Enter applies, Escape
    /// and Cancel close it and give the text the keyboard back, and a refused
    /// address is explained next to the field.
    #[component]
    fn AddressForm(
        id: &'static str,
        group: &'static str,
        label: &'static str,
        placeholder: &'static str,
        apply_label: &'static str,
        href: RwSignal<String>,
        error: RwSignal<Option<String>>,
        open: RwSignal<bool>,
        apply: impl Fn() + Copy + Send + Sync + 'static,
        done: impl Fn() + Copy + Send + Sync + 'static,
        /// More buttons (Remove link).
        #[prop(optional)]
        children: Option<Children>,
    ) -> impl IntoView {
        let input = NodeRef::<leptos::html::Input>::new();
        Effect::new(move |_| {
            if let Some(input) = input.get() {
                let _ = input.focus();
            }
        });
        let close = move || {
            open.set(false);
            done();
        };
        let field = format!("{id}-href");
        let message = format!("{id}-error");
        view! {
            <div id=format!("{id}-form") role="group" aria-label=group class="flex flex-wrap items-end gap-2 rounded-2xl border border-line p-3">
                <div class="flex min-w-0 flex-1 flex-col gap-1">
                    <label for=field.clone() class="text-sm font-semibold">{label}</label>
                    <input id=field node_ref=input type="url" class="field-input" placeholder=placeholder
                        aria-describedby=message.clone() aria-invalid=move || error.get().is_some().to_string()
                        prop:value=move || href.get() on:input=move |ev| { href.set(event_target_value(&ev)); error.set(None); }
                        on:keydown=move |ev: ev::KeyboardEvent| match ev.key().as_str() {
                            "Enter" => { ev.prevent_default(); apply(); }
                            "Escape" => { ev.prevent_default(); close(); }
                            _ => {}
                        }/>
                    <p id=message class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">{move || error.get()}</p>
                </div>
                <button type="button" class=crate::ui::ButtonVariant::Primary.classes() on:click=move |_| apply()>{apply_label}</button>
                {children.map(|more| more())}
                <button type="button" class=crate::ui::ButtonVariant::Ghost.classes() on:click=move |_| close()>"Cancel"</button>
            </div>
        }
    }

    /// True when the Markdown body field (shown until the rich editor
    /// arrives) holds something other than what the page came with.
    pub fn markdown_was_edited() -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector("textarea[name=\"form[body]\"]")
                    .ok()
                    .flatten()
            })
            .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .is_some_and(|area| {
                area.default_value()
                    .is_ok_and(|original| area.value() != original)
            })
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

    /// Uploads one picture for the body (`file` in `data`). Its own WASM
    /// chunk, fetched at the first picture.
    #[lazy]
    async fn upload_picture(
        data: web_sys::FormData,
    ) -> Result<crate::features::media::types::Image, crate::error::AppError> {
        crate::features::posts::api::upload_post_picture(data.into()).await
    }

    /// The clipboard's content as editor blocks: its HTML cleaned, else
    /// its plain text. Its own WASM chunk, fetched at the first paste.
    #[lazy]
    fn clipboard_blocks(html: String, text: String) -> Vec<model::Block> {
        if !html.trim().is_empty() {
            let blocks = paste::html(&dom::parse_html(&html));
            if !blocks.is_empty() {
                return blocks;
            }
        }
        paste::plain_text(&text)
    }
}
