//! The theme choice: stored in a cookie, rendered by the server.

use axum::body::Body;
use http::Request;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrations = "../migrations")]
async fn the_theme_cookie_is_rendered_on_the_server(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let req = Request::get("/")
        .header("cookie", "other=1; theme=dark")
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert!(res.body.contains(r#"<html lang="en" data-theme="dark""#));
    let req = Request::get("/")
        .header("cookie", "theme=<script>")
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert!(
        res.body.contains(r#"data-theme="system""#),
        "unknown values fall back to system"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_plain_form_post_sets_the_cookie_and_redirects_back(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let req = Request::post("/api/theme")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", "http://localhost/design")
        .body(Body::from("theme=dark"))
        .unwrap();
    let res = app.send(req).await;
    assert!(res.status.is_redirection(), "status {}", res.status);
    let location = res.header("location");
    assert!(
        location.starts_with("http://localhost/design"),
        "redirects back to the page: {location}"
    );
    let cookie = res.header("set-cookie");
    assert!(cookie.starts_with("theme=dark;"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_script_call_gets_the_theme_back(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let req = Request::post("/api/theme")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(Body::from("theme=light"))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body, r#""light""#);
    assert!(res.header("set-cookie").starts_with("theme=light;"));
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_theme_is_a_field_error_with_status_422(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let req = Request::post("/api/theme")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(Body::from("theme=purple"))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains(r#""kind":"validation""#), "{}", res.body);
    assert!(
        res.body.contains("Choose light, dark or system."),
        "{}",
        res.body
    );
    assert!(res.header("set-cookie").is_empty(), "nothing is stored");
}
