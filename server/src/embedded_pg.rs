//! A private PostgreSQL cluster started from the system's PostgreSQL binaries,
//! used when no `DATABASE_URL` is configured (the run command, and the test
//! harness, which starts a throwaway one).
//!
//! PostgreSQL refuses to run as root. When this process is root, `initdb` and
//! `postgres` run as an unprivileged system user (`postgres` by default) that
//! owns the data and socket directories. The cluster listens only on a unix
//! socket inside its own directory, so nothing else on the machine can reach
//! it over the network.

//!
//! This file depends only on `std` and `nix` and blocks while it waits, so the
//! build tool (`xtask`) includes it too, to start the test harness's cluster.
//! The server calls it from a blocking thread.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::{Pid, User, chown, geteuid};

/// The port number in the socket's file name; no TCP port is opened.
const SOCKET_PORT: u16 = 5432;
/// Unix socket paths are limited to 107 bytes on Linux.
const MAX_SOCKET_PATH: usize = 100;

/// What can go wrong starting or stopping the embedded cluster.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedPgError {
    #[error(
        "PostgreSQL server binaries (initdb, postgres) were not found. Install them with \
         `apt-get install postgresql` (Debian/Ubuntu), or set SPARKLE_PG_BIN_DIR to their directory, \
         or set DATABASE_URL to use an existing server"
    )]
    BinariesMissing,
    #[error(
        "running as root, but the system user `{0}` that should run PostgreSQL does not exist. \
         Install the `postgresql` package (it creates `postgres`) or set SPARKLE_PG_USER"
    )]
    UserMissing(String),
    #[error("{action} failed: {detail}")]
    Command { action: String, detail: String },
    #[error("PostgreSQL did not become ready within {0:?}; see {1}")]
    Timeout(Duration, PathBuf),
    #[error("io error at {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> EmbeddedPgError + '_ {
    move |source| EmbeddedPgError::Io {
        path: path.to_owned(),
        source,
    }
}

/// How to start the cluster.
#[derive(Debug, Clone)]
pub struct EmbeddedPgOptions {
    /// The cluster's directory: `data/` (PGDATA), `run/` (socket) and `postgres.log`.
    pub dir: PathBuf,
    /// Where `initdb` and `postgres` are; searched for when `None`.
    pub bin_dir: Option<PathBuf>,
    /// The unprivileged user to run as when this process is root.
    pub run_as: String,
    /// Trade durability for speed (for throwaway test clusters).
    pub ephemeral: bool,
}

/// A running cluster; call [`EmbeddedPg::stop`] to shut it down cleanly.
#[derive(Debug)]
pub struct EmbeddedPg {
    dir: PathBuf,
    socket_dir: PathBuf,
    bin: PathBuf,
    pid: Pid,
    child: Option<Child>,
    /// What happened on the way up (adopted a running cluster, removed a stale pid file…), for the caller to log.
    pub notes: Vec<String>,
}

