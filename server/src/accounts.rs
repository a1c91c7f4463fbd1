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
pub const DEMO_MEMBERS: [(&str, Role, &str, &str); 8] = [
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
    (
        "creator_nova",
        Role::VerifiedCreator,
        "Nova Draws",
        "Illustrator. Pastels, glow and far too many lighthouses.",
    ),
    (
        "creator_pip",
        Role::Creator,
        "Pip's Lore Lab",
        "Timelines, maps and theories, sourced to the second.",
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
    seed_graph(conn).await
}

/// Who follows whom in the demo, and the demo members' interests.
const DEMO_FOLLOWS: [(&str, &str); 9] = [
    ("fan_ana", "creator_cleo"),
    ("fan_ben", "creator_cleo"),
    ("fan_cy", "creator_cleo"),
    ("mod_mira", "creator_cleo"),
    ("fan_ana", "fan_ben"),
    ("fan_ben", "fan_ana"),
    ("fan_cy", "fan_ana"),
    ("creator_cleo", "fan_ben"),
    ("creator_cleo", "mod_mira"),
];
const DEMO_INTERESTS: [(&str, &[&str]); 4] = [
    ("creator_cleo", &["animation", "theories", "editing"]),
    ("fan_ana", &["watch parties", "music", "lore"]),
    ("fan_ben", &["fan art", "pastels", "cosplay"]),
    ("fan_cy", &["timestamps", "speedruns"]),
];

/// Follows between demo members with their counts, and interests.
async fn seed_graph(conn: &mut sqlx::PgConnection) -> anyhow::Result<()> {
    for (follower, following) in DEMO_FOLLOWS {
        sqlx::query!(
            "insert into follows (follower_id, following_id)
             select a.id, b.id from users a, users b
             where a.username = $1::text::citext and b.username = $2::text::citext
             on conflict do nothing",
            follower,
            following
        )
        .execute(&mut *conn)
        .await?;
    }
    // The counts follow from the edges (the graph service keeps them in step
    // from here on).
    sqlx::query!(
        "update user_stats s set
           followers_count = (select count(*) from follows where following_id = s.user_id),
           following_count = (select count(*) from follows where follower_id = s.user_id)
         where s.user_id in (select follower_id from follows union select following_id from follows)"
    )
    .execute(&mut *conn)
    .await?;
    for (username, interests) in DEMO_INTERESTS {
        let interests: Vec<String> = interests.iter().map(|i| (*i).to_owned()).collect();
        sqlx::query!(
            "update profiles set interests = $2 where user_id = (select id from users where username = $1::text::citext)",
            username,
            &interests
        )
        .execute(&mut *conn)
        .await?;
    }
    let ids = sqlx::query_scalar!(
        "select id from users where username = any($1::text[]::citext[])",
        &DEMO_MEMBERS.map(|m| m.0.to_owned())[..]
    )
    .fetch_all(&mut *conn)
    .await?;
    for id in ids {
        app::features::profiles::ssr::profiles::refresh_completeness(conn, id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}
