//! Reading comments. Every list is an id query that walks one index from a
//! keyset cursor, then one query loads those comments with their authors
//! and the viewer's reactions (no query per comment).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::access::{self, PostInfo};
use crate::error::AppError;
use crate::features::accounts::types::{Role, Viewer};
use crate::features::comments::types::{
    Comment, CommentAuthor, CommentsPage, History, MAX_DEPTH, REPLIES_PER_THREAD, Revision, Sort,
    THREADS_PER_PAGE, ThreadPage,
};
use crate::features::media::ssr::image_of;
use crate::features::posts::ssr::time;
use crate::features::reactions::types::{Reaction, Reactions};

/// Comments per thread page.
const THREAD_PAGE: i64 = 100;

/// Where the next page of threads starts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cursor {
    Time { at: DateTime<Utc>, id: Uuid },
    Rank { rank: i64, id: Uuid },
}

impl Cursor {
    fn encode(&self) -> String {
        match self {
            Self::Time { at, id } => format!("t{}_{}", at.timestamp_micros(), id.simple()),
            Self::Rank { rank, id } => format!("r{rank}_{}", id.simple()),
        }
    }

    fn decode(raw: &str) -> Result<Self, AppError> {
        let broken = || {
            AppError::field(
                "after",
                "That page link is broken. Start from the first page.",
            )
        };
        let (head, id) = raw.trim().split_once('_').ok_or_else(broken)?;
        let id = Uuid::parse_str(id).map_err(|_| broken())?;
        let number = |s: &str| s.parse::<i64>().map_err(|_| broken());
        match head.split_at_checked(1) {
            Some(("t", micros)) => Ok(Self::Time {
                at: DateTime::from_timestamp_micros(number(micros)?).ok_or_else(broken)?,
                id,
            }),
            Some(("r", rank)) => Ok(Self::Rank {
                rank: number(rank)?,
                id,
            }),
            _ => Err(broken()),
        }
    }
}

/// One page of a post's threads as `viewer` sees them.
pub async fn page(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    post: &PostInfo,
    sort: Sort,
    after: Option<&str>,
    moment: Option<(u32, u32)>,
) -> Result<CommentsPage, AppError> {
    let cursor = after.map(Cursor::decode).transpose()?;
    let (from, to) = match moment {
        Some((from, to)) => (Some(to_i32(from)), Some(to_i32(to))),
        None => (None, None),
    };
    let limit = THREADS_PER_PAGE + 1;
    let mut roots: Vec<(Uuid, Cursor)> = match sort {
        Sort::Top => {
            let (rank, id) = match cursor {
                Some(Cursor::Rank { rank, id }) => (Some(rank), Some(id)),
                _ => (None, None),
            };
            sqlx::query!(
                r#"select c.id, c.rank as "rank!" from comments c
                   where c.post_id = $1 and c.parent_id is null and c.pinned_at is null
                     and ($2::bigint is null or (c.rank, c.id) < ($2, $3))
                     and ($4::int is null or exists (select 1 from comments d where d.root_id = c.id
                          and d.deleted_at is null and d.video_at between $4 and $5))
                   order by c.rank desc, c.id desc limit $6"#,
                post.id,
                rank,
                id,
                from,
                to,
                limit
            )
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| {
                (
                    r.id,
                    Cursor::Rank {
                        rank: r.rank,
                        id: r.id,
                    },
                )
            })
            .collect()
        }
        Sort::New | Sort::Old => {
            let (at, id) = match cursor {
                Some(Cursor::Time { at, id }) => (Some(at), Some(id)),
                _ => (None, None),
            };
            sqlx::query!(
                r#"select c.id, c.created_at from comments c
                   where c.post_id = $1 and c.parent_id is null and c.pinned_at is null
                     and ($2::timestamptz is null
                          or ($7 and (c.created_at, c.id) < ($2, $3))
                          or (not $7 and (c.created_at, c.id) > ($2, $3)))
                     and ($4::int is null or exists (select 1 from comments d where d.root_id = c.id
                          and d.deleted_at is null and d.video_at between $4 and $5))
                   order by case when $7 then c.created_at end desc, case when $7 then c.id end desc,
                            c.created_at, c.id
                   limit $6"#,
                post.id,
                at,
                id,
                from,
                to,
                limit,
                sort == Sort::New,
            )
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| (r.id, Cursor::Time { at: r.created_at, id: r.id }))
            .collect()
        }
    };
    let next_cursor = if roots.len() > usize::try_from(THREADS_PER_PAGE).unwrap_or(20) {
        roots.pop();
        roots.last().map(|(_, c)| c.encode())
    } else {
        None
    };
    let root_ids: Vec<Uuid> = roots.iter().map(|(id, _)| *id).collect();
    let pinned_id = if cursor.is_none() && moment.is_none() {
        sqlx::query_scalar!(
            "select id from comments where post_id = $1 and pinned_at is not null",
            post.id
        )
        .fetch_optional(&mut *conn)
        .await?
    } else {
        None
    };
    let replies = sqlx::query_scalar!(
        r#"select r.id as "id!" from unnest($1::uuid[]) with ordinality as t(root, n)
           cross join lateral (
             select c.id, c.path from comments c
             where c.root_id = t.root and c.parent_id is not null and c.depth <= $2
             order by c.path limit $3
           ) r
           order by t.n, r.path"#,
        &root_ids,
        MAX_DEPTH,
        REPLIES_PER_THREAD
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids = Vec::with_capacity(1 + root_ids.len() + replies.len());
    ids.extend(pinned_id);
    ids.extend(&root_ids);
    ids.extend(&replies);
    let mut loaded = load(conn, viewer, post, &ids).await?;
    let pinned = match pinned_id {
        Some(id) => loaded
            .iter()
            .position(|c| c.id == id)
            .map(|i| loaded.remove(i)),
        None => None,
    };
    let comments = thread_order(&root_ids, loaded);
    let closed = access::closed(conn, post, viewer).await?;
    let total = sqlx::query_scalar!(
        "select comment_count from post_stats where post_id = $1",
        post.id
    )
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(0);
    let heat = match &post.video_id {
        Some(_) => Some(super::heat::strip(conn, post.id).await?),
        None => None,
    };
    Ok(CommentsPage {
        post_id: post.id,
        post_slug: post.slug.clone(),
        total,
        closed,
        can_react: viewer.is_some_and(|v| v.email_verified),
        sort,
        moment,
        pinned,
        comments,
        next_cursor,
        heat,
        video_id: post.video_id.clone(),
        draft: None,
    })
}

