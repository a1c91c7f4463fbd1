//! The browser side of hydration that is not Leptos' own: keeping what a
//! person typed while the WASM was loading, and saying when the page is
//! interactive.
//!
//! Islands with fields call [`keep_typed`] first; [`HydrationMarker`], the
//! last island of every page, sets `html[data-hydrated]`. An island inside
//! [`WhenVisible`] hydrates (and downloads its chunk) only when it comes
//! near the viewport. The others hydrate in turn, in tasks of at most about
//! [`in_turn::SLICE_MS`], so the page answers input meanwhile (the island
//! script would hydrate them all in one long task).

use leptos::prelude::*;

/// Starts the browser side: the islands' shared root owner (the island
/// script then hydrates each island).
#[cfg(feature = "hydrate")]
pub fn start() {
    deferred::defer();
    in_turn::schedule();
    counters::watch();
    leptos::mount::hydrate_islands();
}

#[cfg(feature = "hydrate")]
mod counters {
    //! The character counters of text areas in server HTML (`ui::TextArea`
    //! with a `max`; inside an island the component counts by itself): one
    //! listener for the page, so a form needs no island to count.
    use leptos::wasm_bindgen::JsCast;
    use web_sys::HtmlTextAreaElement;

    pub fn watch() {
        let document = leptos::prelude::document();
        gloo::events::EventListener::new(&document, "input", |event| {
            let Some(area) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            else {
                return;
            };
            // An island's own text area counts by itself.
            if area.closest("leptos-island").ok().flatten().is_some() {
                return;
            }
            let Some(max) = area
                .get_attribute("data-max")
                .and_then(|m| m.parse::<usize>().ok())
            else {
                return;
            };
            let Some(counter) =
                leptos::prelude::document().get_element_by_id(&format!("{}-count", area.id()))
            else {
                return;
            };
            let count = area.value().chars().count();
            let over = count > max;
            counter.set_text_content(Some(&format!("{count} / {max}")));
            let classes = counter.class_list();
            let _ = classes.toggle_with_force("text-muted", !over);
            let _ = classes.toggle_with_force("text-red-700", over);
            let refused = leptos::prelude::document()
                .get_element_by_id(&format!("{}-error", area.id()))
                .is_some_and(|errors| errors.child_element_count() > 0);
            let _ = area.set_attribute("aria-invalid", &(over || refused).to_string());
        })
        .forget();
    }
}

