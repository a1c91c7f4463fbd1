//! Atom feeds (Latest, each category, tag and author) and the sitemap. The
//! XML is written with quick-xml's writer, which escapes every text and
//! attribute; the feeds carry each post's full rendered HTML.

use chrono::{DateTime, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use sqlx::PgConnection;
use uuid::Uuid;

use super::cursor::time_start;
use super::{lookup, queries};
use crate::error::AppError;
use crate::features::feeds::types::FeedKind;
use crate::routes;

/// Entries in an Atom feed.
pub const ATOM_ENTRIES: i64 = 30;
/// URLs in one sitemap file (the protocol allows 50 000).
const SITEMAP_LIMIT: i64 = 50_000;

struct Entry {
    id: Uuid,
    slug: String,
    title: String,
    excerpt: String,
    content_html: String,
    published_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    username: String,
    author_name: String,
    tags: Vec<String>,
}

type XmlResult = std::io::Result<()>;

fn xml_error(e: std::io::Error) -> AppError {
    AppError::internal(format!("writing XML: {e}"))
}

/// The Atom document of `feed` (Latest, a category, a tag or an author).
pub async fn atom(
    conn: &mut PgConnection,
    public_url: &str,
    site_name: &str,
    feed: &FeedKind,
) -> Result<String, AppError> {
    let start = time_start();
    let mut feed = feed.clone();
    let rows = match &feed {
        FeedKind::Latest => queries::latest(conn, start, false, ATOM_ENTRIES).await?,
        FeedKind::Category(slug) => {
            let ids = lookup::category_tree(conn, slug).await?;
            queries::categories(conn, &ids, start, ATOM_ENTRIES).await?
        }
        FeedKind::Tag(slug) => {
            let tag = lookup::tag(conn, slug).await?;
            let rows = queries::tag(conn, tag.id, start, ATOM_ENTRIES).await?;
            // A synonym's feed is the tag's feed, under the tag's name.
            feed = FeedKind::Tag(tag.slug);
            rows
        }
        FeedKind::Author(username) => {
            let author = lookup::author(conn, username).await?;
            queries::author(conn, author, start, ATOM_ENTRIES).await?
        }
        _ => return Err(AppError::NotFound),
    };
    let about = lookup::about(conn, None, &feed).await?;
    let ids: Vec<Uuid> = rows.iter().map(|(id, _)| *id).collect();
    let mut entries = sqlx::query_as!(
        Entry,
        r#"select p.id, p.slug::text as "slug!", p.title, p.excerpt, p.content_html, p.published_at,
                  coalesce(p.last_edited_at, p.published_at, p.updated_at) as "updated_at!",
                  u.username::text as "username!", coalesce(pr.display_name, u.username::text) as "author_name!",
                  array(select t.name::text from post_tags pt join tags t on t.id = pt.tag_id
                        where pt.post_id = p.id order by t.name) as "tags!"
           from posts p join users u on u.id = p.author_id join profiles pr on pr.user_id = u.id
           where p.id = any($1)"#,
        &ids
    )
    .fetch_all(conn)
    .await?;
    entries.sort_by_key(|e| std::cmp::Reverse((e.published_at, e.id)));

    let self_url = format!("{public_url}{}", feed.atom_href().unwrap_or_default());
    let page_url = format!("{public_url}{}", feed.href());
    let title = format!("{} · {site_name}", about.title);
    let updated = entries
        .iter()
        .map(|e| e.updated_at)
        .max()
        .unwrap_or_else(Utc::now);
    document("feed", "http://www.w3.org/2005/Atom", |w| {
        text(w, "id", &page_url)?;
        text(w, "title", &title)?;
        if let Some(description) = &about.description {
            text(w, "subtitle", description)?;
        }
        text(w, "updated", &updated.to_rfc3339())?;
        link(w, "self", &self_url, Some("application/atom+xml"))?;
        link(w, "alternate", &page_url, Some("text/html"))?;
        text(w, "generator", site_name)?;
        for entry in &entries {
            entry_xml(w, public_url, entry)?;
        }
        Ok(())
    })
}

fn entry_xml(w: &mut Writer<Vec<u8>>, public_url: &str, entry: &Entry) -> XmlResult {
    let url = format!("{public_url}{}", routes::post(&entry.slug));
    w.create_element("entry").write_inner_content(|w| {
        text(w, "id", &format!("urn:uuid:{}", entry.id))?;
        text(w, "title", &entry.title)?;
        link(w, "alternate", &url, Some("text/html"))?;
        if let Some(published) = entry.published_at {
            text(w, "published", &published.to_rfc3339())?;
        }
        text(w, "updated", &entry.updated_at.to_rfc3339())?;
        w.create_element("author").write_inner_content(|w| {
            text(w, "name", &entry.author_name)?;
            text(
                w,
                "uri",
                &format!("{public_url}{}", routes::profile(&entry.username)),
            )?;
            Ok(())
        })?;
        for tag in &entry.tags {
            w.create_element("category")
                .with_attribute(("term", tag.as_str()))
                .write_empty()?;
        }
        text(w, "summary", &entry.excerpt)?;
        w.create_element("content")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&xml_chars(&entry.content_html)))?;
        Ok(())
    })?;
    Ok(())
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> XmlResult {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(value)))?;
    Ok(())
}

