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
use leptos_router::hooks::{use_location, use_query_map};

/// This page's address with some query parameters set (`Some`) or removed
/// (`None`), the others kept.
pub(crate) fn query_href(changes: &[(&'static str, Option<String>)]) -> Signal<String> {
    let query = use_query_map();
    let location = use_location();
    let changes = changes.to_vec();
    Signal::derive(move || {
        let mut pairs: Vec<(String, String)> = query
            .get()
            .into_iter()
            .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        for (key, value) in &changes {
            if let Some(value) = value {
                pairs.push(((*key).to_owned(), value.clone()));
            }
        }
        let path = location.pathname.get();
        if pairs.is_empty() {
            path
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
