//! Reactions (C6): nine kinds on posts and comments, once per kind per
//! person, counted exactly under concurrency, with who reacted.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
