//! Feed services and SQL (server only).

pub mod categories;
pub mod cursor;
pub mod follows;
pub mod lookup;
pub mod mine;
pub mod page;
pub mod queries;
pub mod syndication;
