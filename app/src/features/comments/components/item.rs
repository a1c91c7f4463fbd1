//! One comment: who wrote it and when, its words, its reactions and what
//! the viewer may do with it.

use leptos::prelude::*;

use super::form::{EditCommentForm, NewCommentForm, OpenLink};
use super::store::{Entry, Open, Store};
use crate::features::comments::api::{DeleteComment, FeatureComment, PinComment};
use crate::features::comments::types::{Comment, MAX_DEPTH, moment_label};
use crate::features::reactions::components::{ReactionBar, back_here};
use crate::features::reactions::types::Target;
use crate::routes;
use crate::ui::{Avatar, Badge, BadgeTone};

/// Indentation per depth below the first comment shown (static class
/// names, so the stylesheet has them).
const INDENT: [&str; 5] = [
    "",
    "ml-3 sm:ml-8",
    "ml-6 sm:ml-16",
    "ml-9 sm:ml-24",
    "ml-12 sm:ml-32",
];

#[component]
pub fn CommentItem(store: Store, entry: Entry) -> impl IntoView {
    let comment = entry.comment;
    let id = entry.id;
    let c = comment.get_untracked();
    let level = usize::try_from((c.depth - store.base_depth).clamp(0, MAX_DEPTH)).unwrap_or(0);
    let indent = INDENT.get(level).copied().unwrap_or_default();
    let reactions = RwSignal::new(c.reactions.clone());
    // New counts from elsewhere (an edit brings the comment back whole).
    Effect::new(move |_| {
        let latest = comment.with(|c| c.reactions.clone());
        reactions.set(latest);
    });
    let slug = store.slug.get_value();
    let thread_href = routes::comment_thread(&slug, id);
    let history_href = routes::comment_history(&slug, id);
    let who_href = routes::comment_reactions(&slug, id);
    view! {
        <article id=format!("c-{id}") tabindex="-1" aria-labelledby=format!("c-{id}-by")
            class=format!("comment group relative flex flex-col gap-2 rounded-2xl p-3 outline-none focus-visible:ring-2 focus-visible:ring-sparkle-400 sm:p-4 {indent}")
            class:comment-reply=move || comment.with(|c| c.parent_id.is_some())
            class:comment-featured=move || comment.with(|c| c.featured)
            class:comment-pinned=move || comment.with(|c| c.pinned)>
            {move || {
                let c = comment.get();
                view! { <Header comment=c history_href=history_href.clone()/> }
            }}
            {move || {
                let c = comment.get();
                let editing = store.open.get() == Some(Open::Edit(id));
                if editing && c.can_edit {
                    view! { <EditCommentForm store comment=c/> }.into_any()
                } else if c.deleted {
                    view! { <p class="text-sm italic text-muted">"[deleted]"</p> }.into_any()
                } else if c.blocked {
                    view! { <p class="text-sm italic text-muted">"A comment from someone you blocked."</p> }.into_any()
                } else {
                    // The moment as a chip, unless the words already link it.
                    let chip = c.video_at.filter(|at| !c.html.contains(&format!("data-seek=\"{at}\"")));
                    view! {
                        {chip.map(|at| view! {
                            <a href=format!("?t={at}#video") data-seek=at.to_string() class="moment-chip self-start"
                                aria-label=format!("Play the video from {}", moment_label(at))>
                                <span aria-hidden="true">"▶ "</span>{moment_label(at)}
                            </a>
                        })}
                        <div class="comment-body" inner_html=c.html></div>
                    }.into_any()
                }
            }}
            {move || {
                let c = comment.get();
                (!c.deleted && !c.blocked).then(|| view! { <Actions store comment=c reactions who_href=who_href.clone()/> })
            }}
            {move || (store.open.get() == Some(Open::Reply(id))).then(|| view! {
                <div class="mt-1 border-l-2 border-sparkle-200 pl-3 dark:border-sparkle-800">
                    <NewCommentForm store parent=Some(id)/>
                </div>
            })}
            {move || {
                let c = comment.get();
                c.more_replies.then(|| {
                    let hidden = c.reply_count;
                    view! {
                        <a href=thread_href.clone() class="self-start text-sm font-semibold text-sparkle-700 hover:underline dark:text-sparkle-300">
                            {if hidden == 1 { "Continue this thread (1 reply) →".to_owned() } else { format!("Continue this thread ({hidden} replies) →") }}
                        </a>
                    }
                })
            }}
        </article>
    }
}

