//! Shimmering blocks shown while content loads.

use leptos::prelude::*;

/// A loading placeholder block; `lines` stacked bars of text height.
#[component]
pub fn Skeleton(
    #[prop(default = 3)] lines: usize,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    view! {
        <div role="status" aria-live="polite" class="flex flex-col gap-2">
            <span class="sr-only">{label.unwrap_or_else(|| "Loading…".into())}</span>
            {(0..lines)
                .map(|i| {
                    let width = if i + 1 == lines && lines > 1 { "w-2/3" } else { "w-full" };
                    view! { <div aria-hidden="true" class=format!("skeleton h-4 {width}")></div> }
                })
                .collect_view()}
        </div>
    }
}
