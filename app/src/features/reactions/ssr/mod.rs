//! Adding and removing reactions, and who reacted.
//!
//! A reaction row is keyed by (thing, person, type): adding it twice or
//! removing it twice changes nothing. The count moves only when the row was
//! really inserted or deleted, in the same transaction, as one `update …
//! set n = n + 1` on the row holding the counts; so concurrent reactions
//! serialise on that row and every one is counted exactly once.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::types::Viewer;
use crate::features::comments::ssr::access;
use crate::features::media::ssr::image_of;
use crate::features::notifications::ssr::notify::{Event, notify};
use crate::features::notifications::types::Kind;
use crate::features::reactions::types::{Reaction, Reactions, Reactor, Reactors, Target};

/// Reaction totals that earn the post's authors a milestone notification.
const MILESTONES: [i32; 5] = [10, 50, 100, 500, 1000];
/// People per page of a who-reacted list.
const PAGE: i64 = 50;

/// Adds (`on`) or removes the viewer's `reaction` on `target`; returns the
/// counts after it.
pub async fn set(
    pool: &PgPool,
    viewer: &Viewer,
    target: Target,
    reaction: Reaction,
    on: bool,
) -> Result<Reactions, AppError> {
    if reaction == Reaction::Custom {
        return Err(AppError::field(
            "reaction",
            "Custom emoji reactions come with the rewards you unlock; you have none yet.",
        ));
    }
    let mut tx = pool.begin().await?;
    let (post, owner) = owner(&mut tx, target).await?;
    // No new reaction across a block with whoever wrote it (taking one
    // back is always allowed).
    let writers = owner.map_or_else(|| post.authors.clone(), |owner| vec![owner]);
    if on && access::blocked_with_any(&mut tx, viewer.id, &writers).await? {
        return Err(AppError::Forbidden);
    }
    let slot = i32::try_from(reaction.index() + 1).unwrap_or(1);
    let changed = match (target, on) {
        (Target::Post(id), true) => sqlx::query!(
            "insert into post_reactions (post_id, user_id, reaction) values ($1, $2, $3)
             on conflict do nothing",
            id,
            viewer.id,
            reaction as Reaction
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        (Target::Post(id), false) => sqlx::query!(
            "delete from post_reactions where post_id = $1 and user_id = $2 and reaction = $3",
            id,
            viewer.id,
            reaction as Reaction
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        (Target::Comment(id), true) => sqlx::query!(
            "insert into comment_reactions (comment_id, user_id, reaction) values ($1, $2, $3)
             on conflict do nothing",
            id,
            viewer.id,
            reaction as Reaction
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        (Target::Comment(id), false) => sqlx::query!(
            "delete from comment_reactions where comment_id = $1 and user_id = $2 and reaction = $3",
            id,
            viewer.id,
            reaction as Reaction
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if changed == 1 {
        let delta = if on { 1 } else { -1 };
        let total = match target {
            Target::Post(id) => sqlx::query_scalar!(
                "update post_stats s set reaction_counts[$2] = s.reaction_counts[$2] + $3,
                        total_reaction_count = s.total_reaction_count + $3,
                        hot_score = case when s.published
                          then post_hot_score(s.unique_view_count, s.total_reaction_count + $3, s.comment_count,
                                              s.bookmark_count, s.share_count, p.published_at)
                          else s.hot_score end
                 from posts p where p.id = s.post_id and s.post_id = $1
                 returning s.total_reaction_count",
                id,
                slot,
                delta
            )
            .fetch_one(&mut *tx)
            .await?,
            Target::Comment(id) => sqlx::query_scalar!(
                "update comments set reaction_counts[$2] = reaction_counts[$2] + $3,
                        reaction_total = reaction_total + $3
                 where id = $1 returning reaction_total",
                id,
                slot,
                delta
            )
            .fetch_one(&mut *tx)
            .await?,
        };
        if on {
            tell_owners(&mut tx, viewer, target, &post, owner, total).await?;
        }
    }
    let counts = counts(&mut tx, viewer.id, target).await?;
    if changed == 1 {
        crate::features::live::ssr::reactions_changed(
            &mut tx,
            post.id,
            target,
            counts.counts.clone(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(counts)
}

/// Removes every reaction of `user` (an account being purged), moving each
/// count it was part of.
pub async fn forget_person(conn: &mut PgConnection, user: Uuid) -> Result<(), AppError> {
    let on_posts = sqlx::query!(
        r#"delete from post_reactions where user_id = $1 returning post_id, reaction as "reaction: Reaction""#,
        user
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in on_posts {
        let slot = i32::try_from(row.reaction.index() + 1).unwrap_or(1);
        sqlx::query!(
            "update post_stats set reaction_counts[$2] = greatest(0, reaction_counts[$2] - 1),
                    total_reaction_count = greatest(0, total_reaction_count - 1)
             where post_id = $1",
            row.post_id,
            slot
        )
        .execute(&mut *conn)
        .await?;
    }
    let on_comments = sqlx::query!(
        r#"delete from comment_reactions where user_id = $1 returning comment_id, reaction as "reaction: Reaction""#,
        user
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in on_comments {
        let slot = i32::try_from(row.reaction.index() + 1).unwrap_or(1);
        sqlx::query!(
            "update comments set reaction_counts[$2] = greatest(0, reaction_counts[$2] - 1),
                    reaction_total = greatest(0, reaction_total - 1)
             where id = $1",
            row.comment_id,
            slot
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The post a target belongs to (published, or 404) and who wrote the
/// comment, for a comment.
async fn owner(
    conn: &mut PgConnection,
    target: Target,
) -> Result<(access::PostInfo, Option<Uuid>), AppError> {
    match target {
        Target::Post(id) => Ok((access::post(conn, id).await?, None)),
        Target::Comment(id) => {
            let row = sqlx::query!(
                "select post_id, author_id from comments where id = $1 and deleted_at is null",
                id
            )
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
            Ok((access::post(conn, row.post_id).await?, row.author_id))
        }
    }
}

async fn tell_owners(
    conn: &mut PgConnection,
    viewer: &Viewer,
    target: Target,
    post: &access::PostInfo,
    owner: Option<Uuid>,
    total: i32,
) -> Result<(), AppError> {
    match (target, owner) {
        (Target::Post(id), _) => {
            for author in &post.authors {
                let event =
                    Event::new(*author, Kind::PostLiked, viewer.id, format!("reacted:{id}"))
                        .post(id);
                notify(conn, &event).await?;
                if MILESTONES.contains(&total) {
                    let mut event = Event::new(
                        *author,
                        Kind::MilestoneReached,
                        viewer.id,
                        format!("milestone:{id}:{total}"),
                    )
                    .post(id);
                    event.actor = None;
                    event.title = Some(format!("Your post reached {total} reactions"));
                    notify(conn, &event).await?;
                }
            }
        }
        (Target::Comment(id), Some(author)) => {
            let event = Event::new(
                author,
                Kind::CommentLiked,
                viewer.id,
                format!("comment_reacted:{id}"),
            )
            .post(post.id)
            .comment(id);
            notify(conn, &event).await?;
        }
        (Target::Comment(_), None) => {}
    }
    Ok(())
}

/// The counts of `target` and the viewer's own reactions.
pub async fn counts(
    conn: &mut PgConnection,
    viewer: Uuid,
    target: Target,
) -> Result<Reactions, AppError> {
    let (counts, mine) = match target {
        Target::Post(id) => (
            sqlx::query_scalar!("select reaction_counts from post_stats where post_id = $1", id)
                .fetch_optional(&mut *conn)
                .await?,
            sqlx::query_scalar!(
                r#"select reaction as "r: Reaction" from post_reactions where post_id = $1 and user_id = $2"#,
                id,
                viewer
            )
            .fetch_all(&mut *conn)
            .await?,
        ),
        Target::Comment(id) => (
            sqlx::query_scalar!("select reaction_counts from comments where id = $1", id)
                .fetch_optional(&mut *conn)
                .await?,
            sqlx::query_scalar!(
                r#"select reaction as "r: Reaction" from comment_reactions where comment_id = $1 and user_id = $2"#,
                id,
                viewer
            )
            .fetch_all(&mut *conn)
            .await?,
        ),
    };
    Ok(Reactions {
        counts: counts.unwrap_or_else(|| vec![0; 9]),
        mine,
    })
}

/// A page of the people who reacted to `target` (optionally with one
/// type), most recent first; each person once, with all their reactions.
pub async fn who(
    conn: &mut PgConnection,
    target: Target,
    only: Option<Reaction>,
    after: Option<&str>,
) -> Result<Reactors, AppError> {
    let (post, _) = owner(conn, target).await?;
    let counts = match target {
        Target::Post(id) => {
            sqlx::query_scalar!(
                "select reaction_counts from post_stats where post_id = $1",
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        Target::Comment(id) => {
            sqlx::query_scalar!("select reaction_counts from comments where id = $1", id)
                .fetch_optional(&mut *conn)
                .await?
        }
    }
    .unwrap_or_else(|| vec![0; 9]);
    let (about, about_href) = match target {
        Target::Post(_) => (post.title.clone(), crate::routes::post(&post.slug)),
        Target::Comment(id) => (
            format!("A comment on “{}”", post.title),
            format!("{}#c-{id}", crate::routes::comment_thread(&post.slug, id)),
        ),
    };
    let offset: i64 = match after {
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|_| AppError::field("after", "That page link is broken."))?,
        None => 0,
    };
    let rows = sqlx::query!(
        r#"with r as (
             select user_id, reaction, created_at from post_reactions where post_id = $1 and $2
             union all
             select user_id, reaction, created_at from comment_reactions where comment_id = $1 and not $2
           ), people as (
             select user_id, max(created_at) as latest,
                    array_agg(reaction::text order by reaction) as reactions
             from r where $3::reaction_type is null or reaction = $3
             group by user_id
           )
           select u.username::text as "username!", pr.display_name, a.id as "avatar_id?",
                  a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?",
                  p.reactions as "reactions!"
           from people p join users u on u.id = p.user_id
           join profiles pr on pr.user_id = u.id
           left join media_files a on a.id = pr.avatar_media_id
           where u.deleted_at is null and u.status not in ('DELETED', 'BANNED')
           order by p.latest desc, p.user_id
           offset $4 limit $5"#,
        target.id(),
        matches!(target, Target::Post(_)),
        only as Option<Reaction>,
        offset,
        PAGE + 1
    )
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() > usize::try_from(PAGE).unwrap_or(50);
    let people: Vec<Reactor> = rows
        .into_iter()
        .take(usize::try_from(PAGE).unwrap_or(50))
        .map(|r| Reactor {
            username: r.username,
            display_name: r.display_name,
            avatar_url: image_of(r.avatar_id, r.avatar_variants, r.avatar_blurhash)
                .map(|i| i.thumb_url),
            reactions: r
                .reactions
                .iter()
                .filter_map(|s| Reaction::parse(s))
                .collect(),
        })
        .collect();
    Ok(Reactors {
        about,
        about_href,
        counts,
        only,
        next_cursor: more.then(|| (offset + PAGE).to_string()),
        people,
    })
}
