//! A post in a list: cover with its colour placeholder, title, excerpt,
//! author, date, reading time, tags and counts.

use leptos::prelude::*;

use crate::features::media::types::blurhash_class;
use crate::features::posts::types::PostCard;
use crate::routes;
use crate::ui::Avatar;

#[component]
pub fn PostCardView(card: PostCard) -> impl IntoView {
    let href = routes::post(&card.slug);
    let placeholder = card
        .cover
        .as_ref()
        .and_then(|c| c.blurhash.as_deref().and_then(blurhash_class))
        .unwrap_or_default();
    let cover = card.cover.clone().map(|cover| {
        view! {
            <a href=href.clone() tabindex="-1" aria-hidden="true" class=format!("block overflow-hidden rounded-2xl {placeholder}")>
                <img src=cover.url.clone() srcset=cover.srcset sizes="(min-width: 768px) 22rem, 100vw" alt=""
                    width=cover.width height=cover.height loading="lazy" decoding="async"
                    class="aspect-[16/9] w-full object-cover transition-transform duration-500 group-hover:scale-105"/>
            </a>
        }
    });
    let author = card.author.clone();
    let date = card.published_at.map(|at| at.to_rfc3339());
    view! {
        <article class="card card-glow group flex flex-col gap-3 p-4">
            {cover}
            <div class="flex flex-wrap items-center gap-2 text-xs font-semibold uppercase tracking-wide text-sparkle-700 dark:text-sparkle-300">
                <span>{card.content_type.label()}</span>
                {card.category.clone().map(|c| view! { <span aria-hidden="true">"·"</span><a href=format!("/c/{}", c.slug) class="hover:underline">{c.name}</a> })}
                {card.featured.then(|| view! { <span class="rounded-full bg-gradient-to-r from-sparkle-500 to-violet-500 px-2 py-0.5 text-white">"Featured"</span> })}
            </div>
            <h3 class="font-display text-lg font-extrabold leading-snug">
                <a href=href.clone() class="hover:text-sparkle-700 dark:hover:text-sparkle-300">{card.title.clone()}</a>
            </h3>
            <p class="line-clamp-3 text-sm text-muted">{card.excerpt.clone()}</p>
            <ul class="flex flex-wrap gap-1.5" aria-label="Tags">
                {card.tags.iter().map(|tag| view! {
                    <li><a href=format!("/t/{}", tag.slug) class="rounded-full border border-line px-2.5 py-0.5 text-xs font-medium hover:border-sparkle-400">"#"{tag.name.clone()}</a></li>
                }).collect_view()}
            </ul>
            <div class="mt-auto flex items-center gap-2 pt-2 text-sm">
                <Avatar name=author.name().to_owned() src=author.avatar_url.clone() size=32 decorative=true/>
                <div class="min-w-0 flex-1">
                    <a href=routes::profile(&author.username) class="block truncate font-semibold hover:underline">{author.name().to_owned()}</a>
                    <p class="text-xs text-muted">
                        <time datetime=date>{card.date_label.clone()}</time>
                        " · "{card.reading_time}" min read"
                    </p>
                </div>
                <p class="text-xs text-muted tabular-nums">
                    <span class="sr-only">{format!("{} views, {} reactions, {} comments", card.counts.views, card.counts.reactions, card.counts.comments)}</span>
                    <span aria-hidden="true">{format!("{} views", card.counts.views)}</span>
                </p>
            </div>
        </article>
    }
}
