//! Image processing and storage.

pub mod process;
pub mod store;

use uuid::Uuid;

use crate::features::media::types::{Image, Variant};

pub use store::{Media, save};

/// The message for a file over [`process::MAX_UPLOAD_BYTES`].
pub const TOO_BIG: &str = "That file is too big: the limit is 8 MB.";

/// A file field of a multipart upload.
pub struct UploadedFile {
    /// The name the browser gave (never trusted for the type).
    pub name: Option<String>,
    /// The bytes, empty when `too_big`.
    pub bytes: Vec<u8>,
    /// Over the limit: the rest was read and dropped, so the fields after
    /// it can still be read (a plain form post carries what was typed).
    pub too_big: bool,
}

/// Reads a multipart file field to its end. `Err` when the request was cut short.
pub async fn read_file(field: &mut multer::Field<'_>) -> Result<UploadedFile, multer::Error> {
    let name = field.file_name().map(str::to_owned);
    let mut bytes = Vec::new();
    let mut too_big = false;
    while let Some(chunk) = field.chunk().await? {
        if too_big || bytes.len() + chunk.len() > process::MAX_UPLOAD_BYTES {
            too_big = true;
            bytes = Vec::new();
        } else {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(UploadedFile {
        name,
        bytes,
        too_big,
    })
}

/// The [`Image`] of a `media_files` row joined into a query (all `None`
/// when there is no image).
pub fn image_of(
    id: Option<Uuid>,
    variants: Option<serde_json::Value>,
    blurhash: Option<String>,
) -> Option<Image> {
    let variants: Vec<Variant> = serde_json::from_value(variants?).ok()?;
    Image::from_variants(id?, &variants, blurhash)
}
