//! Reports how long a reader stayed on a post and how far they scrolled:
//! when the page is hidden or left, the browser sends one beacon to
//! `/api/post_read` (it survives the page closing). Without JavaScript
//! only the view itself is counted.

use leptos::prelude::*;
use uuid::Uuid;

/// Measures the reading of `post` (an island that draws nothing: in the
/// browser it listens until the page is hidden or left), and counts the
/// reader among the post's live readers from the start (the comment
/// section, which shows that number, hydrates only when scrolled near).
#[island]
pub fn ReadBeacon(post: Uuid) -> impl IntoView {
    crate::features::live::watch(crate::features::live::types::post_topic(post));
    #[cfg(feature = "hydrate")]
    browser::measure(post);
    #[cfg(not(feature = "hydrate"))]
    let _ = post;
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use std::rc::Rc;

    use gloo::events::EventListener;
    use leptos::prelude::*;
    use uuid::Uuid;

    use crate::features::posts::api::RecordRead;

    pub fn measure(post: Uuid) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let started = js_sys::Date::now();
        let depth = Rc::new(Cell::new(scrolled(&window)));
        let scroll = {
            let depth = depth.clone();
            let window = window.clone();
            EventListener::new(&window.clone(), "scroll", move |_| {
                depth.set(depth.get().max(scrolled(&window)));
            })
        };
        let report = {
            let window = window.clone();
            // Every report carries the whole time since the post opened (the
            // server keeps the largest), so hiding the tab twice is fine.
            move || {
                let seconds = ((js_sys::Date::now() - started) / 1000.0).round() as i32;
                send(&window, post, seconds, depth.get());
            }
        };
        let hidden = {
            let report = report.clone();
            let Some(document) = window.document() else {
                return;
            };
            EventListener::new(&document.clone(), "visibilitychange", move |_| {
                if document.visibility_state() == web_sys::VisibilityState::Hidden {
                    report();
                }
            })
        };
        let leave = {
            let report = report.clone();
            EventListener::new(&window, "pagehide", move |_| report())
        };
        // Every link is a page load (islands), so the listeners live as
        // long as the page.
        std::mem::forget((scroll, hidden, leave));
    }

    /// How far down the page the reader has seen, 0 to 100.
    fn scrolled(window: &web_sys::Window) -> f64 {
        let Some(root) = window.document().and_then(|d| d.document_element()) else {
            return 0.0;
        };
        let height = f64::from(root.scroll_height());
        let seen = window.scroll_y().unwrap_or(0.0)
            + window
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0);
        if height <= 0.0 {
            return 0.0;
        }
        (seen / height * 100.0).clamp(0.0, 100.0)
    }

    fn send(window: &web_sys::Window, post: Uuid, seconds: i32, depth: f64) {
        use server_fn::ServerFn;
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return;
        };
        params.append("post_id", &post.to_string());
        params.append("seconds", &seconds.clamp(0, 6 * 3600).to_string());
        params.append("depth", &format!("{depth:.1}"));
        let _ = window
            .navigator()
            .send_beacon_with_opt_url_search_params(RecordRead::PATH, Some(&params));
    }
}
