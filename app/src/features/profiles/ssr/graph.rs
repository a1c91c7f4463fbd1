//! Follows and blocks. Every change locks both people's `user_stats` rows in
//! id order first, so the counts move in the same transaction as the edge,
//! concurrent follows cannot lose an update, opposite follows cannot
//! deadlock, and a follow cannot slip past a block being made.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::AppError;
use crate::features::media::ssr::image_of;
use crate::features::profiles::types::{Audience, PAGE_SIZE, PeoplePage, PersonCard};

/// The id of the live account `username`.
async fn target(conn: &mut PgConnection, username: &str) -> Result<Uuid, AppError> {
    sqlx::query_scalar!(
        "select id from users where username = $1::text::citext and deleted_at is null
           and status not in ('DELETED', 'BANNED')",
        username.trim()
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// Locks the stats rows of `a` and `b` in id order.
async fn lock_pair(conn: &mut PgConnection, a: Uuid, b: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "select user_id from user_stats where user_id = any($1) order by user_id for update",
        &[a, b][..]
    )
    .fetch_all(conn)
    .await?;
    Ok(())
}

async fn blocked_either_way(conn: &mut PgConnection, a: Uuid, b: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists(select 1 from blocks where (blocker_id = $1 and blocked_id = $2)
                                              or (blocker_id = $2 and blocked_id = $1)) as "x!""#,
        a,
        b
    )
    .fetch_one(conn)
    .await?)
}

