//! A feed's cards with its pagination: a plain "More posts" link to the next
//! page (`?after=`), which, once hydrated, loads the next page in place and
//! is followed automatically as it scrolls into view (infinite scroll).

use std::collections::HashSet;

use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::feeds::api::get_feed;
use crate::features::feeds::types::{FeedChunk, FeedKind};
use crate::features::posts::components::PostCardView;
use crate::features::posts::types::PostCard;
use crate::ui::{ButtonVariant, EmptyState};

/// The cards of `first`, drawn by the server, and every page after it,
/// loaded in place by [`FeedMore`] once hydrated. The first page's cards are
/// the island's children: plain HTML that is not sent again as island props
/// nor hydrated (only their ids are, to leave them out of later pages).
#[component]
pub fn FeedList(
    feed: FeedKind,
    first: FeedChunk,
    /// Shown when the feed has no posts at all.
    #[prop(into)]
    empty: String,
    /// The accessible name of the feed.
    #[prop(into)]
    label: String,
    /// `first` is a later page (`?after=`), not the feed's top. Given by the
    /// caller rather than read from the router, since the list is an island,
    /// where router hooks do not exist (docs/ARCHITECTURE.md, "Islands").
    later: bool,
) -> impl IntoView {
    let FeedChunk {
        cards,
        next,
        followed,
    } = first;
    let nothing = cards.is_empty() && next.is_none();
    let seen: Vec<Uuid> = cards.iter().map(|card| card.id).collect();
    let (followed_cards, other_cards): (Vec<PostCard>, Vec<PostCard>) = {
        let mut cards = cards;
        let rest = cards.split_off(followed.min(cards.len()));
        (cards, rest)
    };
    let show_divider = matches!(feed, FeedKind::Home) && !followed_cards.is_empty();
    let card_view = |card: PostCard| view! { <PostCardView card/> };
    view! {
        {nothing.then(|| view! { <EmptyState title="Nothing here yet" message=empty/> })}
        <FeedMore feed label next seen later nothing>
            // One grid with the cards loaded later: full-width headings
            // start the followed and recommended parts on rows of their own.
            {show_divider.then(|| view! {
                <h2 class="col-span-full font-display text-lg font-bold text-ink">"From people and tags you follow"</h2>
            })}
            {followed_cards.into_iter().map(card_view).collect_view()}
            {show_divider.then(|| view! {
                <h2 class="col-span-full mt-4 font-display text-lg font-bold text-ink">"Recommended for you"</h2>
            })}
            {other_cards.into_iter().map(card_view).collect_view()}
        </FeedMore>
    }
}

