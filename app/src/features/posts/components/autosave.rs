//! Autosave for the editor: a couple of seconds after the writer stops
//! typing, the whole form is kept on the server; every change is also kept
//! in this browser first, so nothing typed is lost to a network error, a
//! closed tab or a reload. The status line says which it is.

use leptos::prelude::*;

/// Where the writer's latest changes are (only the browser changes it).
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum SaveState {
    /// Nothing typed since the page opened.
    Idle,
    /// Typed; the server gets it when the writer pauses.
    Pending,
    Saving,
    Saved,
    /// The server could not be reached; the changes are in this browser.
    Offline,
    /// Someone else saved a newer version; the writer's changes are kept.
    Conflict {
        editor: Option<String>,
        version: i32,
    },
}

impl SaveState {
    /// For `data-autosave` (scripts and the tests).
    fn kind(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Pending => "pending",
            Self::Saving => "saving",
            Self::Saved => "saved",
            Self::Offline => "offline",
            Self::Conflict { .. } => "conflict",
        }
    }

    fn label(&self) -> String {
        match self {
            Self::Idle => String::new(),
            Self::Pending => "Changes not saved yet".into(),
            Self::Saving => "Saving…".into(),
            Self::Saved => "Saved".into(),
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

/// The status line, an island in its own WASM chunk that does the saving.
/// `key` is the post id or the new post's draft key; `new_post` says the
/// address should carry the key so a reload finds the draft. The editor
/// hydrates it when the form is first used (`hydration::WhenUsed`), and the
/// change that woke it is the first it keeps. (An unsaved copy this browser
/// kept is put back by the body field, which then wakes it to send it.)
#[island(lazy)]
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
            <span node_ref=node role="status" aria-live="polite" data-autosave=move || state.with(SaveState::kind)
                class=move || match state.get() {
                    SaveState::Offline | SaveState::Conflict { .. } => "font-semibold text-amber-700 dark:text-amber-300",
                    SaveState::Saved => "text-emerald-700 dark:text-emerald-300",
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
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use web_sys::{HtmlFormElement, HtmlInputElement, RequestInit, Response, UrlSearchParams};

    use super::SaveState;
    use crate::features::editor::local_copy;
    use crate::features::posts::api::AutosavePost;

    /// What the browser needs of the server's answer (`AutosaveOutcome`;
    /// the rest, times included, is left unread).
    #[derive(serde::Deserialize)]
    struct Kept {
        conflict: Option<Conflict>,
    }

    #[derive(serde::Deserialize)]
    struct Conflict {
        version: i32,
        editor: Option<String>,
    }

    /// Quiet time before the server gets the changes.
    const PAUSE_MS: u32 = 2_000;

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

    fn form_of(ctx: Ctx) -> Option<HtmlFormElement> {
        ctx.node
            .get_untracked()?
            .closest("form")
            .ok()??
            .dyn_into::<HtmlFormElement>()
            .ok()
    }

    /// The form as the browser would post it, URL-encoded (the cover's
    /// file uploads on its own).
    fn read(ctx: Ctx) -> Option<String> {
        let data = web_sys::FormData::new_with_form(&form_of(ctx)?).ok()?;
        let fields = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        fields.delete("cover_file");
        Some(String::from(fields.to_string()))
    }

    /// How the server answered.
    enum Answer {
        Kept(Kept),
        /// It will not take this form as it is (a field it refuses, or the
        /// post is no longer the writer's): saving waits for more typing.
        Refused,
        /// Not reached, or it failed: kept here, tried again later.
        Unreachable,
    }

    /// Sends the fields to `autosave_post` as the form would.
    async fn send(fields: String) -> Answer {
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&fields));
        let Ok(headers) = web_sys::Headers::new() else {
            return Answer::Unreachable;
        };
        let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
        let _ = headers.set("Accept", "application/json");
        init.set_headers(&headers);
        let path = <AutosavePost as server_fn::ServerFn>::PATH;
        let request = window().fetch_with_str_and_init(path, &init);
        let Ok(response) = wasm_bindgen_futures::JsFuture::from(request).await else {
            return Answer::Unreachable;
        };
        let Ok(response) = response.dyn_into::<Response>() else {
            return Answer::Unreachable;
        };
        match response.status() {
            200 => {}
            403 | 404 | 422 => return Answer::Refused,
            _ => return Answer::Unreachable,
        }
        let Ok(text) = response.text() else {
            return Answer::Unreachable;
        };
        match wasm_bindgen_futures::JsFuture::from(text).await {
            Ok(text) => text
                .as_string()
                .and_then(|t| serde_json::from_str(&t).ok())
                .map_or(Answer::Unreachable, Answer::Kept),
            Err(_) => Answer::Unreachable,
        }
    }

    fn later(ctx: Ctx, wait: u32) {
        ctx.timer
            .set_value(Some(Timeout::new(wait, move || save(ctx))));
    }

    /// Sends the form, as it is now, to the server.
    fn save(ctx: Ctx) {
        let Some(sent) = read(ctx) else {
            return;
        };
        ctx.state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            match send(sent.clone()).await {
                Answer::Kept(outcome) => {
                    ctx.retry_ms.set_value(PAUSE_MS);
                    // The copy here is saved unless the writer typed on meanwhile.
                    let key = ctx.key.get_value();
                    if local_copy::read(&key).is_some_and(|copy| copy.fields == sent) {
                        local_copy::write(&key, &sent, false);
                    }
                    if ctx.new_post
                        && let Ok(history) = window().history()
                    {
                        // A reload of this address brings the draft back.
                        let address = format!("{}?draft={key}", crate::routes::WRITE);
                        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
                    }
                    ctx.state.set(match outcome.conflict {
                        Some(conflict) => SaveState::Conflict {
                            editor: conflict.editor,
                            version: conflict.version,
                        },
                        None => SaveState::Saved,
                    });
                }
                Answer::Refused => ctx.state.set(SaveState::Pending),
                Answer::Unreachable => {
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
        if let Some(fields) = read(ctx) {
            local_copy::write(&ctx.key.get_value(), &fields, true);
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
            let Some(_) = node.get() else {
                return;
            };
            let Some(form) = form_of(ctx) else {
                return;
            };
            let mut all = Vec::new();
            for event in ["input", "change", "sparkle-change"] {
                all.push(EventListener::new(&form, event, move |ev| {
                    // The cover's file input uploads on its own.
                    let file = ev
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                        .is_some_and(|input| input.type_() == "file");
                    if !file {
                        changed(ctx);
                    }
                }));
            }
            all.push(EventListener::new(&window(), "online", move |_| {
                if matches!(ctx.state.get_untracked(), SaveState::Offline) {
                    save(ctx);
                }
            }));
            listeners.set_value(all);
        });
        on_cleanup(move || {
            ctx.timer.set_value(None);
            listeners.set_value(Vec::new());
        });
    }
}