/// Hands `island` to the island script to hydrate as `name`
/// (`window.__hydrateIsland`, which Leptos defines for this); what it
/// returns settles when the island is hydrated.
#[cfg(feature = "hydrate")]
fn hydrate_island(
    island: &web_sys::HtmlElement,
    name: &str,
) -> Option<leptos::wasm_bindgen::JsValue> {
    use leptos::wasm_bindgen::{JsCast, JsValue};
    let window = leptos::prelude::window();
    let hydrate = js_sys::Reflect::get(&window, &JsValue::from_str("__hydrateIsland"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    hydrate
        .call2(&JsValue::NULL, island, &JsValue::from_str(name))
        .ok()
}

#[cfg(feature = "hydrate")]
pub mod in_turn {
    //! Leptos' island script walks the page and hydrates each island, in
    //! document order, awaiting each; with nothing to wait for, that is one
    //! long task (hundreds of milliseconds on a slow phone), during which the
    //! page cannot answer a tap. [`schedule`] points every island at
    //! [`sparkle_hydrate_in_turn`] (keeping its name in `data-in-turn`),
    //! which hydrates it at once while the current task is younger than
    //! [`SLICE_MS`], and otherwise first lets the browser run what is waiting
    //! (a new task). The order stays the document's.
    use std::cell::Cell;

    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::prelude::wasm_bindgen;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use web_sys::HtmlElement;

    /// How long a task may hydrate islands before it yields. A long task is
    /// one over 50 ms; a mid-range phone (and Lighthouse's mobile profile)
    /// runs about four times slower than a laptop, so slices stay well under
    /// a quarter of that where they are measured.
    pub const SLICE_MS: f64 = 8.0;
    const EXPORT: &str = "sparkle_hydrate_in_turn";

    thread_local! {
        /// When the current slice began.
        static SLICE_START: Cell<f64> = const { Cell::new(0.0) };
    }

    fn now() -> f64 {
        leptos::prelude::window()
            .performance()
            .map_or(0.0, |p| p.now())
    }

    pub fn schedule() {
        SLICE_START.set(now());
        let Ok(islands) = leptos::prelude::document()
            .query_selector_all("leptos-island[data-component]:not([data-deferred])")
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
                let _ = island.set_attribute("data-in-turn", &name);
                let _ = island.set_attribute("data-component", EXPORT);
            }
        }
    }

    /// Called by the island script for each island.
    #[wasm_bindgen(wasm_bindgen = ::leptos::wasm_bindgen)]
    pub fn sparkle_hydrate_in_turn(island: HtmlElement) -> JsValue {
        let Some(name) = island.get_attribute("data-in-turn") else {
            return JsValue::UNDEFINED;
        };
        let _ = island.set_attribute("data-component", &name);
        if now() - SLICE_START.get() < SLICE_MS {
            return super::hydrate_island(&island, &name).unwrap_or(JsValue::UNDEFINED);
        }
        // A new task: the island script waits for this promise.
        js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
            let island = island.clone();
            let name = name.clone();
            let next = Closure::once_into_js(move || {
                SLICE_START.set(now());
                let done = super::hydrate_island(&island, &name).unwrap_or(JsValue::UNDEFINED);
                let _ = resolve.call1(&JsValue::NULL, &done);
            });
            let _ = leptos::prelude::window().set_timeout_with_callback(next.unchecked_ref());
        })
        .into()
    }
}

/// Wraps a lazy island that should hydrate only when it comes within
/// [`deferred::MARGIN`] of the viewport, like the comment section under a
/// post: until then the page does not download its chunk, and the server's
/// HTML (whose links and forms work without JavaScript) is what a reader
/// has. Once hydrated the wrapper has `data-hydrated`.
#[component]
pub fn WhenVisible(children: Children) -> impl IntoView {
    view! { <div data-hydrate-on="visible" class="contents">{children()}</div> }
}

