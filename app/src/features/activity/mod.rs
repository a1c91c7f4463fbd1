//! The activity stream (C10): what people do (publish, comment, follow…),
//! recorded with who may see it, and the "Following" feed of the people
//! one follows.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