/// Moves the counts for one follow edge by `delta` (+1 or -1).
async fn count_edge(
    conn: &mut PgConnection,
    follower: Uuid,
    following: Uuid,
    delta: i32,
) -> Result<(), AppError> {
    sqlx::query!(
        "update user_stats set
           following_count = following_count + case when user_id = $1 then $3 else 0 end,
           followers_count = followers_count + case when user_id = $2 then $3 else 0 end
         where user_id in ($1, $2)",
        follower,
        following,
        delta
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends every follow to and from `user_id` (a deleted account), moving the
/// other side's counts. Every stats row involved is locked in id order first,
/// as `follow` does, so this never deadlocks with a follow.
pub async fn end_all_follows(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "select user_id from user_stats
         where user_id = $1
            or user_id in (select following_id from follows where follower_id = $1)
            or user_id in (select follower_id from follows where following_id = $1)
         order by user_id for update",
        user_id
    )
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query!(
        "with gone as (delete from follows where follower_id = $1 or following_id = $1
                       returning follower_id, following_id),
              moves as (
                select following_id as id, -1 as followers, 0 as following from gone where follower_id = $1
                union all
                select follower_id, 0, -1 from gone where following_id = $1),
              totals as (select id, sum(followers)::int as followers, sum(following)::int as following
                         from moves group by id)
         update user_stats s set followers_count = s.followers_count + t.followers,
                                 following_count = s.following_count + t.following
         from totals t where s.user_id = t.id",
        user_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update user_stats set followers_count = 0, following_count = 0 where user_id = $1",
        user_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// `follower` follows `username` (or updates the notify choice of an
/// existing follow). Refused across a block either way.
pub async fn follow(
    pool: &PgPool,
    follower: Uuid,
    username: &str,
    notify_new_posts: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let following = target(&mut tx, username).await?;
    if following == follower {
        return Err(AppError::Conflict {
            message: "You can't follow yourself.".into(),
        });
    }
    lock_pair(&mut tx, follower, following).await?;
    if blocked_either_way(&mut tx, follower, following).await? {
        return Err(AppError::Restricted {
            message: "You can't follow this person.".into(),
        });
    }
    let inserted = sqlx::query_scalar!(
        r#"insert into follows (follower_id, following_id, notify_new_posts) values ($1, $2, $3)
           on conflict (follower_id, following_id) do update set notify_new_posts = excluded.notify_new_posts
           returning (xmax = 0) as "inserted!""#,
        follower,
        following,
        notify_new_posts
    )
    .fetch_one(&mut *tx)
    .await?;
    if inserted {
        count_edge(&mut tx, follower, following, 1).await?;
        let event = crate::features::notifications::ssr::notify::Event::new(
            following,
            crate::features::notifications::types::Kind::UserFollowed,
            follower,
            "followed".to_owned(),
        );
        crate::features::notifications::ssr::notify::notify(&mut tx, &event).await?;
        crate::features::activity::ssr::followed(&mut tx, follower, following).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes the follow edge `follower` → `following` and its counts, if there.
async fn remove_edge(
    conn: &mut PgConnection,
    follower: Uuid,
    following: Uuid,
) -> Result<(), AppError> {
    let removed = sqlx::query!(
        "delete from follows where follower_id = $1 and following_id = $2",
        follower,
        following
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if removed > 0 {
        count_edge(conn, follower, following, -1).await?;
        crate::features::activity::ssr::unfollowed(conn, follower, following).await?;
    }
    Ok(())
}

/// `follower` stops following `username`; nothing happens if they did not.
pub async fn unfollow(pool: &PgPool, follower: Uuid, username: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let following = target(&mut tx, username).await?;
    lock_pair(&mut tx, follower, following).await?;
    remove_edge(&mut tx, follower, following).await?;
    tx.commit().await?;
    Ok(())
}

/// `blocker` blocks `username`: follows both ways end, and neither can follow again.
pub async fn block(pool: &PgPool, blocker: Uuid, username: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let blocked = target(&mut tx, username).await?;
    if blocked == blocker {
        return Err(AppError::Conflict {
            message: "You can't block yourself.".into(),
        });
    }
    lock_pair(&mut tx, blocker, blocked).await?;
    sqlx::query!(
        "insert into blocks (blocker_id, blocked_id) values ($1, $2) on conflict do nothing",
        blocker,
        blocked
    )
    .execute(&mut *tx)
    .await?;
    remove_edge(&mut tx, blocker, blocked).await?;
    remove_edge(&mut tx, blocked, blocker).await?;
    tx.commit().await?;
    Ok(())
}

/// `blocker` lifts their block on `username` (follows do not come back).
pub async fn unblock(pool: &PgPool, blocker: Uuid, username: &str) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    let blocked = target(&mut conn, username).await?;
    sqlx::query!(
        "delete from blocks where blocker_id = $1 and blocked_id = $2",
        blocker,
        blocked
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Which list of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Followers,
    Following,
}

/// A keyset cursor: the `since` time in microseconds and the person's id.
fn encode_cursor(since: DateTime<Utc>, id: Uuid) -> String {
    format!("{}_{}", since.timestamp_micros(), id.simple())
}

fn decode_cursor(raw: &str) -> Result<(DateTime<Utc>, Uuid), AppError> {
    let bad = || {
        AppError::field(
            "cursor",
            "That page link is broken. Start from the first page.",
        )
    };
    let (micros, id) = raw.split_once('_').ok_or_else(bad)?;
    let micros: i64 = micros.parse().map_err(|_| bad())?;
    let since = DateTime::from_timestamp_micros(micros).ok_or_else(bad)?;
    let id = Uuid::parse_str(id).map_err(|_| bad())?;
    Ok((since, id))
}

struct PersonRow {
    id: Uuid,
    username: String,
    display_name: Option<String>,
    bio: Option<String>,
    since: DateTime<Utc>,
    avatar_id: Option<Uuid>,
    avatar_variants: Option<serde_json::Value>,
    avatar_blurhash: Option<String>,
}

/// One page of `username`'s followers or following, newest first, if
/// `viewer` may see it (their privacy choice, and no block either way).
pub async fn list(
    pool: &PgPool,
    viewer: Option<Uuid>,
    username: &str,
    which: List,
    cursor: Option<&str>,
) -> Result<PeoplePage, AppError> {
    let mut conn = pool.acquire().await?;
    let owner = sqlx::query!(
        r#"select u.id, u.username::text as "username!", coalesce(p.display_name, u.username::text) as "name!",
                  p.followers_visibility,
                  exists(select 1 from follows where follower_id = $2 and following_id = u.id) as "viewer_follows!",
                  exists(select 1 from blocks where (blocker_id = $2 and blocked_id = u.id)
                                              or (blocker_id = u.id and blocked_id = $2)) as "walled!"
           from users u join profiles p on p.user_id = u.id
           where u.username = $1::text::citext and u.deleted_at is null and u.status <> 'DELETED'"#,
        username.trim(),
        viewer
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let is_self = viewer == Some(owner.id);
    let visible = is_self
        || (!owner.walled
            && match Audience::parse(&owner.followers_visibility).unwrap_or_default() {
                Audience::Everyone => true,
                Audience::Followers => owner.viewer_follows,
                Audience::Nobody => false,
            });
    if !visible {
        return Err(if viewer.is_none() {
            AppError::Unauthorized
        } else {
            AppError::Restricted {
                message: format!("@{} keeps this list private.", owner.username),
            }
        });
    }
    let (after_time, after_id) = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => {
            let (t, id) = decode_cursor(c)?;
            (Some(t), Some(id))
        }
        None => (None, None),
    };
    let followers = which == List::Followers;
    let mut rows = sqlx::query_as!(
        PersonRow,
        r#"select u.id, u.username::text as "username!", p.display_name, p.bio, f.created_at as since,
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?"
           from follows f
           join users u on u.id = case when $2 then f.follower_id else f.following_id end
           join profiles p on p.user_id = u.id
           left join media_files a on a.id = p.avatar_media_id
           where (case when $2 then f.following_id else f.follower_id end) = $1
             and u.deleted_at is null and u.status <> 'DELETED'
             and ($3::timestamptz is null or (f.created_at, u.id) < ($3, $4))
           order by f.created_at desc, u.id desc
           limit $5"#,
        owner.id,
        followers,
        after_time,
        after_id,
        PAGE_SIZE + 1
    )
    .fetch_all(&mut *conn)
    .await?;
    let next = if rows.len() > usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX) {
        rows.pop();
        rows.last().map(|r| encode_cursor(r.since, r.id))
    } else {
        None
    };
    Ok(PeoplePage {
        owner: owner.username,
        owner_name: owner.name,
        people: rows
            .into_iter()
            .map(|r| PersonCard {
                avatar: image_of(r.avatar_id, r.avatar_variants, r.avatar_blurhash),
                username: r.username,
                display_name: r.display_name,
                bio: r.bio,
                since: r.since,
            })
            .collect(),
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_bad_ones_are_refused() {
        let since = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap_or_default();
        let id = Uuid::from_u128(42);
        let back = decode_cursor(&encode_cursor(since, id));
        assert_eq!(back, Ok((since, id)));
        assert!(decode_cursor("nope").is_err());
        assert!(decode_cursor("12_notauuid").is_err());
    }
}
