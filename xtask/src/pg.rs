//! The embedded PostgreSQL, shared with the server (same source file), so the
//! test harness starts its throwaway cluster exactly as the server would.

#[path = "../../server/src/embedded_pg/mod.rs"]
#[expect(
    dead_code,
    reason = "the server uses parts of this module the harness does not"
)]
mod embedded_pg;

pub use embedded_pg::{EmbeddedPg, EmbeddedPgOptions};

/// Where the PostgreSQL binaries are.
pub fn bin_dir() -> anyhow::Result<std::path::PathBuf> {
    Ok(embedded_pg::find_bin_dir(None)?)
}
