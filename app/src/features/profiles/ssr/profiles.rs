//! Reading a profile as someone sees it, and editing one's own.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::types::Role;
use crate::features::media::ssr::image_of;
use crate::features::profiles::types::{
    Audience, CleanProfile, Profile, ProfileForm, ProfileSettings, ProfileStats, Relationship,
    Socials,
};

/// Seen this recently counts as online.
const ONLINE_WINDOW_MINUTES: i64 = 5;

struct ProfileRow {
    id: Uuid,
    username: String,
    role: Role,
    created_at: DateTime<Utc>,
    level: i32,
    experience: i32,
    last_seen_at: Option<DateTime<Utc>>,
    display_name: Option<String>,
    bio: Option<String>,
    pronouns: Option<String>,
    location: Option<String>,
    website: Option<String>,
    twitter_username: Option<String>,
    instagram_username: Option<String>,
    tiktok_username: Option<String>,
    discord_username: Option<String>,
    youtube_channel_url: Option<String>,
    interests: Vec<String>,
    followers_visibility: String,
    show_online_status: bool,
    posts_count: i32,
    followers_count: i32,
    following_count: i32,
    avatar_id: Option<Uuid>,
    avatar_variants: Option<serde_json::Value>,
    avatar_blurhash: Option<String>,
    banner_id: Option<Uuid>,
    banner_variants: Option<serde_json::Value>,
    banner_blurhash: Option<String>,
    following: bool,
    notify_new_posts: bool,
    follows_you: bool,
    blocked: bool,
    blocked_by: bool,
}

