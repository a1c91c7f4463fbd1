//! The top of a feed's page: its title and what it is about (a category's
//! place in the tree, a tag's followers and follow button, a series' author),
//! and the tabs between the discovery feeds.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

use crate::features::accounts::components::action_error;
use crate::features::feeds::api::FollowTag;
use crate::features::feeds::types::{FeedAbout, FeedDetail, FeedKind};
use crate::routes;
use crate::ui::{Avatar, Badge, BadgeTone};

/// The tabs of the discovery feeds.
#[component]
pub fn FeedTabs(current: FeedKind, signed_in: bool) -> impl IntoView {
    let mut tabs = vec![
        (FeedKind::Latest, "Latest"),
        (FeedKind::Trending, "Trending"),
        (FeedKind::Featured, "Featured"),
    ];
    if signed_in {
        tabs.insert(0, (FeedKind::Home, "For you"));
    }
    view! {
        <nav aria-label="Feeds" class="flex flex-wrap gap-2">
            {tabs.into_iter().map(|(feed, label)| {
                let active = feed == current;
                let class = pill_class(active);
                view! { <a href=feed.href() aria-current=active.then_some("page") class=class>{label}</a> }
            }).collect_view()}
            {signed_in.then(|| view! { <a href=routes::FOLLOWING class=pill_class(false)>"Following"</a> })}
        </nav>
    }
}

/// The heading of a feed's page, with its meta tags and Atom link.
#[component]
pub fn FeedHeader(feed: FeedKind, about: FeedAbout) -> impl IntoView {
    let FeedAbout {
        title,
        description,
        detail,
        signed_in,
    } = about;
    let atom = feed.atom_href().map(|href| {
        let title = format!("{title} (Atom)");
        view! { <Link rel="alternate" type_="application/atom+xml" href=href title=title/> }
    });
    let tabs = matches!(
        feed,
        FeedKind::Home | FeedKind::Latest | FeedKind::Trending | FeedKind::Featured
    )
    .then(|| view! { <FeedTabs current=feed.clone() signed_in/> });
    let meta_description = description
        .clone()
        .unwrap_or_else(|| format!("{title} on Sparkle Universe"));
    let extra = match detail {
        FeedDetail::Plain | FeedDetail::Author { .. } => None,
        FeedDetail::Category {
            color,
            parent,
            children,
            post_count,
        } => Some(
            view! { <CategoryDetail color parent children post_count/> }.into_any(),
        ),
        FeedDetail::Tag {
            post_count,
            follower_count,
            following,
            synonyms,
        } => {
            let slug = match &feed {
                FeedKind::Tag(slug) => slug.clone(),
                _ => String::new(),
            };
            Some(view! { <TagDetail slug post_count follower_count following synonyms/> }.into_any())
        }
        FeedDetail::Series {
            author,
            total_parts,
            completed,
        } => Some(
            view! {
                <div class="flex flex-wrap items-center gap-3 text-sm text-muted">
                    <a href=routes::profile(&author.username) class="flex items-center gap-2 font-semibold text-ink hover:underline">
                        <Avatar name=author.name().to_owned() src=author.avatar_url.clone() size=32 decorative=true/>
                        "A series by "{author.name().to_owned()}
                    </a>
                    <span>{plural(i64::from(total_parts), "part")}</span>
                    {if completed {
                        view! { <Badge tone=BadgeTone::Success>"Complete"</Badge> }.into_any()
                    } else {
                        view! { <Badge tone=BadgeTone::Sparkle>"Ongoing"</Badge> }.into_any()
                    }}
                </div>
            }
            .into_any(),
        ),
    };
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=meta_description/>
        {atom}
        <header class="relative isolate flex flex-col gap-4 overflow-hidden py-8 sm:py-12">
            <div aria-hidden="true" class="hero-aurora opacity-60"></div>
            <h1 class="font-display text-3xl font-black tracking-tight text-ink sm:text-5xl">
                <span class="text-gradient">{title}</span>
            </h1>
            {description.map(|d| view! { <p class="max-w-2xl text-lg text-muted">{d}</p> })}
            {extra}
            {tabs}
        </header>
    }
}

