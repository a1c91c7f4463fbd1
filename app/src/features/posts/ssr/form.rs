//! Reads the editor's form: every field checked, every problem reported
//! next to its field at once.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{slugs, time};
use crate::error::{AppError, FieldErrors};
use crate::features::posts::document::{self, Document, Limits, markdown, text::Summary};
use crate::features::posts::types::{ContentType, Intent, PostForm};

pub const MAX_TITLE: usize = 200;
pub const MAX_EXCERPT: usize = 500;
pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_LEN: usize = 40;
pub const MAX_COAUTHORS: usize = 5;
pub const MAX_MARKDOWN_BYTES: usize = 256 * 1024;

/// Staff-only placement of a post.
#[derive(Debug, Clone, Default)]
pub struct Staff {
    pub featured: bool,
    pub editors_pick: bool,
    pub pinned_until: Option<DateTime<Utc>>,
}

/// A checked form.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub intent: Intent,
    /// What the body still needs before it may be published (alt text);
    /// a draft is saved with these, a published post is not.
    pub before_publishing: Vec<String>,
    pub id: Option<Uuid>,
    pub version: Option<i32>,
    pub title: String,
    /// Set when the writer chose the slug.
    pub slug: Option<String>,
    pub document: Document,
    pub html: String,
    pub summary: Summary,
    /// Set when the writer wrote the excerpt.
    pub excerpt: Option<String>,
    pub content_type: ContentType,
    pub category_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub series_id: Option<Uuid>,
    pub series_order: Option<i32>,
    pub coauthor_ids: Vec<Uuid>,
    pub youtube: Option<(String, u32)>,
    pub cover_image_id: Option<Uuid>,
    pub cover_alt: Option<String>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub meta_keywords: Vec<String>,
    pub canonical_url: Option<String>,
    pub allow_comments: bool,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub change_note: Option<String>,
    /// `None` unless the editor is staff.
    pub staff: Option<Staff>,
}

