//! The browser side of hydration that is not Leptos' own: keeping what a
//! person typed while the WASM was loading, and saying when the page is
//! interactive.
//!
//! Islands with fields call [`keep_typed`] first; [`HydrationMarker`], the
//! last island of every page, sets `html[data-hydrated]`. An island inside
//! [`WhenVisible`] hydrates (and downloads its chunk) only when it comes
//! near the viewport.

use leptos::prelude::*;

/// Starts the browser side: the islands' shared root owner (the island
/// script then hydrates each island).
#[cfg(feature = "hydrate")]
pub fn start() {
    visible::defer();
    leptos::mount::hydrate_islands();
}

/// Wraps a lazy island that should hydrate only when it comes within
/// [`visible::MARGIN`] of the viewport, like the comment section under a
/// post: until then the page does not download its chunk, and the server's
/// HTML (whose links and forms work without JavaScript) is what a reader
/// has. Once hydrated the wrapper has `data-hydrated`.
#[component]
pub fn WhenVisible(children: Children) -> impl IntoView {
    view! { <div data-hydrate-on="visible" class="contents">{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod visible {
    //! Leptos' island script hydrates every `leptos-island` in document
    //! order by calling the module's export named in its `data-component`.
    //! Before it runs, [`defer`] points each island inside [`WhenVisible`]
    //! at [`sparkle_hydrate_when_visible`] instead (keeping the real name in
    //! `data-deferred`); that export waits for the island to come near the
    //! viewport, puts the name back and asks the island script to hydrate it
    //! (`window.__hydrateIsland`, which Leptos defines for this).
    //!
    //! [`WhenVisible`]: super::WhenVisible
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::prelude::wasm_bindgen;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use web_sys::{
        HtmlElement, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit,
    };

    /// How far outside the viewport an island starts hydrating.
    pub const MARGIN: &str = "400px 0px";
    const EXPORT: &str = "sparkle_hydrate_when_visible";

    pub fn defer() {
        let Ok(islands) = leptos::prelude::document()
            .query_selector_all("[data-hydrate-on=visible] > leptos-island[data-component]")
        else {
            return;
        };
        for i in 0..islands.length() {
            let Some(island) = islands
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlElement>().ok())
            else {
                continue;
            };
            if let Some(name) = island.get_attribute("data-component") {
                let _ = island.set_attribute("data-deferred", &name);
                let _ = island.set_attribute("data-component", EXPORT);
            }
        }
    }

    /// Called by the island script for a deferred island.
    #[wasm_bindgen(wasm_bindgen = ::leptos::wasm_bindgen)]
    pub fn sparkle_hydrate_when_visible(island: HtmlElement) {
        let Some(name) = island.get_attribute("data-deferred") else {
            return;
        };
        let _ = island.set_attribute("data-component", &name);
        let target = island.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let near = entries.iter().any(|entry| {
                    entry
                        .dyn_into::<IntersectionObserverEntry>()
                        .is_ok_and(|e| e.is_intersecting())
                });
                if near {
                    observer.disconnect();
                    hydrate(&target, &name);
                }
            },
        );
        let options = IntersectionObserverInit::new();
        options.set_root_margin(MARGIN);
        match IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) {
            Ok(observer) => {
                // `leptos-island` is `display: contents` (no box of its own,
                // so it never intersects): watch what it draws.
                let drawn = island.first_element_child();
                observer.observe(drawn.as_ref().unwrap_or(&island));
                // Lives as long as the page (it fires once, then disconnects).
                callback.forget();
            }
            Err(_) => {
                let name = island.get_attribute("data-deferred").unwrap_or_default();
                hydrate(&island, &name);
            }
        }
    }

    fn hydrate(island: &HtmlElement, name: &str) {
        let window = leptos::prelude::window();
        let Ok(hydrate) = js_sys::Reflect::get(&window, &JsValue::from_str("__hydrateIsland"))
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        else {
            return;
        };
        let Ok(done) = hydrate.call2(&JsValue::NULL, island, &JsValue::from_str(name)) else {
            return;
        };
        let wrapper = island.parent_element();
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&done)).await;
            if let Some(wrapper) = wrapper {
                let _ = wrapper.set_attribute("data-hydrated", "true");
            }
        });
    }
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
