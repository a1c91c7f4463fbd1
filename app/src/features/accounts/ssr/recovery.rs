//! Email verification, password reset and password change.
//!
//! Reset requests never say whether an account exists: the answer is always
//! "if an account uses that address, we sent a link".

use sqlx::PgPool;
use uuid::Uuid;

use super::client::Client;
use super::limits::Limit;
use super::tokens::{self, Purpose};
use super::users;
use super::{admin, mails, passwords, signin};
use crate::context::ServerContext;
use crate::error::AppError;
use crate::features::accounts::types::{Email, UserStatus, check_new_password};
use crate::features::mail::ssr as mail;

/// Seconds between two verification or reset mails for one account.
pub const MAIL_COOLDOWN_SECS: i64 = 60;

fn dead_link() -> AppError {
    AppError::field(
        "token",
        "This link has expired or was already used. Ask for a new one below.",
    )
}

/// Spends a verification token: marks the email verified and activates a
/// pending account. Returns the username.
pub async fn verify_email(pool: &PgPool, token: &str) -> Result<String, AppError> {
    let mut tx = pool.begin().await?;
    let user_id = tokens::consume(&mut tx, token, Purpose::VerifyEmail)
        .await?
        .ok_or_else(dead_link)?;
    let row = sqlx::query!(
        r#"update users u
           set email_verified_at = coalesce(u.email_verified_at, now()),
               status = case when u.status = 'PENDING_VERIFICATION' then 'ACTIVE'::user_status else u.status end
           from (select id, status from users where id = $1 for update) old
           where u.id = old.id
           returning u.username::text as "username!", u.status as "status: UserStatus",
                     old.status as "before: UserStatus""#,
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if row.before != row.status {
        admin::audit_status(
            &mut tx,
            None,
            user_id,
            row.before,
            row.status,
            "email verified",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(row.username)
}

/// Mails a new verification link to `email`, if it belongs to an unverified
/// account.
pub async fn resend_verification(
    pool: &PgPool,
    ctx: &ServerContext,
    client: &Client,
    email: &str,
) -> Result<(), AppError> {
    mail_link(pool, ctx, client, email, Purpose::VerifyEmail).await
}

/// Mails a reset link to `email` when it belongs to an account.
pub async fn request_reset(
    pool: &PgPool,
    ctx: &ServerContext,
    client: &Client,
    email: &str,
) -> Result<(), AppError> {
    mail_link(pool, ctx, client, email, Purpose::ResetPassword).await
}

/// Mails a `purpose` link to the account using `email`, when there is one
/// that needs it and its last link went out over a minute ago. Every "no" is
/// silent: the answer is the same whether or not the account exists.
async fn mail_link(
    pool: &PgPool,
    ctx: &ServerContext,
    client: &Client,
    email: &str,
    purpose: Purpose,
) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    ctx.limits.check(Limit::MailPerIp, &client.ip_key())?;
    ctx.limits.check(Limit::MailPerAccount, email.as_str())?;
    let mut tx = pool.begin().await?;
    let Some(user) = users::find_by_login(&mut tx, email.as_str()).await? else {
        return Ok(());
    };
    let needs_it = match purpose {
        Purpose::VerifyEmail => !user.email_verified,
        Purpose::ResetPassword => true,
    };
    if !needs_it || user.email != email.as_str() || user.status == UserStatus::Deleted {
        return Ok(());
    }
    if let Some(secs) = tokens::seconds_since_last(&mut tx, user.id, purpose).await?
        && secs < MAIL_COOLDOWN_SECS
    {
        return Ok(());
    }
    let token = tokens::issue(&mut tx, user.id, purpose).await?;
    let compose = match purpose {
        Purpose::VerifyEmail => mails::verify_email,
        Purpose::ResetPassword => mails::reset_password,
    };
    let message = compose(
        &ctx.settings.public_url,
        user.id,
        &user.email,
        &user.username,
        &token,
    );
    let id = mail::queue(&mut tx, &message).await?;
    tx.commit().await?;
    mail::kick(&[id]);
    Ok(())
}

/// Sets a new password from a reset link. Every session of the account is
/// revoked; the person signs in again with the new password.
pub async fn reset_password(
    pool: &PgPool,
    ctx: &ServerContext,
    client: &Client,
    token: &str,
    password: String,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let user_id = tokens::consume(&mut tx, token, Purpose::ResetPassword)
        .await?
        .ok_or_else(dead_link)?;
    let user = users::find_by_id(&mut tx, user_id)
        .await?
        .ok_or_else(dead_link)?;
    if let Err(m) = check_new_password(&password, &user.username, &user.email) {
        // Leave the link usable for a second try.
        return Err(AppError::field("password", m));
    }
    let hash = passwords::hash(password).await?;
    set_password(&mut tx, user.id, &hash, None).await?;
    tokens::revoke_all(&mut tx, user.id, Purpose::ResetPassword).await?;
    signin::record_attempt(&mut tx, user.id, client, true, "password_reset").await?;
    let message = mails::password_changed(
        &ctx.settings.public_url,
        user.id,
        &user.email,
        &user.username,
    );
    let id = mail::queue(&mut tx, &message).await?;
    tx.commit().await?;
    mail::kick(&[id]);
    Ok(())
}

/// Changes the password of a signed-in person who knows the current one.
/// Other sessions are revoked; `current_session` stays signed in. Returns the
/// new session epoch for the current session.
pub async fn change_password(
    pool: &PgPool,
    ctx: &ServerContext,
    user_id: Uuid,
    current_session: Option<String>,
    current: String,
    new: String,
) -> Result<i32, AppError> {
    let mut conn = pool.acquire().await?;
    let user = users::find_by_id(&mut conn, user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    drop(conn);
    ctx.limits.check(Limit::SignInPerAccount, &user.username)?;
    if !passwords::verify(current, user.password_hash.clone()).await? {
        return Err(AppError::field(
            "current_password",
            "That isn't your current password.",
        ));
    }
    check_new_password(&new, &user.username, &user.email)
        .map_err(|m| AppError::field("new_password", m))?;
    let hash = passwords::hash(new).await?;
    let mut tx = pool.begin().await?;
    let epoch = set_password(&mut tx, user.id, &hash, current_session).await?;
    let message = mails::password_changed(
        &ctx.settings.public_url,
        user.id,
        &user.email,
        &user.username,
    );
    let id = mail::queue(&mut tx, &message).await?;
    tx.commit().await?;
    mail::kick(&[id]);
    Ok(epoch)
}

/// Stores a new password hash, bumps the session epoch and deletes every
/// session but `keep`.
async fn set_password(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
    hash: &str,
    keep: Option<String>,
) -> Result<i32, AppError> {
    let epoch = sqlx::query_scalar!(
        "update users set password_hash = $2, session_epoch = session_epoch + 1 where id = $1 returning session_epoch",
        user_id,
        hash
    )
    .fetch_one(&mut *conn)
    .await?;
    super::sessions::revoke_others(conn, user_id, keep).await?;
    sqlx::query!(
        "insert into security_alerts (user_id, kind, severity, title, description)
         values ($1, 'password_changed', 'high', 'Password changed',
                 'Your password was changed and your other sessions were signed out.')",
        user_id
    )
    .execute(conn)
    .await?;
    Ok(epoch)
}
