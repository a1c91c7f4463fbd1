//! Product capabilities, one folder each (see docs/ARCHITECTURE.md).

pub mod accounts;
pub mod activity;
pub mod bookmarks;
pub mod comments;
pub mod editor;
pub mod feeds;
pub mod live;
pub mod mail;
pub mod media;
pub mod notifications;
pub mod posts;
pub mod profiles;
pub mod reactions;
pub mod site;
pub mod theme;
