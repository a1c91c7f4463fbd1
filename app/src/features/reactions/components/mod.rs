//! Reaction buttons and the who-reacted page.
//!
//! Each button is a form posting to `react` (without JavaScript the page
//! comes back with the new counts); hydrated, the form runs the action in
//! place and the counts follow the answer.

mod who_page;

pub use who_page::{CommentReactionsPage, PostReactionsPage};

use leptos::prelude::*;

use crate::features::reactions::api::React;
use crate::features::reactions::types::{Reaction, Reactions, Target};

/// The path and query of the page, to come back to after a plain form post.
pub fn back_here(anchor: &str) -> Signal<String> {
    let back = format!("{}#{anchor}", crate::request::page_href());
    Signal::derive(move || back.clone())
}

/// A post's reaction bar, as its own island: the counts come as props and
/// then follow the buttons and the live channel.
#[island]
pub fn PostReactions(
    target: Target,
    reactions: Reactions,
    can_react: bool,
    anchor: String,
    who_href: Option<String>,
) -> impl IntoView {
    let reactions = RwSignal::new(reactions);
    view! { <ReactionBar target reactions can_react anchor who_href/> }
}

/// The reaction buttons of a post or comment. `compact` shows only the
/// kinds someone used, with the rest behind a "React" disclosure.
#[component]
pub fn ReactionBar(
    target: Target,
    reactions: RwSignal<Reactions>,
    /// The viewer may react (signed in and verified); otherwise the
    /// buttons are counts and `sign_in` says how to join in.
    can_react: bool,
    #[prop(into)] anchor: String,
    #[prop(optional)] compact: bool,
    /// Where the who-reacted list is.
    #[prop(default = None)]
    who_href: Option<String>,
) -> impl IntoView {
    let action = ServerAction::<React>::new();
    Effect::new(move |_| {
        if let Some(Ok(counts)) = action.value().get() {
            reactions.set(counts);
        }
    });
    // Others' reactions arrive live on pages that watch the post.
    crate::features::live::on_event(move |event| {
        if let crate::features::live::types::Payload::Reactions { target: t, counts } =
            &event.payload
            && *t == target
        {
            let counts = counts.clone();
            reactions.update(|r| r.counts = counts);
        }
    });
    let back = back_here(&anchor);
    let error = move || {
        action.value().with(|v| match v {
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        })
    };
    let button = move |reaction: Reaction, in_menu: bool| {
        let pressed = move || reactions.with(|r| r.has(reaction));
        let count = move || reactions.with(|r| r.count(reaction));
        let label = move || {
            let n = count();
            let people = if n == 1 { "person" } else { "people" };
            format!("{}: {n} {people}", reaction.label())
        };
        let classes = move || {
            let base = "inline-flex min-h-9 items-center gap-1 rounded-full border px-2.5 py-1 text-sm font-semibold tabular-nums transition";
            if pressed() {
                format!(
                    "{base} border-sparkle-400 bg-sparkle-100 text-sparkle-900 shadow-sm dark:border-sparkle-500 dark:bg-sparkle-900/60 dark:text-sparkle-50"
                )
            } else {
                format!(
                    "{base} border-line bg-surface text-ink hover:-translate-y-0.5 hover:border-sparkle-300"
                )
            }
        };
        if !can_react {
            return view! {
                <span class=classes title=label>
                    <span aria-hidden="true">{reaction.emoji()}</span>
                    <span class="sr-only">{label}</span>
                    <span aria-hidden="true">{count}</span>
                </span>
            }
            .into_any();
        }
        view! {
            <ActionForm action=action attr:class="contents">
                <input type="hidden" name="target" value=target.kind()/>
                <input type="hidden" name="id" value=target.id().to_string()/>
                <input type="hidden" name="reaction" value=reaction.as_str()/>
                <input type="hidden" name="on" value=move || (!pressed()).to_string()/>
                <input type="hidden" name="back" value=move || back.get()/>
                <button type="submit" class=classes aria-pressed=move || pressed().to_string()
                    title=reaction.label() data-reaction=reaction.as_str()>
                    <span aria-hidden="true">{reaction.emoji()}</span>
                    <span class="sr-only">{reaction.label()}</span>
                    {move || (count() > 0 || in_menu).then(|| view! { <span>{count}</span> })}
                </button>
            </ActionForm>
        }
        .into_any()
    };
    let used = move || {
        reactions.with(|r| {
            Reaction::STANDARD
                .into_iter()
                .filter(|k| r.count(*k) > 0)
                .collect::<Vec<_>>()
        })
    };
    let total = move || reactions.with(Reactions::total);
    view! {
        <div class="flex flex-wrap items-center gap-1.5" role="group" aria-label="Reactions">
            {if compact {
                view! {
                    {move || used().into_iter().map(|r| button(r, false)).collect_view()}
                    {can_react.then(|| view! {
                        <details class="reaction-picker relative">
                            <summary class="inline-flex min-h-9 cursor-pointer list-none items-center gap-1 rounded-full px-2.5 py-1 text-sm font-semibold text-muted hover:bg-sparkle-500/10 hover:text-ink">
                                <span aria-hidden="true">"☺+"</span>" React"
                            </summary>
                            <div class="absolute left-0 z-30 mt-1 flex w-max max-w-[18rem] flex-wrap gap-1 rounded-2xl border border-line bg-surface p-2 shadow-xl animate-drop-in">
                                {Reaction::STANDARD.into_iter().map(|r| button(r, true)).collect_view()}
                            </div>
                        </details>
                    })}
                }
                .into_any()
            } else {
                Reaction::STANDARD.into_iter().map(|r| button(r, false)).collect_view().into_any()
            }}
            {who_href.map(|href| if compact {
                view! {
                    <a href=href aria-label="Who reacted" class="px-1 text-xs font-semibold text-muted underline-offset-2 hover:text-ink hover:underline">"who?"</a>
                }.into_any()
            } else {
                view! {
                    <a href=href class="ml-1 text-sm font-semibold text-muted underline-offset-2 hover:text-ink hover:underline">
                        {move || match total() {
                            0 => "No reactions yet".to_owned(),
                            1 => "1 reaction · who?".to_owned(),
                            n => format!("{n} reactions · who?"),
                        }}
                    </a>
                }.into_any()
            })}
            <p role="alert" class="w-full text-sm font-medium text-red-700 empty:hidden dark:text-red-300">{error}</p>
        </div>
    }
}