/// Puts each root first and its replies (already in tree order) after it.
fn thread_order(roots: &[Uuid], loaded: Vec<Comment>) -> Vec<Comment> {
    let mut out = Vec::with_capacity(loaded.len());
    let (mut tops, replies): (Vec<Comment>, Vec<Comment>) =
        loaded.into_iter().partition(|c| c.parent_id.is_none());
    for root in roots {
        if let Some(i) = tops.iter().position(|c| c.id == *root) {
            out.push(tops.remove(i));
            out.extend(replies.iter().filter(|r| r.root_id == *root).cloned());
        }
    }
    mark_hidden_replies(&mut out);
    out
}

/// Flags comments some of whose replies are not in `shown`.
fn mark_hidden_replies(shown: &mut [Comment]) {
    let counts: Vec<i32> = shown
        .iter()
        .map(|c| {
            let n = shown.iter().filter(|r| r.parent_id == Some(c.id)).count();
            i32::try_from(n).unwrap_or(i32::MAX)
        })
        .collect();
    for (comment, shown_replies) in shown.iter_mut().zip(counts) {
        comment.more_replies = comment.reply_count > shown_replies;
    }
}

/// The comment `id` and everything under it.
pub async fn thread(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    id: Uuid,
    after: Option<&str>,
) -> Result<ThreadPage, AppError> {
    let head = sqlx::query!(
        "select post_id, parent_id, root_id, depth, path from comments where id = $1",
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let post = access::post(conn, head.post_id).await?;
    let after_path: Option<Vec<i64>> = match after {
        Some(raw) => Some(
            raw.split('.')
                .map(|p| p.parse::<i64>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| AppError::field("after", "That page link is broken."))?,
        ),
        None => None,
    };
    let mut ids = sqlx::query!(
        r#"select c.id, c.path from comments c
           where c.root_id = $1 and c.path[1:cardinality($2::bigint[])] = $2
             and c.depth <= $3 and ($4::bigint[] is null or c.path > $4)
           order by c.path limit $5"#,
        head.root_id,
        &head.path,
        head.depth + MAX_DEPTH,
        after_path.as_deref(),
        THREAD_PAGE + 1
    )
    .fetch_all(&mut *conn)
    .await?;
    let next_cursor = if ids.len() > usize::try_from(THREAD_PAGE).unwrap_or(100) {
        ids.pop();
        ids.last().map(|r| {
            r.path
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(".")
        })
    } else {
        None
    };
    let ids: Vec<Uuid> = ids.into_iter().map(|r| r.id).collect();
    let mut comments = load(conn, viewer, &post, &ids).await?;
    mark_hidden_replies(&mut comments);
    let closed = access::closed(conn, &post, viewer).await?;
    Ok(ThreadPage {
        post_id: post.id,
        post_slug: post.slug,
        post_title: post.title,
        parent_id: head.parent_id,
        comments,
        closed,
        can_react: viewer.is_some_and(|v| v.email_verified),
        video_id: post.video_id,
        next_cursor,
        draft: None,
    })
}

/// One comment as `viewer` sees it.
pub async fn one(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    post: &PostInfo,
    id: Uuid,
) -> Result<Comment, AppError> {
    load(conn, viewer, post, &[id])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}

/// Loads `ids` in that order.
pub async fn load(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    post: &PostInfo,
    ids: &[Uuid],
) -> Result<Vec<Comment>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let viewer_id = viewer.map(|v| v.id);
    let rows = sqlx::query!(
        r#"select c.id, c.parent_id, c.root_id, c.depth, c.author_id, c.body, c.body_html, c.video_at,
                  c.created_at, c.edited_at is not null as "edited!", c.pinned_at is not null as "pinned!",
                  c.featured_at is not null as "featured!", c.reply_count, c.reaction_counts,
                  (c.deleted_at is not null or u.id is null or u.status in ('DELETED', 'BANNED')) as "gone!",
                  u.username::text as "username?", pr.display_name as "display_name?",
                  u.role as "role?: Role",
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?",
                  exists(select 1 from blocks b where b.blocker_id = $2 and b.blocked_id = c.author_id) as "blocked!"
           from comments c
           left join users u on u.id = c.author_id
           left join profiles pr on pr.user_id = u.id
           left join media_files a on a.id = pr.avatar_media_id
           where c.id = any($1) and c.post_id = $3"#,
        ids,
        viewer_id,
        post.id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mine = match viewer_id {
        Some(viewer_id) => sqlx::query!(
            r#"select comment_id, reaction as "reaction: Reaction" from comment_reactions
               where user_id = $1 and comment_id = any($2)"#,
            viewer_id,
            ids
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.comment_id, r.reaction))
        .collect(),
        None => Vec::new(),
    };
    let zone = zone_of(conn, viewer_id).await?;
    let now = Utc::now();
    let curate = access::can_curate(post, viewer);
    let moderator = viewer.is_some_and(|v| v.role.can_moderate());
    let mut out: Vec<Comment> = rows
        .into_iter()
        .map(|r| {
            let own = viewer_id.is_some() && r.author_id == viewer_id;
            let gone = r.gone;
            let hidden = gone || r.blocked;
            let author = (!hidden)
                .then(|| {
                    r.username.clone().map(|username| CommentAuthor {
                        username,
                        display_name: r.display_name.clone(),
                        avatar_url: image_of(
                            r.avatar_id,
                            r.avatar_variants.clone(),
                            r.avatar_blurhash.clone(),
                        )
                        .map(|i| i.thumb_url),
                        is_post_author: r.author_id.is_some_and(|a| post.authors.contains(&a)),
                        is_moderator: r.role.is_some_and(Role::can_moderate),
                    })
                })
                .flatten();
            Comment {
                id: r.id,
                parent_id: r.parent_id,
                root_id: r.root_id,
                depth: r.depth,
                author,
                html: if hidden { String::new() } else { r.body_html },
                body: if own && !gone { r.body } else { String::new() },
                deleted: gone,
                blocked: r.blocked && !gone,
                video_at: r.video_at.and_then(|v| u32::try_from(v).ok()),
                created_at: r.created_at,
                created_label: time::relative_label(r.created_at, now, zone),
                edited: r.edited,
                pinned: r.pinned,
                featured: r.featured,
                reply_count: r.reply_count,
                reactions: Reactions {
                    counts: r.reaction_counts,
                    mine: mine
                        .iter()
                        .filter(|(id, _)| *id == r.id)
                        .map(|(_, reaction)| *reaction)
                        .collect(),
                },
                can_edit: own && !gone,
                can_delete: !gone && (own || moderator),
                can_curate: curate && !gone && r.parent_id.is_none(),
                more_replies: false,
            }
        })
        .collect();
    out.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
    Ok(out)
}

