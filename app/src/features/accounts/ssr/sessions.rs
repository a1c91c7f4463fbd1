//! Server-side sessions: starting one at sign-in, listing and revoking them.
//!
//! The cookie holds only the session id (tower-sessions); the row in
//! `sessions` holds the rest. Revoking deletes the row, so the cookie stops
//! working on its very next request.

use sqlx::PgConnection;
use tower_sessions::{Expiry, Session};
use uuid::Uuid;

use super::client::{Client, device_name};
use super::users::Credentials;
use crate::auth::{grant, keys};
use crate::error::AppError;
use crate::features::accounts::types::SessionInfo;

/// How long a "remember me" session lasts without a visit.
pub const REMEMBER_DAYS: i64 = 30;

fn store_err(e: tower_sessions::session::Error) -> AppError {
    AppError::internal(e)
}

/// Signs `session` in as `user`, under a new session id.
pub async fn establish(
    session: &Session,
    user: &Credentials,
    client: &Client,
    remember: bool,
) -> Result<(), AppError> {
    session.cycle_id().await.map_err(store_err)?;
    session.clear().await;
    session.set_expiry(Some(if remember {
        Expiry::OnInactivity(time::Duration::days(REMEMBER_DAYS))
    } else {
        Expiry::OnSessionEnd
    }));
    session
        .insert(keys::USER_ID, user.id)
        .await
        .map_err(store_err)?;
    session
        .insert(keys::EPOCH, user.session_epoch)
        .await
        .map_err(store_err)?;
    session
        .insert(keys::GRANT, grant(user.role, user.status))
        .await
        .map_err(store_err)?;
    session
        .insert(keys::TOUCHED, chrono::Utc::now().date_naive().to_string())
        .await
        .map_err(store_err)?;
    session
        .insert(keys::CLIENT_IP, client.ip.map(|ip| ip.to_string()))
        .await
        .map_err(store_err)?;
    session
        .insert(keys::CLIENT_UA, &client.user_agent)
        .await
        .map_err(store_err)?;
    Ok(())
}

/// Parks a sign-in until its two-factor code arrives (the session is not signed in).
pub async fn begin_two_factor(
    session: &Session,
    user_id: Uuid,
    remember: bool,
) -> Result<(), AppError> {
    session.cycle_id().await.map_err(store_err)?;
    session.clear().await;
    session
        .insert(
            keys::PENDING_2FA,
            (user_id, remember, chrono::Utc::now().timestamp()),
        )
        .await
        .map_err(store_err)
}

/// Signs the session out: deletes its row and clears the cookie.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(store_err)
}

/// The user's live sessions, current first, then by last activity. Each
/// carries a revocation handle, a prefix of the SHA-256 of its id: the id
/// itself is a bearer secret and never goes to the browser.
pub async fn list(
    conn: &mut PgConnection,
    user_id: Uuid,
    current: Option<String>,
) -> Result<Vec<SessionInfo>, AppError> {
    let rows = sqlx::query!(
        r#"select left(encode(sha256(convert_to(id, 'UTF8')), 'hex'), 20) as "handle!",
                  id = $2 as "current!", user_agent, host(ip_address) as ip, created_at, last_seen_at
           from sessions where user_id = $1 and expires_at > now()
           order by (id = $2) desc, last_seen_at desc limit 100"#,
        user_id,
        current.unwrap_or_default(),
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionInfo {
            handle: r.handle,
            device: device_name(r.user_agent.as_deref().unwrap_or("")),
            ip_address: r.ip,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            current: r.current,
        })
        .collect())
}

/// Revokes one of the user's sessions by handle; false if there was none.
pub async fn revoke(
    conn: &mut PgConnection,
    user_id: Uuid,
    handle: &str,
) -> Result<bool, AppError> {
    if handle.len() != 20 || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let done = sqlx::query!(
        "delete from sessions
         where user_id = $1 and left(encode(sha256(convert_to(id, 'UTF8')), 'hex'), 20) = $2",
        user_id,
        handle.to_ascii_lowercase(),
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Revokes every session of the user except `keep`; returns how many went.
pub async fn revoke_others(
    conn: &mut PgConnection,
    user_id: Uuid,
    keep: Option<String>,
) -> Result<u64, AppError> {
    let done = sqlx::query!(
        "delete from sessions where user_id = $1 and id is distinct from $2",
        user_id,
        keep,
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
