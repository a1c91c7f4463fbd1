//! One page of any feed: resolve the subject, walk its index from the
//! cursor, load the cards in one query.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::cursor::{Cursor, score_start, time_start};
use super::{lookup, queries};
use crate::error::AppError;
use crate::features::accounts::types::Viewer;
use crate::features::feeds::types::{FeedChunk, FeedKind, PAGE_SIZE};
use crate::features::posts::ssr::{cards, time};

/// How far back the home feed looks for posts from followed people and tags
/// before it turns to recommendations.
pub const FOLLOWED_WINDOW_DAYS: i64 = 14;

/// The page of `feed` after `after` (the first page when `None`).
pub async fn page(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    feed: &FeedKind,
    after: Option<&str>,
) -> Result<FeedChunk, AppError> {
    let cursor = match after.map(str::trim).filter(|a| !a.is_empty()) {
        Some(raw) => Some(Cursor::decode(raw)?),
        None => None,
    };
    let limit = PAGE_SIZE + 1;
    let mut followed = 0;
    let rows = match feed {
        FeedKind::Latest => queries::latest(conn, time_key(cursor)?, false, limit).await?,
        FeedKind::Featured => queries::latest(conn, time_key(cursor)?, true, limit).await?,
        FeedKind::Trending => queries::trending(conn, score_key(cursor)?, limit).await?,
        FeedKind::Category(slug) => {
            let ids = lookup::category_tree(conn, slug).await?;
            queries::categories(conn, &ids, time_key(cursor)?, limit).await?
        }
        FeedKind::Tag(slug) => {
            let tag = lookup::tag(conn, slug).await?;
            queries::tag(conn, tag.id, time_key(cursor)?, limit).await?
        }
        FeedKind::Author(username) => {
            let author = lookup::author(conn, username).await?;
            queries::author(conn, author, time_key(cursor)?, limit).await?
        }
        FeedKind::Series(slug) => {
            let series = lookup::series(conn, slug).await?;
            let after = match cursor {
                None => (0, Uuid::nil()),
                Some(Cursor::Order { order, id }) => (order, id),
                Some(_) => return Err(wrong_cursor()),
            };
            queries::series(conn, series, after, limit).await?
        }
        FeedKind::Home => match viewer {
            None => queries::trending(conn, score_key(cursor)?, limit).await?,
            Some(viewer) => {
                let (rows, from_follows) = home(conn, viewer.id, cursor, limit).await?;
                followed = from_follows;
                rows
            }
        },
    };
    let has_more = rows.len() as i64 > PAGE_SIZE;
    let rows = &rows[..rows.len().min(PAGE_SIZE as usize)];
    let next = has_more
        .then(|| rows.last().map(|(_, cursor)| cursor.encode()))
        .flatten();
    let ids: Vec<Uuid> = rows.iter().map(|(id, _)| *id).collect();
    let reader = reader(conn, viewer).await?;
    let mut cards = cards::load(conn, &ids, reader.zone).await?;
    cards.retain(|card| !reader.blocked.contains(&card.author.username));
    // Followed posts come first; only they can have been dropped before the
    // boundary, so the boundary moves back by what was dropped there.
    let dropped_followed = ids
        .iter()
        .take(followed)
        .filter(|id| !cards.iter().any(|card| card.id == **id))
        .count();
    Ok(FeedChunk {
        cards,
        next,
        followed: followed - dropped_followed,
    })
}

/// The home feed of a member: followed posts from the cursor on, then, when
/// they run out within the page, recommendations from the top.
async fn home(
    conn: &mut PgConnection,
    viewer: Uuid,
    cursor: Option<Cursor>,
    limit: i64,
) -> Result<(Vec<queries::Row>, usize), AppError> {
    let (since, start) = match cursor {
        None => (
            Utc::now() - Duration::days(FOLLOWED_WINDOW_DAYS),
            time_start(),
        ),
        Some(Cursor::Followed { since, at, id }) => (since, (at, id)),
        Some(Cursor::Recommended { since, score, id }) => {
            let rows = queries::recommended(conn, viewer, since, (score, id), limit).await?;
            return Ok((rows, 0));
        }
        Some(_) => return Err(wrong_cursor()),
    };
    let mut rows = queries::followed(conn, viewer, since, start, limit).await?;
    let followed = rows.len();
    if (followed as i64) < limit {
        let rest = limit - followed as i64;
        rows.extend(queries::recommended(conn, viewer, since, score_start(), rest).await?);
    }
    Ok((rows, followed.min(PAGE_SIZE as usize)))
}

fn time_key(cursor: Option<Cursor>) -> Result<(DateTime<Utc>, Uuid), AppError> {
    match cursor {
        None => Ok(time_start()),
        Some(Cursor::Time { at, id }) => Ok((at, id)),
        Some(_) => Err(wrong_cursor()),
    }
}

fn score_key(cursor: Option<Cursor>) -> Result<(f64, Uuid), AppError> {
    match cursor {
        None => Ok(score_start()),
        Some(Cursor::Score { score, id }) => Ok((score, id)),
        Some(_) => Err(wrong_cursor()),
    }
}

fn wrong_cursor() -> AppError {
    AppError::field(
        "after",
        "That page link belongs to another list. Start from the first page.",
    )
}

/// Who is reading: their time zone and the people they blocked or who
/// blocked them (their posts are left out of every feed).
pub struct Reader {
    pub zone: chrono_tz::Tz,
    pub blocked: Vec<String>,
}

/// The reader of a feed page.
pub async fn reader(conn: &mut PgConnection, viewer: Option<&Viewer>) -> Result<Reader, AppError> {
    let Some(viewer) = viewer else {
        return Ok(Reader {
            zone: chrono_tz::UTC,
            blocked: Vec::new(),
        });
    };
    let row = sqlx::query!(
        r#"select u.timezone,
                  array(select o.username::text from blocks b
                        join users o on o.id = case when b.blocker_id = $1 then b.blocked_id else b.blocker_id end
                        where b.blocker_id = $1 or b.blocked_id = $1) as "blocked!"
           from users u where u.id = $1"#,
        viewer.id
    )
    .fetch_one(conn)
    .await?;
    Ok(Reader {
        zone: time::zone(&row.timezone),
        blocked: row.blocked,
    })
}
