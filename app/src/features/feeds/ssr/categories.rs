//! Categories: the public tree and the admin's create, edit and delete,
//! each audited. A category can't become its own ancestor, and one with
//! posts or subcategories can't be deleted (hide it instead).

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::{AppError, FieldErrors};
use crate::features::feeds::types::{CategoryForm, CategoryNode};
use crate::features::posts::ssr::slugs;

struct Flat {
    id: Uuid,
    name: String,
    slug: String,
    description: Option<String>,
    color: Option<String>,
    post_count: i32,
    display_order: i32,
    is_active: bool,
    parent_id: Option<Uuid>,
}

/// Every category as a tree in display order; hidden ones only for admins.
pub async fn tree(
    conn: &mut PgConnection,
    include_hidden: bool,
) -> Result<Vec<CategoryNode>, AppError> {
    let rows = sqlx::query_as!(
        Flat,
        r#"select id, name, slug::text as "slug!", description, color, post_count, display_order, is_active, parent_id
           from categories where is_active or $1
           order by display_order, name"#,
        include_hidden
    )
    .fetch_all(conn)
    .await?;
    Ok(build(&rows, None))
}

fn build(rows: &[Flat], parent: Option<Uuid>) -> Vec<CategoryNode> {
    rows.iter()
        .filter(|row| row.parent_id == parent)
        .map(|row| CategoryNode {
            id: row.id,
            name: row.name.clone(),
            slug: row.slug.clone(),
            description: row.description.clone(),
            color: row.color.clone(),
            post_count: row.post_count,
            display_order: row.display_order,
            is_active: row.is_active,
            parent_id: row.parent_id,
            children: build(rows, Some(row.id)),
        })
        .collect()
}

/// A checked category form.
struct Valid {
    id: Option<Uuid>,
    name: String,
    slug: String,
    description: Option<String>,
    color: Option<String>,
    parent: Option<Uuid>,
    display_order: i32,
    active: bool,
}

fn validate(form: &CategoryForm) -> Result<Valid, AppError> {
    let mut errors = FieldErrors::default();
    let id = match form.id.trim() {
        "" => None,
        raw => Some(Uuid::parse_str(raw).map_err(|_| AppError::NotFound)?),
    };
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 60 {
        errors.add("name", "Give the category a name of 1 to 60 characters.");
    }
    let slug = match form.slug.trim() {
        "" => slugs::slugify(&name),
        typed => typed.to_ascii_lowercase(),
    };
    if !slugs::is_slug(&slug) || slug.len() > 60 {
        errors.add(
            "slug",
            "Use lowercase letters, digits and single dashes (up to 60), like \"fan-art\".",
        );
    }
    let description = Some(form.description.trim().to_owned()).filter(|d| !d.is_empty());
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 500)
    {
        errors.add("description", "Keep the description under 500 characters.");
    }
    let color = Some(form.color.trim().to_owned()).filter(|c| !c.is_empty());
    if let Some(color) = &color
        && !(color.len() == 7
            && color.starts_with('#')
            && color[1..].chars().all(|c| c.is_ascii_hexdigit()))
    {
        errors.add("color", "Pick a colour like #ec4899.");
    }
    let parent = match form.parent.trim() {
        "" => None,
        raw => match Uuid::parse_str(raw) {
            Ok(parent) => Some(parent),
            Err(_) => {
                errors.add("parent", "Pick a parent from the list.");
                None
            }
        },
    };
    let display_order = match form.display_order.trim() {
        "" => 0,
        raw => raw.parse::<i32>().unwrap_or_else(|_| {
            errors.add("display_order", "Use a whole number, like 10.");
            0
        }),
    };
    errors.into_result()?;
    Ok(Valid {
        id,
        name,
        slug,
        description,
        color,
        parent,
        display_order,
        active: form.active.is_some(),
    })
}

