//! Server functions for site information.

use leptos::prelude::*;

use super::types::SiteInfo;
use crate::error::AppError;

/// The site's public name and tagline. Public: anyone may read them.
#[server(prefix = "/api", endpoint = "site_info")]
pub async fn get_site_info() -> Result<SiteInfo, AppError> {
    let pool =
        use_context::<sqlx::PgPool>().ok_or_else(|| AppError::internal("no PgPool in context"))?;
    let mut conn = pool.acquire().await?;
    super::ssr::site_info(&mut conn).await
}
