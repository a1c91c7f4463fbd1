//! Real services the Rust tests start: an SMTP sink (Python's `aiosmtpd`,
//! in a virtualenv) and an OpenID Connect provider (npm's `oidc-provider`).
//! Installed once into the target directory; the tests find them through
//! `SPARKLE_TEST_PYTHON` and `SPARKLE_TEST_OIDC_SERVER`.

use std::path::PathBuf;
use std::process::Command;

use anyhow::Result;

use crate::util::{self, Paths};

/// Pinned so every run tests against the same server.
const AIOSMTPD: &str = "aiosmtpd==1.4.6";

/// Where the fixtures are, as environment variables for the test run.
pub fn ensure(paths: &Paths) -> Result<Vec<(&'static str, PathBuf)>> {
    let venv = paths.target.join("test-fixtures/venv");
    let python = venv.join("bin/python");
    let ready = python.exists()
        && Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
    if !ready {
        util::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        util::run(Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            AIOSMTPD,
        ]))?;
    }
    let oidc = paths.root.join("server/tests/fixtures/oidc");
    if !oidc.join("node_modules/oidc-provider").exists() {
        util::run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&oidc),
        )?;
    }
    Ok(vec![
        ("SPARKLE_TEST_PYTHON", python),
        ("SPARKLE_TEST_OIDC_SERVER", oidc.join("server.mjs")),
    ])
}
