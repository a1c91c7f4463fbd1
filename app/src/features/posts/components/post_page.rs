//! `/p/{slug}`: the reading page. Rendered on the server with its meta
//! tags (Open Graph, Twitter card, canonical link, JSON-LD Article), so it
//! is complete as plain HTML.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::PostCardView;
use crate::features::bookmarks::components::{BookmarkMenu, ShareMenu};
use crate::features::comments::api::get_comments;
use crate::features::comments::components::CommentsSection;
use crate::features::media::types::blurhash_class;
use crate::features::posts::api::get_post;
use crate::features::posts::document::urls;
use crate::features::posts::types::{Byline, ContentStatus, PostPage as Page, SeriesNav};
use crate::features::reactions::components::PostReactions;
use crate::features::reactions::types::Target;
use crate::hydration::WhenUsed;
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Avatar, ButtonLink, ButtonVariant};

#[component]
pub fn PostPage() -> impl IntoView {
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let query = use_query_map();
    let (sort, after, at) = {
        let q = query.read_untracked();
        (q.get("sort"), q.get("after"), q.get("at"))
    };
    // Pages are drawn on the server only (islands hydrate from their own
    // props), so the post and its comments are awaited in one boundary, one
    // after the other, as plain calls: no resources to track, nothing to
    // serialise, one connection in use at a time.
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match get_post(slug.clone()).await {
                    Ok(page) => {
                        let comments = get_comments(slug, sort, after, at).await;
                        view! {
                            <Article page=page.clone()/>
                            <CommentsSection comments/>
                            <ReadNext page/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReadNext(page: Page) -> impl IntoView {
    view! {
        {(!page.related.is_empty()).then(|| view! {
            <section aria-labelledby="related-heading" class="mx-auto w-full max-w-5xl pb-12">
                <h2 id="related-heading" class="font-display text-2xl font-extrabold">"Read next"</h2>
                <div class="mt-4 grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
                    {page.related.clone().into_iter().map(|card| view! { <PostCardView card/> }).collect_view()}
                </div>
            </section>
        })}
    }
}

#[component]
fn Article(page: Page) -> impl IntoView {
    let title = page
        .meta_title
        .clone()
        .unwrap_or_else(|| page.title.clone());
    let description = page
        .meta_description
        .clone()
        .unwrap_or_else(|| page.excerpt.clone());
    let canonical = page
        .canonical_url
        .clone()
        .unwrap_or_else(|| routes::post(&page.slug));
    let cover_url = page.share_image.clone();
    let ld = page.json_ld.clone();
    let placeholder = page
        .cover
        .as_ref()
        .and_then(|c| c.blurhash.as_deref().and_then(blurhash_class))
        .unwrap_or_default();
    let published = page.published_at.map(|at| at.to_rfc3339());
    // `?t=83` (a comment's moment, without JavaScript) starts the player
    // there, shown above the post even when the body has it too.
    let asked_start: Option<u32> =
        crate::request::page_query_param("t").and_then(|t| t.parse().ok());
    let video = page
        .youtube
        .clone()
        .and_then(|(id, start)| match asked_start {
            Some(at) => Some((id, at)),
            None if page.html.contains(&format!("/embed/{id}")) => None,
            None => Some((id, start)),
        });
    let published_post = page.status == ContentStatus::Published;
    let draft_notice = (page.status != ContentStatus::Published).then(|| {
        let label = page.status.label();
        view! {
            <p role="status" class="rounded-2xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm font-medium text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100">
                {label}": only the post's authors and moderators can see this page."
            </p>
        }
    });
    let edit = page.can_edit.then(|| {
        view! {
            <div class="flex flex-wrap gap-2">
                <ButtonLink href=routes::edit_post(page.id) variant=ButtonVariant::Secondary>"Edit post"</ButtonLink>
                <ButtonLink href=routes::post_history(page.id) variant=ButtonVariant::Ghost>"History"</ButtonLink>
            </div>
        }
    });
    let toc = (page.toc.len() >= 2).then(|| {
        let items = page.toc.clone();
        view! {
            <nav aria-labelledby="toc-heading" class="card p-5 text-sm">
                <h2 id="toc-heading" class="font-display text-base font-bold">"In this post"</h2>
                <ol class="mt-3 flex flex-col gap-1.5">
                    {items.into_iter().map(|h| view! {
                        <li class=match h.level { 3 => "pl-3", 4 => "pl-6", _ => "" }>
                            <a href=format!("#{}", h.anchor) class="text-muted hover:text-ink hover:underline">{h.text}</a>
                        </li>
                    }).collect_view()}
                </ol>
            </nav>
        }
    });
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=description.clone()/>
        {(!page.meta_keywords.is_empty()).then(|| view! { <Meta name="keywords" content=page.meta_keywords.join(", ")/> })}
        <Link rel="canonical" href=canonical.clone()/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=canonical/>
        {cover_url.clone().map(|url| view! { <Meta property="og:image" content=url/> })}
        {published.clone().map(|at| view! { <Meta property="article:published_time" content=at/> })}
        <Meta name="twitter:card" content=if cover_url.is_some() { "summary_large_image" } else { "summary" }/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=description/>
        {(page.status != ContentStatus::Published).then(|| view! { <Meta name="robots" content="noindex"/> })}
        <script type="application/ld+json" inner_html=ld></script>
        <article class="mx-auto flex max-w-6xl flex-col gap-8 py-8 sm:py-12">
            {draft_notice}
            <header class="mx-auto flex w-full max-w-3xl flex-col gap-5">
                <div class="flex flex-wrap items-center gap-2 text-xs font-bold uppercase tracking-wider text-sparkle-700 dark:text-sparkle-300">
                    <span>{page.content_type.label()}</span>
                    {page.category.clone().map(|c| view! { <span aria-hidden="true">"·"</span><a href=format!("/c/{}", c.slug) class="hover:underline">{c.name}</a> })}
                </div>
                <h1 class="font-display text-3xl font-extrabold leading-tight tracking-tight sm:text-5xl">
                    <span class="text-gradient">{page.title.clone()}</span>
                </h1>
                {(!page.excerpt.is_empty()).then(|| view! { <p class="text-lg text-muted">{page.excerpt.clone()}</p> })}
                <div class="flex flex-wrap items-center justify-between gap-4">
                    <Bylines author=page.author.clone() coauthors=page.coauthors.clone()/>
                    <p class="text-sm text-muted">
                        {page.published_label.clone().map(|label| view! { <time datetime=published.clone()>{label}</time>" · " })}
                        {page.reading_time}" min read · "{page.counts.views}" views"
                    </p>
                </div>
                {edit}
            </header>
            {page.cover.clone().map(|cover| view! {
                <figure class=format!("mx-auto w-full max-w-4xl overflow-hidden rounded-3xl shadow-xl {placeholder}")>
                    <img src=cover.url srcset=cover.srcset sizes="(min-width: 1024px) 56rem, 100vw" alt=cover.alt
                        width=cover.width height=cover.height decoding="async" class="h-auto w-full object-cover"/>
                </figure>
            })}
            <div class="post-layout mx-auto w-full max-w-5xl">
                {toc.map(|toc| view! { <aside class="flex flex-col gap-6" aria-label="About this post">{toc}</aside> })}
                <div class="min-w-0 max-w-3xl">
                    {video.map(|(id, start)| view! {
                        <figure id="video" class="mb-8 scroll-mt-20">
                            <div class="post-video-frame">
                                <iframe src=urls::youtube_embed_url(&id, start) title="YouTube video"
                                    allow="accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen"
                                    referrerpolicy="strict-origin-when-cross-origin" allowfullscreen=true></iframe>
                            </div>
                        </figure>
                    })}
                    <div class="prose-post" inner_html=page.html.clone()></div>
                    <ul class="mt-10 flex flex-wrap gap-2" aria-label="Tags">
                        {page.tags.iter().map(|tag| view! {
                            <li><a href=format!("/t/{}", tag.slug) class="rounded-full border border-line bg-surface px-3 py-1 text-sm font-semibold hover:border-sparkle-400">"#"{tag.name.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                    {published_post.then(|| view! {
                        <div id="reactions" class="mt-8 flex scroll-mt-20 flex-col gap-2 border-t border-line pt-6">
                            <h2 class="sr-only">"Reactions"</h2>
                            <PostReactions target=Target::Post(page.id) reactions=page.reactions.clone() can_react=page.can_react anchor="reactions".to_owned()
                                who_href=Some(routes::post_reactions(&page.slug))/>
                            <div class="mt-2 flex flex-wrap items-start gap-2">
                                {match page.bookmark.clone() {
                                    // The menus hydrate when reached for (they are
                                    // `<details>` with plain forms until then).
                                    Some(state) => view! { <WhenUsed><BookmarkMenu state/></WhenUsed> }.into_any(),
                                    None => view! {
                                        <a class="action-chip" href=format!("{}?next={}%23bookmark", routes::SIGN_IN, routes::post(&page.slug))>
                                            <span aria-hidden="true">"🔖"</span>"Save"
                                        </a>
                                    }.into_any(),
                                }}
                                <WhenUsed>
                                    <ShareMenu url=page.canonical_url.clone().unwrap_or_else(|| routes::post(&page.slug)) title=page.title.clone()/>
                                </WhenUsed>
                                <super::read_beacon::ReadBeacon post=page.id/>
                            </div>
                        </div>
                    })}
                    {page.series.clone().map(|series| view! { <SeriesLinks series/> })}
                </div>
            </div>

        </article>
    }
}

#[component]
fn Bylines(author: Byline, coauthors: Vec<Byline>) -> impl IntoView {
    view! {
        <div class="flex flex-wrap items-center gap-4">
            {std::iter::once(author).chain(coauthors).map(|person| view! {
                <a href=routes::profile(&person.username) class="flex items-center gap-2.5 rounded-full pr-3 hover:bg-surface">
                    <Avatar name=person.name().to_owned() src=person.avatar_url.clone() size=40 decorative=true/>
                    <span class="flex flex-col leading-tight">
                        <span class="font-semibold">{person.name().to_owned()}
                            {person.verified.then(|| view! { <span class="ml-1 text-sparkle-600" title="Verified creator" aria-label="verified creator">"✦"</span> })}
                        </span>
                        <span class="text-xs text-muted">"@"{person.username.clone()}</span>
                    </span>
                </a>
            }).collect_view()}
        </div>
    }
}

#[component]
fn SeriesLinks(series: SeriesNav) -> impl IntoView {
    let position = series.parts.iter().position(|p| p.order == series.order);
    let previous = position
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| series.parts.get(i).cloned());
    let next = position.and_then(|i| series.parts.get(i + 1).cloned());
    view! {
        <nav aria-labelledby="series-heading" class="card mt-10 flex flex-col gap-4">
            <div>
                <p class="text-xs font-bold uppercase tracking-wider text-muted">"Series"</p>
                <h2 id="series-heading" class="font-display text-xl font-extrabold">
                    <a href=format!("/s/{}", series.slug) class="hover:underline">{series.title.clone()}</a>
                </h2>
            </div>
            <ol class="flex flex-col gap-1 text-sm">
                {series.parts.iter().map(|part| {
                    let current = part.order == series.order;
                    view! {
                        <li>
                            <a href=routes::post(&part.slug) aria-current=current.then_some("page")
                                class="flex gap-2 rounded-lg px-2 py-1 hover:bg-surface"
                                class:font-bold=current class:text-sparkle-700=current>
                                <span class="tabular-nums text-muted">{part.order}"."</span>
                                <span>{part.title.clone()}</span>
                                {(!part.published).then(|| view! { <span class="text-xs text-muted">"(draft)"</span> })}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="flex flex-wrap justify-between gap-3">
                {previous.map(|p| view! { <a rel="prev" href=routes::post(&p.slug) class=ButtonVariant::Secondary.classes()>"← "{p.title}</a> })}
                {next.map(|p| view! { <a rel="next" href=routes::post(&p.slug) class=format!("{} ml-auto", ButtonVariant::Primary.classes())>{p.title}" →"</a> })}
            </div>
        </nav>
    }
}
