//! Profiles and the social graph (C3): profile pages at `/u/{username}`,
//! profile and privacy settings, follows with per-follow notices, blocks.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
