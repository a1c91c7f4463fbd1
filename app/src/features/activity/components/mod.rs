//! `/following`: the activity of the people one follows.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::features::activity::api::get_following_activity;
use crate::features::activity::types::{Action, Activity, ActivityPage};
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Avatar, Skeleton};

#[component]
pub fn FollowingActivityPage() -> impl IntoView {
    let query = use_query_map();
    let before = query.read_untracked().get("before");
    view! {
        <Title text="Following"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading activity"/></div> }>
            {Suspend::new(async move {
                match get_following_activity(before).await {
                    Ok(data) => view! { <Stream data/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Stream(data: ActivityPage) -> impl IntoView {
    let ActivityPage {
        items,
        following,
        next_cursor,
    } = data;
    let empty = items.is_empty();
    view! {
        <section class="mx-auto flex max-w-2xl flex-col gap-6 py-8 sm:py-12" aria-labelledby="activity-heading">
            <div>
                <h1 id="activity-heading" class="font-display text-3xl font-extrabold sm:text-4xl">
                    <span class="text-gradient">"Following"</span>
                </h1>
                <p class="mt-1 text-muted">"What the people you follow have been up to."</p>
            </div>
            {empty.then(|| view! {
                <p class="rounded-2xl border border-dashed border-line px-4 py-10 text-center text-muted">
                    {if following == 0 {
                        "You don't follow anyone yet. Follow creators and fans from their profiles and their posts, comments and follows show up here."
                    } else {
                        "Nothing new from the people you follow yet."
                    }}
                </p>
            })}
            <ol class="flex flex-col">
                {items.into_iter().map(|item| view! { <Entry item/> }).collect_view()}
            </ol>
            {next_cursor.map(|before| view! {
                <a href=format!("{}?before={before}", routes::FOLLOWING) rel="next"
                    class="btn self-center border border-line bg-surface text-ink hover:border-sparkle-400">"Older activity"</a>
            })}
        </section>
    }
}

#[component]
fn Entry(item: Activity) -> impl IntoView {
    let Activity {
        actor,
        action,
        when_label,
        ..
    } = item;
    let who = view! { <a href=routes::profile(&actor.username) class="font-semibold hover:underline">{actor.name.clone()}</a> };
    let (icon, what) = match action {
        Action::Published { title, slug } => (
            "✍️",
            view! { {who}" published " <a href=routes::post(&slug) class="font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">{title}</a> }.into_any(),
        ),
        Action::Commented {
            title,
            slug,
            comment_id,
            excerpt,
        } => (
            "💬",
            view! {
                {who}" commented on "
                <a href=format!("{}#c-{comment_id}", routes::comment_thread(&slug, comment_id))
                    class="font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">{title}</a>
                <span class="mt-1 block rounded-xl bg-sparkle-500/5 px-3 py-2 text-sm text-muted">{excerpt}</span>
            }
            .into_any(),
        ),
        Action::Followed { username, name } => (
            "🤝",
            view! { {who}" followed " <a href=routes::profile(&username) class="font-semibold hover:underline">{name}</a> }.into_any(),
        ),
    };
    view! {
        <li class="flex gap-3 py-4">
            <Avatar name=actor.name.clone() src=actor.avatar_url.clone() size=40 decorative=true/>
            <div class="min-w-0 flex-1">
                <p class="leading-snug">{what}</p>
                <p class="mt-1 text-xs text-muted"><span aria-hidden="true">{icon}" "</span>{when_label}</p>
            </div>
        </li>
    }
}
