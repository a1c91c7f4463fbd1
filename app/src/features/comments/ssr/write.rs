//! Writing comments: post, edit (keeping the earlier version), soft delete,
//! pin and feature. Each change is one transaction; the counts it moves
//! (the parent's replies, the post's comments and trending score) move in
//! it, under the row locks of the rows they live on.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::access::{self, PostInfo};
use super::format::{Formatted, format};
use crate::error::{AppError, FieldErrors};
use crate::features::accounts::types::Viewer;
use crate::features::comments::types::{Comment, parse_moment};
use crate::features::live::ssr as live;
use crate::features::notifications::ssr::{mentions, notify};
use crate::features::notifications::types::Kind;

/// A comment as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub body: String,
    /// "1:23", or empty.
    pub moment: String,
}

/// Checks the form: the body formats, the moment reads and the post has a
/// video for it.
fn check(post: &PostInfo, input: &Input) -> Result<(Formatted, Option<i32>), AppError> {
    let mut errors = FieldErrors::default();
    let formatted = format(&input.body).map_err(|message| errors.add("body", message));
    let moment = match input.moment.trim() {
        "" => None,
        raw if post.video_id.is_none() => {
            errors.add(
                "moment",
                format!("“{raw}”: this post has no video to point into."),
            );
            None
        }
        raw => match parse_moment(raw) {
            Some(seconds) => Some(seconds),
            None => {
                errors.add("moment", "Write the moment as minutes:seconds, like 1:23.");
                None
            }
        },
    };
    errors.into_result()?;
    let formatted = formatted.map_err(|()| AppError::internal("checked above"))?;
    let video_at = if post.video_id.is_some() {
        moment
            .or(formatted.first_moment)
            .and_then(|s| i32::try_from(s).ok())
    } else {
        None
    };
    Ok((formatted, video_at))
}

