//! The landing page for visitors: what Sparkle Universe is and what fans do here.

use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorPage;
use crate::features::accounts::api::get_viewer;
use crate::features::feeds::components::{FeedPage, TrendingSection};
use crate::features::feeds::types::FeedKind;
use crate::features::site::api::get_site_info;
use crate::ui::{
    Badge, BadgeTone, ButtonLink, ButtonVariant, Card, Icon, IconName, Skeleton, Tab, Tabs,
};

/// What fans can do, as shown in the "What's inside" grid.
const INSIDE: [(IconName, &str, &str); 6] = [
    (
        IconName::Pen,
        "Read and write",
        "Posts, theory threads, reviews and tutorials from fans and creators, written in a rich editor right in your browser.",
    ),
    (
        IconName::Screen,
        "Watch together",
        "Watch parties that stay in sync: the host's player is the truth and late joiners land at the right moment.",
    ),
    (
        IconName::Chat,
        "Talk it through",
        "Threaded comments with timestamps that jump the video to the moment you mean, and reactions for every mood.",
    ),
    (
        IconName::Medal,
        "Earn your sparkle",
        "XP, levels, badges and quests for taking part. A badge's rarity shows how few fans hold it.",
    ),
    (
        IconName::People,
        "Find your people",
        "Groups, events and direct messages for the fans who love the same moments you do.",
    ),
    (
        IconName::Shield,
        "Safe by design",
        "Moderators, reports and filters keep the place kind; spoilers stay behind the tag until you've watched.",
    ),
];

/// The community's house rules, shown under "How we play".
const VALUES: [(&str, &str); 3] = [
    (
        "Be kind",
        "Disagree with ideas, never with people. Everyone here is a fan first.",
    ),
    (
        "Credit creators",
        "Fan art, edits and theories belong to the people who made them: link and tag them.",
    ),
    (
        "Mind the spoilers",
        "New upload? Use the spoiler tag so everyone can watch it fresh.",
    ),
];

