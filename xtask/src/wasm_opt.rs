//! wasm-opt, from a binaryen recent enough for wasm-bindgen's output.
//!
//! Debian 12's binaryen (108) rewrites wasm-bindgen's `externref` table as the
//! pre-standard `anyref`, and browsers then refuse the module, so the build
//! brings its own: binaryen's Node.js build from the npm registry, pinned in
//! `xtask/binaryen/package-lock.json` and installed once into the cargo target
//! directory (`<target>/tools/binaryen`). A `wasm-opt` of binaryen 116 or newer
//! on `PATH` is used instead when there is one.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::util::{self, Paths};

/// The oldest binaryen whose wasm-opt keeps wasm-bindgen's `externref` table intact.
const MIN_VERSION: u32 = 116;

/// The wasm-opt features that Rust 1.95 output uses (its wasm32 defaults).
const FEATURES: [&str; 8] = [
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// A wasm-opt to run.
#[derive(Debug, Clone)]
pub struct WasmOpt {
    /// The program and the arguments before ours (`node …/wasm-opt`).
    program: Vec<PathBuf>,
    pub version: u32,
}

impl WasmOpt {
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program[0]);
        cmd.args(&self.program[1..]);
        cmd
    }

    /// Optimises `module` for size in place, keeping the result only when it
    /// is smaller *compressed*: wasm-opt shrinks every module raw, but on the
    /// main module (which exports everything the chunks share, so little can
    /// go) it makes the brotli larger than LLVM's own output.
    pub fn optimise(&self, module: &Path) -> Result<()> {
        let optimised = module.with_extension("opt.wasm");
        util::run(
            self.command()
                .arg("-Oz")
                .args(FEATURES)
                .arg(module)
                .arg("-o")
                .arg(&optimised),
        )?;
        let before = compressed_len(&std::fs::read(module)?)?;
        let after = compressed_len(&std::fs::read(&optimised)?)?;
        let name = module
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if after < before {
            eprintln!("  wasm-opt {name}: {before} → {after} B compressed, kept");
            std::fs::rename(&optimised, module)?;
        } else {
            eprintln!("  wasm-opt {name}: {before} → {after} B compressed, LLVM's output kept");
            std::fs::remove_file(&optimised)?;
        }
        Ok(())
    }

    /// Optimises every module, as many at once as there are cores.
    pub fn optimise_all(&self, modules: &[PathBuf]) -> Result<()> {
        util::on_every_core(modules, |module| self.optimise(module))
    }

    /// Asks the program its version (`wasm-opt version 132 (version_132)`).
    fn probe(program: Vec<PathBuf>) -> Option<Self> {
        let mut this = Self {
            program,
            version: 0,
        };
        let out = this.command().arg("--version").output().ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        this.version = text.split_whitespace().find_map(|w| w.parse().ok())?;
        Some(this)
    }
}

/// The size of `bytes` in brotli (quality 9: ranks the two candidates as
/// quality 11 does, in a fraction of the time).
fn compressed_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

/// The wasm-opt the build uses: one on `PATH` if recent enough, else the
/// pinned npm one, installed when missing. `None` (with a warning) only
/// when `SPARKLE_SKIP_WASM_OPT` is set, for quick development builds.
pub fn find_or_install(paths: &Paths) -> Result<Option<WasmOpt>> {
    if std::env::var_os("SPARKLE_SKIP_WASM_OPT").is_some() {
        eprintln!("! SPARKLE_SKIP_WASM_OPT: the WASM is left as wasm-bindgen wrote it");
        return Ok(None);
    }
    if util::on_path("wasm-opt")
        && let Some(found) = WasmOpt::probe(vec!["wasm-opt".into()])
        && found.version >= MIN_VERSION
    {
        return Ok(Some(found));
    }
    let dir = paths.target.join("tools/binaryen");
    let script = dir.join("node_modules/binaryen/bin/wasm-opt");
    let lock = paths.root.join("xtask/binaryen/package-lock.json");
    let installed_lock = dir.join("package-lock.json");
    let current = script.is_file()
        && std::fs::read(&lock).ok().is_some()
        && std::fs::read(&lock).ok() == std::fs::read(&installed_lock).ok();
    if !current {
        if !util::on_path("npm") {
            bail!(
                "wasm-opt needs Node.js and npm (binaryen's npm build): run `apt-get install -y nodejs npm`"
            );
        }
        std::fs::create_dir_all(&dir)?;
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(paths.root.join("xtask/binaryen").join(file), dir.join(file))
                .with_context(|| format!("copying xtask/binaryen/{file}"))?;
        }
        util::run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir),
        )?;
    }
    let found = WasmOpt::probe(vec!["node".into(), script])
        .context("the npm binaryen's wasm-opt did not start")?;
    if found.version < MIN_VERSION {
        bail!("binaryen {} is older than {MIN_VERSION}", found.version);
    }
    Ok(Some(found))
}
