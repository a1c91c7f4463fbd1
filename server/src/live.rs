//! The live channel: a WebSocket per open page (`GET /live`), fed by the
//! events the app writes to `realtime_events` (`app::features::live::ssr`).
//!
//! Fan-out across instances goes through PostgreSQL: the row's trigger
//! notifies `sparkle_events` with "<id> <topic>" at commit; every instance
//! LISTENs, and an instance with pages watching that topic reads the row
//! once and hands the same bytes to each of them. After its listening
//! connection drops, an instance catches up from the last id it passed on;
//! a page that reconnects sends the last id it heard and gets what it
//! missed. Presence ("12 fans reading now") is the `presence` table: one
//! row per open socket, refreshed by its instance, so counts cover every
//! instance.
//!
//! Nothing starts until the first socket opens.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use app::features::live::types::{ClientMessage, ServerMessage, user_topic, watchable};
use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use http::{HeaderMap, StatusCode, header};
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::{mpsc, watch};
use tower_sessions::Session;
use uuid::Uuid;

use crate::state::AppState;

/// The PostgreSQL channel events are announced on (see the migration).
pub const CHANNEL: &str = "sparkle_events";
/// Topics one page may watch at once.
const MAX_TOPICS: usize = 16;
/// Events replayed at most when a page (re)connects.
const MAX_REPLAY: i64 = 500;
/// A page is told the server is alive this often.
const BEAT: Duration = Duration::from_secs(25);
/// Instances refresh their presence rows this often; rows older than
/// [`STALE`] belong to connections that are gone (an instance that died).
const REFRESH: Duration = Duration::from_secs(15);
const STALE: &str = "90 seconds";
/// Messages waiting for a slow page before it is disconnected (it resumes
/// where it left off when it reconnects).
const QUEUE: usize = 256;

/// The instance's live hub, shared through `AppState`.
#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    pool: PgPool,
    instance: Uuid,
    started: OnceLock<()>,
    stop: watch::Sender<bool>,
    hub: Mutex<Hub>,
}

#[derive(Default)]
struct Hub {
    /// Topic → the connections watching it.
    topics: HashMap<String, HashMap<Uuid, Conn>>,
    /// The reader counts last sent per post topic.
    counts: HashMap<String, i64>,
    /// Post topics whose readers changed here since they were last counted:
    /// counted together within a second, so a thousand pages opening at once
    /// cost one count, not a thousand.
    dirty: std::collections::HashSet<String>,
}

/// One socket as the hub sees it: where its messages go, and how to tell
/// it that it fell too far behind.
#[derive(Clone)]
struct Conn {
    tx: mpsc::Sender<Utf8Bytes>,
    kick: Arc<tokio::sync::Notify>,
}

impl Live {
    pub fn new(pool: PgPool) -> Self {
        Self {
            inner: Arc::new(Inner {
                pool,
                instance: Uuid::new_v4(),
                started: OnceLock::new(),
                stop: watch::Sender::new(false),
                hub: Mutex::new(Hub::default()),
            }),
        }
    }

    fn hub(&self) -> MutexGuard<'_, Hub> {
        self.inner
            .hub
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts listening and keeping presence, once.
    fn start(&self) {
        self.inner.started.get_or_init(|| {
            tokio::spawn(listen(self.clone()));
            tokio::spawn(keep_presence(self.clone()));
        });
    }

    /// Closes every socket (the server is stopping); pages reconnect to
    /// another instance, or to this one when it is back.
    pub fn close(&self) {
        self.inner.stop.send_replace(true);
    }

    /// Open sockets on this instance (each counted once per topic it watches).
    pub fn watchers(&self, topic: &str) -> usize {
        self.hub().topics.get(topic).map_or(0, HashMap::len)
    }

