//! Raising a notification, inside the transaction of what caused it.
//!
//! Events with the same group key join the recipient's open (unread)
//! notification: the upsert locks that row, so concurrent events are
//! counted one by one, and a person is counted once per notification
//! (`notification_actors`), however many times they react.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::notifications::types::Kind;

/// Something that happened that someone may want to know.
#[derive(Debug, Clone)]
pub struct Event {
    pub recipient: Uuid,
    pub kind: Kind,
    /// The person behind it (`None` for the site itself).
    pub actor: Option<Uuid>,
    pub post_id: Option<Uuid>,
    pub comment_id: Option<Uuid>,
    /// Events with the same key join one notification while it is unread.
    pub group_key: String,
    /// Words and a link of its own (system notices, milestones).
    pub title: Option<String>,
    pub message: Option<String>,
    pub url: Option<String>,
}

impl Event {
    /// An event about a post or comment by `actor`.
    pub fn new(recipient: Uuid, kind: Kind, actor: Uuid, group_key: String) -> Self {
        Self {
            recipient,
            kind,
            actor: Some(actor),
            post_id: None,
            comment_id: None,
            group_key,
            title: None,
            message: None,
            url: None,
        }
    }

    pub fn post(mut self, post_id: Uuid) -> Self {
        self.post_id = Some(post_id);
        self
    }

    pub fn comment(mut self, comment_id: Uuid) -> Self {
        self.comment_id = Some(comment_id);
        self
    }
}

/// A type the person wants by email but not in the app: a notification the
/// centre never shows (dismissed from the start, never grouped), there to be
/// mailed.
async fn email_only(conn: &mut PgConnection, event: &Event) -> Result<Option<Uuid>, AppError> {
    let choice = super::settings::email_choice(conn, event.recipient, event.kind).await?;
    if !choice.wanted {
        return Ok(None);
    }
    let id = sqlx::query_scalar!(
        "insert into notifications (user_id, type, group_key, actor_id, post_id, comment_id, title, message, url,
                                    joinable, dismissed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, now())
         returning id",
        event.recipient,
        event.kind as Kind,
        event.group_key,
        event.actor,
        event.post_id,
        event.comment_id,
        event.title,
        event.message,
        event.url,
    )
    .fetch_one(&mut *conn)
    .await?;
    if let Some(actor) = event.actor {
        sqlx::query!(
            "insert into notification_actors (notification_id, actor_id) values ($1, $2) on conflict do nothing",
            id,
            actor
        )
        .execute(&mut *conn)
        .await?;
    }
    super::email::consider(conn, event.recipient, event.kind, id).await?;
    Ok(Some(id))
}

/// Records `event` for its recipient unless it is their own doing, either
/// has blocked the other, the account is gone, or they turned the type off
/// in the app. Returns the notification it landed in.
pub async fn notify(conn: &mut PgConnection, event: &Event) -> Result<Option<Uuid>, AppError> {
    if event.actor == Some(event.recipient) {
        return Ok(None);
    }
    let Some(choice) = sqlx::query!(
        r#"select (u.status not in ('DELETED', 'BANNED') and u.deleted_at is null
                   and not exists (select 1 from blocks b
                                   where (b.blocker_id = u.id and b.blocked_id = $3)
                                      or (b.blocker_id = $3 and b.blocked_id = u.id))) as "allowed!",
                  coalesce(s.in_app, true) as "in_app!"
           from users u
           left join notification_settings s on s.user_id = u.id and s.type = $2
           where u.id = $1"#,
        event.recipient,
        event.kind as Kind,
        event.actor,
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    if !choice.allowed {
        return Ok(None);
    }
    if !choice.in_app {
        return email_only(conn, event).await;
    }
    let row = sqlx::query!(
        r#"insert into notifications (user_id, type, group_key, actor_id, post_id, comment_id, title, message, url)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           on conflict (user_id, group_key) where joinable
           do update set type = excluded.type
           returning id, (xmax = 0) as "created!""#,
        event.recipient,
        event.kind as Kind,
        event.group_key,
        event.actor,
        event.post_id,
        event.comment_id,
        event.title,
        event.message,
        event.url,
    )
    .fetch_one(&mut *conn)
    .await?;
    if let Some(actor) = event.actor {
        let new_actor = sqlx::query!(
            "insert into notification_actors (notification_id, actor_id) values ($1, $2)
             on conflict do nothing",
            row.id,
            actor
        )
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        if new_actor && !row.created {
            sqlx::query!(
                "update notifications set actor_count = actor_count + 1, actor_id = $2,
                        comment_id = coalesce($3, comment_id), updated_at = now()
                 where id = $1",
                row.id,
                actor,
                event.comment_id,
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    if row.created {
        crate::features::live::ssr::unread_changed(conn, event.recipient).await?;
        super::email::consider(conn, event.recipient, event.kind, row.id).await?;
    }
    Ok(Some(row.id))
}
