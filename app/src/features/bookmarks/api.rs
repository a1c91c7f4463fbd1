//! Server functions for bookmarks. Each acts on the caller's own; plain
//! form posts (no JavaScript) come back to the page they came from.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

use super::types::{BookmarkState, BookmarksPage, PublicFolder};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

#[cfg(feature = "ssr")]
fn optional_id(raw: Option<&str>) -> Result<Option<Uuid>, AppError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        Some(raw) => Ok(Some(parse_id(raw)?)),
        None => Ok(None),
    }
}

/// Without JavaScript, back to `back` when it is a page of this site.
#[cfg(feature = "ssr")]
fn go_back(back: Option<&str>, fallback: &str) {
    if crate::error::is_plain_form_post() {
        let target = match back.map(str::trim) {
            Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
            _ => fallback,
        };
        leptos_axum::redirect(target);
    }
}

/// The caller's bookmark of a post (`saved` is null when there is none)
/// and their folders; signed out, 401.
#[server(prefix = "/api", endpoint = "bookmark", input = server_fn::codec::GetUrl)]
pub async fn get_bookmark(post_id: String) -> Result<BookmarkState, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::state(&mut conn, &viewer, parse_id(&post_id)?).await
}

/// Saves a post (or updates its bookmark): `folder` (an id or empty),
/// `notes`, `tags` (comma-separated).
#[server(prefix = "/api", endpoint = "save_bookmark")]
pub async fn save_bookmark(
    post_id: String,
    folder: Option<String>,
    notes: Option<String>,
    tags: Option<String>,
    back: Option<String>,
) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let notes = notes.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if notes.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Err(AppError::field(
            "notes",
            "Notes have at most 1000 characters.",
        ));
    }
    let tags = super::types::tidy_tags(tags.as_deref().unwrap_or_default())
        .map_err(|message| AppError::field("tags", message))?;
    let details = super::ssr::Details {
        folder_id: optional_id(folder.as_deref())?,
        notes,
        tags,
    };
    let pool = crate::context::pool()?;
    super::ssr::save(&pool, &viewer, parse_id(&post_id)?, &details).await?;
    go_back(back.as_deref(), crate::routes::BOOKMARKS);
    Ok(())
}

/// Removes the caller's bookmark of a post.
#[server(prefix = "/api", endpoint = "remove_bookmark")]
pub async fn remove_bookmark(post_id: String, back: Option<String>) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    super::ssr::remove(&pool, &viewer, parse_id(&post_id)?).await?;
    go_back(back.as_deref(), crate::routes::BOOKMARKS);
    Ok(())
}

/// A page of the caller's bookmarks: `folder` (an id), `tag`, `after`.
#[server(prefix = "/api", endpoint = "bookmarks", input = server_fn::codec::GetUrl)]
pub async fn get_bookmarks(
    folder: Option<String>,
    tag: Option<String>,
    after: Option<String>,
) -> Result<BookmarksPage, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let tag = tag
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty());
    super::ssr::page(
        &mut conn,
        &viewer,
        optional_id(folder.as_deref())?,
        tag,
        after.as_deref().filter(|a| !a.is_empty()),
    )
    .await
}

/// Creates a folder (`id` empty) or changes one of the caller's: `name`,
/// `description`, `color`, `public` ("on" or absent).
#[server(prefix = "/api", endpoint = "save_bookmark_folder")]
pub async fn save_bookmark_folder(
    id: Option<String>,
    name: String,
    description: Option<String>,
    color: String,
    public: Option<String>,
) -> Result<String, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let input = super::ssr::FolderInput::parse(
        &name,
        description.as_deref().unwrap_or_default(),
        &color,
        public.is_some_and(|p| !p.is_empty()),
    )?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let id = match optional_id(id.as_deref())? {
        Some(id) => {
            super::ssr::update_folder(&mut conn, viewer.id, id, &input).await?;
            id
        }
        None => super::ssr::create_folder(&mut conn, viewer.id, &input).await?,
    };
    let to = format!("{}?folder={id}", crate::routes::BOOKMARKS);
    go_back(Some(&to), crate::routes::BOOKMARKS);
    Ok(id.to_string())
}

/// Deletes one of the caller's folders (its bookmarks stay, unfiled).
#[server(prefix = "/api", endpoint = "delete_bookmark_folder")]
pub async fn delete_bookmark_folder(id: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::delete_folder(&mut conn, viewer.id, parse_id(&id)?).await?;
    go_back(None, crate::routes::BOOKMARKS);
    Ok(())
}

/// A public folder of `username`.
#[server(prefix = "/api", endpoint = "bookmark_folder", input = server_fn::codec::GetUrl)]
pub async fn get_public_folder(username: String, id: String) -> Result<PublicFolder, AppError> {
    let viewer = crate::auth::viewer().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::public_folder(&mut conn, viewer.as_ref(), &username, parse_id(&id)?).await
}
