//! Publishing: an event is a row of `realtime_events` written in the
//! transaction that made the change, so it exists exactly when the change
//! does. The row's trigger notifies `sparkle_events` at commit; every
//! server instance hears it and passes it to its open pages
//! (`server::live`).

use sqlx::PgConnection;
use uuid::Uuid;

use super::types::{LATEST, Payload, post_topic, user_topic};
use crate::error::AppError;
use crate::features::reactions::types::Target;

/// Writes `payload` to `topic`.
pub async fn publish(
    conn: &mut PgConnection,
    topic: &str,
    payload: &Payload,
) -> Result<(), AppError> {
    let (kind, data) = payload.parts();
    sqlx::query!(
        "insert into realtime_events (topic, kind, payload) values ($1, $2, $3)",
        topic,
        kind,
        data
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A comment on `post_id` changed (new, edited, deleted, pinned, featured).
pub async fn comment_changed(
    conn: &mut PgConnection,
    post_id: Uuid,
    id: Uuid,
    parent_id: Option<Uuid>,
) -> Result<(), AppError> {
    let total = sqlx::query_scalar!(
        "select comment_count from post_stats where post_id = $1",
        post_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(0);
    let payload = Payload::Comment {
        id,
        parent_id,
        total,
    };
    publish(conn, &post_topic(post_id), &payload).await
}

/// The reaction counts of `target` (on `post_id`) are now `counts`.
pub async fn reactions_changed(
    conn: &mut PgConnection,
    post_id: Uuid,
    target: Target,
    counts: Vec<i32>,
) -> Result<(), AppError> {
    publish(
        conn,
        &post_topic(post_id),
        &Payload::Reactions { target, counts },
    )
    .await
}

/// `user`'s unread count may have changed: publishes it.
pub async fn unread_changed(conn: &mut PgConnection, user: Uuid) -> Result<(), AppError> {
    // One change at a time per person (until the transaction ends), so the
    // count each publishes includes every change committed before it.
    sqlx::query!(
        "select pg_advisory_xact_lock(hashtext('unread:' || $1::uuid::text))",
        user
    )
    .execute(&mut *conn)
    .await?;
    let count = crate::features::notifications::ssr::centre::unread(conn, user).await?;
    publish(conn, &user_topic(user), &Payload::Unread { count }).await
}

/// Post `id` was just published.
pub async fn post_published(conn: &mut PgConnection, id: Uuid) -> Result<(), AppError> {
    publish(conn, LATEST, &Payload::Post { id }).await
}