#[component]
fn CategoryDetail(
    color: Option<String>,
    parent: Option<crate::features::posts::types::CategoryRef>,
    children: Vec<crate::features::posts::types::CategoryRef>,
    post_count: i32,
) -> impl IntoView {
    let dot = color.map(|c| {
        // An SVG fill, not an inline style (which the Content-Security-Policy blocks).
        view! { <svg aria-hidden="true" viewBox="0 0 12 12" class="inline-block h-3 w-3"><circle cx="6" cy="6" r="6" fill=c/></svg> }
    });
    view! {
        <nav aria-label="Breadcrumb" class="text-sm text-muted">
            <ol class="flex flex-wrap items-center gap-1">
                <li><a href=routes::CATEGORIES class="hover:underline">"Categories"</a></li>
                {parent.map(|p| view! { <li aria-hidden="true">"›"</li><li><a href=routes::category(&p.slug) class="hover:underline">{p.name}</a></li> })}
            </ol>
        </nav>
        <p class="flex items-center gap-2 text-sm font-semibold text-muted">
            {dot}{plural(i64::from(post_count), "post")}
        </p>
        {(!children.is_empty()).then(|| view! {
            <ul aria-label="Subcategories" class="flex flex-wrap gap-2">
                {children.into_iter().map(|c| view! {
                    <li><a href=routes::category(&c.slug) class="rounded-full border border-line bg-surface px-3 py-1 text-sm font-semibold hover:border-sparkle-400">{c.name}</a></li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn TagDetail(
    slug: String,
    post_count: i32,
    follower_count: i32,
    following: Option<bool>,
    synonyms: Vec<String>,
) -> impl IntoView {
    let action = ServerAction::<FollowTag>::new();
    let is_following = RwSignal::new(following.unwrap_or(false));
    let followers = RwSignal::new(follower_count);
    let error = action_error(action);
    // Each successful submission flips the state it was sent from.
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            let now = !is_following.get_untracked();
            is_following.set(now);
            followers.update(|n| *n += if now { 1 } else { -1 });
        }
    });
    let sign_in = format!("{}?next={}", routes::SIGN_IN, routes::tag(&slug));
    let button = match following {
        None => view! {
            <a href=sign_in class="btn border border-line bg-surface text-ink hover:border-sparkle-400">"Sign in to follow"</a>
        }
        .into_any(),
        Some(_) => view! {
            <ActionForm action>
                <input type="hidden" name="slug" value=slug.clone()/>
                <input type="hidden" name="follow" value=move || (!is_following.get()).to_string()/>
                <button type="submit" aria-pressed=move || is_following.get().to_string()
                    disabled=move || action.pending().get()
                    class=move || if is_following.get() {
                        "btn border border-sparkle-400 bg-sparkle-500/10 text-sparkle-800 dark:text-sparkle-200"
                    } else {
                        "btn bg-gradient-to-r from-sparkle-600 to-violet-600 text-white shadow-md shadow-sparkle-500/25"
                    }>
                    {move || if is_following.get() { "Following" } else { "Follow tag" }}
                </button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <div class="flex flex-wrap items-center gap-4">
            <p class="text-sm font-semibold text-muted">
                {format!("{} · ", plural(i64::from(post_count), "post"))}
                {move || plural(i64::from(followers.get()), "follower")}
            </p>
            {button}
        </div>
        {move || error.get().and_then(|e| e.form_message()).map(|m| view! { <p role="alert" class="text-sm text-rose-700 dark:text-rose-300">{m}</p> })}
        {(!synonyms.is_empty()).then(|| view! {
            <p class="text-sm text-muted">"Also known as "{synonyms.join(", ")}</p>
        })}
    }
}

/// "1 post", "3 posts".
pub fn plural(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The classes of a filter pill (feed tabs, status tabs): filled when active.
pub fn pill_class(active: bool) -> &'static str {
    if active {
        "rounded-full bg-gradient-to-r from-sparkle-600 to-violet-600 px-4 py-1.5 text-sm font-semibold text-white shadow-md shadow-sparkle-500/25"
    } else {
        "rounded-full border border-line px-4 py-1.5 text-sm font-semibold text-muted hover:border-sparkle-400 hover:text-ink"
    }
}
