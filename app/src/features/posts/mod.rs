//! Posts (C4 without the rich editor) and their feeds (C5): the document
//! model and its safe rendering, the reading page, categories, tags, series,
//! the lifecycle with revisions, and keyset-paginated feeds.

pub mod api;
pub mod components;
pub mod document;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
