//! Server functions for profiles, follows and blocks. Each is thin: guard,
//! validate, call `ssr`. Mutations are POST (the default) and, without
//! JavaScript, send the browser back to the page the form was on.

// `update_profile` takes one argument per form field, so plain HTML forms can post it.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::types::{PeoplePage, Profile};
use crate::error::AppError;

/// People whose username starts with `prefix`, for the editor's "@"
/// autocomplete: signed-in, verified writers only; people the caller
/// follows first; blocked accounts left out.
#[server(prefix = "/api", endpoint = "mention_suggestions", input = server_fn::codec::GetUrl)]
pub async fn suggest_mentions(
    prefix: String,
) -> Result<Vec<super::types::MentionSuggestion>, AppError> {
    use crate::features::accounts::ssr::limits::Limit;

    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let ctx = crate::context::server()?;
    ctx.limits
        .check(Limit::LookupPerAccount, &viewer.id.to_string())?;
    let pool = crate::context::pool()?;
    super::ssr::mentions::suggest(&pool, viewer.id, &prefix).await
}

/// The profile of `username` as the caller may see it.
#[server(prefix = "/api", endpoint = "profile")]
pub async fn get_profile(username: String) -> Result<Profile, AppError> {
    let viewer = crate::auth::viewer().await?.map(|v| v.id);
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::profiles::load(&mut conn, viewer, &username).await
}

/// A page of `username`'s followers.
#[server(prefix = "/api", endpoint = "followers")]
pub async fn list_followers(
    username: String,
    cursor: Option<String>,
) -> Result<PeoplePage, AppError> {
    let viewer = crate::auth::viewer().await?.map(|v| v.id);
    let pool = crate::context::pool()?;
    super::ssr::graph::list(
        &pool,
        viewer,
        &username,
        super::ssr::graph::List::Followers,
        cursor.as_deref(),
    )
    .await
}

/// A page of the people `username` follows.
#[server(prefix = "/api", endpoint = "following")]
pub async fn list_following(
    username: String,
    cursor: Option<String>,
) -> Result<PeoplePage, AppError> {
    let viewer = crate::auth::viewer().await?.map(|v| v.id);
    let pool = crate::context::pool()?;
    super::ssr::graph::list(
        &pool,
        viewer,
        &username,
        super::ssr::graph::List::Following,
        cursor.as_deref(),
    )
    .await
}

/// Follows `username`; `notify` (a checkbox) asks for a notice on each new post.
#[server(prefix = "/api", endpoint = "follow")]
pub async fn follow_user(username: String, notify: Option<String>) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let pool = crate::context::pool()?;
    super::ssr::graph::follow(&pool, viewer.id, &username, notify.is_some()).await
}

/// Stops following `username`.
#[server(prefix = "/api", endpoint = "unfollow")]
pub async fn unfollow_user(username: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    super::ssr::graph::unfollow(&pool, viewer.id, &username).await
}

/// Blocks `username`.
#[server(prefix = "/api", endpoint = "block")]
pub async fn block_user(username: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    super::ssr::graph::block(&pool, viewer.id, &username).await
}

/// Lifts a block on `username`.
#[server(prefix = "/api", endpoint = "unblock")]
pub async fn unblock_user(username: String) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    super::ssr::graph::unblock(&pool, viewer.id, &username).await
}

/// The caller's profile settings.
#[server(prefix = "/api", endpoint = "profile_settings")]
pub async fn get_profile_settings() -> Result<super::types::ProfileSettings, AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::profiles::settings(&mut conn, viewer.id).await
}

/// Saves the caller's profile. It only ever edits the caller's own row: no
/// user id is taken from the request.
#[server(prefix = "/api", endpoint = "update_profile")]
pub async fn update_profile(
    display_name: String,
    bio: String,
    pronouns: String,
    location: String,
    website: String,
    twitter: String,
    instagram: String,
    tiktok: String,
    discord: String,
    youtube: String,
    interests: String,
) -> Result<(), AppError> {
    let form = super::types::ProfileForm {
        display_name,
        bio,
        pronouns,
        location,
        website,
        twitter,
        instagram,
        tiktok,
        discord,
        youtube,
        interests,
    };
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::profiles::update(&mut conn, viewer.id, &form).await?;
    leptos_axum::redirect(&format!(
        "{}?saved=profile",
        crate::routes::SETTINGS_PROFILE
    ));
    Ok(())
}

