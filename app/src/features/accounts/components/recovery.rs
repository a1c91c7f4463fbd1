//! Email verification, "forgot password" and "choose a new password" pages.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::form::{AuthCard, FormAlert, Notice, PasswordRules, action_error, field_errors};
use crate::features::accounts::api::{
    RequestPasswordReset, ResendVerification, ResetPassword, VerifyEmail,
};
use crate::routes;
use crate::ui::{Button, ButtonVariant, TextField};

/// `/verify-email?token=…`: one button confirms the address. (A button, not
/// the link itself, so mail scanners that open links cannot spend it.)
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let value = action_error(action);
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let dead = move || !field_errors(value, "token").get().is_empty();
    view! {
        <Title text="Confirm your email"/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <AuthCard title="Confirm your email" subtitle="One click and you're in.">
            <ActionForm action attr:class="flex flex-col gap-5">
                <FormAlert error=value/>
                {move || field_errors(value, "token").get().into_iter().map(|m| view! {
                    <p role="alert" class="rounded-2xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm font-medium text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100">{m}</p>
                }).collect_view()}
                <input type="hidden" name="token" value=token/>
                <Button kind="submit" disabled=action.pending() class="w-full">"Confirm my email"</Button>
            </ActionForm>
            {move || dead().then(|| view! { <ResendForm/> })}
        </AuthCard>
    }
}

/// Asks for a fresh verification link.
#[component]
fn ResendForm() -> impl IntoView {
    let action = ServerAction::<ResendVerification>::new();
    let value = action_error(action);
    let email = RwSignal::new(String::new());
    view! {
        <ActionForm action attr:class="mt-6 flex flex-col gap-4 border-t border-line pt-6">
            <FormAlert error=value/>
            <TextField name="email" label="Your email" kind="email" value=email required=true autocomplete="email"
                errors=field_errors(value, "email")/>
            <Button kind="submit" variant=ButtonVariant::Secondary disabled=action.pending()>"Send a new link"</Button>
        </ActionForm>
    }
}

/// `/forgot-password`: asks for a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let value = action_error(action);
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    let email = RwSignal::new(String::new());
    view! {
        <Title text="Forgot password"/>
        <AuthCard title="Forgot your password?" subtitle="We'll mail you a link to choose a new one.">
            <ActionForm action attr:class="flex flex-col gap-5" attr:novalidate=true>
                {move || sent().then(|| view! {
                    <Notice>"If an account uses that address, a reset link is on its way. It works once, for one hour."</Notice>
                })}
                <FormAlert error=value/>
                <TextField name="email" label="Email" kind="email" value=email required=true autocomplete="email"
                    errors=field_errors(value, "email")/>
                <Button kind="submit" disabled=action.pending() class="w-full">"Send reset link"</Button>
                <p class="text-center text-sm text-muted"><a class="link" href=routes::SIGN_IN>"Back to sign in"</a></p>
            </ActionForm>
        </AuthCard>
    }
}

/// `/reset-password?token=…`: choose the new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let value = action_error(action);
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let password = RwSignal::new(String::new());
    view! {
        <Title text="Choose a new password"/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <AuthCard title="Choose a new password" subtitle="Every signed-in device will be signed out.">
            <ActionForm action attr:class="flex flex-col gap-5" attr:novalidate=true>
                <FormAlert error=value/>
                {move || field_errors(value, "token").get().into_iter().map(|m| view! {
                    <p role="alert" class="rounded-2xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm font-medium text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100">
                        {m}" "<a class="link" href=routes::FORGOT_PASSWORD>"Get a new link"</a>
                    </p>
                }).collect_view()}
                <input type="hidden" name="token" value=token/>
                <TextField name="password" label="New password" kind="password" value=password required=true autocomplete="new-password"
                    errors=field_errors(value, "password")/>
                <PasswordRules password/>
                <Button kind="submit" disabled=action.pending() class="w-full">"Save new password"</Button>
            </ActionForm>
        </AuthCard>
    }
}
