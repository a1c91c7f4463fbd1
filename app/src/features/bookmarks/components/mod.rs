//! The post page's Save and Share menus, the Bookmarks page and public folders.

mod menus;
mod page;

pub use menus::{BookmarkMenu, ShareMenu};
pub use page::{BookmarksPage, PublicFolderPage};
