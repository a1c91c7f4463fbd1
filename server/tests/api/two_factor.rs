//! Two-factor sign-in: enrolment, the sign-in step, replay, recovery codes
//! and turning it off, through the real router and database.

use app::features::accounts::ssr::two_factor::code_at;
use http::StatusCode;
use sqlx::PgPool;

use crate::helpers::{PASSWORD, TestApp};

fn now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap()
}

async fn secret(pool: &PgPool, username: &str) -> String {
    sqlx::query_scalar::<_, Option<String>>("select totp_secret from users where username = $1")
        .bind(username)
        .fetch_one(pool)
        .await
        .unwrap()
        .expect("a secret")
}

#[sqlx::test(migrations = "../migrations")]
async fn totp_is_required_when_enabled(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;

    let res = ana.call("/api/start_two_factor", &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let status: serde_json::Value =
        serde_json::from_str(&ana.call("/api/two_factor", &[]).await.body).unwrap();
    assert_eq!(status["enabled"], false);
    assert!(
        status["pending"]["qr_svg"]
            .as_str()
            .unwrap()
            .contains("<svg")
    );
    assert!(
        status["pending"]["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let secret = secret(&pool, "ana").await;

    // A wrong code does not turn it on.
    let res = ana
        .call("/api/confirm_two_factor", &[("code", "000000")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = ana
        .call(
            "/api/confirm_two_factor",
            &[("code", &code_at(&secret, now()).unwrap())],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let codes: Vec<String> = serde_json::from_str(&res.body).unwrap();
    assert_eq!(codes.len(), 10);
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("select code_hash from recovery_codes")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 10);
    assert!(stored.iter().all(|h| h.len() == 32), "only hashes are kept");
    // The codes are shown once, then never again.
    let status: serde_json::Value =
        serde_json::from_str(&ana.call("/api/two_factor", &[]).await.body).unwrap();
    assert_eq!(status["enabled"], true);
    assert_eq!(status["fresh_codes"].as_array().unwrap().len(), 10);
    let status: serde_json::Value =
        serde_json::from_str(&ana.call("/api/two_factor", &[]).await.body).unwrap();
    assert!(status["fresh_codes"].as_array().unwrap().is_empty());

    // Signing in now stops at the code step: the password alone is not enough.
    let phone = app.visitor("203.0.113.1");
    let res = phone.sign_in("ana", PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("TwoFactorRequired"), "{}", res.body);
    assert_eq!(phone.username().await, None);
    assert_eq!(
        phone.call("/api/sessions", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    let res = phone
        .call("/api/verify_two_factor", &[("code", "123456")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(phone.username().await, None);
    let next = code_at(&secret, now() + 30).unwrap();
    let res = phone
        .call("/api/verify_two_factor", &[("code", &next)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(phone.username().await.as_deref(), Some("ana"));
    let reasons: Vec<String> =
        sqlx::query_scalar("select reason from login_history order by created_at")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(reasons.contains(&"wrong_two_factor_code".to_owned()));
    assert_eq!(reasons.last().map(String::as_str), Some("totp"));

    // The same code cannot be used twice.
    let laptop = app.visitor("203.0.113.1");
    laptop.sign_in("ana", PASSWORD).await;
    let res = laptop
        .call("/api/verify_two_factor", &[("code", &next)])
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a replayed code is refused"
    );
    // A recovery code works, once.
    let res = laptop
        .call(
            "/api/verify_two_factor",
            &[("code", &codes[0].to_lowercase())],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(laptop.username().await.as_deref(), Some("ana"));
    let tablet = app.visitor("203.0.113.1");
    tablet.sign_in("ana", PASSWORD).await;
    let res = tablet
        .call("/api/verify_two_factor", &[("code", &codes[0])])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Turning it off needs a code.
    let res = ana
        .call("/api/disable_two_factor", &[("code", "999999")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = ana
        .call("/api/disable_two_factor", &[("code", &codes[1])])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let left: i64 = sqlx::query_scalar("select count(*) from recovery_codes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let res = app.visitor("203.0.113.1").sign_in("ana", PASSWORD).await;
    assert!(res.body.contains("SignedIn"), "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_code_step_needs_a_password_first(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let stranger = app.visitor("203.0.113.9");
    let res = stranger
        .call("/api/verify_two_factor", &[("code", "123456")])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    // And the page renders without JavaScript.
    let page = app.get("/signin/two-factor").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("one-time-code"));
}
