//! Builds the site the server serves: the hydration WASM and its JS glue,
//! the stylesheet and the public files, with content-hashed names and
//! brotli/gzip copies, then the server binary with `hash.txt` beside it
//! (the file Leptos reads to name the hashed assets).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::assets::{copy_dir, precompress_dir, put_hashed};
use crate::util::{self, Paths, Profile};

/// The base name of the built assets (Leptos `output_name`).
pub const OUTPUT_NAME: &str = "sparkle";
/// The module the split WASM imports its chunk loaders from (unhashed: it
/// names the hashed main JS, so it changes with every build).
const SPLIT_LOADER: &str = "__wasm_split.js";
/// The loader's name when assets are not hashed (the one Leptos then links).
const UNHASHED_SPLIT_LOADER: &str = "__wasm_split.______________________.js";
/// Stands for the main JS in the loader until its hashed name is known.
const MAIN_JS_PLACEHOLDER: &str = "./sparkle.__main__.js";
/// What a build produced.
#[derive(Debug, Clone)]
pub struct Built {
    pub server: PathBuf,
    pub site_root: PathBuf,
    /// The workspace root, where the server should run.
    pub root: PathBuf,
}

/// How the site's WASM is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wasm {
    /// What is deployed and measured: the `wasm-release` profile (opt-level
    /// z, fat LTO, one codegen unit), wasm-opt, brotli and gzip copies.
    Release,
    /// For `cargo xtask dev`: the `wasm-dev` profile (opt-level 1, no LTO,
    /// incremental), no wasm-opt, served uncompressed. Quick to rebuild,
    /// several times bigger.
    Dev,
}

impl Wasm {
    fn cargo_profile(self) -> &'static str {
        match self {
            Self::Release => "wasm-release",
            Self::Dev => "wasm-dev",
        }
    }

    fn output(self, paths: &Paths) -> PathBuf {
        paths
            .target
            .join("wasm32-unknown-unknown")
            .join(self.cargo_profile())
            .join("frontend.wasm")
    }
}

/// Builds the site and the server.
pub fn build_all(profile: Profile, wasm: Wasm) -> Result<Built> {
    build_all_with(profile, wasm, &[])
}

/// Like [`build_all`], with more binaries of the server crate built in the
/// same cargo run (the benchmark's ceiling), so they share its build.
pub fn build_all_with(profile: Profile, wasm: Wasm, extra_bins: &[&str]) -> Result<Built> {
    let paths = Paths::discover()?;
    // Side by side: cargo locks a profile's own directory, not the whole target
    // directory, so the WASM (`wasm-release`/`wasm-dev`) and the server build at once.
    // The site's side runs at the lowest CPU priority: a cold server build keeps both
    // cores busy with dependencies, then compiles `app` on one core for minutes
    // (rustc's front end), and that idle core is where the WASM, wasm-opt and brotli
    // go (docs/PERFORMANCE.md, "Build loop").
    let (hashes, server) = std::thread::scope(|scope| {
        let site = scope.spawn(|| {
            util::lower_priority();
            build_site(&paths, wasm)
        });
        let server = build_server(&paths, profile, extra_bins);
        let hashes = site
            .join()
            .map_err(|_| anyhow::anyhow!("the site build panicked"))?;
        anyhow::Ok((hashes?, server?))
    })?;
    write_hash_file(&server, &hashes)?;
    Ok(Built {
        server,
        site_root: paths.site(),
        root: paths.root.clone(),
    })
}

/// Content hashes of the three assets, as Leptos reads them from `hash.txt`.
#[derive(Debug, Clone)]
pub struct Hashes {
    js: String,
    wasm: String,
    css: String,
}

