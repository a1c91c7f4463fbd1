//! Who may do what in a post's comments.
//!
//! Comments live only under published, approved posts. Anyone may read
//! them; verified members may write unless the post's author turned
//! comments off or either has blocked the other. Writers edit and delete
//! their own comments, moderators anyone's; the post's authors and
//! moderators pin and feature.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::types::Viewer;
use crate::features::comments::types::Closed;

/// What the comment rules need to know about a post.
#[derive(Debug, Clone)]
pub struct PostInfo {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    /// The author and co-authors.
    pub authors: Vec<Uuid>,
    pub allow_comments: bool,
    pub video_id: Option<String>,
}

/// The published post `id` (404 for anything else).
pub async fn post(conn: &mut PgConnection, id: Uuid) -> Result<PostInfo, AppError> {
    published(conn, Some(id), None).await
}

/// The published post at `slug`.
pub async fn post_by_slug(conn: &mut PgConnection, slug: &str) -> Result<PostInfo, AppError> {
    published(conn, None, Some(slug.trim())).await
}

/// The published post with `id`, or else at `slug`: one round trip.
async fn published(
    conn: &mut PgConnection,
    id: Option<Uuid>,
    slug: Option<&str>,
) -> Result<PostInfo, AppError> {
    let row = sqlx::query!(
        r#"select p.id, p.slug::text as "slug!", p.title, p.allow_comments, p.youtube_video_id,
                  array(select p.author_id union select pa.user_id from post_authors pa where pa.post_id = p.id)
                    as "authors!"
           from posts p
           where p.id = coalesce($1::uuid, (select s.id from posts s where s.slug = $2::text::citext))
             and p.content_status = 'PUBLISHED'
             and p.moderation_status in ('APPROVED', 'AUTO_APPROVED')"#,
        id,
        slug
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(PostInfo {
        id: row.id,
        slug: row.slug,
        title: row.title,
        authors: row.authors,
        allow_comments: row.allow_comments,
        video_id: row.youtube_video_id,
    })
}

/// True when `a` has blocked any of `others` or any of them has blocked `a`.
pub async fn blocked_with_any(
    conn: &mut PgConnection,
    a: Uuid,
    others: &[Uuid],
) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists(select 1 from blocks
                         where (blocker_id = $1 and blocked_id = any($2))
                            or (blocked_id = $1 and blocker_id = any($2))) as "x!""#,
        a,
        others
    )
    .fetch_one(conn)
    .await?)
}

/// Why `viewer` may not comment on `post`, if they may not.
pub async fn closed(
    conn: &mut PgConnection,
    post: &PostInfo,
    viewer: Option<&Viewer>,
) -> Result<Option<Closed>, AppError> {
    let Some(viewer) = viewer else {
        return Ok(Some(Closed::SignIn));
    };
    if !post.allow_comments {
        return Ok(Some(Closed::Off));
    }
    if !viewer.email_verified {
        return Ok(Some(Closed::Verify));
    }
    if blocked_with_any(conn, viewer.id, &post.authors).await? {
        return Ok(Some(Closed::Blocked));
    }
    Ok(None)
}

/// The error a refused comment gets.
pub fn refusal(closed: Closed) -> AppError {
    match closed {
        Closed::SignIn => AppError::Unauthorized,
        Closed::Verify => AppError::Restricted {
            message: "Please verify your email address before commenting.".into(),
        },
        Closed::Off => AppError::Conflict {
            message: "Comments are turned off on this post.".into(),
        },
        Closed::Blocked => AppError::Forbidden,
    }
}

/// The viewer may pin and feature on `post`.
pub fn can_curate(post: &PostInfo, viewer: Option<&Viewer>) -> bool {
    viewer.is_some_and(|v| post.authors.contains(&v.id) || v.role.can_moderate())
}
