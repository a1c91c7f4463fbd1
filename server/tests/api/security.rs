//! Security headers and the CSP nonce.

use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrations = "../migrations")]
async fn pages_carry_security_headers_and_a_matching_nonce(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app.get("/").await;
    let csp = res.header("content-security-policy").to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(
        !csp.contains("'unsafe-eval'") && !csp.contains("'unsafe-inline'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap_or_default()
        .to_owned();
    assert!(nonce.len() >= 16, "{csp}");
    assert!(
        res.body.contains(&format!(r#"nonce="{nonce}""#)),
        "the hydration script carries the CSP nonce"
    );
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    assert_eq!(
        res.header("referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert!(res.header("permissions-policy").contains("camera=()"));
    assert!(!res.header("x-request-id").is_empty());

    let other = app.get("/").await;
    assert_ne!(
        other.header("content-security-policy"),
        csp,
        "a new nonce per request"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn oversized_bodies_are_refused(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let big = "theme=".to_owned() + &"x".repeat(3 * 1024 * 1024);
    let req = http::Request::post("/api/theme")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", big.len().to_string())
        .body(axum::body::Body::from(big))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, 413);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_client_cannot_choose_its_request_id(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let req = http::Request::get("/healthz")
        .header("x-request-id", "spoofed-id")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.send(req).await;
    let id = res.header("x-request-id");
    assert!(!id.is_empty());
    assert_ne!(id, "spoofed-id");
}

#[sqlx::test(migrations = "../migrations")]
async fn only_hashed_assets_are_cached_for_a_year(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let res = app.get(crate::helpers::HASHED_ASSET).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let res = app.get("/pkg/sparkle.fedcba9876543210.css").await;
    assert_eq!(res.status, 404);
    assert_eq!(res.header("cache-control"), "no-cache");
}
