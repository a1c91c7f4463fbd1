//! Site-wide facts an admin can change (name, tagline), read from `site_settings`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;

pub use types::SiteInfo;
