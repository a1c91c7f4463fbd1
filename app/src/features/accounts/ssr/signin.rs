//! Sign-in: rate limits, the lockout, the password check, login history and
//! new-device alerts.
//!
//! Lockout: five wrong passwords for one account from one address lock that
//! address out of that account for 15 minutes. The lock is per address, so
//! an attacker elsewhere cannot lock the owner out, and it always expires;
//! the per-account rate limit only slows guessing from many addresses.
//! Every failure gets the same "wrong username or password" answer.

use sqlx::{PgConnection, PgPool};
use tower_sessions::Session;
use uuid::Uuid;

use super::client::Client;
use super::limits::Limit;
use super::sessions;
use super::users::{self, Credentials};
use super::{mails, passwords};
use crate::context::ServerContext;
use crate::error::AppError;
use crate::features::accounts::types::{LoginAttempt, SignInOutcome, UserStatus};
use crate::features::mail::ssr as mail;

/// Wrong passwords before an address is locked out of an account.
pub const LOCKOUT_THRESHOLD: i64 = 5;
/// How long the lock lasts, in minutes.
pub const LOCKOUT_MINUTES: i64 = 15;

/// The one answer to every failed sign-in.
pub fn wrong_credentials() -> AppError {
    AppError::field("form", "Wrong username or password.")
}

