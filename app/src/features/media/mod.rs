//! Media (the image part of C13): uploads are sniffed, decoded with limits,
//! re-encoded (which drops EXIF and anything else riding along), resized
//! into variants with a blurhash, and written through a storage interface
//! (`object_store`: the local filesystem by default, S3 when configured).

#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
