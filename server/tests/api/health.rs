//! Probes and metrics.

use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrations = "../migrations")]
async fn healthz_says_the_process_is_up(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains(r#""status":"ok""#), "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn readyz_follows_the_database(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains(r#""status":"ready""#), "{}", res.body);

    app.pool.close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 503);
    assert!(res.body.contains("unavailable"), "{}", res.body);
}

fn healthz_count(metrics: &str) -> u64 {
    metrics
        .lines()
        .filter(|l| {
            l.starts_with("http_requests_total")
                && l.contains(r#"route="/healthz""#)
                && l.contains(r#"status="200""#)
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

#[sqlx::test(migrations = "../migrations")]
async fn metrics_count_requests_by_route(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let before = healthz_count(&app.get("/metrics").await.body);
    app.get("/healthz").await;
    app.get("/healthz").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").starts_with("text/plain"));
    // Other tests in this process count too, so at least our two.
    assert!(healthz_count(&res.body) >= before + 2, "{}", res.body);
    assert!(res.body.contains("http_request_duration_seconds_bucket"));
}

/// `GET /metrics` as a client at `ip`, with an optional bearer token; the status.
async fn metrics_status(app: &TestApp, ip: [u8; 4], token: Option<&str>) -> u16 {
    let addr = std::net::SocketAddr::from((ip, 40000));
    let mut req = http::Request::get("/metrics").extension(axum::extract::ConnectInfo(addr));
    if let Some(token) = token {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    app.send(req.body(axum::body::Body::empty()).unwrap())
        .await
        .status
        .as_u16()
}

#[sqlx::test(migrations = "../migrations")]
async fn metrics_are_for_loopback_or_the_token_holder(pool: PgPool) {
    let config = server::Config {
        metrics_token: Some("s3cret-token".into()),
        ..server::Config::default()
    };
    let app = TestApp::with_config(pool, config).await;
    let outside = [203, 0, 113, 9];
    assert_eq!(metrics_status(&app, [127, 0, 0, 1], None).await, 200);
    assert_eq!(metrics_status(&app, outside, None).await, 403);
    assert_eq!(metrics_status(&app, outside, Some("wrong")).await, 403);
    assert_eq!(
        metrics_status(&app, outside, Some("s3cret-token")).await,
        200
    );
}
