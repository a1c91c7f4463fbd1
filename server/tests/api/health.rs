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

#[sqlx::test(migrations = "../migrations")]
async fn metrics_count_requests_by_route(pool: PgPool) {
    let app = TestApp::new(pool).await;
    app.get("/healthz").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").starts_with("text/plain"));
    assert!(
        res.body
            .lines()
            .any(|l| l.starts_with("http_requests_total")
                && l.contains(r#"route="/healthz""#)
                && l.contains(r#"status="200""#)),
        "{}",
        res.body
    );
    assert!(res.body.contains("http_request_duration_seconds_bucket"));
}
