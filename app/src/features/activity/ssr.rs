//! Recording actions (inside the transaction of the action) and reading
//! the feed. The feed shows what the people the reader follows did, when
//! its visibility allows, leaving out what is no longer there (a post
//! unpublished, a comment deleted, a follow undone) and anyone on either
//! side of a block with the reader.

use chrono::Utc;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::{Action, Activity, ActivityPage, Actor, Visibility};
use crate::error::AppError;
use crate::features::media::ssr::image_of;
use crate::features::posts::ssr::time;

/// Entries per page.
const PAGE: i64 = 30;

async fn record(
    conn: &mut PgConnection,
    user: Uuid,
    action: &str,
    entity_type: &str,
    entity_id: Uuid,
    data: serde_json::Value,
    visibility: Visibility,
) -> Result<(), AppError> {
    sqlx::query!(
        "insert into activity_streams (user_id, action, entity_type, entity_id, entity_data, visibility)
         values ($1, $2, $3, $4, $5, $6)",
        user,
        action,
        entity_type,
        entity_id,
        data,
        visibility.as_str()
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Post `id` became public: its author published it.
pub async fn published(conn: &mut PgConnection, id: Uuid) -> Result<(), AppError> {
    let post = sqlx::query!(
        r#"select author_id, title, slug::text as "slug!" from posts where id = $1"#,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    let already = sqlx::query_scalar!(
        r#"select exists(select 1 from activity_streams
                         where action = 'post.published' and entity_id = $1) as "done!""#,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    if already {
        return Ok(());
    }
    record(
        conn,
        post.author_id,
        "post.published",
        "post",
        id,
        json!({ "title": post.title, "slug": post.slug }),
        Visibility::Public,
    )
    .await
}

/// `author` commented on a post (`comment` is the new comment).
pub async fn commented(
    conn: &mut PgConnection,
    author: Uuid,
    comment: Uuid,
    post_title: &str,
    post_slug: &str,
    body: &str,
) -> Result<(), AppError> {
    let excerpt = crate::features::posts::document::text::truncate_words(body, 140);
    record(
        conn,
        author,
        "comment.created",
        "comment",
        comment,
        json!({ "title": post_title, "slug": post_slug, "excerpt": excerpt }),
        Visibility::Public,
    )
    .await
}

/// Comment `id` was edited: its entry shows the new words.
pub async fn comment_edited(conn: &mut PgConnection, id: Uuid, body: &str) -> Result<(), AppError> {
    let excerpt = crate::features::posts::document::text::truncate_words(body, 140);
    sqlx::query!(
        "update activity_streams set entity_data = entity_data || jsonb_build_object('excerpt', $2::text)
         where action = 'comment.created' and entity_id = $1",
        id,
        excerpt
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// `follower` followed `following`: seen by whoever may see the
/// follower's lists (their privacy choice).
pub async fn followed(
    conn: &mut PgConnection,
    follower: Uuid,
    following: Uuid,
) -> Result<(), AppError> {
    let row = sqlx::query!(
        r#"select u.username::text as "username!", coalesce(p.display_name, u.username::text) as "name!",
                  coalesce((select followers_visibility from profiles where user_id = $1), 'everyone') as "lists!"
           from users u left join profiles p on p.user_id = u.id where u.id = $2"#,
        follower,
        following
    )
    .fetch_one(&mut *conn)
    .await?;
    let visibility = match row.lists.as_str() {
        "followers" => Visibility::Followers,
        "nobody" => Visibility::Private,
        _ => Visibility::Public,
    };
    record(
        conn,
        follower,
        "user.followed",
        "user",
        following,
        json!({ "username": row.username, "name": row.name }),
        visibility,
    )
    .await
}

/// `follower` no longer follows `following`: the entry goes.
pub async fn unfollowed(
    conn: &mut PgConnection,
    follower: Uuid,
    following: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "delete from activity_streams where user_id = $1 and action = 'user.followed' and entity_id = $2",
        follower,
        following
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A page of what the people `viewer` follows did, newest first.
pub async fn following(
    conn: &mut PgConnection,
    viewer: Uuid,
    before: Option<i64>,
) -> Result<ActivityPage, AppError> {
    let rows = sqlx::query!(
        r#"select a.id, a.action, a.entity_id, a.entity_data, a.created_at,
                  u.username::text as "username!", coalesce(pr.display_name, u.username::text) as "name!",
                  m.id as "avatar_id?", m.variants as "avatar_variants?", m.blurhash as "avatar_blurhash?"
           from activity_streams a
           join follows f on f.following_id = a.user_id and f.follower_id = $1
           join users u on u.id = a.user_id and u.deleted_at is null and u.status not in ('DELETED', 'BANNED')
           left join profiles pr on pr.user_id = u.id
           left join media_files m on m.id = pr.avatar_media_id
           where a.visibility in ('PUBLIC', 'FOLLOWERS')
             and ($2::bigint is null or a.id < $2)
             and not exists (select 1 from blocks b
                             where (b.blocker_id = $1 and b.blocked_id = a.user_id)
                                or (b.blocker_id = a.user_id and b.blocked_id = $1))
             and case a.action
                   when 'post.published' then exists (
                     select 1 from posts p where p.id = a.entity_id and p.content_status = 'PUBLISHED'
                       and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))
                   when 'comment.created' then exists (
                     select 1 from comments c join posts p on p.id = c.post_id
                     where c.id = a.entity_id and c.deleted_at is null and p.content_status = 'PUBLISHED'
                       and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))
                   -- A follow is on both people's lists: shown only while both
                   -- lists are visible to the reader (the reader follows the
                   -- follower, so "followers" means yes for theirs).
                   when 'user.followed' then not exists (
                     select 1 from blocks b
                     where (b.blocker_id = $1 and b.blocked_id = a.entity_id)
                        or (b.blocker_id = a.entity_id and b.blocked_id = $1))
                     and coalesce((select followers_visibility from profiles where user_id = a.user_id), 'everyone') <> 'nobody'
                     and (a.entity_id = $1
                          or coalesce((select followers_visibility from profiles where user_id = a.entity_id), 'everyone') = 'everyone'
                          or (coalesce((select followers_visibility from profiles where user_id = a.entity_id), 'everyone') = 'followers'
                              and exists (select 1 from follows g where g.follower_id = $1 and g.following_id = a.entity_id)))
                   else false
                 end
           order by a.id desc
           limit $3"#,
        viewer,
        before,
        PAGE + 1
    )
    .fetch_all(&mut *conn)
    .await?;
    let following = sqlx::query_scalar!(
        r#"select count(*) as "n!" from follows where follower_id = $1"#,
        viewer
    )
    .fetch_one(&mut *conn)
    .await?;
    let zone_name = sqlx::query_scalar!("select timezone from users where id = $1", viewer)
        .fetch_one(&mut *conn)
        .await?;
    let zone = time::zone(&zone_name);
    let now = Utc::now();
    let more = rows.len() as i64 > PAGE;
    let text = |data: &serde_json::Value, key: &str| {
        data.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let items: Vec<Activity> = rows
        .into_iter()
        .take(PAGE as usize)
        .filter_map(|r| {
            let action = match r.action.as_str() {
                "post.published" => Action::Published {
                    title: text(&r.entity_data, "title"),
                    slug: text(&r.entity_data, "slug"),
                },
                "comment.created" => Action::Commented {
                    title: text(&r.entity_data, "title"),
                    slug: text(&r.entity_data, "slug"),
                    comment_id: r.entity_id,
                    excerpt: text(&r.entity_data, "excerpt"),
                },
                "user.followed" => Action::Followed {
                    username: text(&r.entity_data, "username"),
                    name: text(&r.entity_data, "name"),
                },
                _ => return None,
            };
            Some(Activity {
                id: r.id,
                actor: Actor {
                    username: r.username,
                    name: r.name,
                    avatar_url: image_of(r.avatar_id, r.avatar_variants, r.avatar_blurhash)
                        .map(|i| i.thumb_url),
                },
                action,
                when_label: time::relative_label(r.created_at, now, zone),
            })
        })
        .collect();
    let next_cursor = if more {
        items.last().map(|a| a.id)
    } else {
        None
    };
    Ok(ActivityPage {
        items,
        following,
        next_cursor,
    })
}
