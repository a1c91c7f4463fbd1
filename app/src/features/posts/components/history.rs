//! `/write/{id}/history`: every revision of a post, a readable diff between
//! any two (chosen with a plain GET form), and restore.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::features::accounts::components::{FormAlert, Notice, action_error};
use crate::features::posts::api::{RestoreRevision, get_revisions};
use crate::features::posts::types::{DiffLine, Revisions};
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{ButtonVariant, Card};

#[component]
pub fn PostHistoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let (id, from, to) = {
        let q = query.read_untracked();
        (
            params.read_untracked().get("id").unwrap_or_default(),
            q.get("from").and_then(|v| v.parse().ok()),
            q.get("to").and_then(|v| v.parse().ok()),
        )
    };
    view! {
        <Title text="Revision history"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match get_revisions(id, from, to).await {
                    Ok(revisions) => view! { <History revisions/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn History(revisions: Revisions) -> impl IntoView {
    let restore = ServerAction::<RestoreRevision>::new();
    let error = action_error(restore);
    let query = use_query_map();
    let restored = move || query.read().get("restored");
    let id = revisions.post_id.to_string();
    let (from, to) = (revisions.from, revisions.to);
    let changes = revisions
        .diff
        .iter()
        .filter(|l| matches!(l, DiffLine::Added(_) | DiffLine::Removed(_)))
        .count();
    view! {
        <div class="mx-auto flex max-w-5xl flex-col gap-6 py-8 sm:py-10">
            <header class="flex flex-col gap-1">
                <h1 class="font-display text-3xl font-extrabold tracking-tight"><span class="text-gradient">"Revision history"</span></h1>
                <p class="text-muted">
                    <a href=routes::post(&revisions.slug) class="font-semibold underline">{revisions.title.clone()}</a>
                    " · now at version "{revisions.current_version}" · "
                    <a href=routes::edit_post(&id) class="font-semibold underline">"Edit"</a>
                </p>
            </header>
            {move || restored().map(|v| view! { <Notice>"Revision "{v}" restored as a new version."</Notice> })}
            <FormAlert error/>
            <div class="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
                <Card>
                    <form method="get" class="flex flex-col gap-3" aria-label="Compare revisions">
                        <table class="w-full text-sm">
                            <caption class="mb-2 text-left font-display text-lg font-bold">"Versions"</caption>
                            <thead>
                                <tr class="text-left text-xs uppercase tracking-wide text-muted">
                                    <th scope="col">"From"</th><th scope="col">"To"</th><th scope="col">"Version"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {revisions.revisions.iter().map(|r| view! {
                                    <tr class="border-t border-line align-top">
                                        <td class="py-2"><input type="radio" name="from" value=r.version checked=r.version == from
                                            aria-label=format!("Compare from version {}", r.version) class="accent-sparkle-600"/></td>
                                        <td class="py-2"><input type="radio" name="to" value=r.version checked=r.version == to
                                            aria-label=format!("Compare to version {}", r.version) class="accent-sparkle-600"/></td>
                                        <td class="py-2">
                                            <p class="font-semibold">{r.version}{r.is_published.then_some(" · published")}</p>
                                            <p class="text-xs text-muted"><time datetime=r.created_at.to_rfc3339()>{r.created_label.clone()}</time>
                                                {r.editor.clone().map(|e| format!(" · @{e}"))}</p>
                                            {r.change_note.clone().map(|n| view! { <p class="text-xs italic">{n}</p> })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <button type="submit" class=ButtonVariant::Secondary.classes()>"Compare"</button>
                    </form>
                </Card>
                <section aria-labelledby="diff-heading" class="card min-w-0 p-0">
                    <div class="flex flex-wrap items-center justify-between gap-3 border-b border-line p-4">
                        <h2 id="diff-heading" class="font-display text-lg font-bold">"Version "{from}" → "{to}</h2>
                        <p class="text-sm text-muted">{changes}" changed lines"</p>
                        {(from != revisions.current_version).then(|| view! {
                            <ActionForm action=restore>
                                <input type="hidden" name="id" value=id.clone()/>
                                <input type="hidden" name="version" value=from/>
                                <button type="submit" class=ButtonVariant::Primary.classes()>"Restore version "{from}</button>
                            </ActionForm>
                        })}
                    </div>
                    <div class="overflow-x-auto py-2" role="list" aria-label="Differences">
                        {revisions.diff.into_iter().map(|line| match line {
                            DiffLine::Same(text) => view! { <p role="listitem" class="diff-line">" "{text}</p> }.into_any(),
                            DiffLine::Added(text) => view! { <p role="listitem" class="diff-line diff-added"><span class="sr-only">"Added: "</span>"+ "{text}</p> }.into_any(),
                            DiffLine::Removed(text) => view! { <p role="listitem" class="diff-line diff-removed"><span class="sr-only">"Removed: "</span>"− "{text}</p> }.into_any(),
                            DiffLine::Skipped(n) => view! { <p role="listitem" class="px-3 py-1 text-center text-xs text-muted">"… "{n}" unchanged lines …"</p> }.into_any(),
                        }).collect_view()}
                    </div>
                </section>
            </div>
        </div>
    }
}
