//! The feed pages: Latest, Trending, Featured, a category, a tag, a series;
//! the home feed and an author's posts on their profile.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::feed::FeedList;
use super::header::FeedHeader;
use crate::error::AppError;
use crate::features::feeds::api::{get_feed, get_feed_about};
use crate::features::feeds::types::FeedKind;
use crate::pages::ErrorPage;
use crate::ui::Skeleton;

/// A whole feed page: header and cards, from `?after=` when given.
#[component]
pub fn FeedPage(#[prop(into)] feed: Signal<FeedKind>) -> impl IntoView {
    let feed = feed.get_untracked();
    let after = use_query_map().read_untracked().get("after");
    // Drawn on the server only (the list's island hydrates from its props):
    // both loads awaited in one boundary, as plain calls (see `PostPage`).
    view! {
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading posts"/></div> }>
            {Suspend::new(async move {
                let key = feed.key();
                let about = get_feed_about(key.clone()).await;
                let first = match about {
                    Ok(_) => get_feed(key, after.clone()).await,
                    Err(_) => Err(AppError::NotFound),
                };
                match (about, first) {
                    (Ok(about), Ok(first)) => {
                        let label = about.title.clone();
                        let empty = empty_message(&feed);
                        let later = after.is_some();
                        view! {
                            <FeedHeader feed=feed.clone() about/>
                            // The cards' titles are third-level headings under this one.
                            <h2 class="sr-only">"Posts"</h2>
                            <FeedList feed first label empty later/>
                        }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn empty_message(feed: &FeedKind) -> String {
    match feed {
        FeedKind::Home => {
            "Follow people and tags you like and their new posts will show up here first."
        }
        FeedKind::Featured => "The team hasn't featured a post yet. Check Latest for what's new.",
        FeedKind::Series(_) => "No part of this series is published yet.",
        FeedKind::Author(_) => "No posts published yet.",
        _ => "No posts here yet. Be the first to write one!",
    }
    .to_owned()
}

/// `/latest`.
#[component]
pub fn LatestPage() -> impl IntoView {
    view! { <FeedPage feed=FeedKind::Latest/> }
}

/// `/trending`.
#[component]
pub fn TrendingPage() -> impl IntoView {
    view! { <FeedPage feed=FeedKind::Trending/> }
}

/// `/featured`.
#[component]
pub fn FeaturedPage() -> impl IntoView {
    view! { <FeedPage feed=FeedKind::Featured/> }
}

fn param_feed(make: fn(String) -> FeedKind) -> Signal<FeedKind> {
    let params = use_params_map();
    Signal::derive(move || {
        make(
            params
                .read()
                .get("slug")
                .unwrap_or_default()
                .to_ascii_lowercase(),
        )
    })
}

/// `/c/{slug}`.
#[component]
pub fn CategoryPage() -> impl IntoView {
    view! { <FeedPage feed=param_feed(FeedKind::Category)/> }
}

/// `/t/{slug}`.
#[component]
pub fn TagPage() -> impl IntoView {
    view! { <FeedPage feed=param_feed(FeedKind::Tag)/> }
}

/// `/s/{slug}`.
#[component]
pub fn SeriesPage() -> impl IntoView {
    view! { <FeedPage feed=param_feed(FeedKind::Series)/> }
}

/// The visitors' home feed (trending) at the end of the landing page.
#[component]
pub fn TrendingSection() -> impl IntoView {
    let after = use_query_map().read_untracked().get("after");
    view! {
        <section id="trending" aria-labelledby="trending-title" class="scroll-mt-20 py-12">
            <h2 id="trending-title" class="font-display text-3xl font-extrabold text-ink">"Trending now"</h2>
            <p class="mt-2 mb-8 max-w-2xl text-muted">"What fans are reading, reacting to and talking about right now."</p>
            <Suspense fallback=|| view! { <Skeleton lines=4 label="Loading posts"/> }>
                {Suspend::new(async move {
                    let later = after.is_some();
                    match get_feed(FeedKind::Home.key(), after).await {
                        Ok(first) => view! {
                            <FeedList feed=FeedKind::Home first label="Trending now" empty=empty_message(&FeedKind::Trending) later/>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// An author's published posts, on their profile.
#[component]
pub fn AuthorPosts(username: String, name: String) -> impl IntoView {
    let after = use_query_map().read_untracked().get("after");
    let feed = FeedKind::Author(username);
    let atom = feed.atom_href();
    view! {
        <section aria-labelledby="posts-heading" class="flex flex-col gap-4">
            <div class="flex items-center justify-between gap-3">
                <h2 id="posts-heading" class="font-display text-2xl font-extrabold text-ink">"Posts"</h2>
                {atom.map(|href| view! { <a href=href class="text-sm font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">"Atom feed"</a> })}
            </div>
            <Suspense fallback=|| view! { <Skeleton lines=4 label="Loading posts"/> }>
                {Suspend::new(async move {
                    let later = after.is_some();
                    match get_feed(feed.key(), after).await {
                        Ok(first) => view! {
                            <FeedList feed first label=format!("Posts by {name}") empty=format!("{name} hasn't published a post yet.") later/>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
