//! Paths, permissions and binaries for the embedded cluster.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use nix::unistd::{Pid, User, chown};

use super::{EmbeddedPgError, MAX_SOCKET_PATH, io_err};

pub(super) fn absolute(path: &Path) -> Result<PathBuf, EmbeddedPgError> {
    std::path::absolute(path).map_err(io_err(path))
}

/// The socket lives in `run/` unless that path is too long for a unix socket.
pub(super) fn socket_dir_for(dir: &Path) -> PathBuf {
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
pub(super) fn set_private(dir: &Path, owner: Option<&User>) -> Result<(), EmbeddedPgError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io_err(dir))?;
    if let Some(user) = owner {
        chown(dir, Some(user.uid), Some(user.gid)).map_err(|e| io_err(dir)(e.into()))?;
        check_reachable(dir, user)?;
    }
    Ok(())
}

/// Where the cluster lives when `dir` cannot be reached by the PostgreSQL user
/// (a clone inside a private home such as `/root`): a directory of its own
/// under `/var/lib/sparkle-universe`, named after `dir`.
pub(super) fn fallback_dir(dir: &Path) -> PathBuf {
    let name: String = dir
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Path::new("/var/lib/sparkle-universe").join(name.trim_matches('_'))
}

/// Whether the unprivileged user can walk down to `dir`.
pub(super) fn reachable(dir: &Path, user: &User) -> bool {
    check_reachable(dir, user).is_ok()
}

/// The unprivileged user must be able to walk down to its directory.
pub(super) fn check_reachable(dir: &Path, user: &User) -> Result<(), EmbeddedPgError> {
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

pub(super) fn initdb(bin: &Path, data: &Path, owner: Option<&User>) -> Result<(), EmbeddedPgError> {
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
pub(super) fn running_postmaster(data: &Path, notes: &mut Vec<String>) -> Option<Pid> {
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
    find_bin_dir_for(configured, None)
}

/// Like [`find_bin_dir`], preferring the major `version` a cluster was created with.
pub fn find_bin_dir_for(
    configured: Option<&Path>,
    version: Option<u32>,
) -> Result<PathBuf, EmbeddedPgError> {
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
    if let Some(wanted) = version {
        if let Some((_, dir)) = versions.iter().find(|(v, _)| *v == wanted) {
            return Ok(dir.clone());
        }
        if !versions.is_empty() {
            return Err(EmbeddedPgError::Command {
                action: "choosing PostgreSQL".into(),
                detail: format!(
                    "the cluster was created by PostgreSQL {wanted}; install `postgresql-{wanted}` or move the data directory aside"
                ),
            });
        }
    }
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .find(|d| has_bins(d))
        .ok_or(EmbeddedPgError::BinariesMissing)
}

pub(super) fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}
