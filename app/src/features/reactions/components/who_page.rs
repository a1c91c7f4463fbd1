//! `/p/{slug}/reactions` and `/p/{slug}/comments/{id}/reactions`: who
//! reacted, with a tab per kind.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::features::reactions::api::who_reacted;
use crate::features::reactions::types::{Reaction, Reactors};
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::Avatar;

#[component]
pub fn PostReactionsPage() -> impl IntoView {
    let params = use_params_map();
    view! { <Who target="post" id=Signal::derive(move || params.read().get("slug").unwrap_or_default())/> }
}

#[component]
pub fn CommentReactionsPage() -> impl IntoView {
    let params = use_params_map();
    view! { <Who target="comment" id=Signal::derive(move || params.read().get("id").unwrap_or_default())/> }
}

#[component]
fn Who(target: &'static str, id: Signal<String>) -> impl IntoView {
    let query = use_query_map();
    let (reaction, after) = {
        let q = query.read_untracked();
        (q.get("reaction"), q.get("after"))
    };
    let id = id.get_untracked();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match who_reacted(target.to_owned(), id, reaction, after).await {
                    Ok(list) => view! { <List list/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn List(list: Reactors) -> impl IntoView {
    let total: i32 = list.counts.iter().sum();
    let tab = |label: String, href: String, current: bool| {
        view! {
            <a href=href aria-current=current.then_some("page")
                class="rounded-full border px-3 py-1.5 text-sm font-semibold"
                class:border-sparkle-400=current class:bg-sparkle-100=current class:text-sparkle-900=current
                class:border-line=!current class:bg-surface=!current>
                {label}
            </a>
        }
    };
    let here = routes_here();
    view! {
        <Title text="Who reacted"/>
        <Meta name="robots" content="noindex"/>
        <section class="mx-auto flex max-w-2xl flex-col gap-6 py-8 sm:py-12" aria-labelledby="who-heading">
            <div>
                <a href=list.about_href.clone() class="text-sm font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">"← "{list.about.clone()}</a>
                <h1 id="who-heading" class="mt-2 font-display text-3xl font-extrabold">"Who reacted"</h1>
            </div>
            <nav aria-label="Reaction kinds" class="flex flex-wrap gap-2">
                {tab(format!("All {total}"), here.clone(), list.only.is_none())}
                {Reaction::STANDARD.into_iter()
                    .filter(|r| list.counts.get(r.index()).copied().unwrap_or(0) > 0)
                    .map(|r| tab(
                        format!("{} {}", r.emoji(), list.counts.get(r.index()).copied().unwrap_or(0)),
                        format!("{here}?reaction={}", r.as_str()),
                        list.only == Some(r),
                    ))
                    .collect_view()}
            </nav>
            {if list.people.is_empty() {
                view! { <p class="card text-muted">"Nobody yet. Be the first!"</p> }.into_any()
            } else {
                view! {
                    <ul class="card flex flex-col divide-y divide-line p-0">
                        {list.people.into_iter().map(|p| {
                            let name = p.display_name.clone().unwrap_or_else(|| p.username.clone());
                            let said = p.reactions.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
                            view! {
                                <li class="flex items-center gap-3 px-4 py-3">
                                    <Avatar name=name.clone() src=p.avatar_url.clone() size=40 decorative=true/>
                                    <a href=routes::profile(&p.username) class="flex min-w-0 flex-1 flex-col leading-tight hover:underline">
                                        <span class="truncate font-semibold">{name}</span>
                                        <span class="truncate text-sm text-muted">"@"{p.username.clone()}</span>
                                    </a>
                                    <span class="text-xl" aria-label=said>
                                        {p.reactions.iter().map(|r| r.emoji()).collect::<String>()}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {list.next_cursor.map(|after| {
                let kind = list.only.map(|r| format!("reaction={}&", r.as_str())).unwrap_or_default();
                view! { <a href=format!("{here}?{kind}after={after}") class="btn border border-line bg-surface self-center">"More people"</a> }
            })}
        </section>
    }
}

/// This page's path, without its query.
fn routes_here() -> String {
    leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
}