    fn subscribe(&self, id: Uuid, topics: &BTreeSet<String>, conn: &Conn) {
        let mut hub = self.hub();
        for topic in topics {
            hub.topics
                .entry(topic.clone())
                .or_default()
                .insert(id, conn.clone());
        }
    }

    fn unsubscribe(&self, id: Uuid, topics: &BTreeSet<String>) {
        let mut hub = self.hub();
        for topic in topics {
            if let Some(conns) = hub.topics.get_mut(topic) {
                conns.remove(&id);
                if conns.is_empty() {
                    hub.topics.remove(topic);
                    hub.counts.remove(topic);
                }
            }
        }
    }

    /// Notes that the readers of `topics` changed (counted within a second).
    fn readers_changed(&self, topics: impl IntoIterator<Item = String>) {
        self.hub().dirty.extend(topics);
    }

    fn watched_topics(&self) -> Vec<String> {
        self.hub().topics.keys().cloned().collect()
    }

    /// Hands `text` to every connection watching `topic`; a connection too
    /// far behind is dropped (its page reconnects and resumes).
    fn send(&self, topic: &str, text: &Utf8Bytes) {
        let hub = self.hub();
        let Some(conns) = hub.topics.get(topic) else {
            return;
        };
        let mut delivered = 0u64;
        for conn in conns.values() {
            match conn.tx.try_send(text.clone()) {
                Ok(()) => delivered += 1,
                // Its page reconnects and resumes from the last id it heard.
                Err(mpsc::error::TrySendError::Full(_)) => conn.kick.notify_one(),
                Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
        }
        metrics::counter!("live_messages_sent_total").increment(delivered);
    }

    /// Counts the readers of each post topic in `topics` across instances
    /// and tells this instance's pages when the number changed.
    async fn push_presence(&self, topics: &[String]) {
        let topics: Vec<String> = topics
            .iter()
            .filter(|t| t.starts_with("post:"))
            .cloned()
            .collect();
        if topics.is_empty() {
            return;
        }
        let rows = sqlx::query!(
            r#"select t.topic as "topic!", count(distinct coalesce(p.user_id::text, p.connection_id::text)) as "n!"
               from unnest($1::text[]) as t(topic)
               left join presence p on p.topic = t.topic and p.seen_at > now() - $2::text::interval
               group by t.topic"#,
            &topics,
            STALE,
        )
        .fetch_all(&self.inner.pool)
        .await;
        let rows = match rows {
            Ok(rows) => rows,
            Err(err) => {
                tracing::warn!(error = %err, "counting readers failed");
                return;
            }
        };
        for row in rows {
            let changed = {
                let mut hub = self.hub();
                hub.topics.contains_key(&row.topic)
                    && hub.counts.insert(row.topic.clone(), row.n) != Some(row.n)
            };
            if changed {
                let message = ServerMessage::Presence {
                    topic: row.topic.clone(),
                    count: row.n,
                };
                if let Ok(text) = serde_json::to_string(&message) {
                    self.send(&row.topic, &Utf8Bytes::from(text));
                }
            }
        }
    }
}

/// `GET /live`: upgrades to the page's WebSocket. Only pages of this site
/// may open one (a browser always says where the page came from); the
/// session says who is there, and a signed-in person hears their own topic.
pub async fn socket(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !same_site(&headers, &state.config.public_url) {
        return (StatusCode::FORBIDDEN, "Cross-site connection refused.").into_response();
    }
    let user = match app::auth::viewer_of(&session, &state.pool).await {
        Ok(viewer) => viewer.map(|v| v.id),
        Err(err) => {
            tracing::warn!(error = %err, "live: reading the session failed");
            None
        }
    };
    let live = state.live.clone();
    live.start();
    // Small buffers: a page sends a few short messages, and ten thousand
    // idle sockets should not each hold tungstenite's default 128 KiB.
    upgrade
        .max_message_size(16 * 1024)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .on_upgrade(move |socket| connection(live, socket, user))
}

fn same_site(headers: &HeaderMap, public_url: &str) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    match text(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = text(header::HOST).unwrap_or("");
            let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
            origin == public_url.trim_end_matches('/') || (!host.is_empty() && origin_host == host)
        }
    }
}

