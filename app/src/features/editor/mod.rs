//! The creator editor: a block editor written in Rust that edits the post
//! [`Document`](crate::features::posts::document::Document) directly.
//!
//! - [`model`]: the blocks, the editing commands, undo, Markdown shortcuts
//!   and paste cleaning, as plain Rust shared by server and browser (unit
//!   and property tests in `model/tests.rs`).
//! - [`dom`]: drawing the blocks into the page and mapping the page's
//!   selection onto the model (browser only).
//! - [`menu`]: the "@" and "/" menus at the caret; [`drag`]: moving
//!   blocks by their handle and dropping pictures (browser only).
//! - [`components`]: the body field, which is the Markdown text area until
//!   the page is hydrated and the rich editor after.
//! - [`local_copy`]: this browser's copy of an editor form the server may
//!   not have yet (autosave writes it; the editor starts from it).

pub mod components;
#[cfg(feature = "hydrate")]
pub mod dom;
#[cfg(feature = "hydrate")]
pub mod drag;
#[cfg(feature = "hydrate")]
pub mod local_copy;
#[cfg(feature = "hydrate")]
pub mod menu;
pub mod model;
