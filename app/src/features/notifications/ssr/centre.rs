//! The notification centre: a person's notifications newest first (by
//! their latest event), the unread count, marking read and dismissing.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::media::ssr::image_of;
use crate::features::notifications::types::{
    Filter, Kind, Notification, NotificationsPage, people,
};
use crate::features::posts::ssr::time;
use crate::routes;

/// Notifications per page.
const PAGE: i64 = 30;

/// The unread notifications of `user`.
pub async fn unread(conn: &mut PgConnection, user: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select count(*) as "n!" from notifications
           where user_id = $1 and read_at is null and dismissed_at is null"#,
        user
    )
    .fetch_one(conn)
    .await?)
}

fn decode(raw: &str) -> Result<(DateTime<Utc>, Uuid), AppError> {
    let broken = || {
        AppError::field(
            "after",
            "That page link is broken. Start from the first page.",
        )
    };
    let (micros, id) = raw.trim().split_once('_').ok_or_else(broken)?;
    let at = micros
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_micros)
        .ok_or_else(broken)?;
    Ok((at, Uuid::parse_str(id).map_err(|_| broken())?))
}

/// One page of `user`'s notifications under `filter`.
pub async fn page(
    conn: &mut PgConnection,
    user: Uuid,
    filter: Filter,
    after: Option<&str>,
) -> Result<NotificationsPage, AppError> {
    let (items, next_cursor) = fetch(conn, user, filter, after, None).await?;
    Ok(NotificationsPage {
        filter,
        items,
        unread: unread(conn, user).await?,
        next_cursor,
    })
}

/// Notification `id` of `user`, as the centre shows it.
pub async fn one(conn: &mut PgConnection, user: Uuid, id: Uuid) -> Result<Notification, AppError> {
    let (found, _) = fetch(conn, user, Filter::All, None, Some(id)).await?;
    found.into_iter().next().ok_or(AppError::NotFound)
}

/// Marks notification `id` read and returns where it leads.
pub async fn open(conn: &mut PgConnection, user: Uuid, id: Uuid) -> Result<String, AppError> {
    let found = one(conn, user, id).await?;
    mark(conn, user, id, true).await?;
    Ok(found.url)
}

