//! The sqlx offline cache (`.sqlx/`): builds use it (`SQLX_OFFLINE=true`), so it
//! must match the queries and the schema. `prepare` regenerates it against a
//! freshly migrated throwaway database; `--check` fails when it is stale.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::pg::EmbeddedPg;
use crate::util::{self, Paths};

/// Regenerates `.sqlx/` (or, with `check`, compares and fails on a difference).
pub fn prepare(check: bool) -> Result<()> {
    let paths = Paths::discover()?;
    crate::pg::with_throwaway("sqlx-prepare", |pg| prepare_with(&paths, pg, check))
}

/// Runs the comparison on a cluster the caller started.
pub fn prepare_with(paths: &Paths, pg: &EmbeddedPg, check: bool) -> Result<()> {
    // Nothing the cache depends on changed since the last check passed.
    let digest = sources_digest(paths)?;
    let passed = paths.target.join("sqlx-prepare.checked");
    if check && std::fs::read_to_string(&passed).ok().as_deref() == Some(digest.as_str()) {
        eprintln!("✔ .sqlx/ is current (nothing changed since it was last checked)");
        return Ok(());
    }
    pg.ensure_database("sqlx_prepare")?;
    let url = pg.database_url("sqlx_prepare");
    migrate_with_psql(pg, paths, "sqlx_prepare")?;
    let out = paths.target.join("sqlx-prepare");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    // The crates with queries read `SPARKLE_SQLX_PREPARE` (`option_env!`), so
    // a new value makes cargo run their macros again; no file is touched, so
    // every other build (tests, the site, the server) stays fresh.
    util::run(
        util::cargo(paths)
            .args(["check", "-p", "server", "--all-targets"])
            .env("SQLX_OFFLINE", "false")
            .env(
                "SPARKLE_SQLX_PREPARE",
                format!("{digest}-{}", std::process::id()),
            )
            .env("SPARKLE_SQLX_DATABASE_URL", &url)
            .env("SQLX_OFFLINE_DIR", &out)
            .env_remove("DATABASE_URL"),
    )?;
    let fresh = read_dir_files(&out)?;
    let cache = paths.root.join(".sqlx");
    if check {
        let current = read_dir_files(&cache).unwrap_or_default();
        if current != fresh {
            let stale: Vec<&String> = current
                .keys()
                .filter(|k| fresh.get(*k) != current.get(*k))
                .collect();
            let missing: Vec<&String> =
                fresh.keys().filter(|k| !current.contains_key(*k)).collect();
            bail!(
                "the sqlx offline cache (.sqlx/) is stale: run `cargo xtask sqlx-prepare` and commit it (stale: {stale:?}, missing: {missing:?})"
            );
        }
        eprintln!("✔ .sqlx/ is current ({} queries)", fresh.len());
        std::fs::write(&passed, &digest)?;
        return Ok(());
    }
    if cache.exists() {
        std::fs::remove_dir_all(&cache)?;
    }
    std::fs::create_dir_all(&cache)?;
    for (name, content) in &fresh {
        std::fs::write(cache.join(name), content)?;
    }
    eprintln!("✔ wrote {} queries to .sqlx/", fresh.len());
    Ok(())
}

/// Applies `migrations/*.up.sql` in order with psql (no server binary needed).
pub fn migrate_with_psql(pg: &EmbeddedPg, paths: &Paths, database: &str) -> Result<()> {
    let mut files: Vec<_> = std::fs::read_dir(paths.root.join("migrations"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".up.sql"))
        .collect();
    files.sort();
    let psql = crate::pg::bin_dir()?.join("psql");
    for file in files {
        let status = std::process::Command::new(&psql)
            .arg(pg.database_url(database))
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-f"])
            .arg(&file)
            .status()
            .with_context(|| format!("running psql on {}", file.display()))?;
        if !status.success() {
            bail!("migration {} failed", file.display());
        }
    }
    Ok(())
}

/// A digest of what the offline cache is made from: the migrations, the
/// Rust sources of the crates with queries and their tests, `.sqlx/` itself
/// and the lock file.
fn sources_digest(paths: &Paths) -> Result<String> {
    use sha2::{Digest, Sha256};
    let dirs: Vec<_> = [
        "migrations",
        "app/src",
        "server/src",
        "server/tests",
        ".sqlx",
    ]
    .iter()
    .map(|d| paths.root.join(d))
    .collect();
    // Sources and the cache only: not the test fixtures' node_modules.
    let mut files: Vec<_> = util::files_under(&dirs)?
        .into_iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "node_modules"))
        .filter(|f| {
            f.extension()
                .is_some_and(|e| e == "rs" || e == "sql" || e == "json")
        })
        .collect();
    files.push(paths.root.join("Cargo.lock"));
    let mut digest = Sha256::new();
    for file in files {
        digest.update(file.to_string_lossy().as_bytes());
        digest.update(std::fs::read(&file)?);
    }
    Ok(digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn read_dir_files(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.insert(name, std::fs::read_to_string(&path)?);
        }
    }
    Ok(out)
}
