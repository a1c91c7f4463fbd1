//! The browser side of hydration that is not Leptos' own: keeping what a
//! person typed while the WASM was loading, and saying when the page is
//! interactive.
//!
//! Islands with fields call [`keep_typed`] first; [`HydrationMarker`], the
//! last island of every page, sets `html[data-hydrated]`.

use leptos::prelude::*;

/// Starts the browser side: the islands' shared root owner (the island
/// script then hydrates each island).
#[cfg(feature = "hydrate")]
pub fn start() {
    leptos::mount::hydrate_islands();
}

/// Called first in the body of an island with fields. Hydrating sets every
/// bound field from its signal, which would wipe what a person typed while
/// the WASM was loading: this keeps what is typed now and gives it back
/// (with the events typing sends) as soon as the island has hydrated.
pub fn keep_typed() {
    #[cfg(feature = "hydrate")]
    {
        let typed = typed_fields(&document());
        if !typed.is_empty() {
            // A microtask: after this island's synchronous hydration, before
            // its effects.
            leptos::task::spawn_local(async move { restore(&document(), typed) });
        }
    }
}

/// The last island of the page (islands hydrate in document order, each
/// awaited): marks the page interactive, `html[data-hydrated]`, for people's
/// scripts and the tests.
#[island]
pub fn HydrationMarker() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

#[cfg(feature = "hydrate")]
use leptos::wasm_bindgen::JsCast;
#[cfg(feature = "hydrate")]
use web_sys::{Document, Event, EventInit, HtmlInputElement, HtmlTextAreaElement};

#[cfg(feature = "hydrate")]
/// A field a person changed before hydration.
enum Typed {
    Text { id: String, value: String },
    Checked { id: String, checked: bool },
}

#[cfg(feature = "hydrate")]
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

#[cfg(feature = "hydrate")]
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