fn optional(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Who is writing, for the checks that depend on it.
pub struct Writer {
    pub id: Uuid,
    /// The post's author when editing (series and pictures may be theirs).
    pub owner: Uuid,
    pub is_staff: bool,
    pub timezone: String,
}

/// Checks `form`; the body is Markdown unless `body_json` (the rich editor's
/// document) is given.
pub async fn parse(
    conn: &mut PgConnection,
    form: &PostForm,
    writer: &Writer,
) -> Result<Parsed, AppError> {
    let mut errors = FieldErrors::default();
    let intent = Intent::parse(&form.intent);
    let id = parse_id(&form.id)?;
    let version = optional(&form.version).and_then(|raw| raw.parse().ok());

    let title = form.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.chars().count() < 3 {
        errors.add("title", "Give the post a title of at least 3 characters.");
    } else if title.chars().count() > MAX_TITLE {
        errors.add(
            "title",
            format!("Keep the title under {MAX_TITLE} characters."),
        );
    }

    let slug = optional(&form.slug).map(|raw| raw.to_ascii_lowercase());
    if let Some(slug) = &slug
        && !slugs::is_slug(slug)
    {
        errors.add(
            "slug",
            "Use lowercase letters, digits and single dashes, like my-first-post.",
        );
    }

    let limits = Limits::default();
    let document = if let Some(json) = optional(&form.body_json) {
        match Document::from_json(&json, &limits) {
            Ok(document) => document,
            Err(error) => {
                errors.add("body", error.to_string());
                Document::default()
            }
        }
    } else if form.body.len() > MAX_MARKDOWN_BYTES {
        errors.add(
            "body",
            format!(
                "The post is too long (the limit is {} KB of text).",
                MAX_MARKDOWN_BYTES / 1024
            ),
        );
        Document::default()
    } else {
        markdown::import(&form.body)
    };
    let publishing = matches!(intent, Intent::Publish | Intent::Schedule);
    let mut before_publishing = Vec::new();
    if let Err(problems) = document.validate(&limits) {
        // A draft may wait for its pictures' alt text.
        for problem in problems {
            if publishing || !problem.before_publishing {
                errors.add("body", problem.to_string());
            } else {
                before_publishing.push(problem.to_string());
            }
        }
    }
    if document.is_empty() && publishing {
        errors.add("body", "Write something before publishing.");
    }
    let html = document::render::to_html(&document);
    let summary = document::text::summary(&document);

    let excerpt =
        optional(&form.excerpt).map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "));
    if excerpt
        .as_ref()
        .is_some_and(|e| e.chars().count() > MAX_EXCERPT)
    {
        errors.add(
            "excerpt",
            format!("Keep the excerpt under {MAX_EXCERPT} characters."),
        );
    }

    let content_type = match optional(&form.content_type) {
        None => ContentType::Blog,
        Some(raw) => ContentType::parse(&raw).unwrap_or_else(|| {
            errors.add("content_type", "Choose a kind of post from the list.");
            ContentType::Blog
        }),
    };

    let category_id = match optional(&form.category) {
        None => None,
        Some(slug) => {
            let found = sqlx::query_scalar!(
                "select id from categories where slug = $1::text::citext and is_active",
                slug
            )
            .fetch_optional(&mut *conn)
            .await?;
            if found.is_none() {
                errors.add("category", "Choose a category from the list.");
            }
            found
        }
    };

    let tags = parse_tags(&form.tags, &mut errors);

    let (series_id, series_order) = match optional(&form.series) {
        None => (None, None),
        Some(slug) => {
            let found = sqlx::query_scalar!(
                "select id from post_series where slug = $1::text::citext and author_id = $2",
                slug,
                writer.owner
            )
            .fetch_optional(&mut *conn)
            .await?;
            if found.is_none() {
                errors.add("series", "Choose one of the author's series.");
            }
            let order = match optional(&form.series_order) {
                None => None,
                Some(raw) => match raw.parse::<i32>() {
                    Ok(n) if (1..=500).contains(&n) => Some(n),
                    _ => {
                        errors.add(
                            "series_order",
                            "The part number is a whole number from 1 to 500.",
                        );
                        None
                    }
                },
            };
            (found, order)
        }
    };

    let coauthor_ids = parse_coauthors(conn, &form.coauthors, writer, &mut errors).await?;

    let youtube = match optional(&form.youtube_url) {
        None => None,
        Some(url) => {
            let parsed = document::urls::parse_youtube(&url);
            if parsed.is_none() {
                errors.add("youtube_url", "Paste a YouTube video address, like https://youtu.be/… or https://www.youtube.com/watch?v=….");
            }
            parsed
        }
    };

    let removing_cover = form.remove_cover.is_some();
    let cover_image_id = match optional(&form.cover_image).filter(|_| !removing_cover) {
        None => None,
        Some(raw) => {
            let found = match Uuid::parse_str(&raw) {
                Ok(media) => {
                    sqlx::query_scalar!(
                        "select id from media_files where id = $1 and (user_id = $2 or user_id = $3) and file_type = 'image'",
                        media,
                        writer.id,
                        writer.owner
                    )
                    .fetch_optional(&mut *conn)
                    .await?
                }
                Err(_) => None,
            };
            if found.is_none() {
                errors.add(
                    "cover_image",
                    "That picture was not found; upload it again.",
                );
            }
            found
        }
    };
    let cover_alt = optional(&form.cover_alt).filter(|_| !removing_cover);
    if cover_image_id.is_some() && cover_alt.is_none() {
        errors.add(
            "cover_alt",
            "Describe the cover picture for people who can't see it.",
        );
    }
    if cover_alt
        .as_ref()
        .is_some_and(|alt| alt.chars().count() > 300)
    {
        errors.add("cover_alt", "Keep the description under 300 characters.");
    }

    let meta_title = optional(&form.meta_title);
    if meta_title.as_ref().is_some_and(|t| t.chars().count() > 160) {
        errors.add(
            "meta_title",
            "Search engines show about 60 characters; the limit is 160.",
        );
    }
    let meta_description = optional(&form.meta_description);
    if meta_description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 320)
    {
        errors.add(
            "meta_description",
            "Keep the description under 320 characters.",
        );
    }
    let meta_keywords: Vec<String> = form
        .meta_keywords
        .split(',')
        .filter_map(optional)
        .take(20)
        .collect();
    if meta_keywords.iter().any(|k| k.chars().count() > 50) {
        errors.add("meta_keywords", "Each keyword is at most 50 characters.");
    }
    let canonical_url = optional(&form.canonical_url);
    if let Some(url) = &canonical_url
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || document::urls::check_link(url).is_err())
    {
        errors.add(
            "canonical_url",
            "The canonical address is a full https:// address where this post first appeared.",
        );
    }

    let zone = time::zone(&writer.timezone);
    let scheduled_at = match optional(&form.scheduled_at) {
        None => None,
        Some(raw) => {
            let at = time::parse_local(&raw, zone);
            if at.is_none() {
                errors.add("scheduled_at", "Pick a date and time.");
            }
            at
        }
    };
    if intent == Intent::Schedule {
        match scheduled_at {
            None if optional(&form.scheduled_at).is_none() => {
                errors.add("scheduled_at", "Pick when the post should go live.")
            }
            Some(at) if at <= Utc::now() + chrono::Duration::minutes(1) => {
                errors.add("scheduled_at", "Pick a time in the future.")
            }
            _ => {}
        }
    }

    let change_note = optional(&form.change_note);
    if change_note
        .as_ref()
        .is_some_and(|n| n.chars().count() > 300)
    {
        errors.add("change_note", "Keep the note under 300 characters.");
    }

    let staff_fields = form.featured.is_some()
        || form.editors_pick.is_some()
        || optional(&form.pinned_until).is_some();
    let staff = if writer.is_staff {
        let pinned_until = optional(&form.pinned_until).and_then(|raw| {
            let at = time::parse_local(&raw, zone);
            if at.is_none() {
                errors.add("pinned_until", "Pick a date and time.");
            }
            at
        });
        Some(Staff {
            featured: form.featured.is_some(),
            editors_pick: form.editors_pick.is_some(),
            pinned_until,
        })
    } else if staff_fields {
        return Err(AppError::Forbidden);
    } else {
        None
    };

    errors.into_result()?;
    Ok(Parsed {
        intent,
        id,
        version,
        title,
        slug,
        document,
        html,
        summary,
        excerpt,
        content_type,
        category_id,
        tags,
        series_id,
        series_order,
        coauthor_ids,
        youtube,
        cover_image_id,
        cover_alt,
        meta_title,
        meta_description,
        meta_keywords,
        canonical_url,
        allow_comments: form.allow_comments.is_some(),
        scheduled_at,
        change_note,
        staff,
        before_publishing,
    })
}

