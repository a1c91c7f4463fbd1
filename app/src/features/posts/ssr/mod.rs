//! Post services and SQL (server only).

pub mod autosave;
pub mod cards;
pub mod editor;
pub mod form;
pub mod read;
pub mod revisions;
pub mod schedule;
pub mod slugs;
pub mod tags;
pub mod time;
pub mod views;
pub mod visibility;
pub mod write;
