//! The comment section of a post, a thread's own page and a comment's
//! history.

mod form;
mod heat;
mod history_page;
mod item;
mod player;
mod section;
mod store;
mod thread_page;

pub use history_page::CommentHistoryPage;
pub use section::CommentsSection;
pub use thread_page::CommentThreadPage;

use leptos::prelude::*;

/// This page's address with some query parameters set (`Some`) or removed
/// (`None`), the others kept.
pub(crate) fn query_href(changes: &[(&'static str, Option<String>)]) -> Signal<String> {
    let query = crate::request::page_query();
    let path = crate::request::page_path();
    let changes = changes.to_vec();
    Signal::derive(move || {
        let mut pairs: Vec<(String, String)> = query
            .iter()
            .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
            .cloned()
            .collect();
        for (key, value) in &changes {
            if let Some(value) = value {
                pairs.push(((*key).to_owned(), value.clone()));
            }
        }
        if pairs.is_empty() {
            path.clone()
        } else {
            let query: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect();
            format!("{path}?{}", query.join("&"))
        }
    })
}

/// Percent-encodes a query component.
fn encode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
