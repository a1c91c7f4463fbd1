//! The page's one WebSocket (in the browser only): opened when something
//! first listens, told which topics the page shows, reopened with backoff
//! (1 s, 2 s, 4 s … 30 s, with jitter) after it drops, and resumed from the
//! last event id it heard so nothing in between is lost.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::timers::callback::{Interval, Timeout};
use leptos::prelude::{ArcRwSignal, Set};
use leptos::wasm_bindgen::JsCast;
use leptos::wasm_bindgen::closure::Closure;
use web_sys::{CloseEvent, Event, MessageEvent, WebSocket};

use super::types::{ClientMessage, LiveEvent, ServerMessage};

pub type Handler = Rc<dyn Fn(&LiveEvent)>;

/// A connection is given up as dead after this long without a word (the
/// server beats every 25 s).
const SILENCE_MS: f64 = 70_000.0;

struct Callbacks {
    _open: Closure<dyn FnMut(Event)>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
}

#[derive(Default)]
struct Hub {
    socket: RefCell<Option<WebSocket>>,
    callbacks: RefCell<Option<Callbacks>>,
    open: Cell<bool>,
    started: Cell<bool>,
    /// Topic → how many components want it.
    watched: RefCell<BTreeMap<String, usize>>,
    handlers: RefCell<Vec<(u64, Handler)>>,
    presence: RefCell<BTreeMap<String, ArcRwSignal<Option<i64>>>>,
    next_handler: Cell<u64>,
    last_id: Cell<Option<i64>>,
    attempts: Cell<u32>,
    heard_at: Cell<f64>,
    pending_watch: RefCell<Option<Timeout>>,
    reconnect: RefCell<Option<Timeout>>,
    watchdog: RefCell<Option<Interval>>,
}

thread_local! {
    static HUB: Hub = Hub::default();
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Marks the document with the connection's state (`open`, `ready`,
/// `closed`), for styles and for tests.
fn mark(state: &str) {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-live", state);
    }
}

