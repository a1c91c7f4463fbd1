//! The account mails: verification, reset, notices and alerts.

use uuid::Uuid;

use crate::features::mail::ssr::Mail;

/// "Confirm your email" with the verification link.
pub fn verify_email(base: &str, user_id: Uuid, to: &str, username: &str, token: &str) -> Mail {
    let url = format!("{base}{}?token={token}", crate::routes::VERIFY_EMAIL);
    Mail::compose(
        "verify_email",
        Some(user_id),
        to,
        "Confirm your email for Sparkle Universe",
        &format!("Hi {username},"),
        &[
            "Welcome to Sparkle Universe! Confirm this is your email address to start posting, commenting and following.".into(),
            "The link works once and expires in 48 hours.".into(),
        ],
        Some(("Confirm my email", &url)),
    )
}

/// Sent to an existing account when someone signs up with its address.
pub fn signup_attempt(base: &str, user_id: Uuid, to: &str, username: &str) -> Mail {
    let signin = format!("{base}{}", crate::routes::SIGN_IN);
    Mail::compose(
        "signup_existing",
        Some(user_id),
        to,
        "Someone tried to sign up with your email",
        &format!("Hi {username},"),
        &[
            "Someone tried to create a new Sparkle Universe account with this email address. You already have an account, so nothing was created.".into(),
            "If it was you, sign in instead (you can reset your password from the sign-in page). If not, you can ignore this mail.".into(),
        ],
        Some(("Sign in", &signin)),
    )
}

/// The password reset link.
pub fn reset_password(base: &str, user_id: Uuid, to: &str, username: &str, token: &str) -> Mail {
    let url = format!("{base}{}?token={token}", crate::routes::RESET_PASSWORD);
    Mail::compose(
        "password_reset",
        Some(user_id),
        to,
        "Reset your Sparkle Universe password",
        &format!("Hi {username},"),
        &[
            "Someone (hopefully you) asked to reset the password of your account.".into(),
            "The link works once and expires in one hour. If you didn't ask, ignore this mail: your password stays as it is.".into(),
        ],
        Some(("Choose a new password", &url)),
    )
}

/// Confirms a password change and says what to do if it wasn't them.
pub fn password_changed(base: &str, user_id: Uuid, to: &str, username: &str) -> Mail {
    let forgot = format!("{base}{}", crate::routes::FORGOT_PASSWORD);
    Mail::compose(
        "password_changed",
        Some(user_id),
        to,
        "Your Sparkle Universe password was changed",
        &format!("Hi {username},"),
        &[
            "The password of your account was just changed, and every other signed-in device was signed out.".into(),
            "If this wasn't you, reset your password now.".into(),
        ],
        Some(("Reset my password", &forgot)),
    )
}

/// A sign-in from a device or network not seen before.
pub fn new_sign_in(
    base: &str,
    user_id: Uuid,
    to: &str,
    username: &str,
    device: &str,
    network: &str,
) -> Mail {
    let security = format!("{base}{}", crate::routes::SETTINGS_SECURITY);
    Mail::compose(
        "security_alert",
        Some(user_id),
        to,
        "New sign-in to your Sparkle Universe account",
        &format!("Hi {username},"),
        &[
            format!("Your account was just signed in from {device} (network {network})."),
            "If this was you, there is nothing to do. If not, sign that session out and change your password.".into(),
        ],
        Some(("Review my sessions", &security)),
    )
}

/// Confirms a deletion and says how to undo it before the purge.
pub fn account_deleted(
    base: &str,
    user_id: Uuid,
    to: &str,
    username: &str,
    purge_after: chrono::DateTime<chrono::Utc>,
) -> Mail {
    let signin = format!("{base}{}", crate::routes::SIGN_IN);
    Mail::compose(
        "account_deleted",
        Some(user_id),
        to,
        "Your Sparkle Universe account is deleted",
        &format!("Hi {username},"),
        &[
            format!(
                "Your account was deleted and every session signed out. On {} it and everything in it will be erased for good.",
                purge_after.format("%-d %B %Y")
            ),
            "Changed your mind? Sign in before then and it comes back as it was (your follows excepted).".into(),
        ],
        Some(("Sign in to keep my account", &signin)),
    )
}
