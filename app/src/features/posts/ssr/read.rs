//! The reading page: one post with its author, tags, series and related posts.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{cards, time};
use crate::error::AppError;
use crate::features::accounts::types::Viewer;
use crate::features::media::ssr::image_of;
use crate::features::posts::document::{Document, render};
use crate::features::posts::types::{
    Byline, CategoryRef, ContentStatus, ContentType, Counts, PostPage, SeriesNav, SeriesPart,
    TagRef,
};
use crate::routes;

/// Related posts shown under an article.
const RELATED: i64 = 3;

struct PageRow {
    id: Uuid,
    slug: String,
    title: String,
    excerpt: String,
    content: serde_json::Value,
    content_html: String,
    content_type: ContentType,
    status: ContentStatus,
    visible: bool,
    author_id: Uuid,
    published_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    reading_time: i32,
    word_count: i32,
    cover_alt: Option<String>,
    cover_id: Option<Uuid>,
    cover_variants: Option<serde_json::Value>,
    cover_blurhash: Option<String>,
    category_name: Option<String>,
    category_slug: Option<String>,
    series_id: Option<Uuid>,
    series_order: Option<i32>,
    youtube_video_id: Option<String>,
    youtube_start: i32,
    meta_title: Option<String>,
    meta_description: Option<String>,
    meta_keywords: Vec<String>,
    canonical_url: Option<String>,
    allow_comments: bool,
    views: i32,
    reactions: i32,
    comments: i32,
    reaction_counts: Vec<i32>,
    timezone: String,
}

/// The post at `slug` as `viewer` may see it: published posts for everyone,
/// others only for their authors and staff (everyone else gets 404).
pub async fn page(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    slug: &str,
) -> Result<PostPage, AppError> {
    let viewer_id = viewer.map(|v| v.id);
    let row = sqlx::query_as!(
        PageRow,
        r#"select p.id, p.slug::text as "slug!", p.title, p.excerpt, p.content, p.content_html,
                  p.content_type as "content_type: ContentType", p.content_status as "status: ContentStatus",
                  (p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED')) as "visible!",
                  p.author_id, p.published_at, p.updated_at, p.reading_time, p.word_count,
                  p.cover_image_alt as cover_alt,
                  m.id as "cover_id?", m.variants as "cover_variants?", m.blurhash as "cover_blurhash?",
                  c.name as "category_name?", c.slug::text as "category_slug?",
                  p.series_id, p.series_order, p.youtube_video_id, p.youtube_start,
                  p.meta_title::text, p.meta_description::text, p.meta_keywords, p.canonical_url, p.allow_comments,
                  coalesce(s.view_count, 0) as "views!", coalesce(s.total_reaction_count, 0) as "reactions!",
                  coalesce(s.comment_count, 0) as "comments!",
                  coalesce(s.reaction_counts, '{0,0,0,0,0,0,0,0,0}') as "reaction_counts!",
                  coalesce((select timezone from users where id = $2), 'UTC') as "timezone!"
           from posts p
           left join media_files m on m.id = p.cover_image_id
           left join categories c on c.id = p.category_id
           left join post_stats s on s.post_id = p.id
           where p.slug = $1::text::citext and p.content_status <> 'DELETED'"#,
        slug,
        viewer_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;

    let authors = bylines(conn, row.id, row.author_id).await?;
    let is_author = viewer_id.is_some_and(|id| authors.iter().any(|(user, _)| *user == id));
    let can_edit = is_author || viewer.is_some_and(|v| v.role.can_moderate());
    if !row.visible && !can_edit {
        return Err(AppError::NotFound);
    }
    let zone = time::zone(&row.timezone);
    let mut bylines = authors.into_iter().map(|(_, byline)| byline);
    let author = bylines.next().ok_or(AppError::NotFound)?;

    let tags = sqlx::query_as!(
        TagRef,
        r#"select t.name::text as "name!", t.slug::text as "slug!" from post_tags pt join tags t on t.id = pt.tag_id
           where pt.post_id = $1 order by t.post_count desc, t.name"#,
        row.id
    )
    .fetch_all(&mut *conn)
    .await?;
    let series = match row.series_id {
        Some(series_id) => {
            Some(series_nav(conn, series_id, row.series_order.unwrap_or(1), can_edit).await?)
        }
        None => None,
    };
    let related_ids = related(conn, row.id).await?;
    let related = cards::load(conn, &related_ids, zone).await?;

    let document: Document = serde_json::from_value(row.content).unwrap_or_default();
    let reactions = match viewer_id {
        Some(viewer) => {
            crate::features::reactions::ssr::counts(
                conn,
                viewer,
                crate::features::reactions::types::Target::Post(row.id),
            )
            .await?
        }
        None => crate::features::reactions::types::Reactions {
            counts: row.reaction_counts.clone(),
            mine: Vec::new(),
        },
    };
    let cover = cards::cover(
        row.cover_id,
        row.cover_variants,
        row.cover_blurhash,
        row.cover_alt,
    );
    Ok(PostPage {
        id: row.id,
        slug: row.slug,
        title: row.title,
        excerpt: row.excerpt,
        html: row.content_html,
        toc: render::headings(&document),
        content_type: row.content_type,
        status: row.status,
        author,
        coauthors: bylines.collect(),
        published_at: row.published_at,
        updated_at: row.updated_at,
        reading_time: row.reading_time,
        word_count: row.word_count,
        cover,
        tags,
        category: row
            .category_name
            .zip(row.category_slug)
            .map(|(name, slug)| CategoryRef { name, slug }),
        series,
        related,
        youtube: row
            .youtube_video_id
            .map(|id| (id, u32::try_from(row.youtube_start).unwrap_or(0))),
        meta_title: row.meta_title,
        meta_description: row.meta_description,
        meta_keywords: row.meta_keywords,
        canonical_url: row.canonical_url,
        allow_comments: row.allow_comments,
        counts: Counts {
            views: row.views,
            reactions: row.reactions,
            comments: row.comments,
        },
        reactions,
        can_react: viewer.is_some_and(|v| v.email_verified) && row.visible,
        can_edit,
        published_label: row.published_at.map(|at| time::date_label(at, zone)),
        updated_label: time::date_label(row.updated_at, zone),
        json_ld: String::new(),
        share_image: None,
        bookmark: None,
    })
}

/// The author first, then co-authors, with their user ids.
async fn bylines(
    conn: &mut PgConnection,
    post_id: Uuid,
    author_id: Uuid,
) -> Result<Vec<(Uuid, Byline)>, AppError> {
    let rows = sqlx::query!(
        r#"select u.id, u.username::text as "username!", pr.display_name, pr.bio,
                  (u.role = 'VERIFIED_CREATOR') as "verified!",
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?"
           from (select $2::uuid as user_id, null::timestamptz as added
                 union all
                 select pa.user_id, pa.created_at from post_authors pa where pa.post_id = $1 and pa.user_id <> $2) w
           join users u on u.id = w.user_id
           join profiles pr on pr.user_id = u.id
           left join media_files a on a.id = pr.avatar_media_id
           order by w.added nulls first, u.id"#,
        post_id,
        author_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let avatar = image_of(row.avatar_id, row.avatar_variants, row.avatar_blurhash)
                .map(|image| image.thumb_url);
            (
                row.id,
                Byline {
                    username: row.username,
                    display_name: row.display_name,
                    avatar_url: avatar,
                    bio: row.bio,
                    verified: row.verified,
                },
            )
        })
        .collect())
}

