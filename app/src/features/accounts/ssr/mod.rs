//! Account services and SQL: sign-up, sign-in, sessions, recovery, limits.

pub mod admin;
pub mod alerts;
pub mod client;
pub mod deletion;
pub mod limits;
pub mod mails;
pub mod oidc;
pub mod passwords;
pub mod recovery;
pub mod sessions;
pub mod signin;
pub mod signup;
pub mod tokens;
pub mod two_factor;
pub mod users;
