//! Server functions for writing and reading posts. Thin: guard, call `ssr`.
//! The editor posts one form (`form[title]`, …); without JavaScript the
//! result of a preview or a refused save is kept in the session and the
//! browser goes back to the editor, so nothing typed is lost.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::types::ContentStatus;
use super::types::{EditorData, PostForm, PostPage, Revisions, SaveOutcome};
use crate::error::AppError;

#[cfg(feature = "ssr")]
const FLASH: &str = "posts.editor_flash";

#[cfg(feature = "ssr")]
async fn author() -> Result<
    (
        crate::features::accounts::types::Viewer,
        super::ssr::write::Author,
    ),
    AppError,
> {
    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let author = super::ssr::write::author(&mut conn, &viewer).await?;
    Ok((viewer, author))
}

#[cfg(feature = "ssr")]
fn parse_post_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

/// The editor of a new post (`id` empty) or of one the caller may edit.
/// `draft` is the key of a new post's autosaves (`/write?draft=…`). The
/// form comes back as the writer left it: from a plain form post that was
/// refused, else from an autosave not yet saved, else as stored.
#[server(prefix = "/api", endpoint = "post_editor")]
pub async fn get_post_editor(
    id: Option<String>,
    draft: Option<String>,
) -> Result<EditorData, AppError> {
    let (_, author) = author().await?;
    let id = match id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        Some(raw) => Some(parse_post_id(raw)?),
        None => None,
    };
    let draft = draft.and_then(|raw| Uuid::parse_str(raw.trim()).ok());
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let mut data = super::ssr::editor::load(&mut conn, &author, id, draft).await?;
    let session = crate::auth::session().await?;
    let flash: Option<super::types::EditorFlash> = session.remove(FLASH).await.ok().flatten();
    if let Some(flash) = flash
        && flash.form.id == data.form.id
    {
        let key = std::mem::take(&mut data.form.draft_key);
        data.form = flash.form;
        data.form.draft_key = key;
        data.error = flash.error;
        data.preview_html = flash.preview_html;
    } else if let Ok(key) = super::ssr::autosave::key_of(&data.form)
        && let Some(kept) = super::ssr::autosave::find(&mut conn, author.id, key).await?
    {
        let id = std::mem::take(&mut data.form.id);
        data.form = kept.form;
        // Still based on the version the writer opened, so a newer save by
        // someone else is noticed rather than overwritten.
        data.form.id = id;
        data.form.draft_key = key.to_string();
        data.form.intent = String::new();
        data.restored_at = Some(kept.saved_at);
    }
    // The rich editor starts from the document; a plain form post brought
    // Markdown back.
    if data.form.body_json.trim().is_empty() && !data.form.body.trim().is_empty() {
        let document = super::document::markdown::import(&data.form.body);
        data.form.body_json = serde_json::to_string(&document).unwrap_or_default();
    } else if data.form.body.trim().is_empty()
        && let Ok(document) = serde_json::from_str(&data.form.body_json)
    {
        // And the Markdown field (shown until the rich editor has loaded)
        // from the document the rich editor posted.
        data.form.body = super::document::markdown_export::to_markdown(&document);
    }
    data.cover = super::ssr::editor::cover(&mut conn, &data.form.cover_image).await?;
    Ok(data)
}

