//! `/p/{slug}/comments/{id}`: a comment and every reply under it, for
//! threads deeper or longer than the post page shows, and for links to one
//! comment (notifications).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::item::CommentItem;
use super::section::on_seek_click;
use super::store::Store;
use crate::features::comments::api::get_thread;
use crate::features::comments::types::ThreadPage;
use crate::features::posts::document::urls;
use crate::pages::ErrorPage;
use crate::routes;

#[component]
pub fn CommentThreadPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = params.read_untracked().get("id").unwrap_or_default();
    let after = query.read_untracked().get("after");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match get_thread(id, after).await {
                    Ok(data) => view! {
                        <Title text=format!("Comments on {}", data.post_title)/>
                        <Meta name="robots" content="noindex"/>
                        <Thread data/>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The thread: an island (in its own WASM chunk), like the post page's
/// comment section.
#[island(lazy)]
fn Thread(data: ThreadPage) -> impl IntoView {
    crate::hydration::keep_typed();
    let ThreadPage {
        post_id,
        post_slug,
        post_title,
        parent_id,
        comments,
        closed,
        can_react,
        video_id,
        next_cursor,
        draft,
    } = data;
    let head = comments.first().map(|c| c.id);
    if video_id.is_some() {
        Effect::new(move |_| super::player::listen());
    }
    let store = Store::new(
        comments,
        post_id,
        post_slug.clone(),
        video_id.is_some(),
        can_react,
        closed,
        draft,
    );
    let post_href = routes::post(&post_slug);
    view! {
        <section class="mx-auto flex max-w-3xl flex-col gap-5 py-8 sm:py-12" aria-labelledby="thread-heading"
            on:click=move |ev| on_seek_click(&ev)>
            <nav aria-label="Thread" class="flex flex-wrap gap-x-4 gap-y-1 text-sm font-semibold">
                <a href=format!("{post_href}#comments") class="text-sparkle-700 hover:underline dark:text-sparkle-300">"← All comments"</a>
                {parent_id.map(|p| view! {
                    <a href=format!("{}#c-{p}", routes::comment_thread(&post_slug, p)) class="text-muted hover:underline">"↑ The comment it answers"</a>
                })}
            </nav>
            <h1 id="thread-heading" class="font-display text-2xl font-extrabold">
                "A thread on " <a href=post_href.clone() class="text-gradient hover:underline">{post_title.clone()}</a>
            </h1>
            {video_id.map(|id| {
                let start = crate::request::page_query_param("t").and_then(|t| t.parse().ok()).unwrap_or(0);
                view! {
                    <figure id="video" class="scroll-mt-20">
                        <div class="post-video-frame">
                            <iframe src=urls::youtube_embed_url(&id, start) title="YouTube video"
                                allow="accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen"
                                referrerpolicy="strict-origin-when-cross-origin" allowfullscreen=true></iframe>
                        </div>
                    </figure>
                }
            })}
            <div class="flex flex-col gap-1">
                <For each=move || store.entries.get() key=|e| e.id let:entry>
                    <CommentItem store entry/>
                </For>
            </div>
            {next_cursor.map(|after| view! {
                <a href=format!("{}?after={after}", head.map(|h| routes::comment_thread(&post_slug, h)).unwrap_or_default())
                    rel="nofollow" class="btn self-center border border-line bg-surface">"More replies"</a>
            })}
        </section>
    }
}
