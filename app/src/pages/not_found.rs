//! The 404 page, served with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::{ButtonLink, ButtonVariant};

/// Shown for any path no route matches.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::AppError::NotFound.set_response_status();
    view! {
        <Title text="Page not found"/>
        <section class="mx-auto flex max-w-xl flex-col items-center gap-6 py-24 text-center">
            <p aria-hidden="true" class="font-display text-8xl font-black text-gradient animate-float">"404"</p>
            <h1 class="font-display text-3xl font-extrabold text-ink">"This corner of the universe is empty"</h1>
            <p class="text-muted">
                "The page you asked for doesn't exist or has moved. Check the address, or head back home."
            </p>
            <ButtonLink href="/" variant=ButtonVariant::Primary>"Back to the home page"</ButtonLink>
        </section>
    }
}