/// Uploads a cover picture for the editor (multipart). Hydrated, the editor
/// sends the file alone (`cover_file`) and shows the picture at once. Without
/// JavaScript the editor's "Upload picture" button sends the whole form
/// (`form[…]` and the file) here; the browser goes back to the editor with
/// the picture in place and everything typed kept.
#[server(prefix = "/api", endpoint = "post_cover", input = server_fn::codec::MultipartFormData)]
pub async fn upload_cover(
    data: server_fn::codec::MultipartData,
) -> Result<Option<crate::features::media::types::Image>, AppError> {
    use crate::features::media::types::Purpose;

    let (viewer, _) = author().await?;
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let bad = |m: &str| AppError::field("cover_image", m);
    let limit = ctx.limits.check(
        crate::features::accounts::ssr::limits::Limit::UploadPerAccount,
        &viewer.id.to_string(),
    );
    let upload =
        crate::features::media::ssr::read_upload(data, "cover_file", "cover_image").await?;
    let mut fields = serde_json::Map::new();
    for (name, value) in &upload.fields {
        if let Some(key) = name
            .strip_prefix("form[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            fields.insert(key.to_owned(), serde_json::Value::String(value.clone()));
        }
    }
    let uploaded = async {
        limit?;
        let (name, bytes) = upload.picture().map_err(bad)?;
        crate::features::media::ssr::save(&pool, &ctx.media, viewer.id, Purpose::Post, name, bytes)
            .await
            .map_err(|error| match error {
                // The picture's problems belong next to the cover field.
                AppError::Validation { mut fields } => {
                    if let Some(messages) = fields.remove("file") {
                        fields
                            .entry("cover_image".into())
                            .or_default()
                            .extend(messages);
                    }
                    AppError::Validation { fields }
                }
                other => other,
            })
    }
    .await;
    if !crate::error::is_plain_form_post() {
        return uploaded.map(Some);
    }
    // The whole editor came along: back to it, with the picture or the reason.
    let mut form: PostForm =
        serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or_default();
    let error = match uploaded {
        Ok(image) => {
            form.cover_image = image.id.to_string();
            form.remove_cover = None;
            None
        }
        Err(error) => Some(error),
    };
    flash(form, error, None).await?;
    Ok(None)
}

/// Uploads a picture for a post's body (multipart, the file as `file`);
/// the rich editor inserts the picture it returns as a block. Writers who
/// may write posts only; counted against the upload rate limit.
#[server(prefix = "/api", endpoint = "post_picture", input = server_fn::codec::MultipartFormData)]
pub async fn upload_post_picture(
    data: server_fn::codec::MultipartData,
) -> Result<crate::features::media::types::Image, AppError> {
    use crate::features::accounts::ssr::limits::Limit;
    use crate::features::media::types::Purpose;

    let (viewer, _) = author().await?;
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    // Counted before the body is read: a limited account costs no reads.
    ctx.limits
        .check(Limit::UploadPerAccount, &viewer.id.to_string())?;
    let upload = crate::features::media::ssr::read_upload(data, "file", "file").await?;
    let (name, bytes) = upload
        .picture()
        .map_err(|message| AppError::field("file", message))?;
    crate::features::media::ssr::save(&pool, &ctx.media, viewer.id, Purpose::Post, name, bytes)
        .await
}

/// Keeps the editor's form as typed (the editor calls this a couple of
/// seconds after the writer stops typing). Says when someone else saved the
/// post since the writer opened it; the draft is kept either way.
#[server(prefix = "/api", endpoint = "autosave_post")]
pub async fn autosave_post(form: PostForm) -> Result<super::types::AutosaveOutcome, AppError> {
    let (_, author) = author().await?;
    let pool = crate::context::pool()?;
    super::ssr::autosave::keep(&pool, &author, &form).await
}

/// Forgets the autosaved changes of a post (or of a new post's editor) and
/// goes back to the editor as saved.
#[server(prefix = "/api", endpoint = "discard_autosave")]
pub async fn discard_autosave(id: String, draft_key: String) -> Result<(), AppError> {
    let (viewer, _) = author().await?;
    let form = PostForm {
        id: id.clone(),
        draft_key,
        ..PostForm::default()
    };
    let key = super::ssr::autosave::key_of(&form)?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::autosave::discard(&mut conn, viewer.id, &[key]).await?;
    let target = match id.trim() {
        "" => crate::routes::WRITE.to_owned(),
        id => crate::routes::edit_post(id),
    };
    leptos_axum::redirect(&format!("{target}?discarded=1"));
    Ok(())
}

