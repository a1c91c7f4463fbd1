//! Buttons and links styled as buttons.

use leptos::prelude::*;

/// How prominent a button is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonVariant {
    /// The gradient call to action; one per view.
    #[default]
    Primary,
    /// Outlined, for secondary actions.
    Secondary,
    /// Text only, for low-emphasis actions.
    Ghost,
    /// Destructive actions.
    Danger,
}

impl ButtonVariant {
    pub(crate) fn classes(self) -> &'static str {
        match self {
            Self::Primary => {
                "btn bg-gradient-to-r from-sparkle-600 to-violet-600 text-white shadow-md shadow-sparkle-500/25 hover:shadow-lg hover:shadow-sparkle-500/40 hover:-translate-y-0.5"
            }
            Self::Secondary => {
                "btn border border-line bg-surface text-ink hover:border-sparkle-400 hover:text-sparkle-700 dark:hover:text-sparkle-300"
            }
            Self::Ghost => "btn text-muted hover:bg-sparkle-500/10 hover:text-ink",
            Self::Danger => "btn bg-red-600 text-white hover:bg-red-700",
        }
    }
}

/// A `<button>`. `kind` is the HTML type (`button` or `submit`).
#[component]
pub fn Button(
    #[prop(optional)] variant: ButtonVariant,
    #[prop(default = "button")] kind: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] class: String,
    #[prop(optional, into)] on_click: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type=kind
            class=format!("{} {class}", variant.classes())
            disabled=move || disabled.get()
            on:click=move |_| {
                if let Some(cb) = on_click {
                    cb.run(());
                }
            }
        >
            {children()}
        </button>
    }
}

/// A link that looks like a button.
#[component]
pub fn ButtonLink(
    #[prop(into)] href: String,
    #[prop(optional)] variant: ButtonVariant,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    view! {
        <a href=href class=format!("{} {class}", variant.classes())>
            {children()}
        </a>
    }
}
