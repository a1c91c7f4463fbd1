//! A dropdown menu of links on `<details>`: it opens without JavaScript; once
//! hydrated, Escape closes it and returns focus to its button.

use leptos::html;
use leptos::prelude::*;

/// One entry of a [`Menu`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    pub label: String,
    pub href: String,
}

/// A button that opens a list of links.
#[component]
pub fn Menu(
    #[prop(into)] label: String,
    items: Vec<MenuItem>,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let details = NodeRef::<html::Details>::new();
    let close = move || {
        if let Some(d) = details.get() {
            d.set_open(false);
            if let Some(summary) = d.first_element_child() {
                use leptos::wasm_bindgen::JsCast;
                if let Ok(summary) = summary.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = summary.focus();
                }
            }
        }
    };
    view! {
        <details
            node_ref=details
            class=format!("menu relative {class}")
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            <summary aria-haspopup="menu" class="btn-icon list-none">{label}</summary>
            <ul role="menu" class="menu-list">
                {items
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li role="none">
                                <a role="menuitem" href=item.href class="menu-item">
                                    {item.label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