/// One page's socket, from open to close.
async fn connection(live: Live, socket: WebSocket, user: Option<Uuid>) {
    let id = Uuid::new_v4();
    let pool = live.inner.pool.clone();
    let (tx, mut rx) = mpsc::channel::<Utf8Bytes>(QUEUE);
    let conn = Conn {
        tx,
        kick: Arc::new(tokio::sync::Notify::new()),
    };
    let kick = conn.kick.clone();
    let (mut sink, mut stream) = socket.split();
    let own: BTreeSet<String> = user.map(user_topic).into_iter().collect();
    let mut topics = own.clone();
    live.subscribe(id, &topics, &conn);
    metrics::gauge!("live_connections").increment(1.0);
    if let Err(err) = sqlx::query!(
        "insert into presence (connection_id, instance_id, user_id) values ($1, $2, $3)",
        id,
        live.inner.instance,
        user
    )
    .execute(&pool)
    .await
    {
        tracing::warn!(error = %err, "live: recording presence failed");
    }
    let mut reading: Option<String> = None;
    let mut watched_once = false;
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + BEAT, BEAT);
    let mut stop = live.inner.stop.subscribe();
    let beat_text =
        Utf8Bytes::from(serde_json::to_string(&ServerMessage::Beat).unwrap_or_default());
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(ClientMessage::Watch { topics: asked, since, rendered_ms }) =
                    serde_json::from_str::<ClientMessage>(text.as_str())
                else {
                    let _ = sink.send(Message::Close(Some(CloseFrame { code: 1003, reason: "unreadable message".into() }))).await;
                    break;
                };
                let wanted: BTreeSet<String> = asked
                    .into_iter()
                    .filter(|t| watchable(t))
                    .take(MAX_TOPICS)
                    .chain(own.iter().cloned())
                    .collect();
                let added: Vec<String> = wanted.difference(&topics).cloned().collect();
                let removed: BTreeSet<String> = topics.difference(&wanted).cloned().collect();
                live.unsubscribe(id, &removed);
                live.subscribe(id, &wanted, &conn);
                // What this page may have missed: after a reconnect, every
                // event since the last it heard; on first connecting, what
                // happened since the server drew the page; for a topic added
                // later, the last few seconds (events carry states, so
                // hearing one twice is harmless).
                let replay = if watched_once {
                    replay_recent(&pool, &added).await
                } else {
                    let all: Vec<String> = wanted.iter().cloned().collect();
                    replay_from(&pool, &all, since, rendered_ms).await
                };
                watched_once = true;
                topics = wanted;
                let now_reading = topics.iter().find(|t| t.starts_with("post:")).cloned();
                if now_reading != reading {
                    let _ = sqlx::query!(
                        "update presence set topic = $2, seen_at = now() where connection_id = $1",
                        id,
                        now_reading
                    )
                    .execute(&pool)
                    .await;
                    let changed: Vec<String> = reading.iter().chain(now_reading.iter()).cloned().collect();
                    reading = now_reading;
                    // A new page hears the count even when it did not change.
                    if let Some(topic) = &reading {
                        live.hub().counts.remove(topic);
                    }
                    live.readers_changed(changed);
                }
                let mut failed = false;
                for text in replay.unwrap_or_else(|err| {
                    tracing::warn!(error = %err, "live: replay failed");
                    Vec::new()
                }) {
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        failed = true;
                        break;
                    }
                }
                let head = sqlx::query_scalar!(r#"select coalesce(max(id), 0) as "head!" from realtime_events"#)
                    .fetch_one(&pool)
                    .await
                    .unwrap_or(0);
                let ready = serde_json::to_string(&ServerMessage::Ready { head }).unwrap_or_default();
                if failed || sink.send(Message::Text(ready.into())).await.is_err() {
                    break;
                }
            }
            Some(text) = rx.recv() => {
                if sink.send(Message::Text(text)).await.is_err() {
                    break;
                }
            }
            _ = beat.tick() => {
                if sink.send(Message::Text(beat_text.clone())).await.is_err() {
                    break;
                }
            }
            () = kick.notified() => {
                let _ = sink.send(Message::Close(Some(CloseFrame { code: 1013, reason: "too far behind".into() }))).await;
                break;
            }
            _ = stop.changed() => {
                let _ = sink.send(Message::Close(Some(CloseFrame { code: 1012, reason: "restarting".into() }))).await;
                break;
            }
        }
    }
    live.unsubscribe(id, &topics);
    metrics::gauge!("live_connections").decrement(1.0);
    let _ = sqlx::query!("delete from presence where connection_id = $1", id)
        .execute(&pool)
        .await;
    live.readers_changed(reading);
}

