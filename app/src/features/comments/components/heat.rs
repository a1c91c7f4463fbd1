//! The timeline heat strip above the comments of a post with a video: one
//! bar per stretch of the video, as tall as the talk about it. Each bar is
//! a link to the thread filtered to that stretch with the player started
//! there; hovering or focusing one previews its top comment; hydrated, a
//! click also seeks the player in place.

use leptos::prelude::*;

use crate::features::comments::types::{Heat, moment_label};

#[component]
pub fn HeatStrip(heat: Heat, current: Option<(u32, u32)>) -> impl IntoView {
    if heat.total == 0 {
        return view! {
            <p class="rounded-2xl border border-dashed border-line px-4 py-3 text-sm text-muted">
                "No moments yet: add one (like 1:23) to a comment and it lights up the video's timeline here."
            </p>
        }
        .into_any();
    }
    let span = heat.span;
    view! {
        <figure class="flex flex-col gap-1" aria-labelledby="heat-caption">
            <figcaption id="heat-caption" class="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span class="font-semibold">"Where the talk is"</span>
                <span class="text-muted">{heat.total}" comments point into the video · pick a stretch"</span>
            </figcaption>
            <nav aria-label="Moments of the video" class="heat-strip">
                {heat.bins.into_iter().map(|bin| {
                    let level = match bin.heat {
                        0 if bin.count == 0 => 0,
                        0..=20 => 1,
                        21..=40 => 2,
                        41..=60 => 3,
                        61..=80 => 4,
                        _ => 5,
                    };
                    let range = format!("{}–{}", moment_label(bin.from), moment_label(bin.to));
                    let label = match (bin.count, &bin.top_comment) {
                        (0, _) => format!("{range}: no comments"),
                        (1, Some(top)) => format!("{range}: 1 comment: {top}"),
                        (n, Some(top)) => format!("{range}: {n} comments. Top: {top}"),
                        (n, None) => format!("{range}: {n} comments"),
                    };
                    let here = current == Some((bin.from, bin.to));
                    view! {
                        <a class="heat-bin" href=format!("?at={}-{}&t={}#comments", bin.from, bin.to, bin.from)
                            data-seek=bin.from.to_string() aria-label=label aria-current=here.then_some("true")>
                            <span class=format!("heat-bar heat-{level}") aria-hidden="true"></span>
                            {(bin.count > 0).then(|| view! {
                                <span class="heat-tip" aria-hidden="true">
                                    <strong class="block tabular-nums">{range.clone()}" · "{bin.count}{if bin.count == 1 { " comment" } else { " comments" }}</strong>
                                    {bin.top_comment.clone().map(|t| view! { <span class="mt-1 block">"“"{t}"”"</span> })}
                                    {bin.top_author.clone().map(|a| view! { <span class="mt-0.5 block text-muted">"@"{a}</span> })}
                                </span>
                            })}
                        </a>
                    }
                }).collect_view()}
            </nav>
            <div class="flex justify-between text-xs tabular-nums text-muted" aria-hidden="true">
                <span>"0:00"</span><span>{moment_label(span / 2)}</span><span>{moment_label(span)}</span>
            </div>
        </figure>
    }
    .into_any()
}
