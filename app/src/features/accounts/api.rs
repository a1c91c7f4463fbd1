//! Server functions for accounts. Each is thin: guard, validate, call `ssr`.
//! All of them are POST (the default), so none can be triggered by a link.

use leptos::prelude::*;

use super::types::{LoginAttempt, SessionInfo, SignInOutcome, TwoFactorStatus, Viewer};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn client() -> Result<super::ssr::client::Client, AppError> {
    let ctx = crate::context::server()?;
    Ok(super::ssr::client::Client::current(
        ctx.settings.trust_proxy,
    ))
}

/// Only same-site paths may be redirect targets after sign-in.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => crate::routes::HOME.to_owned(),
    }
}

/// The signed-in person, or `None`.
#[server(prefix = "/api", endpoint = "viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    crate::auth::viewer().await
}

/// Creates an account and mails its verification link; returns the address
/// the link went to. Does not sign in (see `ssr::signup` on enumeration).
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    username: String,
    email: String,
    password: String,
    referral_code: Option<String>,
) -> Result<String, AppError> {
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let form = super::ssr::signup::SignUp {
        username,
        email,
        password,
        referral_code,
    };
    let email = super::ssr::signup::sign_up(&pool, &ctx, &client()?, form).await?;
    leptos_axum::redirect(&format!(
        "{}?sent={}",
        crate::routes::SIGN_UP,
        urlencode(&email)
    ));
    Ok(email)
}

/// Signs in by username or email. Without JavaScript the browser is sent on
/// to `next` (or to the two-factor step).
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    login: String,
    password: String,
    remember: Option<String>,
    next: Option<String>,
) -> Result<SignInOutcome, AppError> {
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let session = crate::auth::session().await?;
    let outcome = super::ssr::signin::sign_in(
        &pool,
        &ctx,
        &session,
        &client()?,
        &login,
        password,
        remember.is_some(),
    )
    .await?;
    match outcome {
        SignInOutcome::SignedIn => leptos_axum::redirect(&safe_next(next.as_deref())),
        SignInOutcome::TwoFactorRequired => {
            let next = safe_next(next.as_deref());
            leptos_axum::redirect(&format!(
                "{}?next={}",
                crate::routes::SIGN_IN_TWO_FACTOR,
                urlencode(&next)
            ));
        }
    }
    Ok(outcome)
}

#[cfg(feature = "ssr")]
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Signs the current session out and goes home.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let session = crate::auth::session().await?;
    super::ssr::sessions::sign_out(&session).await?;
    leptos_axum::redirect(crate::routes::HOME);
    Ok(())
}

/// Spends a verification link; returns the username it verified.
#[server(prefix = "/api", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<String, AppError> {
    let pool = crate::context::pool()?;
    let username = super::ssr::recovery::verify_email(&pool, &token).await?;
    leptos_axum::redirect(&format!("{}?verified=1", crate::routes::SIGN_IN));
    Ok(username)
}

/// Sends a fresh verification link (the answer never says whether the address is registered).
#[server(prefix = "/api", endpoint = "resend_verification")]
pub async fn resend_verification(email: String) -> Result<(), AppError> {
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    super::ssr::recovery::resend_verification(&pool, &ctx, &client()?, &email).await?;
    leptos_axum::redirect(&format!(
        "{}?sent={}&resent=1",
        crate::routes::SIGN_UP,
        urlencode(email.trim())
    ));
    Ok(())
}

/// Sends a password reset link (the answer never says whether the address is registered).
#[server(prefix = "/api", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    super::ssr::recovery::request_reset(&pool, &ctx, &client()?, &email).await?;
    leptos_axum::redirect(&format!("{}?sent=1", crate::routes::FORGOT_PASSWORD));
    Ok(())
}

/// Sets a new password from a reset link; every session is signed out.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    super::ssr::recovery::reset_password(&pool, &ctx, &client()?, &token, password).await?;
    leptos_axum::redirect(&format!("{}?reset=1", crate::routes::SIGN_IN));
    Ok(())
}

/// Changes the password (the current one is required); other sessions end.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let session = crate::auth::session().await?;
    let epoch = super::ssr::recovery::change_password(
        &pool,
        &ctx,
        viewer.id,
        session.id().map(|id| id.to_string()),
        current_password,
        new_password,
    )
    .await?;
    session
        .insert(crate::auth::keys::EPOCH, epoch)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect(&format!("{}?changed=1", crate::routes::SETTINGS_SECURITY));
    Ok(())
}

/// The caller's signed-in sessions.
#[server(prefix = "/api", endpoint = "sessions")]
pub async fn list_sessions() -> Result<Vec<SessionInfo>, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let session = crate::auth::session().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::sessions::list(&mut conn, viewer.id, session.id().map(|id| id.to_string())).await
}

/// Signs one of the caller's sessions out.
#[server(prefix = "/api", endpoint = "revoke_session")]
pub async fn revoke_session(handle: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    if super::ssr::sessions::revoke(&mut conn, viewer.id, &handle).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Signs every other session of the caller out; returns how many.
#[server(prefix = "/api", endpoint = "revoke_other_sessions")]
pub async fn revoke_other_sessions() -> Result<u64, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let session = crate::auth::session().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::sessions::revoke_others(&mut conn, viewer.id, session.id().map(|id| id.to_string()))
        .await
}

/// The caller's 50 most recent sign-in attempts.
#[server(prefix = "/api", endpoint = "login_history")]
pub async fn login_history() -> Result<Vec<LoginAttempt>, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::signin::history(&mut conn, viewer.id, 50).await
}

