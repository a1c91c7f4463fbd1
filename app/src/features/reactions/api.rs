//! Server functions for reactions. Without JavaScript the reaction buttons
//! are forms that post here and come back to the page they were on.

use leptos::prelude::*;

use super::types::{Reactions, Reactors};
use crate::error::AppError;

/// Adds (`on` = "true") or removes the caller's `reaction` on a post or
/// comment (`target` = "post" or "comment", `id`); returns the counts.
#[server(prefix = "/api", endpoint = "react")]
pub async fn react(
    target: String,
    id: String,
    reaction: String,
    on: String,
    back: Option<String>,
) -> Result<Reactions, AppError> {
    use crate::features::accounts::ssr::limits::Limit;

    let viewer = crate::auth::authorize(crate::auth::Access::Verified).await?;
    let target = super::types::Target::parse(&target, &id).ok_or(AppError::NotFound)?;
    let reaction = super::types::Reaction::parse(&reaction)
        .ok_or_else(|| AppError::field("reaction", "That isn't a reaction we know."))?;
    crate::context::server()?
        .limits
        .check(Limit::ReactPerAccount, &viewer.id.to_string())?;
    let pool = crate::context::pool()?;
    let counts = super::ssr::set(&pool, &viewer, target, reaction, on.trim() == "true").await?;
    if crate::error::is_plain_form_post()
        && let Some(back) = back
            .as_deref()
            .map(str::trim)
            .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
    {
        leptos_axum::redirect(back);
    }
    Ok(counts)
}

/// Who reacted to a post (`target` = "post", `id` its id or slug) or a
/// comment, optionally with one `reaction` only.
#[server(prefix = "/api", endpoint = "who_reacted", input = server_fn::codec::GetUrl)]
pub async fn who_reacted(
    target: String,
    id: String,
    reaction: Option<String>,
    after: Option<String>,
) -> Result<Reactors, AppError> {
    let only = reaction
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .and_then(super::types::Reaction::parse);
    let pool = crate::context::pool()?;
    let mut conn = pool.acquire().await?;
    let target = match super::types::Target::parse(&target, &id) {
        Some(target) => target,
        None if target == "post" => super::types::Target::Post(
            crate::features::comments::ssr::access::post_by_slug(&mut conn, &id)
                .await?
                .id,
        ),
        None => return Err(AppError::NotFound),
    };
    let mut page = super::ssr::who(
        &mut conn,
        target,
        only,
        after.as_deref().filter(|a| !a.is_empty()),
    )
    .await?;
    page.only = only;
    Ok(page)
}
