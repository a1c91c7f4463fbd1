//! Sparkle Universe server: start-up, configuration, the axum router, background
//! jobs and the embedded PostgreSQL. The binary in `main.rs` is a thin CLI over
//! this library, which the integration tests drive directly.

pub mod accounts;
pub mod config;
pub mod db;
pub mod demo_engagement;
pub mod demo_posts;
pub mod embedded_pg;
pub mod http;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod media;
pub mod seed;
pub mod sessions;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use state::AppState;

// `cargo xtask sqlx-prepare` sets this (to a digest of the sources) so the
// query macros of this crate run again against its database; cargo tracks
// the variable, so no source file is touched and other builds stay fresh.
const _: Option<&str> = option_env!("SPARKLE_SQLX_PREPARE");
