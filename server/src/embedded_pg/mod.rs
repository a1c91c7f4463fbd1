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

mod fs;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::fcntl::{Flock, FlockArg};
use nix::sys::signal::{Signal, kill};
use nix::unistd::{Pid, User, chown, geteuid};

use fs::{
    absolute, fallback_dir, initdb, reachable, running_postmaster, set_private, socket_dir_for,
    tail,
};
pub use fs::{find_bin_dir, find_bin_dir_for};

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
    /// Held while this process owns the cluster; only the owner stops it.
    owner_lock: Option<Flock<std::fs::File>>,
    /// What happened on the way up (adopted a running cluster, removed a stale pid file…), for the caller to log.
    pub notes: Vec<String>,
}

impl EmbeddedPg {
    /// Initialises the cluster on first use, starts it (or adopts one left
    /// running by a crashed server), and waits until it accepts connections.
    pub fn start(opts: &EmbeddedPgOptions) -> Result<Self, EmbeddedPgError> {
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
        let mut notes = Vec::new();
        let mut dir = absolute(&opts.dir)?;
        if let Some(user) = owner.as_ref() {
            std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
            if !reachable(&dir, user) {
                let fallback = fallback_dir(&dir);
                notes.push(format!(
                    "the PostgreSQL user `{}` cannot reach {}; using {} instead",
                    user.name,
                    dir.display(),
                    fallback.display()
                ));
                dir = fallback;
            }
        }
        let data = dir.join("data");
        let version = std::fs::read_to_string(data.join("PG_VERSION"))
            .ok()
            .and_then(|v| v.trim().parse().ok());
        let bin = find_bin_dir_for(opts.bin_dir.as_deref(), version)?;
        let socket_dir = socket_dir_for(&dir);
        for d in [&dir, &socket_dir] {
            std::fs::create_dir_all(d).map_err(io_err(d))?;
            set_private(d, owner.as_ref())?;
        }

        // One owner at a time: a second process (say `sparkle-server migrate`
        // while the server runs) uses the cluster but leaves it running.
        let lock_path = dir.join("owner.lock");
        let lock_file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err(&lock_path))?;
        let owner_lock = Flock::lock(lock_file, FlockArg::LockExclusiveNonblock).ok();

        if !data.join("PG_VERSION").exists() {
            initdb(&bin, &data, owner.as_ref())?;
            notes.push(format!(
                "initialised a new PostgreSQL cluster in {}",
                data.display()
            ));
        }
        let log_path = dir.join("postgres.log");

        if let Some(pid) = running_postmaster(&data, &mut notes) {
            notes.push(if owner_lock.is_some() {
                format!("took over the PostgreSQL (pid {pid}) left running by an earlier start")
            } else {
                format!(
                    "using the PostgreSQL (pid {pid}) of the server that is running; it stays up"
                )
            });
            let mut pg = Self {
                dir,
                socket_dir,
                bin,
                pid,
                child: None,
                owner_lock,
                notes,
            };
            pg.wait_ready(&log_path)?;
            return Ok(pg);
        }
        if owner_lock.is_none() {
            return Err(EmbeddedPgError::Command {
                action: "starting postgres".into(),
                detail: format!(
                    "another process holds {} but PostgreSQL is not running",
                    lock_path.display()
                ),
            });
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
        let mut child = cmd.spawn().map_err(|e| EmbeddedPgError::Command {
            action: "starting postgres".into(),
            detail: e.to_string(),
        })?;
        let Some(pid) = i32::try_from(child.id())
            .ok()
            .filter(|pid| *pid > 0)
            .map(Pid::from_raw)
        else {
            let _ = child.kill();
            return Err(EmbeddedPgError::Command {
                action: "starting postgres".into(),
                detail: "no process id".into(),
            });
        };
        let mut pg = Self {
            dir,
            socket_dir,
            bin,
            pid,
            child: Some(child),
            owner_lock,
            notes,
        };
        if let Err(err) = pg.wait_ready(&log_path) {
            let _ = kill(pg.pid, Signal::SIGQUIT);
            if let Some(child) = pg.child.as_mut() {
                let _ = child.wait();
            }
            return Err(err);
        }
        Ok(pg)
    }

    /// Whether this process owns the cluster (and stops it in [`EmbeddedPg::stop`]).
    pub fn is_owner(&self) -> bool {
        self.owner_lock.is_some()
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

    /// Stops the cluster with a fast shutdown (ends sessions, checkpoints,
    /// exits), if this process owns it; otherwise leaves it to its owner.
    pub fn stop(mut self) -> Result<(), EmbeddedPgError> {
        if self.owner_lock.is_none() {
            return Ok(());
        }
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
