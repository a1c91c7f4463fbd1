//! Server functions of the activity feed.

use leptos::prelude::*;

use super::types::ActivityPage;
use crate::error::AppError;

/// What the people the caller follows did, newest first; `before` is the
/// `next_cursor` of the page before.
#[server(prefix = "/api", endpoint = "following_activity", input = server_fn::codec::GetUrl)]
pub async fn get_following_activity(before: Option<String>) -> Result<ActivityPage, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let before = match before.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| {
            AppError::field(
                "before",
                "That page link is broken. Start from the first page.",
            )
        })?),
        None => None,
    };
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::following(&mut conn, viewer.id, before).await
}
