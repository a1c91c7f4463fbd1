//! Turning uploaded bytes into safe renditions. Pure CPU work: callers run
//! it on the blocking pool.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::features::media::types::Purpose;

/// Largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Largest width or height accepted.
const MAX_SIDE: u32 = 8192;
/// Most memory a decode may take.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// JPEG quality of the renditions.
const JPEG_QUALITY: u8 = 82;

/// Why an upload was refused, in words for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("That file is empty.")]
    Empty,
    #[error("That file is too big: the limit is 8 MB.")]
    TooBig,
    #[error("That isn't a picture we can use. Upload a PNG, JPEG, GIF or WebP image.")]
    NotAnImage,
    #[error("That picture is too large: keep each side under 8192 pixels.")]
    TooManyPixels,
    #[error("That picture is too small: it needs to be at least {0} pixels wide.")]
    TooSmall(u32),
    #[error("We couldn't read that picture; the file may be damaged.")]
    Corrupt,
}

/// One rendition, encoded.
#[derive(Debug)]
pub struct Rendition {
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// What processing an upload produced.
#[derive(Debug)]
pub struct Processed {
    /// The media type of every rendition (all share one format).
    pub mime: &'static str,
    pub extension: &'static str,
    pub renditions: Vec<Rendition>,
    pub blurhash: Option<String>,
}

/// The format of `bytes`, from their magic numbers (never the file name),
/// if it is one we accept.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    match image::guess_format(bytes).ok()? {
        f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP) => {
            Some(f)
        }
        _ => None,
    }
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, Rejected> {
    let format = sniff(bytes).ok_or(Rejected::NotAnImage)?;
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => Rejected::TooManyPixels,
        _ => Rejected::Corrupt,
    })?;
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(Rejected::TooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => Rejected::TooManyPixels,
        _ => Rejected::Corrupt,
    })?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// True when some pixel is not fully opaque.
fn alpha_used(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p[3] != u8::MAX)
}

/// The crop to `purpose`'s shape, centred, of the whole picture.
fn crop_to_shape(image: DynamicImage, purpose: Purpose) -> DynamicImage {
    let Some((h, w)) = purpose.aspect() else {
        return image;
    };
    let (iw, ih) = (image.width(), image.height());
    // The largest w:h box inside the picture.
    let (cw, ch) = if u64::from(iw) * u64::from(h) > u64::from(ih) * u64::from(w) {
        ((u64::from(ih) * u64::from(w) / u64::from(h)) as u32, ih)
    } else {
        (iw, (u64::from(iw) * u64::from(h) / u64::from(w)) as u32)
    };
    let (cw, ch) = (cw.max(1), ch.max(1));
    image.crop_imm((iw - cw) / 2, (ih - ch) / 2, cw, ch)
}

fn encode(image: &DynamicImage, png: bool) -> Result<Vec<u8>, Rejected> {
    let mut out = Vec::new();
    let written = if png {
        image.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Best,
            PngFilter::Adaptive,
        ))
    } else {
        image.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
    };
    written.map_err(|_| Rejected::Corrupt)?;
    Ok(out)
}

/// Checks, decodes and re-encodes `bytes` into `purpose`'s renditions.
/// Pictures with transparency become PNG; everything else JPEG. Nothing of
/// the original file (metadata, extra chunks, later frames) survives.
pub fn process(bytes: &[u8], purpose: Purpose) -> Result<Processed, Rejected> {
    if bytes.is_empty() {
        return Err(Rejected::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Rejected::TooBig);
    }
    let image = crop_to_shape(decode(bytes)?, purpose);
    let widths = purpose.widths();
    let smallest = widths.first().copied().unwrap_or(64);
    if image.width() < smallest.min(64) {
        return Err(Rejected::TooSmall(smallest.min(64)));
    }
    let png = alpha_used(&image);
    let image = if png {
        DynamicImage::ImageRgba8(image.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8())
    };
    let mut renditions = Vec::new();
    for &width in widths {
        // Never upscale: a small picture gets one rendition at its own size.
        let target = width.min(image.width());
        if renditions
            .iter()
            .any(|r: &Rendition| r.width >= target && target < width)
        {
            continue;
        }
        let height = ((u64::from(image.height()) * u64::from(target)) / u64::from(image.width()))
            .max(1) as u32;
        let resized = if target == image.width() {
            image.clone()
        } else {
            image.resize_exact(target, height, FilterType::Lanczos3)
        };
        renditions.push(Rendition {
            name: format!("w{width}"),
            width: resized.width(),
            height: resized.height(),
            bytes: encode(&resized, png)?,
        });
    }
    let blurhash = {
        let small = image.thumbnail(32, 32).to_rgba8();
        blurhash::encode(4, 3, small.width(), small.height(), small.as_raw()).ok()
    };
    Ok(Processed {
        mime: if png { "image/png" } else { "image/jpeg" },
        extension: if png { "png" } else { "jpg" },
        renditions,
        blurhash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(width, height, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 200, alpha])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(Cursor::new(&mut out), ImageFormat::Png)
            .unwrap_or_default();
        out
    }

    #[test]
    fn a_text_file_named_png_is_not_an_image() {
        assert_eq!(
            process(b"hello, I am not a picture".as_slice(), Purpose::Avatar).err(),
            Some(Rejected::NotAnImage)
        );
        // The right magic number but garbage after it.
        let mut fake = png(80, 80, 255);
        fake.truncate(40);
        assert_eq!(
            process(&fake, Purpose::Avatar).err(),
            Some(Rejected::Corrupt)
        );
    }

    #[test]
    fn avatars_are_square_jpegs_with_a_blurhash() {
        let out = process(&png(400, 300, 255), Purpose::Avatar).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.mime, "image/jpeg");
        let sizes: Vec<_> = out.renditions.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(sizes, vec![(64, 64), (256, 256)]);
        assert!(out.blurhash.is_some());
        assert_eq!(sniff(&out.renditions[0].bytes), Some(ImageFormat::Jpeg));
    }

    #[test]
    fn transparency_keeps_png_and_small_pictures_are_not_upscaled() {
        let out = process(&png(100, 100, 128), Purpose::Avatar).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.mime, "image/png");
        let sizes: Vec<_> = out.renditions.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(sizes, vec![(64, 64), (100, 100)]);
    }

    #[test]
    fn banners_are_three_to_one() {
        let out = process(&png(900, 900, 255), Purpose::Banner).unwrap_or_else(|e| panic!("{e}"));
        let sizes: Vec<_> = out.renditions.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(sizes, vec![(640, 213), (900, 300)]);
    }
}
