//! Mail: every message the site sends goes into the `mail_outbox` table in the
//! transaction that caused it. The server delivers it over SMTP when SMTP is
//! configured; otherwise it stays in the outbox and `/dev/mail` shows it, so a
//! person trying the app can click the link in it.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
