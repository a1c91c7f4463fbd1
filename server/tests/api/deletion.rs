//! Leaving: deleting an account (with its grace period), the purge after it,
//! and the data export.

use http::StatusCode;
use sqlx::PgPool;

use crate::helpers::{PASSWORD, TestApp, TestResponse, Visitor};
use crate::profiles::{counts, files_under, png};

async fn status_of(pool: &PgPool, username: &str) -> String {
    sqlx::query_scalar("select status::text from users where username = $1")
        .bind(username)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn upload_avatar(who: &Visitor<'_>) -> TestResponse {
    who.upload(
        "/api/upload_picture",
        &[("purpose", "avatar")],
        "me.png",
        &png(300, 300),
    )
    .await
}

#[sqlx::test(migrations = "../migrations")]
async fn deleting_ends_sessions_and_follows_and_signing_in_in_time_restores(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    let ben = app.member("ben", "203.0.113.2").await;
    assert_eq!(
        ana.call("/api/follow", &[("username", "ben")]).await.status,
        StatusCode::OK
    );
    assert_eq!(
        ben.call("/api/follow", &[("username", "ana")]).await.status,
        StatusCode::OK
    );
    let ana_phone = app.visitor("203.0.113.3");
    assert_eq!(
        ana_phone.sign_in("ana", PASSWORD).await.status,
        StatusCode::OK
    );

    // The password is checked, with the message next to its field.
    let res = ana
        .call(
            "/api/delete_account",
            &[("password", "not it"), ("confirm", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("password"), "{}", res.body);
    assert_eq!(status_of(&pool, "ana").await, "ACTIVE");

    let res = ana
        .call(
            "/api/delete_account",
            &[("password", PASSWORD), ("confirm", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(status_of(&pool, "ana").await, "DELETED");
    let days: f64 = sqlx::query_scalar(
        "select extract(epoch from purge_after - deleted_at)::float8 / 86400 from users where username = 'ana'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!((days - 30.0).abs() < 0.01, "{days}");
    // Every session ended, this one and the other device.
    assert_eq!(ana.username().await, None);
    assert_eq!(ana_phone.username().await, None);
    // The profile is gone, the follows too, with Ben's counts.
    assert_eq!(app.get("/u/ana").await.status, StatusCode::NOT_FOUND);
    assert_eq!(counts(&pool, "ben").await, (0, 0));
    let follows: i64 = sqlx::query_scalar("select count(*) from follows")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(follows, 0);
    // The owner is told how to undo it, and the audit log has it.
    let (subject, body) = app.last_mail("ana@example.com").await.unwrap();
    assert!(subject.contains("deleted"), "{subject}");
    assert!(body.contains("Sign in"), "{body}");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_logs where changed_data->>'status' = 'DELETED'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    // The username and email stay taken during the grace period.
    let thief = app.visitor("203.0.113.4");
    let res = thief
        .call(
            "/api/sign_up",
            &[
                ("username", "ana"),
                ("email", "new@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

    // Signing in again within 30 days brings the account back as it was.
    assert_eq!(ana.sign_in("ana", PASSWORD).await.status, StatusCode::OK);
    assert_eq!(ana.username().await.as_deref(), Some("ana"));
    assert_eq!(status_of(&pool, "ana").await, "ACTIVE");
    assert_eq!(app.get("/u/ana").await.status, StatusCode::OK);

    // A suspended person who deletes comes back suspended, not free.
    sqlx::query("update users set status = 'DELETED', status_before_delete = 'SUSPENDED', purge_after = now() + interval '1 day' where username = 'ben'")
        .execute(&pool)
        .await
        .unwrap();
    let res = ben.sign_in("ben", PASSWORD).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(status_of(&pool, "ben").await, "SUSPENDED");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_purge_erases_accounts_past_their_grace_period_with_their_files(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    let ben = app.member("ben", "203.0.113.2").await;
    for who in [&ana, &ben] {
        let res = upload_avatar(who).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let files_before = files_under(&app.media_dir).len();
    assert!(files_before >= 4, "{files_before}");
    // Ana's words in a conversation go with her; the replies to them stay.
    let cleo = app.member("cleo", "203.0.113.3").await;
    let (post, _) = crate::comments::publish(&pool, &cleo, "Talk", "Say hi", false).await;
    let said = crate::comments::said(&ana, &post, None, "ana's own words").await;
    let said = said["id"].as_str().unwrap().to_owned();
    let cleos = crate::comments::said(&cleo, &post, Some(&said), "a reply to ana").await;
    // Ana's reactions and bookmark go with her account, and so do their counts.
    for (target, id) in [
        ("post", post.as_str()),
        ("comment", cleos["id"].as_str().unwrap()),
    ] {
        let res = ana
            .call(
                "/api/react",
                &[
                    ("target", target),
                    ("id", id),
                    ("reaction", "FIRE"),
                    ("on", "true"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let res = ana.call("/api/save_bookmark", &[("post_id", &post)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    for who in [&ana, &ben] {
        let res = who
            .call(
                "/api/delete_account",
                &[("password", PASSWORD), ("confirm", "")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    // Ana's 30 days are over; Ben still has time.
    sqlx::query(
        "update users set purge_after = now() - interval '1 minute' where username = 'ana'",
    )
    .execute(&pool)
    .await
    .unwrap();
    // Past the grace period, signing in no longer restores.
    let res = ana.sign_in("ana", PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("Wrong username or password"),
        "{}",
        res.body
    );

    let report = server::jobs::cleanup_expired(&pool, &app.media)
        .await
        .unwrap();
    assert_eq!(report.accounts, 1);
    let left: Vec<String> =
        sqlx::query_scalar("select username::text from users order by username")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(left, ["ben", "cleo"]);
    let drifted: i64 = sqlx::query_scalar(
        "select (select count(*) from post_stats s
                 where total_reaction_count <> (select count(*) from post_reactions r where r.post_id = s.post_id)
                    or bookmark_count <> (select count(*) from bookmarks b where b.post_id = s.post_id))
              + (select count(*) from comments c
                 where reaction_total <> (select count(*) from comment_reactions r where r.comment_id = c.id))",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        drifted, 0,
        "counts follow the purged account's reactions and bookmarks"
    );
    let media_rows: i64 = sqlx::query_scalar("select count(*) from media_files")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(media_rows, 1);
    assert_eq!(files_under(&app.media_dir).len(), files_before / 2);
    let (body, author, deleted): (String, Option<uuid::Uuid>, bool) = sqlx::query_as(
        "select body, author_id, deleted_at is not null from comments where id = $1::uuid",
    )
    .bind(&said)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((body.as_str(), author, deleted), ("", None, true));
    let page = crate::posts::json(
        &cleo
            .get(&format!("/api/comments?post={post}&sort=old"))
            .await
            .body,
    );
    assert_eq!(page["total"], 1, "only the reply is counted");
    assert_eq!(page["comments"][0]["deleted"], true);
    assert!(
        page["comments"][1]["html"]
            .as_str()
            .unwrap()
            .contains("a reply to ana")
    );
    // A second run has nothing left to do.
    let report = server::jobs::cleanup_expired(&pool, &app.media)
        .await
        .unwrap();
    assert_eq!(report.accounts, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_export_has_everything_a_person_owns_and_no_secrets(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    let ben = app.member("ben", "203.0.113.2").await;
    assert_eq!(
        ana.call("/api/follow", &[("username", "ben")]).await.status,
        StatusCode::OK
    );
    let (post, _) = crate::comments::publish(&pool, &ben, "Hello", "Say hi", false).await;
    crate::comments::said(&ana, &post, None, "my own words").await;
    let res = ana
        .call(
            "/api/react",
            &[
                ("target", "post"),
                ("id", &post),
                ("reaction", "LOVE"),
                ("on", "true"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = upload_avatar(&ana).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = ana
        .call(
            "/api/save_bookmark_folder",
            &[("name", "Keep"), ("color", "teal")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = ana
        .call(
            "/api/save_bookmark",
            &[
                ("post_id", &post),
                ("notes", "read again"),
                ("tags", "faves"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let res = ana.get("/settings/account/export").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.header("content-type").starts_with("application/json"));
    assert!(
        res.header("content-disposition")
            .starts_with("attachment; filename=\"sparkle-universe-ana-")
    );
    assert_eq!(res.header("cache-control"), "no-store");
    let data: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(data["account"]["username"], "ana");
    assert_eq!(data["account"]["email"], "ana@example.com");
    assert_eq!(data["following"][0]["username"], "ben");
    assert_eq!(data["media"].as_array().unwrap().len(), 1);
    assert_eq!(data["comments"][0]["body"], "my own words");
    assert_eq!(data["reactions"][0]["reaction"], "LOVE");
    assert_eq!(data["bookmark_folders"][0]["name"], "Keep");
    assert_eq!(data["bookmarks"][0]["notes"], "read again");
    assert_eq!(data["bookmarks"][0]["tags"][0], "faves");
    assert!(!data["login_history"].as_array().unwrap().is_empty());
    assert!(!data["sessions"].as_array().unwrap().is_empty());
    assert!(data["profile"].is_object() && data["stats"].is_object());
    // No secrets: not the password hash, nor any token or session id.
    let hash: String = sqlx::query_scalar("select password_hash from users where username = 'ana'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!res.body.contains(&hash));
    assert!(!res.body.contains("argon2"));
    assert!(
        !res.body
            .contains(ana.cookie.lock().unwrap().as_deref().unwrap())
    );

    // Signed out, it asks to sign in first.
    let res = app
        .visitor("203.0.113.9")
        .get("/settings/account/export")
        .await;
    assert!(res.status.is_redirection());
    assert!(res.header("location").starts_with("/signin"));
}
