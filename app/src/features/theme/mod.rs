//! Light and dark themes: the choice is a cookie, so the server renders the
//! right theme on the first byte (no flash), and "system" follows the device.

pub mod api;
pub mod components;
pub mod types;

pub use types::{THEME_COOKIE, Theme};
