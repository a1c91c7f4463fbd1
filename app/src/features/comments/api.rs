//! Server functions for comments. Thin: guard, rate-limit, call `ssr`.
//! Forms work without JavaScript: a refused comment is kept in the session
//! with its message and the browser goes back to the form, so nothing typed
//! is lost; an accepted one sends the browser to it.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

use super::types::{Comment, CommentsPage, History, ThreadPage};
use crate::error::AppError;

#[cfg(feature = "ssr")]
const FLASH: &str = "comments.draft";

#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

/// `back` when it is a path on this site, else `fallback`.
#[cfg(feature = "ssr")]
fn local(back: Option<&str>, fallback: String) -> String {
    match back.map(str::trim) {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.split('#').next().unwrap_or(path).to_owned()
        }
        _ => fallback,
    }
}

/// Without JavaScript, sends the browser back to the comment on the page
/// the form was on.
#[cfg(feature = "ssr")]
fn back_to_comment(back: Option<&str>, slug: &str, id: Uuid) {
    if crate::error::is_plain_form_post() {
        let target = local(back, crate::routes::post(slug));
        leptos_axum::redirect(&format!("{target}#c-{id}"));
    }
}

#[cfg(feature = "ssr")]
async fn take_draft(post_id: Uuid) -> Result<Option<super::types::Draft>, AppError> {
    let session = crate::auth::session().await?;
    let kept: Option<(Uuid, super::types::Draft)> = session.remove(FLASH).await.ok().flatten();
    Ok(kept.and_then(|(post, draft)| (post == post_id).then_some(draft)))
}

/// Keeps a refused plain form post and sends the browser back to its form.
#[cfg(feature = "ssr")]
async fn keep_refused(
    post_id: Uuid,
    draft: super::types::Draft,
    back: String,
) -> Result<(), AppError> {
    let anchor = match (draft.editing, draft.parent_id) {
        (Some(id), _) | (None, Some(id)) => format!("c-{id}"),
        (None, None) => "comment-form".to_owned(),
    };
    let session = crate::auth::session().await?;
    session
        .insert(FLASH, (post_id, draft))
        .await
        .map_err(AppError::internal)?;
    // The page opens the draft's form (the reply or edit form it came
    // from) with the words and the message.
    leptos_axum::redirect(&format!("{back}#{anchor}"));
    Ok(())
}

/// One page of the comments of `post` (its id or slug): `sort` (top, new,
/// old), `after` (a cursor) and `at` (a moment of the video, `from-to` in
/// seconds).
#[server(prefix = "/api", endpoint = "comments", input = server_fn::codec::GetUrl)]
pub async fn get_comments(
    post: String,
    sort: Option<String>,
    after: Option<String>,
    at: Option<String>,
) -> Result<CommentsPage, AppError> {
    let viewer = crate::auth::viewer().await?;
    let sort = super::types::Sort::parse(sort.as_deref().unwrap_or_default());
    let moment = at.as_deref().and_then(|raw| {
        let (from, to) = raw.split_once('-')?;
        let (from, to) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
        (from <= to).then_some((from, to))
    });
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let post = match Uuid::parse_str(post.trim()) {
        Ok(id) => super::ssr::access::post(&mut conn, id).await?,
        Err(_) => super::ssr::access::post_by_slug(&mut conn, &post).await?,
    };
    let id = post.id;
    let mut page = super::ssr::read::page(
        &mut conn,
        viewer.as_ref(),
        &post,
        sort,
        after.as_deref().filter(|a| !a.is_empty()),
        moment,
    )
    .await?;
    page.draft = take_draft(id).await?;
    Ok(page)
}

/// A comment and the replies under it.
#[server(prefix = "/api", endpoint = "comment_thread", input = server_fn::codec::GetUrl)]
pub async fn get_thread(id: String, after: Option<String>) -> Result<ThreadPage, AppError> {
    let viewer = crate::auth::viewer().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let mut page = super::ssr::read::thread(
        &mut conn,
        viewer.as_ref(),
        parse_id(&id)?,
        after.as_deref().filter(|a| !a.is_empty()),
    )
    .await?;
    page.draft = take_draft(page.post_id).await?;
    Ok(page)
}

