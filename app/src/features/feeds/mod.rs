//! Feeds (C5, the feed part): home, latest, trending, featured, category,
//! tag, series and author feeds with keyset pagination (infinite scroll
//! when hydrated, "next page" links without JavaScript), tag following,
//! "My posts", the category admin, Atom feeds and the sitemap.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
