#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on purpose"
)]

//! HTTP, database and job tests: the real router, a fresh migrated PostgreSQL
//! database per test (`#[sqlx::test]`), real job workers. Set `TEST_LOG=1` to
//! see the server's logs.

mod helpers;

// `cargo xtask sqlx-prepare` sets this (to a digest of the sources) so the
// query macros of this crate run again against its database; cargo tracks
// the variable, so no source file is touched and other builds stay fresh.
const _: Option<&str> = option_env!("SPARKLE_SQLX_PREPARE");

mod accounts;
mod activity;
mod bookmarks;
mod comments;
mod deletion;
mod embedded_pg;
mod feeds;
mod health;
mod jobs;
mod live;
mod migrations;
mod notification_mail;
mod notifications;
mod oidc;
mod pages;
mod posts;
mod profiles;
mod reactions;
mod security;
mod seed;
mod smtp;
mod theme;
mod two_factor;