/// One comment as the caller sees it (a live update names the comment;
/// the page reads it with the caller's own rights and blocks).
#[server(prefix = "/api", endpoint = "comment", input = server_fn::codec::GetUrl)]
pub async fn get_comment(id: String) -> Result<Comment, AppError> {
    let viewer = crate::auth::viewer().await?;
    let id = parse_id(&id)?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let post_id = sqlx::query_scalar!("select post_id from comments where id = $1", id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let post = super::ssr::access::post(&mut conn, post_id).await?;
    super::ssr::read::one(&mut conn, viewer.as_ref(), &post, id).await
}

/// How a comment read before each edit.
#[server(prefix = "/api", endpoint = "comment_history", input = server_fn::codec::GetUrl)]
pub async fn get_comment_history(id: String) -> Result<History, AppError> {
    let viewer = crate::auth::viewer().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::read::history(&mut conn, viewer.as_ref(), parse_id(&id)?).await
}

/// Posts a comment on a post, or a reply to `parent_id`. `moment` is a
/// moment of the post's video ("1:23"); `back` is the page the form is on.
#[server(prefix = "/api", endpoint = "post_comment")]
pub async fn post_comment(
    post_id: String,
    parent_id: Option<String>,
    body: String,
    moment: Option<String>,
    back: Option<String>,
) -> Result<Comment, AppError> {
    use crate::features::accounts::ssr::limits::Limit;

    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let post = parse_id(&post_id)?;
    let parent = match parent_id
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(raw) => Some(parse_id(raw)?),
        None => None,
    };
    let input = super::ssr::write::Input {
        body,
        moment: moment.unwrap_or_default(),
    };
    let pool = crate::context::pool()?;
    let result = match crate::context::server()?
        .limits
        .check(Limit::CommentPerAccount, &viewer.id.to_string())
    {
        Ok(()) => super::ssr::write::create(&pool, &viewer, post, parent, &input).await,
        Err(limited) => Err(limited),
    };
    let plain = crate::error::is_plain_form_post();
    match result {
        Ok(comment) => {
            if plain {
                let mut conn = pool.acquire().await?;
                let info = super::ssr::access::post(&mut conn, post).await?;
                let target = match comment.parent_id {
                    Some(parent) => crate::routes::comment_thread(&info.slug, parent),
                    None => format!("{}?sort=new", crate::routes::post(&info.slug)),
                };
                leptos_axum::redirect(&format!("{target}#c-{}", comment.id));
            }
            Ok(comment)
        }
        Err(error) if plain && !matches!(error, AppError::Unauthorized | AppError::NotFound) => {
            let mut conn = pool.acquire().await?;
            let info = super::ssr::access::post(&mut conn, post).await?;
            let draft = super::types::Draft {
                parent_id: parent,
                editing: None,
                body: input.body,
                moment: input.moment,
                error: error.clone(),
            };
            keep_refused(
                post,
                draft,
                local(back.as_deref(), crate::routes::post(&info.slug)),
            )
            .await?;
            Err(error)
        }
        Err(error) => Err(error),
    }
}

/// Edits a comment (the writer's own, or any for moderators).
#[server(prefix = "/api", endpoint = "edit_comment")]
pub async fn edit_comment(
    id: String,
    body: String,
    moment: Option<String>,
    back: Option<String>,
) -> Result<Comment, AppError> {
    use crate::features::accounts::ssr::limits::Limit;

    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let id = parse_id(&id)?;
    let input = super::ssr::write::Input {
        body,
        moment: moment.unwrap_or_default(),
    };
    let pool = crate::context::pool()?;
    let result = match crate::context::server()?
        .limits
        .check(Limit::CommentPerAccount, &viewer.id.to_string())
    {
        Ok(()) => super::ssr::write::edit(&pool, &viewer, id, &input).await,
        Err(limited) => Err(limited),
    };
    let plain = crate::error::is_plain_form_post();
    match result {
        Ok(comment) => {
            if plain {
                let target = local(back.as_deref(), crate::routes::HOME.to_owned());
                leptos_axum::redirect(&format!("{target}#c-{}", comment.id));
            }
            Ok(comment)
        }
        Err(error) if plain && !matches!(error, AppError::Unauthorized | AppError::NotFound) => {
            let post = sqlx::query_scalar!("select post_id from comments where id = $1", id)
                .fetch_optional(&pool)
                .await?
                .ok_or(AppError::NotFound)?;
            let draft = super::types::Draft {
                parent_id: None,
                editing: Some(id),
                body: input.body,
                moment: input.moment,
                error: error.clone(),
            };
            keep_refused(
                post,
                draft,
                local(back.as_deref(), crate::routes::HOME.to_owned()),
            )
            .await?;
            Err(error)
        }
        Err(error) => Err(error),
    }
}

/// Deletes a comment, leaving "[deleted]" in its place.
#[server(prefix = "/api", endpoint = "delete_comment")]
pub async fn delete_comment(id: String, back: Option<String>) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let id = parse_id(&id)?;
    let pool = crate::context::pool()?;
    let post = super::ssr::write::delete(&pool, &viewer, id).await?;
    back_to_comment(back.as_deref(), &post.slug, id);
    Ok(())
}

/// Pins (`on` = "true") or unpins a top-level comment.
#[server(prefix = "/api", endpoint = "pin_comment")]
pub async fn pin_comment(id: String, on: String, back: Option<String>) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let id = parse_id(&id)?;
    let pool = crate::context::pool()?;
    let post = super::ssr::write::pin(&pool, &viewer, id, on.trim() == "true").await?;
    back_to_comment(back.as_deref(), &post.slug, id);
    Ok(())
}

/// Features (`on` = "true") or stops featuring a top-level comment.
#[server(prefix = "/api", endpoint = "feature_comment")]
pub async fn feature_comment(id: String, on: String, back: Option<String>) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let id = parse_id(&id)?;
    let pool = crate::context::pool()?;
    let post = super::ssr::write::feature(&pool, &viewer, id, on.trim() == "true").await?;
    back_to_comment(back.as_deref(), &post.slug, id);
    Ok(())
}
