//! Autosave for the editor: a couple of seconds after the writer stops
//! typing, the whole form is kept on the server; every change is also kept
//! in this browser first, so nothing typed is lost to a network error, a
//! closed tab or a reload. The status line says which it is.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Where the writer's latest changes are (only the browser changes it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum SaveState {
    /// Nothing typed since the page opened.
    Idle,
    /// Typed; the server gets it when the writer pauses.
    Pending,
    Saving,
    Saved(DateTime<Utc>),
    /// The server could not be reached; the changes are in this browser.
    Offline,
    /// Someone else saved a newer version; the writer's changes are kept.
    Conflict {
        editor: Option<String>,
        version: i32,
    },
}

impl SaveState {
    fn label(&self) -> String {
        match self {
            Self::Idle => String::new(),
            Self::Pending => "Changes not saved yet".into(),
            Self::Saving => "Saving…".into(),
            Self::Saved(_) => "Saved".into(),
            Self::Offline => "Offline — kept on this device".into(),
            Self::Conflict { editor, version } => format!(
                "{} saved a newer version ({version}) after you opened this. Your changes are kept here: open the history to compare before you save.",
                editor
                    .as_deref()
                    .map_or_else(|| "Someone".to_owned(), |e| format!("@{e}"))
            ),
        }
    }
}