impl EmbeddedPg {
    /// Initialises the cluster on first use, starts it (or adopts one left
    /// running by a crashed server), and waits until it accepts connections.
    pub fn start(opts: &EmbeddedPgOptions) -> Result<Self, EmbeddedPgError> {
        let bin = find_bin_dir(opts.bin_dir.as_deref())?;
        let owner = if geteuid().is_root() {
            Some(
                User::from_name(&opts.run_as)
                    .ok()
                    .flatten()
                    .ok_or_else(|| EmbeddedPgError::UserMissing(opts.run_as.clone()))?,
            )
        } else {
            None
        };
        let dir = absolute(&opts.dir)?;
        let data = dir.join("data");
        let socket_dir = socket_dir_for(&dir);
        for d in [&dir, &socket_dir] {
            std::fs::create_dir_all(d).map_err(io_err(d))?;
            set_private(d, owner.as_ref())?;
        }
        let mut notes = Vec::new();
        if !data.join("PG_VERSION").exists() {
            initdb(&bin, &data, owner.as_ref())?;
            notes.push(format!(
                "initialised a new PostgreSQL cluster in {}",
                data.display()
            ));
        }
        let log_path = dir.join("postgres.log");

        if let Some(pid) = running_postmaster(&data, &mut notes) {
            notes.push(format!(
                "adopted the PostgreSQL (pid {pid}) left running by an earlier start"
            ));
            let mut pg = Self {
                dir,
                socket_dir,
                bin,
                pid,
                child: None,
                notes,
            };
            pg.wait_ready(&log_path)?;
            return Ok(pg);
        }

        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(io_err(&log_path))?;
        if let Some(user) = owner.as_ref() {
            chown(&log_path, Some(user.uid), Some(user.gid))
                .map_err(|e| io_err(&log_path)(e.into()))?;
        }
        let mut cmd = Command::new(bin.join("postgres"));
        cmd.arg("-D")
            .arg(&data)
            .arg("-k")
            .arg(&socket_dir)
            .arg("-p")
            .arg(SOCKET_PORT.to_string())
            .args([
                "-c",
                "listen_addresses=",
                "-c",
                "unix_socket_permissions=0700",
            ])
            .args(["-c", "max_connections=300", "-c", "shared_buffers=128MB"]);
        if opts.ephemeral {
            cmd.args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]);
        }
        cmd.stdin(Stdio::null())
            .stdout(log.try_clone().map_err(io_err(&log_path))?)
            .stderr(log)
            // Our own signal handling stops the cluster in order; a terminal's
            // Ctrl-C must not reach it first.
            .process_group(0);
        if let Some(user) = owner.as_ref() {
            cmd.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }
        let child = cmd.spawn().map_err(|e| EmbeddedPgError::Command {
            action: "starting postgres".into(),
            detail: e.to_string(),
        })?;
        let pid = Pid::from_raw(i32::try_from(child.id()).unwrap_or_default());
        let mut pg = Self {
            dir,
            socket_dir,
            bin,
            pid,
            child: Some(child),
            notes,
        };
        if let Err(err) = pg.wait_ready(&log_path) {
            let _ = kill(pg.pid, Signal::SIGQUIT);
            return Err(err);
        }
        Ok(pg)
    }

    fn wait_ready(&mut self, log: &Path) -> Result<(), EmbeddedPgError> {
        let limit = Duration::from_secs(60);
        let started = Instant::now();
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(EmbeddedPgError::Command {
                    action: "postgres".into(),
                    detail: format!("exited with {status}: {}", tail(log)),
                });
            }
            let ready = Command::new(self.bin.join("pg_isready"))
                .arg("-q")
                .arg("-h")
                .arg(&self.socket_dir)
                .arg("-p")
                .arg(SOCKET_PORT.to_string())
                .args(["-U", "postgres", "-d", "postgres"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            if started.elapsed() > limit {
                return Err(EmbeddedPgError::Timeout(limit, log.to_owned()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Creates `database` when it does not exist yet.
    pub fn ensure_database(&self, database: &str) -> Result<(), EmbeddedPgError> {
        let out = Command::new(self.bin.join("createdb"))
            .arg("-h")
            .arg(&self.socket_dir)
            .arg("-p")
            .arg(SOCKET_PORT.to_string())
            .args(["-U", "postgres", "--", database])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| EmbeddedPgError::Command {
                action: "createdb".into(),
                detail: e.to_string(),
            })?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() || stderr.contains("already exists") {
            Ok(())
        } else {
            Err(EmbeddedPgError::Command {
                action: "createdb".into(),
                detail: stderr.trim().to_owned(),
            })
        }
    }

    /// A URL for `database` on this cluster (superuser `postgres` over the socket).
    pub fn database_url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@localhost/{database}?host={}&port={SOCKET_PORT}",
            self.socket_dir.display()
        )
    }

    /// The cluster's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stops the cluster with a fast shutdown (ends sessions, checkpoints, exits).
    pub fn stop(mut self) -> Result<(), EmbeddedPgError> {
        let _ = kill(self.pid, Signal::SIGINT);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let gone = match self.child.as_mut() {
                Some(child) => matches!(child.try_wait(), Ok(Some(_))),
                None => kill(self.pid, None).is_err(),
            };
            if gone {
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = kill(self.pid, Signal::SIGQUIT);
                return Err(EmbeddedPgError::Command {
                    action: "stopping postgres".into(),
                    detail: "timed out; sent SIGQUIT".into(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn absolute(path: &Path) -> Result<PathBuf, EmbeddedPgError> {
    std::path::absolute(path).map_err(io_err(path))
}

/// The socket lives in `run/` unless that path is too long for a unix socket.
fn socket_dir_for(dir: &Path) -> PathBuf {
    let preferred = dir.join("run");
    if preferred.as_os_str().len() + ".s.PGSQL.5432".len() < MAX_SOCKET_PATH {
        return preferred;
    }
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut h);
    std::env::temp_dir().join(format!("sparkle-pg-{:016x}", h.finish()))
}

/// Makes `dir` private (0700) and, when running as root, hands it to `owner`.
fn set_private(dir: &Path, owner: Option<&User>) -> Result<(), EmbeddedPgError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io_err(dir))?;
    if let Some(user) = owner {
        chown(dir, Some(user.uid), Some(user.gid)).map_err(|e| io_err(dir)(e.into()))?;
        check_reachable(dir, user)?;
    }
    Ok(())
}

/// The unprivileged user must be able to walk down to its directory.
fn check_reachable(dir: &Path, user: &User) -> Result<(), EmbeddedPgError> {
    use std::os::unix::fs::MetadataExt;
    for ancestor in dir.ancestors().skip(1) {
        let Ok(meta) = std::fs::metadata(ancestor) else {
            continue;
        };
        let others_x = meta.mode() & 0o001 != 0;
        let owner_x = meta.uid() == user.uid.as_raw() && meta.mode() & 0o100 != 0;
        if !(others_x || owner_x) {
            return Err(EmbeddedPgError::Command {
                action: "preparing the data directory".into(),
                detail: format!(
                    "the PostgreSQL user `{}` cannot enter {}; set SPARKLE_DATA_DIR to a directory outside it (for example /var/lib/sparkle)",
                    user.name,
                    ancestor.display()
                ),
            });
        }
    }
    Ok(())
}

fn initdb(bin: &Path, data: &Path, owner: Option<&User>) -> Result<(), EmbeddedPgError> {
    let mut cmd = Command::new(bin.join("initdb"));
    cmd.arg("-D")
        .arg(data)
        .args([
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ])
        .stdin(Stdio::null());
    if let Some(user) = owner {
        cmd.uid(user.uid.as_raw()).gid(user.gid.as_raw());
    }
    let out = cmd.output().map_err(|e| EmbeddedPgError::Command {
        action: "initdb".into(),
        detail: e.to_string(),
    })?;
    if !out.status.success() {
        let _ = std::fs::remove_dir_all(data);
        return Err(EmbeddedPgError::Command {
            action: "initdb".into(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(())
}

/// The postmaster recorded in `postmaster.pid`, if it is still running; a
/// stale file (left by a crash, or naming a recycled pid) is removed.
fn running_postmaster(data: &Path, notes: &mut Vec<String>) -> Option<Pid> {
    let pid_file = data.join("postmaster.pid");
    let text = std::fs::read_to_string(&pid_file).ok()?;
    let pid = text
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<i32>().ok());
    let data = std::fs::canonicalize(data).unwrap_or_else(|_| data.to_owned());
    let alive = pid.filter(|&pid| {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let cwd = std::fs::read_link(format!("/proc/{pid}/cwd")).ok();
        comm.trim() == "postgres" && cwd.as_deref() == Some(data.as_path())
    });
    match alive {
        Some(pid) => Some(Pid::from_raw(pid)),
        None => {
            notes.push(format!("removed a stale {}", pid_file.display()));
            let _ = std::fs::remove_file(&pid_file);
            None
        }
    }
}

/// Finds the directory holding `initdb` and `postgres`.
pub fn find_bin_dir(configured: Option<&Path>) -> Result<PathBuf, EmbeddedPgError> {
    let has_bins = |d: &Path| d.join("initdb").is_file() && d.join("postgres").is_file();
    if let Some(dir) = configured {
        return if has_bins(dir) {
            Ok(dir.to_owned())
        } else {
            Err(EmbeddedPgError::BinariesMissing)
        };
    }
    // Debian keeps server binaries out of PATH, one directory per major version.
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, d)| has_bins(d))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .find(|d| has_bins(d))
        .ok_or(EmbeddedPgError::BinariesMissing)
}

fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}
