//! Post cards for feeds and "related posts": one query for a batch of ids.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::PgConnection;
use uuid::Uuid;

use super::time;
use crate::error::AppError;
use crate::features::media::ssr::image_of;
use crate::features::posts::types::{
    Byline, CategoryRef, ContentType, Counts, Cover, PostCard, TagRef,
};

struct CardRow {
    id: Uuid,
    slug: String,
    title: String,
    excerpt: String,
    content_type: ContentType,
    published_at: Option<DateTime<Utc>>,
    reading_time: i32,
    featured: bool,
    cover_alt: Option<String>,
    cover_id: Option<Uuid>,
    cover_variants: Option<serde_json::Value>,
    cover_blurhash: Option<String>,
    username: String,
    display_name: Option<String>,
    avatar_id: Option<Uuid>,
    avatar_variants: Option<serde_json::Value>,
    avatar_blurhash: Option<String>,
    verified: bool,
    category_name: Option<String>,
    category_slug: Option<String>,
    views: i32,
    reactions: i32,
    comments: i32,
    tag_names: Vec<String>,
    tag_slugs: Vec<String>,
}

/// Cards for `ids`, in the order given (missing posts are left out).
pub async fn load(
    conn: &mut PgConnection,
    ids: &[Uuid],
    zone: Tz,
) -> Result<Vec<PostCard>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query_as!(
        CardRow,
        r#"select p.id as "id!", p.slug::text as "slug!", p.title as "title!", p.excerpt as "excerpt!",
                  p.content_type as "content_type!: ContentType",
                  p.published_at, p.reading_time as "reading_time!", p.featured as "featured!", p.cover_image_alt as cover_alt,
                  m.id as "cover_id?", m.variants as "cover_variants?", m.blurhash as "cover_blurhash?",
                  u.username::text as "username!", pr.display_name,
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?",
                  (u.role = 'VERIFIED_CREATOR') as "verified!",
                  c.name as "category_name?", c.slug::text as "category_slug?",
                  coalesce(s.view_count, 0) as "views!", coalesce(s.total_reaction_count, 0) as "reactions!",
                  coalesce(s.comment_count, 0) as "comments!",
                  coalesce(t.names, '{}') as "tag_names!", coalesce(t.slugs, '{}') as "tag_slugs!"
           from posts p
           join users u on u.id = p.author_id
           join profiles pr on pr.user_id = u.id
           left join media_files a on a.id = pr.avatar_media_id
           left join media_files m on m.id = p.cover_image_id
           left join categories c on c.id = p.category_id and c.is_active
           left join post_stats s on s.post_id = p.id
           left join lateral (
             select array_agg(tg.name::text order by tg.post_count desc, tg.name) as names,
                    array_agg(tg.slug::text order by tg.post_count desc, tg.name) as slugs
             from post_tags pt join tags tg on tg.id = pt.tag_id where pt.post_id = p.id
           ) t on true
           where p.id = any($1)"#,
        ids
    )
    .fetch_all(conn)
    .await?;
    let mut cards: Vec<PostCard> = rows.into_iter().map(|row| card(row, zone)).collect();
    cards.sort_by_key(|card| ids.iter().position(|id| *id == card.id));
    Ok(cards)
}

/// A post's cover from its joined `media_files` columns.
pub fn cover(
    id: Option<Uuid>,
    variants: Option<serde_json::Value>,
    blurhash: Option<String>,
    alt: Option<String>,
) -> Option<Cover> {
    image_of(id, variants, blurhash).map(|image| Cover {
        url: image.url,
        srcset: image.srcset,
        alt: alt.unwrap_or_default(),
        width: image.width,
        height: image.height,
        blurhash: image.blurhash,
    })
}

fn card(row: CardRow, zone: Tz) -> PostCard {
    let cover = cover(
        row.cover_id,
        row.cover_variants,
        row.cover_blurhash,
        row.cover_alt,
    );
    let avatar = image_of(row.avatar_id, row.avatar_variants, row.avatar_blurhash)
        .map(|image| image.thumb_url);
    PostCard {
        id: row.id,
        slug: row.slug,
        title: row.title,
        excerpt: row.excerpt,
        content_type: row.content_type,
        author: Byline {
            username: row.username,
            display_name: row.display_name,
            avatar_url: avatar,
            bio: None,
            verified: row.verified,
        },
        published_at: row.published_at,
        reading_time: row.reading_time,
        cover,
        tags: row
            .tag_names
            .into_iter()
            .zip(row.tag_slugs)
            .take(4)
            .map(|(name, slug)| TagRef { name, slug })
            .collect(),
        category: row
            .category_name
            .zip(row.category_slug)
            .map(|(name, slug)| CategoryRef { name, slug }),
        counts: Counts {
            views: row.views,
            reactions: row.reactions,
            comments: row.comments,
        },
        featured: row.featured,
        date_label: row
            .published_at
            .map(|at| time::date_label(at, zone))
            .unwrap_or_default(),
    }
}
