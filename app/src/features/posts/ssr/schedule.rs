//! Publishes scheduled posts when their time comes (run by a job every minute).

use sqlx::PgPool;
use uuid::Uuid;

use super::visibility;
use crate::error::AppError;

/// Publishes every scheduled post whose time has passed; returns their ids.
/// Each post is its own transaction, and rows another instance is already
/// publishing are skipped, so running this on several servers at once is safe.
/// A notice from the site to the author: their scheduled post is live.
async fn tell_author(conn: &mut sqlx::PgConnection, id: Uuid) -> Result<(), AppError> {
    use crate::features::notifications::ssr::notify::{Event, notify};
    use crate::features::notifications::types::Kind;
    let post = sqlx::query!(
        r#"select author_id, title, slug::text as "slug!" from posts where id = $1"#,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    let event = Event {
        recipient: post.author_id,
        kind: Kind::System,
        actor: None,
        post_id: Some(id),
        comment_id: None,
        group_key: format!("scheduled:{id}"),
        title: Some("Your scheduled post is live".to_owned()),
        message: Some(format!("“{}” was published as planned", post.title)),
        url: Some(crate::routes::post(&post.slug)),
    };
    notify(conn, &event).await?;
    Ok(())
}

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
        if after.visible {
            tell_author(&mut tx, id).await?;
        }
        tx.commit().await?;
        published.push(id);
    }
    Ok(published)
}