/// The home page: a member's feed, or for visitors what Sparkle Universe
/// is, then what's trending.
#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <div class="py-24"><Skeleton lines=3 label="Loading the home page"/></div> }>
            {Suspend::new(async move {
                match get_viewer().await {
                    Ok(Some(_)) => view! { <FeedPage feed=FeedKind::Home/> }.into_any(),
                    _ => view! { <Welcome/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The visitors' home page.
#[component]
fn Welcome() -> impl IntoView {
    view! {
        <Title text=""/>
        <Suspense fallback=|| view! { <div class="py-24"><Skeleton lines=3 label="Loading the home page"/></div> }>
            {Suspend::new(async move {
                match get_site_info().await {
                    Ok(info) => view! { <Hero name=info.name tagline=info.tagline/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
        <Inside/>
        <Together/>
        <Values/>
        <TrendingSection/>
    }
}

#[component]
fn Hero(name: String, tagline: String) -> impl IntoView {
    view! {
        <section aria-labelledby="hero-title" class="relative isolate overflow-hidden py-16 text-center sm:py-24">
            <div aria-hidden="true" class="hero-aurora"></div>
            <span aria-hidden="true" class="sparkle-dot left-[12%] top-16 animate-twinkle"></span>
            <span aria-hidden="true" class="sparkle-dot right-[14%] top-28 animate-twinkle [animation-delay:1.2s]"></span>
            <span aria-hidden="true" class="sparkle-dot bottom-10 left-[30%] animate-twinkle [animation-delay:2.1s]"></span>
            <Badge tone=BadgeTone::Sparkle><Icon name=IconName::Sparkles class="w-4 h-4"/>{tagline}</Badge>
            <h1 id="hero-title" class="mx-auto mt-6 max-w-3xl font-display text-4xl font-black leading-tight tracking-tight text-ink sm:text-6xl">
                "Where Sparkle fans "
                <span class="text-gradient">"shine together"</span>
            </h1>
            <p class="mx-auto mt-6 max-w-2xl text-lg text-muted">
                {name}
                " is the community of the Sparkle YouTube channel: read and write about every video, watch premieres together in sync, and collect badges for the moments you were there."
            </p>
            <div class="mt-10 flex flex-col items-center justify-center gap-3 sm:flex-row">
                <ButtonLink href="#inside" variant=ButtonVariant::Primary class="animate-glow">"See what's inside"</ButtonLink>
                <ButtonLink href="#values" variant=ButtonVariant::Secondary>"Read the house rules"</ButtonLink>
            </div>
        </section>
    }
}

#[component]
fn Inside() -> impl IntoView {
    view! {
        <section id="inside" aria-labelledby="inside-title" class="scroll-mt-20 py-12">
            <h2 id="inside-title" class="font-display text-3xl font-extrabold text-ink">"What's inside"</h2>
            <p class="mt-2 max-w-2xl text-muted">"Everything a fan community needs, in one place that works on your phone."</p>
            <ul class="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {INSIDE
                    .iter()
                    .map(|(icon, title, text)| {
                        view! {
                            <li>
                                <Card glow=true class="h-full">
                                    <span class="grid w-12 h-12 place-items-center rounded-2xl bg-gradient-to-br from-sparkle-100 to-violet-100 text-sparkle-700 dark:from-sparkle-900/60 dark:to-violet-900/60 dark:text-sparkle-200">
                                        <Icon name=*icon class="w-6 h-6"/>
                                    </span>
                                    <h3 class="mt-4 font-display text-lg font-bold text-ink">{*title}</h3>
                                    <p class="mt-1 text-sm leading-relaxed text-muted">{*text}</p>
                                </Card>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// An island: the tabs switch in the browser (without JavaScript every panel shows).
#[island]
fn Together() -> impl IntoView {
    let tabs = vec![
        Tab::new("premieres", "Premieres", || {
            view! {
                <p class="text-muted">"When a new Sparkle video drops, a live blog, a countdown and a watch party open together, so the whole community can react in real time."</p>
            }
        }),
        Tab::new("parties", "Watch parties", || {
            view! {
                <p class="text-muted">"Join with a party code. If your stream drifts, playback gently speeds up or slows down to catch up instead of jumping, and everyone can see who is still buffering."</p>
            }
        }),
        Tab::new("moments", "Moments", || {
            view! {
                <p class="text-muted">"Comments with timestamps light up a heat strip under the video, so you can jump straight to the moments everyone is talking about."</p>
            }
        }),
    ];
    view! {
        <section id="together" aria-labelledby="together-title" class="scroll-mt-20 py-12">
            <Card class="bg-gradient-to-br from-sparkle-50 to-violet-50 dark:from-sparkle-950/40 dark:to-violet-950/40">
                <h2 id="together-title" class="font-display text-3xl font-extrabold text-ink">"Watch together"</h2>
                <p class="mt-2 max-w-2xl text-muted">"Sparkle videos are better with friends. Here is how watching works here."</p>
                <div class="mt-6">
                    <Tabs label="Ways to watch together" tabs/>
                </div>
            </Card>
        </section>
    }
}

#[component]
fn Values() -> impl IntoView {
    view! {
        <section id="values" aria-labelledby="values-title" class="scroll-mt-20 py-12">
            <h2 id="values-title" class="font-display text-3xl font-extrabold text-ink">"How we play"</h2>
            <ol class="mt-8 grid gap-4 md:grid-cols-3">
                {VALUES
                    .iter()
                    .enumerate()
                    .map(|(i, (title, text))| {
                        view! {
                            <li class="card">
                                <span aria-hidden="true" class="font-display text-4xl font-black text-gradient">{i + 1}</span>
                                <h3 class="mt-2 font-display text-lg font-bold text-ink">{*title}</h3>
                                <p class="mt-1 text-sm text-muted">{*text}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
