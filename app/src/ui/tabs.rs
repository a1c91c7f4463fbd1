//! Accessible tabs: a `tablist` with arrow-key navigation and roving focus.
//! Server-rendered, all panels are shown, so the content works without JavaScript.

use leptos::prelude::*;

/// One tab: its id (used in element ids), label and panel content.
#[derive(Clone)]
pub struct Tab {
    pub id: &'static str,
    pub label: String,
    pub panel: ViewFn,
}

impl Tab {
    pub fn new(id: &'static str, label: impl Into<String>, panel: impl Into<ViewFn>) -> Self {
        Self {
            id,
            label: label.into(),
            panel: panel.into(),
        }
    }
}

/// Tabs; the first is selected at first render.
#[component]
pub fn Tabs(#[prop(into)] label: String, tabs: Vec<Tab>) -> impl IntoView {
    let selected = RwSignal::new(0usize);
    // Without JavaScript every panel stays visible (the tab buttons cannot
    // switch them); once hydrated, only the selected one is shown.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let count = tabs.len();
    let ids: Vec<&'static str> = tabs.iter().map(|t| t.id).collect();

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % count.max(1),
            "ArrowLeft" => (current + count.max(1) - 1) % count.max(1),
            "Home" => 0,
            "End" => count.saturating_sub(1),
            _ => return,
        };
        ev.prevent_default();
        selected.set(next);
        if let Some(tab) = document().get_element_by_id(&format!("tab-{}", ids[next])) {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(tab) = tab.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = tab.focus();
            }
        }
    };

    let buttons = tabs
        .iter()
        .enumerate()
        .map(|(i, tab)| {
            let is_selected = move || selected.get() == i;
            view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("tab-{}", tab.id)
                    aria-controls=format!("panel-{}", tab.id)
                    aria-selected=move || is_selected().to_string()
                    tabindex=move || if is_selected() { "0" } else { "-1" }
                    on:click=move |_| selected.set(i)
                    class="whitespace-nowrap rounded-full px-3 py-1.5 text-sm font-semibold sm:px-4 text-muted transition-colors hover:text-ink aria-selected:bg-surface aria-selected:text-ink aria-selected:shadow-sm"
                >
                    {tab.label.clone()}
                </button>
            }
        })
        .collect_view();

    let panels = tabs
        .into_iter()
        .enumerate()
        .map(|(i, tab)| {
            view! {
                <div
                    role="tabpanel"
                    id=format!("panel-{}", tab.id)
                    aria-labelledby=format!("tab-{}", tab.id)
                    hidden=move || interactive.get() && selected.get() != i
                    tabindex="0"
                    class="pt-4"
                >
                    {tab.panel.run()}
                </div>
            }
        })
        .collect_view();

    view! {
        <div>
            <div role="tablist" aria-label=label on:keydown=on_keydown class="inline-flex max-w-full gap-1 overflow-x-auto rounded-full bg-sparkle-500/10 p-1">
                {buttons}
            </div>
            {panels}
        </div>
    }
}
