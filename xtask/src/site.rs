//! Builds the site the server serves: the hydration WASM and its JS glue,
//! the stylesheet and the public files, with content-hashed names and
//! brotli/gzip copies, then the server binary with `hash.txt` beside it
//! (the file Leptos reads to name the hashed assets).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::assets::{copy_dir, precompress_dir, put_hashed};
use crate::util::{self, Paths, Profile};

/// The base name of the built assets (Leptos `output_name`).
pub const OUTPUT_NAME: &str = "sparkle";
/// The oldest binaryen whose wasm-opt keeps wasm-bindgen's `externref` table intact.
/// (Debian 12 ships 108, which turns it into the pre-standard `anyref`.)
const MIN_WASM_OPT: u32 = 116;
/// The module the split WASM imports its chunk loaders from (unhashed: it
/// names the hashed main JS, so it changes with every build).
const SPLIT_LOADER: &str = "__wasm_split.js";
/// The same loader for the unhashed `sparkle.js` (a server without hash.txt).
const SPLIT_LOADER_UNHASHED: &str = "__wasm_split.unhashed.js";
/// Stands for the main JS in the loader until its hashed name is known.
const MAIN_JS_PLACEHOLDER: &str = "./sparkle.__main__.js";
/// The wasm-opt features that Rust 1.95 output uses.
const WASM_OPT_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Built {
    pub server: PathBuf,
    pub site_root: PathBuf,
    /// The workspace root, where the server should run.
    pub root: PathBuf,
}

/// Builds the site and the server.
pub fn build_all(profile: Profile) -> Result<Built> {
    build_all_with(profile, &[])
}

