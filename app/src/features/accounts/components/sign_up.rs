//! The sign-up page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{AuthCard, FormAlert, Notice, PasswordRules, action_error, field_errors};
use crate::features::accounts::api::{ResendVerification, SignUp};
use crate::routes;
use crate::ui::{Button, TextField};

/// `/signup`: create an account; after submitting, "check your inbox".
#[component]
pub fn SignUpPage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.read().get("sent");
    view! {
        <Title text="Join"/>
        <AuthCard title="Join the universe" subtitle="Create your fan account: it takes a minute.">
            {move || match sent() {
                Some(email) => view! { <CheckInbox email/> }.into_any(),
                None => view! { <SignUpForm/> }.into_any(),
            }}
        </AuthCard>
    }
}

/// The form, an island (in its own WASM chunk): the password rules tick as
/// the password is typed, and a refusal shows next to the fields in place.
#[island(lazy)]
fn SignUpForm() -> impl IntoView {
    crate::hydration::keep_typed();
    let action = ServerAction::<SignUp>::new();
    let value = action_error(action);
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let referral = RwSignal::new(crate::request::page_query_param("ref").unwrap_or_default());
    view! {
        <ActionForm action attr:class="flex flex-col gap-5" attr:novalidate=true>
            <FormAlert error=value/>
            <TextField name="username" label="Username" value=username required=true autocomplete="username"
                hint="3–30 letters, digits, _ or -. This is your profile address."
                errors=field_errors(value, "username")/>
            <TextField name="email" label="Email" kind="email" value=email required=true autocomplete="email"
                hint="We'll send a link to confirm it."
                errors=field_errors(value, "email")/>
            <TextField name="password" label="Password" kind="password" value=password required=true autocomplete="new-password"
                errors=field_errors(value, "password")/>
            <PasswordRules password username=username email=email/>
            <TextField name="referral_code" label="Referral code (optional)" value=referral autocomplete="off"
                errors=field_errors(value, "referral_code")/>
            <Button kind="submit" disabled=action.pending() class="w-full">
                {move || if action.pending().get() { "Creating your account…" } else { "Create account" }}
            </Button>
            <p class="text-center text-sm text-muted">
                "Already a member? " <a class="link" href=routes::SIGN_IN>"Sign in"</a>
            </p>
        </ActionForm>
    }
}

/// What the visitor sees after signing up (whether or not the address was new).
#[component]
fn CheckInbox(email: String) -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let value = action_error(resend);
    let query = use_query_map();
    let resent = move || query.read().get("resent").is_some();
    view! {
        <div class="flex flex-col gap-5 text-center">
            <div class="mx-auto text-5xl animate-float" aria-hidden="true">"💌"</div>
            <h2 class="font-display text-xl font-bold">"Check your inbox"</h2>
            <p class="text-muted">
                "We sent a link to " <strong class="text-ink">{email.clone()}</strong>
                ". Open it to confirm your address, then sign in. The link works for 48 hours."
            </p>
            {move || resent().then(|| view! { <Notice>"If that address still needs confirming, a new link is on its way."</Notice> })}
            <ActionForm action=resend attr:class="flex flex-col gap-3">
                <FormAlert error=value/>
                <input type="hidden" name="email" value=email/>
                <Button kind="submit" variant=crate::ui::ButtonVariant::Secondary disabled=resend.pending()>"Send the link again"</Button>
            </ActionForm>
            <a class="link text-sm" href=routes::SIGN_IN>"Go to sign in"</a>
        </div>
    }
}