/// Posts a comment on `post_id`, or a reply to `parent_id`.
pub async fn create(
    pool: &PgPool,
    viewer: &Viewer,
    post_id: Uuid,
    parent_id: Option<Uuid>,
    input: &Input,
) -> Result<Comment, AppError> {
    let mut tx = pool.begin().await?;
    let post = access::post(&mut tx, post_id).await?;
    if let Some(closed) = access::closed(&mut tx, &post, Some(viewer)).await? {
        return Err(access::refusal(closed));
    }
    let (formatted, video_at) = check(&post, input)?;
    let parent = match parent_id {
        Some(parent_id) => Some(
            sqlx::query!(
                "select id, root_id, depth, path, author_id, deleted_at is not null as \"deleted!\"
                 from comments where id = $1 and post_id = $2 for update",
                parent_id,
                post.id
            )
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    if let Some(parent) = &parent {
        if parent.deleted {
            return Err(AppError::Conflict {
                message: "That comment was deleted, so it can't take replies.".into(),
            });
        }
        if let Some(author) = parent.author_id
            && access::blocked_with_any(&mut tx, viewer.id, &[author]).await?
        {
            return Err(AppError::Forbidden);
        }
    }
    let row = sqlx::query!(
        r#"with s as (select nextval(pg_get_serial_sequence('comments', 'seq')) as seq, gen_random_uuid() as id)
           insert into comments (id, seq, post_id, author_id, parent_id, root_id, depth, path, body, body_html, video_at)
           select s.id, s.seq, $1, $2, $3, coalesce($4, s.id), $5, coalesce($6, '{}'::bigint[]) || s.seq, $7, $8, $9
           from s
           returning id"#,
        post.id,
        viewer.id,
        parent.as_ref().map(|p| p.id),
        parent.as_ref().map(|p| p.root_id),
        parent.as_ref().map_or(0, |p| p.depth + 1),
        parent.as_ref().map(|p| p.path.as_slice()),
        input.body.trim(),
        formatted.html,
        video_at,
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(parent) = &parent {
        sqlx::query!(
            "update comments set reply_count = reply_count + 1 where id = $1",
            parent.id
        )
        .execute(&mut *tx)
        .await?;
    }
    count_on_post(&mut tx, post.id, 1).await?;

    // Who hears of it: the person replied to, else the post's authors;
    // then everyone mentioned.
    match &parent {
        Some(parent) => {
            if let Some(author) = parent.author_id {
                let event = notify::Event::new(
                    author,
                    Kind::PostCommented,
                    viewer.id,
                    format!("replied:{}", parent.id),
                )
                .post(post.id)
                .comment(row.id);
                notify::notify(&mut tx, &event).await?;
            }
        }
        None => {
            for author in &post.authors {
                let event = notify::Event::new(
                    *author,
                    Kind::PostCommented,
                    viewer.id,
                    format!("commented:{}", post.id),
                )
                .post(post.id)
                .comment(row.id);
                notify::notify(&mut tx, &event).await?;
            }
        }
    }
    mentions::record(
        &mut tx,
        viewer.id,
        &formatted.mentions,
        post.id,
        Some(row.id),
    )
    .await?;
    live::comment_changed(&mut tx, post.id, row.id, parent.as_ref().map(|p| p.id)).await?;
    crate::features::activity::ssr::commented(
        &mut tx,
        viewer.id,
        row.id,
        &post.title,
        &post.slug,
        input.body.trim(),
    )
    .await?;
    tx.commit().await?;
    let mut conn = pool.acquire().await?;
    super::read::one(&mut conn, Some(viewer), &post, row.id).await
}

/// Moves the post's comment count by `delta` and rescores it.
async fn count_on_post(conn: &mut PgConnection, post_id: Uuid, delta: i32) -> Result<(), AppError> {
    sqlx::query!(
        "update post_stats s set comment_count = greatest(0, s.comment_count + $2),
                hot_score = case when s.published
                  then post_hot_score(s.unique_view_count, s.total_reaction_count, greatest(0, s.comment_count + $2),
                                      s.bookmark_count, s.share_count, p.published_at)
                  else s.hot_score end
         from posts p where p.id = s.post_id and s.post_id = $1",
        post_id,
        delta
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A comment row locked for a change, with what the rules need.
struct Locked {
    post: PostInfo,
    author_id: Option<Uuid>,
    parent_id: Option<Uuid>,
    body: String,
    body_html: String,
    video_at: Option<i32>,
    written_at: chrono::DateTime<chrono::Utc>,
}

async fn lock(conn: &mut PgConnection, id: Uuid) -> Result<Locked, AppError> {
    let row = sqlx::query!(
        "select post_id, author_id, parent_id, body, body_html, video_at,
                coalesce(edited_at, created_at) as \"written_at!\"
         from comments where id = $1 and deleted_at is null for update",
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let post = access::post(conn, row.post_id).await?;
    Ok(Locked {
        post,
        author_id: row.author_id,
        parent_id: row.parent_id,
        body: row.body,
        body_html: row.body_html,
        video_at: row.video_at,
        written_at: row.written_at,
    })
}

/// Edits a comment; the version it replaces goes into its history.
/// Writers edit their own, moderators anyone's.
pub async fn edit(
    pool: &PgPool,
    viewer: &Viewer,
    id: Uuid,
    input: &Input,
) -> Result<Comment, AppError> {
    let mut tx = pool.begin().await?;
    let current = lock(&mut tx, id).await?;
    let own = current.author_id == Some(viewer.id);
    if !own && !viewer.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    let (formatted, video_at) = check(&current.post, input)?;
    if input.body.trim() == current.body && video_at == current.video_at {
        tx.commit().await?;
        let mut conn = pool.acquire().await?;
        return super::read::one(&mut conn, Some(viewer), &current.post, id).await;
    }
    sqlx::query!(
        "insert into comment_revisions (comment_id, body, body_html, video_at, editor_id, written_at)
         values ($1, $2, $3, $4, $5, $6)",
        id,
        current.body,
        current.body_html,
        current.video_at,
        viewer.id,
        current.written_at
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "update comments set body = $2, body_html = $3, video_at = $4, edited_at = now(),
                edit_count = edit_count + 1
         where id = $1",
        id,
        input.body.trim(),
        formatted.html,
        video_at
    )
    .execute(&mut *tx)
    .await?;
    // People newly mentioned hear of it; those mentioned before already did.
    if let Some(author) = current.author_id {
        mentions::record(
            &mut tx,
            author,
            &formatted.mentions,
            current.post.id,
            Some(id),
        )
        .await?;
    }
    live::comment_changed(&mut tx, current.post.id, id, current.parent_id).await?;
    crate::features::activity::ssr::comment_edited(&mut tx, id, input.body.trim()).await?;
    tx.commit().await?;
    let mut conn = pool.acquire().await?;
    super::read::one(&mut conn, Some(viewer), &current.post, id).await
}

/// Soft-deletes a comment: its words go, its place in the thread stays.
/// Writers delete their own, moderators anyone's.
pub async fn delete(pool: &PgPool, viewer: &Viewer, id: Uuid) -> Result<PostInfo, AppError> {
    let mut tx = pool.begin().await?;
    let current = lock(&mut tx, id).await?;
    let own = current.author_id == Some(viewer.id);
    if !own && !viewer.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    sqlx::query!(
        "update comments set deleted_at = now(), deleted_by = $2, pinned_at = null, featured_at = null
         where id = $1",
        id,
        viewer.id
    )
    .execute(&mut *tx)
    .await?;
    if let Some(parent) = current.parent_id {
        sqlx::query!(
            "update comments set reply_count = greatest(0, reply_count - 1) where id = $1",
            parent
        )
        .execute(&mut *tx)
        .await?;
    }
    count_on_post(&mut tx, current.post.id, -1).await?;
    sqlx::query!("delete from notifications where comment_id = $1", id)
        .execute(&mut *tx)
        .await?;
    if !own {
        sqlx::query!(
            "insert into audit_logs (user_id, action, entity_type, entity_id, reason)
             values ($1, 'DELETE', 'comment', $2, 'deleted by a moderator')",
            viewer.id,
            id.to_string()
        )
        .execute(&mut *tx)
        .await?;
    }
    live::comment_changed(&mut tx, current.post.id, id, current.parent_id).await?;
    tx.commit().await?;
    Ok(current.post)
}

/// Erases the words of everything `author` wrote (an account being purged):
/// their comments become "[deleted]" in place, with the counts moved, and
/// their earlier versions go. The rows stay so replies keep their places
/// (the account's deletion then leaves `author_id` empty).
pub async fn erase_author(conn: &mut PgConnection, author: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "with gone as (
           update comments set deleted_at = now(), body = '', body_html = '', pinned_at = null, featured_at = null
           where author_id = $1 and deleted_at is null
           returning post_id, parent_id
         ), parents as (
           update comments c set reply_count = greatest(0, c.reply_count - g.n)
           from (select parent_id, count(*)::int as n from gone where parent_id is not null group by parent_id) g
           where c.id = g.parent_id
         )
         update post_stats s set comment_count = greatest(0, s.comment_count - g.n)
         from (select post_id, count(*)::int as n from gone group by post_id) g
         where s.post_id = g.post_id",
        author
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update comments set body = '', body_html = '' where author_id = $1 and deleted_at is not null",
        author
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "delete from comment_revisions where comment_id in (select id from comments where author_id = $1)",
        author
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Pins a top-level comment above the others (one per post; pinning
/// another moves the pin) or unpins it. The post's authors and moderators.
pub async fn pin(pool: &PgPool, viewer: &Viewer, id: Uuid, on: bool) -> Result<PostInfo, AppError> {
    let mut tx = pool.begin().await?;
    let current = curate(&mut tx, viewer, id).await?;
    let unpinned = if on {
        sqlx::query_scalar!(
            "update comments set pinned_at = null, pinned_by = null
             where post_id = $1 and pinned_at is not null and id <> $2
             returning id",
            current.post.id,
            id
        )
        .fetch_all(&mut *tx)
        .await?
    } else {
        Vec::new()
    };
    sqlx::query!(
        "update comments set pinned_at = case when $2 then coalesce(pinned_at, now()) end,
                pinned_by = case when $2 then $3::uuid end
         where id = $1",
        id,
        on,
        viewer.id
    )
    .execute(&mut *tx)
    .await?;
    for other in unpinned {
        live::comment_changed(&mut tx, current.post.id, other, None).await?;
    }
    live::comment_changed(&mut tx, current.post.id, id, None).await?;
    tx.commit().await?;
    Ok(current.post)
}

/// Features a top-level comment (it leads the "Top" order, marked as
/// chosen by the creator) or stops featuring it.
pub async fn feature(
    pool: &PgPool,
    viewer: &Viewer,
    id: Uuid,
    on: bool,
) -> Result<PostInfo, AppError> {
    let mut tx = pool.begin().await?;
    let current = curate(&mut tx, viewer, id).await?;
    let newly = sqlx::query!(
        "update comments set featured_at = case when $2 then coalesce(featured_at, now()) end,
                featured_by = case when $2 then $3::uuid end
         where id = $1 and (featured_at is null) = $2",
        id,
        on,
        viewer.id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if on
        && newly
        && let Some(author) = current.author_id
    {
        let event = notify::Event::new(
            author,
            Kind::ContentFeatured,
            viewer.id,
            format!("featured:{id}"),
        )
        .post(current.post.id)
        .comment(id);
        notify::notify(&mut tx, &event).await?;
    }
    live::comment_changed(&mut tx, current.post.id, id, None).await?;
    tx.commit().await?;
    Ok(current.post)
}

async fn curate(conn: &mut PgConnection, viewer: &Viewer, id: Uuid) -> Result<Locked, AppError> {
    let current = lock(conn, id).await?;
    if !access::can_curate(&current.post, Some(viewer)) {
        return Err(AppError::Forbidden);
    }
    if current.parent_id.is_some() {
        return Err(AppError::Conflict {
            message: "Only top-level comments can be pinned or featured.".into(),
        });
    }
    Ok(current)
}
