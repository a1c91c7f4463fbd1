//! The creator editor: a block editor written in Rust that edits the post
//! [`Document`](crate::features::posts::document::Document) directly.
//!
//! - [`model`]: the blocks, the editing commands, undo, Markdown shortcuts
//!   and paste cleaning, as plain Rust shared by server and browser (unit
//!   and property tests in `model/tests.rs`).

pub mod model;
