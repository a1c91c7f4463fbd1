//! `/settings/account`: ways to sign in (password, linked provider), the data
//! export, and deleting the account.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::form::{FormAlert, Notice, Problem, action_error, field_errors};
use crate::features::accounts::api::{
    DeleteAccount, StartOidc, UnlinkSignIn, get_account_settings,
};
use crate::features::accounts::types::{AccountSettings, OidcNotice};
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Badge, BadgeTone, Button, ButtonVariant, Card, Skeleton, TextField};

/// The account settings page (signed-in people only; 401 otherwise).
#[component]
pub fn AccountSettingsPage() -> impl IntoView {
    let unlink = ServerAction::<UnlinkSignIn>::new();
    let data = Resource::new(move || unlink.version().get(), |_| get_account_settings());
    view! {
        <Title text="Account settings"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading your account settings"/></div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(settings) => view! {
                        <div class="mx-auto flex max-w-3xl flex-col gap-8 py-10">
                            <header>
                                <h1 class="font-display text-3xl font-extrabold tracking-tight"><span class="text-gradient">"Account"</span></h1>
                                <p class="mt-1 text-muted">
                                    "Signed in as " <strong class="text-ink">"@"{settings.username.clone()}</strong>
                                    " (" {settings.email.clone()} ")."
                                </p>
                            </header>
                            <SignInMethodsCard settings=settings.clone() unlink/>
                            <ExportCard/>
                            <DeleteCard has_password=settings.has_password username=settings.username.clone()/>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInMethodsCard(
    settings: AccountSettings,
    unlink: ServerAction<UnlinkSignIn>,
) -> impl IntoView {
    let query = use_query_map();
    let provider_name = settings
        .provider
        .clone()
        .unwrap_or_else(|| "your provider".into());
    let notice = move || {
        let code = query.read().get("oidc")?;
        OidcNotice::from_code(&code).map(|n| (n.is_success(), n.message(&provider_name)))
    };
    let unlink_error = action_error(unlink);
    let linked_current = settings
        .linked
        .iter()
        .any(|l| Some(&l.name) == settings.provider.as_ref());
    let can_link = settings.provider.clone().filter(|_| !linked_current);
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"How you sign in"</h2>
            <p class="mt-1 text-sm text-muted">"Keep at least one way in. A linked account lets you sign in with one click."</p>
            // No gap between the rows: the alert regions are empty until needed.
            <div class="mt-5 flex flex-col">
                {move || notice().map(|(ok, message)| view! {
                    <div class="mb-4">
                        {if ok {
                            view! { <Notice>{message}</Notice> }.into_any()
                        } else {
                            view! { <Problem message/> }.into_any()
                        }}
                    </div>
                })}
                <FormAlert error=unlink_error/>
                <ul class="flex flex-col divide-y divide-line" aria-label="Sign-in methods">
                    <li class="flex flex-wrap items-center justify-between gap-3 py-3">
                        <div>
                            <p class="font-semibold">"Password"</p>
                            <p class="text-sm text-muted">
                                {if settings.has_password {
                                    "Set. Change it on the security page."
                                } else {
                                    "Not set. Use \"Forgot password?\" on the sign-in page to choose one."
                                }}
                            </p>
                        </div>
                        {if settings.has_password {
                            view! { <a class="link text-sm font-semibold" href=routes::SETTINGS_SECURITY>"Security settings"</a> }.into_any()
                        } else {
                            view! { <Badge tone=BadgeTone::Warning>"Not set"</Badge> }.into_any()
                        }}
                    </li>
                    {settings.linked.into_iter().map(|linked| view! {
                        <li class="flex flex-wrap items-center justify-between gap-3 py-3">
                            <div class="min-w-0">
                                <p class="font-semibold">{linked.name.clone()}" "<Badge tone=BadgeTone::Success>"Linked"</Badge></p>
                                <p class="text-sm text-muted break-all">
                                    {linked.email.clone().unwrap_or_else(|| "No email shared".into())}
                                    " · linked " {linked.linked_at.format("%-d %b %Y").to_string()}
                                </p>
                            </div>
                            <ActionForm action=unlink>
                                <input type="hidden" name="provider" value=linked.provider.clone()/>
                                <Button kind="submit" variant=ButtonVariant::Secondary>
                                    {format!("Unlink {}", linked.name)}
                                </Button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
                {can_link.map(|name| view! {
                    // A plain form: the browser itself goes on to the provider.
                    <form method="post" action=StartOidc::PATH class="mt-4 flex flex-wrap items-center justify-between gap-3 rounded-2xl border border-line px-4 py-3">
                        <p class="text-sm">{format!("Sign in with your {name} account too.")}</p>
                        <input type="hidden" name="intent" value="link"/>
                        <Button kind="submit" variant=ButtonVariant::Secondary>{format!("Link {name}")}</Button>
                    </form>
                })}
            </div>
        </Card>
    }
}

#[component]
fn ExportCard() -> impl IntoView {
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"Your data"</h2>
            <p class="mt-1 text-sm text-muted">
                "Everything your account holds, in one JSON file: your account and profile, settings, sessions, "
                "sign-in history, security alerts, follows, blocks, referrals and pictures. "
                "No passwords or secret codes are in it."
            </p>
            <div class="mt-5">
                // Not the router's: a download the browser handles itself.
                <a href=routes::ACCOUNT_EXPORT download rel="external" class=ButtonVariant::Secondary.classes()>
                    "Download my data"
                </a>
            </div>
        </Card>
    }
}

#[component]
fn DeleteCard(has_password: bool, username: String) -> impl IntoView {
    let action = ServerAction::<DeleteAccount>::new();
    let value = action_error(action);
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold text-red-700 dark:text-red-300">"Delete your account"</h2>
            <div class="mt-2 flex flex-col gap-2 text-sm text-muted">
                <p>"Your profile disappears and every device is signed out right away. Your follows end."</p>
                <p>
                    "You have 30 days to change your mind: sign in again and the account comes back. "
                    "After that it's erased for good, with everything in it. Download your data first if you want a copy."
                </p>
            </div>
            <ActionForm action attr:class="mt-5 flex flex-col gap-5" attr:novalidate=true>
                <FormAlert error=value/>
                {if has_password {
                    view! {
                        <input type="hidden" name="confirm" value=""/>
                        <TextField name="password" label="Your password" kind="password" value=password required=true
                            autocomplete="current-password" errors=field_errors(value, "password")/>
                    }.into_any()
                } else {
                    view! {
                        <input type="hidden" name="password" value=""/>
                        <TextField name="confirm" label=format!("Type your username ({username}) to confirm") value=confirm required=true
                            autocomplete="off" errors=field_errors(value, "confirm")/>
                    }.into_any()
                }}
                <div>
                    <Button kind="submit" variant=ButtonVariant::Danger disabled=action.pending()>
                        {move || if action.pending().get() { "Deleting…" } else { "Delete my account" }}
                    </Button>
                </div>
            </ActionForm>
        </Card>
    }
}
