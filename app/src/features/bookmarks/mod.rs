//! Bookmarks and sharing (C6): save posts with a note and tags into
//! folders (private or public), the Bookmarks page, and the post page's
//! share menu.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
