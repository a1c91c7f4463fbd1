//! Saving a post: create, edit, publish, schedule, with a revision for
//! every change of the content. One transaction per save, the post row
//! locked, counts moved by [`super::visibility`].

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::form::{self, Parsed, Writer};
use super::{slugs, tags, visibility};
use crate::error::AppError;
use crate::features::accounts::types::{Role, Viewer};
use crate::features::posts::types::{ContentStatus, Intent, PostForm, SaveOutcome};

/// Who is saving and what they may do.
#[derive(Debug, Clone)]
pub struct Author {
    pub id: Uuid,
    pub role: Role,
    pub timezone: String,
    /// From the `posts.anyone_can_publish` site setting.
    pub anyone_can_publish: bool,
}

impl Author {
    pub fn is_staff(&self) -> bool {
        self.role.can_moderate()
    }

    /// Creators, staff, and everyone when the site allows it.
    pub fn can_publish(&self) -> bool {
        self.role.is_creator() || self.role.can_moderate() || self.anyone_can_publish
    }
}

/// Reads the setting and the person's time zone.
pub async fn author(conn: &mut PgConnection, viewer: &Viewer) -> Result<Author, AppError> {
    let row = sqlx::query!(
        r#"select u.timezone,
                  coalesce((select (value #>> '{}')::boolean from site_settings where key = 'posts.anyone_can_publish'), false) as "anyone!"
           from users u where u.id = $1"#,
        viewer.id
    )
    .fetch_one(conn)
    .await?;
    Ok(Author {
        id: viewer.id,
        role: viewer.role,
        timezone: row.timezone,
        anyone_can_publish: row.anyone,
    })
}

/// The stored post, locked for this transaction.
struct Current {
    author_id: Uuid,
    version: i32,
    status: ContentStatus,
    title: String,
    content: serde_json::Value,
    slug: String,
    custom_slug: bool,
    published_at: Option<DateTime<Utc>>,
    coauthors: Vec<Uuid>,
}

async fn lock(conn: &mut PgConnection, id: Uuid) -> Result<Current, AppError> {
    let row = sqlx::query!(
        r#"select author_id, version, content_status as "status: ContentStatus", title, content,
                  slug::text as "slug!", custom_slug, published_at,
                  coalesce((select array_agg(user_id order by created_at) from post_authors where post_id = p.id), '{}') as "coauthors!"
           from posts p where id = $1 and content_status <> 'DELETED' for update"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Current {
        author_id: row.author_id,
        version: row.version,
        status: row.status,
        title: row.title,
        content: row.content,
        slug: row.slug,
        custom_slug: row.custom_slug,
        published_at: row.published_at,
        coauthors: row.coauthors,
    })
}

/// The slug a title gives (`post` when the title has no usable letters).
fn title_slug(title: &str) -> String {
    Some(slugs::slugify(title))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "post".into())
}

/// The field error for an address another post already has.
fn slug_taken() -> AppError {
    AppError::field(
        "slug",
        "Another post already uses this address; pick a different one.",
    )
}

/// True when `user` may edit the post: its author, a co-author, or staff.
fn may_edit(current: &Current, author: &Author) -> bool {
    current.author_id == author.id || current.coauthors.contains(&author.id) || author.is_staff()
}

/// Runs the editor's submit: a preview, or a save in one of the intents.
pub async fn save(
    pool: &PgPool,
    author: &Author,
    form: &PostForm,
) -> Result<SaveOutcome, AppError> {
    let mut tx = pool.begin().await?;
    let id = form::parse_id(&form.id)?;
    let current = match id {
        Some(id) => Some(lock(&mut tx, id).await?),
        None => None,
    };
    if let Some(current) = &current
        && !may_edit(current, author)
    {
        return Err(AppError::Forbidden);
    }
    let writer = Writer {
        id: author.id,
        owner: current.as_ref().map_or(author.id, |c| c.author_id),
        is_staff: author.is_staff(),
        timezone: author.timezone.clone(),
    };
    let parsed = form::parse(&mut tx, form, &writer).await?;
    if parsed.intent == Intent::Preview {
        return Ok(SaveOutcome::Preview {
            html: parsed.html,
            reading_minutes: parsed.summary.reading_minutes,
            word_count: parsed.summary.word_count,
        });
    }
    if matches!(parsed.intent, Intent::Publish | Intent::Schedule) && !author.can_publish() {
        return Err(AppError::Restricted {
            message: "Only creators can publish posts here. Save it as a draft; a moderator can publish it.".into(),
        });
    }
    if let Some(current) = &current {
        if parsed.version.is_some_and(|v| v != current.version) {
            return Err(AppError::Conflict {
                message: format!(
                    "Someone saved this post after you opened it (it is now at version {}). Your text is still here: copy it, reload the editor and add it again.",
                    current.version
                ),
            });
        }
        let owner_or_staff = current.author_id == author.id || author.is_staff();
        if !owner_or_staff && parsed.coauthor_ids != current.coauthors {
            return Err(AppError::field(
                "coauthors",
                "Only the post's author can change its co-authors.",
            ));
        }
        let live = matches!(
            current.status,
            ContentStatus::Published | ContentStatus::Scheduled
        );
        if live {
            // A published post's pictures keep their alt text.
            let mut errors = crate::error::FieldErrors::default();
            for problem in &parsed.before_publishing {
                errors.add("body", problem.clone());
            }
            errors.into_result()?;
        }
        if parsed.intent == Intent::Schedule && current.status == ContentStatus::Published {
            return Err(AppError::field(
                "scheduled_at",
                "This post is already published.",
            ));
        }
    }

    let outcome = match (id, current) {
        (Some(id), Some(current)) => update(&mut tx, id, current, &parsed, author).await?,
        _ => create(&mut tx, &parsed, author).await?,
    };
    tx.commit().await?;
    Ok(outcome)
}

fn status_after(intent: Intent, before: Option<ContentStatus>) -> ContentStatus {
    match intent {
        Intent::Publish => ContentStatus::Published,
        Intent::Schedule => ContentStatus::Scheduled,
        Intent::Save | Intent::Preview => before.unwrap_or(ContentStatus::Draft),
    }
}

async fn create(
    conn: &mut PgConnection,
    parsed: &Parsed,
    author: &Author,
) -> Result<SaveOutcome, AppError> {
    let status = status_after(parsed.intent, None);
    let published_at = (status == ContentStatus::Published).then(Utc::now);
    let content = serde_json::to_value(&parsed.document).map_err(AppError::internal)?;
    let base = parsed
        .slug
        .clone()
        .unwrap_or_else(|| title_slug(&parsed.title));
    let mut id = None;
    let mut slug = base.clone();
    // Another writer may take the same slug between the look-up and the
    // insert; `on conflict do nothing` then returns no row and we look again.
    for _ in 0..8 {
        if parsed.slug.is_none() {
            slug = slugs::free_post_slug(conn, &base).await?;
        }
        id = sqlx::query_scalar!(
            r#"insert into posts (slug, custom_slug, title, content, content_html, content_type, content_status,
                                  excerpt, custom_excerpt, author_id, published_at, scheduled_publish_at,
                                  reading_time, word_count, version, last_edited_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, now())
               on conflict (slug) do nothing
               returning id"#,
            slug as _,
            parsed.slug.is_some(),
            parsed.title,
            content,
            parsed.html,
            parsed.content_type as _,
            status as _,
            parsed.excerpt.clone().unwrap_or_else(|| parsed.summary.excerpt.clone()),
            parsed.excerpt.is_some(),
            author.id,
            published_at,
            parsed.scheduled_at.filter(|_| status == ContentStatus::Scheduled),
            parsed.summary.reading_minutes,
            parsed.summary.word_count,
        )
        .fetch_optional(&mut *conn)
        .await?;
        if id.is_some() || parsed.slug.is_some() {
            break;
        }
    }
    let Some(id) = id else {
        return Err(slug_taken());
    };
    let before = visibility::Snapshot::default();
    write_details(conn, id, parsed, author, None).await?;
    insert_revision(
        conn,
        id,
        author.id,
        parsed,
        1,
        status == ContentStatus::Published,
    )
    .await?;
    let after = visibility::snapshot(conn, id).await?;
    visibility::apply(conn, id, &before, &after).await?;
    Ok(SaveOutcome::Saved {
        id,
        slug,
        status,
        version: 1,
    })
}