/// Records one attempt in the login history.
pub async fn record_attempt(
    conn: &mut PgConnection,
    user_id: Uuid,
    client: &Client,
    success: bool,
    reason: &str,
) -> Result<(), AppError> {
    let ip = client.ip.map(|ip| ip.to_string());
    sqlx::query!(
        "insert into login_history (user_id, ip_address, user_agent, device, location, success, reason)
         values ($1, $2::text::inet, $3, $4, $5, $6, $7)",
        user_id,
        ip,
        client.user_agent,
        client.device(),
        client.network(),
        success,
        reason,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The `limit` most recent sign-in attempts on `user_id`'s account.
pub async fn history(
    conn: &mut PgConnection,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<LoginAttempt>, AppError> {
    let rows = sqlx::query_as!(
        LoginAttempt,
        "select device, host(ip_address) as ip_address, success, reason, created_at
         from login_history where user_id = $1 order by created_at desc limit $2",
        user_id,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// Seconds left on a lockout of this address for this account, if locked.
async fn lockout_left(
    conn: &mut PgConnection,
    user_id: Uuid,
    client: &Client,
) -> Result<Option<u64>, AppError> {
    let ip = client.ip.map(|ip| ip.to_string());
    let row = sqlx::query!(
        r#"with since as (
             select greatest(now() - make_interval(mins => $3::int),
                             coalesce(max(created_at), '-infinity')) as t
             from login_history where user_id = $1 and success)
           select count(*) as "failures!",
                  extract(epoch from max(created_at) + make_interval(mins => $3::int) - now())::bigint as "left"
           from login_history, since
           where user_id = $1 and ip_address is not distinct from $2::text::inet
             and not success and reason = 'wrong_password' and created_at > since.t"#,
        user_id,
        ip,
        LOCKOUT_MINUTES as i32,
    )
    .fetch_one(conn)
    .await?;
    Ok((row.failures >= LOCKOUT_THRESHOLD).then(|| row.left.unwrap_or(0).max(1).unsigned_abs()))
}

/// Checks `login` and `password`; on success signs the session in (or asks
/// for the two-factor code first).
pub async fn sign_in(
    pool: &PgPool,
    ctx: &ServerContext,
    session: &Session,
    client: &Client,
    login: &str,
    password: String,
    remember: bool,
) -> Result<SignInOutcome, AppError> {
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        return Err(wrong_credentials());
    }
    ctx.limits.check(Limit::SignInPerIp, &client.ip_key())?;
    ctx.limits.check(Limit::SignInPerAccount, login)?;

    let mut conn = pool.acquire().await?;
    let Some(user) = users::find_by_login(&mut conn, login).await? else {
        // Same work as a real check, so timing tells nothing.
        let _ = passwords::verify(password, None).await?;
        return Err(wrong_credentials());
    };
    if let Some(left) = lockout_left(&mut conn, user.id, client).await? {
        record_attempt(&mut conn, user.id, client, false, "locked_out").await?;
        return Err(AppError::RateLimited {
            retry_after_secs: left,
        });
    }
    if !passwords::verify(password, user.password_hash.clone()).await? {
        record_attempt(&mut conn, user.id, client, false, "wrong_password").await?;
        return Err(wrong_credentials());
    }
    // Deleted, but within the grace period: signing in brings it back.
    let user = if user.status == UserStatus::Deleted {
        super::deletion::restore(&mut conn, &user).await?
    } else {
        user
    };
    // The password is right, so saying why the account can't sign in leaks nothing.
    if let Some(refusal) = refusal(&user) {
        record_attempt(&mut conn, user.id, client, false, refusal.0).await?;
        return Err(refusal.1);
    }
    if user.two_factor_enabled {
        sessions::begin_two_factor(session, user.id, remember).await?;
        return Ok(SignInOutcome::TwoFactorRequired);
    }
    drop(conn);
    complete(pool, ctx, session, client, &user, remember, "password").await?;
    Ok(SignInOutcome::SignedIn)
}

/// Why an account with the right password may still not sign in.
pub fn refusal(user: &Credentials) -> Option<(&'static str, AppError)> {
    let still =
        |until: Option<chrono::DateTime<chrono::Utc>>| until.is_none_or(|t| t > chrono::Utc::now());
    match user.status {
        UserStatus::Deleted => Some(("deleted", wrong_credentials())),
        UserStatus::Banned if still(user.status_expires_at) => Some((
            "banned",
            AppError::Restricted {
                message: match user.status_expires_at {
                    Some(t) => format!(
                        "This account is banned until {}.",
                        t.format("%-d %B %Y, %H:%M UTC")
                    ),
                    None => "This account is banned.".into(),
                },
            },
        )),
        UserStatus::Suspended if still(user.status_expires_at) => Some((
            "suspended",
            AppError::Restricted {
                message: match user.status_expires_at {
                    Some(t) => format!(
                        "This account is suspended until {}.",
                        t.format("%-d %B %Y, %H:%M UTC")
                    ),
                    None => "This account is suspended.".into(),
                },
            },
        )),
        _ => None,
    }
}

/// Finishes a sign-in whose checks all passed: new session id, history,
/// and an alert when the device or network is new for this account.
pub async fn complete(
    pool: &PgPool,
    ctx: &ServerContext,
    session: &Session,
    client: &Client,
    user: &Credentials,
    remember: bool,
    method: &str,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let seen = sqlx::query!(
        r#"select exists(select 1 from login_history where user_id = $1 and success) as "any!",
                  exists(select 1 from login_history where user_id = $1 and success
                         and device = $2 and location is not distinct from $3) as "known!""#,
        user.id,
        client.device(),
        client.network(),
    )
    .fetch_one(&mut *tx)
    .await?;
    record_attempt(&mut tx, user.id, client, true, method).await?;
    let mut outbox = Vec::new();
    if seen.any && !seen.known {
        let device = client.device();
        let network = client.network().unwrap_or_else(|| "unknown".into());
        sqlx::query!(
            "insert into security_alerts (user_id, kind, severity, title, description)
             values ($1, 'new_sign_in', 'medium', 'New sign-in', $2)",
            user.id,
            format!("Signed in from {device} (network {network}). If this wasn't you, sign that session out and change your password."),
        )
        .execute(&mut *tx)
        .await?;
        let wants_mail = sqlx::query_scalar!(
            "select security_alerts from notification_preferences where user_id = $1",
            user.id
        )
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or(true);
        if wants_mail {
            let message = mails::new_sign_in(
                &ctx.settings.public_url,
                user.id,
                &user.email,
                &user.username,
                &device,
                &network,
            );
            outbox.push(mail::queue(&mut tx, &message).await?);
        }
    }
    tx.commit().await?;
    mail::kick(&outbox);
    sessions::establish(session, user, client, remember).await
}
