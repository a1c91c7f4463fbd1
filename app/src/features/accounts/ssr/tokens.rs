//! Single-use tokens sent by mail (email verification, password reset).
//!
//! A token is 256 random bits; only its SHA-256 is stored, with its purpose,
//! expiry and the time it was used. Nobody can forge one, a database leak does
//! not reveal live ones, and using one marks it spent in the same statement
//! that checks it, so it works exactly once.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
        }
    }

    /// How long a token stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::VerifyEmail => Duration::hours(48),
            Self::ResetPassword => Duration::hours(1),
        }
    }
}

/// 32 random bytes, URL-safe base64 (43 characters).
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a token or code.
pub fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates a token for `user_id`; returns the token to put in the link.
pub async fn issue(
    conn: &mut PgConnection,
    user_id: Uuid,
    purpose: Purpose,
) -> Result<String, AppError> {
    let token = random_token()?;
    let expires = chrono::Utc::now() + purpose.lifetime();
    sqlx::query!(
        "insert into user_tokens (user_id, purpose, token_hash, expires_at) values ($1, $2, $3, $4)",
        user_id,
        purpose.as_str(),
        digest(&token),
        expires,
    )
    .execute(conn)
    .await?;
    Ok(token)
}

/// Spends `token` if it is live and for `purpose`; returns its user.
/// An unknown, expired or already used token gives `None`.
pub async fn consume(
    conn: &mut PgConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Option<Uuid>, AppError> {
    let row = sqlx::query_scalar!(
        "update user_tokens set used_at = now()
         where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
         returning user_id",
        digest(token.trim()),
        purpose.as_str(),
    )
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

/// Seconds since the last token of `purpose` was issued to `user_id`.
pub async fn seconds_since_last(
    conn: &mut PgConnection,
    user_id: Uuid,
    purpose: Purpose,
) -> Result<Option<i64>, AppError> {
    let secs = sqlx::query_scalar!(
        r#"select extract(epoch from now() - max(created_at))::bigint as "secs"
           from user_tokens where user_id = $1 and purpose = $2"#,
        user_id,
        purpose.as_str(),
    )
    .fetch_one(conn)
    .await?;
    Ok(secs)
}

/// Spends every live token of `purpose` for `user_id` (after a reset, older links die).
pub async fn revoke_all(
    conn: &mut PgConnection,
    user_id: Uuid,
    purpose: Purpose,
) -> Result<(), AppError> {
    sqlx::query!(
        "update user_tokens set used_at = now() where user_id = $1 and purpose = $2 and used_at is null",
        user_id,
        purpose.as_str(),
    )
    .execute(conn)
    .await?;
    Ok(())
}
