//! Image processing and storage.

pub mod process;
pub mod store;

use uuid::Uuid;

use crate::features::media::types::{Image, Variant};

pub use store::{Media, save};

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
