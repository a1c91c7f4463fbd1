//! Who a writer may mean by "@ab…": the mention autocomplete.

use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::media::ssr::image_of;
use crate::features::profiles::types::MentionSuggestion;

/// How many people one look-up offers.
pub const SUGGESTIONS: i64 = 8;

/// The active accounts whose username starts with `prefix` (any case),
/// people `viewer` follows first, then the most followed. Accounts on
/// either side of a block with the viewer, and the viewer, are left out.
/// An empty or impossible prefix finds nobody.
pub async fn suggest(
    pool: &PgPool,
    viewer: Uuid,
    prefix: &str,
) -> Result<Vec<MentionSuggestion>, AppError> {
    let prefix = prefix.trim().trim_start_matches('@');
    if prefix.is_empty()
        || prefix.len() > 30
        || !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        return Ok(Vec::new());
    }
    // `_` is a LIKE wildcard; usernames hold no other.
    let pattern = format!("{}%", prefix.to_ascii_lowercase().replace('_', "\\_"));
    let rows = sqlx::query!(
        r#"select u.username::text as "username!", p.display_name,
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?"
           from users u
           join profiles p on p.user_id = u.id
           left join user_stats s on s.user_id = u.id
           left join media_files a on a.id = p.avatar_media_id
           where lower(u.username::text) like $1 and u.deleted_at is null
             and u.status = 'ACTIVE' and u.id <> $2
             and not exists (select 1 from blocks b
                             where (b.blocker_id = $2 and b.blocked_id = u.id)
                                or (b.blocker_id = u.id and b.blocked_id = $2))
           order by exists (select 1 from follows f where f.follower_id = $2 and f.following_id = u.id) desc,
                    coalesce(s.followers_count, 0) desc, lower(u.username::text)
           limit $3"#,
        pattern,
        viewer,
        SUGGESTIONS
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MentionSuggestion {
            username: r.username,
            display_name: r.display_name,
            avatar: image_of(r.avatar_id, r.avatar_variants, r.avatar_blurhash),
        })
        .collect())
}
