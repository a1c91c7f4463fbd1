//! Live updates (C7 real-time): pages hear of new comments, reaction
//! counts, their unread notifications, new posts and how many people are
//! reading, over one WebSocket per page (`server::live` serves it). Pages
//! never depend on it: everything they show is drawn by the server first
//! and every action is a plain form post; the socket only keeps an open
//! page current.
//!
//! The hooks below work in components: what they register lasts as long
//! as the component. On the server they do nothing.

#[cfg(feature = "hydrate")]
mod client;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;

use leptos::prelude::*;

pub use types::LiveEvent;

/// Keeps `topic` watched while the calling component lives.
pub fn watch(topic: String) {
    #[cfg(feature = "hydrate")]
    {
        client::watch(&topic);
        on_cleanup(move || client::unwatch(&topic));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = topic;
}

/// Calls `handler` with every event the page hears while the calling
/// component lives.
pub fn on_event(handler: impl Fn(&LiveEvent) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let id = client::on_event(std::rc::Rc::new(handler));
        on_cleanup(move || client::off(id));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = handler;
}

/// How many people have `topic` open (`None` until the server says).
pub fn presence(topic: &str) -> ArcRwSignal<Option<i64>> {
    #[cfg(feature = "hydrate")]
    {
        client::presence(topic)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = topic;
        ArcRwSignal::new(None)
    }
}
