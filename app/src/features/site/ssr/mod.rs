//! SQL for site settings.

use sqlx::PgConnection;

use super::types::SiteInfo;
use crate::error::AppError;

/// Reads the public name and tagline; a missing setting keeps its default.
pub async fn site_info(conn: &mut PgConnection) -> Result<SiteInfo, AppError> {
    let rows = sqlx::query!(
        r#"select key, value #>> '{}' as "text!"
           from site_settings
           where key = any($1) and is_public and jsonb_typeof(value) = 'string'"#,
        &["site.name".to_owned(), "site.tagline".to_owned()] as &[String],
    )
    .fetch_all(conn)
    .await?;
    let mut info = SiteInfo::default();
    for row in rows {
        match row.key.as_str() {
            "site.name" => info.name = row.text,
            "site.tagline" => info.tagline = row.text,
            _ => {}
        }
    }
    Ok(info)
}
