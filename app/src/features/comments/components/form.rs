//! The comment, reply and edit forms. Plain forms first: without
//! JavaScript they post and the server sends the browser back (a refused
//! one with the words kept and the message by the field); hydrated, the
//! same forms run in place and the comment appears at once.

use leptos::prelude::*;
use uuid::Uuid;

use super::player;
use super::store::{Open, Store};
use crate::error::AppError;
use crate::features::accounts::components::{action_error, field_errors};
use crate::features::comments::api::{EditComment, PostComment};
use crate::features::comments::types::{Comment, MAX_BODY_CHARS, moment_label};
use crate::features::reactions::components::back_here;
use crate::ui::{Button, ButtonVariant, TextArea};

/// The fields every comment form has: the words and, under a post with a
/// video, the moment it is about.
#[component]
fn Fields(
    store: Store,
    /// Distinguishes the ids of several forms on one page.
    #[prop(into)]
    key: String,
    #[prop(into)] label: String,
    body: RwSignal<String>,
    moment: RwSignal<String>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let moment_id = format!("moment-{key}");
    let moment_error_id = format!("{moment_id}-error");
    let moment_errors = field_errors(errors, "moment");
    let general = move || {
        errors.with(|e| match e {
            Some(AppError::Validation { .. }) | None => None,
            Some(other) => Some(other.to_string()),
        })
    };
    // The player's time can be taken only once the page's code runs.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <TextArea name="body" label=label value=body errors=field_errors(errors, "body")
            max=MAX_BODY_CHARS rows=3 id=format!("body-{key}")
            hint="**bold**, *italic*, `code`, links, @mentions and moments like 1:23 work."/>
        {store.has_video.then(|| view! {
            <div class="flex flex-wrap items-end gap-2">
                <div class="flex flex-col gap-1.5">
                    <label for=moment_id.clone() class="text-sm font-semibold text-ink">
                        "Moment of the video " <span class="font-normal text-muted">"(optional)"</span>
                    </label>
                    <input id=moment_id.clone() name="moment" inputmode="numeric" placeholder="1:23" autocomplete="off"
                        class="field-input w-28" value=moment.get_untracked() prop:value=move || moment.get()
                        on:input=move |ev| moment.set(event_target_value(&ev))
                        aria-invalid=move || (!moment_errors.get().is_empty()).to_string()
                        aria-describedby=moment_error_id.clone()/>
                </div>
                {move || live.get().then(|| view! {
                    <Button variant=ButtonVariant::Ghost class="text-sm"
                        on_click=Callback::new(move |()| {
                            if let Some(seconds) = player::current_time() {
                                moment.set(moment_label(seconds));
                            }
                        })>
                        "⏱ Use the player's time"
                    </Button>
                })}
                <ul id=moment_error_id class="w-full text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                    {move || moment_errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
            </div>
        })}
        <p role="alert" class="text-sm font-medium text-red-700 empty:hidden dark:text-red-300">{general}</p>
    }
}

/// The latest refusal of `action`, or the refused plain post's message
/// (`kept`) until the next try.
fn errors_of<S>(action: ServerAction<S>, kept: Option<AppError>) -> Signal<Option<AppError>>
where
    S: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let latest = action_error(action);
    Signal::derive(move || {
        latest.get().or_else(|| {
            (action.version().get() == 0)
                .then(|| kept.clone())
                .flatten()
        })
    })
}