/// The post id of the form (`None` for a new post).
pub fn parse_id(raw: &str) -> Result<Option<Uuid>, AppError> {
    match optional(raw) {
        None => Ok(None),
        Some(raw) => Uuid::parse_str(&raw)
            .map(Some)
            .map_err(|_| AppError::NotFound),
    }
}

/// Tag names from a comma-separated list: `#` dropped, spaces collapsed,
/// duplicates (ignoring case) removed.
fn parse_tags(raw: &str, errors: &mut FieldErrors) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for piece in raw.split(',') {
        let name = piece
            .trim()
            .trim_start_matches('#')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            continue;
        }
        if name.chars().count() > MAX_TAG_LEN
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\''))
            || slugs::slugify(&name).is_empty()
        {
            errors.add("tags", format!("\u{201c}{name}\u{201d} can't be a tag: use up to {MAX_TAG_LEN} letters, digits, spaces and dashes."));
            continue;
        }
        if !tags.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            tags.push(name);
        }
    }
    if tags.len() > MAX_TAGS {
        errors.add("tags", format!("Use at most {MAX_TAGS} tags."));
    }
    tags
}

async fn parse_coauthors(
    conn: &mut PgConnection,
    raw: &str,
    writer: &Writer,
    errors: &mut FieldErrors,
) -> Result<Vec<Uuid>, AppError> {
    let names: Vec<String> = raw
        .split(',')
        .map(|name| name.trim().trim_start_matches('@').to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    if names.len() > MAX_COAUTHORS {
        errors.add(
            "coauthors",
            format!("A post has at most {MAX_COAUTHORS} co-authors."),
        );
        return Ok(Vec::new());
    }
    let found = sqlx::query!(
        r#"select id, username::text as "username!" from users
           where username = any($1::text[]::citext[]) and status in ('ACTIVE', 'PENDING_VERIFICATION')"#,
        &names
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids = Vec::new();
    for name in &names {
        match found
            .iter()
            .find(|row| row.username.eq_ignore_ascii_case(name))
        {
            Some(row) if row.id == writer.owner => {}
            Some(row) => {
                if !ids.contains(&row.id) {
                    ids.push(row.id);
                }
            }
            None => errors.add("coauthors", format!("There is no member called @{name}.")),
        }
    }
    Ok(ids)
}