async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    current: Current,
    parsed: &Parsed,
    author: &Author,
) -> Result<SaveOutcome, AppError> {
    let before = visibility::snapshot(conn, id).await?;
    let status = status_after(parsed.intent, Some(current.status));
    let content = serde_json::to_value(&parsed.document).map_err(AppError::internal)?;
    let changed = content != current.content || parsed.title != current.title;
    let version = if changed {
        current.version + 1
    } else {
        current.version
    };

    // The address follows the title until the post is first published or
    // the writer picks one; after that links must keep working.
    let new_slug = match &parsed.slug {
        Some(slug) => Some((slug.clone(), true)),
        None if !current.custom_slug && current.published_at.is_none() => {
            let base = title_slug(&parsed.title);
            if current.slug == base || current.slug.starts_with(&format!("{base}-")) {
                None
            } else {
                Some((slugs::free_post_slug(conn, &base).await?, false))
            }
        }
        None => None,
    };

    let result = sqlx::query!(
        r#"update posts set
             title = $2, content = $3, content_html = $4, content_type = $5, content_status = $6,
             excerpt = $7, custom_excerpt = $8, reading_time = $9, word_count = $10, version = $11,
             published_at = case when $6 = 'PUBLISHED'::content_status then coalesce(published_at, now()) else published_at end,
             scheduled_publish_at = case when $6 = 'SCHEDULED'::content_status then coalesce($12, scheduled_publish_at) else null end,
             archived_at = case when $6 = 'ARCHIVED'::content_status then archived_at else null end,
             last_edited_at = case when $13 then now() else last_edited_at end,
             slug = coalesce($14::text::citext, slug),
             custom_slug = custom_slug or coalesce($15, false)
           where id = $1"#,
        id,
        parsed.title,
        content,
        parsed.html,
        parsed.content_type as _,
        status as _,
        parsed.excerpt.clone().unwrap_or_else(|| parsed.summary.excerpt.clone()),
        parsed.excerpt.is_some(),
        parsed.summary.reading_minutes,
        parsed.summary.word_count,
        version,
        parsed.scheduled_at,
        changed,
        new_slug.as_ref().map(|(slug, _)| slug.clone()),
        new_slug.as_ref().map(|(_, custom)| *custom),
    )
    .execute(&mut *conn)
    .await;
    // A chosen address another post has (or just took) breaks the unique key.
    if let Err(sqlx::Error::Database(error)) = &result
        && error.constraint() == Some("posts_slug_key")
    {
        return Err(slug_taken());
    }
    result?;
    write_details(conn, id, parsed, author, Some(&current)).await?;
    if changed {
        insert_revision(
            conn,
            id,
            author.id,
            parsed,
            version,
            status == ContentStatus::Published,
        )
        .await?;
    }
    let after = visibility::snapshot(conn, id).await?;
    visibility::apply(conn, id, &before, &after).await?;
    let slug = new_slug.map_or(current.slug, |(slug, _)| slug);
    Ok(SaveOutcome::Saved {
        id,
        slug,
        status,
        version,
    })
}

