//! What the editor page starts from: the stored post as form values, and
//! the choices (categories, the author's series).

use sqlx::PgConnection;
use uuid::Uuid;

use super::{time, write::Author};
use crate::error::AppError;
use crate::features::media::ssr::image_of;
use crate::features::media::types::Image;
use crate::features::posts::document::{Document, markdown_export, urls};
use crate::features::posts::types::{
    CategoryOption, ContentStatus, ContentType, EditorData, EditorPost, PostForm, SeriesOption,
};

/// Editor data for a new post (`id` `None`; `draft` is the key of its
/// autosaves when the editor was open before) or an existing one.
pub async fn load(
    conn: &mut PgConnection,
    author: &Author,
    id: Option<Uuid>,
    draft: Option<Uuid>,
) -> Result<EditorData, AppError> {
    let zone = time::zone(&author.timezone);
    let (form, post, owner) = match id {
        None => (
            PostForm {
                allow_comments: Some("on".into()),
                content_type: ContentType::Blog.as_str().into(),
                // Autosaves of this new post are kept under this key.
                draft_key: draft.unwrap_or_else(Uuid::new_v4).to_string(),
                ..PostForm::default()
            },
            None,
            author.id,
        ),
        Some(id) => {
            let row = sqlx::query!(
                r#"select p.id, p.slug::text as "slug!", p.custom_slug, p.title, p.content, p.excerpt, p.custom_excerpt,
                          p.content_type as "content_type: ContentType", p.content_status as "status: ContentStatus",
                          p.version, p.author_id, c.slug::text as "category?", s.slug::text as "series?", p.series_order,
                          p.youtube_video_id, p.youtube_start, p.cover_image_id, p.cover_image_alt,
                          p.meta_title::text, p.meta_description::text, p.meta_keywords, p.canonical_url,
                          p.allow_comments, p.scheduled_publish_at, p.published_at, p.featured, p.editors_pick,
                          p.pinned_until,
                          coalesce((select array_agg(tg.name::text order by tg.name) from post_tags pt
                                    join tags tg on tg.id = pt.tag_id where pt.post_id = p.id), '{}') as "tags!",
                          coalesce((select array_agg(u.username::text order by pa.created_at) from post_authors pa
                                    join users u on u.id = pa.user_id where pa.post_id = p.id), '{}') as "coauthors!",
                          exists(select 1 from post_authors where post_id = p.id and user_id = $2) as "is_coauthor!"
                   from posts p
                   left join categories c on c.id = p.category_id
                   left join post_series s on s.id = p.series_id
                   where p.id = $1 and p.content_status <> 'DELETED'"#,
                id,
                author.id
            )
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
            let is_author = row.author_id == author.id || row.is_coauthor;
            if !is_author && !author.is_staff() {
                return Err(AppError::Forbidden);
            }
            let document: Document = serde_json::from_value(row.content).unwrap_or_default();
            let form = PostForm {
                id: row.id.to_string(),
                draft_key: row.id.to_string(),
                version: row.version.to_string(),
                title: row.title,
                slug: if row.custom_slug {
                    row.slug.clone()
                } else {
                    String::new()
                },
                body: markdown_export::to_markdown(&document),
                body_json: serde_json::to_string(&document).unwrap_or_default(),
                excerpt: if row.custom_excerpt {
                    row.excerpt
                } else {
                    String::new()
                },
                content_type: row.content_type.as_str().into(),
                category: row.category.unwrap_or_default(),
                tags: row.tags.join(", "),
                series: row.series.unwrap_or_default(),
                series_order: row.series_order.map(|n| n.to_string()).unwrap_or_default(),
                coauthors: row.coauthors.join(", "),
                youtube_url: row
                    .youtube_video_id
                    .map(|video| {
                        urls::youtube_watch_url(
                            &video,
                            u32::try_from(row.youtube_start).unwrap_or(0),
                        )
                    })
                    .unwrap_or_default(),
                cover_image: row
                    .cover_image_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
                cover_alt: row.cover_image_alt.unwrap_or_default(),
                remove_cover: None,
                meta_title: row.meta_title.unwrap_or_default(),
                meta_description: row.meta_description.unwrap_or_default(),
                meta_keywords: row.meta_keywords.join(", "),
                canonical_url: row.canonical_url.unwrap_or_default(),
                allow_comments: row.allow_comments.then(|| "on".into()),
                scheduled_at: row
                    .scheduled_publish_at
                    .map(|at| time::local_input(at, zone))
                    .unwrap_or_default(),
                change_note: String::new(),
                featured: row.featured.then(|| "on".into()),
                editors_pick: row.editors_pick.then(|| "on".into()),
                pinned_until: row
                    .pinned_until
                    .map(|at| time::local_input(at, zone))
                    .unwrap_or_default(),
                intent: String::new(),
            };
            let post = EditorPost {
                id: row.id,
                slug: row.slug,
                status: row.status,
                version: row.version,
                scheduled_publish_at: row.scheduled_publish_at,
                published_at: row.published_at,
                is_author,
            };
            (form, Some(post), row.author_id)
        }
    };
    let categories = sqlx::query_as!(
        CategoryOption,
        r#"with recursive tree as (
             select id, slug::text as slug, name as path, display_order, array[display_order] as sort_key
             from categories where parent_id is null and is_active
             union all
             select c.id, c.slug::text, t.path || ' › ' || c.name, c.display_order, t.sort_key || c.display_order
             from categories c join tree t on c.parent_id = t.id where c.is_active
           )
           select slug as "slug!", path as "path!" from tree order by sort_key, path"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let series = sqlx::query_as!(
        SeriesOption,
        r#"select slug::text as "slug!", title from post_series where author_id = $1 order by created_at desc"#,
        owner
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(EditorData {
        form,
        post,
        categories,
        series,
        can_publish: author.can_publish(),
        is_staff: author.is_staff(),
        timezone: author.timezone.clone(),
        error: None,
        preview_html: None,
        cover: None,
        restored_at: None,
    })
}

/// The picture a form's `cover_image` (a media id) points at, if it exists.
pub async fn cover(conn: &mut PgConnection, media_id: &str) -> Result<Option<Image>, AppError> {
    let Ok(id) = Uuid::parse_str(media_id.trim()) else {
        return Ok(None);
    };
    let row = sqlx::query!(
        "select id, variants, blurhash from media_files where id = $1 and file_type = 'image'",
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|row| image_of(Some(row.id), Some(row.variants), row.blurhash)))
}
