//! @mentions in posts and comments: a `mentions` row per person named, and
//! a MENTION notification the first time. Yourself, and anyone on either
//! side of a block with you, are left out.

use sqlx::PgConnection;
use uuid::Uuid;

use super::notify::{Event, notify};
use crate::error::AppError;
use crate::features::notifications::types::Kind;

/// At most this many people are notified from one post or comment.
const MAX_MENTIONS: usize = 20;

/// Records the mentions of `usernames` by `mentioner` in a post (and
/// comment); notifies each person named for the first time there.
pub async fn record(
    conn: &mut PgConnection,
    mentioner: Uuid,
    usernames: &[String],
    post_id: Uuid,
    comment_id: Option<Uuid>,
) -> Result<(), AppError> {
    if usernames.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = usernames.iter().take(MAX_MENTIONS).cloned().collect();
    let added = sqlx::query_scalar!(
        r#"insert into mentions (mentioner_id, mentioned_id, post_id, comment_id)
           select $1, u.id, $3, $4 from users u
           where u.username = any($2::text[]::citext[]) and u.id <> $1
             and u.deleted_at is null and u.status not in ('DELETED', 'BANNED')
             and not exists (select 1 from blocks b
                             where (b.blocker_id = u.id and b.blocked_id = $1)
                                or (b.blocker_id = $1 and b.blocked_id = u.id))
           on conflict on constraint mentions_once do nothing
           returning mentioned_id"#,
        mentioner,
        &names,
        post_id,
        comment_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let place = comment_id.unwrap_or(post_id);
    for person in added {
        let mut event =
            Event::new(person, Kind::Mention, mentioner, format!("mention:{place}")).post(post_id);
        event.comment_id = comment_id;
        notify(conn, &event).await?;
    }
    Ok(())
}
