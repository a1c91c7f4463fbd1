//! The embedded PostgreSQL, shared with the server (same source file), so the
//! test harness starts its throwaway cluster exactly as the server would.

#[path = "../../server/src/embedded_pg/mod.rs"]
#[expect(
    dead_code,
    reason = "the server uses parts of this module the harness does not"
)]
mod embedded_pg;

pub use embedded_pg::{EmbeddedPg, EmbeddedPgOptions};

/// Runs `f` with a throwaway cluster (fast, unsynced) in a fresh temporary
/// directory that the PostgreSQL user can reach; stops and removes it after.
pub fn with_throwaway<T>(
    label: &str,
    f: impl FnOnce(&EmbeddedPg) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let dir = std::env::temp_dir().join(format!("sparkle-{label}-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let pg = EmbeddedPg::start(&EmbeddedPgOptions {
        dir: dir.clone(),
        bin_dir: None,
        run_as: "postgres".into(),
        ephemeral: true,
    })?;
    let result = f(&pg);
    let _ = pg.stop();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Where the PostgreSQL binaries are.
pub fn bin_dir() -> anyhow::Result<std::path::PathBuf> {
    Ok(embedded_pg::find_bin_dir(None)?)
}
