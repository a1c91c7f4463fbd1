//! Keeps what depends on a post being public in step with it, in the
//! transaction that changes the post: the category, tag, series and author
//! counts, and the feed mirrors (`post_tags.published_at`, `post_stats`).
//!
//! Callers lock the post row, take a [`Snapshot`], change the post, take
//! another and call [`apply`]. Counts move by the difference, so concurrent
//! changes of different posts never overwrite each other.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;

/// What decides the counts a post contributes to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub visible: bool,
    pub author_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub series_id: Option<Uuid>,
    pub tag_ids: Vec<Uuid>,
    pub published_at: Option<DateTime<Utc>>,
}

/// The post as it is now (in this transaction); the default for a missing one.
pub async fn snapshot(conn: &mut PgConnection, post_id: Uuid) -> Result<Snapshot, AppError> {
    let row = sqlx::query!(
        r#"select author_id, category_id, series_id, published_at,
                  (content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')) as "visible!",
                  coalesce((select array_agg(tag_id order by tag_id) from post_tags where post_id = p.id), '{}') as "tag_ids!"
           from posts p where id = $1"#,
        post_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row
        .map(|row| Snapshot {
            visible: row.visible,
            author_id: Some(row.author_id),
            category_id: row.category_id,
            series_id: row.series_id,
            tag_ids: row.tag_ids,
            published_at: row.published_at,
        })
        .unwrap_or_default())
}

/// Moves every count from `before` to `after` and refreshes the mirrors.
pub async fn apply(
    conn: &mut PgConnection,
    post_id: Uuid,
    before: &Snapshot,
    after: &Snapshot,
) -> Result<(), AppError> {
    let deltas = |pick: fn(&Snapshot) -> Vec<Uuid>| {
        let mut delta: BTreeMap<Uuid, i32> = BTreeMap::new();
        if before.visible {
            for id in pick(before) {
                *delta.entry(id).or_default() -= 1;
            }
        }
        if after.visible {
            for id in pick(after) {
                *delta.entry(id).or_default() += 1;
            }
        }
        delta.retain(|_, change| *change != 0);
        let (ids, changes): (Vec<Uuid>, Vec<i32>) = delta.into_iter().unzip();
        (ids, changes)
    };

    let (ids, changes) = deltas(|s| s.category_id.into_iter().collect());
    if !ids.is_empty() {
        sqlx::query!(
            "update categories c set post_count = c.post_count + d.change
             from unnest($1::uuid[], $2::int[]) as d(id, change) where c.id = d.id",
            &ids,
            &changes
        )
        .execute(&mut *conn)
        .await?;
    }
    let (ids, changes) = deltas(|s| s.tag_ids.clone());
    if !ids.is_empty() {
        sqlx::query!(
            "update tags t set post_count = t.post_count + d.change
             from unnest($1::uuid[], $2::int[]) as d(id, change) where t.id = d.id",
            &ids,
            &changes
        )
        .execute(&mut *conn)
        .await?;
    }
    let (ids, changes) = deltas(|s| s.series_id.into_iter().collect());
    if !ids.is_empty() {
        sqlx::query!(
            "update post_series s set total_parts = s.total_parts + d.change
             from unnest($1::uuid[], $2::int[]) as d(id, change) where s.id = d.id",
            &ids,
            &changes
        )
        .execute(&mut *conn)
        .await?;
    }
    let (ids, changes) = deltas(|s| s.author_id.into_iter().collect());
    if !ids.is_empty() {
        sqlx::query!(
            "update user_stats u set posts_count = greatest(0, u.posts_count + d.change)
             from unnest($1::uuid[], $2::int[]) as d(id, change) where u.user_id = d.id",
            &ids,
            &changes
        )
        .execute(&mut *conn)
        .await?;
    }

    let published_at = after.visible.then_some(after.published_at).flatten();
    sqlx::query!(
        "update post_tags set published_at = $2 where post_id = $1",
        post_id,
        published_at
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into post_stats (post_id) values ($1) on conflict (post_id) do nothing",
        post_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update post_stats set published = $2,
                hot_score = post_hot_score(unique_view_count, total_reaction_count, comment_count,
                                           bookmark_count, share_count, $3)
         where post_id = $1",
        post_id,
        after.visible,
        published_at
    )
    .execute(&mut *conn)
    .await?;
    if after.visible {
        mention_people(conn, post_id).await?;
    }
    if after.visible && !before.visible {
        crate::features::live::ssr::post_published(conn, post_id).await?;
        crate::features::activity::ssr::published(conn, post_id).await?;
    }
    Ok(())
}

/// Records the mentions of a public post (people named for the first time
/// in it are notified; drafts notify nobody).
async fn mention_people(conn: &mut PgConnection, post_id: Uuid) -> Result<(), AppError> {
    let row = sqlx::query!(
        "select author_id, content from posts where id = $1",
        post_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let document: crate::features::posts::document::Document =
        serde_json::from_value(row.content).unwrap_or_default();
    let names = crate::features::posts::document::text::mentions(&document);
    crate::features::notifications::ssr::mentions::record(
        conn,
        row.author_id,
        &names,
        post_id,
        None,
    )
    .await
}