/// Wraps an island that should hydrate (and a lazy one download its chunk)
/// only when someone reaches for it: a pointer over it, a tap, the keyboard's
/// focus, or a change to one of its fields. Until then it is the server's
/// HTML, which works as it does without JavaScript; a change made before it
/// has hydrated is sent to it again once it has. With `form`, using any
/// part of the form it is in counts (an island that serves the whole form,
/// like the editor's autosave). Once hydrated the wrapper has
/// `data-hydrated`.
#[component]
pub fn WhenUsed(#[prop(optional)] form: bool, children: Children) -> impl IntoView {
    let on = if form { "form-use" } else { "use" };
    view! { <div data-hydrate-on=on class="contents">{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod deferred {
    //! Leptos' island script hydrates every `leptos-island` in document
    //! order by calling the module's export named in its `data-component`.
    //! Before it runs, [`defer`] points each island inside [`WhenVisible`]
    //! or [`WhenUsed`] at [`sparkle_hydrate_deferred`] instead (keeping the
    //! real name in `data-deferred`); that export waits for its moment, puts
    //! the name back and asks the island script to hydrate it.
    //!
    //! [`WhenVisible`]: super::WhenVisible
    //! [`WhenUsed`]: super::WhenUsed
    use std::cell::RefCell;
    use std::rc::Rc;

    use gloo::events::{EventListener, EventListenerOptions};
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::prelude::wasm_bindgen;
    use web_sys::{
        Element, Event, EventInit, EventTarget, HtmlElement, IntersectionObserver,
        IntersectionObserverEntry, IntersectionObserverInit,
    };

    /// How far outside the viewport a `WhenVisible` island starts hydrating.
    pub const MARGIN: &str = "400px 0px";
    const EXPORT: &str = "sparkle_hydrate_deferred";
    /// What counts as reaching for a `WhenUsed` island. The last three are
    /// changes, sent again once it has hydrated; `sparkle-change` is what a
    /// field of our own sends when it changes (the rich editor).
    const USE_EVENTS: [&str; 6] = [
        "pointerover",
        "pointerdown",
        "focusin",
        "input",
        "change",
        "sparkle-change",
    ];

    pub fn defer() {
        let Ok(islands) = leptos::prelude::document()
            .query_selector_all("[data-hydrate-on] > leptos-island[data-component]")
        else {
            return;
        };
        for i in 0..islands.length() {
            let Some(island) = islands.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
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
    pub fn sparkle_hydrate_deferred(island: HtmlElement) {
        let Some(name) = island.get_attribute("data-deferred") else {
            return;
        };
        let _ = island.set_attribute("data-component", &name);
        let Some(wrapper) = island.parent_element() else {
            return;
        };
        match wrapper.get_attribute("data-hydrate-on").as_deref() {
            Some("use") => when_used(island, name, &wrapper),
            Some("form-use") => {
                let form = wrapper.closest("form").ok().flatten();
                when_used(island, name, form.as_ref().unwrap_or(&wrapper));
            }
            _ => when_visible(island, name),
        }
    }

    fn when_visible(island: HtmlElement, name: String) {
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
                    hydrate(&target, &name, None);
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
                hydrate(&island, &name, None);
            }
        }
    }

    /// Until the island has hydrated: the listeners, and the field changes
    /// to send it again after.
    struct Waiting {
        listeners: Vec<EventListener>,
        started: bool,
        replay: Vec<(EventTarget, String)>,
    }

    fn when_used(island: HtmlElement, name: String, wrapper: &Element) {
        let waiting = Rc::new(RefCell::new(Waiting {
            listeners: Vec::new(),
            started: false,
            replay: Vec::new(),
        }));
        let listeners = USE_EVENTS
            .iter()
            .map(|kind| {
                let (waiting, island, name) = (Rc::clone(&waiting), island.clone(), name.clone());
                EventListener::new_with_options(
                    wrapper,
                    *kind,
                    EventListenerOptions::run_in_capture_phase(),
                    move |event| {
                        let first = {
                            let mut state = waiting.borrow_mut();
                            let kind = event.type_();
                            if matches!(kind.as_str(), "input" | "change" | "sparkle-change")
                                && let Some(target) = event.target()
                                && state
                                    .replay
                                    .last()
                                    .is_none_or(|(t, k)| *t != target || *k != kind)
                            {
                                state.replay.push((target, kind));
                            }
                            !std::mem::replace(&mut state.started, true)
                        };
                        if first {
                            hydrate(&island, &name, Some(Rc::clone(&waiting)));
                        }
                    },
                )
            })
            .collect();
        waiting.borrow_mut().listeners = listeners;
    }

    /// Hydrates the island; then, for a `WhenUsed` one, stops listening and
    /// sends it the field changes made meanwhile.
    fn hydrate(island: &HtmlElement, name: &str, waiting: Option<Rc<RefCell<Waiting>>>) {
        let Some(done) = super::hydrate_island(island, name) else {
            return;
        };
        let wrapper = island.parent_element();
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&done)).await;
            // (Its effects, which attach its listeners, run first.)
            leptos::task::tick().await;
            let replay = waiting.map_or_else(Vec::new, |waiting| {
                let mut state = waiting.borrow_mut();
                state.listeners.clear();
                std::mem::take(&mut state.replay)
            });
            for (target, kind) in replay {
                let init = EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = Event::new_with_event_init_dict(&kind, &init) {
                    let _ = target.dispatch_event(&event);
                }
            }
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
