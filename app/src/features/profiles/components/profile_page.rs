//! `/u/{username}`: a person's profile, with follow and block.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::features::accounts::components::{FormAlert, action_error};
use crate::features::accounts::types::Role;
use crate::features::feeds::components::AuthorPosts;
use crate::features::media::types::Image;
use crate::features::profiles::api::{
    BlockUser, FollowUser, UnblockUser, UnfollowUser, get_profile,
};
use crate::features::profiles::types::Profile;
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Badge, BadgeTone, Button, ButtonLink, ButtonVariant, Skeleton};

/// The profile page (404 for unknown or deleted accounts).
#[component]
pub fn ProfilePage() -> impl IntoView {
    let username = use_params_map()
        .read_untracked()
        .get("username")
        .unwrap_or_default();
    // The forms post to their server functions and the server answers with
    // the page again (it is drawn on the server only), so the profile is
    // loaded once, as a plain call.
    let actions = Actions {
        follow: ServerAction::<FollowUser>::new(),
        unfollow: ServerAction::<UnfollowUser>::new(),
        block: ServerAction::<BlockUser>::new(),
        unblock: ServerAction::<UnblockUser>::new(),
    };
    view! {
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading the profile"/></div> }>
            {Suspend::new(async move {
                match get_profile(username).await {
                    Ok(p) => view! { <ProfileView profile=p actions/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    follow: ServerAction<FollowUser>,
    unfollow: ServerAction<UnfollowUser>,
    block: ServerAction<BlockUser>,
    unblock: ServerAction<UnblockUser>,
}

/// A banner or its gradient stand-in.
#[component]
fn ProfileHeaderImage(banner: Option<Image>) -> impl IntoView {
    view! {
        <div class="relative h-36 overflow-hidden rounded-3xl bg-gradient-to-r from-sparkle-400 via-violet-500 to-sky-400 sm:h-56">
            {match banner {
                Some(b) => view! {
                    <img src=b.url srcset=b.srcset sizes="(min-width: 1024px) 1000px, 100vw" alt=""
                        width=b.width height=b.height class="h-full w-full object-cover"/>
                }.into_any(),
                None => view! {
                    <span aria-hidden="true" class="absolute right-8 top-6 text-4xl text-white/70 animate-twinkle">"✦"</span>
                }.into_any(),
            }}
        </div>
    }
}

fn role_badge(role: Role) -> Option<AnyView> {
    (role != Role::User).then(|| {
        let tone = match role {
            Role::Admin | Role::Moderator => BadgeTone::Violet,
            _ => BadgeTone::Sparkle,
        };
        view! { <Badge tone>{role.label()}</Badge> }.into_any()
    })
}

#[component]
fn ProfileView(profile: Profile, actions: Actions) -> impl IntoView {
    let name = profile.name().to_owned();
    let username = profile.username.clone();
    let rel = profile.relationship;
    let errors = Signal::derive(move || {
        action_error(actions.follow)
            .get()
            .or_else(|| action_error(actions.block).get())
    });
    let xp_next = profile.level * 100;
    let xp_pct = (profile.experience % 100).clamp(0, 100);
    view! {
        <Title text=format!("{name} (@{username})")/>
        <Meta name="description" content=profile.bio.clone().unwrap_or_else(|| format!("{name} on Sparkle Universe"))/>
        <article class="mx-auto flex max-w-4xl flex-col gap-6 py-6 sm:py-10" aria-labelledby="profile-name">
            <div>
                <ProfileHeaderImage banner=profile.banner.clone()/>
                <div class="-mt-12 flex flex-wrap items-end justify-between gap-4 px-4 sm:-mt-16 sm:px-8">
                    <div class="relative">
                        {match &profile.avatar {
                            Some(a) => view! {
                                <img src=a.url.clone() srcset=a.srcset.clone() sizes="128px" alt=format!("{name}'s picture")
                                    width="128" height="128"
                                    class="h-24 w-24 rounded-full object-cover ring-4 ring-surface shadow-lg sm:h-32 sm:w-32"/>
                            }.into_any(),
                            None => view! {
                                <span role="img" aria-label=format!("{name}'s picture")
                                    class="grid h-24 w-24 place-items-center rounded-full bg-gradient-to-br from-sparkle-400 to-violet-500 text-3xl font-bold text-white ring-4 ring-surface shadow-lg sm:h-32 sm:w-32">
                                    {crate::ui::initials(&name)}
                                </span>
                            }.into_any(),
                        }}
                        {profile.online.map(|online| view! {
                            <span class="absolute bottom-2 right-2 h-4 w-4 rounded-full ring-2 ring-surface"
                                class:bg-emerald-500=online class:bg-slate-400=!online
                                title=if online { "Online now" } else { "Offline" }>
                                <span class="sr-only">{if online { "Online now" } else { "Offline" }}</span>
                            </span>
                        })}
                    </div>
                    <ProfileActions profile=profile.clone() actions/>
                </div>
            </div>
            <div class="px-4 sm:px-8">
                <FormAlert error=errors/>
                <h1 id="profile-name" class="flex flex-wrap items-center gap-2 font-display text-3xl font-extrabold tracking-tight">
                    {name.clone()} {role_badge(profile.role)}
                </h1>
                <p class="mt-1 flex flex-wrap items-center gap-x-2 text-muted">
                    <span>"@"{username.clone()}</span>
                    {profile.pronouns.clone().map(|p| view! { <span aria-hidden="true">"·"</span><span>{p}</span> })}
                    {rel.follows_you.then(|| view! { <Badge tone=BadgeTone::Neutral>"Follows you"</Badge> })}
                </p>
                {rel.blocked.then(|| view! {
                    <p class="mt-4 rounded-2xl border border-line bg-surface-2 p-4 text-sm" role="status">
                        "You blocked @"{username.clone()}". You won't see their posts, and neither of you can follow the other."
                    </p>
                })}
                {rel.blocked_by.then(|| view! {
                    <p class="mt-4 rounded-2xl border border-line bg-surface-2 p-4 text-sm" role="status">
                        "You can't follow @"{username.clone()}" or see what they share."
                    </p>
                })}
                {profile.bio.clone().map(|bio| view! { <p class="mt-4 max-w-2xl whitespace-pre-line text-lg leading-relaxed">{bio}</p> })}
                <ul class="mt-4 flex flex-wrap gap-x-5 gap-y-2 text-sm text-muted" aria-label="About">
                    {profile.location.clone().map(|l| view! { <li><span class="sr-only">"Location: "</span>{l}</li> })}
                    {profile.website.clone().map(|w| {
                        let label = w.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/').to_owned();
                        view! { <li><a href=w rel="nofollow ugc noopener" target="_blank" class="font-medium text-sparkle-700 underline-offset-2 hover:underline dark:text-sparkle-300">{label}</a></li>
                    }})}
                    <li>"Joined "{profile.joined_at.format("%B %Y").to_string()}</li>
                </ul>
                <Stats profile=profile.clone()/>
                <div class="mt-6 grid gap-4 sm:grid-cols-2">
                    <section class="card p-5" aria-labelledby="level-heading">
                        <h2 id="level-heading" class="text-sm font-semibold uppercase tracking-wide text-muted">"Level"</h2>
                        <p class="mt-1 font-display text-2xl font-bold">"Level "{profile.level}</p>
                        <progress class="progress-bar mt-3" max="100" value=xp_pct
                            aria-label="Experience towards the next level">{format!("{xp_pct}%")}</progress>
                        <p class="mt-2 text-sm text-muted">{profile.experience}" XP · next level at "{xp_next}" XP"</p>
                    </section>
                    {(!profile.interests.is_empty() || !profile.socials.links().is_empty()).then(|| view! {
                        <section class="card p-5" aria-labelledby="interests-heading">
                            <h2 id="interests-heading" class="text-sm font-semibold uppercase tracking-wide text-muted">"Interests & links"</h2>
                            <ul class="mt-3 flex flex-wrap gap-2" aria-label="Interests">
                                {profile.interests.iter().map(|i| view! {
                                    <li class="rounded-full bg-sparkle-500/10 px-3 py-1 text-sm font-medium text-sparkle-800 dark:text-sparkle-200">{i.clone()}</li>
                                }).collect_view()}
                            </ul>
                            <ul class="mt-3 flex flex-col gap-1 text-sm" aria-label="Elsewhere">
                                {profile.socials.links().into_iter().map(|(label, text, link)| view! {
                                    <li>
                                        <span class="text-muted">{label}": "</span>
                                        {match link {
                                            Some(href) => view! { <a href=href rel="nofollow ugc noopener" target="_blank" class="font-medium text-sparkle-700 hover:underline dark:text-sparkle-300">{text}</a> }.into_any(),
                                            None => view! { <span class="font-medium">{text}</span> }.into_any(),
                                        }}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                </div>
            </div>
            <AuthorPosts username=username.clone() name=name.clone()/>
        </article>
    }
}

#[component]
fn Stats(profile: Profile) -> impl IntoView {
    let stat = |n: i32, label: &'static str, href: Option<String>| {
        let inner = view! {
            <span class="block font-display text-2xl font-bold tabular-nums">{n}</span>
            <span class="text-sm text-muted">{label}</span>
        };
        match href {
            Some(href) => view! {
                <li><a href=href class="block rounded-2xl px-4 py-2 transition hover:bg-sparkle-500/10">{inner}</a></li>
            }
            .into_any(),
            None => view! { <li class="px-4 py-2">{inner}</li> }.into_any(),
        }
    };
    let visible = profile.lists_visible;
    let u = profile.username.clone();
    view! {
        <ul class="mt-5 -mx-4 flex flex-wrap" aria-label="Stats">
            {stat(profile.stats.posts, "Posts", None)}
            {stat(profile.stats.followers, "Followers", visible.then(|| routes::followers(&u)))}
            {stat(profile.stats.following, "Following", visible.then(|| routes::following(&u)))}
        </ul>
    }
}

#[component]
fn ProfileActions(profile: Profile, actions: Actions) -> impl IntoView {
    let rel = profile.relationship;
    let username = profile.username.clone();
    if rel.is_self {
        return view! {
            <ButtonLink href=routes::SETTINGS_PROFILE variant=ButtonVariant::Secondary>"Edit profile"</ButtonLink>
        }
        .into_any();
    }
    if !rel.signed_in {
        return view! {
            <ButtonLink href=format!("{}?next={}", routes::SIGN_IN, routes::profile(&username))>"Sign in to follow"</ButtonLink>
        }
        .into_any();
    }
    if rel.blocked {
        return view! {
            <ActionForm action=actions.unblock>
                <input type="hidden" name="username" value=username.clone()/>
                <Button kind="submit" variant=ButtonVariant::Secondary>"Unblock"</Button>
            </ActionForm>
        }
        .into_any();
    }
    if rel.blocked_by {
        return ().into_any();
    }
    let (u1, u2, u3, u4) = (
        username.clone(),
        username.clone(),
        username.clone(),
        username.clone(),
    );
    let pending =
        Signal::derive(move || actions.follow.pending().get() || actions.unfollow.pending().get());
    view! {
        <div class="flex flex-wrap items-center gap-2">
            {if rel.following {
                view! {
                    <ActionForm action=actions.follow attr:class="flex items-center">
                        <input type="hidden" name="username" value=u1.clone()/>
                        {(!rel.notify_new_posts).then(|| view! { <input type="hidden" name="notify" value="on"/> })}
                        <Button kind="submit" variant=ButtonVariant::Ghost disabled=pending>
                            {if rel.notify_new_posts { "Notifying you of new posts" } else { "Notify me of new posts" }}
                        </Button>
                    </ActionForm>
                    <ActionForm action=actions.unfollow>
                        <input type="hidden" name="username" value=u2.clone()/>
                        <Button kind="submit" variant=ButtonVariant::Secondary disabled=pending>
                            "Following" <span class="sr-only">" @"{u2.clone()}", select to unfollow"</span>
                        </Button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=actions.follow>
                        <input type="hidden" name="username" value=u3.clone()/>
                        <input type="hidden" name="notify" value="on"/>
                        <Button kind="submit" disabled=pending>
                            {if rel.follows_you { "Follow back" } else { "Follow" }}
                        </Button>
                    </ActionForm>
                }.into_any()
            }}
            <details class="relative">
                <summary class="btn-icon list-none" aria-label=format!("More actions for @{u4}")>"⋯"</summary>
                <div class="absolute right-0 top-11 z-40 w-56 rounded-2xl border border-line bg-surface p-2 shadow-xl animate-drop-in">
                    <ActionForm action=actions.block attr:class="contents">
                        <input type="hidden" name="username" value=username.clone()/>
                        <button type="submit" class="w-full rounded-xl px-3 py-2 text-left text-sm font-medium text-red-700 hover:bg-red-500/10 dark:text-red-300">
                            "Block @"{username.clone()}
                        </button>
                    </ActionForm>
                </div>
            </details>
        </div>
    }
    .into_any()
}
