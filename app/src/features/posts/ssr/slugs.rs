//! Slugs: lowercase ASCII words joined by `-`, unique per table.

use sqlx::PgConnection;

use crate::error::AppError;

/// The longest slug made from a title.
const MAX_SLUG: usize = 80;

/// A slug from free text: letters with accents lose them, anything else
/// becomes a dash. Empty when nothing usable is left.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG {
            break;
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Common accented letters to their base letter.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ß' => 's',
        other => other,
    }
}

/// True for a well-formed slug (what the database's check allows).
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 120
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The first of `base`, `base-2`, `base-3`… that no other post uses. The
/// insert that follows may still lose a race; callers retry on conflict.
pub async fn free_post_slug(conn: &mut PgConnection, base: &str) -> Result<String, AppError> {
    let taken: Vec<String> = sqlx::query_scalar!(
        r#"select slug::text as "slug!" from posts where slug = $1::text::citext or slug like $1 || '-%'"#,
        base
    )
    .fetch_all(conn)
    .await?;
    if !taken.iter().any(|slug| slug == base) {
        return Ok(base.to_owned());
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if !taken.contains(&candidate) {
            return Ok(candidate);
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_slugs() {
        assert_eq!(slugify("Why the Finale Worked!"), "why-the-finale-worked");
        assert_eq!(slugify("  Crème brûlée — über  "), "creme-brulee-uber");
        assert_eq!(slugify("✨✨"), "");
        assert!(slugify(&"long ".repeat(40)).len() <= MAX_SLUG);
        assert!(is_slug("ep-12-recap") && !is_slug("Ep 12") && !is_slug("a--b") && !is_slug("-a"));
    }
}
