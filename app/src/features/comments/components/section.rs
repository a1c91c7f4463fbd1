//! The comment section under a post: the count, the order, the heat strip,
//! the form (or why there is none), the pinned comment and a page of
//! threads. The query holds its state (`sort`, `after`, `at`, `reply`,
//! `edit`), so every view of it is a link that works without JavaScript.

use leptos::prelude::*;

use super::form::NewCommentForm;
use super::heat::HeatStrip;
use super::item::CommentItem;
use super::player;
use super::store::Store;
use crate::error::AppError;
use crate::features::comments::types::{Closed, CommentsPage, Sort, moment_label};
use crate::hydration::WhenVisible;
use crate::routes;

/// The comments of the page's post, loaded with it (`PostPage`): the
/// section of the first page of threads, or the reason there is none.
#[component]
pub fn CommentsSection(comments: Result<CommentsPage, AppError>) -> impl IntoView {
    match comments {
        // Hydrated (and its chunk fetched) when scrolled near.
        Ok(data) => view! { <WhenVisible><CommentsIsland data/></WhenVisible> }.into_any(),
        // An unpublished post has no comments (and a missing one is the
        // article's 404).
        Err(AppError::NotFound) => ().into_any(),
        Err(error) => view! {
            <section id="comments" aria-labelledby="comments-heading" class="mx-auto flex w-full max-w-3xl flex-col gap-5 pb-12">
                <h2 id="comments-heading" class="font-display text-2xl font-extrabold">"Comments"</h2>
                <p role="alert" class="card text-sm">{error.to_string()}</p>
            </section>
        }
        .into_any(),
    }
}