/// Builds `site/`: CSS, WASM and public files.
pub fn build_site(paths: &Paths, wasm: Wasm) -> Result<Hashes> {
    // Every site build needs the WASM target, even on a machine that never ran `run`.
    crate::deps::ensure_wasm_target()?;
    let site = paths.site();
    let pkg = site.join("pkg");
    util::run(
        util::cargo_build(paths)
            .args([
                "-p",
                "frontend",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                wasm.cargo_profile(),
            ])
            .env_remove("DATABASE_URL"),
    )?;
    let css = crate::css::build(&paths.root.join("app/src"), &paths.root.join("style"))?;

    // Nothing changed since the last build: keep the site as it is.
    // Build records live beside the site, not in it (the server serves the site).
    let meta = paths.target.join("site-build");
    std::fs::create_dir_all(&meta)?;
    let stamp_path = meta.join("stamp");
    let stamp = build_stamp(paths, wasm, &css)?;
    if std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str())
        && let Some(hashes) = std::fs::read_to_string(meta.join("hashes"))
            .ok()
            .and_then(|t| Hashes::parse(&t))
        && hashes.files().iter().all(|f| pkg.join(f).is_file())
    {
        eprintln!("✔ site unchanged");
        return Ok(hashes);
    }

    if site.exists() {
        std::fs::remove_dir_all(&site).with_context(|| format!("clearing {}", site.display()))?;
    }
    std::fs::create_dir_all(&pkg)?;
    let css_hash = put_hashed(&pkg, "css", css.as_bytes())?;
    // Also unhashed, for a server started without hash.txt beside it.
    std::fs::write(pkg.join(format!("{OUTPUT_NAME}.css")), css.as_bytes())?;

    let wasm_in = wasm.output(paths);
    let bindgen_out = paths.target.join("bindgen");
    if bindgen_out.exists() {
        std::fs::remove_dir_all(&bindgen_out)?;
    }
    // Leptos' `#[lazy]` functions (the rich editor) go into chunks the
    // loader fetches on first use; the main module is what wasm-bindgen reads.
    let split_dir = paths.target.join("wasm-split");
    if split_dir.exists() {
        std::fs::remove_dir_all(&split_dir)?;
    }
    std::fs::create_dir_all(&split_dir)?;
    let main_split = split_dir.join("main.wasm");
    eprintln!("▶ wasm-split {}", wasm_in.display());
    let input = std::fs::read(&wasm_in)?;
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &split_dir;
    options.main_out_path = &main_split;
    let link_name = format!("./{SPLIT_LOADER}");
    options.link_name = &link_name;
    options.main_module = MAIN_JS_PLACEHOLDER;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("splitting the WASM: {e:?}"))?;
    drop(input);

    eprintln!("▶ wasm-bindgen {}", main_split.display());
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&main_split)
        .out_name(OUTPUT_NAME)
        .web(true)?
        .keep_lld_exports(true)
        .demangle(false)
        .typescript(false)
        .omit_default_module_path(false)
        .debug(false)
        .keep_debug(false)
        .remove_name_section(true)
        .remove_producers_section(true);
    bindgen
        .generate(&bindgen_out)
        .context("running wasm-bindgen")?;
    let wasm_path = bindgen_out.join(format!("{OUTPUT_NAME}_bg.wasm"));
    // The main module and every chunk, optimised for size side by side.
    let opt = match wasm {
        Wasm::Release => crate::wasm_opt::find_or_install(paths)?,
        Wasm::Dev => None,
    };
    if let Some(opt) = &opt {
        eprintln!(
            "▶ wasm-opt {} -Oz: main module and {} chunks",
            opt.version,
            split.split_modules.len()
        );
        let mut modules = vec![wasm_path.clone()];
        modules.extend(split.split_modules.iter().cloned());
        opt.optimise_all(&modules)?;
    }
    let wasm_bytes = std::fs::read(&wasm_path)?;
    let wasm_hash = put_hashed(&pkg, "wasm", &wasm_bytes)?;

    // Chunks get content-hashed names, so a deploy never mixes an old page
    // with new chunks (or the reverse) and every file is served immutable.
    let mut loader = std::fs::read_to_string(split_dir.join(SPLIT_LOADER))
        .context("reading the split loader")?;
    anyhow::ensure!(
        loader.contains(MAIN_JS_PLACEHOLDER),
        "the split loader does not import the main module"
    );
    let mut chunk_names = std::collections::HashMap::new();
    let mut build_digest = Sha256::new();
    for module in &split.split_modules {
        let stem = module
            .file_stem()
            .and_then(|s| s.to_str())
            .context("a split module without a file name")?
            .to_owned();
        let bytes = std::fs::read(module)?;
        let hashed = format!("{stem}.{}", short_hash(&bytes));
        build_digest.update(hashed.as_bytes());
        let quoted = format!("\"./{stem}.wasm\"");
        anyhow::ensure!(
            loader.contains(&quoted),
            "the split loader does not load {stem}"
        );
        loader = loader.replace(&quoted, &format!("\"./{hashed}.wasm\""));
        std::fs::write(pkg.join(format!("{hashed}.wasm")), bytes)?;
        chunk_names.insert(stem, hashed);
    }
    // Which chunks each lazy function needs: the server names them in
    // `<link rel="preload">` on the pages that call it.
    let manifest: std::collections::BTreeMap<&String, Vec<&String>> = split
        .prefetch_map
        .iter()
        .map(|(split, stems)| {
            let files = stems
                .iter()
                .map(|stem| chunk_names.get(stem).unwrap_or(stem))
                .collect();
            (split, files)
        })
        .collect();
    let manifest = manifest_json(&manifest);

    // The main JS and the loader import each other, so they share one name:
    // a digest of the whole build (glue, main module, chunks).
    let main_js = std::fs::read_to_string(bindgen_out.join(format!("{OUTPUT_NAME}.js")))?;
    let import = format!("from \"{link_name}\"");
    // With no `#[lazy]` function in the build there are no chunks, and the
    // main JS imports no loader (the loader and manifest are written anyway).
    anyhow::ensure!(
        split.split_modules.is_empty() || main_js.contains(&import),
        "the main JS does not import the split loader"
    );
    build_digest.update(main_js.as_bytes());
    build_digest.update(wasm_hash.as_bytes());
    let js_hash = hex(&build_digest.finalize()[..8]);
    let write_pair = |js_name: &str, loader_name: &str, manifest_name: &str| -> Result<()> {
        // Only the import statement: the imports object keeps the name the
        // WASM imports from.
        std::fs::write(
            pkg.join(js_name),
            main_js.replace(&import, &format!("from \"./{loader_name}\"")),
        )?;
        std::fs::write(
            pkg.join(loader_name),
            loader.replace(MAIN_JS_PLACEHOLDER, &format!("./{js_name}")),
        )?;
        std::fs::write(pkg.join(manifest_name), &manifest)?;
        Ok(())
    };
    write_pair(
        &format!("{OUTPUT_NAME}.{js_hash}.js"),
        &format!("__wasm_split.{js_hash}.js"),
        &format!("__wasm_split_manifest.{js_hash}.json"),
    )?;
    // Unhashed names too (the ones Leptos uses without hash.txt), for a
    // server started without hash.txt beside it: not precompressed.
    std::fs::write(pkg.join(format!("{OUTPUT_NAME}_bg.wasm")), &wasm_bytes)?;
    write_pair(
        &format!("{OUTPUT_NAME}.js"),
        UNHASHED_SPLIT_LOADER,
        "__wasm_split_manifest.json",
    )?;
    let snippets = bindgen_out.join("snippets");
    if snippets.exists() {
        copy_dir(&snippets, &pkg.join("snippets"))?;
    }
    copy_dir(&paths.root.join("public"), &site)?;
    if wasm == Wasm::Release {
        precompress_dir(&pkg)?;
    }
    let hashes = Hashes {
        js: js_hash,
        wasm: wasm_hash,
        css: css_hash,
    };
    std::fs::write(meta.join("hashes"), hashes.to_text())?;
    std::fs::write(&stamp_path, stamp)?;
    Ok(hashes)
}