/// Creates or updates a category for admin `actor`; returns its id. Run
/// it in a transaction: the tree lock lasts until the commit.
pub async fn save(
    conn: &mut PgConnection,
    actor: Uuid,
    form: &CategoryForm,
) -> Result<Uuid, AppError> {
    let valid = validate(form)?;
    // One tree change at a time (until the caller commits), so two admins
    // can't each pass the loop check and together make a loop.
    sqlx::query!("select pg_advisory_xact_lock(hashtext('categories.tree'))")
        .execute(&mut *conn)
        .await?;
    if let (Some(id), Some(parent)) = (valid.id, valid.parent) {
        let cycle = sqlx::query_scalar!(
            r#"with recursive up as (
                 select id, parent_id from categories where id = $1
                 union
                 select c.id, c.parent_id from categories c join up on c.id = up.parent_id
               )
               select exists (select 1 from up where id = $2) as "cycle!""#,
            parent,
            id
        )
        .fetch_one(&mut *conn)
        .await?;
        if cycle {
            return Err(AppError::field(
                "parent",
                "A category can't sit inside itself or one of its subcategories.",
            ));
        }
    }
    let result = match valid.id {
        None => {
            sqlx::query_scalar!(
                "insert into categories (name, slug, description, color, parent_id, display_order, is_active)
                 values ($1, $2, $3, $4, $5, $6, $7) returning id",
                valid.name,
                valid.slug,
                valid.description,
                valid.color,
                valid.parent,
                valid.display_order,
                valid.active
            )
            .fetch_one(&mut *conn)
            .await
        }
        Some(id) => sqlx::query_scalar!(
            "update categories set name = $2, slug = $3, description = $4, color = $5, parent_id = $6,
                    display_order = $7, is_active = $8
             where id = $1 returning id",
            id,
            valid.name,
            valid.slug,
            valid.description,
            valid.color,
            valid.parent,
            valid.display_order,
            valid.active
        )
        .fetch_optional(&mut *conn)
        .await
        .and_then(|id| id.ok_or(sqlx::Error::RowNotFound)),
    };
    let id = result.map_err(|error| match error {
        sqlx::Error::Database(e) if e.constraint() == Some("categories_slug_key") => {
            AppError::field("slug", "Another category already uses this address.")
        }
        sqlx::Error::Database(e) if e.is_foreign_key_violation() => {
            AppError::field("parent", "That parent category no longer exists.")
        }
        other => other.into(),
    })?;
    audit(
        conn,
        actor,
        if valid.id.is_some() {
            "UPDATE"
        } else {
            "CREATE"
        },
        id,
        serde_json::json!({ "name": valid.name, "slug": valid.slug, "parent": valid.parent,
                            "active": valid.active, "order": valid.display_order }),
    )
    .await?;
    Ok(id)
}

/// Deletes an empty category (no posts, no subcategories).
pub async fn delete(conn: &mut PgConnection, actor: Uuid, id: Uuid) -> Result<(), AppError> {
    let row = sqlx::query!(
        r#"select name, post_count,
                  exists (select 1 from categories c where c.parent_id = $1) as "has_children!",
                  exists (select 1 from posts p where p.category_id = $1 and p.content_status <> 'DELETED') as "has_posts!"
           from categories where id = $1 for update"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if row.has_children || row.has_posts || row.post_count > 0 {
        return Err(AppError::Conflict {
            message: format!(
                "“{}” still holds posts or subcategories. Move them first, or hide the category instead.",
                row.name
            ),
        });
    }
    sqlx::query!("delete from categories where id = $1", id)
        .execute(&mut *conn)
        .await?;
    audit(
        conn,
        actor,
        "DELETE",
        id,
        serde_json::json!({ "name": row.name }),
    )
    .await
}

async fn audit(
    conn: &mut PgConnection,
    actor: Uuid,
    action: &str,
    id: Uuid,
    data: serde_json::Value,
) -> Result<(), AppError> {
    sqlx::query!(
        "insert into audit_logs (user_id, action, entity_type, entity_id, changed_data, request_id)
         values ($1, $2::text::audit_action, 'category', $3, $4, $5)",
        actor,
        action,
        id.to_string(),
        data,
        crate::request::current_request_id(),
    )
    .execute(conn)
    .await?;
    Ok(())
}
