//! Who is asking, and may they: the one guard every server function calls.
//!
//! [`authorize`] loads the signed-in person from the server-side session
//! (once per request), refuses suspended, banned and deleted accounts, and
//! checks the [`Access`] the function needs. Pages never decide access on
//! their own; they ask the server functions, which ask this guard.

use serde::{Deserialize, Serialize};

/// What a server function needs from its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    /// Any signed-in account in good standing, verified or not (reading,
    /// settings, verifying).
    Member,
    /// A verified account (posting, commenting, following, messaging).
    Verified,
    /// Creators and verified creators (and admins).
    Creator,
    /// Moderators and admins.
    Moderator,
    /// Admins.
    Admin,
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use std::sync::Arc;

    use chrono::{DateTime, Utc};
    use leptos::prelude::use_context;
    use tower_sessions::Session;
    use uuid::Uuid;

    use super::Access;
    use crate::error::AppError;
    use crate::features::accounts::types::{Role, UserStatus, Viewer};

    /// Session keys. The session row holds only these; the user is re-read
    /// from the database on every request.
    pub mod keys {
        /// The signed-in user's id.
        pub const USER_ID: &str = "auth.user_id";
        /// `users.session_epoch` at sign-in; a password change bumps it.
        pub const EPOCH: &str = "auth.epoch";
        /// Role and status at sign-in; a change rotates the session id.
        pub const GRANT: &str = "auth.grant";
        /// Day of the last refresh of the session's expiry.
        pub const TOUCHED: &str = "auth.touched";
        /// A sign-in waiting for its two-factor code: `[user_id, remember]`.
        pub const PENDING_2FA: &str = "auth.pending_2fa";
        /// Address and user agent, copied into the session row for the sessions list.
        pub const CLIENT_IP: &str = "client.ip";
        pub const CLIENT_UA: &str = "client.ua";
    }

    /// The per-request memo of the caller, provided by the server for every request.
    #[derive(Clone, Default)]
    pub struct RequestAuth(Arc<tokio::sync::OnceCell<Option<Viewer>>>);

    /// The grant string stored in the session: role and status.
    pub fn grant(role: Role, status: UserStatus) -> String {
        format!("{role:?}/{status:?}")
    }

    /// The session of the request being served.
    pub async fn session() -> Result<Session, AppError> {
        // Without its request parts the request ended mid-render.
        if use_context::<http::request::Parts>().is_none() {
            return Err(AppError::request_ended("the session"));
        }
        leptos_axum::extract::<Session>()
            .await
            .map_err(|e| AppError::internal(format!("no session layer: {e}")))
    }

    /// The signed-in person, if any (memoised for the request).
    pub async fn viewer() -> Result<Option<Viewer>, AppError> {
        match use_context::<RequestAuth>() {
            Some(memo) => memo.0.get_or_try_init(load_viewer).await.cloned(),
            None => load_viewer().await,
        }
    }

    /// The signed-in person's id, checked against `access`.
    pub async fn authorize(access: Access) -> Result<Viewer, AppError> {
        let viewer = viewer().await?.ok_or(AppError::Unauthorized)?;
        check(&viewer, access)?;
        Ok(viewer)
    }

    /// The rules of [`Access`] for an already loaded viewer.
    pub fn check(viewer: &Viewer, access: Access) -> Result<(), AppError> {
        match viewer.status {
            UserStatus::Suspended | UserStatus::Banned => {
                return Err(AppError::Restricted {
                    message: "Your account is suspended, so you can't do that right now.".into(),
                });
            }
            UserStatus::Deleted => return Err(AppError::Unauthorized),
            UserStatus::PendingVerification if access != Access::Member => {
                return Err(AppError::Restricted {
                    message: "Please verify your email address first: we sent you a link.".into(),
                });
            }
            UserStatus::PendingVerification | UserStatus::Active => {}
        }
        let role = viewer.role;
        let allowed = match access {
            Access::Member | Access::Verified => true,
            Access::Creator => role.is_creator(),
            Access::Moderator => role.can_moderate(),
            Access::Admin => role.is_admin(),
        };
        if allowed {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    struct AuthRow {
        id: Uuid,
        username: String,
        display_name: Option<String>,
        role: Role,
        status: UserStatus,
        status_expires_at: Option<DateTime<Utc>>,
        email_verified: bool,
        session_epoch: i32,
    }

    async fn load_viewer() -> Result<Option<Viewer>, AppError> {
        viewer_of(&session().await?, &crate::context::pool()?).await
    }

    /// The signed-in person of `session`, for plain axum handlers (outside
    /// Leptos); [`viewer`] is this, memoised for the request.
    pub async fn viewer_of(
        session: &Session,
        pool: &sqlx::PgPool,
    ) -> Result<Option<Viewer>, AppError> {
        let Some(user_id) = session
            .get::<Uuid>(keys::USER_ID)
            .await
            .map_err(AppError::internal)?
        else {
            return Ok(None);
        };
        let mut conn = pool.acquire().await?;
        let row = sqlx::query_as!(
            AuthRow,
            r#"select u.id, u.username::text as "username!", p.display_name,
                      u.role as "role: Role", u.status as "status: UserStatus",
                      u.status_expires_at, u.email_verified_at is not null as "email_verified!",
                      u.session_epoch
               from users u left join profiles p on p.user_id = u.id
               where u.id = $1"#,
            user_id
        )
        .fetch_optional(&mut *conn)
        .await?;
        let epoch = session
            .get::<i32>(keys::EPOCH)
            .await
            .map_err(AppError::internal)?;
        let Some(mut row) = row else {
            session.flush().await.map_err(AppError::internal)?;
            return Ok(None);
        };
        if Some(row.session_epoch) != epoch || row.status == UserStatus::Deleted {
            // The password changed (or the account went) since this session began.
            session.flush().await.map_err(AppError::internal)?;
            return Ok(None);
        }
        if matches!(row.status, UserStatus::Suspended | UserStatus::Banned)
            && row
                .status_expires_at
                .is_some_and(|until| until <= Utc::now())
        {
            crate::features::accounts::ssr::admin::lift_expired_restriction(&mut conn, row.id)
                .await?;
            row.status = if row.email_verified {
                UserStatus::Active
            } else {
                UserStatus::PendingVerification
            };
        }
        let grant_now = grant(row.role, row.status);
        let grant_then = session
            .get::<String>(keys::GRANT)
            .await
            .map_err(AppError::internal)?;
        if grant_then.as_deref() != Some(grant_now.as_str()) {
            // Privileges changed: a new session id, so an id captured before
            // the change never carries the new rights.
            session.cycle_id().await.map_err(AppError::internal)?;
            session
                .insert(keys::GRANT, &grant_now)
                .await
                .map_err(AppError::internal)?;
        }
        touch(session, &mut conn, row.id).await?;
        Ok(Some(Viewer {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            role: row.role,
            status: row.status,
            email_verified: row.email_verified,
        }))
    }

    /// Keeps "last seen" current (at most every five minutes) and renews the
    /// session's expiry once a day, so an active "remember me" session lasts.
    async fn touch(
        session: &Session,
        conn: &mut sqlx::PgConnection,
        user_id: Uuid,
    ) -> Result<(), AppError> {
        let today = Utc::now().date_naive().to_string();
        let touched = session
            .get::<String>(keys::TOUCHED)
            .await
            .map_err(AppError::internal)?;
        if touched.as_deref() != Some(today.as_str()) {
            session
                .insert(keys::TOUCHED, &today)
                .await
                .map_err(AppError::internal)?;
        }
        if let Some(id) = session.id() {
            sqlx::query!(
                "with s as (
                   update sessions set last_seen_at = now()
                   where id = $1 and last_seen_at < now() - interval '5 minutes'
                   returning user_id)
                 update users set last_seen_at = now()
                 where id = $2 and exists (select 1 from s)",
                id.to_string(),
                user_id,
            )
            .execute(conn)
            .await?;
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::error::AppError;
    use crate::features::accounts::types::{Role, UserStatus, Viewer};

    fn viewer(role: Role, status: UserStatus) -> Viewer {
        Viewer {
            id: uuid::Uuid::nil(),
            username: "ana".into(),
            display_name: None,
            role,
            status,
            email_verified: status != UserStatus::PendingVerification,
        }
    }

    #[test]
    fn unverified_members_may_read_but_not_post() {
        let pending = viewer(Role::User, UserStatus::PendingVerification);
        assert!(check(&pending, Access::Member).is_ok());
        assert!(matches!(
            check(&pending, Access::Verified),
            Err(AppError::Restricted { .. })
        ));
        assert!(check(&viewer(Role::User, UserStatus::Active), Access::Verified).is_ok());
    }

    #[test]
    fn suspended_banned_and_deleted_accounts_are_refused_everything() {
        for status in [UserStatus::Suspended, UserStatus::Banned] {
            let v = viewer(Role::Admin, status);
            for access in [Access::Member, Access::Verified, Access::Admin] {
                assert!(matches!(
                    check(&v, access),
                    Err(AppError::Restricted { .. })
                ));
            }
        }
        assert_eq!(
            check(&viewer(Role::Admin, UserStatus::Deleted), Access::Member),
            Err(AppError::Unauthorized)
        );
    }

    #[test]
    fn staff_powers_follow_the_role() {
        let active = |role| viewer(role, UserStatus::Active);
        assert_eq!(
            check(&active(Role::User), Access::Moderator),
            Err(AppError::Forbidden)
        );
        assert!(check(&active(Role::Moderator), Access::Moderator).is_ok());
        assert_eq!(
            check(&active(Role::Moderator), Access::Admin),
            Err(AppError::Forbidden)
        );
        assert!(check(&active(Role::Admin), Access::Admin).is_ok());
        assert!(check(&active(Role::Creator), Access::Creator).is_ok());
        assert_eq!(
            check(&active(Role::User), Access::Creator),
            Err(AppError::Forbidden)
        );
    }
}