/// When the server drew this page, from its `<meta name="sparkle-rendered">`.
fn rendered_ms() -> Option<i64> {
    leptos::prelude::document()
        .query_selector("meta[name=sparkle-rendered]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .and_then(|v| v.parse().ok())
}

fn start() {
    let first = HUB.with(|hub| !hub.started.replace(true));
    if !first {
        return;
    }
    connect();
    let watchdog = Interval::new(15_000, || {
        let dead = HUB.with(|hub| hub.open.get() && now() - hub.heard_at.get() > SILENCE_MS);
        if dead && let Some(socket) = HUB.with(|hub| hub.socket.borrow().clone()) {
            let _ = socket.close();
        }
    });
    HUB.with(|hub| *hub.watchdog.borrow_mut() = Some(watchdog));
}

fn connect() {
    let location = leptos::prelude::window().location();
    let scheme = match location.protocol().as_deref() {
        Ok("https:") => "wss",
        _ => "ws",
    };
    let Ok(host) = location.host() else { return };
    let Ok(socket) = WebSocket::new(&format!("{scheme}://{host}{}", crate::routes::LIVE)) else {
        schedule_reconnect();
        return;
    };
    let on_open = Closure::<dyn FnMut(Event)>::new(|_| {
        HUB.with(|hub| {
            hub.open.set(true);
            hub.attempts.set(0);
            hub.heard_at.set(now());
        });
        mark("open");
        send_watch();
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        HUB.with(|hub| hub.heard_at.set(now()));
        let Some(text) = event.data().as_string() else {
            return;
        };
        match serde_json::from_str::<ServerMessage>(&text) {
            Ok(message) => receive(message),
            Err(err) => leptos::logging::warn!("live: unreadable message: {err}"),
        }
    });
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(|_| {
        HUB.with(|hub| {
            hub.open.set(false);
            hub.socket.borrow_mut().take();
        });
        mark("closed");
        schedule_reconnect();
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    HUB.with(|hub| {
        *hub.socket.borrow_mut() = Some(socket);
        *hub.callbacks.borrow_mut() = Some(Callbacks {
            _open: on_open,
            _message: on_message,
            _close: on_close,
        });
    });
}

fn schedule_reconnect() {
    let attempts = HUB.with(|hub| hub.attempts.replace(hub.attempts.get().saturating_add(1)));
    let ceiling = (1_000.0 * 2f64.powi(attempts.min(5) as i32)).min(30_000.0);
    let wait = ceiling * (0.5 + js_sys::Math::random() * 0.5);
    let timer = Timeout::new(wait as u32, || {
        HUB.with(|hub| hub.reconnect.borrow_mut().take());
        connect();
    });
    HUB.with(|hub| *hub.reconnect.borrow_mut() = Some(timer));
}

fn receive(message: ServerMessage) {
    match message {
        ServerMessage::Event(event) => {
            HUB.with(|hub| {
                hub.last_id.set(Some(
                    hub.last_id.get().map_or(event.id, |l| l.max(event.id)),
                ));
            });
            // Handlers may add or remove handlers: call a copy of the list.
            let handlers: Vec<Handler> = HUB.with(|hub| {
                hub.handlers
                    .borrow()
                    .iter()
                    .map(|(_, h)| h.clone())
                    .collect()
            });
            for handler in handlers {
                handler(&event);
            }
        }
        ServerMessage::Ready { head } => {
            HUB.with(|hub| {
                hub.last_id
                    .set(Some(hub.last_id.get().map_or(head, |l| l.max(head))))
            });
            mark("ready");
        }
        ServerMessage::Presence { topic, count } => {
            let signal = HUB.with(|hub| hub.presence.borrow().get(&topic).cloned());
            if let Some(signal) = signal {
                signal.set(Some(count));
            }
        }
        ServerMessage::Beat => {}
    }
}

/// Sends the watched topics soon (changes made together go as one message).
fn schedule_watch() {
    HUB.with(|hub| {
        if hub.pending_watch.borrow().is_some() {
            return;
        }
        *hub.pending_watch.borrow_mut() = Some(Timeout::new(30, || {
            HUB.with(|hub| hub.pending_watch.borrow_mut().take());
            send_watch();
        }));
    });
}

fn send_watch() {
    let (socket, message) = HUB.with(|hub| {
        let since = hub.last_id.get();
        let message = ClientMessage::Watch {
            topics: hub.watched.borrow().keys().cloned().collect(),
            since,
            rendered_ms: since.is_none().then(rendered_ms).flatten(),
        };
        (
            hub.socket.borrow().clone().filter(|_| hub.open.get()),
            message,
        )
    });
    if let (Some(socket), Ok(text)) = (socket, serde_json::to_string(&message)) {
        let _ = socket.send_with_str(&text);
    }
}

pub fn watch(topic: &str) {
    let added = HUB.with(|hub| {
        let mut watched = hub.watched.borrow_mut();
        let n = watched.entry(topic.to_owned()).or_default();
        *n += 1;
        *n == 1
    });
    start();
    if added {
        schedule_watch();
    }
}

pub fn unwatch(topic: &str) {
    let removed = HUB.with(|hub| {
        let mut watched = hub.watched.borrow_mut();
        match watched.get_mut(topic) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                watched.remove(topic);
                hub.presence.borrow_mut().remove(topic);
                true
            }
            None => false,
        }
    });
    if removed {
        schedule_watch();
    }
}

pub fn on_event(handler: Handler) -> u64 {
    let id = HUB.with(|hub| {
        let id = hub.next_handler.get() + 1;
        hub.next_handler.set(id);
        hub.handlers.borrow_mut().push((id, handler));
        id
    });
    start();
    id
}

pub fn off(id: u64) {
    HUB.with(|hub| hub.handlers.borrow_mut().retain(|(h, _)| *h != id));
}

pub fn presence(topic: &str) -> ArcRwSignal<Option<i64>> {
    HUB.with(|hub| {
        hub.presence
            .borrow_mut()
            .entry(topic.to_owned())
            .or_insert_with(|| ArcRwSignal::new(None))
            .clone()
    })
}