#[component]
fn Header(comment: Comment, history_href: String) -> impl IntoView {
    let id = comment.id;
    let name = comment
        .author
        .as_ref()
        .map_or_else(|| "[deleted]".to_owned(), |a| a.name().to_owned());
    view! {
        <header class="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            {match &comment.author {
                Some(author) => view! {
                    <a href=routes::profile(&author.username) class="flex items-center gap-2 font-semibold hover:underline">
                        <Avatar name=name.clone() src=author.avatar_url.clone() size=28 decorative=true/>
                        <span id=format!("c-{id}-by")>{name.clone()}</span>
                    </a>
                }.into_any(),
                None => view! {
                    <span class="flex items-center gap-2 font-semibold text-muted">
                        <span aria-hidden="true" class="h-7 w-7 rounded-full bg-surface-2"></span>
                        <span id=format!("c-{id}-by")>{name.clone()}</span>
                    </span>
                }.into_any(),
            }}
            {comment.author.as_ref().is_some_and(|a| a.is_post_author).then(|| view! { <Badge tone=BadgeTone::Violet>"Author"</Badge> })}
            {comment.author.as_ref().is_some_and(|a| a.is_moderator).then(|| view! { <Badge tone=BadgeTone::Success>"Mod"</Badge> })}
            {comment.pinned.then(|| view! { <Badge tone=BadgeTone::Sparkle>"📌 Pinned"</Badge> })}
            {comment.featured.then(|| view! { <Badge tone=BadgeTone::Warning>"★ Featured by the creator"</Badge> })}
            <a href=format!("#c-{id}") class="text-muted hover:underline">
                <time datetime=comment.created_at.to_rfc3339()>{comment.created_label.clone()}</time>
            </a>
            {(comment.edited && !comment.deleted).then(|| view! {
                <a href=history_href class="text-muted underline-offset-2 hover:underline" title="See earlier versions">"· edited"</a>
            })}
        </header>
    }
}

#[component]
fn Actions(
    store: Store,
    comment: Comment,
    reactions: RwSignal<crate::features::reactions::types::Reactions>,
    who_href: String,
) -> impl IntoView {
    let id = comment.id;
    let anchor = format!("c-{id}");
    let back = back_here(&anchor);
    let delete = ServerAction::<DeleteComment>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            store.mark_deleted(id);
        }
    });
    let pin = ServerAction::<PinComment>::new();
    let feature = ServerAction::<FeatureComment>::new();
    Effect::new(move |_| {
        if matches!(pin.value().get(), Some(Ok(())))
            || matches!(feature.value().get(), Some(Ok(())))
        {
            store.reload();
        }
    });
    let can_reply = store.closed.is_none();
    let who = (reactions.with_untracked(|r| r.total()) > 0).then_some(who_href);
    view! {
        <div class="flex flex-wrap items-center gap-1">
            <ReactionBar target=Target::Comment(id) reactions can_react=store.can_react anchor=anchor.clone() compact=true
                who_href=who/>
            {can_reply.then(|| view! { <OpenLink store open=Open::Reply(id)>"↩ Reply"</OpenLink> })}
            {comment.can_edit.then(|| view! { <OpenLink store open=Open::Edit(id)>"Edit"</OpenLink> })}
            {comment.can_curate.then(|| view! {
                <ActionForm action=pin attr:class="contents">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="on" value=(!comment.pinned).to_string()/>
                    <input type="hidden" name="back" value=move || back.get()/>
                    <button type="submit" class="inline-flex min-h-9 items-center rounded-full px-2.5 text-sm font-semibold text-muted hover:bg-sparkle-500/10 hover:text-ink">
                        {if comment.pinned { "Unpin" } else { "📌 Pin" }}
                    </button>
                </ActionForm>
                <ActionForm action=feature attr:class="contents">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="on" value=(!comment.featured).to_string()/>
                    <input type="hidden" name="back" value=move || back.get()/>
                    <button type="submit" class="inline-flex min-h-9 items-center rounded-full px-2.5 text-sm font-semibold text-muted hover:bg-sparkle-500/10 hover:text-ink">
                        {if comment.featured { "Unfeature" } else { "★ Feature" }}
                    </button>
                </ActionForm>
            })}
            {comment.can_delete.then(|| view! {
                <details class="relative">
                    <summary class="inline-flex min-h-9 cursor-pointer list-none items-center rounded-full px-2.5 text-sm font-semibold text-muted hover:bg-red-500/10 hover:text-red-700">"Delete"</summary>
                    <div class="absolute right-0 z-30 mt-1 flex w-64 flex-col gap-2 rounded-2xl border border-line bg-surface p-3 text-sm shadow-xl animate-drop-in sm:left-0 sm:right-auto">
                        <p>"Delete this comment? Its replies stay; it shows as “[deleted]”."</p>
                        <ActionForm action=delete>
                            <input type="hidden" name="id" value=id.to_string()/>
                            <input type="hidden" name="back" value=move || back.get()/>
                            <button type="submit" class="btn bg-red-600 text-white hover:bg-red-700">"Delete comment"</button>
                        </ActionForm>
                    </div>
                </details>
            })}
        </div>
    }
}
