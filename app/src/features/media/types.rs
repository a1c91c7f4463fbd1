//! Media types shared by the server and the browser.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What an upload is for; decides the crop and the sizes made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Avatar,
    Banner,
    Post,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Avatar => "avatar",
            Self::Banner => "banner",
            Self::Post => "post",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "avatar" => Some(Self::Avatar),
            "banner" => Some(Self::Banner),
            "post" => Some(Self::Post),
            _ => None,
        }
    }

    /// The widths made for this purpose, smallest first. Avatars are square,
    /// banners 3:1; post images keep their shape.
    pub fn widths(self) -> &'static [u32] {
        match self {
            Self::Avatar => &[64, 256],
            Self::Banner => &[640, 1500],
            Self::Post => &[480, 1200],
        }
    }

    /// Height over width of the crop, if the purpose has a fixed shape.
    pub fn aspect(self) -> Option<(u32, u32)> {
        match self {
            Self::Avatar => Some((1, 1)),
            Self::Banner => Some((1, 3)),
            Self::Post => None,
        }
    }
}

/// A stored image as pages show it: the largest rendition, a `srcset` of
/// every rendition, and a blurhash placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub id: Uuid,
    pub url: String,
    /// The smallest rendition (thumbnails, small avatars).
    pub thumb_url: String,
    pub srcset: String,
    pub width: i32,
    pub height: i32,
    pub blurhash: Option<String>,
}

/// One rendition of an image, as kept in `media_files.variants`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub size: u64,
}

/// Where stored files are served from.
pub const MEDIA_PREFIX: &str = "/media/";

impl Image {
    /// The image from its stored variants (smallest first).
    pub fn from_variants(id: Uuid, variants: &[Variant], blurhash: Option<String>) -> Option<Self> {
        let first = variants.first()?;
        let last = variants.last()?;
        let srcset = variants
            .iter()
            .map(|v| format!("{MEDIA_PREFIX}{} {}w", v.key, v.width))
            .collect::<Vec<_>>()
            .join(", ");
        Some(Self {
            id,
            url: format!("{MEDIA_PREFIX}{}", last.key),
            thumb_url: format!("{MEDIA_PREFIX}{}", first.key),
            srcset,
            width: i32::try_from(last.width).unwrap_or(i32::MAX),
            height: i32::try_from(last.height).unwrap_or(i32::MAX),
            blurhash,
        })
    }
}

/// The average colour of a blurhash (its first component) as `#rrggbb`: a
/// placeholder painted before the picture arrives, with no decoding work.
pub fn blurhash_color(hash: &str) -> Option<String> {
    const DIGITS: &str =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
    let mut value: u32 = 0;
    for c in hash.get(2..6)?.chars() {
        value = value * 83 + u32::try_from(DIGITS.find(c)?).ok()?;
    }
    Some(format!("#{:06x}", value & 0x00ff_ffff))
}

/// The placeholder class for a blurhash: its average colour rounded to one
/// of 64 (`ph-000` … `ph-333`, four levels a channel, in `style/post.css`).
/// A class, not a `style` attribute, so the content security policy holds
/// and cards added in the browser look the same.
pub fn blurhash_class(hash: &str) -> Option<String> {
    let hex = blurhash_color(hash)?;
    let value = u32::from_str_radix(hex.trim_start_matches('#'), 16).ok()?;
    let level = |shift: u32| (((value >> shift) & 0xff) + 42) / 85;
    Some(format!("ph-{}{}{}", level(16), level(8), level(0)))
}

#[cfg(all(test, feature = "ssr"))]
mod blurhash_tests {
    #[test]
    fn the_average_colour_is_read_from_the_hash() {
        // Close to the mean of the picture the blurhash crate decodes (the
        // other components average out; gamma makes it approximate).
        for hash in [
            "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
            "LGF5]+Yk^6#M@-5c,1J5@[or[Q6.",
        ] {
            let pixels = blurhash::decode(hash, 32, 32, 1.0).expect("valid hash");
            let color = super::blurhash_color(hash).expect("colour");
            for channel in 0..3 {
                let mean = pixels.chunks(4).map(|p| f64::from(p[channel])).sum::<f64>() / 1024.0;
                let ours = f64::from(
                    u8::from_str_radix(&color[1 + 2 * channel..3 + 2 * channel], 16).expect("hex"),
                );
                assert!(
                    (mean - ours).abs() < 16.0,
                    "{hash}: channel {channel} {mean} vs {ours}"
                );
            }
        }
        assert_eq!(super::blurhash_color("L"), None);
    }

    #[test]
    fn the_placeholder_class_rounds_the_average_colour() {
        use super::blurhash_class;
        // "LEHV6n…": average #979695, each channel nearest 0xaa: level 2.
        assert_eq!(
            blurhash_class("LEHV6nWB2yk8pyo0adR*.7kCMdnj").as_deref(),
            Some("ph-222")
        );
        assert_eq!(blurhash_class("x"), None);
    }
}