/// Previews or saves the editor's form (the button pressed is `form[intent]`).
/// A save sends the browser on: to the post when it is published, back to
/// its editor otherwise.
#[server(prefix = "/api", endpoint = "save_post")]
pub async fn save_post(form: PostForm) -> Result<SaveOutcome, AppError> {
    let (_, author) = author().await?;
    let pool = crate::context::pool()?;
    let result = super::ssr::write::save(&pool, &author, &form).await;
    if let Ok(SaveOutcome::Saved { id, .. }) = &result {
        // Saved: the autosaved copy has served its purpose.
        let mut keys = vec![*id];
        keys.extend(Uuid::parse_str(form.draft_key.trim()).ok());
        let mut conn = pool.acquire().await?;
        super::ssr::autosave::discard(&mut conn, author.id, &keys).await?;
    }
    let plain = crate::error::is_plain_form_post();
    match result {
        Ok(SaveOutcome::Saved {
            id,
            slug,
            status,
            version,
        }) => {
            if status == ContentStatus::Published {
                leptos_axum::redirect(&crate::routes::post(&slug));
            } else {
                leptos_axum::redirect(&format!(
                    "{}?saved={}",
                    crate::routes::edit_post(id),
                    status.as_str().to_lowercase()
                ));
            }
            Ok(SaveOutcome::Saved {
                id,
                slug,
                status,
                version,
            })
        }
        Ok(SaveOutcome::Preview { html, .. }) if plain => flash(form, None, Some(html)).await,
        Err(error) if plain && !matches!(error, AppError::Unauthorized | AppError::NotFound) => {
            flash(form, Some(error), None).await
        }
        other => other,
    }
}

#[cfg(feature = "ssr")]
async fn flash(
    form: PostForm,
    error: Option<AppError>,
    preview_html: Option<String>,
) -> Result<SaveOutcome, AppError> {
    let target = match (form.id.trim(), Uuid::parse_str(form.draft_key.trim())) {
        // The same draft key, so autosave goes on where it was.
        ("", Ok(key)) => format!("{}?draft={key}", crate::routes::WRITE),
        ("", Err(_)) => crate::routes::WRITE.to_owned(),
        (id, _) => crate::routes::edit_post(id),
    };
    // The browser lands on the preview, or on the errors at the top.
    let anchor = if preview_html.is_some() {
        "preview"
    } else {
        "editor"
    };
    let session = crate::auth::session().await?;
    session
        .insert(
            FLASH,
            super::types::EditorFlash {
                form,
                error,
                preview_html,
            },
        )
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect(&format!("{target}#{anchor}"));
    Ok(SaveOutcome::Flashed)
}

/// Archives, deletes, unpublishes (back to draft) or republishes a post.
#[server(prefix = "/api", endpoint = "set_post_status")]
pub async fn set_post_status(id: String, status: String) -> Result<(), AppError> {
    let (_, author) = author().await?;
    let id = parse_post_id(&id)?;
    let status = ContentStatus::parse(&status)
        .filter(|s| *s != ContentStatus::Scheduled)
        .ok_or_else(|| AppError::field("status", "Pick draft, published, archived or deleted."))?;
    let pool = crate::context::pool()?;
    let slug = super::ssr::write::set_status(&pool, &author, id, status).await?;
    match status {
        ContentStatus::Published => leptos_axum::redirect(&crate::routes::post(&slug)),
        ContentStatus::Deleted => {
            leptos_axum::redirect(&format!("{}?deleted=1", crate::routes::MY_POSTS))
        }
        _ => leptos_axum::redirect(&format!(
            "{}?saved={}",
            crate::routes::edit_post(id),
            status.as_str().to_lowercase()
        )),
    }
    Ok(())
}