/// `text` without the characters XML 1.0 forbids (most control characters,
/// U+FFFE, U+FFFF): the writer escapes markup but keeps those, and one of
/// them makes the whole document unreadable.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|c| allowed(*c)).collect())
    }
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str, kind: Option<&str>) -> XmlResult {
    let mut element = w
        .create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("href", href));
    if let Some(kind) = kind {
        element = element.with_attribute(("type", kind));
    }
    element.write_empty()?;
    Ok(())
}

/// One `<url>` of a sitemap.
struct Url {
    loc: String,
    lastmod: Option<DateTime<Utc>>,
}

fn urlset(urls: &[Url]) -> Result<String, AppError> {
    document(
        "urlset",
        "http://www.sitemaps.org/schemas/sitemap/0.9",
        |w| {
            for url in urls {
                w.create_element("url").write_inner_content(|w| {
                    text(w, "loc", &url.loc)?;
                    if let Some(at) = url.lastmod {
                        text(w, "lastmod", &at.to_rfc3339())?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        },
    )
}

/// An XML document with one root element in namespace `xmlns`.
fn document(
    root: &str,
    xmlns: &str,
    inner: impl FnOnce(&mut Writer<Vec<u8>>) -> XmlResult,
) -> Result<String, AppError> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(xml_error)?;
    writer
        .create_element(root)
        .with_attribute(("xmlns", xmlns))
        .write_inner_content(inner)
        .map_err(xml_error)?;
    String::from_utf8(writer.into_inner()).map_err(AppError::internal)
}

/// The sitemap index: the fixed pages and one file per month of posts.
///
/// The months are found by skipping down the published-posts index, one
/// probe per month (a "loose index scan"), so the cost follows the number of
/// months, not of posts. A month's `lastmod` is its newest publication; edits
/// show in each post's own `lastmod` in the month's file.
pub async fn sitemap_index(conn: &mut PgConnection, public_url: &str) -> Result<String, AppError> {
    let months = sqlx::query!(
        r#"with recursive m(newest) as (
             (select published_at from posts
              where content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')
              order by published_at desc, id desc limit 1)
             union all
             select (select p.published_at from posts p
                     where p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED')
                       and p.published_at < date_trunc('month', m.newest at time zone 'UTC') at time zone 'UTC'
                     order by p.published_at desc, p.id desc limit 1)
             from m where m.newest is not null
           )
           select to_char(newest at time zone 'UTC', 'YYYY-MM') as "month!", newest as "lastmod!"
           from m where newest is not null"#
    )
    .fetch_all(conn)
    .await?;
    document(
        "sitemapindex",
        "http://www.sitemaps.org/schemas/sitemap/0.9",
        |w| {
            w.create_element("sitemap").write_inner_content(|w| {
                text(w, "loc", &format!("{public_url}{}", routes::SITEMAP_PAGES))
            })?;
            for month in &months {
                w.create_element("sitemap").write_inner_content(|w| {
                    text(
                        w,
                        "loc",
                        &format!("{public_url}{}", routes::sitemap_posts(&month.month)),
                    )?;
                    text(w, "lastmod", &month.lastmod.to_rfc3339())
                })?;
            }
            Ok(())
        },
    )
}

/// The fixed pages, categories, tags with posts, and series.
pub async fn sitemap_pages(conn: &mut PgConnection, public_url: &str) -> Result<String, AppError> {
    let mut urls: Vec<Url> = [
        routes::HOME,
        routes::LATEST,
        routes::TRENDING,
        routes::FEATURED,
        routes::CATEGORIES,
    ]
    .iter()
    .map(|path| Url {
        loc: format!("{public_url}{path}"),
        lastmod: None,
    })
    .collect();
    let rows = sqlx::query!(
        r#"select kind as "kind!", slug as "slug!" from (
             select 'c' as kind, slug::text as slug from categories where is_active
             union all
             (select 't', slug::text from tags where post_count > 0 order by post_count desc limit $1)
             union all
             select 's', slug::text from post_series where total_parts > 0
           ) x"#,
        SITEMAP_LIMIT / 2
    )
    .fetch_all(conn)
    .await?;
    urls.extend(rows.into_iter().map(|row| {
        let path = match row.kind.as_str() {
            "c" => routes::category(&row.slug),
            "t" => routes::tag(&row.slug),
            _ => routes::series(&row.slug),
        };
        Url {
            loc: format!("{public_url}{path}"),
            lastmod: None,
        }
    }));
    urlset(&urls)
}

/// The posts published in `month` ("2026-11"); 404 for a malformed month.
pub async fn sitemap_posts(
    conn: &mut PgConnection,
    public_url: &str,
    month: &str,
) -> Result<String, AppError> {
    let start = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_err(|_| AppError::NotFound)?
        .and_hms_opt(0, 0, 0)
        .ok_or(AppError::NotFound)?
        .and_utc();
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .ok_or(AppError::NotFound)?;
    let rows = sqlx::query!(
        r#"select slug::text as "slug!", coalesce(last_edited_at, published_at) as "lastmod!"
           from posts
           where content_status = 'PUBLISHED' and moderation_status in ('APPROVED', 'AUTO_APPROVED')
             and published_at >= $1 and published_at < $2
           order by published_at desc, id desc limit $3"#,
        start,
        end,
        SITEMAP_LIMIT
    )
    .fetch_all(conn)
    .await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    let urls: Vec<Url> = rows
        .into_iter()
        .map(|row| Url {
            loc: format!("{public_url}{}", routes::post(&row.slug)),
            lastmod: Some(row.lastmod),
        })
        .collect();
    urlset(&urls)
}