/// Generates the stylesheet into `site/pkg/sparkle.css` (unhashed, for `cargo xtask css`) and returns it.
pub fn build_css(paths: &Paths) -> Result<String> {
    let css = crate::css::build(&paths.root.join("app/src"), &paths.root.join("style"))?;
    let pkg = paths.site().join("pkg");
    std::fs::create_dir_all(&pkg)?;
    std::fs::write(pkg.join(format!("{OUTPUT_NAME}.css")), &css)?;
    Ok(css)
}

/// Builds the server binary (and `extra_bins` of the server crate).
pub fn build_server(paths: &Paths, profile: Profile, extra_bins: &[&str]) -> Result<PathBuf> {
    let mut cmd = util::cargo_build(paths);
    cmd.args(["-p", "server", "--bin", "sparkle-server"])
        .env("SQLX_OFFLINE", "true");
    for bin in extra_bins {
        cmd.args(["--bin", bin]);
    }
    cmd.args(profile.cargo_args());
    util::run(&mut cmd)?;
    Ok(paths.target.join(profile.dir()).join("sparkle-server"))
}

/// Writes `hash.txt` next to the server binary.
pub fn write_hash_file(server: &Path, hashes: &Hashes) -> Result<()> {
    let dir = server.parent().context("server binary has no directory")?;
    std::fs::write(dir.join("hash.txt"), hashes.to_text())?;
    Ok(())
}

