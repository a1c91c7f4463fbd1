//! The two-factor card of `/settings/security`: set up an authenticator
//! app with a QR code, see the recovery codes once, make new ones, turn off.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::form::{FormAlert, Notice, action_error, field_errors};
use crate::features::accounts::api::{
    ConfirmTwoFactor, DisableTwoFactor, RegenerateRecoveryCodes, StartTwoFactor, get_two_factor,
};
use crate::features::accounts::types::TwoFactorStatus;
use crate::ui::{Badge, BadgeTone, Button, ButtonVariant, Card, Skeleton, TextField};

/// The two-factor card (its own data, so its forms refresh only it).
#[component]
pub fn TwoFactorCard() -> impl IntoView {
    let start = ServerAction::<StartTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let regenerate = ServerAction::<RegenerateRecoveryCodes>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let status = Resource::new(
        move || {
            (
                start.version().get(),
                confirm.version().get(),
                regenerate.version().get(),
                disable.version().get(),
            )
        },
        |_| get_two_factor(),
    );
    view! {
        <Card>
            <section id="two-factor" aria-labelledby="two-factor-heading">
                <div class="flex flex-wrap items-center gap-3">
                    <h2 id="two-factor-heading" class="font-display text-xl font-bold">"Two-factor sign-in"</h2>
                </div>
                <Transition fallback=|| view! { <Skeleton lines=3 label="Loading two-factor settings"/> }>
                    {move || Suspend::new(async move {
                        match status.await {
                            Ok(s) => view! { <TwoFactorBody status=s start confirm regenerate disable/> }.into_any(),
                            Err(e) => view! { <p role="alert" class="mt-3 text-sm">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </Card>
    }
}

#[component]
fn TwoFactorBody(
    status: TwoFactorStatus,
    start: ServerAction<StartTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
    regenerate: ServerAction<RegenerateRecoveryCodes>,
    disable: ServerAction<DisableTwoFactor>,
) -> impl IntoView {
    let query = use_query_map();
    let turned_off = query.read_untracked().get("two_factor").as_deref() == Some("off");
    let start_error = action_error(start);
    let confirm_error = action_error(confirm);
    let regenerate_error = action_error(regenerate);
    let disable_error = action_error(disable);
    let code = RwSignal::new(String::new());
    let fresh = status.fresh_codes.clone();
    let body = if status.enabled {
        let left = status.recovery_codes_left;
        view! {
            <p class="mt-2 flex flex-wrap items-center gap-2 text-sm">
                <Badge tone=BadgeTone::Success>"On"</Badge>
                "Signing in needs a code from your authenticator app. "
                {format!("{left} recovery code{} left.", if left == 1 { "" } else { "s" })}
            </p>
            <div class="mt-5 grid gap-6 sm:grid-cols-2">
                <ActionForm action=regenerate attr:class="flex flex-col gap-3" attr:novalidate=true>
                    <h3 class="font-semibold">"New recovery codes"</h3>
                    <FormAlert error=regenerate_error/>
                    <TextField name="code" label="Current code" autocomplete="one-time-code" errors=field_errors(regenerate_error, "code")/>
                    <div><Button kind="submit" variant=ButtonVariant::Secondary>"Make new codes"</Button></div>
                </ActionForm>
                <ActionForm action=disable attr:class="flex flex-col gap-3" attr:novalidate=true>
                    <h3 class="font-semibold">"Turn off"</h3>
                    <FormAlert error=disable_error/>
                    <TextField name="code" label="Code or recovery code" autocomplete="one-time-code" errors=field_errors(disable_error, "code")/>
                    <div><Button kind="submit" variant=ButtonVariant::Danger>"Turn off two-factor"</Button></div>
                </ActionForm>
            </div>
        }
        .into_any()
    } else if let Some(enrolment) = status.pending.clone() {
        view! {
            <ol class="mt-3 flex list-decimal flex-col gap-4 pl-5 text-sm">
                <li>"Scan this code with an authenticator app (Aegis, 1Password, Google Authenticator…)."</li>
            </ol>
            <div class="mt-4 flex flex-wrap items-start gap-6">
                <figure class="rounded-2xl bg-white p-2 shadow-md">
                    <div class="w-48 h-48" role="img" aria-label="QR code for your authenticator app" inner_html=enrolment.qr_svg.clone()></div>
                </figure>
                <div class="flex min-w-0 flex-1 flex-col gap-3 text-sm">
                    <p>"Can't scan? Type this key into the app:"</p>
                    <code class="break-all rounded-xl bg-surface-2 px-3 py-2 font-mono text-base tracking-wider" data-testid="totp-secret">{enrolment.secret.clone()}</code>
                    <a class="link" href=enrolment.otpauth_url.clone()>"Open in an authenticator app on this device"</a>
                </div>
            </div>
            <ActionForm action=confirm attr:class="mt-5 flex flex-col gap-3" attr:novalidate=true>
                <FormAlert error=confirm_error/>
                <TextField name="code" label="Then enter the 6-digit code it shows" value=code autocomplete="one-time-code"
                    errors=field_errors(confirm_error, "code")/>
                <div class="flex flex-wrap gap-2">
                    <Button kind="submit" disabled=confirm.pending()>"Turn on two-factor"</Button>
                </div>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <p class="mt-2 text-sm text-muted">
                "Add a second step to signing in: a code from an app on your phone. Even someone with your password can't get in without it."
            </p>
            <ActionForm action=start attr:class="mt-4">
                <FormAlert error=start_error/>
                <Button kind="submit">"Set up two-factor"</Button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        {turned_off.then(|| view! { <div class="mt-3"><Notice>"Two-factor sign-in is off."</Notice></div> })}
        {(!fresh.is_empty()).then(|| view! {
            <div class="mt-4 rounded-2xl border-2 border-dashed border-sparkle-400 p-4" role="status">
                <p class="font-semibold">"Your recovery codes"</p>
                <p class="mt-1 text-sm text-muted">"Each works once if you lose your phone. Save them somewhere safe now: we won't show them again."</p>
                <ul class="mt-3 grid grid-cols-2 gap-2 font-mono text-sm sm:grid-cols-5" aria-label="Recovery codes" data-testid="recovery-codes">
                    {fresh.into_iter().map(|c| view! { <li class="rounded-lg bg-surface-2 px-2 py-1 text-center">{c}</li> }).collect_view()}
                </ul>
            </div>
        })}
        {body}
    }
}