/// The feed's grid around the first page's cards (`children`), with the
/// pages after it: a "More posts" link that loads the next page in place and
/// is followed as it scrolls into view, and on Latest the posts published
/// while it is open.
#[island]
fn FeedMore(
    feed: FeedKind,
    label: String,
    /// The cursor of the page after the first.
    next: Option<String>,
    /// The first page's posts.
    seen: Vec<Uuid>,
    later: bool,
    /// The feed has no posts at all.
    nothing: bool,
    children: Children,
) -> impl IntoView {
    let key = feed.key();
    let base = feed.href();
    let seen: StoredValue<HashSet<Uuid>> = StoredValue::new(seen.into_iter().collect());
    let more: RwSignal<Vec<PostCard>> = RwSignal::new(Vec::new());
    let next = RwSignal::new(next);
    let loading = RwSignal::new(false);
    let failed: RwSignal<Option<AppError>> = RwSignal::new(None);
    let sentinel = NodeRef::<leptos::html::Div>::new();

    let load = Callback::new(move |()| {
        if loading.get_untracked() || failed.get_untracked().is_some() {
            return;
        }
        let Some(after) = next.get_untracked() else {
            return;
        };
        loading.set(true);
        let key = key.clone();
        leptos::task::spawn_local(async move {
            match get_feed(key, Some(after)).await {
                Ok(chunk) => {
                    let fresh = unseen(seen, chunk.cards);
                    more.update(|more| more.extend(fresh));
                    next.set(chunk.next);
                }
                Err(error) => failed.set(Some(error)),
            }
            loading.set(false);
        });
    });
    #[cfg(feature = "hydrate")]
    scroll::follow(sentinel, load, loading);
    #[cfg(not(feature = "hydrate"))]
    let _ = sentinel;

    let next_href = {
        let base = base.clone();
        move || {
            next.get()
                .map(|cursor| format!("{base}?after={cursor}#feed-more"))
        }
    };
    let retry = move |_| {
        failed.set(None);
        load.run(());
    };
    // Latest, first page: posts published while it is open are announced
    // ("3 new posts") and put on top when asked for.
    let announced: RwSignal<Vec<Uuid>> = RwSignal::new(Vec::new());
    let newer: RwSignal<Vec<PostCard>> = RwSignal::new(Vec::new());
    let live_feed = matches!(feed, FeedKind::Latest) && !later;
    if live_feed {
        use crate::features::live::types::{LATEST, Payload};
        crate::features::live::watch(LATEST.to_owned());
        crate::features::live::on_event(move |event| {
            if let Payload::Post { id } = event.payload
                && !seen.with_value(|seen| seen.contains(&id))
                && !announced.with_untracked(|a| a.contains(&id))
            {
                announced.update(|a| a.push(id));
            }
        });
    }
    let show_newer = {
        let key = feed.key();
        move |_| {
            let key = key.clone();
            leptos::task::spawn_local(async move {
                if let Ok(chunk) = get_feed(key, None).await {
                    let fresh = unseen(seen, chunk.cards);
                    newer.update(|newer| {
                        let older = std::mem::take(newer);
                        *newer = fresh.into_iter().chain(older).collect();
                    });
                    announced.set(Vec::new());
                    #[cfg(feature = "hydrate")]
                    if let Some(feed) = document().get_element_by_id("feed") {
                        feed.scroll_into_view();
                    }
                }
            });
        }
    };
    let card_view = |card: PostCard| view! { <PostCardView card/> };
    view! {
        <div class="new-posts" role="status">
            {move || {
                let n = announced.with(Vec::len);
                (n > 0).then(|| view! {
                    <button type="button" class="new-posts-pill" on:click=show_newer.clone()>
                        "↑ " {if n == 1 { "1 new post".to_owned() } else { format!("{n} new posts") }}
                    </button>
                })
            }}
        </div>
        <div id="feed" role="feed" aria-label=label aria-busy=move || loading.get().to_string()
            class="grid scroll-mt-24 gap-5 sm:grid-cols-2 lg:grid-cols-3">
            <For each=move || newer.get() key=|card| card.id children=card_view/>
            {children()}
            <For each=move || more.get() key=|card| card.id children=card_view/>
        </div>
        <div node_ref=sentinel id="feed-more" class="mt-8 flex flex-col items-center gap-3 text-center">
            {move || next_href().map(|href| view! {
                <a href=href rel="next" class=ButtonVariant::Secondary.classes()
                    on:click=move |ev| {
                        ev.prevent_default();
                        load.run(());
                    }>
                    {move || if loading.get() { "Loading more posts…" } else { "More posts" }}
                </a>
            })}
            <p role="status" class="text-sm text-muted">
                {move || {
                    if loading.get() {
                        "Loading more posts…".to_owned()
                    } else if next.get().is_none() && !nothing {
                        "You're all caught up ✨".to_owned()
                    } else {
                        String::new()
                    }
                }}
            </p>
            {move || failed.get().map(|error| view! {
                <div role="alert" class="flex flex-col items-center gap-2 text-sm">
                    <p class="text-rose-700 dark:text-rose-300">{error.to_string()}</p>
                    <button type="button" class=ButtonVariant::Secondary.classes() on:click=retry>"Try again"</button>
                </div>
            })}
            {later.then(|| view! {
                <a href=base.clone() class="text-sm font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">"Back to the newest"</a>
            })}
        </div>
    }
}

/// The cards not shown yet, now counted as shown.
fn unseen(seen: StoredValue<HashSet<Uuid>>, cards: Vec<PostCard>) -> Vec<PostCard> {
    seen.try_update_value(|seen| {
        cards
            .into_iter()
            .filter(|card| seen.insert(card.id))
            .collect()
    })
    .unwrap_or_default()
}

#[cfg(feature = "hydrate")]
mod scroll {
    //! Loads the next page when the "More posts" area comes within 800 px of
    //! the viewport.
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    use send_wrapper::SendWrapper;
    use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

    pub fn follow(
        sentinel: NodeRef<leptos::html::Div>,
        load: Callback<()>,
        loading: RwSignal<bool>,
    ) {
        Effect::new(move |_| {
            let Some(element) = sentinel.get() else {
                return;
            };
            let callback = Closure::<dyn FnMut(leptos::wasm_bindgen::JsValue)>::new(
                move |entries: leptos::wasm_bindgen::JsValue| {
                    let Ok(entries) = entries.dyn_into::<js_sys::Array>() else {
                        return;
                    };
                    let visible = entries.iter().any(|entry| {
                        entry
                            .dyn_into::<IntersectionObserverEntry>()
                            .is_ok_and(|e| e.is_intersecting())
                    });
                    if visible {
                        load.run(());
                    }
                },
            );
            let options = IntersectionObserverInit::new();
            options.set_root_margin("800px 0px");
            let Ok(observer) =
                IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
            else {
                return;
            };
            observer.observe(&element);
            // Observing again reports the current state: after a page has
            // loaded, a sentinel still in view asks for the next one.
            let watched = SendWrapper::new((observer, callback, element));
            let watched = StoredValue::new(watched);
            Effect::new(move |was_loading: Option<bool>| {
                let now = loading.get();
                if was_loading == Some(true) && !now {
                    watched.with_value(|w| {
                        w.0.unobserve(&w.2);
                        w.0.observe(&w.2);
                    });
                }
                now
            });
            on_cleanup(move || {
                watched.with_value(|w| w.0.disconnect());
            });
        });
    }
}
