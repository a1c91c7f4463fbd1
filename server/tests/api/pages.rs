//! Server-rendered pages and their status codes.

use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrations = "../migrations")]
async fn landing_page_renders_the_community_from_site_settings(pool: PgPool) {
    sqlx::query(
        "update site_settings set value = '\"Fan-made and proud\"' where key = 'site.tagline'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let app = TestApp::new(pool).await;
    let res = app.get("/").await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").starts_with("text/html"));
    assert!(res.body.contains("shine together"), "hero missing");
    assert!(
        res.body.contains("Fan-made and proud"),
        "tagline not read from site_settings"
    );
    assert!(res.body.contains("What&#x27;s inside") || res.body.contains("What's inside"));
    assert!(
        res.body.contains("<title>Sparkle Universe</title>"),
        "title"
    );
    assert!(
        res.body.contains(r#"<meta name="description""#),
        "meta description"
    );
    assert!(
        res.body.contains(r#"<html lang="en" data-theme="system""#),
        "theme attribute"
    );
    assert!(res.body.contains(r##"href="#main""##), "skip link");
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_paths_get_the_404_page_with_status_404(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status, 404);
    assert!(
        res.body.contains("This corner of the universe is empty"),
        "{}",
        &res.body[..res.body.len().min(500)]
    );
    assert!(res.body.contains("Page not found · Sparkle Universe"));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_page_returns_500_with_only_a_request_id(pool: PgPool) {
    let app = TestApp::new(pool).await;
    app.pool.close().await;
    let res = app.get("/").await;
    assert_eq!(res.status, 500);
    let request_id = res.header("x-request-id").to_owned();
    assert!(!request_id.is_empty());
    assert!(res.body.contains("Something went wrong"));
    assert!(
        res.body.contains(&request_id),
        "the page quotes the request id"
    );
    assert!(
        !res.body.to_lowercase().contains("pool"),
        "no internals reach the browser"
    );
    assert!(!res.body.contains("sqlx"));
}
