//! The sign-in page.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{AuthCard, FormAlert, Notice, Problem, action_error, field_errors};
use crate::features::accounts::api::{SignIn, StartOidc, get_sign_in_provider};
use crate::features::accounts::types::OidcNotice;
use crate::routes;
use crate::ui::{Button, ButtonVariant, TextField};

/// `/signin`: by username or email, with "remember me".
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let value = action_error(action);
    let query = use_query_map();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let next = query.read_untracked().get("next").unwrap_or_default();
    let notice = move || {
        let q = query.read();
        if q.get("verified").is_some() {
            Some("Your email is confirmed. Welcome! Sign in to start posting.")
        } else if q.get("deleted").is_some() {
            Some(
                "Your account is deleted and you're signed out. Changed your mind? Sign in within 30 days and it comes back.",
            )
        } else if q.get("reset").is_some() {
            Some(
                "Your password was changed and every session was signed out. Sign in with the new one.",
            )
        } else {
            None
        }
    };
    let provider = Resource::new(|| (), |_| get_sign_in_provider());
    let oidc_problem = move || {
        let code = query.read().get("oidc")?;
        OidcNotice::from_code(&code)
    };
    view! {
        <Title text="Sign in"/>
        <AuthCard title="Welcome back" subtitle="Sign in to your Sparkle Universe account.">
            <ActionForm action attr:class="flex flex-col gap-5" attr:novalidate=true>
                {move || notice().map(|n| view! { <Notice>{n}</Notice> })}
                <FormAlert error=value/>
                <input type="hidden" name="next" value=next/>
                <TextField name="login" label="Username or email" value=login required=true autocomplete="username"
                    errors=field_errors(value, "login")/>
                <TextField name="password" label="Password" kind="password" value=password required=true autocomplete="current-password"
                    errors=field_errors(value, "password")/>
                <div class="flex items-center justify-between gap-3 text-sm">
                    <label class="flex items-center gap-2 font-medium">
                        <input type="checkbox" name="remember" value="on" class="w-4 h-4 accent-sparkle-600"/>
                        "Remember me for 30 days"
                    </label>
                    <a class="link" href=routes::FORGOT_PASSWORD>"Forgot password?"</a>
                </div>
                <Button kind="submit" disabled=action.pending() class="w-full">
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </Button>
                <p class="text-center text-sm text-muted">
                    "New here? " <a class="link" href=routes::SIGN_UP>"Create an account"</a>
                </p>
            </ActionForm>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let name = provider.await.ok().flatten()?;
                    let problem = oidc_problem().map(|n| n.message(&name));
                    Some(view! {
                        <div class="mt-6 flex flex-col gap-4">
                            <div class="flex items-center gap-3 text-xs font-semibold uppercase tracking-wide text-muted" aria-hidden="true">
                                <span class="flex-1 border-t border-line"></span>"or"<span class="flex-1 border-t border-line"></span>
                            </div>
                            {problem.map(|message| view! { <Problem message/> })}
                            // A plain form: the browser itself goes on to the provider.
                            <form method="post" action=StartOidc::PATH>
                                <input type="hidden" name="intent" value="signin"/>
                                <Button kind="submit" variant=ButtonVariant::Secondary class="w-full">
                                    {format!("Continue with {name}")}
                                </Button>
                            </form>
                        </div>
                    })
                })}
            </Suspense>
        </AuthCard>
    }
}

/// `/signin/two-factor`: the code from the authenticator app, or a
/// recovery code, after a correct password.
#[component]
pub fn TwoFactorSignInPage() -> impl IntoView {
    let action = ServerAction::<crate::features::accounts::api::VerifyTwoFactor>::new();
    let value = action_error(action);
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    let code = RwSignal::new(String::new());
    view! {
        <Title text="Two-factor sign-in"/>
        <AuthCard title="One more step" subtitle="Enter the 6-digit code from your authenticator app.">
            <ActionForm action attr:class="flex flex-col gap-5" attr:novalidate=true>
                <FormAlert error=value/>
                <input type="hidden" name="next" value=next/>
                <TextField name="code" label="Code" value=code required=true autocomplete="one-time-code"
                    hint="Lost your phone? Enter one of your recovery codes instead, like ABCDE-23456."
                    errors=field_errors(value, "code")/>
                <Button kind="submit" disabled=action.pending() class="w-full">
                    {move || if action.pending().get() { "Checking…" } else { "Verify and sign in" }}
                </Button>
                <p class="text-center text-sm text-muted">
                    <a class="link" href=routes::SIGN_IN>"Start over"</a>
                </p>
            </ActionForm>
        </AuthCard>
    }
}