/// The profile of `username` as `viewer` (None: signed out) may see it.
/// Deleted accounts are not found.
pub async fn load(
    conn: &mut PgConnection,
    viewer: Option<Uuid>,
    username: &str,
) -> Result<Profile, AppError> {
    let row = sqlx::query_as!(
        ProfileRow,
        r#"select u.id, u.username::text as "username!", u.role as "role: Role", u.created_at,
                  u.level, u.experience, u.last_seen_at,
                  p.display_name, p.bio, p.pronouns, p.location, p.website,
                  p.twitter_username, p.instagram_username, p.tiktok_username,
                  p.discord_username, p.youtube_channel_url, p.interests,
                  p.followers_visibility, p.show_online_status,
                  s.posts_count, s.followers_count, s.following_count,
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?",
                  b.id as "banner_id?", b.variants as "banner_variants?", b.blurhash as "banner_blurhash?",
                  f.follower_id is not null as "following!",
                  coalesce(f.notify_new_posts, false) as "notify_new_posts!",
                  exists(select 1 from follows where follower_id = u.id and following_id = $2) as "follows_you!",
                  exists(select 1 from blocks where blocker_id = $2 and blocked_id = u.id) as "blocked!",
                  exists(select 1 from blocks where blocker_id = u.id and blocked_id = $2) as "blocked_by!"
           from users u
           join profiles p on p.user_id = u.id
           join user_stats s on s.user_id = u.id
           left join media_files a on a.id = p.avatar_media_id
           left join media_files b on b.id = p.banner_media_id
           left join follows f on f.follower_id = $2 and f.following_id = u.id
           where u.username = $1::text::citext and u.deleted_at is null and u.status <> 'DELETED'"#,
        username.trim(),
        viewer,
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;

    let relationship = Relationship {
        is_self: viewer == Some(row.id),
        signed_in: viewer.is_some(),
        following: row.following,
        notify_new_posts: row.notify_new_posts,
        follows_you: row.follows_you,
        blocked: row.blocked,
        blocked_by: row.blocked_by,
    };
    let walled = relationship.walled();
    let audience = Audience::parse(&row.followers_visibility).unwrap_or_default();
    let lists_visible = relationship.is_self
        || (!walled
            && match audience {
                Audience::Everyone => true,
                Audience::Followers => relationship.following,
                Audience::Nobody => false,
            });
    let online = (row.show_online_status && !walled).then(|| {
        row.last_seen_at
            .is_some_and(|t| Utc::now() - t < Duration::minutes(ONLINE_WINDOW_MINUTES))
    });
    // Across a block, only the name and pictures stay: no bio, links or interests.
    let keep = |v: Option<String>| if walled { None } else { v };
    Ok(Profile {
        user_id: row.id,
        username: row.username,
        display_name: row.display_name,
        role: row.role,
        bio: keep(row.bio),
        pronouns: row.pronouns,
        location: keep(row.location),
        website: keep(row.website),
        socials: if walled {
            Socials::default()
        } else {
            Socials {
                twitter: row.twitter_username,
                instagram: row.instagram_username,
                tiktok: row.tiktok_username,
                discord: row.discord_username,
                youtube: row.youtube_channel_url,
            }
        },
        interests: if walled { Vec::new() } else { row.interests },
        avatar: image_of(row.avatar_id, row.avatar_variants, row.avatar_blurhash),
        banner: image_of(row.banner_id, row.banner_variants, row.banner_blurhash),
        joined_at: row.created_at,
        level: row.level,
        experience: row.experience,
        stats: ProfileStats {
            posts: row.posts_count,
            followers: row.followers_count,
            following: row.following_count,
        },
        online,
        lists_visible,
        relationship,
    })
}

struct SettingsRow {
    username: String,
    display_name: Option<String>,
    bio: Option<String>,
    pronouns: Option<String>,
    location: Option<String>,
    website: Option<String>,
    twitter_username: Option<String>,
    instagram_username: Option<String>,
    tiktok_username: Option<String>,
    discord_username: Option<String>,
    youtube_channel_url: Option<String>,
    interests: Vec<String>,
    followers_visibility: String,
    message_privacy: String,
    show_online_status: bool,
    profile_completeness: i32,
    avatar_id: Option<Uuid>,
    avatar_variants: Option<serde_json::Value>,
    avatar_blurhash: Option<String>,
    banner_id: Option<Uuid>,
    banner_variants: Option<serde_json::Value>,
    banner_blurhash: Option<String>,
}

/// `user_id`'s own profile settings.
pub async fn settings(conn: &mut PgConnection, user_id: Uuid) -> Result<ProfileSettings, AppError> {
    let row = sqlx::query_as!(
        SettingsRow,
        r#"select u.username::text as "username!", p.display_name, p.bio, p.pronouns, p.location,
                  p.website, p.twitter_username, p.instagram_username, p.tiktok_username,
                  p.discord_username, p.youtube_channel_url, p.interests,
                  p.followers_visibility, p.message_privacy, p.show_online_status,
                  p.profile_completeness,
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?",
                  b.id as "banner_id?", b.variants as "banner_variants?", b.blurhash as "banner_blurhash?"
           from users u
           join profiles p on p.user_id = u.id
           left join media_files a on a.id = p.avatar_media_id
           left join media_files b on b.id = p.banner_media_id
           where u.id = $1"#,
        user_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let text = |v: Option<String>| v.unwrap_or_default();
    Ok(ProfileSettings {
        username: row.username,
        form: ProfileForm {
            display_name: text(row.display_name),
            bio: text(row.bio),
            pronouns: text(row.pronouns),
            location: text(row.location),
            website: text(row.website),
            twitter: text(row.twitter_username),
            instagram: text(row.instagram_username),
            tiktok: text(row.tiktok_username),
            discord: text(row.discord_username),
            youtube: text(row.youtube_channel_url),
            interests: row.interests.join(", "),
        },
        avatar: image_of(row.avatar_id, row.avatar_variants, row.avatar_blurhash),
        banner: image_of(row.banner_id, row.banner_variants, row.banner_blurhash),
        completeness: row.profile_completeness,
        followers_visibility: Audience::parse(&row.followers_visibility).unwrap_or_default(),
        message_privacy: Audience::parse(&row.message_privacy).unwrap_or_default(),
        show_online_status: row.show_online_status,
    })
}

/// Saves `user_id`'s profile fields and its completeness.
pub async fn update(
    conn: &mut PgConnection,
    user_id: Uuid,
    form: &ProfileForm,
) -> Result<(), AppError> {
    let clean = form
        .clean()
        .map_err(|fields| AppError::Validation { fields })?;
    let s = &clean.socials;
    sqlx::query!(
        r#"update profiles set display_name = $2, bio = $3, pronouns = $4, location = $5,
                  website = $6, twitter_username = $7, instagram_username = $8,
                  tiktok_username = $9, discord_username = $10, youtube_channel_url = $11,
                  interests = $12
           where user_id = $1"#,
        user_id,
        clean.display_name,
        clean.bio,
        clean.pronouns,
        clean.location,
        clean.website,
        s.twitter,
        s.instagram,
        s.tiktok,
        s.discord,
        s.youtube,
        &clean.interests,
    )
    .execute(&mut *conn)
    .await?;
    refresh_completeness(conn, user_id).await
}

/// Recomputes `profiles.profile_completeness` from what is stored.
pub async fn refresh_completeness(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    let current = settings(&mut *conn, user_id).await?;
    let clean: CleanProfile = current.form.clean().unwrap_or_default();
    let score = clean.completeness(current.avatar.is_some(), current.banner.is_some());
    sqlx::query!(
        "update profiles set profile_completeness = $2 where user_id = $1 and profile_completeness <> $2",
        user_id,
        score
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Saves who may see `user_id`'s lists and message them, and whether they show as online.
pub async fn update_privacy(
    conn: &mut PgConnection,
    user_id: Uuid,
    followers_visibility: Audience,
    message_privacy: Audience,
    show_online_status: bool,
) -> Result<(), AppError> {
    sqlx::query!(
        "update profiles set followers_visibility = $2, message_privacy = $3, show_online_status = $4
         where user_id = $1",
        user_id,
        followers_visibility.as_str(),
        message_privacy.as_str(),
        show_online_status
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes `image` (just stored) `user_id`'s avatar or banner, and removes the
/// one it replaces, row and files.
pub async fn set_picture(
    pool: &sqlx::PgPool,
    media: &crate::features::media::ssr::Media,
    user_id: Uuid,
    purpose: crate::features::media::types::Purpose,
    image: Option<Uuid>,
) -> Result<(), AppError> {
    use crate::features::media::types::Purpose;
    let mut tx = pool.begin().await?;
    let old = sqlx::query!(
        "select avatar_media_id, banner_media_id from profiles where user_id = $1 for update",
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let old = match purpose {
        Purpose::Avatar => {
            sqlx::query!(
                "update profiles set avatar_media_id = $2 where user_id = $1",
                user_id,
                image
            )
            .execute(&mut *tx)
            .await?;
            old.avatar_media_id
        }
        Purpose::Banner => {
            sqlx::query!(
                "update profiles set banner_media_id = $2 where user_id = $1",
                user_id,
                image
            )
            .execute(&mut *tx)
            .await?;
            old.banner_media_id
        }
        Purpose::Post => return Err(AppError::field("purpose", "Pick the avatar or the banner.")),
    };
    let mut gone = Vec::new();
    if let Some(old) = old.filter(|o| Some(*o) != image) {
        gone = crate::features::media::ssr::store::delete_row(&mut tx, user_id, old).await?;
    }
    refresh_completeness(&mut tx, user_id).await?;
    tx.commit().await?;
    media.remove(&gone).await;
    Ok(())
}
