//! Where renditions are kept (behind `object_store`), and the `media_files`
//! rows that describe them.

use std::sync::Arc;

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::process::{self, Processed};
use crate::error::AppError;
use crate::features::media::types::{Image, Purpose, Variant};

/// The storage backend: the local filesystem by default, S3 when configured.
#[derive(Clone)]
pub struct Media {
    pub store: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for Media {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Media({})", self.store)
    }
}

impl Media {
    pub fn new(store: Arc<dyn ObjectStore>) -> Self {
        Self { store }
    }

    /// Removes stored files, logging (not failing on) any that will not go.
    pub async fn remove(&self, keys: &[String]) {
        for key in keys {
            let Ok(path) = Path::parse(key) else { continue };
            match self.store.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => tracing::warn!(key, error = %e, "could not remove a stored file"),
            }
        }
    }
}

/// The storage key of a rendition: `<purpose>/<id>/<name>.<ext>`. Made
/// here, never from anything the uploader sent.
fn key(purpose: Purpose, id: Uuid, name: &str, extension: &str) -> String {
    format!("{}/{}/{name}.{extension}", purpose.as_str(), id.simple())
}

/// Processes `bytes` off the async runtime and stores the renditions and
/// their row. A refused file leaves nothing behind: it is refused before
/// anything is written, and a failure after the first write removes what
/// was written.
pub async fn save(
    pool: &PgPool,
    media: &Media,
    user_id: Uuid,
    purpose: Purpose,
    original_name: Option<String>,
    bytes: Vec<u8>,
) -> Result<Image, AppError> {
    let processed: Processed =
        tokio::task::spawn_blocking(move || process::process(&bytes, purpose))
            .await
            .map_err(AppError::internal)?
            .map_err(|rejected| AppError::field("file", rejected.to_string()))?;
    let id = Uuid::new_v4();
    let mut variants = Vec::with_capacity(processed.renditions.len());
    for r in &processed.renditions {
        variants.push(Variant {
            name: r.name.clone(),
            key: key(purpose, id, &r.name, processed.extension),
            width: r.width,
            height: r.height,
            size: r.bytes.len() as u64,
        });
    }
    let keys: Vec<String> = variants.iter().map(|v| v.key.clone()).collect();
    let stored = async {
        for (variant, rendition) in variants.iter().zip(processed.renditions) {
            let path = Path::parse(&variant.key).map_err(AppError::internal)?;
            media
                .store
                .put(&path, PutPayload::from(rendition.bytes))
                .await
                .map_err(AppError::internal)?;
        }
        insert_row(
            pool,
            id,
            user_id,
            purpose,
            original_name,
            &processed.blurhash,
            processed.mime,
            &variants,
        )
        .await
    }
    .await;
    if let Err(e) = stored {
        media.remove(&keys).await;
        return Err(e);
    }
    Image::from_variants(id, &variants, processed.blurhash)
        .ok_or_else(|| AppError::internal("an image without renditions"))
}

#[allow(clippy::too_many_arguments)]
async fn insert_row(
    pool: &PgPool,
    id: Uuid,
    user_id: Uuid,
    purpose: Purpose,
    original_name: Option<String>,
    blurhash: &Option<String>,
    mime: &str,
    variants: &[Variant],
) -> Result<(), AppError> {
    let main = variants
        .last()
        .ok_or_else(|| AppError::internal("an image without renditions"))?;
    let total: u64 = variants.iter().map(|v| v.size).sum();
    let original_name = original_name.map(|n| {
        n.chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect::<String>()
    });
    sqlx::query!(
        "insert into media_files (id, user_id, purpose, mime_type, file_size, original_name,
                                  storage_key, width, height, blurhash, variants)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        id,
        user_id,
        purpose.as_str(),
        mime,
        i64::try_from(total).unwrap_or(i64::MAX),
        original_name,
        main.key,
        i32::try_from(main.width).unwrap_or(i32::MAX),
        i32::try_from(main.height).unwrap_or(i32::MAX),
        blurhash.as_deref(),
        serde_json::to_value(variants).map_err(AppError::internal)?,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletes media row `id` (owned by `user_id`) and returns the storage keys
/// of its renditions, for removing once the transaction committed.
pub async fn delete_row(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Vec<String>, AppError> {
    let variants = sqlx::query_scalar!(
        "delete from media_files where id = $1 and user_id = $2 returning variants",
        id,
        user_id
    )
    .fetch_optional(conn)
    .await?;
    let variants: Vec<Variant> = match variants {
        Some(v) => serde_json::from_value(v).map_err(AppError::internal)?,
        None => Vec::new(),
    };
    Ok(variants.into_iter().map(|v| v.key).collect())
}

/// Deletes every media row of `user_id` and returns the storage keys of all
/// their renditions, for removing once the transaction committed.
pub async fn delete_rows_of_user(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<String>, AppError> {
    let rows = sqlx::query_scalar!(
        "delete from media_files where user_id = $1 returning variants",
        user_id
    )
    .fetch_all(conn)
    .await?;
    let mut keys = Vec::new();
    for variants in rows {
        let variants: Vec<Variant> =
            serde_json::from_value(variants).map_err(AppError::internal)?;
        keys.extend(variants.into_iter().map(|v| v.key));
    }
    Ok(keys)
}