/// Saves the caller's privacy choices.
#[server(prefix = "/api", endpoint = "update_privacy")]
pub async fn update_privacy(
    followers_visibility: String,
    message_privacy: String,
    show_online_status: Option<String>,
) -> Result<(), AppError> {
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let parse = |field: &str, raw: &str| {
        super::types::Audience::parse(raw)
            .ok_or_else(|| AppError::field(field, "Pick one of the choices."))
    };
    let followers = parse("followers_visibility", &followers_visibility)?;
    let messages = parse("message_privacy", &message_privacy)?;
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    super::ssr::profiles::update_privacy(
        &mut conn,
        viewer.id,
        followers,
        messages,
        show_online_status.is_some(),
    )
    .await?;
    leptos_axum::redirect(&format!(
        "{}?saved=privacy",
        crate::routes::SETTINGS_PROFILE
    ));
    Ok(())
}

/// Uploads a new avatar or banner (multipart: `purpose` then `file`). The
/// file is checked and re-encoded before anything is stored; without
/// JavaScript the browser is sent back to the settings page.
#[server(prefix = "/api", endpoint = "upload_picture", input = server_fn::codec::MultipartFormData)]
pub async fn upload_picture(
    data: server_fn::codec::MultipartData,
) -> Result<crate::features::media::types::Image, AppError> {
    use crate::features::media::types::Purpose;

    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    let bad = |m: &str| AppError::field("file", m);
    ctx.limits.check(
        crate::features::accounts::ssr::limits::Limit::UploadPerAccount,
        &viewer.id.to_string(),
    )?;
    let upload = crate::features::media::ssr::read_upload(data, "file", "file").await?;
    let purpose = upload
        .fields
        .iter()
        .find(|(name, _)| name == "purpose")
        .and_then(|(_, value)| Purpose::parse(value.trim()))
        .filter(|p| *p != Purpose::Post)
        .ok_or_else(|| AppError::field("purpose", "Pick the avatar or the banner."))?;
    let (name, bytes) = upload.picture().map_err(bad)?;
    let image =
        crate::features::media::ssr::save(&pool, &ctx.media, viewer.id, purpose, name, bytes)
            .await?;
    if let Err(e) =
        super::ssr::profiles::set_picture(&pool, &ctx.media, viewer.id, purpose, Some(image.id))
            .await
    {
        let mut conn = pool.acquire().await?;
        let keys =
            crate::features::media::ssr::store::delete_row(&mut conn, viewer.id, image.id).await?;
        ctx.media.remove(&keys).await;
        return Err(e);
    }
    leptos_axum::redirect(&format!(
        "{}?saved={}",
        crate::routes::SETTINGS_PROFILE,
        purpose.as_str()
    ));
    Ok(image)
}

/// Removes the caller's avatar or banner.
#[server(prefix = "/api", endpoint = "remove_picture")]
pub async fn remove_picture(purpose: String) -> Result<(), AppError> {
    use crate::features::media::types::Purpose;
    let viewer = crate::auth::authorize(crate::auth::Access::Member).await?;
    let purpose = Purpose::parse(&purpose)
        .filter(|p| *p != Purpose::Post)
        .ok_or_else(|| AppError::field("purpose", "Pick the avatar or the banner."))?;
    let ctx = crate::context::server()?;
    let pool = crate::context::pool()?;
    super::ssr::profiles::set_picture(&pool, &ctx.media, viewer.id, purpose, None).await?;
    leptos_axum::redirect(&format!(
        "{}?saved=removed",
        crate::routes::SETTINGS_PROFILE
    ));
    Ok(())
}
