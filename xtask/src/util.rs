//! Paths, profiles and process helpers.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Where things are.
#[derive(Debug, Clone)]
pub struct Paths {
    pub root: PathBuf,
    pub target: PathBuf,
}

impl Paths {
    /// The workspace root (parent of `xtask/`) and cargo's target directory.
    pub fn discover() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent directory")?
            .to_owned();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        Ok(Self { root, target })
    }

    /// The built site: `pkg/` plus the files of `public/`.
    pub fn site(&self) -> PathBuf {
        self.target.join("site")
    }
}

/// Which cargo profile the server is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `dev`: `cargo xtask dev` and the tests.
    Debug,
    /// `quick-release`: `cargo xtask run`, optimised without link-time optimisation
    /// (Cargo.toml says why).
    Run,
    /// `release`: `cargo xtask build`, what is deployed and benchmarked.
    Release,
}

impl Profile {
    pub fn dir(self) -> &'static str {
        match self {
            Self::Debug => "debug",
            Self::Run => "quick-release",
            Self::Release => "release",
        }
    }

    pub fn cargo_args(self) -> &'static [&'static str] {
        match self {
            Self::Debug => &[],
            Self::Run => &["--profile", "quick-release"],
            Self::Release => &["--release"],
        }
    }
}

/// A `cargo` command in the workspace root.
pub fn cargo(paths: &Paths) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(&paths.root);
    cmd
}

/// `cargo build` for the site or the server: with `SPARKLE_CARGO_TIMINGS=1`,
/// cargo also writes its per-crate timing report (`cargo-timings/` in the
/// target directory), as docs/PERFORMANCE.md's build table was measured.
pub fn cargo_build(paths: &Paths) -> Command {
    let mut cmd = cargo(paths);
    cmd.arg("build");
    if std::env::var_os("SPARKLE_CARGO_TIMINGS").is_some_and(|v| v == "1") {
        cmd.arg("--timings");
    }
    cmd
}

/// Gives this thread, and every process and thread it starts from now on, the
/// lowest CPU priority (nice 19; on Linux a thread's own, inherited by its
/// children). Best effort: without `renice` or `/proc` nothing changes.
pub fn lower_priority() {
    let Some(tid) = std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
    else {
        return;
    };
    let _ = Command::new("renice")
        .args(["-n", "19", "-p", &tid])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// Runs `cmd`, failing with its description when it does not succeed.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("▶ {}", shown.chars().take(300).collect::<String>());
    let status = cmd.status().with_context(|| format!("starting {shown}"))?;
    if !status.success() {
        bail!("command failed ({status}): {shown}");
    }
    Ok(())
}

/// Runs `cmd` in the foreground until it exits, passing Ctrl-C to it.
pub fn exec(mut cmd: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let err = cmd.exec();
    Err(err).context("starting the server")
}

/// Is `program` on PATH?
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

/// Every file under `dirs` (recursively), sorted.
pub fn files_under(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = dirs.to_vec();
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Runs `work` on every item, as many at once as there are cores; the first
/// error wins.
pub fn on_every_core<T: Sync>(items: &[T], work: impl Fn(&T) -> Result<()> + Sync) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(items.len()))
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    while let Some(item) =
                        items.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        work(item)?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .map_err(|_| anyhow::anyhow!("a worker thread panicked"))?
        })
    })
}