/// Two-factor sign-in for the caller: on or off, codes left, set-up in progress.
#[server(prefix = "/api", endpoint = "two_factor")]
pub async fn get_two_factor() -> Result<TwoFactorStatus, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let session = crate::auth::session().await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::two_factor::status(&mut conn, &session, viewer.id).await
}

/// Starts setting up an authenticator app (a new secret each time).
#[server(prefix = "/api", endpoint = "start_two_factor")]
pub async fn start_two_factor() -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::two_factor::start(&mut conn, viewer.id).await?;
    leptos_axum::redirect(&format!("{}#two-factor", crate::routes::SETTINGS_SECURITY));
    Ok(())
}

/// Turns two-factor on with a code from the app; returns the recovery codes.
#[server(prefix = "/api", endpoint = "confirm_two_factor")]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let session = crate::auth::session().await?;
    let pool = crate::context::pool()?;
    let codes = super::ssr::two_factor::confirm(&pool, &session, viewer.id, &code).await?;
    leptos_axum::redirect(&format!("{}#two-factor", crate::routes::SETTINGS_SECURITY));
    Ok(codes)
}

/// Replaces the recovery codes; needs a current code.
#[server(prefix = "/api", endpoint = "regenerate_recovery_codes")]
pub async fn regenerate_recovery_codes(code: String) -> Result<Vec<String>, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let session = crate::auth::session().await?;
    let pool = crate::context::pool()?;
    let codes = super::ssr::two_factor::regenerate(&pool, &session, viewer.id, &code).await?;
    leptos_axum::redirect(&format!("{}#two-factor", crate::routes::SETTINGS_SECURITY));
    Ok(codes)
}

/// Turns two-factor off; needs a current code or a recovery code.
#[server(prefix = "/api", endpoint = "disable_two_factor")]
pub async fn disable_two_factor(code: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    super::ssr::two_factor::disable(&pool, viewer.id, &code).await?;
    leptos_axum::redirect(&format!(
        "{}?two_factor=off#two-factor",
        crate::routes::SETTINGS_SECURITY
    ));
    Ok(())
}

/// The second step of signing in: the code from the authenticator app or
/// a recovery code. Without JavaScript the browser is sent on to `next`.
#[server(prefix = "/api", endpoint = "verify_two_factor")]
pub async fn verify_two_factor(code: String, next: Option<String>) -> Result<(), AppError> {
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let session = crate::auth::session().await?;
    super::ssr::two_factor::finish_sign_in(&pool, &ctx, &session, &client()?, &code).await?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Where the sign-in page may offer an OpenID Connect provider: its name, or
/// `None` when sign-in with one is off.
#[server(prefix = "/api", endpoint = "sign_in_provider")]
pub async fn get_sign_in_provider() -> Result<Option<String>, AppError> {
    let ctx = crate::context::server()?;
    Ok(ctx.oidc.as_deref().map(|oidc| oidc.name().to_owned()))
}

/// Starts a trip to the OpenID Connect provider (sent by a plain form, so the
/// browser follows the redirect): `intent` is `signin`, or `link` for the
/// signed-in caller.
#[server(prefix = "/api", endpoint = "start_oidc")]
pub async fn start_oidc(intent: String, remember: Option<String>) -> Result<(), AppError> {
    use super::ssr::oidc::Intent;
    let ctx = crate::context::server()?;
    let oidc = ctx.oidc.clone().ok_or(AppError::NotFound)?;
    let session = crate::auth::session().await?;
    let intent = match intent.as_str() {
        "link" => Intent::Link {
            user_id: crate::auth::authorize(crate::auth::Access::Member)
                .await?
                .id,
        },
        _ => Intent::SignIn {
            remember: remember.is_some(),
        },
    };
    let url = oidc.start(&session, intent).await?;
    leptos_axum::redirect(&url);
    Ok(())
}

/// The caller's account settings: how they sign in.
#[server(prefix = "/api", endpoint = "account_settings")]
pub async fn get_account_settings() -> Result<super::types::AccountSettings, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let user = super::ssr::users::find_by_id(&mut conn, viewer.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let linked = super::ssr::oidc::linked(&mut conn, &ctx, viewer.id).await?;
    Ok(super::types::AccountSettings {
        username: user.username,
        email: user.email,
        has_password: user.password_hash.is_some(),
        linked,
        provider: ctx.oidc.as_deref().map(|oidc| oidc.name().to_owned()),
    })
}

/// Unlinks a sign-in provider from the caller (not their only way in).
#[server(prefix = "/api", endpoint = "unlink_sign_in")]
pub async fn unlink_sign_in(provider: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    super::ssr::oidc::unlink(&pool, viewer.id, &provider).await
}

/// Deletes the caller's account (30 days to change their mind): `password`
/// confirms it, or `confirm` (their username) for accounts without one.
#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(password: String, confirm: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let session = crate::auth::session().await?;
    super::ssr::deletion::delete_account(&pool, &ctx, &session, viewer.id, password, &confirm)
        .await?;
    leptos_axum::redirect(&format!("{}?deleted=1", crate::routes::SIGN_IN));
    Ok(())
}

/// The caller's latest security alerts, those not yet reviewed first.
#[server(prefix = "/api", endpoint = "security_alerts")]
pub async fn list_security_alerts() -> Result<Vec<super::types::SecurityAlert>, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::alerts::list(&mut conn, viewer.id).await
}

/// Marks one of the caller's security alerts reviewed (404 if not theirs).
#[server(prefix = "/api", endpoint = "resolve_security_alert")]
pub async fn resolve_security_alert(id: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    if super::ssr::alerts::resolve(&mut conn, viewer.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