async fn series_nav(
    conn: &mut PgConnection,
    series_id: Uuid,
    order: i32,
    show_drafts: bool,
) -> Result<SeriesNav, AppError> {
    let series = sqlx::query!(
        r#"select slug::text as "slug!", title from post_series where id = $1"#,
        series_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let parts = sqlx::query!(
        r#"select slug::text as "slug!", title, series_order as "order!",
                  (content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')) as "published!"
           from posts where series_id = $1 and content_status <> 'DELETED'
           order by series_order, published_at"#,
        series_id
    )
    .fetch_all(conn)
    .await?;
    Ok(SeriesNav {
        slug: series.slug,
        title: series.title,
        order,
        parts: parts
            .into_iter()
            .filter(|part| part.published || show_drafts)
            .map(|part| SeriesPart {
                order: part.order,
                slug: part.slug,
                title: part.title,
                published: part.published,
            })
            .collect(),
    })
}

/// Chosen relations first, then the posts sharing the most tags (looking at
/// the newest 20 of each tag, so the cost does not grow with the tag's size).
async fn related(conn: &mut PgConnection, post_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    let ids = sqlx::query_scalar!(
        r#"(select r.related_post_id as "id!" from post_relations r
            join posts p on p.id = r.related_post_id
            where r.post_id = $1 and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED')
            order by r.sort_order limit $2)
           union all
           (select c.post_id as "id!" from post_tags pt
            cross join lateral (
              select x.post_id, x.published_at from post_tags x
              where x.tag_id = pt.tag_id and x.published_at is not null and x.post_id <> $1
              order by x.published_at desc, x.post_id desc limit 20
            ) c
            where pt.post_id = $1
            group by c.post_id order by count(*) desc, max(c.published_at) desc limit $2)"#,
        post_id,
        RELATED
    )
    .fetch_all(conn)
    .await?;
    let mut unique = Vec::new();
    for id in ids {
        if !unique.contains(&id) && unique.len() < RELATED as usize {
            unique.push(id);
        }
    }
    Ok(unique)
}

/// JSON-LD of the article; `<` is escaped so the text can never close the script.
pub fn json_ld(page: &PostPage) -> String {
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.excerpt,
        "datePublished": page.published_at.map(|at| at.to_rfc3339()),
        "dateModified": page.updated_at.to_rfc3339(),
        "wordCount": page.word_count,
        "author": std::iter::once(&page.author).chain(&page.coauthors).map(|a| serde_json::json!({
            "@type": "Person", "name": a.name(), "url": routes::profile(&a.username)
        })).collect::<Vec<_>>(),
        "image": page.share_image,
        "keywords": page.tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        "mainEntityOfPage": page.canonical_url,
    });
    value.to_string().replace('<', "\\u003c")
}
