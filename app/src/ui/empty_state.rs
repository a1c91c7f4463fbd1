//! What a list shows when it has nothing in it yet.

use leptos::prelude::*;

use super::{Icon, IconName};

/// A friendly message for an empty list, with an optional action.
#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="flex flex-col items-center gap-3 rounded-3xl border border-dashed border-line px-6 py-12 text-center">
            <span class="text-sparkle-500 animate-float"><Icon name=IconName::Sparkles class="w-10 h-10"/></span>
            <h3 class="font-display text-lg font-bold text-ink">{title}</h3>
            <p class="max-w-prose text-sm text-muted">{message}</p>
            {children.map(|c| c())}
        </div>
    }
}
