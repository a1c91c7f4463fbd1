//! The top bar's account corner: "Sign in / Join", or the signed-in menu.

use leptos::prelude::*;

use crate::features::accounts::api::{SignOut, get_viewer};
use crate::features::accounts::types::Viewer;
use crate::features::notifications::api::unread_notifications;
use crate::routes;
use crate::ui::{Avatar, ButtonLink, ButtonVariant};

/// Sign-in links for visitors; a menu with settings and sign-out for members.
#[component]
pub fn AccountMenu() -> impl IntoView {
    // Drawn on the server only (every link is a page load): the viewer, then
    // their unread count, awaited as plain calls in one boundary.
    view! {
        <Suspense fallback=|| view! { <span class="w-9 h-9"></span> }>
            {Suspend::new(async move {
                match get_viewer().await {
                    Ok(Some(v)) => {
                        let unread = unread_notifications().await.unwrap_or(0);
                        view! { <MemberMenu viewer=v unread/> }.into_any()
                    }
                    _ => view! {
                        <div class="flex items-center gap-1">
                            <a href=routes::SIGN_IN class="whitespace-nowrap rounded-full px-2 py-1.5 text-sm font-semibold text-ink hover:bg-sparkle-500/10 sm:px-3">"Sign in"</a>
                            <ButtonLink href=routes::SIGN_UP variant=ButtonVariant::Primary class="hidden sm:inline-flex whitespace-nowrap">"Join"</ButtonLink>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MemberMenu(viewer: Viewer, unread: i64) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let name = viewer.name().to_owned();
    view! {
        <crate::features::notifications::components::NotificationBell count=unread/>
        <details class="relative">
            <summary class="flex cursor-pointer list-none items-center gap-2 rounded-full p-0.5 hover:bg-sparkle-500/10 lg:pr-2">
                <Avatar name=name.clone() size=36 decorative=true/>
                // The name is said once: visibly on wide screens, to screen readers always.
                <span class="sr-only">"Account menu: "</span>
                <span class="max-w-32 truncate text-sm font-semibold sr-only lg:not-sr-only">{name.clone()}</span>
            </summary>
            <div role="menu" class="absolute right-0 top-12 z-50 flex w-60 flex-col rounded-2xl border border-line bg-surface p-2 shadow-xl animate-drop-in">
                <p class="px-3 py-2 text-sm">
                    <span class="block font-semibold text-ink">{name}</span>
                    <span class="block text-muted">"@"{viewer.username.clone()}</span>
                </p>
                <a role="menuitem" href=routes::profile(&viewer.username) class="rounded-xl px-3 py-2 text-sm font-medium hover:bg-sparkle-500/10">"Your profile"</a>
                <a role="menuitem" href=routes::MY_POSTS class="rounded-xl px-3 py-2 text-sm font-medium hover:bg-sparkle-500/10">"My posts"</a>
                <a role="menuitem" href=routes::BOOKMARKS class="rounded-xl px-3 py-2 text-sm font-medium hover:bg-sparkle-500/10">"Bookmarks"</a>
                <a role="menuitem" href=routes::SETTINGS_PROFILE class="rounded-xl px-3 py-2 text-sm font-medium hover:bg-sparkle-500/10">"Edit profile"</a>
                <a role="menuitem" href=routes::SETTINGS_NOTIFICATIONS class="rounded-xl px-3 py-2 text-sm font-medium hover:bg-sparkle-500/10">"Notification settings"</a>
                <a role="menuitem" href=routes::SETTINGS_SECURITY class="rounded-xl px-3 py-2 text-sm font-medium hover:bg-sparkle-500/10">"Security settings"</a>
                <a role="menuitem" href=routes::SETTINGS_ACCOUNT class="rounded-xl px-3 py-2 text-sm font-medium hover:bg-sparkle-500/10">"Account settings"</a>
                <ActionForm action=sign_out attr:class="contents">
                    <button role="menuitem" type="submit" class="rounded-xl px-3 py-2 text-left text-sm font-medium text-red-700 hover:bg-red-500/10 dark:text-red-300">"Sign out"</button>
                </ActionForm>
            </div>
        </details>
    }
}
