//! Saving posts, folders, and reading them back. Everything acts on the
//! caller's own bookmarks; a folder is seen by others only when public.
//! The post's `bookmark_count` moves only when a bookmark row was really
//! added or removed, in the same transaction.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::types::{BookmarkState, BookmarksPage, Folder, FolderColor, PublicFolder, Saved};
use crate::error::{AppError, FieldErrors};
use crate::features::accounts::types::Viewer;
use crate::features::feeds::ssr::cursor::Cursor;
use crate::features::posts::ssr::{cards, time};

/// Bookmarks per page.
const PAGE: i64 = 24;
/// Folders a person may have.
const MAX_FOLDERS: i64 = 50;

/// What a bookmark says about its post.
#[derive(Debug, Clone, Default)]
pub struct Details {
    pub folder_id: Option<Uuid>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
}

/// A folder as typed in its form.
#[derive(Debug, Clone)]
pub struct FolderInput {
    pub name: String,
    pub description: Option<String>,
    pub color: FolderColor,
    pub is_public: bool,
}

impl FolderInput {
    /// Checks the form's fields; every problem by its field.
    pub fn parse(
        name: &str,
        description: &str,
        color: &str,
        is_public: bool,
    ) -> Result<Self, AppError> {
        let mut errors = FieldErrors::default();
        let name = name.trim();
        if name.is_empty() {
            errors.add("name", "Give the folder a name.");
        } else if name.chars().count() > 40 {
            errors.add("name", "Folder names have at most 40 characters.");
        }
        let description = description.trim();
        if description.chars().count() > 200 {
            errors.add("description", "Descriptions have at most 200 characters.");
        }
        let color = FolderColor::parse(color);
        if color.is_none() {
            errors.add("color", "Pick one of the colours.");
        }
        errors.into_result()?;
        Ok(Self {
            name: name.to_owned(),
            description: (!description.is_empty()).then(|| description.to_owned()),
            color: color.unwrap_or_default(),
            is_public,
        })
    }
}

