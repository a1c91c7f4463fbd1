//! Image processing and storage.

pub mod process;
pub mod store;

use uuid::Uuid;

use crate::error::AppError;

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

/// A multipart upload read whole: its file field and its other text fields.
pub struct Upload {
    pub file: Option<UploadedFile>,
    pub fields: Vec<(String, String)>,
}

/// Reads every field of a multipart request, taking `file_field` as the
/// file. A request cut short is a validation error on `error_field`.
pub async fn read_upload(
    data: server_fn::codec::MultipartData,
    file_field: &str,
    error_field: &str,
) -> Result<Upload, AppError> {
    let cut_short = || AppError::field(error_field, "The upload was cut short. Please try again.");
    let mut multipart = data
        .into_inner()
        .ok_or_else(|| AppError::internal("multipart data on the server side"))?;
    let mut upload = Upload {
        file: None,
        fields: Vec::new(),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|_| cut_short())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            upload.file = Some(read_file(&mut field).await.map_err(|_| cut_short())?);
        } else {
            let value = field.text().await.map_err(|_| cut_short())?;
            upload.fields.push((name, value));
        }
    }
    Ok(upload)
}

impl Upload {
    /// The file's name and bytes, or the message to show next to the field.
    pub fn picture(self) -> Result<(Option<String>, Vec<u8>), &'static str> {
        match self.file {
            Some(file) if file.too_big => Err(TOO_BIG),
            Some(file) if !file.bytes.is_empty() => Ok((file.name, file.bytes)),
            _ => Err("Choose a picture to upload."),
        }
    }
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
