//! A feed's subject by its address (category, tag, series, author) and what
//! its page says about it. Unknown or hidden subjects are 404.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::types::Viewer;
use crate::features::feeds::types::{FeedAbout, FeedDetail, FeedKind};
use crate::features::media::ssr::image_of;
use crate::features::posts::types::{Byline, CategoryRef};

/// An active category and its active subcategories, at any depth.
pub async fn category_tree(conn: &mut PgConnection, slug: &str) -> Result<Vec<Uuid>, AppError> {
    let ids = sqlx::query_scalar!(
        r#"with recursive tree as (
             select id from categories where slug = $1 and is_active
             union
             select c.id from categories c join tree t on c.parent_id = t.id where c.is_active
           )
           select id as "id!" from tree"#,
        slug
    )
    .fetch_all(conn)
    .await?;
    if ids.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(ids)
}

/// A tag found by its slug or by one of its synonyms.
pub struct FoundTag {
    pub id: Uuid,
    /// The canonical slug: differs from the one asked for when it was a synonym.
    pub slug: String,
}

/// The tag at `slug`, or the tag that `slug` is a synonym of.
pub async fn tag(conn: &mut PgConnection, slug: &str) -> Result<FoundTag, AppError> {
    sqlx::query_as!(
        FoundTag,
        r#"select id as "id!", slug::text as "slug!" from (
             select id, slug, 0 as rank from tags where slug = $1
             union all
             select t.id, t.slug, 1 from tag_synonyms s join tags t on t.id = s.tag_id
             where s.name = $1 or s.name = replace($1, '-', ' ')
           ) found order by rank limit 1"#,
        slug
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// The id of a member who can have posts (not deleted).
pub async fn author(conn: &mut PgConnection, username: &str) -> Result<Uuid, AppError> {
    sqlx::query_scalar!(
        "select id from users where username = $1 and status <> 'DELETED'",
        username
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// The id of a series.
pub async fn series(conn: &mut PgConnection, slug: &str) -> Result<Uuid, AppError> {
    sqlx::query_scalar!("select id from post_series where slug = $1", slug)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The heading of a feed's page.
pub async fn about(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    feed: &FeedKind,
) -> Result<FeedAbout, AppError> {
    let plain = |title: &str, description: &str| FeedAbout {
        title: title.into(),
        description: Some(description.into()),
        detail: FeedDetail::Plain,
        signed_in: false,
    };
    let mut about = match feed {
        FeedKind::Home if viewer.is_some() => plain(
            "Your feed",
            "New posts from the people and tags you follow, then what the community loves right now.",
        ),
        FeedKind::Home | FeedKind::Trending => plain(
            "Trending",
            "What fans are reading, reacting to and talking about right now.",
        ),
        FeedKind::Latest => plain("Latest", "Every new post, as it's published."),
        FeedKind::Featured => plain(
            "Featured",
            "Hand-picked by the Sparkle team: the posts we'd show a new fan first.",
        ),
        FeedKind::Category(slug) => category(conn, slug).await?,
        FeedKind::Tag(slug) => tag_about(conn, viewer, slug).await?,
        FeedKind::Series(slug) => series_about(conn, slug).await?,
        FeedKind::Author(username) => author_about(conn, username).await?,
    };
    about.signed_in = viewer.is_some();
    Ok(about)
}

async fn category(conn: &mut PgConnection, slug: &str) -> Result<FeedAbout, AppError> {
    let row = sqlx::query!(
        r#"with recursive tree as (
             select id from categories where slug = $1 and is_active
             union
             select c.id from categories c join tree t on c.parent_id = t.id where c.is_active
           )
           select c.id, c.name, c.description, c.color,
                  pc.name as "parent_name?", pc.slug::text as "parent_slug?",
                  (select coalesce(sum(x.post_count), 0) from categories x join tree t on t.id = x.id)::int as "post_count!"
           from categories c
           left join categories pc on pc.id = c.parent_id and pc.is_active
           where c.slug = $1 and c.is_active"#,
        slug
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let children = sqlx::query_as!(
        CategoryRef,
        r#"select name, slug::text as "slug!" from categories
           where parent_id = $1 and is_active order by display_order, name"#,
        row.id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(FeedAbout {
        title: row.name,
        description: row.description,
        detail: FeedDetail::Category {
            color: row.color,
            parent: row
                .parent_name
                .zip(row.parent_slug)
                .map(|(name, slug)| CategoryRef { name, slug }),
            children,
            post_count: row.post_count,
        },
        signed_in: false,
    })
}

async fn tag_about(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    slug: &str,
) -> Result<FeedAbout, AppError> {
    let row = sqlx::query!(
        r#"select t.name::text as "name!", t.description, t.post_count, t.follower_count,
                  exists (select 1 from tag_follows f where f.tag_id = t.id and f.user_id = $2) as "following!",
                  array(select s.name::text from tag_synonyms s where s.tag_id = t.id order by s.name) as "synonyms!"
           from tags t where t.slug = $1"#,
        slug,
        viewer.map(|v| v.id)
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(FeedAbout {
        title: format!("#{}", row.name),
        description: row.description,
        detail: FeedDetail::Tag {
            post_count: row.post_count,
            follower_count: row.follower_count,
            following: viewer.map(|_| row.following),
            synonyms: row.synonyms,
        },
        signed_in: false,
    })
}

async fn series_about(conn: &mut PgConnection, slug: &str) -> Result<FeedAbout, AppError> {
    let row = sqlx::query!(
        r#"select s.title, s.description, s.total_parts, s.completed,
                  u.username::text as "username!", pr.display_name, pr.bio,
                  (u.role = 'VERIFIED_CREATOR') as "verified!",
                  a.id as "avatar_id?", a.variants as "avatar_variants?", a.blurhash as "avatar_blurhash?"
           from post_series s
           join users u on u.id = s.author_id
           join profiles pr on pr.user_id = u.id
           left join media_files a on a.id = pr.avatar_media_id
           where s.slug = $1"#,
        slug
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let avatar_url = image_of(row.avatar_id, row.avatar_variants, row.avatar_blurhash)
        .map(|image| image.thumb_url);
    Ok(FeedAbout {
        title: row.title,
        description: row.description,
        detail: FeedDetail::Series {
            author: Byline {
                username: row.username,
                display_name: row.display_name,
                avatar_url,
                bio: row.bio,
                verified: row.verified,
            },
            total_parts: row.total_parts,
            completed: row.completed,
        },
        signed_in: false,
    })
}

async fn author_about(conn: &mut PgConnection, username: &str) -> Result<FeedAbout, AppError> {
    let row = sqlx::query!(
        r#"select coalesce(pr.display_name, u.username::text) as "name!",
                  (select count(*) from posts p where p.author_id = u.id
                     and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED')) as "post_count!"
           from users u join profiles pr on pr.user_id = u.id
           where u.username = $1 and u.status <> 'DELETED'"#,
        username
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(FeedAbout {
        title: format!("Posts by {}", row.name),
        description: None,
        detail: FeedDetail::Author {
            post_count: row.post_count,
        },
        signed_in: false,
    })
}
