//! A raised surface that groups related content.

use leptos::prelude::*;

/// A rounded card. `glow` adds the sparkle halo on hover.
#[component]
pub fn Card(
    #[prop(optional)] glow: bool,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let hover = if glow { "card-glow" } else { "" };
    view! { <div class=format!("card {hover} {class}")>{children()}</div> }
}
