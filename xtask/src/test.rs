//! `cargo xtask test`: every test, against real parts.
//!
//! 1. formatting and clippy (`-D warnings`) for the server and the WASM side;
//! 2. a throwaway PostgreSQL cluster (the server's own embedded mechanism);
//! 3. the sqlx offline cache is checked against the migrated schema;
//! 4. unit, database (`#[sqlx::test]`: a fresh database per test) and HTTP
//!    tests with cargo-nextest;
//! 5. the site is built, the server started on a free port with demo data,
//!    and Playwright drives Debian's Chromium with and without JavaScript;
//!    the server must then shut down cleanly on SIGTERM.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::pg::EmbeddedPg;
use crate::util::{self, Paths, Profile};
use crate::{deps, site, sqlx_cache};

pub fn run() -> Result<()> {
    let started = Instant::now();
    let mut stages = Stages::default();
    stages.time("install what is missing", || deps::ensure(deps::Need::Test))?;
    let paths = Paths::discover()?;

    let result = all_stages(&paths, &mut stages);
    stages.print();
    result?;
    eprintln!("✔ all tests passed in {:.0?}", started.elapsed());
    Ok(())
}

/// Only the browser tests (site and server build, Playwright with `args`):
/// for working on pages; the full command is what CI runs.
pub fn run_browser_only(args: &[String]) -> Result<()> {
    let started = Instant::now();
    let mut stages = Stages::default();
    stages.time("install what is missing", || deps::ensure(deps::Need::Test))?;
    let paths = Paths::discover()?;
    let result = crate::pg::with_throwaway("test-pg", |pg| {
        stages.time("test services (SMTP, OpenID Connect)", || {
            crate::fixtures::ensure(&paths)
        })?;
        browser_stages(&paths, pg, &mut stages, args)
    });
    stages.print();
    result?;
    eprintln!("✔ browser tests passed in {:.0?}", started.elapsed());
    Ok(())
}

