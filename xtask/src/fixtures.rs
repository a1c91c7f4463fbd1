//! Real services the Rust tests start: an SMTP sink (Python's `aiosmtpd`,
//! in a virtualenv) and an OpenID Connect provider (npm's `oidc-provider`).
//! Installed once into the target directory; the tests find them through
//! `SPARKLE_TEST_PYTHON` and `SPARKLE_TEST_OIDC_SERVER`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

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

/// The OpenID Connect provider fixture, running for the browser tests of the
/// server at `base_url`; stopped on drop.
pub struct OidcProvider {
    child: Child,
    pub issuer: String,
}

impl OidcProvider {
    pub fn start(paths: &Paths, base_url: &str) -> Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut child = Command::new("node")
            .arg(paths.root.join("server/tests/fixtures/oidc/server.mjs"))
            .env("OIDC_PORT", port.to_string())
            .env(
                "OIDC_REDIRECT_URI",
                format!("{base_url}/auth/oidc/callback"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the OpenID Connect provider fixture (node)")?;
        let mut stdout = BufReader::new(child.stdout.take().context("no stdout")?);
        let mut line = String::new();
        stdout.read_line(&mut line)?;
        let Some(issuer) = line.strip_prefix("OIDC_READY ") else {
            let _ = child.kill();
            bail!("the OpenID Connect provider fixture did not start: {line:?}");
        };
        let issuer = issuer.trim().to_owned();
        // Keep draining, so it never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        Ok(Self { child, issuer })
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
