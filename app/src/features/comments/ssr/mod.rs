//! Comment rules, storage and reading.

pub mod access;
pub mod format;
pub mod heat;
pub mod read;
pub mod write;