/// The reading page of `slug`; counts the view.
#[server(prefix = "/api", endpoint = "post")]
pub async fn get_post(slug: String) -> Result<PostPage, AppError> {
    let viewer = crate::auth::viewer().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let mut page = super::ssr::read::page(&mut conn, viewer.as_ref(), &slug).await?;
    let server = crate::context::server()?;
    let public_url = &server.settings.public_url;
    if page.canonical_url.is_none() {
        page.canonical_url = Some(format!("{public_url}{}", crate::routes::post(&page.slug)));
    }
    page.share_image = page
        .cover
        .as_ref()
        .map(|cover| format!("{public_url}{}", cover.url));
    page.json_ld = super::ssr::read::json_ld(&page);
    if page.status == ContentStatus::Published
        && let Some(viewer) = viewer.as_ref()
    {
        page.bookmark =
            Some(crate::features::bookmarks::ssr::state(&mut conn, viewer, page.id).await?);
    }
    if page.status == ContentStatus::Published
        && let Some(key) = viewer_key(viewer.as_ref()).await
    {
        server.views.record(super::ssr::views::ViewEvent {
            post_id: page.id,
            user_id: viewer.as_ref().map(|v| v.id),
            viewer: key,
            referrer: request_header(http::header::REFERER).map(|r| r.chars().take(500).collect()),
            device: request_header(http::header::USER_AGENT).map(|ua| device_of(&ua)),
        });
    }
    Ok(page)
}

/// How long the reader stayed and how far they scrolled (the page's beacon).
#[server(prefix = "/api", endpoint = "post_read")]
pub async fn record_read(post_id: String, seconds: i32, depth: f32) -> Result<(), AppError> {
    let viewer = crate::auth::viewer().await?;
    let post_id = parse_post_id(&post_id)?;
    if let Some(key) = viewer_key(viewer.as_ref()).await {
        crate::context::server()?
            .views
            .record_read(super::ssr::views::ReadEvent {
                post_id,
                viewer: key,
                seconds,
                depth,
            });
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn request_header(name: http::header::HeaderName) -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}

/// "desktop", "smartphone", … from the user agent.
#[cfg(feature = "ssr")]
fn device_of(user_agent: &str) -> String {
    woothee::parser::Parser::new()
        .parse(user_agent)
        .map(|result| result.category.to_owned())
        .unwrap_or_else(|| "unknown".into())
}

/// Who is viewing, for unique views: the member, else the session, else a
/// hash of the address and browser. `None` for crawlers (not counted).
#[cfg(feature = "ssr")]
async fn viewer_key(viewer: Option<&crate::features::accounts::types::Viewer>) -> Option<String> {
    use sha2::{Digest, Sha256};
    let agent = request_header(http::header::USER_AGENT).unwrap_or_default();
    if woothee::parser::Parser::new()
        .parse(&agent)
        .is_some_and(|r| r.category == "crawler")
    {
        return None;
    }
    if let Some(viewer) = viewer {
        return Some(format!("u:{}", viewer.id));
    }
    let hash = |text: &str| {
        Sha256::digest(text.as_bytes())
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    if let Ok(session) = crate::auth::session().await
        && let Some(id) = session.id()
    {
        return Some(format!("s:{}", hash(&id.to_string())));
    }
    let trust_proxy = crate::context::server().is_ok_and(|server| server.settings.trust_proxy);
    let address = crate::features::accounts::ssr::client::Client::current(trust_proxy).ip_key();
    Some(format!("a:{}", hash(&format!("{address}|{agent}"))))
}

/// The revision history of a post and a diff between two of its revisions.
#[server(prefix = "/api", endpoint = "post_revisions")]
pub async fn get_revisions(
    id: String,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<Revisions, AppError> {
    let (_, author) = author().await?;
    let id = parse_post_id(&id)?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::revisions::history(&mut conn, &author, id, from, to).await
}

/// Makes an old revision the current content again (as a new revision).
#[server(prefix = "/api", endpoint = "restore_revision")]
pub async fn restore_revision(id: String, version: i32) -> Result<i32, AppError> {
    let (_, author) = author().await?;
    let id = parse_post_id(&id)?;
    let pool = crate::context::pool()?;
    let (_, new_version) = super::ssr::revisions::restore(&pool, &author, id, version).await?;
    leptos_axum::redirect(&format!(
        "{}?restored={version}",
        crate::routes::post_history(id)
    ));
    Ok(new_version)
}
