//! `/settings/security`: password, signed-in sessions and login history.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::form::{FormAlert, Notice, PasswordRules, action_error, field_errors};
use crate::features::accounts::api::{
    ChangePassword, ResolveSecurityAlert, RevokeOtherSessions, RevokeSession, list_security_alerts,
    list_sessions, login_history,
};
use crate::features::accounts::types::{LoginAttempt, SecurityAlert, SessionInfo};
use crate::pages::ErrorPage;
use crate::ui::{Badge, BadgeTone, Button, ButtonVariant, Card, Skeleton, TextField};

/// The security settings page (signed-in people only; 401 otherwise).
#[component]
pub fn SecuritySettingsPage() -> impl IntoView {
    let revoke = ServerAction::<RevokeSession>::new();
    let revoke_others = ServerAction::<RevokeOtherSessions>::new();
    let resolve = ServerAction::<ResolveSecurityAlert>::new();
    let data = Resource::new(
        move || {
            (
                revoke.version().get(),
                revoke_others.version().get(),
                resolve.version().get(),
            )
        },
        |_| async move {
            let sessions = list_sessions().await?;
            let history = login_history().await?;
            let alerts = list_security_alerts().await?;
            Ok::<_, crate::AppError>((sessions, history, alerts))
        },
    );
    view! {
        <Title text="Security settings"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading your security settings"/></div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((sessions, history, alerts)) => view! {
                        <div class="mx-auto flex max-w-3xl flex-col gap-8 py-10">
                            <header>
                                <h1 class="font-display text-3xl font-extrabold tracking-tight"><span class="text-gradient">"Security"</span></h1>
                                <p class="mt-1 text-muted">"Your password, where you're signed in, and every sign-in attempt."</p>
                            </header>
                            <AlertsCard alerts resolve/>
                            <PasswordCard/>
                            <super::two_factor::TwoFactorCard/>
                            <SessionsCard sessions revoke revoke_others/>
                            <HistoryCard history/>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AlertsCard(
    alerts: Vec<SecurityAlert>,
    resolve: ServerAction<ResolveSecurityAlert>,
) -> impl IntoView {
    let open = alerts.iter().filter(|a| !a.resolved).count();
    view! {
        <Card>
            <div class="flex flex-wrap items-center gap-3">
                <h2 class="font-display text-xl font-bold">"Security alerts"</h2>
                {(open > 0).then(|| view! { <Badge tone=BadgeTone::Warning>{format!("{open} to review")}</Badge> })}
            </div>
            <p class="mt-1 text-sm text-muted">"New sign-ins and new ways to sign in show up here, and by email."</p>
            {if alerts.is_empty() {
                view! { <p class="mt-5 text-sm">"Nothing to review. All quiet."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-5 flex flex-col divide-y divide-line" aria-label="Security alerts">
                        {alerts.into_iter().map(|a| view! {
                            <li class="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
                                <div class="min-w-0 sm:flex-1">
                                    <p class="font-semibold">
                                        {a.title.clone()}" "
                                        {if a.resolved {
                                            view! { <Badge tone=BadgeTone::Neutral>"Reviewed"</Badge> }.into_any()
                                        } else {
                                            view! { <Badge tone=BadgeTone::Warning>"New"</Badge> }.into_any()
                                        }}
                                    </p>
                                    <p class="text-sm text-muted">{a.description.clone()}</p>
                                    <p class="text-xs text-muted">{when(a.created_at)}</p>
                                </div>
                                {(!a.resolved).then(|| view! {
                                    <ActionForm action=resolve>
                                        <input type="hidden" name="id" value=a.id.to_string()/>
                                        <Button kind="submit" variant=ButtonVariant::Ghost>"Mark as reviewed"</Button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
fn PasswordCard() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let value = action_error(action);
    let query = use_query_map();
    let changed = move || query.read().get("changed").is_some();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"Change password"</h2>
            <p class="mt-1 text-sm text-muted">"Changing it signs out every other device."</p>
            <ActionForm action attr:class="mt-5 flex flex-col gap-5" attr:novalidate=true>
                {move || changed().then(|| view! { <Notice>"Password changed. Your other sessions were signed out."</Notice> })}
                <FormAlert error=value/>
                <TextField name="current_password" label="Current password" kind="password" value=current required=true
                    autocomplete="current-password" errors=field_errors(value, "current_password")/>
                <TextField name="new_password" label="New password" kind="password" value=new required=true
                    autocomplete="new-password" errors=field_errors(value, "new_password")/>
                <PasswordRules password=new/>
                <div><Button kind="submit" disabled=action.pending()>"Change password"</Button></div>
            </ActionForm>
        </Card>
    }
}

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

#[component]
fn SessionsCard(
    sessions: Vec<SessionInfo>,
    revoke: ServerAction<RevokeSession>,
    revoke_others: ServerAction<RevokeOtherSessions>,
) -> impl IntoView {
    let others = sessions.iter().filter(|s| !s.current).count();
    view! {
        <Card>
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <h2 class="font-display text-xl font-bold">"Where you're signed in"</h2>
                    <p class="mt-1 text-sm text-muted">"Don't recognise one? Sign it out, then change your password."</p>
                </div>
                {(others > 0).then(|| view! {
                    <ActionForm action=revoke_others>
                        <Button kind="submit" variant=ButtonVariant::Secondary>"Sign out all other sessions"</Button>
                    </ActionForm>
                })}
            </div>
            <ul class="mt-5 flex flex-col divide-y divide-line" aria-label="Sessions">
                {sessions.into_iter().map(|s| view! {
                    <li class="flex flex-wrap items-center justify-between gap-3 py-3">
                        <div class="min-w-0">
                            <p class="font-semibold">
                                {s.device.clone()}" "
                                {s.current.then(|| view! { <Badge tone=BadgeTone::Success>"This device"</Badge> })}
                            </p>
                            <p class="text-sm text-muted">
                                {s.ip_address.clone().unwrap_or_else(|| "Unknown address".into())}
                                " · signed in " {when(s.created_at)}
                                " · last seen " {when(s.last_seen_at)}
                            </p>
                        </div>
                        {(!s.current).then(|| view! {
                            <ActionForm action=revoke>
                                <input type="hidden" name="handle" value=s.handle.clone()/>
                                <Button kind="submit" variant=ButtonVariant::Ghost>
                                    "Sign out" <span class="sr-only">" " {s.device.clone()}</span>
                                </Button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </Card>
    }
}

#[component]
fn HistoryCard(history: Vec<LoginAttempt>) -> impl IntoView {
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"Recent sign-in attempts"</h2>
            <div class="mt-4 overflow-x-auto" tabindex="0" role="region" aria-label="Sign-in attempts">
                <table class="w-full text-left text-sm">
                    <caption class="sr-only">"Your 50 most recent sign-in attempts"</caption>
                    <thead class="text-muted">
                        <tr><th scope="col" class="py-2 pr-3">"When"</th><th scope="col" class="py-2 pr-3">"Device"</th><th scope="col" class="py-2 pr-3">"Address"</th><th scope="col" class="py-2">"Result"</th></tr>
                    </thead>
                    <tbody class="divide-y divide-line">
                        {history.into_iter().map(|a| view! {
                            <tr>
                                <td class="py-2 pr-3 whitespace-nowrap">{when(a.created_at)}</td>
                                <td class="py-2 pr-3">{a.device}</td>
                                <td class="py-2 pr-3">{a.ip_address.unwrap_or_default()}</td>
                                <td class="py-2">
                                    {if a.success {
                                        view! { <Badge tone=BadgeTone::Success>"Signed in"</Badge> }.into_any()
                                    } else {
                                        view! { <Badge tone=BadgeTone::Warning>{reason_text(&a.reason)}</Badge> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Card>
    }
}

fn reason_text(reason: &str) -> &'static str {
    match reason {
        "wrong_password" => "Wrong password",
        "wrong_two_factor_code" => "Wrong code",
        "locked_out" => "Locked out",
        "suspended" => "Suspended",
        "banned" => "Banned",
        "deleted" => "Deleted account",
        _ => "Refused",
    }
}
