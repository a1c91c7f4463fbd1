//! Mail pages.

mod dev_mail;

pub use dev_mail::DevMailPage;
