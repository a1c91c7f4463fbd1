//! Asset files: content-hashed names, copies and brotli/gzip precompression.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::site::OUTPUT_NAME;

/// Writes `sparkle.<hash>.<ext>` and returns the hash.
pub fn put_hashed(pkg: &Path, ext: &str, bytes: &[u8]) -> Result<String> {
    let hash = crate::site::short_hash(bytes);
    std::fs::write(pkg.join(format!("{OUTPUT_NAME}.{hash}.{ext}")), bytes)?;
    Ok(hash)
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

/// Adds `.br` and `.gz` beside every file that has a content-hashed name
/// (served by `ServeDir` to browsers that accept them), on every core: brotli
/// at its best quality is the slow part of a build. Unhashed copies are only
/// for a server started without `hash.txt` and are not compressed.
pub fn precompress_dir(dir: &Path) -> Result<()> {
    let mut files: Vec<PathBuf> = crate::util::files_under(&[dir.to_owned()])?
        .into_iter()
        .filter(|p| worth_compressing(p))
        .collect();
    // Largest first, so the big module does not start last.
    files.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map_or(0, |m| m.len())));
    crate::util::on_every_core(&files, |path| compress(path))
}

/// Hashed assets (`name.<16 hex>.ext`, or under `snippets/`), not already compressed.
fn worth_compressing(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.ends_with(".br") || name.ends_with(".gz") {
        return false;
    }
    let hashed = name
        .split('.')
        .nth(1)
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    hashed || path.components().any(|c| c.as_os_str() == "snippets")
}

fn compress(path: &Path) -> Result<()> {
    let bytes = std::fs::read(path)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params)?;
    std::fs::write(with_suffix(path, "br"), br)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    std::fs::write(with_suffix(path, "gz"), gz.finish()?)?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}