/// A new comment (`parent` empty) or a reply.
#[component]
pub fn NewCommentForm(store: Store, parent: Option<Uuid>) -> impl IntoView {
    let action = ServerAction::<PostComment>::new();
    let draft = store.draft_for(parent, None);
    let body = RwSignal::new(draft.as_ref().map(|d| d.body.clone()).unwrap_or_default());
    let moment = RwSignal::new(draft.as_ref().map(|d| d.moment.clone()).unwrap_or_default());
    let errors = errors_of(action, draft.map(|d| d.error));
    Effect::new(move |_| {
        if let Some(Ok(comment)) = action.value().get() {
            let id = comment.id;
            store.insert(comment);
            body.set(String::new());
            moment.set(String::new());
            // Closing a reply form ends this effect's owner: last.
            store.open.set(None);
            focus_comment(id);
        }
    });
    let key = parent.map_or_else(|| "new".to_owned(), |p| p.simple().to_string());
    let anchor = parent.map_or_else(|| "comment-form".to_owned(), |p| format!("c-{p}"));
    let back = back_here(&anchor);
    let pending = action.pending();
    let label = if parent.is_some() {
        "Your reply"
    } else {
        "Add a comment"
    };
    view! {
        <ActionForm action=action attr:class="flex flex-col gap-3" attr:id=(parent.is_none()).then_some("comment-form")>
            <input type="hidden" name="post_id" value=store.post_id.to_string()/>
            <input type="hidden" name="parent_id" value=parent.map(|p| p.to_string()).unwrap_or_default()/>
            <input type="hidden" name="back" value=move || back.get()/>
            <Fields store key label body moment errors/>
            <div class="flex flex-wrap items-center gap-2">
                <Button kind="submit" disabled=pending>
                    {move || if pending.get() { "Posting…" } else if parent.is_some() { "Reply" } else { "Post comment" }}
                </Button>
                {parent.map(|_| view! { <CancelLink store/> })}
            </div>
        </ActionForm>
    }
}

/// The edit form of `comment`, in its place.
#[component]
pub fn EditCommentForm(store: Store, comment: Comment) -> impl IntoView {
    let action = ServerAction::<EditComment>::new();
    let draft = store.draft_for(None, Some(comment.id));
    let body = RwSignal::new(
        draft
            .as_ref()
            .map_or_else(|| comment.body.clone(), |d| d.body.clone()),
    );
    let moment = RwSignal::new(draft.as_ref().map_or_else(
        || comment.video_at.map(moment_label).unwrap_or_default(),
        |d| d.moment.clone(),
    ));
    let errors = errors_of(action, draft.map(|d| d.error));
    Effect::new(move |_| {
        if let Some(Ok(updated)) = action.value().get() {
            store.replace(updated);
            store.open.set(None);
        }
    });
    let back = back_here(&format!("c-{}", comment.id));
    let pending = action.pending();
    view! {
        <ActionForm action=action attr:class="flex flex-col gap-3">
            <input type="hidden" name="id" value=comment.id.to_string()/>
            <input type="hidden" name="back" value=move || back.get()/>
            <Fields store key=format!("edit-{}", comment.id.simple()) label="Edit your comment" body moment errors/>
            <div class="flex flex-wrap items-center gap-2">
                <Button kind="submit" disabled=pending>{move || if pending.get() { "Saving…" } else { "Save" }}</Button>
                <CancelLink store/>
            </div>
        </ActionForm>
    }
}

/// Closes the open reply or edit form (a link back to the page without it).
#[component]
fn CancelLink(store: Store) -> impl IntoView {
    let href = super::query_href(&[("reply", None), ("edit", None)]);
    view! {
        <a href=move || href.get() class="btn text-muted hover:bg-sparkle-500/10 hover:text-ink"
            on:click=move |ev| {
                ev.prevent_default();
                store.open.set(None);
            }>
            "Cancel"
        </a>
    }
}

/// The link that opens a comment's reply or edit form.
#[component]
pub fn OpenLink(store: Store, open: Open, children: Children) -> impl IntoView {
    let (key, id) = match open {
        Open::Reply(id) => ("reply", id),
        Open::Edit(id) => ("edit", id),
    };
    let other = if key == "reply" { "edit" } else { "reply" };
    let href = super::query_href(&[(key, Some(id.to_string())), (other, None)]);
    view! {
        <a href=move || format!("{}#c-{id}", href.get()) rel="nofollow"
            class="inline-flex min-h-9 items-center rounded-full px-2.5 text-sm font-semibold text-muted hover:bg-sparkle-500/10 hover:text-ink"
            aria-expanded=move || (store.open.get() == Some(open)).to_string()
            on:click=move |ev| {
                ev.prevent_default();
                store.open.update(|o| *o = if *o == Some(open) { None } else { Some(open) });
            }>
            {children()}
        </a>
    }
}

/// Moves the keyboard to a comment just added and brings it into view.
fn focus_comment(id: Uuid) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = leptos::prelude::document()
            .get_element_by_id(&format!("c-{id}"))
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
            el.scroll_into_view();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
