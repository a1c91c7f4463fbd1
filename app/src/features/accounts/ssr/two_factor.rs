//! Two-factor sign-in with TOTP (RFC 6238) and one-time recovery codes.
//!
//! Enrolment stores a fresh secret while `two_factor_enabled` is still off;
//! a correct code from the authenticator turns it on and creates ten
//! recovery codes, kept only as SHA-256 hashes. A TOTP code is accepted once
//! (the last accepted time step is stored), a recovery code once.

use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use totp_rs::{Builder, Secret, Totp};
use tower_sessions::Session;
use uuid::Uuid;

use super::client::Client;
use super::limits::Limit;
use super::signin::{complete, record_attempt, refusal};
use super::users;
use crate::auth::keys;
use crate::context::ServerContext;
use crate::error::AppError;
use crate::features::accounts::types::{Enrolment, TwoFactorStatus};

/// The name authenticator apps show.
const ISSUER: &str = "Sparkle Universe";
/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;
/// How long a password-checked sign-in waits for its code.
const PENDING_SECS: i64 = 10 * 60;
/// Session key of recovery codes waiting to be shown once.
const FRESH_CODES: &str = "auth.fresh_recovery_codes";

fn totp(secret_b32: &str, account: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret_b32).map_err(AppError::internal)?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .map_err(AppError::internal)
}

/// The code for `secret_b32` at `unix_time` (what an authenticator app shows; for tests).
pub fn code_at(secret_b32: &str, unix_time: u64) -> Result<String, AppError> {
    Ok(totp(secret_b32, "x")?.generate(unix_time).to_string())
}

fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(AppError::internal)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#1e1b4b"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn hash_code(code: &str) -> Vec<u8> {
    Sha256::digest(normalise(code).as_bytes()).to_vec()
}

fn new_recovery_code() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    Ok(format!("{}-{}", &chars[..5], &chars[5..]))
}

/// Replaces `user_id`'s recovery codes with ten new ones; returns them.
async fn replace_recovery_codes(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<String>, AppError> {
    sqlx::query!("delete from recovery_codes where user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let code = new_recovery_code()?;
        sqlx::query!(
            "insert into recovery_codes (user_id, code_hash) values ($1, $2)",
            user_id,
            hash_code(&code)
        )
        .execute(&mut *conn)
        .await?;
        codes.push(code);
    }
    Ok(codes)
}

async fn alert(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: &str,
    title: &str,
    text: &str,
) -> Result<(), AppError> {
    sqlx::query!(
        "insert into security_alerts (user_id, kind, severity, title, description)
         values ($1, $2, 'high', $3, $4)",
        user_id,
        kind,
        title,
        text
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether two-factor is on, the codes left, an enrolment in progress, and
/// recovery codes to show (once) after turning it on.
pub async fn status(
    conn: &mut PgConnection,
    session: &Session,
    user_id: Uuid,
) -> Result<TwoFactorStatus, AppError> {
    let row = sqlx::query!(
        r#"select u.username::text as "username!", u.totp_secret, u.two_factor_enabled,
                  (select count(*) from recovery_codes r where r.user_id = u.id and r.used_at is null) as "left!"
           from users u where u.id = $1"#,
        user_id
    )
    .fetch_one(conn)
    .await?;
    let pending = match (&row.totp_secret, row.two_factor_enabled) {
        (Some(secret), false) => {
            let url = totp(secret, &row.username)?
                .to_url()
                .map_err(AppError::internal)?;
            Some(Enrolment {
                secret: secret
                    .as_bytes()
                    .chunks(4)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect::<Vec<_>>()
                    .join(" "),
                qr_svg: qr_svg(&url)?,
                otpauth_url: url,
            })
        }
        _ => None,
    };
    let fresh_codes = session
        .remove::<Vec<String>>(FRESH_CODES)
        .await
        .map_err(AppError::internal)?
        .unwrap_or_default();
    Ok(TwoFactorStatus {
        enabled: row.two_factor_enabled,
        recovery_codes_left: i32::try_from(row.left).unwrap_or(0),
        pending,
        fresh_codes,
    })
}

/// Starts (or restarts) enrolment with a fresh secret.
pub async fn start(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    let secret = Secret::generate().to_base32();
    let updated = sqlx::query!(
        "update users set totp_secret = $2, totp_last_step = null where id = $1 and not two_factor_enabled",
        user_id,
        secret
    )
    .execute(conn)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::Conflict {
            message: "Two-factor sign-in is already on.".into(),
        });
    }
    Ok(())
}

fn wrong_code() -> AppError {
    AppError::field(
        "code",
        "That code didn't match. Check your authenticator app's clock and try the newest code.",
    )
}

/// Checks a TOTP code against the stored secret and spends its time step.
async fn spend_totp(conn: &mut PgConnection, user_id: Uuid, code: &str) -> Result<bool, AppError> {
    let row = sqlx::query!(
        r#"select username::text as "username!", totp_secret from users where id = $1"#,
        user_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let Some(secret) = row.totp_secret else {
        return Ok(false);
    };
    let Some(step) = totp(&secret, &row.username)?.check_current(code) else {
        return Ok(false);
    };
    let step = i64::try_from(step).map_err(AppError::internal)?;
    // Only a step newer than the last one used counts: a code works once.
    let spent = sqlx::query!(
        "update users set totp_last_step = $2
         where id = $1 and (totp_last_step is null or totp_last_step < $2)",
        user_id,
        step
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(spent == 1)
}

/// Checks `code` (a TOTP code or an unused recovery code) and spends it.
/// Returns how the person proved themselves, or `None`.
pub async fn spend_code(
    conn: &mut PgConnection,
    user_id: Uuid,
    code: &str,
) -> Result<Option<&'static str>, AppError> {
    let code = normalise(code);
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(spend_totp(conn, user_id, &code).await?.then_some("totp"));
    }
    if code.len() != 10 {
        return Ok(None);
    }
    let used = sqlx::query!(
        "update recovery_codes set used_at = now()
         where user_id = $1 and code_hash = $2 and used_at is null",
        user_id,
        hash_code(&code)
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok((used == 1).then_some("recovery_code"))
}

/// Locks `user_id`'s row and says whether two-factor is on.
async fn lock_enabled(conn: &mut PgConnection, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        "select two_factor_enabled from users where id = $1 for update",
        user_id
    )
    .fetch_one(conn)
    .await?)
}

