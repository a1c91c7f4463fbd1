//! Tags: created on the fly, synonyms resolved to their canonical tag.

use sqlx::PgConnection;
use uuid::Uuid;

use super::slugs::slugify;
use crate::error::AppError;

/// The tag ids for `names`, in order and without repeats. A name that is a
/// synonym gives its canonical tag; a name (or slug) that is new becomes a tag.
pub async fn resolve(conn: &mut PgConnection, names: &[String]) -> Result<Vec<Uuid>, AppError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let slugs: Vec<String> = names.iter().map(|name| slugify(name)).collect();
    let synonyms = sqlx::query!(
        r#"select name::text as "name!", tag_id from tag_synonyms where name = any($1::text[]::citext[])"#,
        names
    )
    .fetch_all(&mut *conn)
    .await?;
    let (new_names, new_slugs): (Vec<String>, Vec<String>) = names
        .iter()
        .zip(&slugs)
        .filter(|(name, _)| !synonyms.iter().any(|s| s.name.eq_ignore_ascii_case(name)))
        .map(|(name, slug)| (name.clone(), slug.clone()))
        .unzip();
    if !new_names.is_empty() {
        sqlx::query!(
            "insert into tags (name, slug) select * from unnest($1::text[]::citext[], $2::text[]::citext[])
             on conflict do nothing",
            &new_names,
            &new_slugs
        )
        .execute(&mut *conn)
        .await?;
    }
    let found = sqlx::query!(
        r#"select id, name::text as "name!", slug::text as "slug!" from tags
           where name = any($1::text[]::citext[]) or slug = any($2::text[]::citext[])"#,
        names,
        &slugs
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids = Vec::with_capacity(names.len());
    for (name, slug) in names.iter().zip(&slugs) {
        let id = synonyms
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .map(|s| s.tag_id)
            .or_else(|| {
                found
                    .iter()
                    .find(|t| t.name.eq_ignore_ascii_case(name))
                    .map(|t| t.id)
            })
            .or_else(|| found.iter().find(|t| t.slug == *slug).map(|t| t.id));
        match id {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => {
                return Err(AppError::internal(format!(
                    "tag {name} was neither found nor created"
                )));
            }
        }
    }
    Ok(ids)
}

/// Makes `synonym` another name of the tag `canonical_slug`; posts already
/// tagged with a tag of that name move to the canonical tag.
pub async fn add_synonym(
    conn: &mut PgConnection,
    canonical_slug: &str,
    synonym: &str,
) -> Result<(), AppError> {
    let canonical = sqlx::query_scalar!(
        "select id from tags where slug = $1::text::citext",
        canonical_slug
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let old = sqlx::query_scalar!(
        "select id from tags where (name = $1::text::citext or slug = $2::text::citext) and id <> $3",
        synonym,
        slugify(synonym),
        canonical
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(old) = old {
        // Move the old tag's posts (skipping ones that already have both), then drop it.
        sqlx::query!(
            "insert into post_tags (post_id, tag_id, published_at, added_by)
             select post_id, $2, published_at, added_by from post_tags where tag_id = $1
             on conflict do nothing",
            old,
            canonical
        )
        .execute(&mut *conn)
        .await?;
        sqlx::query!("delete from tags where id = $1", old)
            .execute(&mut *conn)
            .await?;
        sqlx::query!(
            "update tags set post_count = (select count(*) from post_tags where tag_id = $1 and published_at is not null)
             where id = $1",
            canonical
        )
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query!(
        "insert into tag_synonyms (name, tag_id) values ($1::text::citext, $2)
         on conflict (name) do update set tag_id = excluded.tag_id",
        synonym,
        canonical
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
