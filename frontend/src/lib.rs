//! The browser entry point: hydrates the server-rendered Sparkle Universe app.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::{Document, Event, EventInit, HtmlInputElement, HtmlTextAreaElement};

/// Called by the hydration script that the server puts in every page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    // Hydration sets every bound field from its signal, which would wipe what
    // a person typed while the WASM was still loading: keep it and give it back.
    let typed = typed_fields(&document);
    leptos::mount::hydrate_body(app::App);
    restore(&document, typed);
    // A marker for people and tests: the page is interactive from here on.
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

/// A field a person changed before hydration.
enum Typed {
    Text { id: String, value: String },
    Checked { id: String, checked: bool },
}

/// Fields (with an id) whose value differs from the one the server sent.
fn typed_fields(document: &Document) -> Vec<Typed> {
    let Ok(nodes) = document.query_selector_all("input[id], textarea[id]") else {
        return Vec::new();
    };
    let mut typed = Vec::new();
    for i in 0..nodes.length() {
        let Some(node) = nodes.item(i) else { continue };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "checkbox" | "radio" if input.checked() != input.default_checked() => {
                    typed.push(Typed::Checked {
                        id: input.id(),
                        checked: input.checked(),
                    });
                }
                "checkbox" | "radio" | "file" | "hidden" | "submit" | "button" | "reset" => {}
                _ if input.value() != input.default_value() => {
                    typed.push(Typed::Text {
                        id: input.id(),
                        value: input.value(),
                    });
                }
                _ => {}
            }
        } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>()
            && Ok(area.value()) != area.default_value()
        {
            typed.push(Typed::Text {
                id: area.id(),
                value: area.value(),
            });
        }
    }
    typed
}

/// Puts the typed values back and tells the app, as if they were typed now.
fn restore(document: &Document, typed: Vec<Typed>) {
    for field in typed {
        let (id, event) = match &field {
            Typed::Text { id, .. } => (id, "input"),
            Typed::Checked { id, .. } => (id, "change"),
        };
        let Some(element) = document.get_element_by_id(id) else {
            continue;
        };
        match field {
            Typed::Text { value, .. } => {
                if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                    input.set_value(&value);
                } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
                    area.set_value(&value);
                }
            }
            Typed::Checked { checked, .. } => {
                if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                    input.set_checked(checked);
                }
            }
        }
        let init = EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = Event::new_with_event_init_dict(event, &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}
