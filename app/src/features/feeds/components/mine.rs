//! `/me/posts`: the writer's drafts, scheduled, published and archived
//! posts, with links to edit, read and see the history.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::features::feeds::api::get_my_posts;
use crate::features::feeds::types::{MyPost, MyPosts};
use crate::features::posts::types::ContentStatus;
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Badge, BadgeTone, ButtonLink, ButtonVariant, EmptyState, Skeleton};

const FILTERS: [(Option<ContentStatus>, &str); 5] = [
    (None, "All"),
    (Some(ContentStatus::Draft), "Drafts"),
    (Some(ContentStatus::Scheduled), "Scheduled"),
    (Some(ContentStatus::Published), "Published"),
    (Some(ContentStatus::Archived), "Archived"),
];

/// "My posts".
#[component]
pub fn MyPostsPage() -> impl IntoView {
    let query = use_query_map();
    let (status, after) = {
        let q = query.read_untracked();
        (q.get("status"), q.get("after"))
    };
    view! {
        <Title text="My posts"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading your posts"/></div> }>
            {Suspend::new(async move {
                match get_my_posts(status, after).await {
                    Ok(posts) => view! { <MyPostsView posts/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyPostsView(posts: MyPosts) -> impl IntoView {
    let query = use_query_map();
    let current = query
        .read_untracked()
        .get("status")
        .and_then(|s| ContentStatus::parse(&s.to_ascii_uppercase()));
    let deleted = query.read_untracked().get("deleted").is_some();
    let total: i64 = posts.counts.iter().map(|(_, n)| n).sum();
    let count_of = |status: Option<ContentStatus>| match status {
        None => total,
        Some(s) => posts
            .counts
            .iter()
            .find(|(c, _)| *c == s)
            .map_or(0, |(_, n)| *n),
    };
    let href_of = |status: Option<ContentStatus>| match status {
        None => routes::MY_POSTS.to_owned(),
        Some(s) => format!("{}?status={}", routes::MY_POSTS, s.as_str().to_lowercase()),
    };
    let next = posts.next.clone().map(|cursor| {
        let base = href_of(current);
        let joiner = if base.contains('?') { '&' } else { '?' };
        format!("{base}{joiner}after={cursor}")
    });
    let empty = posts.posts.is_empty();
    view! {
        <div class="mx-auto flex max-w-4xl flex-col gap-6 py-8 sm:py-12">
            <div class="flex flex-wrap items-end justify-between gap-4">
                <div>
                    <h1 class="font-display text-3xl font-black text-ink sm:text-4xl">"My posts"</h1>
                    <p class="mt-1 text-muted">"Everything you write or co-write, recently edited first."</p>
                </div>
                <ButtonLink href=routes::WRITE variant=ButtonVariant::Primary>"Write a post"</ButtonLink>
            </div>
            {deleted.then(|| view! { <p role="status" class="rounded-2xl border border-line bg-surface px-4 py-3 text-sm">"The post was deleted."</p> })}
            <nav aria-label="Filter by status" class="flex flex-wrap gap-2">
                {FILTERS.iter().map(|(status, label)| {
                    let active = *status == current;
                    let class = super::header::pill_class(active);
                    view! {
                        <a href=href_of(*status) aria-current=active.then_some("page") class=class>
                            {*label}" "<span class="tabular-nums opacity-80">{count_of(*status)}</span>
                        </a>
                    }
                }).collect_view()}
            </nav>
            {if empty {
                view! {
                    <EmptyState title="No posts here" message="Posts you write show up here, from the first draft to the last edit.">
                        <ButtonLink href=routes::WRITE variant=ButtonVariant::Secondary>"Start a draft"</ButtonLink>
                    </EmptyState>
                }.into_any()
            } else {
                view! {
                    <ul class="flex flex-col gap-3" aria-label="Your posts">
                        {posts.posts.into_iter().map(|post| view! { <MyPostRow post/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {next.map(|href| view! {
                <a href=href rel="next" class=format!("{} self-center", ButtonVariant::Secondary.classes())>"Older posts"</a>
            })}
        </div>
    }
}

#[component]
fn MyPostRow(post: MyPost) -> impl IntoView {
    let tone = match post.status {
        ContentStatus::Published => BadgeTone::Success,
        ContentStatus::Scheduled => BadgeTone::Violet,
        ContentStatus::Draft => BadgeTone::Warning,
        _ => BadgeTone::Neutral,
    };
    let edit = routes::edit_post(post.id);
    let read = (post.status == ContentStatus::Published).then(|| routes::post(&post.slug));
    view! {
        <li class="card flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
            <div class="min-w-0 flex-1">
                <div class="flex flex-wrap items-center gap-2">
                    <Badge tone>{post.status.label()}</Badge>
                    {post.co_authored.then(|| view! { <Badge tone=BadgeTone::Neutral>"Co-author"</Badge> })}
                    <span class="text-xs text-muted">{post.when_label.clone()}</span>
                </div>
                <h2 class="mt-1 truncate font-display text-lg font-bold">
                    <a href=edit.clone() class="hover:text-sparkle-700 dark:hover:text-sparkle-300">{post.title.clone()}</a>
                </h2>
                <p class="text-xs text-muted tabular-nums">{post.views}" views · "{post.comments}" comments"</p>
            </div>
            <div class="flex shrink-0 flex-wrap gap-2 text-sm">
                <a href=edit class=ButtonVariant::Secondary.classes() aria-label=format!("Edit “{}”", post.title)>"Edit"</a>
                {read.map(|href| view! { <a href=href class=ButtonVariant::Ghost.classes() aria-label=format!("Read “{}”", post.title)>"Read"</a> })}
                <a href=routes::post_history(post.id) class=ButtonVariant::Ghost.classes() aria-label=format!("History of “{}”", post.title)>"History"</a>
            </div>
        </li>
    }
}
