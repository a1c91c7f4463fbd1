//! `/u/{username}/followers` and `/u/{username}/following`: paginated lists.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::features::profiles::api::{list_followers, list_following};
use crate::features::profiles::types::PeoplePage;
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Avatar, ButtonLink, ButtonVariant, EmptyState, Skeleton};

/// Who follows a person.
#[component]
pub fn FollowersPage() -> impl IntoView {
    view! { <People followers=true/> }
}

/// Whom a person follows.
#[component]
pub fn FollowingPage() -> impl IntoView {
    view! { <People followers=false/> }
}

#[component]
fn People(followers: bool) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let username = params.read_untracked().get("username").unwrap_or_default();
    let after = query.read_untracked().get("after");
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading the list"/></div> }>
            {Suspend::new(async move {
                let page = if followers {
                    list_followers(username, after).await
                } else {
                    list_following(username, after).await
                };
                match page {
                    Ok(p) => view! { <PeopleList page=p followers/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PeopleList(page: PeoplePage, followers: bool) -> impl IntoView {
    let first_page = use_query_map().read_untracked().get("after").is_some();
    let heading = if followers {
        format!("People following {}", page.owner_name)
    } else {
        format!("People {} follows", page.owner_name)
    };
    let tab = |active: bool, href: String, label: &'static str| {
        view! {
            <a href=href aria-current=active.then_some("page")
                class="rounded-full px-4 py-1.5 text-sm font-semibold transition"
                class:bg-sparkle-700=active class:text-white=active
                class:text-muted=!active>
                {label}
            </a>
        }
    };
    let base = if followers {
        routes::followers(&page.owner)
    } else {
        routes::following(&page.owner)
    };
    let empty = if followers {
        "No followers yet."
    } else {
        "Not following anyone yet."
    };
    let list_label = heading.clone();
    view! {
        <Title text=heading.clone()/>
        <section class="mx-auto flex max-w-2xl flex-col gap-6 py-10" aria-labelledby="people-heading">
            <header class="flex flex-col gap-3">
                <a href=routes::profile(&page.owner) class="text-sm font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">"← Back to "{page.owner_name.clone()}</a>
                <h1 id="people-heading" class="font-display text-3xl font-extrabold tracking-tight"><span class="text-gradient">{heading}</span></h1>
                <nav aria-label="Lists" class="flex gap-2">
                    {tab(followers, routes::followers(&page.owner), "Followers")}
                    {tab(!followers, routes::following(&page.owner), "Following")}
                </nav>
            </header>
            {if page.people.is_empty() {
                view! { <EmptyState title=empty message="When that changes, they'll show up here."/> }.into_any()
            } else {
                view! {
                    <ul class="card flex flex-col divide-y divide-line p-2" aria-label=list_label>
                        {page.people.into_iter().map(|person| {
                            let name = person.name().to_owned();
                            view! {
                                <li>
                                    <a href=routes::profile(&person.username) class="flex items-center gap-3 rounded-2xl p-3 transition hover:bg-sparkle-500/10">
                                        <Avatar name=name.clone() src=person.avatar.as_ref().map(|a| a.thumb_url.clone()) size=48/>
                                        <span class="min-w-0">
                                            <span class="block truncate font-semibold">{name}</span>
                                            <span class="block truncate text-sm text-muted">"@"{person.username.clone()}</span>
                                            {person.bio.clone().map(|b| view! { <span class="mt-0.5 line-clamp-1 block text-sm">{b}</span> })}
                                        </span>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <nav aria-label="Pages" class="flex justify-center gap-3">
                {first_page.then(|| view! { <ButtonLink href=base.clone() variant=ButtonVariant::Ghost>"← First page"</ButtonLink> })}
                {page.next.map(|next| view! {
                    <ButtonLink href=format!("{base}?after={next}") variant=ButtonVariant::Secondary>"Next page →"</ButtonLink>
                })}
            </nav>
        </section>
    }
}