/// Like [`build_all`], with more binaries of the server crate built in the
/// same cargo run (the benchmark's ceiling), so they share its build.
pub fn build_all_with(profile: Profile, extra_bins: &[&str]) -> Result<Built> {
    let paths = Paths::discover()?;
    let hashes = build_site(&paths)?;
    let server = build_server(&paths, profile, extra_bins)?;
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
pub fn build_site(paths: &Paths) -> Result<Hashes> {
    let site = paths.site();
    let pkg = site.join("pkg");
    util::run(
        util::cargo(paths)
            .args([
                "build",
                "-p",
                "frontend",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-release",
            ])
            .env_remove("DATABASE_URL"),
    )?;
    let css = crate::css::build(&paths.root.join("app/src"), &paths.root.join("style"))?;

    // Nothing changed since the last build: keep the site as it is.
    // Build records live beside the site, not in it (the server serves the site).
    let meta = paths.target.join("site-build");
    std::fs::create_dir_all(&meta)?;
    let stamp_path = meta.join("stamp");
    let stamp = build_stamp(paths, &css)?;
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

    let wasm_in = paths
        .target
        .join("wasm32-unknown-unknown/wasm-release/frontend.wasm");
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
    match wasm_opt_version() {
        Some(version)
            if version >= MIN_WASM_OPT && std::env::var_os("SPARKLE_SKIP_WASM_OPT").is_none() =>
        {
            for module in std::iter::once(&wasm_path).chain(&split.split_modules) {
                util::run(
                    Command::new("wasm-opt")
                        .arg("-Oz")
                        .args(WASM_OPT_FEATURES)
                        .arg(module)
                        .arg("-o")
                        .arg(module),
                )?;
            }
        }
        Some(version) if version < MIN_WASM_OPT => eprintln!(
            "! wasm-opt {version} is older than {MIN_WASM_OPT}: it writes wasm-bindgen's externref table as `anyref`, \
             which browsers reject, so the WASM is left as wasm-bindgen wrote it"
        ),
        _ => eprintln!("! wasm-opt skipped: the WASM is left as wasm-bindgen wrote it"),
    }
    let wasm_hash = put_hashed(&pkg, "wasm", &std::fs::read(&wasm_path)?)?;
    let js_hash = put_hashed(
        &pkg,
        "js",
        &std::fs::read(bindgen_out.join(format!("{OUTPUT_NAME}.js")))?,
    )?;
    // The chunks, and the loader naming the main JS it initialises.
    for module in &split.split_modules {
        let name = module
            .file_name()
            .context("a split module without a file name")?;
        std::fs::copy(module, pkg.join(name))?;
    }
    let loader = std::fs::read_to_string(split_dir.join(SPLIT_LOADER))
        .context("reading the split loader")?;
    anyhow::ensure!(
        loader.contains(MAIN_JS_PLACEHOLDER),
        "the split loader does not import the main module"
    );
    std::fs::write(
        pkg.join(SPLIT_LOADER),
        loader.replace(
            MAIN_JS_PLACEHOLDER,
            &format!("./{OUTPUT_NAME}.{js_hash}.js"),
        ),
    )?;
    // Unhashed names too, for a server started without hash.txt beside it:
    // their JS imports its own loader, so one copy of the module runs.
    std::fs::copy(&wasm_path, pkg.join(format!("{OUTPUT_NAME}_bg.wasm")))?;
    let main_js = std::fs::read_to_string(bindgen_out.join(format!("{OUTPUT_NAME}.js")))?;
    anyhow::ensure!(
        main_js.contains(&format!("from \"{link_name}\"")),
        "the main JS does not import the split loader"
    );
    std::fs::write(
        pkg.join(format!("{OUTPUT_NAME}.js")),
        // Only the import statement: the imports object keeps the name the
        // WASM imports from.
        main_js.replace(
            &format!("from \"{link_name}\""),
            &format!("from \"./{SPLIT_LOADER_UNHASHED}\""),
        ),
    )?;
    std::fs::write(
        pkg.join(SPLIT_LOADER_UNHASHED),
        loader.replace(MAIN_JS_PLACEHOLDER, &format!("./{OUTPUT_NAME}.js")),
    )?;
    let snippets = bindgen_out.join("snippets");
    if snippets.exists() {
        copy_dir(&snippets, &pkg.join("snippets"))?;
    }
    copy_dir(&paths.root.join("public"), &site)?;
    precompress_dir(&pkg)?;
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
    let mut cmd = util::cargo(paths);
    cmd.args(["build", "-p", "server", "--bin", "sparkle-server"])
        .env("SQLX_OFFLINE", "true");
    for bin in extra_bins {
        cmd.args(["--bin", bin]);
    }
    if profile == Profile::Release {
        cmd.arg("--release");
    }
    util::run(&mut cmd)?;
    Ok(paths.target.join(profile.dir()).join("sparkle-server"))
}

/// The major version of the `wasm-opt` on PATH (`wasm-opt version 108 (…)`).
fn wasm_opt_version() -> Option<u32> {
    let out = Command::new("wasm-opt").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().find_map(|word| word.parse().ok())
}

/// Writes `hash.txt` next to the server binary.
pub fn write_hash_file(server: &Path, hashes: &Hashes) -> Result<()> {
    let dir = server.parent().context("server binary has no directory")?;
    std::fs::write(dir.join("hash.txt"), hashes.to_text())?;
    Ok(())
}

impl Hashes {
    /// The `hash.txt` format Leptos reads: `js: …`, `wasm: …`, `css: …`.
    fn to_text(&self) -> String {
        format!("js: {}\nwasm: {}\ncss: {}\n", self.js, self.wasm, self.css)
    }

    /// The hashed file names in `pkg/`.
    fn files(&self) -> [String; 3] {
        [
            format!("{OUTPUT_NAME}.{}.js", self.js),
            format!("{OUTPUT_NAME}.{}.wasm", self.wasm),
            format!("{OUTPUT_NAME}.{}.css", self.css),
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

/// A digest of everything the site is made from: the WASM, the CSS, the public files and this tool.
fn build_stamp(paths: &Paths, css: &str) -> Result<String> {
    let mut digest = Sha256::new();
    digest.update(std::fs::read(
        paths
            .target
            .join("wasm32-unknown-unknown/wasm-release/frontend.wasm"),
    )?);
    digest.update(css.as_bytes());
    // Whether and which wasm-opt runs changes the output too.
    digest.update(
        format!(
            "{:?}{:?}",
            wasm_opt_version(),
            std::env::var_os("SPARKLE_SKIP_WASM_OPT")
        )
        .as_bytes(),
    );
    digest.update(
        std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read(exe).ok())
            .unwrap_or_default(),
    );
    let mut stack = vec![paths.root.join("public")];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files.sort();
    for file in files {
        digest.update(file.to_string_lossy().as_bytes());
        digest.update(std::fs::read(&file)?);
    }
    Ok(digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
