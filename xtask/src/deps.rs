//! Installs what a fresh Debian machine lacks: PostgreSQL, and for tests
//! Chromium and the npm packages of `end2end/`. `wasm-opt` (binaryen) is used
//! when present. The wasm32 target comes with `rust-toolchain.toml`.

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
    std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.path().join("bin/initdb").is_file())
        })
        .unwrap_or(false)
}

/// Installs missing Debian packages (as root), or says what to install.
pub fn ensure(need: Need) -> Result<()> {
    let mut missing: Vec<&str> = Vec::new();
    if !has_postgres() && std::env::var_os("DATABASE_URL").is_none()
        || need == Need::Test && !has_postgres()
    {
        missing.extend(["postgresql", "postgresql-contrib"]);
    }
    if !util::on_path("wasm-opt") {
        missing.push("binaryen");
    }
    if need == Need::Test && !util::on_path("chromium") {
        missing.push("chromium");
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
