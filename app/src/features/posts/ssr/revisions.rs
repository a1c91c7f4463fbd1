//! Revision history: the list, a readable diff between any two revisions,
//! and restoring one (which saves it as a new revision).

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{time, visibility, write::Author};
use crate::error::AppError;
use crate::features::posts::document::{Document, Limits, markdown_export, render, text};
use crate::features::posts::types::{DiffLine, RevisionInfo, Revisions};

/// Lines of context kept around each change.
const CONTEXT: usize = 3;

/// Refuses a post the writer may not edit; its slug, title and version.
pub async fn check_editor(
    conn: &mut PgConnection,
    post_id: Uuid,
    author: &Author,
) -> Result<(String, String, i32), AppError> {
    let row = sqlx::query!(
        r#"select slug::text as "slug!", title, version, author_id,
                  exists(select 1 from post_authors where post_id = p.id and user_id = $2) as "coauthor!"
           from posts p where id = $1 and content_status <> 'DELETED'"#,
        post_id,
        author.id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if row.author_id != author.id && !row.coauthor && !author.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok((row.slug, row.title, row.version))
}

/// The history of a post and the diff of `from` → `to` (by default the
/// previous revision and the current one).
pub async fn history(
    conn: &mut PgConnection,
    author: &Author,
    post_id: Uuid,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<Revisions, AppError> {
    let (slug, title, current_version) = check_editor(conn, post_id, author).await?;
    let zone = time::zone(&author.timezone);
    let rows = sqlx::query!(
        r#"select r.version, r.title, r.change_note, r.is_published, r.created_at, r.content,
                  u.username::text as "editor?"
           from post_revisions r left join users u on u.id = r.editor_id
           where r.post_id = $1 order by r.version desc"#,
        post_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let to = to.unwrap_or(current_version);
    let from = from.unwrap_or_else(|| {
        rows.iter()
            .map(|r| r.version)
            .filter(|v| *v < to)
            .max()
            .unwrap_or(to)
    });
    let readable = |version: i32| -> Result<String, AppError> {
        let row = rows
            .iter()
            .find(|r| r.version == version)
            .ok_or(AppError::NotFound)?;
        let document: Document =
            serde_json::from_value(row.content.clone()).map_err(AppError::internal)?;
        Ok(format!(
            "# {}\n\n{}",
            row.title,
            markdown_export::to_markdown(&document)
        ))
    };
    let diff = diff_lines(&readable(from)?, &readable(to)?);
    Ok(Revisions {
        post_id,
        slug,
        title,
        current_version,
        revisions: rows
            .iter()
            .map(|r| RevisionInfo {
                version: r.version,
                title: r.title.clone(),
                editor: r.editor.clone(),
                change_note: r.change_note.clone(),
                is_published: r.is_published,
                created_at: r.created_at,
                created_label: time::time_label(r.created_at, zone),
            })
            .collect(),
        from,
        to,
        diff,
    })
}

/// A line diff with unchanged runs longer than the context folded away.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (index, group) in diff.grouped_ops(CONTEXT).iter().enumerate() {
        let first_old = group.first().map_or(0, |op| op.old_range().start);
        if index == 0 && first_old > 0 {
            out.push(DiffLine::Skipped(first_old));
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let line = change.value().trim_end_matches('\n').to_owned();
                out.push(match change.tag() {
                    similar::ChangeTag::Equal => DiffLine::Same(line),
                    similar::ChangeTag::Insert => DiffLine::Added(line),
                    similar::ChangeTag::Delete => DiffLine::Removed(line),
                });
            }
        }
    }
    out
}

/// Makes revision `version` the post's content again, as a new revision.
pub async fn restore(
    pool: &PgPool,
    author: &Author,
    post_id: Uuid,
    version: i32,
) -> Result<(String, i32), AppError> {
    let mut tx = pool.begin().await?;
    let live = sqlx::query_scalar!(
        "select content_status in ('PUBLISHED', 'SCHEDULED') from posts where id = $1 for update",
        post_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .flatten()
    .unwrap_or(false);
    let (slug, _, current_version) = check_editor(&mut tx, post_id, author).await?;
    let row = sqlx::query!(
        "select title, content from post_revisions where post_id = $1 and version = $2",
        post_id,
        version
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let document: Document =
        serde_json::from_value(row.content.clone()).map_err(AppError::internal)?;
    // Stored documents were valid when saved; the rules may have tightened since.
    // A draft may wait for its pictures' alt text; a live post may not.
    if let Err(problems) = document.validate(&Limits::default())
        && let Some(problem) = problems.iter().find(|p| live || !p.before_publishing)
    {
        return Err(AppError::Conflict {
            message: format!("Revision {version} can't be restored as it is: {problem}"),
        });
    }
    let summary = text::summary(&document);
    let new_version = current_version + 1;
    let before = visibility::snapshot(&mut tx, post_id).await?;
    let published = sqlx::query_scalar!(
        r#"update posts set title = $2, content = $3, content_html = $4, reading_time = $5, word_count = $6,
                  version = $7, last_edited_at = now(),
                  excerpt = case when custom_excerpt then excerpt else $8 end
           where id = $1 returning content_status = 'PUBLISHED' as "published!""#,
        post_id,
        row.title,
        row.content,
        render::to_html(&document),
        summary.reading_minutes,
        summary.word_count,
        new_version,
        summary.excerpt,
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into post_revisions (post_id, editor_id, title, content, change_note, version, is_published)
         values ($1, $2, $3, $4, $5, $6, $7)",
        post_id,
        author.id,
        row.title,
        row.content,
        format!("Restored revision {version}"),
        new_version,
        published
    )
    .execute(&mut *tx)
    .await?;
    let after = visibility::snapshot(&mut tx, post_id).await?;
    visibility::apply(&mut tx, post_id, &before, &after).await?;
    tx.commit().await?;
    Ok((slug, new_version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_show_changes_with_context() {
        let old = (1..=20).map(|n| format!("line {n}\n")).collect::<String>();
        let new = old.replace("line 10\n", "line ten\n");
        let diff = diff_lines(&old, &new);
        assert_eq!(diff[0], DiffLine::Skipped(6));
        assert!(diff.contains(&DiffLine::Removed("line 10".into())));
        assert!(diff.contains(&DiffLine::Added("line ten".into())));
        assert_eq!(
            diff.iter()
                .filter(|l| matches!(l, DiffLine::Same(_)))
                .count(),
            6
        );
    }
}
