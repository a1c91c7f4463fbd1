//! The id queries of each feed. Every one walks an index in its sort order
//! from the cursor and stops after `limit` rows, so a page costs the same at
//! 10 k posts as at 1 M (see docs/PERFORMANCE.md for the plans). The
//! visibility test repeats the partial indexes' predicate word for word, so
//! the planner can use them.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::cursor::Cursor;
use crate::error::AppError;

/// A post of a feed page and the cursor that points just after it.
pub type Row = (Uuid, Cursor);

struct TimeRow {
    id: Uuid,
    at: DateTime<Utc>,
}

fn by_time(rows: Vec<TimeRow>) -> Vec<Row> {
    rows.into_iter()
        .map(|r| (r.id, Cursor::Time { at: r.at, id: r.id }))
        .collect()
}

/// Newest published posts; `featured_only` for the Featured feed.
pub async fn latest(
    conn: &mut PgConnection,
    (at, id): (DateTime<Utc>, Uuid),
    featured_only: bool,
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = if featured_only {
        sqlx::query_as!(
            TimeRow,
            r#"select id, published_at as "at!" from posts
               where featured and content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')
                 and (published_at, id) < ($1, $2)
               order by published_at desc, id desc limit $3"#,
            at,
            id,
            limit
        )
        .fetch_all(conn)
        .await?
    } else {
        sqlx::query_as!(
            TimeRow,
            r#"select id, published_at as "at!" from posts
               where content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')
                 and (published_at, id) < ($1, $2)
               order by published_at desc, id desc limit $3"#,
            at,
            id,
            limit
        )
        .fetch_all(conn)
        .await?
    };
    Ok(by_time(rows))
}

/// Posts by trending score (kept up to date as engagement arrives).
pub async fn trending(
    conn: &mut PgConnection,
    (score, id): (f64, Uuid),
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query!(
        r#"select post_id, hot_score from post_stats
           where published and (hot_score, post_id) < ($1, $2)
           order by hot_score desc, post_id desc limit $3"#,
        score,
        id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let cursor = Cursor::Score {
                score: r.hot_score,
                id: r.post_id,
            };
            (r.post_id, cursor)
        })
        .collect())
}

/// Newest posts in any of `categories` (a category and its subcategories):
/// one index walk per category, merged.
pub async fn categories(
    conn: &mut PgConnection,
    categories: &[Uuid],
    (at, id): (DateTime<Utc>, Uuid),
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query_as!(
        TimeRow,
        r#"select x.id as "id!", x.published_at as "at!"
           from unnest($1::uuid[]) as c(id)
           cross join lateral (
             select p.id, p.published_at from posts p
             where p.category_id = c.id
               and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED')
               and (p.published_at, p.id) < ($2, $3)
             order by p.published_at desc, p.id desc limit $4
           ) x
           order by x.published_at desc, x.id desc limit $4"#,
        categories,
        at,
        id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(by_time(rows))
}

/// Newest posts with a tag (`post_tags.published_at` mirrors the post and
/// is set only while it is visible).
pub async fn tag(
    conn: &mut PgConnection,
    tag: Uuid,
    (at, id): (DateTime<Utc>, Uuid),
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query_as!(
        TimeRow,
        r#"select post_id as id, published_at as "at!" from post_tags
           where tag_id = $1 and published_at is not null and (published_at, post_id) < ($2, $3)
           order by published_at desc, post_id desc limit $4"#,
        tag,
        at,
        id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(by_time(rows))
}

/// An author's newest posts.
pub async fn author(
    conn: &mut PgConnection,
    author: Uuid,
    (at, id): (DateTime<Utc>, Uuid),
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query_as!(
        TimeRow,
        r#"select id, published_at as "at!" from posts
           where author_id = $1
             and content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')
             and (published_at, id) < ($2, $3)
           order by published_at desc, id desc limit $4"#,
        author,
        at,
        id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(by_time(rows))
}

/// A series' published parts in reading order, after part `after` (its
/// number and id: writers may give two parts the same number).
pub async fn series(
    conn: &mut PgConnection,
    series: Uuid,
    (order, id): (i32, Uuid),
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query!(
        r#"select id, series_order as "order!" from posts
           where series_id = $1 and (series_order, id) > ($2, $3)
             and content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')
           order by series_order, id limit $4"#,
        series,
        order,
        id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let cursor = Cursor::Order {
                order: r.order,
                id: r.id,
            };
            (r.id, cursor)
        })
        .collect())
}

/// The home feed's first part: posts published since `since` by people
/// `viewer` follows or with tags they follow, newest first. One short index
/// walk per followed person and tag, merged.
pub async fn followed(
    conn: &mut PgConnection,
    viewer: Uuid,
    since: DateTime<Utc>,
    (at, id): (DateTime<Utc>, Uuid),
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query_file_as!(
        TimeRow,
        "src/features/feeds/ssr/followed.sql",
        viewer,
        since,
        at,
        id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let cursor = Cursor::Followed {
                since,
                at: r.at,
                id: r.id,
            };
            (r.id, cursor)
        })
        .collect())
}

/// The home feed's second part: trending posts that were not in the first
/// part (nor the viewer's own).
pub async fn recommended(
    conn: &mut PgConnection,
    viewer: Uuid,
    since: DateTime<Utc>,
    (score, id): (f64, Uuid),
    limit: i64,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query_file!(
        "src/features/feeds/ssr/recommended.sql",
        viewer,
        since,
        score,
        id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let cursor = Cursor::Recommended {
                since,
                score: r.hot_score,
                id: r.post_id,
            };
            (r.post_id, cursor)
        })
        .collect())
}
