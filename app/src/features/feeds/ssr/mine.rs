//! "My posts": everything a writer wrote or co-writes (but deleted posts),
//! recently edited first, with a status filter.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::cursor::{Cursor, time_start};
use crate::error::AppError;
use crate::features::feeds::types::{MyPost, MyPosts, PAGE_SIZE};
use crate::features::posts::ssr::time;
use crate::features::posts::types::ContentStatus;

struct Row {
    id: Uuid,
    slug: String,
    title: String,
    status: ContentStatus,
    updated_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    scheduled_publish_at: Option<DateTime<Utc>>,
    views: i32,
    comments: i32,
    co_authored: bool,
}

/// One page of `user`'s posts, `status` only when given.
pub async fn page(
    conn: &mut PgConnection,
    user: Uuid,
    status: Option<ContentStatus>,
    after: Option<&str>,
) -> Result<MyPosts, AppError> {
    let (at, id) = match after.map(str::trim).filter(|a| !a.is_empty()) {
        None => time_start(),
        Some(raw) => match Cursor::decode(raw)? {
            Cursor::Time { at, id } => (at, id),
            _ => return Err(AppError::field("after", "That page link is broken.")),
        },
    };
    let zone = sqlx::query_scalar!("select timezone from users where id = $1", user)
        .fetch_one(&mut *conn)
        .await?;
    let zone = time::zone(&zone);
    let rows = sqlx::query_as!(
        Row,
        r#"select p.id, p.slug::text as "slug!", p.title, p.content_status as "status: ContentStatus",
                  p.updated_at, p.published_at, p.scheduled_publish_at,
                  coalesce(s.view_count, 0) as "views!", coalesce(s.comment_count, 0) as "comments!",
                  (p.author_id <> $1) as "co_authored!"
           from posts p
           left join post_stats s on s.post_id = p.id
           where (p.author_id = $1 or p.id in (select post_id from post_authors where user_id = $1))
             and p.content_status <> 'DELETED'
             and ($2::content_status is null or p.content_status = $2)
             and (p.updated_at, p.id) < ($3, $4)
           order by p.updated_at desc, p.id desc
           limit $5"#,
        user,
        status as Option<ContentStatus>,
        at,
        id,
        PAGE_SIZE + 1
    )
    .fetch_all(&mut *conn)
    .await?;
    let counts = sqlx::query!(
        r#"select content_status as "status!: ContentStatus", count(*) as "count!"
           from posts
           where (author_id = $1 or id in (select post_id from post_authors where user_id = $1))
             and content_status <> 'DELETED'
           group by content_status"#,
        user
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.status, r.count))
    .collect();
    let has_more = rows.len() as i64 > PAGE_SIZE;
    let posts: Vec<MyPost> = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|row| {
            let when_label = match row.status {
                ContentStatus::Published => row
                    .published_at
                    .map(|at| format!("Published {}", time::date_label(at, zone))),
                ContentStatus::Scheduled => row
                    .scheduled_publish_at
                    .map(|at| format!("Goes live {}", time::time_label(at, zone))),
                _ => None,
            }
            .unwrap_or_else(|| format!("Edited {}", time::date_label(row.updated_at, zone)));
            MyPost {
                id: row.id,
                slug: row.slug,
                title: row.title,
                status: row.status,
                when_label,
                updated_at: row.updated_at,
                views: row.views,
                comments: row.comments,
                co_authored: row.co_authored,
            }
        })
        .collect();
    let next = has_more
        .then(|| {
            posts.last().map(|p| {
                Cursor::Time {
                    at: p.updated_at,
                    id: p.id,
                }
                .encode()
            })
        })
        .flatten();
    Ok(MyPosts {
        posts,
        next,
        counts,
    })
}
