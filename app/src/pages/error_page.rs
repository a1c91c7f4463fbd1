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
        AppError::Restricted { .. } => ("Not right now", ""),
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
    let message = match &error {
        AppError::Restricted { message } => message.clone(),
        _ => message.to_owned(),
    };
    let sign_in = matches!(error, AppError::Unauthorized).then(|| {
        let here = leptos_router::hooks::use_location()
            .pathname
            .get_untracked();
        format!("{}?next={here}", crate::routes::SIGN_IN)
    });
    view! {
        <Title text=title/>
        <section role="alert" class="mx-auto flex max-w-xl flex-col items-center gap-5 py-24 text-center">
            <p aria-hidden="true" class="font-display text-7xl font-black text-gradient">{error.status_code()}</p>
            <h1 class="font-display text-3xl font-extrabold text-ink">{title}</h1>
            <p class="text-muted">{message}</p>
            {request_id.map(|id| view! {
                <p class="text-sm text-muted">
                    "If it keeps happening, tell us this reference: "
                    <code class="rounded-md bg-sparkle-500/10 px-1.5 py-0.5 font-mono text-ink">{id}</code>
                </p>
            })}
            <div class="flex flex-col gap-3 sm:flex-row">
                {sign_in.map(|href| view! { <ButtonLink href variant=ButtonVariant::Primary>"Sign in"</ButtonLink> })}
                <ButtonLink href="/" variant=ButtonVariant::Secondary>"Back to the home page"</ButtonLink>
            </div>
        </section>
    }
}
