//! Account chores the server binary runs outside requests: the first admin
//! (the `create-admin` command) and the demo members.

use app::features::accounts::ssr::{admin, passwords, users};
use app::features::accounts::types::{Email, Role, UserStatus, Username, check_new_password};
use sqlx::PgPool;
use uuid::Uuid;

/// Creates an admin account (verified, active), or makes an existing account
/// with that username an admin. Either way the audit log records it.
pub async fn create_admin(
    pool: &PgPool,
    username: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<Uuid> {
    let username = Username::parse(username).map_err(|m| anyhow::anyhow!("username: {m}"))?;
    let email = Email::parse(email).map_err(|m| anyhow::anyhow!("email: {m}"))?;
    check_new_password(password, username.as_str(), email.as_str())
        .map_err(|m| anyhow::anyhow!("password: {m}"))?;
    let hash = passwords::hash(password.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = pool.begin().await?;
    let created = users::create(
        &mut tx,
        &users::NewUser {
            username: username.as_str(),
            email: email.as_str(),
            password_hash: Some(&hash),
            role: Role::User,
            status: UserStatus::Active,
            email_verified: true,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let id = match created {
        Ok(id) => id,
        Err(users::Taken::Username) => {
            users::find_by_login(&mut tx, username.as_str())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .ok_or_else(|| anyhow::anyhow!("user vanished"))?
                .id
        }
        Err(users::Taken::Email) => {
            anyhow::bail!("another account already uses {}", email.as_str())
        }
    };
    admin::set_role(&mut tx, None, id, Role::Admin, "create-admin command")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    Ok(id)
}

/// The password of every demo account (documented in README.md).
pub const DEMO_PASSWORD: &str = "sparkle-demo-2026";

/// The demo members: username, role, display name, bio.
pub const DEMO_MEMBERS: [(&str, Role, &str, &str); 6] = [
    (
        "sparkle_admin",
        Role::Admin,
        "Sparkle Admin",
        "Keeps the lights on and the glitter flowing.",
    ),
    (
        "mod_mira",
        Role::Moderator,
        "Mira (mod)",
        "Moderator. Be kind, tag your spoilers.",
    ),
    (
        "creator_cleo",
        Role::Creator,
        "Cleo Creates",
        "Editor, animator and theory-crafter for the Sparkle channel.",
    ),
    (
        "fan_ana",
        Role::User,
        "Ana",
        "Here since the first upload. Watch-party regular.",
    ),
    ("fan_ben", Role::User, "Ben", "Fan art, mostly pastel."),
    (
        "fan_cy",
        Role::User,
        "Cy",
        "Timestamps or it didn't happen.",
    ),
];

/// Inserts the demo members (inside the seeding transaction).
pub async fn seed_members(conn: &mut sqlx::PgConnection) -> anyhow::Result<()> {
    let hash = passwords::hash(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for (username, role, display_name, bio) in DEMO_MEMBERS {
        let email = format!("{username}@demo.sparkle-universe.local");
        let created = users::create(
            conn,
            &users::NewUser {
                username,
                email: &email,
                password_hash: Some(&hash),
                role,
                status: UserStatus::Active,
                email_verified: true,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let Ok(id) = created else { continue };
        sqlx::query!(
            "update profiles set display_name = $2, bio = $3 where user_id = $1",
            id,
            display_name,
            bio
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
