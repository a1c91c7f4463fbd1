//! Pieces every account form shares: the centred card, error lookups and
//! the form-level alert.

use leptos::prelude::*;

use crate::error::AppError;
use crate::features::accounts::types::password_rules;

/// The error of an action's latest result, if it failed.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let value = action.value();
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => Some(e.clone()),
            _ => None,
        })
    })
}

/// The messages for `field` in an action's latest error.
pub fn field_errors(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Vec<String>> {
    Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_messages(field).to_vec())
                .unwrap_or_default()
        })
    })
}

/// The centred card the sign-in pages sit in.
#[component]
pub fn AuthCard(
    #[prop(into)] title: String,
    #[prop(into)] subtitle: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="mx-auto flex max-w-md flex-col gap-6 py-10 sm:py-16">
            <div class="text-center animate-drop-in">
                <h1 class="font-display text-3xl font-extrabold tracking-tight sm:text-4xl">
                    <span class="text-gradient">{title}</span>
                </h1>
                <p class="mt-2 text-muted">{subtitle}</p>
            </div>
            <div class="card p-6 sm:p-8">{children()}</div>
        </div>
    }
}

/// The message of a failed submit that belongs to no single field.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let message = move || error.with(|e| e.as_ref().and_then(AppError::form_message));
    view! {
        <div role="alert" aria-live="assertive">
            {move || message().map(|m| view! { <ProblemText message=m/> })}
        </div>
    }
}

/// A problem told in words, in the alert colours (inside a live region).
#[component]
fn ProblemText(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <p class="rounded-2xl border border-red-300 bg-red-50 px-4 py-3 text-sm font-medium text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200">
            {message}
        </p>
    }
}

/// A problem that is there when the page loads (not the answer to a submit).
#[component]
pub fn Problem(#[prop(into)] message: String) -> impl IntoView {
    view! { <div role="alert"><ProblemText message/></div> }
}

/// A friendly notice (success, information).
#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! {
        <p role="status" class="rounded-2xl border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100">
            {children()}
        </p>
    }
}

/// The password rules, ticked off as the person types (after hydration; as
/// plain HTML they read as a list of rules).
#[component]
pub fn PasswordRules(
    password: RwSignal<String>,
    #[prop(optional, into)] username: Signal<String>,
    #[prop(optional, into)] email: Signal<String>,
) -> impl IntoView {
    let rules = move || password_rules(&password.get(), &username.get(), &email.get());
    view! {
        <ul class="-mt-2 flex flex-col gap-1 text-xs" aria-label="Rules for your password" id="password-rules">
            {move || rules().into_iter().map(|rule| view! {
                <li class="flex items-center gap-2" class:text-emerald-700=rule.met class:dark:text-emerald-300=rule.met class:text-muted=!rule.met>
                    <span aria-hidden="true">{if rule.met { "✓" } else { "○" }}</span>
                    {rule.text}
                    <span class="sr-only">{if rule.met { " (met)" } else { " (not yet)" }}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}
