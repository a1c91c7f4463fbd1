//! Accounts and security: sign-up, verification, sign-in, sessions, reset,
//! lockout, restrictions and CSRF, through the real router and database.

use app::features::accounts::ssr::admin;
use app::features::accounts::types::{Role, UserStatus};
use http::StatusCode;
use sqlx::PgPool;

use crate::helpers::{PASSWORD, TestApp};

async fn status_of(pool: &PgPool, username: &str) -> String {
    sqlx::query_scalar::<_, String>("select status::text from users where username = $1")
        .bind(username)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn user_id(pool: &PgPool, username: &str) -> uuid::Uuid {
    sqlx::query_scalar::<_, uuid::Uuid>("select id from users where username = $1")
        .bind(username)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_up_verify_sign_in_and_out(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.visitor("203.0.113.1");
    ana.sign_up("Ana_B", " Ana@Example.COM ", PASSWORD).await;
    // Not signed in by sign-up, and pending until verified.
    assert_eq!(ana.username().await, None);
    assert_eq!(status_of(&pool, "Ana_B").await, "PENDING_VERIFICATION");
    let hash: String =
        sqlx::query_scalar("select password_hash from users where username = 'Ana_B'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );

    // The email was normalised and the link mailed to it.
    let (subject, body) = app.last_mail("ana@example.com").await.unwrap();
    assert!(subject.contains("Confirm your email"));
    assert!(
        body.contains("http://127.0.0.1:3000/verify-email?token="),
        "{body}"
    );

    // A pending account may sign in (to read) before verifying.
    let res = ana.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(ana.username().await.as_deref(), Some("Ana_B"));

    let token = app.mailed_token("ana@example.com").await;
    let res = ana.call("/api/verify_email", &[("token", &token)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(status_of(&pool, "Ana_B").await, "ACTIVE");
    let audits: i64 = sqlx::query_scalar(
        "select count(*) from audit_logs where entity_type = 'user' and changed_data->>'status' = 'ACTIVE'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audits, 1, "the status change is audited");

    // The link works once.
    let res = ana.call("/api/verify_email", &[("token", &token)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("already used"), "{}", res.body);

    let res = ana.call("/api/sign_out", &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(ana.username().await, None);
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_up_rules_are_checked_on_the_server(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let v = app.visitor("203.0.113.2");
    let res = v
        .call(
            "/api/sign_up",
            &[("username", "a b"), ("email", "nope"), ("password", "a b")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    for field in ["username", "email", "password"] {
        assert!(
            err["fields"][field].is_array(),
            "{field} missing in {}",
            res.body
        );
    }
    let res = v
        .call(
            "/api/sign_up",
            &[
                ("username", "benny"),
                ("email", "benny@example.com"),
                ("password", "benny@example.com"),
            ],
        )
        .await;
    assert!(
        res.body.contains("can't be your username or email"),
        "{}",
        res.body
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_up_never_reveals_a_registered_email(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    app.member("ana", "203.0.113.3").await;
    let v = app.visitor("203.0.113.4");
    // Same email, new username: the same answer as a fresh sign-up…
    let res = v
        .call(
            "/api/sign_up",
            &[
                ("username", "ana2"),
                ("email", "ANA@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body, r#""ana@example.com""#);
    // …no account was made, and the owner was told.
    let count: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let (subject, _) = app.last_mail("ana@example.com").await.unwrap();
    assert!(subject.contains("tried to sign up"), "{subject}");
    // A taken username is public anyway, so it is named.
    let res = v
        .call(
            "/api/sign_up",
            &[
                ("username", "ANA"),
                ("email", "other@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("username is taken"), "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn wrong_passwords_and_unknown_users_get_the_same_answer(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    app.member("ana", "203.0.113.5").await;
    let v = app.visitor("203.0.113.6");
    let wrong = v.sign_in("ana", "not the password").await;
    let unknown = v.sign_in("nobody", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert!(wrong.body.contains("Wrong username or password."));
    let reasons: Vec<String> = sqlx::query_scalar(
        "select reason from login_history where not success order by created_at",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(reasons, ["wrong_password"]);
    assert_eq!(v.username().await, None);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_session_cookie_is_http_only_lax_and_rotated_at_sign_in(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.7").await;
    let first = ana.cookie.lock().unwrap().clone().unwrap();
    let res = ana.sign_in("ana", PASSWORD).await;
    let set = res.header("set-cookie").to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "plain http: no Secure flag");
    let second = ana.cookie.lock().unwrap().clone().unwrap();
    assert_ne!(first, second, "a new id at sign-in");
    // The old id is dead.
    let old = app.visitor("203.0.113.7");
    *old.cookie.lock().unwrap() = Some(first);
    assert_eq!(old.username().await, None);
    // The cookie holds the id only; the row holds the rest.
    let rows: i64 =
        sqlx::query_scalar("select count(*) from sessions where id = $1 and user_id is not null")
            .bind(&second)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(rows, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn cookies_are_secure_over_https(pool: PgPool) {
    let config = server::Config {
        public_url: "https://sparkle.example".into(),
        ..server::Config::default()
    };
    let app = TestApp::with_config(pool, config).await;
    let v = app.visitor("203.0.113.8");
    v.sign_up("ana", "ana@example.com", PASSWORD).await;
    let res = v.sign_in("ana", PASSWORD).await;
    assert!(
        res.header("set-cookie").contains("Secure"),
        "{}",
        res.header("set-cookie")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_revoked_session_stops_working(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    let laptop = app.member("ana", "203.0.113.9").await;
    let mut phone = app.visitor("198.51.100.9");
    phone.user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1".into();
    phone.sign_in("ana", PASSWORD).await;
    assert_eq!(phone.username().await.as_deref(), Some("ana"));

    let res = laptop.call("/api/sessions", &[]).await;
    let sessions: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let list = sessions.as_array().unwrap();
    assert_eq!(list.len(), 2, "{}", res.body);
    assert_eq!(list[0]["current"], true);
    assert!(
        !res.body
            .contains(&phone.cookie.lock().unwrap().clone().unwrap()),
        "ids never leave the server"
    );
    let other = list.iter().find(|s| s["current"] == false).unwrap();
    assert_eq!(other["ip_address"], "198.51.100.9");
    assert!(
        other["device"].as_str().unwrap().contains("Safari"),
        "{other}"
    );

    let res = laptop
        .call(
            "/api/revoke_session",
            &[("handle", other["handle"].as_str().unwrap())],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(phone.username().await, None, "the phone is signed out");
    assert_eq!(laptop.username().await.as_deref(), Some("ana"));

    // Someone else's handle does nothing.
    let ben = app.member("ben", "203.0.113.10").await;
    let res = ben.call("/api/sessions", &[]).await;
    let bens: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let handle = bens[0]["handle"].as_str().unwrap().to_owned();
    let res = laptop
        .call("/api/revoke_session", &[("handle", &handle)])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(ben.username().await.as_deref(), Some("ben"));
}

#[sqlx::test(migrations = "../migrations")]
async fn password_reset_links_expire_work_once_and_sign_everyone_out(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.11").await;
    let v = app.visitor("203.0.113.12");
    // Unknown addresses get the same answer.
    let unknown = v
        .call(
            "/api/request_password_reset",
            &[("email", "nobody@example.com")],
        )
        .await;
    let known = v
        .call(
            "/api/request_password_reset",
            &[("email", "ana@example.com")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.body, known.body);
    let token = app.mailed_token("ana@example.com").await;

    // A rule-breaking password leaves the link usable.
    let res = v
        .call(
            "/api/reset_password",
            &[("token", &token), ("password", "short")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = v
        .call(
            "/api/reset_password",
            &[("token", &token), ("password", "a brand new secret")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(ana.username().await, None, "the old session was revoked");
    let res = v
        .call(
            "/api/reset_password",
            &[("token", &token), ("password", "another new secret")],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a used link is dead"
    );
    assert_eq!(
        v.sign_in("ana", PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        v.sign_in("ana", "a brand new secret").await.status,
        StatusCode::OK
    );

    // An expired link is dead too.
    sqlx::query("update user_tokens set created_at = now() - interval '2 hours'")
        .execute(&pool)
        .await
        .unwrap();
    v.call(
        "/api/request_password_reset",
        &[("email", "ana@example.com")],
    )
    .await;
    let token = app.mailed_token("ana@example.com").await;
    sqlx::query(
        "update user_tokens set expires_at = now() - interval '1 second' where used_at is null",
    )
    .execute(&pool)
    .await
    .unwrap();
    let res = v
        .call(
            "/api/reset_password",
            &[("token", &token), ("password", "yet another secret")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("expired"), "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.13").await;
    let other = app.visitor("203.0.113.14");
    other.sign_in("ana", PASSWORD).await;
    let res = ana
        .call(
            "/api/change_password",
            &[
                ("current_password", "wrong one!"),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("current_password"), "{}", res.body);
    let res = ana
        .call(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        ana.username().await.as_deref(),
        Some("ana"),
        "this session stays"
    );
    assert_eq!(other.username().await, None, "other sessions end");
}

#[sqlx::test(migrations = "../migrations")]
async fn five_wrong_passwords_lock_that_address_only(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    app.member("ana", "203.0.113.15").await;
    let attacker = app.visitor("192.0.2.66");
    for _ in 0..5 {
        assert_eq!(
            attacker.sign_in("ana", "guess guess guess").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let res = attacker.sign_in("ana", PASSWORD).await;
    assert_eq!(
        res.status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked even with the right password"
    );
    assert_eq!(attacker.username().await, None);
    // The owner, elsewhere, is not locked out.
    let owner = app.visitor("203.0.113.15");
    assert_eq!(owner.sign_in("ana", PASSWORD).await.status, StatusCode::OK);
    // And the lock ends.
    sqlx::query("update login_history set created_at = created_at - interval '16 minutes' where ip_address = '192.0.2.66'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        attacker.sign_in("ana", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_suspended_user_is_refused_everywhere_until_it_ends(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.16").await;
    let id = user_id(&pool, "ana").await;
    let mut conn = pool.acquire().await.unwrap();
    let until = chrono::Utc::now() + chrono::Duration::days(3);
    admin::set_status(
        &mut conn,
        None,
        id,
        UserStatus::Suspended,
        Some(until),
        "spam",
    )
    .await
    .unwrap();

    let res = ana.call("/api/sessions", &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert!(res.body.contains("suspended"));
    let res = ana
        .call(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let fresh = app.visitor("203.0.113.17");
    let res = fresh.sign_in("ana", PASSWORD).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("suspended until"), "{}", res.body);
    let audits: i64 = sqlx::query_scalar(
        "select count(*) from audit_logs where changed_data->>'status' = 'SUSPENDED'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audits, 1);

    // Once the time is up, the account is back (and that is audited too).
    sqlx::query("update users set status_expires_at = now() - interval '1 second' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let res = ana.call("/api/sessions", &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(status_of(&pool, "ana").await, "ACTIVE");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_role_change_rotates_the_session_id_and_is_audited(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.18").await;
    let before = ana.cookie.lock().unwrap().clone().unwrap();
    let id = user_id(&pool, "ana").await;
    let mut conn = pool.acquire().await.unwrap();
    admin::set_role(&mut conn, None, id, Role::Moderator, "trusted")
        .await
        .unwrap();
    assert_eq!(ana.username().await.as_deref(), Some("ana"));
    let after = ana.cookie.lock().unwrap().clone().unwrap();
    assert_ne!(before, after);
    let audits: i64 =
        sqlx::query_scalar("select count(*) from audit_logs where action = 'PERMISSION_CHANGE'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audits, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_device_raises_an_alert_and_a_mail(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    app.member("ana", "203.0.113.19").await;
    let again = app.visitor("203.0.113.19");
    again.sign_in("ana", PASSWORD).await;
    let alerts = || async {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from security_alerts where kind = 'new_sign_in'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    assert_eq!(alerts().await, 0, "same device and network: no alert");
    let elsewhere = app.visitor("198.51.100.20");
    elsewhere.sign_in("ana", PASSWORD).await;
    assert_eq!(alerts().await, 1);
    let (subject, body) = app.last_mail("ana@example.com").await.unwrap();
    assert!(subject.contains("New sign-in"), "{subject}");
    assert!(body.contains("198.51.100.0/24"), "{body}");
}

#[sqlx::test(migrations = "../migrations")]
async fn cross_site_posts_are_refused(pool: PgPool) {
    let app = TestApp::new(pool).await;
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let req = http::Request::post("/api/sign_in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header(name, value)
            .body(axum::body::Body::from("login=a&password=b"))
            .unwrap();
        assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN, "{name}");
    }
    let req = http::Request::post("/api/sign_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(axum::body::Body::from("login=a&password=b"))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[sqlx::test(migrations = "../migrations")]
async fn forms_work_without_javascript(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let v = app.visitor("203.0.113.21");
    let res = v
        .submit(
            "/api/sign_up",
            "/signup",
            &[
                ("username", "ana"),
                ("email", "ana@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.header("location"), "/signup?sent=ana%40example.com");
    let page = v.get("/signup?sent=ana%40example.com").await;
    assert!(page.body.contains("Check your inbox"), "{}", page.body);

    // A failed sign-in comes back to the form with the message on the page.
    let res = v
        .submit(
            "/api/sign_in",
            "/signin",
            &[("login", "ana"), ("password", "nope nope nope")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let back = res.header("location").to_owned();
    assert!(back.starts_with("http://localhost/signin?"), "{back}");
    let page = v.get(back.trim_start_matches("http://localhost")).await;
    assert!(
        page.body.contains("Wrong username or password."),
        "{}",
        page.body
    );

    let res = v
        .submit(
            "/api/sign_in",
            "/signin?next=/settings/security",
            &[
                ("login", "ana"),
                ("password", PASSWORD),
                ("next", "/settings/security"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.header("location"), "/settings/security");
    let page = v.get("/settings/security").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Where you&#x27;re signed in")
            || page.body.contains("Where you're signed in"),
        "{}",
        page.body
    );
    assert!(page.body.contains("This device"));
}

#[sqlx::test(migrations = "../migrations")]
async fn signed_out_visitors_get_401_on_settings_and_dev_mail_shows_the_outbox(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let v = app.visitor("203.0.113.22");
    let page = v.get("/settings/security").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(
        page.body.contains("/signin?next=/settings/security"),
        "{}",
        page.body
    );

    v.sign_up("ana", "ana@example.com", PASSWORD).await;
    let page = v.get("/dev/mail").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Confirm your email for Sparkle Universe")
    );
    assert!(
        page.body
            .contains(r#"href="http://127.0.0.1:3000/verify-email?token="#),
        "links are clickable"
    );

    // With SMTP configured the outbox page does not exist.
    let config = server::Config {
        smtp_url: Some("smtp://127.0.0.1:2525".into()),
        ..server::Config::default()
    };
    let app = TestApp::with_config(pool, config).await;
    assert_eq!(app.get("/dev/mail").await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "../migrations")]
async fn referral_codes_record_the_referral(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    app.member("ana", "203.0.113.23").await;
    let code: String = sqlx::query_scalar("select referral_code from users where username = 'ana'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let v = app.visitor("203.0.113.24");
    let res = v
        .call(
            "/api/sign_up",
            &[
                ("username", "ben"),
                ("email", "ben@example.com"),
                ("password", PASSWORD),
                ("referral_code", "NOPE1234"),
            ],
        )
        .await;
    assert!(res.body.contains("referral_code"), "{}", res.body);
    let res = v
        .call(
            "/api/sign_up",
            &[
                ("username", "ben"),
                ("email", "ben@example.com"),
                ("password", PASSWORD),
                ("referral_code", &code.to_lowercase()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let referrer: String = sqlx::query_scalar(
        "select u.username::text from referrals r join users u on u.id = r.referrer_id
         join users b on b.id = r.referred_user_id where b.username = 'ben'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(referrer, "ana");
}

#[sqlx::test(migrations = "../migrations")]
async fn resending_a_link_waits_a_minute(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    let visitor = app.visitor("203.0.113.70");
    visitor
        .sign_up("slowpoke", "slowpoke@example.com", PASSWORD)
        .await;
    let mails = || async {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from mail_outbox where to_address = 'slowpoke@example.com'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    assert_eq!(mails().await, 1);
    // Straight away: the same answer, but no second mail.
    let res = visitor
        .call(
            "/api/resend_verification",
            &[("email", "slowpoke@example.com")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(mails().await, 1);
    // A minute later, a new link goes out.
    sqlx::query("update user_tokens set created_at = created_at - interval '61 seconds'")
        .execute(&pool)
        .await
        .unwrap();
    let res = visitor
        .call(
            "/api/resend_verification",
            &[("email", "slowpoke@example.com")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(mails().await, 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn security_alerts_show_in_the_app_and_can_be_marked_reviewed(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.80").await;
    // A sign-in from another device and network raises an alert.
    let mut phone = app.visitor("198.51.100.7");
    phone.user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1".into();
    assert_eq!(phone.sign_in("ana", PASSWORD).await.status, StatusCode::OK);
    let res = ana.call("/api/security_alerts", &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let alerts: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(alerts.as_array().unwrap().len(), 1, "{}", res.body);
    assert_eq!(alerts[0]["title"], "New sign-in");
    assert_eq!(alerts[0]["resolved"], false);
    let id = alerts[0]["id"].as_str().unwrap().to_owned();
    let page = ana.get("/settings/security").await;
    assert!(
        page.body.contains("1 to review") && page.body.contains("Mark as reviewed"),
        "{}",
        page.body
    );

    // Nobody else can touch it.
    let ben = app.member("ben", "203.0.113.81").await;
    assert_eq!(
        ben.call("/api/resolve_security_alert", &[("id", &id)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(ben.call("/api/security_alerts", &[]).await.body, "[]");

    let res = ana
        .call("/api/resolve_security_alert", &[("id", &id)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = ana.call("/api/security_alerts", &[]).await;
    let alerts: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(alerts[0]["resolved"], true);
    // Signed out, the list is refused.
    assert_eq!(
        app.visitor("203.0.113.82")
            .call("/api/security_alerts", &[])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
