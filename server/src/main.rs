//! `sparkle-server`: serves Sparkle Universe, or runs one maintenance command.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use leptos::config::{Env, LeptosOptions};
use server::embedded_pg::{EmbeddedPg, EmbeddedPgOptions};
use server::{AppState, Config, db, jobs, seed, telemetry};
use tokio::sync::watch;

/// mimalloc rather than glibc's allocator: rendering a page makes many small,
/// short-lived strings and vectors, and with glibc's malloc a third of the
/// server's time under load went to `malloc`/`free`/`malloc_consolidate`
/// (`perf`, docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The Sparkle Universe server.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// A TOML configuration file (default: `sparkle.toml` when present, or `SPARKLE_CONFIG`).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data (once) and exit.
    Seed,
    /// Create the first admin (or make an existing account admin) and exit.
    /// The password is read from `SPARKLE_ADMIN_PASSWORD`, or from standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
    },
    /// Print the effective configuration (secrets redacted) and exit.
    Config,
}

/// The database name used inside the embedded cluster.
const EMBEDDED_DATABASE: &str = "sparkle";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load(cli.config.clone())?;
    telemetry::init_tracing(&config);
    let command = cli.command.unwrap_or(Command::Serve);
    if matches!(command, Command::Config) {
        println!("{config:#?}");
        return Ok(());
    }

    // Signals are watched from the start, so Ctrl-C during a first-run initdb or
    // migration still stops the embedded cluster before the process exits.
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutdown signal received");
        let _ = stop_tx.send(true);
    });

    let (database_url, embedded) = database(&config).await?;
    let outcome = tokio::select! {
        outcome = run(command, config, &database_url, stop_rx.clone()) => outcome,
        () = stopped(stop_rx) => Ok(()),
    };
    if let Some(pg) = embedded {
        let owner = pg.is_owner();
        tokio::task::spawn_blocking(move || pg.stop()).await??;
        if owner {
            tracing::info!("embedded PostgreSQL stopped");
        }
    }
    outcome
}

/// Everything after the database is up; the caller stops the database afterwards.
async fn run(
    command: Command,
    config: Config,
    database_url: &str,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let pool = db::connect(database_url, config.db_max_connections)
        .await
        .context("connecting to PostgreSQL")?;
    let outcome = async {
        db::migrate(&pool).await.context("applying migrations")?;
        let jobs = jobs::Jobs::setup(&pool)
            .await
            .context("setting up the job queue")?;
        match command {
            Command::Migrate => {
                tracing::info!("migrations applied");
                Ok(())
            }
            Command::Seed => seed::seed(&pool)
                .await
                .map(|_| ())
                .context("loading demo data"),
            Command::CreateAdmin { username, email } => {
                let password = match std::env::var("SPARKLE_ADMIN_PASSWORD") {
                    Ok(p) => p,
                    Err(_) => {
                        eprintln!("Password for {username} (at least 10 characters):");
                        let mut line = String::new();
                        std::io::stdin().read_line(&mut line)?;
                        line.trim_end_matches(['\r', '\n']).to_owned()
                    }
                };
                let id =
                    server::accounts::create_admin(&pool, &username, &email, &password).await?;
                tracing::info!(%id, %username, "admin ready");
                Ok(())
            }
            Command::Serve | Command::Config => serve(config, pool.clone(), jobs, stop).await,
        }
    }
    .await;
    pool.close().await;
    outcome
}

async fn stopped(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// The configured database, or an embedded cluster started for this run.
async fn database(config: &Config) -> anyhow::Result<(String, Option<EmbeddedPg>)> {
    if let Some(url) = &config.database_url {
        return Ok((url.clone(), None));
    }
    let opts = EmbeddedPgOptions {
        dir: config.data_dir.join("postgres"),
        bin_dir: config.pg_bin_dir.clone(),
        run_as: config.pg_user.clone(),
        ephemeral: false,
    };
    tracing::info!(dir = %opts.dir.display(), "no DATABASE_URL set: starting the embedded PostgreSQL");
    let pg = tokio::task::spawn_blocking(move || {
        let pg = EmbeddedPg::start(&opts)?;
        pg.ensure_database(EMBEDDED_DATABASE)?;
        Ok::<_, server::embedded_pg::EmbeddedPgError>(pg)
    })
    .await??;
    for note in &pg.notes {
        tracing::info!("{note}");
    }
    Ok((pg.database_url(EMBEDDED_DATABASE), Some(pg)))
}

async fn serve(
    config: Config,
    pool: sqlx::PgPool,
    jobs: jobs::Jobs,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    if config.seed_demo_data && !seed::is_seeded(&pool).await? {
        seed::seed(&pool).await.context("loading demo data")?;
    }
    let leptos_options = leptos_options(&config);
    let config = Arc::new(config);
    let state = AppState::new(
        leptos_options,
        pool.clone(),
        config.clone(),
        telemetry::metrics_handle(),
        jobs.clone(),
    )?;
    let smtp = state.smtp.clone();
    let media = state.app.media.clone();
    let views = tokio::spawn(jobs::flush_views(
        pool.clone(),
        state.app.views.clone(),
        stopped(stop.clone()),
    ));
    let grace = server::http::grace(&state);
    let live = state.live.clone();
    let router = server::http::router(state);
    let listener = tokio::net::TcpListener::bind(config.addr())
        .await
        .with_context(|| format!("binding {}", config.addr()))?;
    tracing::info!(
        "Sparkle Universe is listening on http://{}",
        listener.local_addr()?
    );

    let mut server = tokio::spawn(
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(stopped(stop.clone()))
        .into_future(),
    );
    let mut workers = config.run_jobs.then(|| {
        tokio::spawn(jobs::run(
            pool,
            jobs,
            smtp,
            media,
            config.mailing(),
            grace,
            stopped(stop.clone()),
        ))
    });

    tokio::select! {
        () = stopped(stop) => {
            tracing::info!("shutting down: finishing in-flight requests and jobs");
            live.close();
        }
        res = &mut server => {
            if let Some(workers) = workers.take() {
                workers.abort();
            }
            res??;
            return Ok(());
        }
    }
    // One deadline for requests and jobs together.
    let deadline = tokio::time::Instant::now() + grace;
    match tokio::time::timeout_at(deadline, &mut server).await {
        Ok(res) => res??,
        Err(_) => {
            tracing::warn!(
                ?grace,
                "requests still running after the grace period; dropping them"
            );
            server.abort();
        }
    }
    if let Some(mut workers) = workers
        && tokio::time::timeout_at(deadline, &mut workers)
            .await
            .is_err()
    {
        tracing::warn!("jobs still running after the grace period; they will be retried");
        workers.abort();
    }
    // The last views of this process are written before it exits.
    if tokio::time::timeout(std::time::Duration::from_secs(5), views)
        .await
        .is_err()
    {
        tracing::warn!("the last post views could not be written in time");
    }
    tracing::info!("server stopped");
    Ok(())
}

/// Leptos options built in code: the site is built by `cargo xtask`, which
/// writes `hash.txt` (asset content hashes) next to this executable.
fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_file = "hash.txt";
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(hash_file)))
        .is_some_and(|path| path.is_file());
    if !hashed {
        tracing::warn!(
            "no hash.txt next to the server binary: serving unhashed asset names (build with `cargo xtask build`)"
        );
    }
    LeptosOptions::builder()
        .output_name("sparkle")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr())
        .env(Env::PROD)
        .hash_file(Arc::from(hash_file))
        .hash_files(hashed)
        .build()
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
