//! Publishes scheduled posts when their time comes (run by a job every minute).

use sqlx::PgPool;
use uuid::Uuid;

use super::visibility;
use crate::error::AppError;

/// Publishes every scheduled post whose time has passed; returns their ids.
/// Each post is its own transaction, and rows another instance is already
/// publishing are skipped, so running this on several servers at once is safe.
pub async fn publish_due(pool: &PgPool) -> Result<Vec<Uuid>, AppError> {
    let mut published = Vec::new();
    loop {
        let mut tx = pool.begin().await?;
        let Some(id) = sqlx::query_scalar!(
            "select id from posts where content_status = 'SCHEDULED' and scheduled_publish_at <= now()
             order by scheduled_publish_at limit 1 for update skip locked"
        )
        .fetch_optional(&mut *tx)
        .await?
        else {
            break;
        };
        let before = visibility::snapshot(&mut tx, id).await?;
        sqlx::query!(
            "update posts set content_status = 'PUBLISHED', published_at = scheduled_publish_at,
                    scheduled_publish_at = null
             where id = $1",
            id
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "update post_revisions set is_published = true
             where post_id = $1 and version = (select version from posts where id = $1)",
            id
        )
        .execute(&mut *tx)
        .await?;
        let after = visibility::snapshot(&mut tx, id).await?;
        visibility::apply(&mut tx, id, &before, &after).await?;
        tx.commit().await?;
        published.push(id);
    }
    Ok(published)
}
