//! The post page's "Save" (bookmark) and "Share" menus. Both are
//! `<details>` disclosures holding plain forms and links, so they work
//! without JavaScript; hydrated, saving happens in place, and sharing adds
//! "Copy link" and the device's own share sheet where there is one.

use leptos::prelude::*;

use super::encode;
use crate::features::accounts::components::{action_error, field_errors};
use crate::features::bookmarks::api::{RemoveBookmark, SaveBookmark};
use crate::features::bookmarks::types::BookmarkState;
use crate::routes;

/// The page's path, to come back to after a plain form post.
fn here(anchor: &'static str) -> Signal<String> {
    let back = format!("{}#{anchor}", crate::request::page_path());
    Signal::derive(move || back.clone())
}

/// "Save": bookmark the post into a folder, with a note and tags.
#[island]
pub fn BookmarkMenu(state: BookmarkState) -> impl IntoView {
    crate::hydration::keep_typed();
    let save = ServerAction::<SaveBookmark>::new();
    let remove = ServerAction::<RemoveBookmark>::new();
    let saved = RwSignal::new(state.saved.is_some());
    let menu = NodeRef::<leptos::html::Details>::new();
    // Closes the menu (effects run in the browser only).
    let close = move || {
        if let Some(menu) = menu.get_untracked() {
            let _ = menu.remove_attribute("open");
        }
    };
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            saved.set(true);
            close();
        }
    });
    Effect::new(move |_| {
        if matches!(remove.value().get(), Some(Ok(()))) {
            saved.set(false);
            close();
        }
    });
    let error = action_error(save);
    let back = here("bookmark");
    let post_id = state.post_id.to_string();
    let remove_id = post_id.clone();
    let (folder, notes, tags) = state
        .saved
        .as_ref()
        .map(|s| {
            (
                s.folder_id,
                s.notes.clone().unwrap_or_default(),
                s.tags.join(", "),
            )
        })
        .unwrap_or_default();
    let notes = RwSignal::new(notes);
    let tags = RwSignal::new(tags);
    let notes_errors = field_errors(error, "notes");
    let tags_errors = field_errors(error, "tags");
    let folder_errors = field_errors(error, "folder");
    view! {
        <details id="bookmark" class="action-menu" node_ref=menu>
            <summary class="action-chip" class:action-chip-on=move || saved.get()>
                <span aria-hidden="true">"🔖"</span>
                {move || if saved.get() { "Saved" } else { "Save" }}
            </summary>
            <div class="action-panel" role="group" aria-label="Bookmark this post">
                <ActionForm action=save attr:class="flex flex-col gap-3" attr:novalidate=true>
                    <input type="hidden" name="post_id" value=post_id.clone()/>
                    <input type="hidden" name="back" value=move || back.get()/>
                    <label class="flex flex-col gap-1 text-sm font-semibold">
                        "Folder"
                        <select name="folder" class="field-input" aria-invalid=move || (!folder_errors.get().is_empty()).to_string()>
                            <option value="" selected=folder.is_none()>"No folder"</option>
                            {state.folders.iter().map(|f| {
                                let selected = folder == Some(f.id);
                                view! { <option value=f.id.to_string() selected=selected>{f.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                        <span class="text-xs font-medium text-red-700 dark:text-red-300">{move || folder_errors.get().join(" ")}</span>
                    </label>
                    <label class="flex flex-col gap-1 text-sm font-semibold">
                        "Note"
                        <textarea name="notes" rows="3" maxlength="1000" class="field-input"
                            placeholder="Why you saved it (only you see this)"
                            aria-invalid=move || (!notes_errors.get().is_empty()).to_string()
                            prop:value=move || notes.get()
                            on:input=move |ev| notes.set(event_target_value(&ev))>{notes.get_untracked()}</textarea>
                        <span class="text-xs font-medium text-red-700 dark:text-red-300">{move || notes_errors.get().join(" ")}</span>
                    </label>
                    <label class="flex flex-col gap-1 text-sm font-semibold">
                        "Tags"
                        <input name="tags" class="field-input" placeholder="lore, theories" value=tags.get_untracked()
                            aria-invalid=move || (!tags_errors.get().is_empty()).to_string()
                            prop:value=move || tags.get() on:input=move |ev| tags.set(event_target_value(&ev))/>
                        <span class="text-xs font-normal text-muted">"Separate them with commas."</span>
                        <span class="text-xs font-medium text-red-700 dark:text-red-300">{move || tags_errors.get().join(" ")}</span>
                    </label>
                    <button type="submit" class="btn bg-gradient-to-r from-sparkle-600 to-violet-600 text-white"
                        disabled=move || save.pending().get()>
                        {move || if saved.get() { "Update bookmark" } else { "Save to bookmarks" }}
                    </button>
                </ActionForm>
                {move || saved.get().then(|| {
                    let post_id = remove_id.clone();
                    view! {
                    <ActionForm action=remove attr:class="mt-2">
                        <input type="hidden" name="post_id" value=post_id/>
                        <input type="hidden" name="back" value=move || back.get()/>
                        <button type="submit" class="btn w-full text-red-700 hover:bg-red-500/10 dark:text-red-300">"Remove bookmark"</button>
                    </ActionForm>
                    }
                })}
                <a href=routes::BOOKMARKS class="mt-2 block text-center text-sm font-semibold text-sparkle-700 underline dark:text-sparkle-300">"Your bookmarks and folders →"</a>
            </div>
        </details>
    }
}

/// "Share": the post's address to copy, the device's share sheet when it
/// has one, and links to share it elsewhere.
#[island]
pub fn ShareMenu(url: String, title: String) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let native = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| native.set(can_share()));
    let encoded_url = encode(&url);
    let encoded_title = encode(&title);
    let copy = {
        let url = url.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            {
                let url = url.clone();
                leptos::task::spawn_local(async move {
                    copied.set(Some(if copy_text(&url).await {
                        "Link copied ✓"
                    } else {
                        "Couldn't copy: select the link above and copy it."
                    }));
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &url;
        }
    };
    let share = {
        let (url, title) = (url.clone(), title.clone());
        move |_| {
            #[cfg(feature = "hydrate")]
            share_natively(&url, &title);
            #[cfg(not(feature = "hydrate"))]
            let _ = (&url, &title);
        }
    };
    view! {
        <details id="share" class="action-menu">
            <summary class="action-chip"><span aria-hidden="true">"↗"</span>"Share"</summary>
            <div class="action-panel" role="group" aria-label="Share this post">
                <label class="flex flex-col gap-1 text-sm font-semibold">
                    "Link to this post"
                    <input type="url" readonly=true value=url.clone() class="field-input" on:focus=move |ev| {
                        #[cfg(feature = "hydrate")]
                        {
                            use leptos::wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        }
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }/>
                </label>
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="button" class="btn border border-line bg-surface text-ink hover:border-sparkle-400" on:click=copy>"Copy link"</button>
                    {move || native.get().then(|| view! {
                        <button type="button" class="btn border border-line bg-surface text-ink hover:border-sparkle-400" on:click=share.clone()>"Share…"</button>
                    })}
                </div>
                <p role="status" class="mt-2 min-h-5 text-sm font-semibold text-emerald-700 dark:text-emerald-300">{move || copied.get()}</p>
                <ul class="mt-2 flex flex-col gap-1 text-sm">
                    <li><a class="share-link" rel="noopener noreferrer" target="_blank"
                        href=format!("https://twitter.com/intent/tweet?url={encoded_url}&text={encoded_title}")>"Post on X"</a></li>
                    <li><a class="share-link" rel="noopener noreferrer" target="_blank"
                        href=format!("https://www.reddit.com/submit?url={encoded_url}&title={encoded_title}")>"Share on Reddit"</a></li>
                    <li><a class="share-link" rel="noopener noreferrer" target="_blank"
                        href=format!("https://www.facebook.com/sharer/sharer.php?u={encoded_url}")>"Share on Facebook"</a></li>
                    <li><a class="share-link" href=format!("mailto:?subject={encoded_title}&body={encoded_url}")>"Send by email"</a></li>
                </ul>
            </div>
        </details>
    }
}

#[cfg(feature = "hydrate")]
fn can_share() -> bool {
    let navigator = leptos::prelude::window().navigator();
    js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false)
}

#[cfg(feature = "hydrate")]
async fn copy_text(text: &str) -> bool {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

#[cfg(feature = "hydrate")]
fn share_natively(url: &str, title: &str) {
    let data = leptos::web_sys::ShareData::new();
    data.set_url(url);
    data.set_title(title);
    // The promise rejects when the person closes the sheet; nothing to do.
    let _ = leptos::prelude::window().navigator().share_with_data(&data);
}

#[cfg(test)]
mod tests {
    #[test]
    fn share_links_encode_the_address_and_title() {
        assert_eq!(
            super::super::encode("https://x.test/p/a b?c=1&d"),
            "https%3A%2F%2Fx.test%2Fp%2Fa%20b%3Fc%3D1%26d"
        );
    }
}
