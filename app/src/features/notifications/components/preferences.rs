//! `/settings/notifications`: what each person hears about, in the app and
//! by email, the weekly digest and quiet hours in their time zone. One plain
//! form: it works without JavaScript, and a refused save keeps what was
//! chosen (the form stays as it was, with the message by the field).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::features::accounts::components::{FormAlert, action_error, field_errors};
use crate::features::notifications::api::{
    SaveNotificationPreferences, get_notification_preferences,
};
use crate::features::notifications::types::Preferences;
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Button, Card, Skeleton, TextField};

#[component]
pub fn NotificationPreferencesPage() -> impl IntoView {
    let action = ServerAction::<SaveNotificationPreferences>::new();
    // Read once: after a save the form already shows what was saved.
    view! {
        <Title text="Notification preferences"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=8 label="Loading your preferences"/></div> }>
            {Suspend::new(async move {
                match get_notification_preferences().await {
                    Ok(prefs) => view! { <PreferencesForm prefs action/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PreferencesForm(
    prefs: Preferences,
    action: ServerAction<SaveNotificationPreferences>,
) -> impl IntoView {
    let error = action_error(action);
    let saved_before = use_query_map().read_untracked().get("saved").is_some();
    let saved = move || {
        action.value().with(|v| match v {
            Some(Ok(())) => true,
            Some(Err(_)) => false,
            None => saved_before,
        })
    };
    let Preferences {
        kinds,
        email,
        weekly_digest,
        quiet_start,
        quiet_end,
        timezone,
        email_verified,
        zones,
        ..
    } = prefs;
    let quiet_start = RwSignal::new(quiet_start.unwrap_or_default());
    let quiet_end = RwSignal::new(quiet_end.unwrap_or_default());
    let zone_errors = field_errors(error, "timezone");
    let check = "h-5 w-5 shrink-0 accent-sparkle-500";
    view! {
        <section class="mx-auto flex max-w-3xl flex-col gap-6 py-8 sm:py-12" aria-labelledby="prefs-heading">
            <div class="flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 id="prefs-heading" class="font-display text-3xl font-extrabold sm:text-4xl">
                        <span class="text-gradient">"Notification preferences"</span>
                    </h1>
                    <p class="mt-1 text-muted">"Choose what reaches you, and where."</p>
                </div>
                <a href=routes::NOTIFICATIONS class="text-sm font-semibold text-sparkle-700 underline dark:text-sparkle-300">"← Notifications"</a>
            </div>
            <ActionForm action attr:class="flex flex-col gap-6" attr:novalidate=true>
                <FormAlert error/>
                <Card>
                    <h2 class="font-display text-xl font-bold">"What you hear about"</h2>
                    <table class="mt-4 w-full text-left text-sm">
                        <caption class="sr-only">"Each kind of notification, in the app and by email"</caption>
                        <thead>
                            <tr class="border-b border-line text-muted">
                                <th scope="col" class="py-2 pr-3 font-semibold">"Kind"</th>
                                <th scope="col" class="w-20 py-2 text-center font-semibold">"In the app"</th>
                                <th scope="col" class="w-20 py-2 text-center font-semibold">"By email"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {kinds.into_iter().map(|k| {
                                let label = k.kind.label();
                                view! {
                                    <tr class="border-b border-line/60 last:border-0">
                                        <th scope="row" class="py-3 pr-3 font-medium text-ink">{label}</th>
                                        <td class="py-3 text-center">
                                            <input type="checkbox" class=check name=format!("form[{}]", k.kind.field("in_app"))
                                                checked=k.in_app aria-label=format!("{label}: in the app")/>
                                        </td>
                                        <td class="py-3 text-center">
                                            <input type="checkbox" class=check name=format!("form[{}]", k.kind.field("email"))
                                                checked=k.email aria-label=format!("{label}: by email")/>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </Card>
                <Card>
                    <h2 class="font-display text-xl font-bold">"Email"</h2>
                    {(!email_verified).then(|| view! {
                        <p class="mt-3 rounded-2xl bg-amber-100 px-4 py-3 text-sm text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
                            "Nothing is emailed until you verify your address. "
                            <a href=routes::SETTINGS_SECURITY class="font-semibold underline">"Account settings"</a>
                        </p>
                    })}
                    <div class="mt-4 flex flex-col gap-3">
                        <label class="flex items-start gap-3 text-sm">
                            <input type="checkbox" class=check name="form[email]" checked=email/>
                            <span><span class="font-semibold">"Send me notification emails"</span><br/>
                            <span class="text-muted">"Off: nothing by email, whatever the table says (account and security mail still comes)."</span></span>
                        </label>
                        <label class="flex items-start gap-3 text-sm">
                            <input type="checkbox" class=check name="form[weekly_digest]" checked=weekly_digest/>
                            <span><span class="font-semibold">"Weekly digest"</span><br/>
                            <span class="text-muted">"On Mondays: what you missed and the week's most talked-about posts."</span></span>
                        </label>
                    </div>
                </Card>
                <Card>
                    <h2 class="font-display text-xl font-bold">"Quiet hours"</h2>
                    <p class="mt-1 text-sm text-muted">"No email between these times; everything still shows here in the app."</p>
                    <div class="mt-4 grid gap-4 sm:grid-cols-3">
                        <TextField name="form[quiet_start]" id="field-quiet_start" label="From" kind="time" value=quiet_start
                            errors=field_errors(error, "quiet_start")/>
                        <TextField name="form[quiet_end]" id="field-quiet_end" label="Until" kind="time" value=quiet_end
                            errors=field_errors(error, "quiet_end")/>
                        <div class="flex flex-col gap-1.5">
                            <label for="field-timezone" class="text-sm font-semibold text-ink">"Your time zone"</label>
                            <select id="field-timezone" name="form[timezone]" class="field-input"
                                aria-invalid=move || (!zone_errors.get().is_empty()).to_string()
                                aria-describedby="field-timezone-error">
                                {zones.into_iter().map(|z| {
                                    let selected = z == timezone;
                                    let value = z.clone();
                                    view! { <option value=value selected=selected>{z}</option> }
                                }).collect_view()}
                            </select>
                            <p id="field-timezone-error" class="text-sm font-medium text-red-700 dark:text-red-300">
                                {move || zone_errors.get().join(" ")}
                            </p>
                        </div>
                    </div>
                </Card>
                <div class="flex items-center gap-4">
                    <Button kind="submit" disabled=action.pending()>"Save preferences"</Button>
                    <p role="status" class="text-sm font-semibold text-emerald-700 dark:text-emerald-300">
                        {move || saved().then_some("Saved ✓")}
                    </p>
                </div>
            </ActionForm>
        </section>
    }
}
