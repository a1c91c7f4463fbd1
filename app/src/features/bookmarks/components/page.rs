//! `/bookmarks` (the caller's saved posts, by folder and tag, with folders
//! to create, rename, recolour, open or close and delete) and a public
//! folder's page `/u/{username}/bookmarks/{id}`. Every control is a link or
//! a plain form.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::features::accounts::components::{FormAlert, action_error, field_errors};
use crate::features::bookmarks::api::{
    DeleteBookmarkFolder, RemoveBookmark, SaveBookmarkFolder, get_bookmarks, get_public_folder,
};
use crate::features::bookmarks::types::{BookmarksPage as Page, Folder, FolderColor, Saved};
use crate::features::posts::components::PostCardView;
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Skeleton, TextField};

#[component]
pub fn BookmarksPage() -> impl IntoView {
    let query = use_query_map();
    let folder_saved = ServerAction::<SaveBookmarkFolder>::new();
    let folder_deleted = ServerAction::<DeleteBookmarkFolder>::new();
    let removed = ServerAction::<RemoveBookmark>::new();
    let (folder, tag, after) = {
        let q = query.read_untracked();
        (q.get("folder"), q.get("tag"), q.get("after"))
    };
    view! {
        <Title text="Bookmarks"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading your bookmarks"/></div> }>
            {Suspend::new(async move {
                match get_bookmarks(folder, tag, after).await {
                    Ok(data) => view! { <Shelf data folder_saved folder_deleted removed/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn folder_href(folder: Option<&Folder>) -> String {
    match folder {
        Some(f) => format!("{}?folder={}", routes::BOOKMARKS, f.id),
        None => routes::BOOKMARKS.to_owned(),
    }
}

#[component]
fn Shelf(
    data: Page,
    folder_saved: ServerAction<SaveBookmarkFolder>,
    folder_deleted: ServerAction<DeleteBookmarkFolder>,
    removed: ServerAction<RemoveBookmark>,
) -> impl IntoView {
    let Page {
        folders,
        folder,
        tag,
        tags,
        items,
        total,
        next_cursor,
    } = data;
    let current = folder.as_ref().map(|f| f.id);
    let heading = folder
        .as_ref()
        .map(|f| f.name.clone())
        .unwrap_or_else(|| "All bookmarks".to_owned());
    let base = folder_href(folder.as_ref());
    let tag_href = {
        let base = base.clone();
        move |t: &str| {
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}tag={}", super::encode(t))
        }
    };
    let next_href = next_cursor.map(|after| {
        let sep = if base.contains('?') { '&' } else { '?' };
        let tag = tag
            .as_ref()
            .map(|t| format!("&tag={}", super::encode(t)))
            .unwrap_or_default();
        format!("{base}{sep}after={after}{tag}")
    });
    let empty = items.is_empty();
    view! {
        <div class="mx-auto flex max-w-6xl flex-col gap-6 py-8 sm:py-12">
            <h1 class="font-display text-3xl font-extrabold sm:text-4xl"><span class="text-gradient">"Bookmarks"</span></h1>
            <div class="grid gap-6 lg:grid-cols-[16rem_1fr]">
                <aside class="flex flex-col gap-4">
                    <nav aria-label="Folders" class="card flex flex-col gap-1 p-3">
                        <a href=routes::BOOKMARKS class="folder-link" aria-current=current.is_none().then_some("page")>
                            <span class="folder-dot" data-color="all" aria-hidden="true"></span>
                            <span class="flex-1">"All bookmarks"</span>
                            <span class="tabular-nums text-muted">{total}</span>
                        </a>
                        {folders.iter().map(|f| {
                            let href = folder_href(Some(f));
                            view! {
                                <a href=href class="folder-link" aria-current=(current == Some(f.id)).then_some("page")>
                                    <span class="folder-dot" data-color=f.color.as_str() aria-hidden="true"></span>
                                    <span class="flex-1 truncate">{f.name.clone()}</span>
                                    {f.is_public.then(|| view! { <span class="sr-only">"(public)"</span><span aria-hidden="true" title="Public">"🌐"</span> })}
                                    <span class="tabular-nums text-muted">{f.count}</span>
                                </a>
                            }
                        }).collect_view()}
                    </nav>
                    <details class="card p-4">
                        <summary class="cursor-pointer font-semibold">"+ New folder"</summary>
                        <FolderForm action=folder_saved folder=None/>
                    </details>
                    {(!tags.is_empty()).then(|| view! {
                        <nav aria-label="Tags" class="flex flex-wrap gap-2">
                            {tags.iter().map(|(t, n)| {
                                let on = tag.as_deref() == Some(t.as_str());
                                view! {
                                    <a href=tag_href(t) class="tag-chip" aria-current=on.then_some("page")>
                                        "#"{t.clone()}" "<span class="text-muted">{*n}</span>
                                    </a>
                                }
                            }).collect_view()}
                        </nav>
                    })}
                </aside>
                <section aria-labelledby="shelf-heading" class="flex flex-col gap-4">
                    <div class="flex flex-wrap items-center justify-between gap-3">
                        <h2 id="shelf-heading" class="font-display text-2xl font-bold">
                            {heading}
                            {tag.clone().map(|t| view! { <span class="text-muted">" · #"{t}</span> })}
                        </h2>
                        {tag.is_some().then(|| view! { <a href=base.clone() class="text-sm font-semibold underline">"Show every tag"</a> })}
                    </div>
                    {folder.clone().map(|f| view! { <FolderHeader folder=f action=folder_saved deleted=folder_deleted/> })}
                    {empty.then(|| view! {
                        <p class="rounded-2xl border border-dashed border-line px-4 py-10 text-center text-muted">
                            "Nothing saved here yet. Use “🔖 Save” on any post to keep it for later."
                        </p>
                    })}
                    <ul class="flex flex-col gap-4">
                        {items.into_iter().map(|item| view! { <SavedItem item removed/> }).collect_view()}
                    </ul>
                    {next_href.map(|href| view! {
                        <a href=href rel="next" class="btn self-center border border-line bg-surface text-ink hover:border-sparkle-400">"More bookmarks"</a>
                    })}
                </section>
            </div>
        </div>
    }
}

#[component]
fn SavedItem(item: Saved, removed: ServerAction<RemoveBookmark>) -> impl IntoView {
    let post_id = item.post.id.to_string();
    let edit = format!("{}#bookmark", routes::post(&item.post.slug));
    view! {
        <li class="grid gap-3 md:grid-cols-[18rem_1fr]">
            <PostCardView card=item.post/>
            <div class="card flex flex-col gap-3 p-4">
                <p class="text-xs text-muted">"Saved " {item.saved_label}</p>
                {item.notes.map(|n| view! { <p class="whitespace-pre-line text-sm">{n}</p> })}
                {(!item.tags.is_empty()).then(|| view! {
                    <ul class="flex flex-wrap gap-1.5" aria-label="Tags">
                        {item.tags.into_iter().map(|t| view! {
                            <li><a href=format!("{}?tag={}", routes::BOOKMARKS, super::encode(&t)) class="tag-chip">"#"{t.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                })}
                <div class="mt-auto flex flex-wrap gap-2">
                    <a href=edit class="btn border border-line bg-surface text-sm text-ink hover:border-sparkle-400">"Edit note and folder"</a>
                    <ActionForm action=removed>
                        <input type="hidden" name="post_id" value=post_id/>
                        <input type="hidden" name="back" value=routes::BOOKMARKS/>
                        <button type="submit" class="btn text-sm text-red-700 hover:bg-red-500/10 dark:text-red-300">"Remove"</button>
                    </ActionForm>
                </div>
            </div>
        </li>
    }
}

#[component]
fn FolderHeader(
    folder: Folder,
    action: ServerAction<SaveBookmarkFolder>,
    deleted: ServerAction<DeleteBookmarkFolder>,
) -> impl IntoView {
    let id = folder.id.to_string();
    view! {
        <div class="card flex flex-col gap-3 p-4">
            {folder.description.clone().map(|d| view! { <p class="text-sm">{d}</p> })}
            <p class="text-sm text-muted">
                {if folder.is_public { "Public: anyone with the link can see this folder." } else { "Private: only you can see this folder." }}
            </p>
            <div class="flex flex-wrap gap-2">
                <details class="w-full">
                    <summary class="btn inline-flex border border-line bg-surface text-sm text-ink hover:border-sparkle-400">"Edit folder"</summary>
                    <FolderForm action folder=Some(folder.clone())/>
                </details>
                <ActionForm action=deleted>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="btn text-sm text-red-700 hover:bg-red-500/10 dark:text-red-300">"Delete folder (bookmarks stay)"</button>
                </ActionForm>
            </div>
        </div>
    }
}

/// Creates a folder (`folder` = None) or edits one.
#[component]
fn FolderForm(action: ServerAction<SaveBookmarkFolder>, folder: Option<Folder>) -> impl IntoView {
    let error = action_error(action);
    let prefix = folder
        .as_ref()
        .map(|f| format!("folder-{}", f.id.simple()))
        .unwrap_or_else(|| "folder-new".to_owned());
    let name = RwSignal::new(folder.as_ref().map(|f| f.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        folder
            .as_ref()
            .and_then(|f| f.description.clone())
            .unwrap_or_default(),
    );
    let color = folder.as_ref().map(|f| f.color).unwrap_or_default();
    let public = folder.as_ref().is_some_and(|f| f.is_public);
    let color_errors = field_errors(error, "color");
    view! {
        <ActionForm action attr:class="mt-3 flex flex-col gap-3" attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="id" value=folder.as_ref().map(|f| f.id.to_string()).unwrap_or_default()/>
            <TextField name="name" id=format!("{prefix}-name") label="Name" value=name errors=field_errors(error, "name") required=true/>
            <TextField name="description" id=format!("{prefix}-description") label="Description (optional)" value=description
                errors=field_errors(error, "description")/>
            <fieldset class="flex flex-col gap-2">
                <legend class="text-sm font-semibold">"Colour"</legend>
                <div class="flex flex-wrap gap-2">
                    {FolderColor::ALL.into_iter().map(|c| {
                        let id = format!("{prefix}-color-{}", c.as_str());
                        view! {
                            <label for=id.clone() class="color-choice">
                                <input id=id.clone() type="radio" name="color" value=c.as_str() checked=c == color class="sr-only peer"/>
                                <span class="folder-dot folder-dot-lg" data-color=c.as_str() aria-hidden="true"></span>
                                <span class="sr-only">{c.label()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <span class="text-sm font-medium text-red-700 dark:text-red-300">{move || color_errors.get().join(" ")}</span>
            </fieldset>
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="public" checked=public class="h-4 w-4 accent-sparkle-500"/>
                "Public: anyone with the link can see it"
            </label>
            <button type="submit" class="btn bg-gradient-to-r from-sparkle-600 to-violet-600 text-white" disabled=move || action.pending().get()>
                {if folder.is_some() { "Save folder" } else { "Create folder" }}
            </button>
        </ActionForm>
    }
}

/// `/u/{username}/bookmarks/{id}`: a public folder.
#[component]
pub fn PublicFolderPage() -> impl IntoView {
    let params = use_params_map();
    let (username, id) = {
        let p = params.read_untracked();
        (
            p.get("username").unwrap_or_default(),
            p.get("id").unwrap_or_default(),
        )
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match get_public_folder(username, id).await {
                    Ok(f) => view! {
                        <Title text=format!("{} · {}'s bookmarks", f.folder.name, f.owner_name)/>
                        <section class="mx-auto flex max-w-5xl flex-col gap-6 py-8 sm:py-12" aria-labelledby="folder-heading">
                            <div>
                                <p class="text-sm font-semibold text-muted">
                                    <a href=routes::profile(&f.owner_username) class="underline">{f.owner_name.clone()}</a>"'s bookmarks"
                                </p>
                                <h1 id="folder-heading" class="mt-1 flex items-center gap-3 font-display text-3xl font-extrabold sm:text-4xl">
                                    <span class="folder-dot folder-dot-lg" data-color=f.folder.color.as_str() aria-hidden="true"></span>
                                    {f.folder.name.clone()}
                                </h1>
                                {f.folder.description.clone().map(|d| view! { <p class="mt-2 text-muted">{d}</p> })}
                            </div>
                            {f.items.is_empty().then(|| view! { <p class="text-muted">"This folder is empty."</p> })}
                            <div class="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
                                {f.items.into_iter().map(|item| view! { <PostCardView card=item.post/> }).collect_view()}
                            </div>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
