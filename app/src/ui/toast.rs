//! Toasts: short messages that confirm an action or report a failure.

use leptos::prelude::*;

use super::{Icon, IconName};

/// What a toast reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: String,
}

/// The toast queue, provided once by [`Toaster`] and used through [`use_toasts`].
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    /// Shows a toast; it dismisses itself after a few seconds.
    pub fn push(&self, kind: ToastKind, message: impl Into<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| {
            items.push(Toast {
                id,
                kind,
                message: message.into(),
            })
        });
        #[cfg(feature = "hydrate")]
        {
            let items = self.items;
            gloo::timers::callback::Timeout::new(6_000, move || {
                items.update(|items| items.retain(|t| t.id != id));
            })
            .forget();
        }
    }

    /// Removes one toast.
    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

/// The toast queue of the current app.
pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_else(|| Toasts {
        items: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    })
}

/// Provides [`Toasts`] to its children and renders the live region that shows them.
#[component]
pub fn Toaster(children: Children) -> impl IntoView {
    let toasts = Toasts {
        items: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    };
    provide_context(toasts);
    view! {
        {children()}
        <div aria-live="polite" aria-atomic="false" class="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div
                    role=if toast.kind == ToastKind::Error { "alert" } else { "status" }
                    class=match toast.kind {
                        ToastKind::Success => "toast border-emerald-400",
                        ToastKind::Error => "toast border-red-500",
                        ToastKind::Info => "toast border-sparkle-400",
                    }
                >
                    <span>{toast.message.clone()}</span>
                    <button type="button" class="btn-icon" aria-label="Dismiss" on:click=move |_| toasts.dismiss(toast.id)>
                        <Icon name=IconName::Close class="w-4 h-4"/>
                    </button>
                </div>
            </For>
        </div>
    }
}
