//! Reading and creating user rows.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::types::{Role, UserStatus};

/// What sign-in and the account pages need about a user. Holds the password
/// hash, so it never leaves the server (no `Serialize`).
pub struct Credentials {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    pub status_expires_at: Option<DateTime<Utc>>,
    pub email_verified: bool,
    pub session_epoch: i32,
    pub two_factor_enabled: bool,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// The user whose username or email is `login` (either, ignoring case).
pub async fn find_by_login(
    conn: &mut PgConnection,
    login: &str,
) -> Result<Option<Credentials>, AppError> {
    let login = login.trim();
    let row = sqlx::query_as!(
        Credentials,
        r#"select id, username::text as "username!", email::text as "email!", password_hash,
                  role as "role: Role", status as "status: UserStatus", status_expires_at,
                  email_verified_at is not null as "email_verified!", session_epoch, two_factor_enabled
           from users where username = $1::text::citext or email = $1::text::citext
           order by (username = $1::text::citext) desc limit 1"#,
        login
    )
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

/// The user with `id`.
pub async fn find_by_id(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<Credentials>, AppError> {
    let row = sqlx::query_as!(
        Credentials,
        r#"select id, username::text as "username!", email::text as "email!", password_hash,
                  role as "role: Role", status as "status: UserStatus", status_expires_at,
                  email_verified_at is not null as "email_verified!", session_epoch, two_factor_enabled
           from users where id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

/// A new account.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub status: UserStatus,
    pub email_verified: bool,
}

/// Why an account could not be created.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    Username,
    Email,
}

/// A fresh referral code: 8 characters from an alphabet without look-alikes.
pub fn referral_code() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect())
}

/// Inserts the user with their profile, stats, balance and notification
/// preferences. `Err(Ok(taken))` when the username or email is in use.
pub async fn create(
    conn: &mut PgConnection,
    new: &NewUser<'_>,
) -> Result<Result<Uuid, Taken>, AppError> {
    let code = referral_code()?;
    let id = sqlx::query_scalar!(
        r#"insert into users (username, email, password_hash, role, status, email_verified_at, referral_code)
           values ($1::text::citext, $2::text::citext, $3, $4, $5, case when $6 then now() end, $7)
           on conflict do nothing
           returning id"#,
        new.username,
        new.email,
        new.password_hash,
        new.role as Role,
        new.status as UserStatus,
        new.email_verified,
        code,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else {
        let username_taken = sqlx::query_scalar!(
            r#"select exists(select 1 from users where username = $1::text::citext) as "taken!""#,
            new.username
        )
        .fetch_one(&mut *conn)
        .await?;
        // A clash on the referral code (1 in 10^12) reads as a taken email and
        // is retried by nobody; the sign-up page asks to try again.
        return Ok(Err(if username_taken {
            Taken::Username
        } else {
            Taken::Email
        }));
    };
    sqlx::query!(
        "with p as (insert into profiles (user_id) values ($1)),
              s as (insert into user_stats (user_id) values ($1)),
              b as (insert into user_balances (user_id) values ($1))
         insert into notification_preferences (user_id) values ($1)",
        id
    )
    .execute(conn)
    .await?;
    Ok(Ok(id))
}
