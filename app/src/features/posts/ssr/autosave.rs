//! Autosaved drafts: the editor's whole form as the writer left it, kept
//! per writer and per post (or per key the editor of a new post was given)
//! until the writer saves the post or discards the changes. Stored as it
//! was typed, not validated: a half-written post is still worth keeping.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::form;
use super::write::Author;
use crate::error::AppError;
use crate::features::posts::types::{AutosaveConflict, AutosaveOutcome, PostForm};

/// The most an autosave may hold (the form as JSON).
const MAX_BYTES: usize = 768 * 1024;

/// A kept draft.
#[derive(Debug, Clone)]
pub struct Kept {
    pub form: PostForm,
    pub saved_at: DateTime<Utc>,
}

/// The key of `form`'s draft: the post's id, else the key the editor of a
/// new post was given.
pub fn key_of(form: &PostForm) -> Result<Uuid, AppError> {
    if let Some(id) = form::parse_id(&form.id)? {
        return Ok(id);
    }
    Uuid::parse_str(form.draft_key.trim()).map_err(|_| AppError::NotFound)
}

/// Keeps `form` for `author`; says when someone else saved the post since
/// the writer opened it (the draft is kept either way).
pub async fn keep(
    pool: &PgPool,
    author: &Author,
    form: &PostForm,
) -> Result<AutosaveOutcome, AppError> {
    let value = serde_json::to_value(form).map_err(AppError::internal)?;
    if value.to_string().len() > MAX_BYTES {
        return Err(AppError::field(
            "body",
            "The post is too long to keep automatically; save it to keep your changes.",
        ));
    }
    let key = key_of(form)?;
    let post_id = form::parse_id(&form.id)?;
    let base_version: Option<i32> = form.version.trim().parse().ok();
    let mut conn = pool.acquire().await?;
    let conflict = match post_id {
        Some(id) => check_post(&mut conn, author, id, base_version).await?,
        None => None,
    };
    let saved_at = sqlx::query_scalar!(
        r#"insert into post_autosaves (user_id, draft_key, post_id, base_version, form)
           values ($1, $2, $3, $4, $5)
           on conflict (user_id, draft_key) do update
             set form = excluded.form, base_version = excluded.base_version, saved_at = now()
           returning saved_at"#,
        author.id,
        key,
        post_id,
        base_version,
        value
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(AutosaveOutcome { saved_at, conflict })
}

/// Refuses a post the writer may not edit; reports a save newer than
/// `base_version`.
async fn check_post(
    conn: &mut PgConnection,
    author: &Author,
    id: Uuid,
    base_version: Option<i32>,
) -> Result<Option<AutosaveConflict>, AppError> {
    let (_, _, version) = super::revisions::check_editor(conn, id, author).await?;
    if base_version.is_none_or(|base| base >= version) {
        return Ok(None);
    }
    let row = sqlx::query!(
        r#"select coalesce(p.last_edited_at, p.updated_at) as "edited_at!",
                  (select u.username::text from post_revisions r join users u on u.id = r.editor_id
                    where r.post_id = p.id order by r.version desc limit 1) as editor
           from posts p where p.id = $1"#,
        id
    )
    .fetch_one(conn)
    .await?;
    Ok(Some(AutosaveConflict {
        version,
        editor: row.editor,
        saved_at: row.edited_at,
    }))
}

/// The draft kept under `key`, if any.
pub async fn find(
    conn: &mut PgConnection,
    user: Uuid,
    key: Uuid,
) -> Result<Option<Kept>, AppError> {
    let row = sqlx::query!(
        "select form, saved_at from post_autosaves where user_id = $1 and draft_key = $2",
        user,
        key
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|row| {
        serde_json::from_value(row.form).ok().map(|form| Kept {
            form,
            saved_at: row.saved_at,
        })
    }))
}

/// Forgets the drafts under these keys (after a save, or when discarded).
pub async fn discard(conn: &mut PgConnection, user: Uuid, keys: &[Uuid]) -> Result<(), AppError> {
    sqlx::query!(
        "delete from post_autosaves where user_id = $1 and draft_key = any($2)",
        user,
        keys
    )
    .execute(conn)
    .await?;
    Ok(())
}