/// How long each stage took, printed at the end (also when one failed).
#[derive(Default)]
struct Stages(Vec<(&'static str, Duration, bool)>);

impl Stages {
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let start = Instant::now();
        let result = f();
        self.0.push((name, start.elapsed(), result.is_ok()));
        result
    }

    fn print(&self) {
        eprintln!("\nStage times:");
        for (name, took, ok) in &self.0 {
            let mark = if *ok { "✔" } else { "✘" };
            eprintln!("  {mark} {name:<44} {:>7.1} s", took.as_secs_f64());
        }
    }
}

fn all_stages(paths: &Paths, stages: &mut Stages) -> Result<()> {
    stages.time("format check (cargo fmt)", || {
        util::run(util::cargo(paths).args(["fmt", "--all", "--", "--check"]))
    })?;
    stages.time("clippy (server, app, xtask)", || {
        util::run(
            util::cargo(paths)
                .args([
                    "clippy",
                    "--workspace",
                    "--exclude",
                    "frontend",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
                .env("SQLX_OFFLINE", "true"),
        )
    })?;
    stages.time("clippy (WASM)", || {
        util::run(util::cargo(paths).args([
            "clippy",
            "-p",
            "frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]))
    })?;

    crate::pg::with_throwaway("test-pg", |pg| with_cluster(paths, pg, stages))
}

fn with_cluster(paths: &Paths, pg: &EmbeddedPg, stages: &mut Stages) -> Result<()> {
    stages.time("sqlx offline cache check", || {
        sqlx_cache::prepare_with(paths, pg, true)
    })?;

    pg.ensure_database("sparkle_test")?;
    let test_url = pg.database_url("sparkle_test");
    let fixtures = stages.time("test services (SMTP, OpenID Connect)", || {
        crate::fixtures::ensure(paths)
    })?;
    let nextest = util::on_path("cargo-nextest");
    let mut cmd = util::cargo(paths);
    if nextest {
        cmd.args([
            "nextest",
            "run",
            "--workspace",
            "--exclude",
            "frontend",
            "--no-fail-fast",
        ]);
    } else {
        cmd.args([
            "test",
            "--workspace",
            "--exclude",
            "frontend",
            "--no-fail-fast",
        ]);
    }
    cmd.envs(fixtures);
    stages.time("Rust tests (unit, database, HTTP)", || {
        util::run(
            cmd.env("SQLX_OFFLINE", "true")
                .env("DATABASE_URL", &test_url),
        )
    })?;
    browser_stages(paths, pg, stages, &[])
}

/// Builds the site and server, serves them with demo data beside the OpenID
/// Connect provider, and runs Playwright (with `args`).
fn browser_stages(
    paths: &Paths,
    pg: &EmbeddedPg,
    stages: &mut Stages,
    args: &[String],
) -> Result<()> {
    let built = stages.time("site (WASM, CSS) and server build", || {
        site::build_all(Profile::Debug, site::Wasm::Release)
    })?;
    pg.ensure_database("sparkle_e2e")?;
    let port = free_port()?;
    let base_url = format!("http://127.0.0.1:{port}");
    // The browser tests sign in through a real OpenID Connect provider too.
    let provider = crate::fixtures::OidcProvider::start(paths, &base_url)?;
    let mut server = Command::new(&built.server)
        .env("SPARKLE_OIDC_ISSUER", &provider.issuer)
        .env("SPARKLE_OIDC_CLIENT_ID", "sparkle")
        .env("SPARKLE_OIDC_CLIENT_SECRET", "sparkle-secret")
        .env("SPARKLE_OIDC_NAME", "Fixture ID")
        .env("DATABASE_URL", pg.database_url("sparkle_e2e"))
        .env("SPARKLE_PORT", port.to_string())
        .env("SPARKLE_PUBLIC_URL", &base_url)
        .env("SPARKLE_SITE_ROOT", &built.site_root)
        .env("SPARKLE_SEED_DEMO_DATA", "true")
        .env("SPARKLE_SHUTDOWN_GRACE_SECS", "10")
        .stdin(Stdio::null())
        .spawn()
        .context("starting the server for browser tests")?;
    let database_url = pg.database_url("sparkle_e2e");
    let result = stages.time("browser tests (Playwright, with and without JS)", || {
        wait_ready(&mut server, &base_url)
            .and_then(|()| playwright(paths, &base_url, &database_url, args))
    });
    let stopped = stages.time("clean shutdown on SIGTERM", || stop_gracefully(&mut server));
    result?;
    stopped
}

/// Runs the browser tests. They read the database only to check what the
/// browser cannot see (`E2E_DATABASE_URL`, e.g. the reading beacon's row).
fn playwright(paths: &Paths, base_url: &str, database_url: &str, args: &[String]) -> Result<()> {
    let e2e = paths.root.join("end2end");
    if !e2e.join("node_modules/@playwright/test").exists() {
        util::run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&e2e)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        )?;
    }
    util::run(
        Command::new("npx")
            .args(["playwright", "test"])
            .args(args)
            .current_dir(&e2e)
            .env("BASE_URL", base_url)
            .env("E2E_DATABASE_URL", database_url)
            .env("CHROMIUM_PATH", "/usr/bin/chromium"),
    )
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_ready(server: &mut Child, base_url: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = base_url.trim_start_matches("http://");
    loop {
        if let Some(status) = server.try_wait()? {
            bail!("the server exited before it was ready ({status})");
        }
        if http_status(addr, "/readyz").is_ok_and(|s| s == 200) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the server was not ready within 60 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A minimal HTTP/1.1 GET on loopback; returns the status code.
fn http_status(addr: &str, path: &str) -> Result<u16> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head)?;
    let text = String::from_utf8_lossy(&head);
    text.get(9..12)
        .and_then(|s| s.parse().ok())
        .context("bad HTTP response")
}

/// SIGTERM, then the server must exit 0 within its grace period.
fn stop_gracefully(server: &mut Child) -> Result<()> {
    let pid = nix::unistd::Pid::from_raw(i32::try_from(server.id())?);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM)?;
    // The server's grace period is 10 s; stopping PostgreSQL follows it.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.try_wait()? {
            if status.success() {
                eprintln!("✔ the server shut down cleanly on SIGTERM");
                return Ok(());
            }
            bail!("the server exited with {status} on SIGTERM");
        }
        if Instant::now() > deadline {
            let _ = server.kill();
            bail!("the server did not stop within 30 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
