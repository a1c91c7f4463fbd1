//! `/p/{slug}/comments/{id}/history`: how an edited comment read before.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::features::comments::api::get_comment_history;
use crate::features::comments::types::History;
use crate::pages::ErrorPage;
use crate::routes;

#[component]
pub fn CommentHistoryPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.read_untracked().get("id").unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match get_comment_history(id).await {
                    Ok(history) => view! { <Versions history/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Versions(history: History) -> impl IntoView {
    let back = format!(
        "{}#c-{}",
        routes::comment_thread(&history.post_slug, history.comment_id),
        history.comment_id
    );
    let by = history
        .author
        .clone()
        .map(|a| format!("@{a}'s comment"))
        .unwrap_or_else(|| "A comment".to_owned());
    view! {
        <Title text="Comment history"/>
        <Meta name="robots" content="noindex"/>
        <section class="mx-auto flex max-w-3xl flex-col gap-5 py-8 sm:py-12" aria-labelledby="history-heading">
            <a href=back class="text-sm font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">"← Back to the comment"</a>
            <h1 id="history-heading" class="font-display text-3xl font-extrabold">{by}", as it changed"</h1>
            <ol class="flex flex-col gap-4">
                <li class="card">
                    <p class="text-sm font-semibold">"Now · " <span class="font-normal text-muted">{history.current.written_label.clone()}</span></p>
                    <div class="comment-body mt-2" inner_html=history.current.html.clone()></div>
                </li>
                {history.earlier.into_iter().map(|r| view! {
                    <li class="card opacity-90">
                        <p class="text-sm font-semibold">"Earlier · " <span class="font-normal text-muted">{r.written_label}</span></p>
                        <div class="comment-body mt-2" inner_html=r.html></div>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
