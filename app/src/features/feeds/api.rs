//! Server functions for feeds, tag following, "My posts" and the category
//! admin. Thin: guard, call `ssr`.

use leptos::prelude::*;

use super::types::{AdminCategories, CategoryForm, CategoryNode, FeedAbout, FeedChunk, MyPosts};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn feed_of(key: &str) -> Result<super::types::FeedKind, AppError> {
    super::types::FeedKind::parse(key).ok_or(AppError::NotFound)
}

/// One page of a feed (`feed` as in [`super::types::FeedKind::key`]), after
/// the cursor `after`.
#[server(prefix = "/api", endpoint = "feed")]
pub async fn get_feed(feed: String, after: Option<String>) -> Result<FeedChunk, AppError> {
    let feed = feed_of(&feed)?;
    let viewer = crate::auth::viewer().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::page::page(&mut conn, viewer.as_ref(), &feed, after.as_deref()).await
}

/// The heading of a feed's page. A tag's synonym sends the browser to the
/// tag itself.
#[server(prefix = "/api", endpoint = "feed_about")]
pub async fn get_feed_about(feed: String) -> Result<FeedAbout, AppError> {
    let mut feed = feed_of(&feed)?;
    let viewer = crate::auth::viewer().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    if let super::types::FeedKind::Tag(slug) = &feed {
        let found = super::ssr::lookup::tag(&mut conn, slug).await?;
        if found.slug != *slug {
            leptos_axum::redirect(&crate::routes::tag(&found.slug));
            // Rendering the page itself (a GET): a permanent redirect,
            // whatever the client accepts.
            if use_context::<http::request::Parts>().is_some_and(|p| p.method == http::Method::GET)
                && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            {
                response.set_status(http::StatusCode::MOVED_PERMANENTLY);
            }
            feed = super::types::FeedKind::Tag(found.slug);
        }
    }
    super::ssr::lookup::about(&mut conn, viewer.as_ref(), &feed).await
}

/// Follows (`follow` = "true") or stops following a tag.
#[server(prefix = "/api", endpoint = "follow_tag")]
pub async fn follow_tag(slug: String, follow: bool) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(if follow {
        crate::auth::Access::Verified
    } else {
        crate::auth::Access::Member
    })
    .await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let tag = super::ssr::lookup::tag(&mut conn, &slug).await?;
    drop(conn);
    if follow {
        super::ssr::follows::follow(&pool, viewer.id, tag.id).await
    } else {
        super::ssr::follows::unfollow(&pool, viewer.id, tag.id).await
    }
}

/// The caller's posts (all but deleted), `status` only when given.
#[server(prefix = "/api", endpoint = "my_posts")]
pub async fn get_my_posts(
    status: Option<String>,
    after: Option<String>,
) -> Result<MyPosts, AppError> {
    use crate::features::posts::types::ContentStatus;
    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let status = match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(
            ContentStatus::parse(&raw.to_ascii_uppercase())
                .filter(|s| *s != ContentStatus::Deleted)
                .ok_or_else(|| AppError::field("status", "Pick a status from the tabs."))?,
        ),
    };
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::mine::page(&mut conn, viewer.id, status, after.as_deref()).await
}

/// Every visible category as a tree.
#[server(prefix = "/api", endpoint = "categories")]
pub async fn list_categories() -> Result<Vec<CategoryNode>, AppError> {
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::categories::tree(&mut conn, false).await
}

#[cfg(feature = "ssr")]
const REFUSED: &str = "feeds.category_refused";

/// Every category, hidden ones too, and a form refused without JavaScript
/// (admins only).
#[server(prefix = "/api", endpoint = "admin_categories")]
pub async fn get_admin_categories() -> Result<AdminCategories, AppError> {
    crate::auth::authorize(crate::auth::Access::Admin).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let tree = super::ssr::categories::tree(&mut conn, true).await?;
    let session = crate::auth::session().await?;
    let refused = session.remove(REFUSED).await.ok().flatten();
    Ok(AdminCategories { tree, refused })
}

/// Creates or updates a category (admins only). Without JavaScript a
/// refused form comes back to the page with everything typed.
#[server(prefix = "/api", endpoint = "save_category")]
pub async fn save_category(form: CategoryForm) -> Result<String, AppError> {
    let admin = crate::auth::authorize(crate::auth::Access::Admin).await?;
    let pool = crate::context::pool()?;
    let mut tx = pool.begin().await?;
    let saved = super::ssr::categories::save(&mut tx, admin.id, &form).await;
    let id = match saved {
        Ok(id) => id,
        Err(error) if crate::error::is_plain_form_post() => {
            let session = crate::auth::session().await?;
            session
                .insert(REFUSED, (form.clone(), error))
                .await
                .map_err(AppError::internal)?;
            let anchor = if form.id.is_empty() {
                "new".to_owned()
            } else {
                format!("category-{}", form.id)
            };
            leptos_axum::redirect(&format!("{}#{anchor}", crate::routes::ADMIN_CATEGORIES));
            return Ok(String::new());
        }
        Err(error) => return Err(error),
    };
    tx.commit().await?;
    leptos_axum::redirect(&format!("{}?saved={id}", crate::routes::ADMIN_CATEGORIES));
    Ok(id.to_string())
}

/// Deletes an empty category (admins only).
#[server(prefix = "/api", endpoint = "delete_category")]
pub async fn delete_category(id: String) -> Result<(), AppError> {
    let admin = crate::auth::authorize(crate::auth::Access::Admin).await?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let pool = crate::context::pool()?;
    let mut tx = pool.begin().await?;
    super::ssr::categories::delete(&mut tx, admin.id, id).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{}?deleted=1", crate::routes::ADMIN_CATEGORIES));
    Ok(())
}