/// The events of `topics` a page missed: after `since` (a reconnect), or
/// since the server drew it (`rendered_ms`, at most ten minutes back).
/// Event ids are taken when a row is written, not when it commits, so an id
/// below `since` may commit after it: the last 30 seconds are sent again too
/// (events carry states, so hearing one twice is harmless). Read in pages,
/// up to 5,000 events.
async fn replay_from(
    pool: &PgPool,
    topics: &[String],
    since: Option<i64>,
    rendered_ms: Option<i64>,
) -> sqlx::Result<Vec<String>> {
    if topics.is_empty() || (since.is_none() && rendered_ms.is_none()) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut cursor = 0_i64;
    loop {
        let rows = sqlx::query!(
            r#"select id, json_build_object('type', 'event', 'id', id, 'topic', topic, 'kind', kind, 'data', payload)::text as "text!"
               from realtime_events
               where topic = any($1) and id > $4
                 and case when $2::bigint is not null
                       then id > $2 or created_at > now() - interval '30 seconds'
                       else created_at >= greatest(to_timestamp($3::float8 / 1000) - interval '2 seconds',
                                                   now() - interval '10 minutes')
                     end
               order by id limit $5"#,
            topics,
            since,
            rendered_ms.map(|ms| ms as f64),
            cursor,
            MAX_REPLAY
        )
        .fetch_all(pool)
        .await?;
        let full = rows.len() as i64 == MAX_REPLAY;
        if let Some(last) = rows.last() {
            cursor = last.id;
        }
        out.extend(rows.into_iter().map(|r| r.text));
        if !full || out.len() >= 10 * MAX_REPLAY as usize {
            return Ok(out);
        }
    }
}

async fn replay_recent(pool: &PgPool, topics: &[String]) -> sqlx::Result<Vec<String>> {
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_scalar!(
        r#"select json_build_object('type', 'event', 'id', id, 'topic', topic, 'kind', kind, 'data', payload)::text as "text!"
           from realtime_events where topic = any($1) and created_at > now() - interval '10 seconds'
           order by id limit $2"#,
        topics,
        MAX_REPLAY
    )
    .fetch_all(pool)
    .await
}

