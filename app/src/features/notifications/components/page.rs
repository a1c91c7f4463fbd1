//! `/notifications`: the notification centre. Each notification is a form
//! that marks it read and goes where it leads, so it works as plain HTML;
//! tabs filter by kind; mark one unread, dismiss, mark all read.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::features::notifications::api::{
    DismissNotification, MarkAllNotifications, MarkNotification, OpenNotification,
    get_notifications,
};
use crate::features::notifications::types::{Filter, Notification, NotificationsPage as Page};
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::Avatar;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let query = use_query_map();
    let mark_all = ServerAction::<MarkAllNotifications>::new();
    let mark = ServerAction::<MarkNotification>::new();
    let dismiss = ServerAction::<DismissNotification>::new();
    let (filter, after) = {
        let q = query.read_untracked();
        (q.get("filter"), q.get("after"))
    };
    view! {
        <Title text="Notifications"/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match get_notifications(filter, after).await {
                    Ok(data) => view! { <Centre data mark_all mark dismiss/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Centre(
    data: Page,
    mark_all: ServerAction<MarkAllNotifications>,
    mark: ServerAction<MarkNotification>,
    dismiss: ServerAction<DismissNotification>,
) -> impl IntoView {
    let filter = data.filter;
    view! {
        <section class="mx-auto flex max-w-3xl flex-col gap-6 py-8 sm:py-12" aria-labelledby="notifications-heading">
            <div class="flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 id="notifications-heading" class="font-display text-3xl font-extrabold sm:text-4xl">
                        <span class="text-gradient">"Notifications"</span>
                    </h1>
                    <p class="mt-1 text-muted" role="status">
                        {match data.unread { 0 => "You're all caught up ✨".to_owned(), 1 => "1 unread".to_owned(), n => format!("{n} unread") }}
                    </p>
                </div>
                <div class="flex flex-wrap items-center gap-2">
                    <a href=routes::SETTINGS_NOTIFICATIONS class="btn border border-line bg-surface text-ink hover:border-sparkle-400">"Preferences"</a>
                    {(data.unread > 0).then(|| view! {
                        <ActionForm action=mark_all>
                            <button type="submit" class="btn border border-line bg-surface text-ink hover:border-sparkle-400">"Mark all read"</button>
                        </ActionForm>
                    })}
                </div>
            </div>
            <nav aria-label="Kinds of notification" class="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1">
                {Filter::ALL.into_iter().map(|f| {
                    let href = if f == Filter::All { routes::NOTIFICATIONS.to_owned() } else { format!("{}?filter={}", routes::NOTIFICATIONS, f.as_str()) };
                    view! {
                        <a href=href aria-current=(f == filter).then_some("page")
                            class="shrink-0 rounded-full border px-3 py-1.5 text-sm font-semibold"
                            class:border-sparkle-400=f == filter class:bg-sparkle-100=f == filter class:text-sparkle-900=f == filter
                            class:border-line=f != filter class:bg-surface=f != filter>
                            {f.label()}
                        </a>
                    }
                }).collect_view()}
            </nav>
            {if data.items.is_empty() {
                view! {
                    <div class="card flex flex-col items-center gap-2 py-12 text-center">
                        <p aria-hidden="true" class="text-4xl">"🔔"</p>
                        <p class="font-semibold">"Nothing here yet"</p>
                        <p class="text-sm text-muted">"Comments, mentions, reactions and new followers show up here."</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <ul class="flex flex-col gap-2">
                        {data.items.into_iter().map(|n| view! { <Item n mark dismiss/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {data.next_cursor.map(|after| view! {
                <a href=format!("{}?filter={}&after={after}", routes::NOTIFICATIONS, filter.as_str())
                    class="btn self-center border border-line bg-surface">"Older notifications"</a>
            })}
        </section>
    }
}

#[component]
fn Item(
    n: Notification,
    mark: ServerAction<MarkNotification>,
    dismiss: ServerAction<DismissNotification>,
) -> impl IntoView {
    let open = ServerAction::<OpenNotification>::new();
    let id = n.id;
    let avatar_name = n.actor_name.clone().unwrap_or_else(|| "Sparkle".to_owned());
    view! {
        <li class="card flex items-start gap-3 p-3 sm:p-4" class:notification-unread=!n.read
            class:border-sparkle-300=!n.read>
            <ActionForm action=open attr:class="min-w-0 flex-1">
                <input type="hidden" name="id" value=id.to_string()/>
                <button type="submit" class="flex w-full items-start gap-3 text-left">
                    <Avatar name=avatar_name src=n.actor_avatar.clone() size=40 decorative=true/>
                    <span class="flex min-w-0 flex-1 flex-col">
                        <span class="font-medium" class:font-bold=!n.read>
                            {(!n.read).then(|| view! { <span class="sr-only">"Unread: "</span> })}
                            {n.text.clone()}
                        </span>
                        <span class="text-sm text-muted"><time datetime=n.updated_at.to_rfc3339()>{n.updated_label.clone()}</time></span>
                    </span>
                    {(!n.read).then(|| view! { <span aria-hidden="true" class="mt-2 h-2.5 w-2.5 shrink-0 rounded-full bg-gradient-to-r from-sparkle-500 to-violet-500"></span> })}
                </button>
            </ActionForm>
            <div class="flex shrink-0 flex-col gap-1 sm:flex-row">
                <ActionForm action=mark>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="read" value=(!n.read).to_string()/>
                    <button type="submit" class="rounded-full px-2.5 py-1.5 text-xs font-semibold text-muted hover:bg-sparkle-500/10 hover:text-ink">
                        {if n.read { "Mark unread" } else { "Mark read" }}
                    </button>
                </ActionForm>
                <ActionForm action=dismiss>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit" class="rounded-full px-2.5 py-1.5 text-xs font-semibold text-muted hover:bg-red-500/10 hover:text-red-700" aria-label="Dismiss">
                        "Dismiss"
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}
