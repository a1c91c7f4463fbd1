//! Sign-up.
//!
//! Account enumeration: the answer to a sign-up never says whether the email
//! is already registered. Either way the page says "check your inbox"; the
//! existing owner gets a mail saying someone tried. Usernames are public (they
//! are profile addresses), so a taken username is reported as such.

use std::collections::BTreeMap;

use sqlx::PgPool;

use super::client::Client;
use super::limits::Limit;
use super::tokens::{self, Purpose};
use super::users::{self, NewUser, Taken};
use super::{mails, passwords};
use crate::context::ServerContext;
use crate::error::AppError;
use crate::features::accounts::types::{Email, Role, UserStatus, Username, check_new_password};
use crate::features::mail::ssr as mail;

/// What the sign-up form sends.
pub struct SignUp {
    pub username: String,
    pub email: String,
    pub password: String,
    pub referral_code: Option<String>,
}

/// Validates and creates the account (PENDING_VERIFICATION) and mails the
/// verification link. Returns the normalised email, for "check your inbox".
pub async fn sign_up(
    pool: &PgPool,
    ctx: &ServerContext,
    client: &Client,
    form: SignUp,
) -> Result<String, AppError> {
    ctx.limits.check(Limit::SignUpPerIp, &client.ip_key())?;

    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let username = Username::parse(&form.username)
        .map_err(|m| fields.insert("username".into(), vec![m]))
        .ok();
    let email = Email::parse(&form.email)
        .map_err(|m| fields.insert("email".into(), vec![m]))
        .ok();
    if let Err(m) = check_new_password(&form.password, &form.username, &form.email) {
        fields.insert("password".into(), vec![m]);
    }
    let referral = form
        .referral_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_uppercase);
    let mut conn = pool.acquire().await?;
    let referrer = match &referral {
        Some(code) => {
            let found = sqlx::query_scalar!(
                "select id from users where referral_code = $1 and deleted_at is null",
                code
            )
            .fetch_optional(&mut *conn)
            .await?;
            if found.is_none() {
                fields.insert(
                    "referral_code".into(),
                    vec!["That referral code isn't valid. Check it, or leave it empty.".into()],
                );
            }
            found
        }
        None => None,
    };
    drop(conn);
    let (Some(username), Some(email)) = (username, email) else {
        return Err(AppError::Validation { fields });
    };
    if !fields.is_empty() {
        return Err(AppError::Validation { fields });
    }

    // Hash before touching the table, so both outcomes below take as long.
    let hash = passwords::hash(form.password).await?;
    let mut tx = pool.begin().await?;
    let created = users::create(
        &mut tx,
        &NewUser {
            username: username.as_str(),
            email: email.as_str(),
            password_hash: Some(&hash),
            role: Role::User,
            status: UserStatus::PendingVerification,
            email_verified: false,
        },
    )
    .await?;
    let base = ctx.settings.public_url.as_str();
    let outbox = match created {
        Ok(user_id) => {
            if let (Some(referrer), Some(code)) = (referrer, &referral) {
                sqlx::query!(
                    "insert into referrals (referrer_id, referred_user_id, referral_code) values ($1, $2, $3)",
                    referrer,
                    user_id,
                    code
                )
                .execute(&mut *tx)
                .await?;
            }
            let token = tokens::issue(&mut tx, user_id, Purpose::VerifyEmail).await?;
            let message =
                mails::verify_email(base, user_id, email.as_str(), username.as_str(), &token);
            Some(mail::queue(&mut tx, &message).await?)
        }
        Err(Taken::Username) => {
            return Err(AppError::field(
                "username",
                "That username is taken. Try another.",
            ));
        }
        Err(Taken::Email) => {
            // Tell the owner, at most a few times an hour; tell the visitor nothing.
            let owner = users::find_by_login(&mut tx, email.as_str()).await?;
            match owner {
                Some(owner)
                    if ctx
                        .limits
                        .check(Limit::MailPerAccount, email.as_str())
                        .is_ok() =>
                {
                    let message =
                        mails::signup_attempt(base, owner.id, &owner.email, &owner.username);
                    Some(mail::queue(&mut tx, &message).await?)
                }
                _ => None,
            }
        }
    };
    tx.commit().await?;
    mail::kick(&outbox.into_iter().collect::<Vec<_>>());
    Ok(email.as_str().to_owned())
}
