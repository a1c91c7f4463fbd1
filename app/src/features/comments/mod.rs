//! Comments (C6): threaded conversations under posts with replies to any
//! depth (shown to `MAX_DEPTH`, then "continue this thread"), top/new/old
//! order, edits with their history, soft deletion that keeps the thread's
//! shape, pinned and featured comments, moments of the post's video that
//! seek its player, and the timeline heat strip.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
