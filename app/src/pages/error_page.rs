//! The page shown when loading a page fails; it carries the right status.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::AppError;
use crate::ui::{ButtonLink, ButtonVariant};

/// Renders `error` as a full page and sets the response status from it.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    error.set_response_status();
    let (title, message) = match &error {
        AppError::NotFound => ("Not found", "We couldn't find what you were looking for."),
        AppError::Unauthorized => ("Please sign in", "You need to sign in to see this page."),
        AppError::Forbidden => (
            "Not allowed",
            "Your account doesn't have access to this page.",
        ),
        AppError::RateLimited { .. } => (
            "Slow down a little",
            "Too many requests at once. Wait a moment and try again.",
        ),
        _ => (
            "Something went wrong",
            "We hit a snag loading this page. It's on our side, not yours; please try again in a moment.",
        ),
    };
    let request_id = error.request_id().map(str::to_owned);
    view! {
        <Title text=title/>
        <section role="alert" class="mx-auto flex max-w-xl flex-col items-center gap-5 py-24 text-center">
            <p aria-hidden="true" class="font-display text-7xl font-black text-gradient">{error.status_code()}</p>
            <h1 class="font-display text-3xl font-extrabold text-ink">{title}</h1>
            <p class="text-muted">{message}</p>
            {request_id.map(|id| view! {
                <p class="text-sm text-muted">
                    "If it keeps happening, tell us this reference: "
                    <code class="rounded bg-sparkle-500/10 px-1.5 py-0.5 font-mono text-ink">{id}</code>
                </p>
            })}
            <ButtonLink href="/" variant=ButtonVariant::Secondary>"Back to the home page"</ButtonLink>
        </section>
    }
}
