//! Server functions of the notification centre. Every one acts only on the
//! caller's own notifications.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

use super::types::NotificationsPage;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

/// A page of the caller's notifications under `filter`.
#[server(prefix = "/api", endpoint = "notifications", input = server_fn::codec::GetUrl)]
pub async fn get_notifications(
    filter: Option<String>,
    after: Option<String>,
) -> Result<NotificationsPage, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let filter = super::types::Filter::parse(filter.as_deref().unwrap_or_default());
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::centre::page(
        &mut conn,
        viewer.id,
        filter,
        after.as_deref().filter(|a| !a.is_empty()),
    )
    .await
}

/// How many of the caller's notifications are unread (0 when signed out).
#[server(prefix = "/api", endpoint = "unread_notifications", input = server_fn::codec::GetUrl)]
pub async fn unread_notifications() -> Result<i64, AppError> {
    let Some(viewer) = crate::auth::viewer().await? else {
        return Ok(0);
    };
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::centre::unread(&mut conn, viewer.id).await
}

/// Marks a notification read and goes where it leads.
#[server(prefix = "/api", endpoint = "open_notification")]
pub async fn open_notification(id: String) -> Result<String, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut tx = pool.begin().await?;
    let url = super::ssr::centre::open(&mut tx, viewer.id, parse_id(&id)?).await?;
    tx.commit().await?;
    leptos_axum::redirect(&url);
    Ok(url)
}

/// Marks a notification read (`read` = "true") or unread.
#[server(prefix = "/api", endpoint = "mark_notification")]
pub async fn mark_notification(id: String, read: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut tx = pool.begin().await?;
    super::ssr::centre::mark(&mut tx, viewer.id, parse_id(&id)?, read.trim() == "true").await?;
    tx.commit().await?;
    Ok(())
}

/// Marks all the caller's notifications read.
#[server(prefix = "/api", endpoint = "mark_all_notifications")]
pub async fn mark_all_notifications() -> Result<u64, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut tx = pool.begin().await?;
    let n = super::ssr::centre::mark_all(&mut tx, viewer.id).await?;
    tx.commit().await?;
    Ok(n)
}

/// Removes a notification from the centre.
#[server(prefix = "/api", endpoint = "dismiss_notification")]
pub async fn dismiss_notification(id: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut tx = pool.begin().await?;
    super::ssr::centre::dismiss(&mut tx, viewer.id, parse_id(&id)?).await?;
    tx.commit().await?;
    Ok(())
}

/// The caller's notification preferences.
#[server(prefix = "/api", endpoint = "notification_preferences", input = server_fn::codec::GetUrl)]
pub async fn get_notification_preferences() -> Result<super::types::Preferences, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::settings::load(&mut conn, viewer.id).await
}

/// Saves the caller's notification preferences: `form` holds the page's
/// fields (a checkbox per type and channel, `email`, `weekly_digest`,
/// `quiet_start`, `quiet_end`, `timezone`).
#[server(prefix = "/api", endpoint = "save_notification_preferences")]
pub async fn save_notification_preferences(
    form: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let prefs = super::ssr::settings::parse(&form)?;
    let pool = crate::context::pool()?;
    let mut tx = pool.begin().await?;
    super::ssr::settings::save(&mut tx, viewer.id, &prefs).await?;
    tx.commit().await?;
    if crate::error::is_plain_form_post() {
        leptos_axum::redirect(&format!(
            "{}?saved=1",
            crate::routes::SETTINGS_NOTIFICATIONS
        ));
    }
    Ok(())
}