async fn count_on_post(conn: &mut PgConnection, post_id: Uuid, delta: i32) -> Result<(), AppError> {
    sqlx::query!(
        "update post_stats s set bookmark_count = greatest(0, s.bookmark_count + $2),
                hot_score = case when s.published
                  then post_hot_score(s.unique_view_count, s.total_reaction_count, s.comment_count,
                                      greatest(0, s.bookmark_count + $2), s.share_count, p.published_at)
                  else s.hot_score end
         from posts p where p.id = s.post_id and s.post_id = $1",
        post_id,
        delta
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn own_folder(
    conn: &mut PgConnection,
    user: Uuid,
    folder: Option<Uuid>,
) -> Result<(), AppError> {
    if let Some(folder) = folder {
        let mine = sqlx::query_scalar!(
            r#"select exists(select 1 from bookmark_folders where id = $1 and user_id = $2) as "mine!""#,
            folder,
            user
        )
        .fetch_one(conn)
        .await?;
        if !mine {
            return Err(AppError::field("folder", "Pick one of your folders."));
        }
    }
    Ok(())
}

/// Saves (or updates) the viewer's bookmark of a published post.
pub async fn save(
    pool: &PgPool,
    viewer: &Viewer,
    post_id: Uuid,
    details: &Details,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let post = crate::features::comments::ssr::access::post(&mut tx, post_id).await?;
    own_folder(&mut tx, viewer.id, details.folder_id).await?;
    let inserted = sqlx::query_scalar!(
        r#"insert into bookmarks (user_id, post_id, folder_id, notes, tags) values ($1, $2, $3, $4, $5)
           on conflict (user_id, post_id) do update
             set folder_id = excluded.folder_id, notes = excluded.notes, tags = excluded.tags
           returning (xmax = 0) as "inserted!""#,
        viewer.id,
        post.id,
        details.folder_id,
        details.notes,
        &details.tags
    )
    .fetch_one(&mut *tx)
    .await?;
    if inserted {
        count_on_post(&mut tx, post.id, 1).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes the viewer's bookmark of a post (nothing when there is none).
pub async fn remove(pool: &PgPool, viewer: &Viewer, post_id: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let removed = sqlx::query!(
        "delete from bookmarks where user_id = $1 and post_id = $2",
        viewer.id,
        post_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 1 {
        count_on_post(&mut tx, post_id, -1).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes every bookmark of `user` (an account being purged), moving the
/// posts' counts.
pub async fn forget_person(conn: &mut PgConnection, user: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "with gone as (delete from bookmarks where user_id = $1 returning post_id)
         update post_stats s set bookmark_count = greatest(0, s.bookmark_count - 1)
         from gone where s.post_id = gone.post_id",
        user
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// `user`'s folders, in their order, with their counts.
pub async fn folders(conn: &mut PgConnection, user: Uuid) -> Result<Vec<Folder>, AppError> {
    let rows = sqlx::query!(
        r#"select f.id, f.name, f.description, f.color, f.is_public,
                  (select count(*) from bookmarks b where b.folder_id = f.id and exists (select 1 from posts p where p.id = b.post_id and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))) as "count!"
           from bookmark_folders f where f.user_id = $1
           order by f.sort_order, lower(f.name)"#,
        user
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Folder {
            id: r.id,
            name: r.name,
            description: r.description,
            color: FolderColor::parse(&r.color).unwrap_or_default(),
            is_public: r.is_public,
            count: r.count,
        })
        .collect())
}

fn taken(name: &str) -> AppError {
    AppError::field(
        "name",
        format!("You already have a folder called “{name}”."),
    )
}

/// Creates a folder for `user`; returns its id.
pub async fn create_folder(
    conn: &mut PgConnection,
    user: Uuid,
    input: &FolderInput,
) -> Result<Uuid, AppError> {
    let count = sqlx::query_scalar!(
        r#"select count(*) as "n!" from bookmark_folders where user_id = $1"#,
        user
    )
    .fetch_one(&mut *conn)
    .await?;
    if count >= MAX_FOLDERS {
        return Err(AppError::field(
            "name",
            format!("You can have up to {MAX_FOLDERS} folders."),
        ));
    }
    let id = sqlx::query_scalar!(
        "insert into bookmark_folders (user_id, name, description, color, is_public, sort_order)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (user_id, lower(name)) do nothing
         returning id",
        user,
        input.name,
        input.description,
        input.color.as_str(),
        input.is_public,
        i32::try_from(count).unwrap_or(0)
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| taken(&input.name))?;
    Ok(id)
}

/// Renames, recolours, describes or opens/closes one of `user`'s folders.
pub async fn update_folder(
    conn: &mut PgConnection,
    user: Uuid,
    id: Uuid,
    input: &FolderInput,
) -> Result<(), AppError> {
    let clash = sqlx::query_scalar!(
        r#"select exists(select 1 from bookmark_folders
                         where user_id = $1 and lower(name) = lower($2) and id <> $3) as "clash!""#,
        user,
        input.name,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    if clash {
        return Err(taken(&input.name));
    }
    let done = sqlx::query!(
        "update bookmark_folders set name = $3, description = $4, color = $5, is_public = $6
         where id = $1 and user_id = $2",
        id,
        user,
        input.name,
        input.description,
        input.color.as_str(),
        input.is_public
    )
    .execute(&mut *conn)
    .await
    .map_err(|err| match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => taken(&input.name),
        _ => AppError::from(err),
    })?
    .rows_affected();
    if done == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Deletes one of `user`'s folders; its bookmarks stay, unfiled.
pub async fn delete_folder(conn: &mut PgConnection, user: Uuid, id: Uuid) -> Result<(), AppError> {
    let done = sqlx::query!(
        "delete from bookmark_folders where id = $1 and user_id = $2",
        id,
        user
    )
    .execute(conn)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The viewer's bookmark of `post_id` and their folders.
pub async fn state(
    conn: &mut PgConnection,
    viewer: &Viewer,
    post_id: Uuid,
) -> Result<BookmarkState, AppError> {
    let folders = folders(conn, viewer.id).await?;
    let row = sqlx::query!(
        "select folder_id, notes, tags, created_at from bookmarks b where b.user_id = $1 and b.post_id = $2 and exists (select 1 from posts p where p.id = b.post_id and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))",
        viewer.id,
        post_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let saved = match row {
        Some(row) => {
            let zone = zone_of(conn, viewer.id).await?;
            let card = cards::load(conn, &[post_id], zone)
                .await?
                .into_iter()
                .next();
            card.map(|post| Saved {
                post,
                folder_id: row.folder_id,
                notes: row.notes,
                tags: row.tags,
                saved_label: time::relative_label(row.created_at, Utc::now(), zone),
            })
        }
        None => None,
    };
    Ok(BookmarkState {
        post_id,
        saved,
        folders,
    })
}

async fn zone_of(conn: &mut PgConnection, user: Uuid) -> Result<chrono_tz::Tz, AppError> {
    let name = sqlx::query_scalar!("select timezone from users where id = $1", user)
        .fetch_optional(conn)
        .await?
        .unwrap_or_default();
    Ok(time::zone(&name))
}

struct Row {
    post_id: Uuid,
    folder_id: Option<Uuid>,
    notes: Option<String>,
    tags: Vec<String>,
    created_at: DateTime<Utc>,
    id: Uuid,
}

async fn items(
    conn: &mut PgConnection,
    rows: &[Row],
    zone: chrono_tz::Tz,
) -> Result<Vec<Saved>, AppError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.post_id).collect();
    let mut cards = cards::load(conn, &ids, zone).await?;
    let now = Utc::now();
    Ok(rows
        .iter()
        .filter_map(|r| {
            let at = cards.iter().position(|c| c.id == r.post_id)?;
            Some(Saved {
                post: cards.swap_remove(at),
                folder_id: r.folder_id,
                notes: r.notes.clone(),
                tags: r.tags.clone(),
                saved_label: time::relative_label(r.created_at, now, zone),
            })
        })
        .collect())
}

/// A page of the viewer's bookmarks, newest first, in `folder` and with
/// `tag` when given.
pub async fn page(
    conn: &mut PgConnection,
    viewer: &Viewer,
    folder: Option<Uuid>,
    tag: Option<String>,
    after: Option<&str>,
) -> Result<BookmarksPage, AppError> {
    let (at, after_id) = match after.map(Cursor::decode).transpose()? {
        Some(Cursor::Time { at, id }) => (Some(at), Some(id)),
        Some(_) => {
            return Err(AppError::field(
                "after",
                "That page link belongs to another list. Start from the first page.",
            ));
        }
        None => (None, None),
    };
    let folders = folders(conn, viewer.id).await?;
    let current = match folder {
        Some(id) => Some(
            folders
                .iter()
                .find(|f| f.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let rows = sqlx::query_as!(
        Row,
        "select post_id, folder_id, notes, tags, created_at, id from bookmarks
         where user_id = $1 and exists (select 1 from posts p where p.id = bookmarks.post_id and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))
           and ($2::uuid is null or folder_id = $2)
           and ($3::text is null or tags @> array[$3::text])
           and ($4::timestamptz is null or (created_at, id) < ($4, $5))
         order by created_at desc, id desc limit $6",
        viewer.id,
        folder,
        tag,
        at,
        after_id,
        PAGE + 1
    )
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() as i64 > PAGE;
    let rows = &rows[..rows.len().min(PAGE as usize)];
    let next_cursor = if more {
        rows.last().map(|r| {
            Cursor::Time {
                at: r.created_at,
                id: r.id,
            }
            .encode()
        })
    } else {
        None
    };
    let tags = sqlx::query!(
        r#"select t as "tag!", count(*) as "n!" from bookmarks, unnest(tags) as t
           where user_id = $1 and exists (select 1 from posts p where p.id = bookmarks.post_id and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))
           group by t order by count(*) desc, t limit 50"#,
        viewer.id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.tag, r.n))
    .collect();
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from bookmarks where user_id = $1 and exists (select 1 from posts p where p.id = bookmarks.post_id and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))"#,
        viewer.id
    )
    .fetch_one(&mut *conn)
    .await?;
    let zone = zone_of(conn, viewer.id).await?;
    Ok(BookmarksPage {
        folders,
        folder: current,
        tag,
        tags,
        items: items(conn, rows, zone).await?,
        total,
        next_cursor,
    })
}

/// A public folder of `username` (the owner also sees it when private).
pub async fn public_folder(
    conn: &mut PgConnection,
    viewer: Option<&Viewer>,
    username: &str,
    id: Uuid,
) -> Result<PublicFolder, AppError> {
    let owner = sqlx::query!(
        r#"select u.id, u.username::text as "username!", coalesce(p.display_name, u.username::text) as "name!"
           from users u left join profiles p on p.user_id = u.id
           where u.username = $1::text::citext and u.deleted_at is null and u.status <> 'DELETED'"#,
        username.trim()
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let is_owner = viewer.is_some_and(|v| v.id == owner.id);
    let folder = folders(conn, owner.id)
        .await?
        .into_iter()
        .find(|f| f.id == id && (f.is_public || is_owner))
        .ok_or(AppError::NotFound)?;
    let rows = sqlx::query_as!(
        Row,
        "select post_id, folder_id, notes, tags, created_at, id from bookmarks
         where folder_id = $1 and exists (select 1 from posts p where p.id = bookmarks.post_id and p.content_status = 'PUBLISHED' and p.moderation_status in ('APPROVED', 'AUTO_APPROVED'))
           and not exists (select 1 from posts p join blocks k on (k.blocker_id = p.author_id and k.blocked_id = $2)
                                                              or (k.blocker_id = $2 and k.blocked_id = p.author_id)
                           where p.id = bookmarks.post_id)
         order by created_at desc, id desc limit 100",
        folder.id,
        viewer.map(|v| v.id)
    )
    .fetch_all(&mut *conn)
    .await?;
    let zone = match viewer {
        Some(v) => zone_of(conn, v.id).await?,
        None => chrono_tz::Tz::UTC,
    };
    let mut items = items(conn, &rows, zone).await?;
    // Notes and tags are the owner's own, even in a public folder.
    if !is_owner {
        for item in &mut items {
            item.notes = None;
            item.tags.clear();
        }
    }
    Ok(PublicFolder {
        owner_username: owner.username,
        owner_name: owner.name,
        folder,
        items,
    })
}
