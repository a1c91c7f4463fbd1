//! `/write` and `/write/{id}`: the post editor, a form that works without
//! JavaScript. The body is Markdown in a text area, converted and checked on
//! the server; Preview renders it without saving. In the browser only the
//! parts that need it hydrate (lazy islands, each its own WASM chunk): the
//! body field becomes the rich editor, autosave keeps every change, and the
//! cover field, once the writer reaches for it, uploads a chosen picture at
//! once.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use send_wrapper::SendWrapper;

use super::autosave::AutosaveStatus;
use crate::error::AppError;
use crate::features::accounts::components::{FormAlert, Notice, action_error, field_errors};
use crate::features::editor::components::BodyEditor;
use crate::features::media::types::Image;
use crate::features::posts::api::{
    DiscardAutosave, SavePost, SetPostStatus, UploadCover, get_post_editor, upload_cover,
};
use crate::features::posts::types::{ContentStatus, ContentType, EditorData};
use crate::hydration::WhenUsed;
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{ButtonVariant, Card, TextArea, TextField};

/// A new post.
#[component]
pub fn NewPostPage() -> impl IntoView {
    view! { <EditorLoader id=Signal::stored(None)/> }
}

/// An existing post.
#[component]
pub fn EditPostPage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id"));
    view! { <EditorLoader id/> }
}

