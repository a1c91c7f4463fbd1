//! Notifications by email, through the job queue to a real SMTP server
//! process (aiosmtpd): sent for a type that is on, never for one turned
//! off, held back (but kept in the app) in quiet hours; the preferences
//! page and its checks; the weekly digest once per person and week.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Timelike, Utc};
use http::StatusCode;
use server::config::Config;
use sqlx::PgPool;

use crate::comments::{publish, said};
use crate::helpers::{TestApp, Visitor};
use crate::posts::json;
use crate::smtp::{SmtpSink, unfold};

/// Saves `who`'s preferences from form `fields` (checkboxes: present = on).
async fn prefer(who: &Visitor<'_>, fields: &[(&str, &str)]) -> crate::helpers::TestResponse {
    let named: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (format!("form[{k}]"), (*v).to_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = named
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    who.call("/api/save_notification_preferences", &pairs).await
}

async fn read_all(who: &Visitor<'_>) {
    let res = who.call("/api/mark_all_notifications", &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// Waits until the SMTP server has `n` messages; returns them.
async fn received(sink: &SmtpSink, n: usize) -> Vec<String> {
    for _ in 0..200 {
        let got = sink.messages();
        if got.len() >= n {
            return got.iter().map(|m| unfold(m)).collect();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the SMTP server got {} messages, not {n}",
        sink.messages().len()
    );
}

/// "HH:MM" an hour before and an hour after now, in UTC.
fn around_now() -> (String, String) {
    let hour = Utc::now().hour();
    (
        format!("{:02}:00", (hour + 23) % 24),
        format!("{:02}:00", (hour + 1) % 24),
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn email_follows_each_choice_and_quiet_hours_keep_it_in_the_app(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let config = Config {
        smtp_url: Some(format!("smtp://127.0.0.1:{}", sink.port)),
        notification_email_wait_secs: 0,
        ..Config::default()
    };
    let app = TestApp::with_config(pool.clone(), config.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, slug) = publish(&pool, &cleo, "Starfall", "Tell me everything", false).await;
    let ana = app.member("ana", "203.0.113.2").await;
    // Sign-up mail went to the outbox before the workers run; deliver only
    // what comes next.
    sqlx::query("update mail_outbox set sent_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    let workers = app.workers(&config);

    // Comments on her post are emailed by default.
    said(&ana, &post, None, "First comment!").await;
    let mails = received(&sink, 1).await;
    assert!(mails[0].contains("To: cleo@example.com"), "{}", mails[0]);
    assert!(mails[0].contains("commented on"), "{}", mails[0]);
    assert!(
        mails[0].contains(&format!("/p/{slug}")),
        "a link to the post: {}",
        mails[0]
    );
    assert!(
        mails[0].contains("/settings/notifications"),
        "a link to the choices: {}",
        mails[0]
    );

    // Quiet hours around now: the next comment is in the app, not in email.
    read_all(&cleo).await;
    let (start, end) = around_now();
    let res = prefer(
        &cleo,
        &[
            ("email", "on"),
            ("weekly_digest", "on"),
            ("in_app_post_commented", "on"),
            ("email_post_commented", "on"),
            ("in_app_mention", "on"),
            ("email_mention", "on"),
            ("quiet_start", &start),
            ("quiet_end", &end),
            ("timezone", "UTC"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    said(&ana, &post, None, "Said in the quiet hours").await;
    let outcome: String = sqlx::query_scalar(
        "select e.outcome from notification_emails e join notifications n on n.id = e.notification_id
         join users u on u.id = n.user_id where u.username = 'cleo' and n.read_at is null",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(outcome, "quiet");
    let unread = json(&cleo.get("/api/unread_notifications").await.body);
    assert_eq!(unread, 1, "the app still shows it");

    // Email for comments turned off (no quiet hours): in the app, never mailed.
    read_all(&cleo).await;
    let res = prefer(
        &cleo,
        &[
            ("email", "on"),
            ("in_app_post_commented", "on"),
            ("in_app_mention", "on"),
            ("email_mention", "on"),
            ("timezone", "UTC"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    said(&ana, &post, None, "Said with email off").await;
    let unread = json(&cleo.get("/api/unread_notifications").await.body);
    assert_eq!(unread, 1);
    let rows: i64 = sqlx::query_scalar(
        "select count(*) from notification_emails e join notifications n on n.id = e.notification_id
         where n.read_at is null and n.user_id = (select id from users where username = 'cleo')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(rows, 0, "nothing waits to be mailed");

    // In the app off too: nothing at all.
    read_all(&cleo).await;
    let res = prefer(
        &cleo,
        &[
            ("email", "on"),
            ("in_app_mention", "on"),
            ("email_mention", "on"),
            ("timezone", "UTC"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    said(&ana, &post, None, "Said with everything off").await;
    let unread = json(&cleo.get("/api/unread_notifications").await.body);
    assert_eq!(unread, 0);

    // A mention (still on) is mailed: the pipeline kept working, and the
    // SMTP server got exactly the first comment and this mention.
    said(&ana, &post, None, "Look at this @cleo").await;
    let mails = received(&sink, 2).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails_now = sink.messages();
    assert_eq!(mails_now.len(), 2, "nothing else was sent: {mails_now:?}");
    assert!(
        mails.iter().any(|m| m.contains("mentioned you")),
        "{mails:?}"
    );
    assert!(
        !mails
            .iter()
            .any(|m| m.contains("quiet hours") || m.contains("email off"))
    );

    // Email only (the app off, email on): mailed, never in the centre.
    read_all(&cleo).await;
    let res = prefer(
        &cleo,
        &[
            ("email", "on"),
            ("email_mention", "on"),
            ("timezone", "UTC"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let before = json(&cleo.get("/api/notifications").await.body)["items"]
        .as_array()
        .unwrap()
        .len();
    said(&ana, &post, None, "Only by email, @cleo").await;
    let mails = received(&sink, 3).await;
    assert_eq!(
        mails.iter().filter(|m| m.contains("mentioned you")).count(),
        2,
        "{mails:?}"
    );
    let unread = json(&cleo.get("/api/unread_notifications").await.body);
    assert_eq!(unread, 0, "not in the app");
    let centre = json(&cleo.get("/api/notifications").await.body);
    assert_eq!(
        centre["items"].as_array().unwrap().len(),
        before,
        "{centre}"
    );

    // A notification read in the app before its wait is over is not mailed.
    workers.stop().await;
    read_all(&cleo).await;
    let res = prefer(
        &cleo,
        &[
            ("email", "on"),
            ("in_app_mention", "on"),
            ("email_mention", "on"),
            ("timezone", "UTC"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    said(&ana, &post, None, "Hey @cleo again").await;
    read_all(&cleo).await;
    let queued =
        app::features::notifications::ssr::email::send_due(&pool, Duration::ZERO, "http://x")
            .await
            .unwrap();
    assert!(queued.is_empty());
    let seen: String = sqlx::query_scalar(
        "select outcome from notification_emails order by created_at desc limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(seen, "seen");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_preferences_page_saves_choices_and_refuses_bad_ones_by_field(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    assert_eq!(
        app.get("/settings/notifications").await.status,
        StatusCode::UNAUTHORIZED
    );
    let ana = app.member("ana", "203.0.113.2").await;
    let page = ana.get("/settings/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Comments on your posts and replies to you")
    );
    assert!(page.body.contains(r#"name="form[email_post_commented]""#));
    assert!(page.body.contains(r#"<option value="Europe/Paris""#));

    let defaults = json(&ana.get("/api/notification_preferences").await.body);
    let kind = |prefs: &serde_json::Value, k: &str| {
        prefs["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["kind"] == k)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        kind(&defaults, "POST_LIKED")["email"],
        false,
        "reactions stay in the app"
    );
    assert_eq!(kind(&defaults, "MENTION")["email"], true);

    let res = prefer(
        &ana,
        &[
            ("timezone", "Mars/Olympus"),
            ("quiet_start", "22:00"),
            ("quiet_end", "22:00"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("timezone") && res.body.contains("quiet_end"),
        "{}",
        res.body
    );
    let res = prefer(&ana, &[("timezone", "UTC"), ("quiet_start", "22:00")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    let res = prefer(
        &ana,
        &[
            ("timezone", "Europe/Paris"),
            ("quiet_start", "22:30"),
            ("quiet_end", "07:00"),
            ("email_post_liked", "on"),
            ("in_app_post_liked", "on"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let saved = json(&ana.get("/api/notification_preferences").await.body);
    assert_eq!(saved["timezone"], "Europe/Paris");
    assert_eq!(saved["quiet_start"], "22:30");
    assert_eq!(saved["email"], false, "unticked: no email at all");
    assert_eq!(kind(&saved, "POST_LIKED")["email"], true);
    assert_eq!(kind(&saved, "MENTION")["in_app"], false);

    // Without JavaScript the form post comes back to the page, saved.
    let res = ana
        .submit(
            "/api/save_notification_preferences",
            "/settings/notifications",
            &[("form[timezone]", "UTC"), ("form[email]", "on")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.header("location"), "/settings/notifications?saved=1");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_weekly_digest_goes_once_to_those_who_want_it(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, _) = publish(&pool, &cleo, "The week's big one", "Wow", false).await;
    let ana = app.member("ana", "203.0.113.2").await;
    let ben = app.member("ben", "203.0.113.3").await;
    said(&ana, &post, None, "So good").await;
    let res = prefer(&ben, &[("email", "on"), ("timezone", "UTC")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let week = app::features::notifications::ssr::email::week_of(Utc::now().date_naive())
        + chrono::Days::new(7);
    let first =
        app::features::notifications::ssr::email::weekly_digest(&pool, week, "http://sparkle.test")
            .await
            .unwrap();
    let again =
        app::features::notifications::ssr::email::weekly_digest(&pool, week, "http://sparkle.test")
            .await
            .unwrap();
    assert!(again.is_empty(), "a second run sends nothing");
    let to: BTreeMap<String, String> = sqlx::query_as::<_, (String, String)>(
        "select to_address, body_text from mail_outbox where kind = 'weekly_digest'",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert_eq!(first.len(), to.len());
    let cleo_digest = to.get("cleo@example.com").expect("Cleo's digest");
    assert!(
        cleo_digest.contains("1 unread notification"),
        "{cleo_digest}"
    );
    assert!(cleo_digest.contains("The week's big one"), "{cleo_digest}");
    assert!(to.contains_key("ana@example.com"));
    assert!(
        !to.contains_key("ben@example.com"),
        "Ben turned the digest off"
    );
}
