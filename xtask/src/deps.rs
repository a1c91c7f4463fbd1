//! Installs what a fresh Debian machine lacks: PostgreSQL, Node.js and npm
//! (the build's wasm-opt is binaryen's npm build, `crate::wasm_opt`), and for
//! tests Chromium. The wasm32 target comes with `rust-toolchain.toml`.

use std::process::Command;

use anyhow::{Result, bail};

use crate::util;

/// What the command about to run needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Run,
    Test,
}

fn has_postgres() -> bool {
    if let Some(dir) = std::env::var_os("SPARKLE_PG_BIN_DIR") {
        return std::path::Path::new(&dir).join("initdb").is_file();
    }
    std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.path().join("bin/initdb").is_file())
        })
        .unwrap_or(false)
}

/// Adds the wasm32 target when the toolchain lacks it (rustup may be set not
/// to install what `rust-toolchain.toml` asks for on its own).
pub fn ensure_wasm_target() -> Result<()> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()?;
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_owned();
    if std::path::Path::new(&sysroot)
        .join("lib/rustlib/wasm32-unknown-unknown")
        .is_dir()
    {
        return Ok(());
    }
    util::run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Installs missing Debian packages (as root), or says what to install.
pub fn ensure(need: Need) -> Result<()> {
    ensure_wasm_target()?;
    let external_db = std::env::var("DATABASE_URL").is_ok_and(|url| !url.trim().is_empty());
    let mut missing: Vec<&str> = Vec::new();
    // Tests always start their own throwaway cluster.
    if !has_postgres() && (need == Need::Test || !external_db) {
        missing.extend(["postgresql", "postgresql-contrib"]);
    }
    if need == Need::Test && !util::on_path("chromium") {
        missing.push("chromium");
    }
    if !util::on_path("npm") {
        missing.extend(["nodejs", "npm"]);
    }
    if missing.is_empty() {
        return Ok(());
    }
    if !nix_is_root() {
        bail!(
            "missing packages: run `sudo apt-get install -y {}` and try again",
            missing.join(" ")
        );
    }
    eprintln!("▶ installing {}", missing.join(" "));
    util::run(Command::new("apt-get").arg("update").arg("-qq"))?;
    util::run(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn nix_is_root() -> bool {
    nix::unistd::geteuid().is_root()
}