/// The status line; hydrated, it also does the saving. `key` is the post
/// id or the new post's draft key; `new_post` says the address should
/// carry the key so a reload finds the draft.
#[component]
pub fn AutosaveStatus(key: String, new_post: bool, history: Option<String>) -> impl IntoView {
    let state = RwSignal::new(SaveState::Idle);
    let node = NodeRef::<leptos::html::Span>::new();
    #[cfg(feature = "hydrate")]
    client::wire(node, state, key, new_post);
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, new_post);
    let conflict = move || matches!(state.get(), SaveState::Conflict { .. });
    view! {
        <span class="flex flex-wrap items-center gap-2 text-sm">
            <span node_ref=node role="status" aria-live="polite" data-autosave=move || format!("{:?}", state.get()).split(['(', ' ', '{']).next().unwrap_or_default().to_lowercase()
                class=move || match state.get() {
                    SaveState::Offline | SaveState::Conflict { .. } => "font-semibold text-amber-700 dark:text-amber-300",
                    SaveState::Saved(_) => "text-emerald-700 dark:text-emerald-300",
                    _ => "text-muted",
                }>
                {move || state.get().label()}
            </span>
            {move || conflict().then(|| history.clone().map(|href| view! { <a href=href class="font-semibold underline">"Open the history"</a> }))}
        </span>
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use gloo::events::EventListener;
    use gloo::timers::callback::Timeout;
    use leptos::form::FromFormData;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;

    use super::SaveState;
    use crate::error::AppError;
    use crate::features::posts::api::{AutosavePost, autosave_post};

    /// Quiet time before the server gets the changes.
    const PAUSE_MS: u32 = 2_000;

    /// The local copy: the form as the server function takes it, and whether
    /// the server has it yet.
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Local {
        form: crate::features::posts::types::PostForm,
        unsaved: bool,
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn storage_key(key: &str) -> String {
        format!("sparkle.editor.{key}")
    }

    /// The unsaved local copy of a draft, if this browser has one.
    pub fn unsaved_copy(key: &str) -> Option<crate::features::posts::types::PostForm> {
        let raw = storage()?.get_item(&storage_key(key)).ok()??;
        let local: Local = serde_json::from_str(&raw).ok()?;
        local.unsaved.then_some(local.form)
    }

    /// Everything the saving needs (all handles, so it is `Copy`).
    #[derive(Clone, Copy)]
    struct Ctx {
        node: NodeRef<leptos::html::Span>,
        state: RwSignal<SaveState>,
        timer: StoredValue<Option<Timeout>, LocalStorage>,
        retry_ms: StoredValue<u32>,
        key: StoredValue<String>,
        new_post: bool,
    }

    /// The form as the server function takes it.
    fn read(ctx: Ctx) -> Option<AutosavePost> {
        let form = ctx
            .node
            .get_untracked()?
            .closest("form")
            .ok()??
            .dyn_into::<web_sys::HtmlFormElement>()
            .ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        AutosavePost::from_form_data(&data).ok()
    }

    fn keep_locally(ctx: Ctx, form: &crate::features::posts::types::PostForm, unsaved: bool) {
        let local = Local {
            form: form.clone(),
            unsaved,
        };
        if let (Some(storage), Ok(raw)) = (storage(), serde_json::to_string(&local)) {
            let _ = storage.set_item(&storage_key(&ctx.key.get_value()), &raw);
        }
    }

    fn later(ctx: Ctx, wait: u32) {
        ctx.timer
            .set_value(Some(Timeout::new(wait, move || save(ctx))));
    }

    fn save(ctx: Ctx) {
        let Some(args) = read(ctx) else {
            return;
        };
        ctx.state.set(SaveState::Saving);
        let sent = args.form;
        leptos::task::spawn_local(async move {
            match autosave_post(sent.clone()).await {
                Ok(outcome) => {
                    ctx.retry_ms.set_value(PAUSE_MS);
                    // The copy here is saved unless the writer typed on meanwhile.
                    if read(ctx).is_some_and(|now| now.form == sent) {
                        keep_locally(ctx, &sent, false);
                    }
                    if ctx.new_post
                        && let Some(window) = web_sys::window()
                        && let Ok(history) = window.history()
                    {
                        // A reload of this address brings the draft back.
                        let address =
                            format!("{}?draft={}", crate::routes::WRITE, ctx.key.get_value());
                        let _ = history.replace_state_with_url(
                            &leptos::wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&address),
                        );
                    }
                    ctx.state.set(match outcome.conflict {
                        Some(conflict) => SaveState::Conflict {
                            editor: conflict.editor,
                            version: conflict.version,
                        },
                        None => SaveState::Saved(outcome.saved_at),
                    });
                }
                Err(AppError::Validation { .. } | AppError::Forbidden | AppError::NotFound) => {
                    ctx.state.set(SaveState::Pending);
                }
                Err(_) => {
                    // Kept here; try again, less often each time.
                    ctx.state.set(SaveState::Offline);
                    let wait = ctx.retry_ms.get_value();
                    ctx.retry_ms.set_value((wait * 2).min(60_000));
                    later(ctx, wait);
                }
            }
        });
    }

    fn changed(ctx: Ctx) {
        if let Some(args) = read(ctx) {
            keep_locally(ctx, &args.form, true);
        }
        if !matches!(
            ctx.state.get_untracked(),
            SaveState::Conflict { .. } | SaveState::Offline
        ) {
            ctx.state.set(SaveState::Pending);
        }
        later(ctx, PAUSE_MS);
    }

    pub fn wire(
        node: NodeRef<leptos::html::Span>,
        state: RwSignal<SaveState>,
        key: String,
        new_post: bool,
    ) {
        let ctx = Ctx {
            node,
            state,
            timer: StoredValue::new_local(None),
            retry_ms: StoredValue::new(PAUSE_MS),
            key: StoredValue::new(key),
            new_post,
        };
        let listeners = StoredValue::new_local(Vec::<EventListener>::new());
        Effect::new(move |_| {
            let Some(span) = node.get() else {
                return;
            };
            let Some(form) = span.closest("form").ok().flatten() else {
                return;
            };
            let mut all = Vec::new();
            for event in ["input", "change", "sparkle-change"] {
                all.push(EventListener::new(&form, event, move |ev| {
                    // The cover's file input uploads on its own.
                    let file = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        .is_some_and(|input| input.type_() == "file");
                    if !file {
                        changed(ctx);
                    }
                }));
            }
            if let Some(window) = web_sys::window() {
                all.push(EventListener::new(&window, "online", move |_| {
                    if matches!(ctx.state.get_untracked(), SaveState::Offline) {
                        save(ctx);
                    }
                }));
            }
            listeners.set_value(all);
            // A copy this browser kept but the server never got: send it now.
            if unsaved_copy(&ctx.key.get_value()).is_some() {
                changed(ctx);
            }
        });
        on_cleanup(move || {
            ctx.timer.set_value(None);
            listeners.set_value(Vec::new());
        });
    }
}

#[cfg(feature = "hydrate")]
pub use client::unsaved_copy;
