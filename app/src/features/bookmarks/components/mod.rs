//! The post page's Save and Share menus, the Bookmarks page and public folders.

mod menus;
mod page;

pub use menus::{BookmarkMenu, ShareMenu};
pub use page::{BookmarksPage, PublicFolderPage};

/// Percent-encodes `text` for a query value.
pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