impl Hashes {
    /// The `hash.txt` format Leptos reads: `js: …`, `wasm: …`, `css: …`,
    /// and the split loader and its manifest, which share the main JS's.
    fn to_text(&self) -> String {
        format!(
            "js: {js}\nwasm: {}\ncss: {}\nsplit: {js}\nmanifest: {js}\n",
            self.wasm,
            self.css,
            js = self.js
        )
    }

    /// The hashed file names in `pkg/`.
    fn files(&self) -> [String; 5] {
        [
            format!("{OUTPUT_NAME}.{}.js", self.js),
            format!("{OUTPUT_NAME}.{}.wasm", self.wasm),
            format!("{OUTPUT_NAME}.{}.css", self.css),
            format!("__wasm_split.{}.js", self.js),
            format!("__wasm_split_manifest.{}.json", self.js),
        ]
    }

    fn parse(text: &str) -> Option<Self> {
        let get = |key: &str| {
            text.lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_owned())
        };
        Some(Self {
            js: get("js")?,
            wasm: get("wasm")?,
            css: get("css")?,
        })
    }
}

/// The first 8 bytes of a SHA-256, in hex: the 16 characters of a hashed name.
pub fn short_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..8])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The split manifest as JSON: `{"split_name": ["chunk_0.<hash>", …], …}`.
fn manifest_json(map: &std::collections::BTreeMap<&String, Vec<&String>>) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let entries: Vec<String> = map
        .iter()
        .map(|(k, v)| {
            let files: Vec<String> = v.iter().map(|f| quote(f)).collect();
            format!("{}:[{}]", quote(k), files.join(","))
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}

/// A digest of everything the site is made from: the WASM, the CSS, the public files and this tool.
fn build_stamp(paths: &Paths, wasm: Wasm, css: &str) -> Result<String> {
    let mut digest = Sha256::new();
    digest.update(wasm.cargo_profile().as_bytes());
    digest.update(std::fs::read(wasm.output(paths))?);
    digest.update(css.as_bytes());
    // Whether wasm-opt runs changes the output too (its version is pinned).
    digest.update(format!("{:?}", std::env::var_os("SPARKLE_SKIP_WASM_OPT")).as_bytes());
    digest.update(
        std::fs::read(paths.root.join("xtask/binaryen/package-lock.json")).unwrap_or_default(),
    );
    digest.update(
        std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read(exe).ok())
            .unwrap_or_default(),
    );
    for file in crate::util::files_under(&[paths.root.join("public")])? {
        digest.update(file.to_string_lossy().as_bytes());
        digest.update(std::fs::read(&file)?);
    }
    Ok(hex(&digest.finalize()))
}
