//! `cargo xtask dev`: builds (debug), serves, and rebuilds and restarts the
//! server whenever a source, style, public file or migration changes.
//! Changes are found by polling modification times twice a second, which
//! needs no file-watching service and works the same in containers.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, SystemTime};

use anyhow::Result;

use crate::site;
use crate::util::{Paths, Profile};

const WATCHED: [&str; 6] = [
    "app/src",
    "frontend/src",
    "server/src",
    "style",
    "public",
    "migrations",
];

pub fn run() -> Result<()> {
    let paths = Paths::discover()?;
    let mut last = newest_change(&paths.root);
    let mut server = build_and_start()?;
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = newest_change(&paths.root);
        if now <= last {
            continue;
        }
        last = now;
        eprintln!("↻ change detected: rebuilding");
        stop(server.take());
        match build_and_start() {
            Ok(child) => server = child,
            Err(err) => eprintln!("✘ build failed, fix it and save again: {err:#}"),
        }
    }
}

fn build_and_start() -> Result<Option<Child>> {
    let built = site::build_all(Profile::Debug, site::Wasm::Dev)?;
    let child = Command::new(&built.server)
        .current_dir(&built.root)
        .env("SPARKLE_SITE_ROOT", &built.site_root)
        .env("SPARKLE_SEED_DEMO_DATA", "true")
        .spawn()?;
    Ok(Some(child))
}

fn stop(server: Option<Child>) {
    if let Some(mut child) = server {
        if let Ok(pid) = i32::try_from(child.id()) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGTERM,
            );
        }
        let _ = child.wait();
    }
}

fn newest_change(root: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    let mut stack: Vec<PathBuf> = WATCHED.iter().map(|d| root.join(d)).collect();
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if let Ok(modified) = meta.modified() {
            newest = newest.max(modified);
        }
    }
    newest
}
