//! Following tags: the edge and the tag's follower count change in one
//! statement each way, so concurrent clicks never miscount.

use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;

/// `user` follows `tag` (no-op when they already do).
pub async fn follow(pool: &PgPool, user: Uuid, tag: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "with added as (
           insert into tag_follows (user_id, tag_id) values ($1, $2)
           on conflict do nothing returning tag_id
         )
         update tags set follower_count = follower_count + 1 where id in (select tag_id from added)",
        user,
        tag
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// `user` stops following `tag` (no-op when they did not).
pub async fn unfollow(pool: &PgPool, user: Uuid, tag: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "with removed as (
           delete from tag_follows where user_id = $1 and tag_id = $2 returning tag_id
         )
         update tags set follower_count = follower_count - 1 where id in (select tag_id from removed)",
        user,
        tag
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Ends every tag follow of `user` (account deletion), with the counts.
pub async fn end_all(conn: &mut sqlx::PgConnection, user: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "with removed as (delete from tag_follows where user_id = $1 returning tag_id)
         update tags set follower_count = follower_count - 1 where id in (select tag_id from removed)",
        user
    )
    .execute(conn)
    .await?;
    Ok(())
}
