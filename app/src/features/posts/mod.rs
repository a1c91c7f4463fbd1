//! Posts (C4 without the rich editor) and their feeds (C5): the document
//! model and its safe rendering, the reading page, categories, tags, series,
//! the lifecycle with revisions, and keyset-paginated feeds.

pub mod document;
