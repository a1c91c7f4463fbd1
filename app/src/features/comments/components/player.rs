//! The post's YouTube player, driven through the IFrame API's messages
//! (the embed has `enablejsapi=1`): seeking to a comment's moment, and
//! reading the time it is at so a comment can be pinned to it. Without
//! JavaScript the moment links reload the page with the player started
//! there (`?t=83#video`).

/// Seeks the post's player to `seconds` and plays, bringing it into view
/// when `scroll`; false when there is no player to drive (the link then
/// navigates as a plain link).
#[cfg(feature = "hydrate")]
pub fn seek(seconds: u32, scroll: bool) -> bool {
    imp::seek(seconds, scroll)
}

/// Starts listening to the player's reports (its current time).
pub fn listen() {
    #[cfg(feature = "hydrate")]
    imp::listen();
}

/// Where the player is, in whole seconds, once it has reported.
pub fn current_time() -> Option<u32> {
    #[cfg(feature = "hydrate")]
    {
        imp::current_time()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

#[cfg(feature = "hydrate")]
mod imp {
    use std::cell::Cell;

    use leptos::prelude::document;
    use leptos::wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use leptos::web_sys::{HtmlIFrameElement, MessageEvent};

    const ORIGIN: &str = "https://www.youtube-nocookie.com";

    thread_local! {
        static TIME: Cell<Option<f64>> = const { Cell::new(None) };
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }

    fn player() -> Option<HtmlIFrameElement> {
        document()
            .query_selector("#video iframe, .prose-post iframe[src*='youtube-nocookie.com/embed/']")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlIFrameElement>().ok())
    }

    fn send(frame: &HtmlIFrameElement, message: &str) {
        if let Some(window) = frame.content_window() {
            let _ = window.post_message(&JsValue::from_str(message), ORIGIN);
        }
    }

    pub fn seek(seconds: u32, scroll: bool) -> bool {
        let Some(frame) = player() else {
            return false;
        };
        send(
            &frame,
            &format!(r#"{{"event":"command","func":"seekTo","args":[{seconds},true]}}"#),
        );
        send(
            &frame,
            r#"{"event":"command","func":"playVideo","args":[]}"#,
        );
        if scroll {
            frame.scroll_into_view();
        }
        TIME.with(|t| t.set(Some(f64::from(seconds))));
        true
    }

    pub fn current_time() -> Option<u32> {
        TIME.with(Cell::get)
            .filter(|t| t.is_finite() && *t >= 0.0)
            .map(|t| {
                // Whole seconds of a video (at most a day): fits a u32.
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "checked range"
                )]
                let whole = t.floor().min(86_400.0) as u32;
                whole
            })
    }

    pub fn listen() {
        if LISTENING.with(|l| l.replace(true)) {
            // Ask the player again: the page may have a new one.
            hello();
            return;
        }
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
            if event.origin() != ORIGIN {
                return;
            }
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                return;
            };
            if let Some(time) = value
                .get("info")
                .and_then(|info| info.get("currentTime"))
                .and_then(serde_json::Value::as_f64)
            {
                TIME.with(|t| t.set(Some(time)));
            }
        });
        let _ = leptos::prelude::window()
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        // Lives as long as the page.
        on_message.forget();
        hello();
    }

    /// The IFrame API's handshake: after it, the player reports its state.
    fn hello() {
        if let Some(frame) = player() {
            let send_hello = {
                let frame = frame.clone();
                move || {
                    send(
                        &frame,
                        r#"{"event":"listening","id":"sparkle","channel":"widget"}"#,
                    )
                }
            };
            send_hello();
            // The player may still be loading: say it again when it has.
            let again = Closure::<dyn Fn()>::new(send_hello);
            let _ = frame.add_event_listener_with_callback("load", again.as_ref().unchecked_ref());
            again.forget();
        }
    }
}
