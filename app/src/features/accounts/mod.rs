//! Accounts and security (C2): sign-up with email verification, sign-in with
//! server-side sessions, password reset and change, session management,
//! login history and alerts. The guard every server function uses lives in
//! `crate::auth`.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