/// Keeps fresh recovery codes in the session for the page to show once.
async fn show_once(session: &Session, codes: Vec<String>) -> Result<Vec<String>, AppError> {
    session
        .insert(FRESH_CODES, &codes)
        .await
        .map_err(AppError::internal)?;
    Ok(codes)
}

/// Turns two-factor on with the first correct code; the new recovery codes
/// wait in the session to be shown once.
pub async fn confirm(
    pool: &PgPool,
    session: &Session,
    user_id: Uuid,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        "select totp_secret, two_factor_enabled from users where id = $1 for update",
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if row.two_factor_enabled {
        return Err(AppError::Conflict {
            message: "Two-factor sign-in is already on.".into(),
        });
    }
    if row.totp_secret.is_none() {
        return Err(AppError::Conflict {
            message: "Start the set-up first.".into(),
        });
    }
    let code = normalise(code);
    if !(code.len() == 6 && spend_totp(&mut tx, user_id, &code).await?) {
        return Err(wrong_code());
    }
    sqlx::query!(
        "update users set two_factor_enabled = true where id = $1",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    let codes = replace_recovery_codes(&mut tx, user_id).await?;
    alert(
        &mut tx,
        user_id,
        "two_factor_enabled",
        "Two-factor sign-in turned on",
        "Signing in now needs a code from your authenticator app or a recovery code.",
    )
    .await?;
    tx.commit().await?;
    show_once(session, codes).await
}

/// New recovery codes (the old ones stop working); needs a current code.
pub async fn regenerate(
    pool: &PgPool,
    session: &Session,
    user_id: Uuid,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let mut tx = pool.begin().await?;
    let enabled = lock_enabled(&mut tx, user_id).await?;
    if !enabled || spend_code(&mut tx, user_id, code).await?.is_none() {
        return Err(wrong_code());
    }
    let codes = replace_recovery_codes(&mut tx, user_id).await?;
    tx.commit().await?;
    show_once(session, codes).await
}

/// Turns two-factor off; needs a current code (or a recovery code).
pub async fn disable(pool: &PgPool, user_id: Uuid, code: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let enabled = lock_enabled(&mut tx, user_id).await?;
    if !enabled {
        return Err(AppError::Conflict {
            message: "Two-factor sign-in is already off.".into(),
        });
    }
    if spend_code(&mut tx, user_id, code).await?.is_none() {
        return Err(wrong_code());
    }
    sqlx::query!(
        "update users set two_factor_enabled = false, totp_secret = null, totp_last_step = null where id = $1",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("delete from recovery_codes where user_id = $1", user_id)
        .execute(&mut *tx)
        .await?;
    alert(
        &mut tx,
        user_id,
        "two_factor_disabled",
        "Two-factor sign-in turned off",
        "If this wasn't you, change your password now and turn it back on.",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The second step of signing in: the password was right; now the code.
pub async fn finish_sign_in(
    pool: &PgPool,
    ctx: &ServerContext,
    session: &Session,
    client: &Client,
    code: &str,
) -> Result<(), AppError> {
    let expired = || AppError::Conflict {
        message: "Your sign-in timed out. Please sign in again.".into(),
    };
    let (user_id, remember, started) = session
        .get::<(Uuid, bool, i64)>(keys::PENDING_2FA)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(expired)?;
    if chrono::Utc::now().timestamp() - started > PENDING_SECS {
        session.clear().await;
        return Err(expired());
    }
    ctx.limits
        .check(Limit::TwoFactorPerAccount, &user_id.to_string())?;
    let mut conn = pool.acquire().await?;
    let user = users::find_by_id(&mut conn, user_id)
        .await?
        .ok_or_else(expired)?;
    if let Some(refusal) = refusal(&user) {
        record_attempt(&mut conn, user.id, client, false, refusal.0).await?;
        session.clear().await;
        return Err(refusal.1);
    }
    let Some(method) = spend_code(&mut conn, user.id, code).await? else {
        record_attempt(&mut conn, user.id, client, false, "wrong_two_factor_code").await?;
        return Err(wrong_code());
    };
    drop(conn);
    complete(pool, ctx, session, client, &user, remember, method).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_readable_and_hash_the_same_however_typed() {
        let code = new_recovery_code().unwrap_or_default();
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        assert_eq!(
            hash_code(&code),
            hash_code(&code.to_lowercase().replace('-', " "))
        );
    }

    #[test]
    fn the_qr_code_is_an_svg() {
        let svg = qr_svg("otpauth://totp/Sparkle%20Universe:ana?secret=JBSWY3DPEHPK3PXP")
            .unwrap_or_default();
        assert!(svg.contains("<svg"));
    }
}
