//! Role and status changes, each written to the audit log, and the first admin.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::types::{Role, UserStatus};

/// Writes one audit entry about `user_id`: what changed from `before` to `after`.
async fn audit(
    conn: &mut PgConnection,
    actor: Option<Uuid>,
    action: &str,
    user_id: Uuid,
    before: serde_json::Value,
    after: serde_json::Value,
    reason: &str,
) -> Result<(), AppError> {
    sqlx::query!(
        "insert into audit_logs (user_id, action, entity_type, entity_id, entity_data, changed_data, reason, request_id)
         values ($1, $2::text::audit_action, 'user', $3, $4, $5, $6, $7)",
        actor,
        action,
        user_id.to_string(),
        before,
        after,
        reason,
        crate::request::current_request_id(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the audit entry for a status change by `actor` (None: the system).
pub async fn audit_status(
    conn: &mut PgConnection,
    actor: Option<Uuid>,
    user_id: Uuid,
    before: UserStatus,
    after: UserStatus,
    reason: &str,
) -> Result<(), AppError> {
    let action = if actor.is_some() {
        "MODERATION_ACTION"
    } else {
        "SYSTEM_ACTION"
    };
    audit(
        conn,
        actor,
        action,
        user_id,
        serde_json::json!({ "status": before }),
        serde_json::json!({ "status": after }),
        reason,
    )
    .await
}

/// Changes a user's role and writes the audit log.
pub async fn set_role(
    conn: &mut PgConnection,
    actor: Option<Uuid>,
    user_id: Uuid,
    role: Role,
    reason: &str,
) -> Result<(), AppError> {
    let before = sqlx::query_scalar!(
        r#"select role as "role: Role" from users where id = $1 for update"#,
        user_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if before == role {
        return Ok(());
    }
    sqlx::query!(
        "update users set role = $2 where id = $1",
        user_id,
        role as Role
    )
    .execute(&mut *conn)
    .await?;
    audit(
        conn,
        actor,
        "PERMISSION_CHANGE",
        user_id,
        serde_json::json!({ "role": before }),
        serde_json::json!({ "role": role }),
        reason,
    )
    .await
}

/// Changes a user's status (with an optional end for suspensions and bans)
/// and writes the audit log.
pub async fn set_status(
    conn: &mut PgConnection,
    actor: Option<Uuid>,
    user_id: Uuid,
    status: UserStatus,
    until: Option<DateTime<Utc>>,
    reason: &str,
) -> Result<(), AppError> {
    let before = sqlx::query_scalar!(
        r#"select status as "status: UserStatus" from users where id = $1 for update"#,
        user_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    sqlx::query!(
        "update users set status = $2, status_expires_at = $3, status_reason = $4 where id = $1",
        user_id,
        status as UserStatus,
        until,
        reason
    )
    .execute(&mut *conn)
    .await?;
    audit_status(conn, actor, user_id, before, status, reason).await
}

/// Ends a suspension or ban whose time is up.
pub async fn lift_expired_restriction(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<(), AppError> {
    let lifted = sqlx::query!(
        r#"update users u
           set status = case when email_verified_at is null then 'PENDING_VERIFICATION'::user_status
                             else 'ACTIVE'::user_status end,
               status_expires_at = null, status_reason = null
           from (select id, status from users where id = $1 for update) old
           where u.id = old.id and u.status in ('SUSPENDED', 'BANNED') and u.status_expires_at <= now()
           returning old.status as "before: UserStatus", u.status as "after: UserStatus""#,
        user_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = lifted {
        audit_status(
            conn,
            None,
            user_id,
            row.before,
            row.after,
            "restriction expired",
        )
        .await?;
    }
    Ok(())
}
