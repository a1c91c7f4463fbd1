//! A modal dialog on the native `<dialog>` element: focus is trapped and
//! restored by the browser, Escape closes it, and it is announced as a dialog.

use leptos::html;
use leptos::prelude::*;

use super::{Icon, IconName};

/// A modal dialog shown while `open` is true. Closing it (button, Escape or
/// backdrop) sets `open` back to false.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let title_id = format!(
        "dialog-{}",
        title
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );

    Effect::new(move |_| {
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        if open.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });

    view! {
        <dialog
            node_ref=dialog_ref
            aria-labelledby=title_id.clone()
            class="dialog"
            on:close=move |_| open.set(false)
            on:click=move |ev: leptos::ev::MouseEvent| {
                // A click on the backdrop lands on the dialog element itself.
                use leptos::wasm_bindgen::JsCast;
                let on_backdrop = ev
                    .target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlDialogElement>().ok())
                    .is_some();
                if on_backdrop {
                    open.set(false);
                }
            }
        >
            // The padding lives on this wrapper, so a click on the dialog element
            // itself can only be a click on the backdrop.
            <div class="dialog-body">
                <div class="flex items-start justify-between gap-4">
                    <h2 id=title_id.clone() class="font-display text-xl font-bold text-ink">{title}</h2>
                    <button
                        type="button"
                        class="btn-icon"
                        aria-label="Close dialog"
                        on:click=move |_| open.set(false)
                    >
                        <Icon name=IconName::Close/>
                    </button>
                </div>
                <div class="mt-4 text-ink">{move || children()}</div>
            </div>
        </dialog>
    }
}