/// Hears every instance's events and passes on those some page here watches.
async fn listen(live: Live) {
    let pool = live.inner.pool.clone();
    // The last event passed on: after the listening connection drops, what
    // came after it is read back from the table.
    let mut last: Option<i64> = None;
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(err) => {
                tracing::warn!(error = %err, "live: could not connect to listen; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(err) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %err, "live: LISTEN failed; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        catch_up(&live, &mut last).await;
        tracing::debug!(?last, "live: listening");
        loop {
            match listener.try_recv().await {
                Ok(Some(note)) => {
                    let Some((id, topic)) = note.payload().split_once(' ') else {
                        continue;
                    };
                    let Ok(id) = id.parse::<i64>() else { continue };
                    last = Some(last.map_or(id, |l| l.max(id)));
                    if live.watchers(topic) == 0 {
                        continue;
                    }
                    match event_text(&pool, id).await {
                        Ok(Some(text)) => live.send(topic, &Utf8Bytes::from(text)),
                        Ok(None) => {}
                        Err(err) => {
                            tracing::warn!(error = %err, id, "live: reading an event failed")
                        }
                    }
                }
                // The connection dropped: connect and LISTEN again, then read
                // what was announced meanwhile from the table.
                Ok(None) => {
                    tracing::warn!("live: listening connection lost; listening again");
                    break;
                }
                Err(err) => {
                    tracing::warn!(error = %err, "live: listening failed; starting again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}

async fn event_text(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        r#"select json_build_object('type', 'event', 'id', id, 'topic', topic, 'kind', kind, 'data', payload)::text as "text!"
           from realtime_events where id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
}

/// Passes on the events after `last` (or starts from the newest).
async fn catch_up(live: &Live, last: &mut Option<i64>) {
    let pool = &live.inner.pool;
    let Some(after) = *last else {
        *last =
            sqlx::query_scalar!(r#"select coalesce(max(id), 0) as "head!" from realtime_events"#)
                .fetch_one(pool)
                .await
                .ok();
        return;
    };
    let topics = live.watched_topics();
    let mut after = after;
    loop {
        let rows = sqlx::query!(
            r#"select id, topic, json_build_object('type', 'event', 'id', id, 'topic', topic, 'kind', kind, 'data', payload)::text as "text!"
               from realtime_events where id > $1 and topic = any($2) order by id limit $3"#,
            after,
            &topics,
            MAX_REPLAY
        )
        .fetch_all(pool)
        .await;
        let rows = match rows {
            Ok(rows) => rows,
            Err(err) => {
                tracing::warn!(error = %err, "live: catching up failed");
                return;
            }
        };
        let full = rows.len() as i64 == MAX_REPLAY;
        for row in rows {
            after = row.id;
            *last = Some(row.id);
            live.send(&row.topic, &Utf8Bytes::from(row.text));
        }
        if !full {
            return;
        }
    }
}

/// Keeps this instance's presence rows fresh and the "last seen" of the
/// people connected here current, clears rows of connections that are gone
/// (on any instance), and re-counts readers for the pages here: every 15 s
/// all of them (others' pages come and go too), every second those whose
/// readers changed here.
async fn keep_presence(live: Live) {
    let pool = live.inner.pool.clone();
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + REFRESH, REFRESH);
    let mut soon = tokio::time::interval(Duration::from_secs(1));
    soon.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut stop = live.inner.stop.subscribe();
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = soon.tick() => {
                let dirty: Vec<String> = live.hub().dirty.drain().collect();
                live.push_presence(&dirty).await;
                continue;
            }
            _ = stop.changed() => break,
        }
        let refreshed = async {
            let mut tx = pool.begin().await?;
            sqlx::query!(
                "update presence set seen_at = now() where instance_id = $1",
                live.inner.instance
            )
            .execute(&mut *tx)
            .await?;
            sqlx::query!(
                "update users set last_seen_at = now()
                 where id in (select user_id from presence where instance_id = $1 and user_id is not null)
                   and (last_seen_at is null or last_seen_at < now() - interval '1 minute')",
                live.inner.instance
            )
            .execute(&mut *tx)
            .await?;
            sqlx::query!(
                "delete from presence where seen_at < now() - $1::text::interval",
                STALE
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }
        .await;
        if let Err(err) = refreshed {
            tracing::warn!(error = %err, "live: refreshing presence failed");
        }
        let topics = live.watched_topics();
        live.push_presence(&topics).await;
    }
    let _ = sqlx::query!(
        "delete from presence where instance_id = $1",
        live.inner.instance
    )
    .execute(&pool)
    .await;
}