/// Seeks the player for a click on a moment; moment links in comments
/// stay on the page, heat strip bars also filter the thread (navigate).
pub(crate) fn on_seek_click(ev: &leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
        {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|e| e.closest("a[data-seek]").ok().flatten())
        else {
            return;
        };
        let Some(seconds) = link
            .get_attribute("data-seek")
            .and_then(|s| s.parse::<u32>().ok())
        else {
            return;
        };
        let bar = link.class_list().contains("heat-bin");
        if player::seek(seconds, !bar) && !bar {
            ev.prevent_default();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// The section once loaded: an island (in its own WASM chunk), since
/// commenting, replying, editing and reacting happen in place and others'
/// comments arrive live.
#[island(lazy)]
fn CommentsIsland(data: CommentsPage) -> impl IntoView {
    crate::hydration::keep_typed();
    let CommentsPage {
        post_id,
        post_slug,
        total,
        closed,
        can_react,
        sort,
        moment,
        pinned,
        comments,
        next_cursor,
        heat,
        video_id,
        draft,
    } = data;
    let store = Store::new(
        pinned.into_iter().chain(comments).collect(),
        post_id,
        post_slug.clone(),
        video_id.is_some(),
        can_react,
        closed,
        draft,
    );
    if video_id.is_some() {
        Effect::new(move |_| player::listen());
    }
    let total = RwSignal::new(total);
    let readers = follow_live(store, total, moment);
    let shown = move || store.entries.with(Vec::len);
    let sort_href = |s: Sort| format!("{}?sort={}#comments", routes::post(&post_slug), s.as_str());
    let all_href = format!(
        "{}?sort={}#comments",
        routes::post(&post_slug),
        sort.as_str()
    );
    view! {
        <section id="comments" aria-labelledby="comments-heading"
            class="mx-auto flex w-full max-w-3xl scroll-mt-20 flex-col gap-5 pb-12"
            on:click=move |ev| on_seek_click(&ev)>
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h2 id="comments-heading" class="font-display text-2xl font-extrabold">
                "Comments " <span class="text-gradient tabular-nums">{total}</span>
            </h2>
            <p class="reading-now" role="status">
                {move || readers.get().filter(|n| *n > 1).map(|n| view! {
                    <span class="reading-dot" aria-hidden="true"></span>
                    {format!("{n} fans reading now")}
                })}
            </p>
            <nav aria-label="Order of comments" class="flex gap-1 rounded-full border border-line bg-surface p-1">
                {Sort::ALL.into_iter().map(|s| view! {
                    <a href=sort_href(s) aria-current=(s == sort).then_some("page") rel="nofollow"
                        class="rounded-full px-3 py-1.5 text-sm font-semibold text-muted hover:text-ink"
                        class:bg-sparkle-100=s == sort class:text-sparkle-900=s == sort>
                        {s.label()}
                    </a>
                }).collect_view()}
            </nav>
        </div>
        {heat.map(|heat| view! { <HeatStrip heat current=moment/> })}
        {moment.map(|(from, to)| view! {
            <p role="status" class="flex flex-wrap items-center gap-2 rounded-2xl bg-sparkle-500/10 px-4 py-2 text-sm">
                "Threads about " <strong class="tabular-nums">{moment_label(from)}"–"{moment_label(to)}</strong>
                <a href=all_href.clone() class="ml-auto font-semibold underline">"Show all comments"</a>
            </p>
        })}
        <ClosedNotice closed slug=post_slug.clone()/>
        {closed.is_none().then(|| view! { <div class="card p-4 sm:p-5"><NewCommentForm store parent=None/></div> })}
        <div class="flex flex-col gap-1" aria-live="polite" aria-relevant="additions">
            <For each=move || store.entries.get() key=|e| e.id let:entry>
                <CommentItem store entry/>
            </For>
        </div>
        {move || (shown() == 0).then(|| view! {
            <p class="rounded-2xl border border-dashed border-line px-4 py-6 text-center text-muted">
                {if moment.is_some() { "No threads about this stretch of the video yet." } else { "No comments yet. Start the conversation ✨" }}
            </p>
        })}
        {next_cursor.map(|after| view! {
            <a href=format!("{}?sort={}&after={after}{}#comments", routes::post(&post_slug), sort.as_str(),
                    moment.map(|(f, t)| format!("&at={f}-{t}")).unwrap_or_default())
                rel="nofollow" class="btn self-center border border-line bg-surface text-ink hover:border-sparkle-400">
                "More comments"
            </a>
        })}
        </section>
    }
}

/// Keeps the section current while it is open: comments written, edited
/// or deleted by others appear in place (read again with the viewer's own
/// rights), the count follows, and the number of readers is returned.
fn follow_live(
    store: Store,
    total: RwSignal<i32>,
    moment: Option<(u32, u32)>,
) -> ArcRwSignal<Option<i64>> {
    use crate::features::comments::api::get_comment;
    use crate::features::live::{self, types::Payload, types::post_topic};
    let topic = post_topic(store.post_id);
    live::watch(topic.clone());
    let readers = live::presence(&topic);
    live::on_event(move |event| {
        let Payload::Comment { id, total: n, .. } = event.payload else {
            return;
        };
        if event.topic != topic {
            return;
        }
        total.set(n);
        leptos::task::spawn_local(async move {
            let Ok(comment) = get_comment(id.to_string()).await else {
                return;
            };
            if store
                .entries
                .with_untracked(|e| e.iter().any(|e| e.id == id))
            {
                store.replace(comment);
            } else if !comment.deleted
                && moment.is_none_or(|(from, to)| {
                    comment.parent_id.is_some()
                        || comment.video_at.is_some_and(|at| at >= from && at <= to)
                })
            {
                store.insert(comment);
            }
        });
    });
    readers
}

#[component]
fn ClosedNotice(closed: Option<Closed>, slug: String) -> impl IntoView {
    let next = format!("{}#comments", routes::post(&slug));
    closed.map(|closed| {
        let text = match closed {
            Closed::SignIn => view! {
                <a href=format!("{}?next={}", routes::SIGN_IN, next) class="font-semibold text-sparkle-700 underline dark:text-sparkle-300">"Sign in"</a>
                " to join the conversation."
            }.into_any(),
            Closed::Verify => view! { "Verify your email address to comment. " <a href=routes::SETTINGS_SECURITY class="font-semibold underline">"Account settings"</a> }.into_any(),
            Closed::Off => view! { "The author turned comments off on this post." }.into_any(),
            Closed::Blocked => view! { "You can't comment on this post." }.into_any(),
        };
        view! { <p class="rounded-2xl border border-line bg-surface px-4 py-3 text-sm">{text}</p> }
    })
}
