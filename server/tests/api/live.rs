//! The live channel across instances: two real server processes on one
//! database; an event raised through one reaches a page connected to the
//! other, a page that was away resumes without losing events, presence
//! counts readers on both, and nobody hears another person's topic.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use sqlx::PgPool;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::comments::{publish, said};
use crate::helpers::{TestApp, Visitor};

/// A `sparkle-server` process serving the test database.
struct Instance {
    child: Child,
    port: u16,
    _site: tempfile::TempDir,
}

impl Instance {
    async fn start(pool: &PgPool) -> Self {
        let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
        let db = pool.connect_options().get_database().unwrap().to_owned();
        let (before, query) = base
            .split_once('?')
            .map_or((base.as_str(), ""), |(b, q)| (b, q));
        let root = &before[..before.rfind('/').unwrap()];
        let url = if query.is_empty() {
            format!("{root}/{db}")
        } else {
            format!("{root}/{db}?{query}")
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_sparkle-server"))
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("SPARKLE_HOST", "127.0.0.1")
            .env("SPARKLE_PORT", port.to_string())
            .env("SPARKLE_SITE_ROOT", site.path())
            .env("SPARKLE_DATA_DIR", site.path().join("data"))
            .env("SPARKLE_RUN_JOBS", "false")
            .env("SPARKLE_SEED_DEMO_DATA", "false")
            .env("SPARKLE_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env(
                "SPARKLE_LOG",
                std::env::var("LIVE_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .env_remove("SPARKLE_SMTP_URL")
            .stdout(if std::env::var_os("LIVE_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("starting sparkle-server");
        let instance = Self {
            child,
            port,
            _site: site,
        };
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return instance;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("sparkle-server did not start listening on {port}");
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Calls a server function as `who` on this instance.
    async fn call(&self, who: &Visitor<'_>, path: &str, fields: &[(&str, &str)]) -> Value {
        let cookie = who.cookie.lock().unwrap().clone().unwrap();
        let res = reqwest::Client::new()
            .post(self.url(path))
            .header("cookie", format!("sparkle_session={cookie}"))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(crate::helpers::form_encode(fields))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {body}");
        serde_json::from_str(&body).unwrap_or(Value::Null)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens the live channel on `instance` as `who` (signed out when `None`).
async fn open(
    instance: &Instance,
    who: Option<&Visitor<'_>>,
    origin: &str,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let mut request = format!("ws://127.0.0.1:{}{}", instance.port, app::routes::LIVE)
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("origin", origin.parse().unwrap());
    if let Some(cookie) = who.and_then(|w| w.cookie.lock().unwrap().clone()) {
        request.headers_mut().insert(
            "cookie",
            format!("sparkle_session={cookie}").parse().unwrap(),
        );
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

async fn watch(socket: &mut Socket, topics: &[&str], since: Option<i64>) -> i64 {
    let message = json!({ "op": "watch", "topics": topics, "since": since });
    socket
        .send(Message::text(message.to_string()))
        .await
        .unwrap();
    let ready = next(socket, |m| m["type"] == "ready").await;
    ready["head"].as_i64().unwrap()
}

/// The next message matching `wanted`, skipping others (10 s at most).
async fn next(socket: &mut Socket, wanted: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut heard = Vec::new();
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .unwrap_or_else(|_| {
                panic!("the awaited message did not arrive in 10 s; heard {heard:?}")
            })
            .expect("the socket closed")
            .unwrap();
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if wanted(&value) {
                return value;
            }
            heard.push(value);
        }
    }
}

/// Every message that arrives within `wait`.
async fn drain(socket: &mut Socket, wait: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Ok(Some(Ok(message))) = tokio::time::timeout(wait, socket.next()).await {
        if let Message::Text(text) = message {
            out.push(serde_json::from_str(text.as_str()).unwrap());
        }
    }
    out
}

async fn user_id(pool: &PgPool, username: &str) -> uuid::Uuid {
    sqlx::query_scalar("select id from users where username = $1")
        .bind(username)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn event<'a>(kind: &'a str) -> impl Fn(&Value) -> bool + 'a {
    move |m| m["type"] == "event" && m["kind"] == kind
}

#[sqlx::test(migrations = "../migrations")]
async fn events_raised_on_one_instance_reach_pages_on_another_and_resume(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, _) = publish(&pool, &cleo, "Live night", "Talk here", false).await;
    let ana = app.member("ana", "203.0.113.2").await;
    let ben = app.member("ben", "203.0.113.3").await;
    let ana_id = user_id(&pool, "ana").await;
    let cleo_id = user_id(&pool, "cleo").await;
    let first = said(&ana, &post, None, "First!").await;
    let first_id = first["id"].as_str().unwrap().to_owned();

    let a = Instance::start(&pool).await;
    let b = Instance::start(&pool).await;

    // Another site's page may not open a channel.
    let refused = open(&b, Some(&ana), "http://evil.example").await;
    assert!(refused.is_err(), "a cross-site socket was accepted");

    // Ana was last seen an hour ago; an open page keeps her "online".
    sqlx::query("update users set last_seen_at = now() - interval '1 hour' where username = 'ana'")
        .execute(&pool)
        .await
        .unwrap();

    // Ana reads the post on B; she also asks for Cleo's own topic, which
    // she must never get.
    let topic = format!("post:{post}");
    let mut ana_ws = open(&b, Some(&ana), &b.url("")).await.unwrap();
    watch(
        &mut ana_ws,
        &[&topic, "latest", &format!("user:{cleo_id}")],
        None,
    )
    .await;

    // A signed-out reader on A sees two readers (Ana on B and themself).
    let mut reader = open(&a, None, &a.url("")).await.unwrap();
    watch(&mut reader, &[&topic], None).await;
    let presence = next(&mut reader, |m| m["type"] == "presence" && m["count"] == 2).await;
    assert_eq!(presence["topic"], topic);

    // Ben comments through A; Ana, on B, hears of it with the new count.
    let reply = a
        .call(
            &ben,
            "/api/post_comment",
            &[
                ("post_id", &post),
                ("parent_id", &first_id),
                ("body", "Replying from instance A"),
                ("moment", ""),
            ],
        )
        .await;
    let reply_id = reply["id"].as_str().unwrap().to_owned();
    // The reply also notified Ana: her bell hears the new unread count
    // (written first, in the same transaction, so it comes first).
    let unread = next(&mut ana_ws, event("unread")).await;
    let heard = next(&mut ana_ws, event("comment")).await;
    assert_eq!(heard["topic"], topic);
    assert_eq!(heard["data"]["id"], reply_id);
    assert_eq!(heard["data"]["parent_id"], first_id);
    assert_eq!(heard["data"]["total"], 2);
    assert!(unread["id"].as_i64() < heard["id"].as_i64());
    assert_eq!(unread["topic"], format!("user:{ana_id}"));
    assert_eq!(unread["data"]["count"], 1);
    // The signed-out reader on A heard the comment too.
    next(&mut reader, event("comment")).await;

    // Ben reacts through A: the counts reach B.
    a.call(
        &ben,
        "/api/react",
        &[
            ("target", "post"),
            ("id", &post),
            ("reaction", "LOVE"),
            ("on", "true"),
        ],
    )
    .await;
    let counts = next(&mut ana_ws, event("reactions")).await;
    assert_eq!(counts["data"]["target"], json!({ "Post": post }));
    assert_eq!(counts["data"]["counts"][1], 1);

    // Ana goes away; while she is, Ben comments again and Cleo publishes.
    let rest = drain(&mut ana_ws, Duration::from_millis(500)).await;
    let last = rest
        .iter()
        .chain([&counts])
        .filter_map(|m| m["id"].as_i64())
        .max()
        .unwrap();
    ana_ws.close(None).await.unwrap();
    drop(ana_ws);
    let missed = a
        .call(
            &ben,
            "/api/post_comment",
            &[
                ("post_id", &post),
                ("parent_id", ""),
                ("body", "Said while Ana was away"),
                ("moment", ""),
            ],
        )
        .await;
    let (second_post, _) = publish(&pool, &cleo, "Another night", "More", false).await;

    // She comes back on A with the last id she heard: nothing is lost.
    let mut ana_ws = open(&a, Some(&ana), &a.url("")).await.unwrap();
    let message = json!({ "op": "watch", "topics": [&topic, "latest"], "since": last });
    ana_ws
        .send(Message::text(message.to_string()))
        .await
        .unwrap();
    let mut replayed = Vec::new();
    loop {
        let m = next(&mut ana_ws, |_| true).await;
        if m["type"] == "ready" {
            break;
        }
        replayed.push(m);
    }
    assert!(
        replayed
            .iter()
            .any(|m| m["kind"] == "comment" && m["data"]["id"] == missed["id"]),
        "the comment made while away was not replayed: {replayed:?}"
    );
    assert!(
        replayed
            .iter()
            .any(|m| m["kind"] == "post" && m["data"]["id"] == second_post),
        "the post published while away was not replayed: {replayed:?}"
    );
    // Cleo was notified of both comments on her post; Ana heard none of it.
    for m in &replayed {
        let topic = m["topic"].as_str().unwrap();
        assert!(
            topic == format!("post:{post}")
                || topic == "latest"
                || topic == format!("user:{ana_id}"),
            "Ana heard {topic}"
        );
    }
    let cleo_unread: i64 = sqlx::query_scalar(
        "select count(*) from realtime_events where topic = $1 and kind = 'unread'",
    )
    .bind(format!("user:{cleo_id}"))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(cleo_unread >= 1, "Cleo's unread count was never published");

    // Her open page keeps her "last seen" current (refreshed every 15 s), so
    // her profile shows her online (when she lets it).
    let mut seen_recently = false;
    for _ in 0..100 {
        seen_recently = sqlx::query_scalar(
            "select last_seen_at > now() - interval '1 minute' from users where username = 'ana'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if seen_recently {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        seen_recently,
        "an open socket did not keep last_seen_at current"
    );
    let profile = cleo.get("/u/ana").await;
    assert!(
        profile.body.contains("Online now"),
        "the profile shows her online"
    );

    // Each open socket is a presence row; closing one removes it.
    let rows: i64 = sqlx::query_scalar("select count(*) from presence")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 2);
    reader.close(None).await.unwrap();
    drop(reader);
    for _ in 0..50 {
        let rows: i64 = sqlx::query_scalar("select count(*) from presence")
            .fetch_one(&pool)
            .await
            .unwrap();
        if rows == 1 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("a closed socket kept its presence row");
}