async fn zone_of(conn: &mut PgConnection, viewer: Option<Uuid>) -> Result<chrono_tz::Tz, AppError> {
    let name = match viewer {
        Some(id) => sqlx::query_scalar!("select timezone from users where id = $1", id)
            .fetch_optional(conn)
            .await?
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(time::zone(&name))
}

/// The versions of a comment, newest first. Anyone who can read the
/// comment can see how it changed; a deleted comment's history is gone
/// with it.
pub async fn history(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    id: Uuid,
) -> Result<History, AppError> {
    let row = sqlx::query!(
        r#"select c.post_id, c.body_html, c.edited_at, c.created_at, u.username::text as "username?"
           from comments c left join users u on u.id = c.author_id
           where c.id = $1 and c.deleted_at is null"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let post = access::post(conn, row.post_id).await?;
    let zone = zone_of(conn, viewer.map(|v| v.id)).await?;
    let earlier = sqlx::query!(
        "select body_html, written_at from comment_revisions where comment_id = $1
         order by created_at desc limit 50",
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Revision {
        html: r.body_html,
        written_label: time::time_label(r.written_at, zone),
    })
    .collect();
    Ok(History {
        post_slug: post.slug,
        comment_id: id,
        author: row.username,
        current: Revision {
            html: row.body_html,
            written_label: time::time_label(row.edited_at.unwrap_or(row.created_at), zone),
        },
        earlier,
    })
}

fn to_i32(seconds: u32) -> i32 {
    i32::try_from(seconds).unwrap_or(i32::MAX)
}