async fn fetch(
    conn: &mut PgConnection,
    user: Uuid,
    filter: Filter,
    after: Option<&str>,
    only: Option<Uuid>,
) -> Result<(Vec<Notification>, Option<String>), AppError> {
    let (at, id) = match after.map(decode).transpose()? {
        Some((at, id)) => (Some(at), Some(id)),
        None => (None, None),
    };
    let kinds: Option<Vec<Kind>> = filter.kinds();
    let rows = sqlx::query!(
        r#"select n.id, n.type as "kind: Kind", n.group_key, n.actor_count, n.read_at, n.updated_at, n.title, n.message, n.url,
                  n.post_id, n.comment_id,
                  u.username::text as "actor_username?", pr.display_name as "actor_display?",
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?",
                  p.title as "post_title?", p.slug::text as "post_slug?",
                  coalesce((select timezone from users where id = $1), 'UTC') as "zone!"
           from notifications n
           left join users u on u.id = n.actor_id
           left join profiles pr on pr.user_id = u.id
           left join media_files a on a.id = pr.avatar_media_id
           left join posts p on p.id = n.post_id
           where n.user_id = $1 and (n.dismissed_at is null or n.id = $7)
             and ($2::timestamptz is null or (n.updated_at, n.id) < ($2, $3))
             and (not $4 or n.read_at is null)
             and ($5::notification_type[] is null or n.type = any($5))
             and ($7::uuid is null or n.id = $7)
           order by n.updated_at desc, n.id desc
           limit $6"#,
        user,
        at,
        id,
        filter == Filter::Unread,
        kinds as Option<Vec<Kind>>,
        PAGE + 1,
        only
    )
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() > usize::try_from(PAGE).unwrap_or(30);
    let now = Utc::now();
    let items: Vec<Notification> = rows
        .into_iter()
        .take(usize::try_from(PAGE).unwrap_or(30))
        .map(|r| {
            let zone = time::zone(&r.zone);
            let actor = r
                .actor_display
                .clone()
                .or(r.actor_username.clone())
                .unwrap_or_else(|| "Someone".to_owned());
            let who = people(&actor, r.actor_count);
            let post = r
                .post_title
                .as_deref()
                .map(|t| {
                    format!(
                        " “{}”",
                        crate::features::posts::document::text::truncate_words(t, 80)
                    )
                })
                .unwrap_or_default();
            let text = match r.kind {
                Kind::PostLiked => format!("{who} reacted to your post{post}"),
                Kind::PostCommented if r.group_key.starts_with("replied:") => {
                    format!("{who} replied to your comment on{post}")
                }
                Kind::PostCommented => format!("{who} commented on{post}"),
                Kind::CommentLiked => format!("{who} reacted to your comment on{post}"),
                Kind::UserFollowed => format!("{who} followed you"),
                Kind::Mention => format!("{who} mentioned you in{post}"),
                Kind::ContentFeatured => format!("{who} featured your comment on{post}"),
                _ => r
                    .title
                    .clone()
                    .map(|t| match &r.message {
                        Some(m) => format!("{t}: {m}"),
                        None => t,
                    })
                    .unwrap_or_else(|| r.kind.label().to_owned()),
            };
            let url = match (r.kind, &r.url, &r.post_slug, r.comment_id) {
                (_, Some(url), _, _) => url.clone(),
                (Kind::UserFollowed, ..) => r
                    .actor_username
                    .as_deref()
                    .map(routes::profile)
                    .unwrap_or_else(|| routes::HOME.to_owned()),
                (_, None, Some(slug), Some(comment)) => {
                    format!("{}/comments/{comment}#c-{comment}", routes::post(slug))
                }
                (_, None, Some(slug), None) => routes::post(slug),
                _ => routes::NOTIFICATIONS.to_owned(),
            };
            Notification {
                id: r.id,
                kind: r.kind,
                text,
                actor_name: r.actor_username.as_ref().map(|_| actor),
                actor_avatar: image_of(r.avatar_id, r.avatar_variants, r.avatar_blurhash)
                    .map(|i| i.thumb_url),
                actor_count: r.actor_count,
                url,
                read: r.read_at.is_some(),
                updated_at: r.updated_at,
                updated_label: time::relative_label(r.updated_at, now, zone),
            }
        })
        .collect();
    let next_cursor = if more {
        items
            .last()
            .map(|n| format!("{}_{}", n.updated_at.timestamp_micros(), n.id.simple()))
    } else {
        None
    };
    Ok((items, next_cursor))
}

/// Marks one notification read (`read`) or unread.
pub async fn mark(
    conn: &mut PgConnection,
    user: Uuid,
    id: Uuid,
    read: bool,
) -> Result<(), AppError> {
    // Once read, new events start a notification of their own, even if
    // this one is marked unread again.
    sqlx::query!(
        "update notifications set read_at = case when $3 then coalesce(read_at, now()) end,
                joinable = joinable and not $3
         where id = $1 and user_id = $2",
        id,
        user,
        read
    )
    .execute(&mut *conn)
    .await?;
    crate::features::live::ssr::unread_changed(conn, user).await
}

/// Marks everything read.
pub async fn mark_all(conn: &mut PgConnection, user: Uuid) -> Result<u64, AppError> {
    let n = sqlx::query!(
        "update notifications set read_at = now(), joinable = false
         where user_id = $1 and read_at is null and dismissed_at is null",
        user
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    crate::features::live::ssr::unread_changed(conn, user).await?;
    Ok(n)
}

/// Removes a notification from the centre.
pub async fn dismiss(conn: &mut PgConnection, user: Uuid, id: Uuid) -> Result<(), AppError> {
    let done = sqlx::query!(
        "update notifications set dismissed_at = now(), read_at = coalesce(read_at, now()), joinable = false
         where id = $1 and user_id = $2 and dismissed_at is null",
        id,
        user
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(AppError::NotFound);
    }
    crate::features::live::ssr::unread_changed(conn, user).await
}
