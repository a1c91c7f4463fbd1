//! `cargo xtask`: build, run and test Sparkle Universe with nothing but cargo.
//!
//! - `cargo xtask run`   installs what is missing, builds, starts PostgreSQL
//!   (embedded unless `DATABASE_URL` is set), migrates, seeds and serves.
//! - `cargo xtask test`  runs every test: format, lints, unit, database, HTTP
//!   and browser tests, and checks the sqlx offline cache.
//!   `cargo xtask test --browser [PLAYWRIGHT ARGS…]` runs only the browser
//!   tests (for example `--browser comments.spec.mjs --project=js`).
//! - `cargo xtask dev`   like run (debug build), rebuilding and restarting on change.
//! - `cargo xtask build [--debug] [--bench]`  builds the site (WASM, CSS, assets) and
//!   server (`--bench`: and the read-path benchmark's ceiling, bench/read-path.sh).
//! - `cargo xtask site`  builds only the site (WASM and its chunks, CSS, public files).
//! - `cargo xtask sqlx-prepare [--check]`  refreshes (or checks) `.sqlx/`.

mod assets;
mod css;
mod deps;
mod dev;
mod fixtures;
mod pg;
mod site;
mod sqlx_cache;
mod test;
mod util;
mod wasm_opt;

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    match args.first().map(String::as_str) {
        Some("run") => run(flag("--debug")),
        Some("build") => {
            let profile = if flag("--debug") {
                util::Profile::Debug
            } else {
                util::Profile::Release
            };
            // `--bench`: the release build plus bench/read-path.sh's ceiling.
            let extra: &[&str] = if flag("--bench") {
                &["bench-ceiling"]
            } else {
                &[]
            };
            site::build_all_with(profile, site::Wasm::Release, extra).map(|_| ())
        }
        Some("dev") => {
            deps::ensure(deps::Need::Run)?;
            dev::run()
        }
        // The site alone (WASM, chunks, CSS, public files), without the server.
        Some("site") => {
            site::build_site(&util::Paths::discover()?, site::Wasm::Release).map(|_| ())
        }
        Some("css") => site::build_css(&util::Paths::discover()?).map(|_| ()),
        Some("test") => match args.iter().position(|a| a == "--browser") {
            Some(at) => test::run_browser_only(&args[at + 1..]),
            None => test::run(),
        },
        Some("sqlx-prepare") => sqlx_cache::prepare(flag("--check")),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [--debug] | dev | test [--browser [ARGS…]] | build [--debug] [--bench] | site | css | sqlx-prepare [--check]>"
            );
            bail!("unknown command")
        }
    }
}

/// Builds everything and serves the app, seeding demo data on first run.
fn run(debug: bool) -> Result<()> {
    deps::ensure(deps::Need::Run)?;
    let profile = if debug {
        util::Profile::Debug
    } else {
        util::Profile::Run
    };
    let built = site::build_all(profile, site::Wasm::Release)?;
    let mut cmd = std::process::Command::new(&built.server);
    cmd.env("SPARKLE_SITE_ROOT", &built.site_root)
        .env("SPARKLE_SEED_DEMO_DATA", "true");
    util::exec(cmd)
}