#[component]
fn EditorLoader(id: Signal<Option<String>>) -> impl IntoView {
    let query = use_query_map();
    let draft = query.read_untracked().get("draft");
    let id = id.get_untracked();
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match get_post_editor(id, draft).await {
                    Ok(data) => {
                        let heading = if data.post.is_some() { "Edit post" } else { "Write a post" };
                        view! {
                            <Title text=heading/>
                            <Editor data/>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn field(name: &str) -> String {
    format!("form[{name}]")
}

/// The editor page: HTML from the server, a form that works as it is. Only
/// what needs the browser hydrates, each its own lazy island: the body
/// field (which becomes the rich editor), the cover upload and autosave.
/// Preview and Save post the form; the server answers with the editor again
/// (the preview, or the errors next to their fields, and everything typed).
#[component]
fn Editor(data: EditorData) -> impl IntoView {
    let restored_at = data.restored_at;
    let discard = ServerAction::<DiscardAutosave>::new();
    let save = ServerAction::<SavePost>::new();
    let error = Signal::stored(data.error.clone());
    let errors = move |name: &'static str| field_errors(error, name);
    // For the islands, whose props are plain values.
    let messages = move |name: &'static str| errors(name).get_untracked();
    let preview = data.preview_html.clone();
    let discarded_now = crate::request::page_query_param("discarded").is_some();
    let discarded = move || discarded_now;
    let saved_now = crate::request::page_query_param("saved");
    let saved = move || {
        saved_now.clone().map(|status| match status.as_str() {
            "published" => "Published.",
            "scheduled" => "Scheduled: it goes live at the time you picked.",
            "archived" => "Archived: it no longer shows in feeds.",
            _ => "Saved.",
        })
    };
    let form = data.form.clone();
    let allow_comments = form.allow_comments.is_some();
    let (form_id, form_version) = (form.id.clone(), form.version.clone());
    let draft_key = form.draft_key.clone();
    let autosave_key = draft_key.clone();
    let new_post = form.id.trim().is_empty();
    let cover_form = CoverForm {
        id: form.cover_image.clone(),
        alt: form.cover_alt.clone(),
        image: data.cover.clone(),
        removing: form.remove_cover.is_some(),
    };
    let (sel_type, sel_category, sel_series) = (
        form.content_type.clone(),
        form.category.clone(),
        form.series.clone(),
    );
    let scheduled_at = form.scheduled_at.clone();
    let staff_form = form.clone();
    let type_options: Vec<(String, String)> = ContentType::ALL
        .iter()
        .map(|t| (t.as_str().to_owned(), t.label().to_owned()))
        .collect();
    let category_options: Vec<(String, String)> =
        std::iter::once((String::new(), "No category".to_owned()))
            .chain(
                data.categories
                    .iter()
                    .map(|c| (c.slug.clone(), c.path.clone())),
            )
            .collect();
    let series_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Not part of a series".to_owned()))
            .chain(
                data.series
                    .iter()
                    .map(|s| (s.slug.clone(), s.title.clone())),
            )
            .collect();
    let (is_staff, can_publish, timezone) =
        (data.is_staff, data.can_publish, data.timezone.clone());
    let post = data.post.clone();
    let history_href = post.as_ref().map(|p| routes::post_history(p.id));
    let heading = if post.is_some() {
        "Edit post"
    } else {
        "Write a post"
    };
    let is_published = post
        .as_ref()
        .is_some_and(|p| p.status == ContentStatus::Published);
    let signal = |value: &str| RwSignal::new(value.to_owned());
    let (title, slug) = (signal(&form.title), signal(&form.slug));
    let (tags, coauthors, youtube) = (
        signal(&form.tags),
        signal(&form.coauthors),
        signal(&form.youtube_url),
    );
    let (meta_title, keywords, canonical) = (
        signal(&form.meta_title),
        signal(&form.meta_keywords),
        signal(&form.canonical_url),
    );
    let (series_order, change_note) = (signal(&form.series_order), signal(&form.change_note));
    let status_line = post.as_ref().map(|p| {
        let href = routes::post(&p.slug);
        let history = routes::post_history(p.id);
        view! {
            <p class="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted">
                <span class="rounded-full bg-sparkle-500/10 px-2.5 py-0.5 font-semibold text-sparkle-800 dark:text-sparkle-200">{p.status.label()}</span>
                <span>"Version "{p.version}</span>
                <a href=href class="font-semibold underline">"View post"</a>
                <a href=history class="font-semibold underline">"History"</a>
            </p>
        }
    });
    view! {
        <div id="editor" class="mx-auto flex max-w-4xl flex-col gap-6 py-8 sm:py-10">
            <header class="flex flex-col gap-2">
                <h1 class="font-display text-3xl font-extrabold tracking-tight"><span class="text-gradient">{heading}</span></h1>
                {status_line}
            </header>
            {move || saved().map(|m| view! { <Notice>{m}</Notice> })}
            {move || discarded().then(|| view! { <Notice>"Your unsaved changes were discarded."</Notice> })}
            // Shown by the server when it kept changes the writer had not
            // saved, and by autosave when this browser did (it fills in when).
            {
                let (id, key) = (form_id.clone(), draft_key.clone());
                let when = restored_at.map(|at| format!("{} UTC", at.format("%-d %b %H:%M"))).unwrap_or_default();
                view! {
                    <div id="editor-restored" role="status" hidden=restored_at.is_none()>
                    <div class="card flex flex-wrap items-center gap-3 border-2 border-sparkle-300">
                        <p class="flex-1 text-sm">
                            <strong>"Welcome back."</strong>
                            " These are your changes from "<span data-restored-at>{when}</span>", which you had not saved yet."
                        </p>
                        <ActionForm action=discard>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="draft_key" value=key/>
                            <button type="submit" class=ButtonVariant::Ghost.classes()>"Discard them"</button>
                        </ActionForm>
                    </div>
                    </div>
                }
            }
            <FormAlert error/>
            <ActionForm action=save attr:class="flex flex-col gap-6" attr:aria-label="Post editor">
                // Enter in a text field presses the form's first submit
                // button: keep that Preview, not the cover's upload.
                <button type="submit" name=field("intent") value="preview" hidden=true tabindex="-1" aria-hidden="true">"Preview"</button>
                <input type="hidden" name=field("id") value=form_id.clone()/>
                <input type="hidden" name=field("draft_key") value=draft_key.clone()/>
                <input type="hidden" name=field("version") value=form_version/>
                <Card>
                    <div class="flex flex-col gap-5">
                        <TextField name=field("title") label="Title" value=title errors=errors("title") required=true/>
                        <div id="body-markdown">
                            <TextArea name=field("body") label="Body" value=signal(&form.body) errors=errors("body") rows=18
                                hint="Markdown: ## headings, **bold**, _italic_, ~~strike~~, `code`, [links](https://…), > quotes, - lists, ``` code blocks, > [!TIP] callouts, @username mentions. A YouTube address on its own line becomes a video that starts at its t= time."/>
                        </div>
                        <BodyEditor initial=form.body_json.clone() draft_key=draft_key.clone() errors=messages("body")/>
                        <TextArea name=field("excerpt") label="Excerpt (optional)" value=signal(&form.excerpt) errors=errors("excerpt") rows=2 max=500
                            hint="Shown on cards and in search results. Left empty, it is taken from the first paragraphs."/>
                    </div>
                </Card>
                <WhenUsed>
                    <CoverField cover=cover_form errors=messages("cover_image") alt_errors=messages("cover_alt")/>
                </WhenUsed>
                {preview.map(|html| view! {
                    <section id="preview" aria-labelledby="preview-heading" class="card border-2 border-dashed border-sparkle-300">
                        <h2 id="preview-heading" class="font-display text-xl font-bold">"Preview"</h2>
                        <div class="prose-post mt-4" inner_html=html></div>
                    </section>
                })}
                <Card>
                    <h2 class="font-display text-xl font-bold">"Details"</h2>
                    <div class="mt-4 grid gap-5 sm:grid-cols-2">
                        <Select name="content_type" label="Kind of post" errors=errors("content_type")
                            options=type_options selected=sel_type/>
                        <Select name="category" label="Category" errors=errors("category")
                            options=category_options selected=sel_category/>
                        <TextField name=field("tags") label="Tags" value=tags errors=errors("tags")
                            hint="Up to 10, separated by commas. New tags are created for you."/>
                        <TextField name=field("coauthors") label="Co-authors" value=coauthors errors=errors("coauthors")
                            hint="Usernames, separated by commas. Co-authors can edit the post."/>
                        <TextField name=field("youtube_url") label="YouTube video" kind="url" value=youtube errors=errors("youtube_url")
                            hint="Shown above the post; add &t=1m30s to start at that moment."/>
                        <Select name="series" label="Series" errors=errors("series")
                            options=series_options selected=sel_series/>
                        <TextField name=field("series_order") label="Part number" kind="number" value=series_order errors=errors("series_order")
                            hint="Left empty, the post becomes the next part."/>
                        <TextField name=field("slug") label="Address" value=slug errors=errors("slug")
                            hint="The end of the post's address (/p/…). Left empty, it follows the title until the post is published."/>
                    </div>
                    <label class="mt-5 flex items-center gap-3 text-sm font-semibold">
                        <input type="checkbox" name=field("allow_comments") checked=allow_comments class="h-5 w-5 accent-sparkle-600"/>
                        "Allow comments"
                    </label>
                </Card>
                <details class="card">
                    <summary class="cursor-pointer font-display text-xl font-bold">"Search and sharing"</summary>
                    <div class="mt-4 grid gap-5">
                        <TextField name=field("meta_title") label="Search title" value=meta_title errors=errors("meta_title")/>
                        <TextArea name=field("meta_description") label="Search description" value=signal(&form.meta_description) errors=errors("meta_description") rows=2 max=320/>
                        <TextField name=field("meta_keywords") label="Keywords" value=keywords errors=errors("meta_keywords") hint="Separated by commas."/>
                        <TextField name=field("canonical_url") label="Canonical address" kind="url" value=canonical errors=errors("canonical_url")
                            hint="If this post first appeared elsewhere, its address there."/>
                    </div>
                </details>
                {is_staff.then(|| view! { <StaffCard form=staff_form errors=errors("pinned_until")/> })}
                <Card>
                    <div class="grid gap-5 sm:grid-cols-2">
                        <ScheduleField value=scheduled_at timezone errors=errors("scheduled_at")/>
                        <TextField name=field("change_note") label="What changed (optional)" value=change_note errors=errors("change_note")
                            hint="Shown in the revision history."/>
                    </div>
                    <div class="mt-6 flex flex-wrap items-center gap-3">
                        <WhenUsed form=true><AutosaveStatus key=autosave_key new_post history=history_href.clone()/></WhenUsed>
                    </div>
                    <div class="mt-3 flex flex-wrap items-center gap-3">
                        <button type="submit" name=field("intent") value="preview" class=ButtonVariant::Secondary.classes()>"Preview"</button>
                        <button type="submit" name=field("intent") value="save" class=ButtonVariant::Secondary.classes()>
                            {if is_published { "Update" } else { "Save draft" }}
                        </button>
                        {(can_publish && !is_published).then(|| view! {
                            <button type="submit" name=field("intent") value="schedule" class=ButtonVariant::Ghost.classes()>"Schedule"</button>
                            <button type="submit" name=field("intent") value="publish" class=ButtonVariant::Primary.classes()>"Publish"</button>
                        })}
                        {(!can_publish).then(|| view! {
                            <p class="text-sm text-muted">"Creators publish posts here; save yours as a draft and share it with a moderator."</p>
                        })}
                    </div>
                </Card>
            </ActionForm>
            {post.map(|p| view! { <Lifecycle id=p.id.to_string() status=p.status is_author=p.is_author/> })}
        </div>
    }
}

/// The cover picture as the editor starts with it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CoverForm {
    /// The media id in `form[cover_image]`.
    id: String,
    alt: String,
    image: Option<Image>,
    removing: bool,
}

/// The cover picture: preview, description, upload and removal. Hydrated,
/// choosing a file uploads it at once; without JavaScript "Upload picture"
/// sends the whole editor form to the upload, which comes back to the editor
/// with the picture in place and nothing typed lost.
#[island(lazy)]
fn CoverField(cover: CoverForm, errors: Vec<String>, alt_errors: Vec<String>) -> impl IntoView {
    crate::hydration::keep_typed();
    let image = RwSignal::new(cover.image);
    let id = RwSignal::new(cover.id);
    let alt = RwSignal::new(cover.alt);
    let removing = RwSignal::new(cover.removing);
    let upload_error: RwSignal<Option<AppError>> = RwSignal::new(None);
    let errors = Signal::derive(move || {
        upload_error.with(|e| match e {
            Some(e) => e
                .field_messages("cover_image")
                .first()
                .cloned()
                .or_else(|| e.form_message())
                .into_iter()
                .collect(),
            None => errors.clone(),
        })
    });
    let alt_errors = Signal::stored(alt_errors);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let upload = Action::new_local(|data: &SendWrapper<leptos::web_sys::FormData>| {
        let data: leptos::web_sys::FormData = (**data).clone();
        upload_cover(data.into())
    });
    Effect::new(move |_| match upload.value().get() {
        Some(Ok(Some(uploaded))) => {
            id.set(uploaded.id.to_string());
            image.set(Some(uploaded));
            removing.set(false);
            upload_error.set(None);
            if let Some(input) = file_input.get_untracked() {
                input.set_value("");
            }
        }
        Some(Err(e)) => upload_error.set(Some(e)),
        _ => {}
    });
    let send = move |input: &leptos::web_sys::HtmlInputElement| {
        let chosen = !input.value().is_empty();
        if let (true, Some(form)) = (chosen, input.form())
            && let Ok(data) = leptos::web_sys::FormData::new_with_form(&form)
        {
            upload.dispatch_local(SendWrapper::new(data));
        }
    };
    let on_change = move |_| {
        if let Some(input) = file_input.get_untracked() {
            send(&input);
        }
    };
    let on_upload = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(input) = file_input.get_untracked() {
            if !input.value().is_empty() {
                send(&input);
            } else {
                input.click();
            }
        }
    };
    let upload_path = <UploadCover as server_fn::ServerFn>::PATH;
    let pending = upload.pending();
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"Cover picture"</h2>
            <input type="hidden" name=field("cover_image") value=move || id.get()/>
            <div class="mt-4 grid gap-5 sm:grid-cols-[minmax(0,16rem)_1fr]">
                <div class="overflow-hidden rounded-2xl border border-line bg-gradient-to-br from-sparkle-100 via-violet-100 to-sky-100 dark:from-sparkle-900/40 dark:via-violet-900/40 dark:to-sky-900/40">
                    {move || match image.get() {
                        Some(img) => view! {
                            <img src=img.url.clone() srcset=img.srcset.clone() sizes="16rem" width=img.width height=img.height
                                alt=move || alt.get() class="aspect-video w-full object-cover"/>
                        }.into_any(),
                        None => view! {
                            <p class="flex aspect-video items-center justify-center p-4 text-center text-sm text-muted">"No cover yet"</p>
                        }.into_any(),
                    }}
                </div>
                <div class="flex flex-col gap-4">
                    <div class="flex flex-col gap-1.5">
                        <label for="field-cover_file" class="text-sm font-semibold">"Choose a picture"</label>
                        <input id="field-cover_file" node_ref=file_input type="file" name="cover_file"
                            accept="image/png,image/jpeg,image/gif,image/webp" on:change=on_change
                            aria-describedby="field-cover_file-hint field-cover_image-error"
                            aria-invalid=move || (!errors.get().is_empty()).to_string()
                            class="block w-full text-sm file:mr-3 file:rounded-full file:border-0 file:bg-sparkle-500/10 file:px-4 file:py-2 file:font-semibold file:text-sparkle-800 dark:file:text-sparkle-200"/>
                        <p id="field-cover_file-hint" class="text-xs text-muted">"PNG, JPEG, GIF or WebP, up to 8 MB. Shown on cards and at the top of the post."</p>
                        <ul id="field-cover_image-error" class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                            {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                        </ul>
                        <div class="flex flex-wrap items-center gap-3">
                            <button type="submit" formaction=upload_path formenctype="multipart/form-data" formnovalidate=true
                                on:click=on_upload disabled=move || pending.get() class=ButtonVariant::Secondary.classes()>
                                {move || if pending.get() { "Uploading…" } else { "Upload picture" }}
                            </button>
                            <span role="status" class="text-sm text-muted">
                                {move || pending.get().then_some("Uploading your picture…")}
                            </span>
                        </div>
                    </div>
                    <TextField name=field("cover_alt") label="Describe the picture" value=alt errors=alt_errors
                        hint="For people who can't see it, e.g. \"Mira holding the glowing locket on the pier\"."/>
                    {move || image.get().is_some().then(|| view! {
                        <label class="flex items-center gap-3 text-sm font-semibold">
                            <input type="checkbox" name=field("remove_cover") prop:checked=move || removing.get() checked=cover.removing
                                on:change=move |ev| removing.set(event_target_checked(&ev)) class="h-5 w-5 accent-sparkle-600"/>
                            "Take the cover off when I save"
                        </label>
                    })}
                </div>
            </div>
        </Card>
    }
}

/// A labelled `<select>` whose chosen option is marked in the HTML (so it
/// is right without JavaScript).
#[component]
fn Select(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: String,
    errors: Signal<Vec<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="flex flex-col gap-1.5">
            <label for=id.clone() class="text-sm font-semibold">{label}</label>
            <select id=id name=field(name) class="field-input" aria-describedby=error_id.clone()
                aria-invalid=move || (!errors.get().is_empty()).to_string()>
                {options.into_iter().map(|(value, text)| {
                    let chosen = value == selected;
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
            <ul id=error_id class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn ScheduleField(value: String, timezone: String, errors: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="flex flex-col gap-1.5">
            <label for="field-scheduled_at" class="text-sm font-semibold">"Publish at (for Schedule)"</label>
            <input id="field-scheduled_at" type="datetime-local" name=field("scheduled_at") value=value class="field-input"
                aria-describedby="field-scheduled_at-hint field-scheduled_at-error"
                aria-invalid=move || (!errors.get().is_empty()).to_string()/>
            <p id="field-scheduled_at-hint" class="text-xs text-muted">"Your time zone: "{timezone}"."</p>
            <ul id="field-scheduled_at-error" class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn StaffCard(
    form: crate::features::posts::types::PostForm,
    errors: Signal<Vec<String>>,
) -> impl IntoView {
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"Placement (staff)"</h2>
            <div class="mt-4 flex flex-wrap gap-6">
                <label class="flex items-center gap-3 text-sm font-semibold">
                    <input type="checkbox" name=field("featured") checked=form.featured.is_some() class="h-5 w-5 accent-sparkle-600"/>"Featured"
                </label>
                <label class="flex items-center gap-3 text-sm font-semibold">
                    <input type="checkbox" name=field("editors_pick") checked=form.editors_pick.is_some() class="h-5 w-5 accent-sparkle-600"/>"Editor's pick"
                </label>
            </div>
            <div class="mt-4 flex max-w-xs flex-col gap-1.5">
                <label for="field-pinned_until" class="text-sm font-semibold">"Pinned until"</label>
                <input id="field-pinned_until" type="datetime-local" name=field("pinned_until") value=form.pinned_until.clone() class="field-input"
                    aria-describedby="field-pinned_until-error" aria-invalid=move || (!errors.get().is_empty()).to_string()/>
                <ul id="field-pinned_until-error" class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                    {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
            </div>
        </Card>
    }
}

/// Archive, back to draft, republish, delete.
#[component]
fn Lifecycle(id: String, status: ContentStatus, is_author: bool) -> impl IntoView {
    let action = ServerAction::<SetPostStatus>::new();
    let error: Signal<Option<AppError>> = action_error(action);
    let id = StoredValue::new(id);
    let button = move |target: ContentStatus, label: &'static str, variant: ButtonVariant| {
        view! {
            <ActionForm action>
                <input type="hidden" name="id" value=id.get_value()/>
                <input type="hidden" name="status" value=target.as_str()/>
                <button type="submit" class=variant.classes()>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"Post status"</h2>
            <div class="mt-3"><FormAlert error/></div>
            <div class="mt-3 flex flex-wrap gap-3">
                {(status == ContentStatus::Published).then(|| button(ContentStatus::Archived, "Archive", ButtonVariant::Secondary))}
                {matches!(status, ContentStatus::Published | ContentStatus::Scheduled | ContentStatus::Archived)
                    .then(|| button(ContentStatus::Draft, "Back to draft", ButtonVariant::Secondary))}
                {is_author.then(|| button(ContentStatus::Deleted, "Delete post", ButtonVariant::Danger))}
            </div>
            <p class="mt-3 text-sm text-muted">"Archived posts keep their address but leave the feeds. Deleted posts disappear for everyone."</p>
        </Card>
    }
    .into_any()
}
