//! Server functions for mail.

use leptos::prelude::*;

use super::types::OutboxMail;
use crate::error::AppError;

/// The 50 newest outbox messages. Only while the development outbox is on
/// (no SMTP configured); otherwise the page does not exist.
#[server(prefix = "/api", endpoint = "dev_mail")]
pub async fn list_dev_mail() -> Result<Vec<OutboxMail>, AppError> {
    let ctx = crate::context::server()?;
    if !ctx.settings.dev_mail {
        return Err(AppError::NotFound);
    }
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::recent(&mut conn, 50).await
}
