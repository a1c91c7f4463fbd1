//! The live channel's fan-out benchmark (run by `bench/engagement.sh`):
//! opens N WebSockets to a running server, each watching one post, then
//! posts comments on it over HTTP and measures, for every socket, the time
//! from sending the comment to receiving its event. Prints p50, p99 and the
//! slowest delivery, and how many sockets heard each comment.
//!
//!   fanout <base-url> <post-id> <session-cookie> <sockets> [comments]
//!
//! The clients share the machine (and its two cores) with the server and
//! the database, so the times include the clients' own scheduling.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark tool")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, post, cookie, sockets, rest @ ..] = args.as_slice() else {
        eprintln!("usage: fanout <base-url> <post-id> <session-cookie> <sockets> [comments]");
        std::process::exit(2);
    };
    let sockets: usize = sockets.parse().expect("a number of sockets");
    // reqwest's TLS is built without a provider; the server uses ring.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let comments: usize = rest
        .first()
        .map_or(10, |c| c.parse().expect("a number of comments"));
    let ws_url = format!("{}{}", base.replacen("http", "ws", 1), app::routes::LIVE);
    let topic = format!("post:{post}");

    // Every socket sends (comment id, when it arrived) to the collector.
    let (heard_tx, mut heard_rx) = mpsc::unbounded_channel::<(String, Instant)>();
    let ready = Arc::new(AtomicUsize::new(0));
    let opened = Instant::now();
    let mut tasks = Vec::with_capacity(sockets);
    for i in 0..sockets {
        let (ws_url, topic, heard_tx, ready, base) = (
            ws_url.clone(),
            topic.clone(),
            heard_tx.clone(),
            ready.clone(),
            base.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut request = ws_url.into_client_request().unwrap();
            request
                .headers_mut()
                .insert("origin", base.parse().unwrap());
            let (mut socket, _) = loop {
                match tokio_tungstenite::connect_async(request.clone()).await {
                    Ok(ok) => break ok,
                    Err(err) => {
                        eprintln!("socket {i}: {err}; retrying");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            };
            let watch = serde_json::json!({ "op": "watch", "topics": [topic] });
            socket.send(Message::text(watch.to_string())).await.unwrap();
            while let Some(Ok(message)) = socket.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let value: serde_json::Value = serde_json::from_str(text.as_str()).unwrap();
                match value["type"].as_str() {
                    Some("ready") => {
                        ready.fetch_add(1, Ordering::Relaxed);
                    }
                    Some("event") if value["kind"] == "comment" => {
                        let id = value["data"]["id"].as_str().unwrap_or_default().to_owned();
                        let _ = heard_tx.send((id, Instant::now()));
                    }
                    _ => {}
                }
            }
        }));
        // Open them at a steady pace, as pages would arrive.
        if i % 200 == 199 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    drop(heard_tx);
    loop {
        let n = ready.load(Ordering::Relaxed);
        if n == sockets {
            break;
        }
        if opened.elapsed() > Duration::from_secs(300) {
            panic!("only {n} of {sockets} sockets were ready after 5 minutes");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "{sockets} sockets open and watching in {:.1} s",
        opened.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_secs(2)).await;

    let client = reqwest::Client::new();
    let mut latencies: Vec<f64> = Vec::with_capacity(sockets * comments);
    let mut missing = 0usize;
    for n in 0..comments {
        let body = format!("post_id={post}&parent_id=&moment=&body=Fan-out+check+{n}");
        let sent = Instant::now();
        let res = client
            .post(format!("{base}/api/post_comment"))
            .header("cookie", format!("sparkle_session={cookie}"))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success(),
            "posting a comment: {}",
            res.status()
        );
        let comment: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
        let id = comment["id"].as_str().unwrap().to_owned();
        let mut got = 0usize;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while got < sockets {
            match tokio::time::timeout_at(deadline, heard_rx.recv()).await {
                Ok(Some((heard, at))) if heard == id => {
                    got += 1;
                    latencies.push(at.duration_since(sent).as_secs_f64() * 1000.0);
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
        missing += sockets - got;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    if latencies.is_empty() {
        eprintln!("no socket heard any comment");
        std::process::exit(1);
    }
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{sockets} sockets, {comments} comments: {} deliveries, {missing} missing; p50 {:.1} ms, p99 {:.1} ms, slowest {:.1} ms",
        latencies.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    for task in tasks {
        task.abort();
    }
}