/// Everything besides the body: category, series, video, cover, SEO, tags,
/// co-authors and (for staff) placement.
async fn write_details(
    conn: &mut PgConnection,
    id: Uuid,
    parsed: &Parsed,
    author: &Author,
    current: Option<&Current>,
) -> Result<(), AppError> {
    let series_order = match (parsed.series_id, parsed.series_order) {
        (None, _) => None,
        (Some(_), Some(order)) => Some(order),
        (Some(series), None) => Some(
            sqlx::query_scalar!(
                r#"select coalesce(
                     (select series_order from posts where id = $2 and series_id = $1),
                     (select max(series_order) from posts where series_id = $1) + 1, 1) as "order!""#,
                series,
                id
            )
            .fetch_one(&mut *conn)
            .await?,
        ),
    };
    sqlx::query!(
        "update posts set category_id = $2, series_id = $3, series_order = $4, youtube_video_id = $5,
                youtube_start = $6, cover_image_id = $7, cover_image_alt = $8, meta_title = $9,
                meta_description = $10, meta_keywords = $11, canonical_url = $12, allow_comments = $13
         where id = $1",
        id,
        parsed.category_id,
        parsed.series_id,
        series_order,
        parsed.youtube.as_ref().map(|(video, _)| video.clone()),
        parsed.youtube.as_ref().map_or(0, |(_, start)| i32::try_from(*start).unwrap_or(0)),
        parsed.cover_image_id,
        parsed.cover_alt,
        parsed.meta_title,
        parsed.meta_description,
        &parsed.meta_keywords,
        parsed.canonical_url,
        parsed.allow_comments,
    )
    .execute(&mut *conn)
    .await?;
    if let Some(staff) = &parsed.staff {
        sqlx::query!(
            "update posts set featured = $2, editors_pick = $3, pinned_until = $4 where id = $1",
            id,
            staff.featured,
            staff.editors_pick,
            staff.pinned_until
        )
        .execute(&mut *conn)
        .await?;
    }

    let tag_ids = tags::resolve(conn, &parsed.tags).await?;
    sqlx::query!(
        "delete from post_tags where post_id = $1 and not (tag_id = any($2))",
        id,
        &tag_ids
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into post_tags (post_id, tag_id, added_by) select $1, unnest($2::uuid[]), $3
         on conflict do nothing",
        id,
        &tag_ids,
        author.id
    )
    .execute(&mut *conn)
    .await?;

    if current.is_none_or(|c| c.coauthors != parsed.coauthor_ids) {
        sqlx::query!(
            "delete from post_authors where post_id = $1 and not (user_id = any($2))",
            id,
            &parsed.coauthor_ids
        )
        .execute(&mut *conn)
        .await?;
        sqlx::query!(
            "insert into post_authors (post_id, user_id, added_by) select $1, unnest($2::uuid[]), $3
             on conflict do nothing",
            id,
            &parsed.coauthor_ids,
            author.id
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_revision(
    conn: &mut PgConnection,
    id: Uuid,
    editor: Uuid,
    parsed: &Parsed,
    version: i32,
    is_published: bool,
) -> Result<(), AppError> {
    let content = serde_json::to_value(&parsed.document).map_err(AppError::internal)?;
    sqlx::query!(
        "insert into post_revisions (post_id, editor_id, title, content, change_note, version, is_published)
         values ($1, $2, $3, $4, $5, $6, $7)",
        id,
        editor,
        parsed.title,
        content,
        parsed.change_note,
        version,
        is_published
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves a post to `status` (archive, delete, back to draft), keeping counts right.
pub async fn set_status(
    pool: &PgPool,
    author: &Author,
    id: Uuid,
    status: ContentStatus,
) -> Result<String, AppError> {
    let mut tx = pool.begin().await?;
    let current = lock(&mut tx, id).await?;
    if !may_edit(&current, author) {
        return Err(AppError::Forbidden);
    }
    if status == ContentStatus::Deleted && current.author_id != author.id && !author.is_staff() {
        return Err(AppError::Forbidden);
    }
    if status == ContentStatus::Published && !author.can_publish() {
        return Err(AppError::Forbidden);
    }
    if status == ContentStatus::Published && current.status != ContentStatus::Published {
        // What a draft may wait for (alt text), publishing may not.
        use crate::features::posts::document::{Document, Limits};
        let document: Document =
            serde_json::from_value(current.content.clone()).map_err(AppError::internal)?;
        let mut errors = crate::error::FieldErrors::default();
        if let Err(problems) = document.validate(&Limits::default()) {
            for problem in problems {
                errors.add("body", problem.to_string());
            }
        }
        if document.is_empty() {
            errors.add("body", "Write something before publishing.");
        }
        errors.into_result()?;
    }
    let before = visibility::snapshot(&mut tx, id).await?;
    let slug = sqlx::query_scalar!(
        r#"update posts set content_status = $2,
             archived_at = case when $2 = 'ARCHIVED'::content_status then now() else null end,
             deleted_at = case when $2 = 'DELETED'::content_status then now() else null end,
             published_at = case when $2 = 'PUBLISHED'::content_status then coalesce(published_at, now()) else published_at end,
             scheduled_publish_at = case when $2 = 'SCHEDULED'::content_status then scheduled_publish_at else null end
           where id = $1 returning slug::text as "slug!""#,
        id,
        status as _
    )
    .fetch_one(&mut *tx)
    .await?;
    let after = visibility::snapshot(&mut tx, id).await?;
    visibility::apply(&mut tx, id, &before, &after).await?;
    tx.commit().await?;
    Ok(slug)
}
