//! Notifications (C7): raised in the transaction of what caused them,
//! grouped while unread ("Ana and 12 others…"), shown in the centre with
//! its unread count; @mentions in posts and comments.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
