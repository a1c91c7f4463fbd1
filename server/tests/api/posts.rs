//! Posts: saving, publishing, permissions, slugs, scheduling, revisions,
//! views and counts, through the real router and database.

use app::features::posts::ssr::schedule;
use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::{TestApp, Visitor};

pub fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

pub async fn set_role(pool: &PgPool, username: &str, role: &str) {
    sqlx::query("update users set role = $2::user_role where username = $1")
        .bind(username)
        .bind(role)
        .execute(pool)
        .await
        .unwrap();
}

async fn category(pool: &PgPool, slug: &str) {
    sqlx::query("insert into categories (name, slug) values ($1, $1)")
        .bind(slug)
        .execute(pool)
        .await
        .unwrap();
}

const BODY: &str = "## The clue\n\nThe **locket** was in [episode 12](https://example.com/ep12) all along.\n\nhttps://youtu.be/dQw4w9WgXcQ?t=95\n";

/// Saves the editor form with `fields` (names without the `form[...]` wrapper).
pub async fn save(visitor: &Visitor<'_>, fields: &[(&str, &str)]) -> crate::helpers::TestResponse {
    send_form(visitor, "/api/save_post", fields).await
}

/// Sends the editor form to `path`, each field as `form[name]`.
async fn send_form(
    visitor: &Visitor<'_>,
    path: &str,
    fields: &[(&str, &str)],
) -> crate::helpers::TestResponse {
    let named: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (format!("form[{k}]"), (*v).to_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = named
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    visitor.call(path, &pairs).await
}

pub fn saved(res: &crate::helpers::TestResponse) -> (String, String, String, i64) {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let saved = &json(&res.body)["Saved"];
    (
        saved["id"].as_str().unwrap().to_owned(),
        saved["slug"].as_str().unwrap().to_owned(),
        saved["status"].as_str().unwrap().to_owned(),
        saved["version"].as_i64().unwrap(),
    )
}

pub async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_creator_publishes_a_markdown_post_and_fans_read_it(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    category(&pool, "theories").await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    let res = save(
        &cy,
        &[
            ("title", "The Locket Was There All Along"),
            ("body", BODY),
            ("content_type", "THEORY_THREAD"),
            ("category", "theories"),
            ("tags", "finale, #Theories, finale, Luna"),
            (
                "youtube_url",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s",
            ),
            ("allow_comments", "on"),
            ("intent", "publish"),
        ],
    )
    .await;
    let (_, slug, status, version) = saved(&res);
    assert_eq!(
        (slug.as_str(), status.as_str(), version),
        ("the-locket-was-there-all-along", "PUBLISHED", 1)
    );
    assert_eq!(res.header("location"), "/p/the-locket-was-there-all-along");

    let fan = app.member("fan", "203.0.113.2").await;
    let res = fan.call("/api/post", &[("slug", &slug)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page = json(&res.body);
    assert_eq!(page["title"], "The Locket Was There All Along");
    let html = page["html"].as_str().unwrap();
    assert!(
        html.contains("<h2 id=\"h-the-clue\">The clue</h2>"),
        "{html}"
    );
    assert!(html.contains("<strong>locket</strong>"));
    assert!(html.contains("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95"));
    assert_eq!(page["youtube"], serde_json::json!(["dQw4w9WgXcQ", 65]));
    let tags: Vec<&str> = page["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert_eq!(page["toc"][0]["anchor"], "h-the-clue");
    assert_eq!(
        count(
            &pool,
            "select post_count::bigint from categories where slug = 'theories'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&pool, "select sum(post_count)::bigint from tags").await,
        3
    );
    assert_eq!(
        count(&pool, "select posts_count::bigint from user_stats s join users u on u.id = s.user_id where username = 'cyra'").await,
        1
    );
    assert_eq!(count(&pool, "select count(*) from post_revisions").await, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn only_authors_edit_and_only_creators_publish_unless_the_site_allows(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let fan = app.member("fan", "203.0.113.1").await;
    let (id, slug, status, _) = saved(
        &save(
            &fan,
            &[
                ("title", "My first theory"),
                ("body", BODY),
                ("intent", "save"),
            ],
        )
        .await,
    );
    assert_eq!(status, "DRAFT");

    // A fan may not publish while the site setting is off.
    let res = save(
        &fan,
        &[
            ("id", &id),
            ("title", "My first theory"),
            ("body", BODY),
            ("intent", "publish"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert!(
        res.body.contains("Only creators can publish"),
        "{}",
        res.body
    );

    // A draft is 404 to everyone but its authors and staff.
    let other = app.member("other", "203.0.113.2").await;
    assert_eq!(
        other.call("/api/post", &[("slug", &slug)]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.visitor("203.0.113.3")
            .call("/api/post", &[("slug", &slug)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fan.call("/api/post", &[("slug", &slug)]).await.status,
        StatusCode::OK
    );

    // Someone else may not edit it, nor open its editor, nor change its status.
    let res = save(
        &other,
        &[
            ("id", &id),
            ("title", "Taken over"),
            ("body", "mine now"),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(
        other.call("/api/post_editor", &[("id", &id)]).await.status,
        StatusCode::FORBIDDEN
    );
    let res = other
        .call(
            "/api/set_post_status",
            &[("id", &id), ("status", "DELETED")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Staff fields are refused to non-staff.
    let res = save(
        &fan,
        &[
            ("id", &id),
            ("title", "My first theory"),
            ("body", BODY),
            ("featured", "on"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // A co-author may edit; a moderator may too.
    let res = save(
        &fan,
        &[
            ("id", &id),
            ("title", "My first theory"),
            ("body", BODY),
            ("coauthors", "other"),
        ],
    )
    .await;
    saved(&res);
    let res = save(
        &other,
        &[
            ("id", &id),
            ("title", "Our first theory"),
            ("body", BODY),
            ("coauthors", "other"),
        ],
    )
    .await;
    let (_, slug, _, version) = saved(&res);
    assert_eq!(
        (slug.as_str(), version),
        ("our-first-theory", 2),
        "a draft's address follows its title"
    );

    // With the setting on, the fan may publish.
    sqlx::query("update site_settings set value = 'true' where key = 'posts.anyone_can_publish'")
        .execute(&pool)
        .await
        .unwrap();
    let res = save(
        &fan,
        &[
            ("id", &id),
            ("title", "Our first theory"),
            ("body", BODY),
            ("coauthors", "other"),
            ("intent", "publish"),
        ],
    )
    .await;
    assert_eq!(saved(&res).2, "PUBLISHED");
    assert_eq!(
        other.call("/api/post", &[("slug", &slug)]).await.status,
        StatusCode::OK
    );

    // Unverified members may not write at all; visitors must sign in.
    let res = app
        .visitor("203.0.113.9")
        .call("/api/save_post", &[("form[title]", "x")])
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_documents_are_refused_next_to_the_body_field(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    let res = save(
        &cy,
        &[
            ("title", "Bad link"),
            ("body", "[click](javascript:alert(1))"),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let error = json(&res.body);
    let messages = error["fields"]["body"].as_array().unwrap();
    assert!(
        messages[0]
            .as_str()
            .unwrap()
            .starts_with("Block 1: links must start with"),
        "{messages:?}"
    );

    let unknown = r#"{"version":1,"blocks":[{"type":"embed","url":"https://vimeo.com/1"}]}"#;
    let res = save(
        &cy,
        &[
            ("title", "Bad node"),
            ("body_json", unknown),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(&res.body)["fields"]["body"][0]
            .as_str()
            .unwrap()
            .contains("unknown variant `embed`")
    );

    let res = save(
        &cy,
        &[
            ("title", "x"),
            ("youtube_url", "https://vimeo.com/1"),
            ("tags", "<script>"),
            ("intent", "save"),
        ],
    )
    .await;
    let fields = &json(&res.body)["fields"];
    assert!(
        fields["title"].is_array() && fields["youtube_url"].is_array() && fields["tags"].is_array(),
        "{fields}"
    );
    assert_eq!(count(&pool, "select count(*) from posts").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn xss_in_markdown_never_reaches_the_page_as_markup(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    let body = "<script>alert(1)</script>\n\n**<img src=x onerror=alert(1)>**\n\n<div onclick=\"alert(1)\">x</div>\n\n`</code><script>x</script>`";
    let (_, slug, ..) = saved(
        &save(
            &cy,
            &[
                ("title", "</title><script>alert('title')</script>"),
                ("body", body),
                ("intent", "publish"),
            ],
        )
        .await,
    );
    let page = app.visitor("203.0.113.5").get(&format!("/p/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    if let Some(at) = page.body.find("<script>alert") {
        panic!(
            "{}",
            &page.body[at.saturating_sub(300)..(at + 100).min(page.body.len())]
        );
    }
    assert!(!page.body.contains("<img src=x"), "{}", page.body);
    assert!(!page.body.contains("<div onclick"));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.body.contains("<title>&lt;/title&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; · Sparkle Universe</title>"), "the title is escaped");
}

#[sqlx::test(migrations = "../migrations")]
async fn slugs_stay_unique_when_many_writers_save_at_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    let cy = &cy;
    let saves = (0..8).map(|_| async move {
        save(
            cy,
            &[("title", "Same Title"), ("body", BODY), ("intent", "save")],
        )
        .await
    });
    let results = futures::future::join_all(saves).await;
    let mut slugs: Vec<String> = results.iter().map(|res| saved(res).1).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "{slugs:?}");
    assert!(slugs.contains(&"same-title".to_owned()) && slugs.contains(&"same-title-2".to_owned()));

    // A chosen slug that is taken is a field error, not a silent change.
    let res = save(
        cy,
        &[
            ("title", "Other"),
            ("slug", "same-title"),
            ("body", BODY),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(&res.body)["fields"]["slug"].is_array());
}

#[sqlx::test(migrations = "../migrations")]
async fn scheduled_posts_go_live_when_their_time_comes(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    category(&pool, "news").await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    let res = save(
        &cy,
        &[
            ("title", "Premiere tonight"),
            ("body", BODY),
            ("category", "news"),
            ("intent", "schedule"),
        ],
    )
    .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a schedule needs a time"
    );
    let res = save(
        &cy,
        &[
            ("title", "Premiere tonight"),
            ("body", BODY),
            ("category", "news"),
            ("tags", "premiere"),
            ("scheduled_at", "2099-01-01T20:00"),
            ("intent", "schedule"),
        ],
    )
    .await;
    let (id, slug, status, _) = saved(&res);
    assert_eq!(status, "SCHEDULED");
    assert!(
        schedule::publish_due(&pool).await.unwrap().is_empty(),
        "not yet"
    );
    assert_eq!(
        app.visitor("203.0.113.2")
            .call("/api/post", &[("slug", &slug)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        count(&pool, "select post_count::bigint from categories").await,
        0
    );

    sqlx::query("update posts set scheduled_publish_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    let published = schedule::publish_due(&pool).await.unwrap();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].to_string(), id);
    // The site tells the author (a SYSTEM notification, with its email by default).
    let res = cy.get("/api/notifications").await;
    let centre = json(&res.body);
    assert_eq!(centre["items"][0]["kind"], "SYSTEM", "{centre}");
    assert_eq!(
        centre["items"][0]["text"],
        "Your scheduled post is live: “Premiere tonight” was published as planned"
    );
    assert_eq!(centre["items"][0]["url"], format!("/p/{slug}"));
    assert_eq!(
        count(&pool, "select count(*) from notification_emails").await,
        1,
        "team news is emailed by default"
    );
    assert_eq!(
        app.visitor("203.0.113.2")
            .call("/api/post", &[("slug", &slug)])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        count(&pool, "select post_count::bigint from categories").await,
        1
    );
    assert_eq!(count(&pool, "select post_count::bigint from tags").await, 1);
    assert_eq!(
        count(
            &pool,
            "select count(*) from post_tags where published_at is not null"
        )
        .await,
        1
    );
    assert!(
        schedule::publish_due(&pool).await.unwrap().is_empty(),
        "published once"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn revisions_diff_and_restore(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    let (id, ..) = saved(
        &save(
            &cy,
            &[
                ("title", "Draft one"),
                ("body", "First line.\n\nSecond line."),
                ("intent", "save"),
            ],
        )
        .await,
    );
    // Saving unchanged content makes no revision.
    let res = save(
        &cy,
        &[
            ("id", &id),
            ("version", "1"),
            ("title", "Draft one"),
            ("body", "First line.\n\nSecond line."),
        ],
    )
    .await;
    assert_eq!(saved(&res).3, 1);
    let res = save(
        &cy,
        &[
            ("id", &id),
            ("version", "1"),
            ("title", "Draft two"),
            ("body", "First line.\n\nA better second line."),
            ("change_note", "tighter"),
        ],
    )
    .await;
    assert_eq!(saved(&res).3, 2);
    // A save from a stale editor is refused.
    let res = save(
        &cy,
        &[
            ("id", &id),
            ("version", "1"),
            ("title", "Old tab"),
            ("body", "x"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);

    let res = cy
        .call(
            "/api/post_revisions",
            &[("id", &id), ("from", "1"), ("to", "2")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let history = json(&res.body);
    assert_eq!(history["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(history["revisions"][0]["change_note"], "tighter");
    let diff = history["diff"].as_array().unwrap();
    assert!(
        diff.contains(&serde_json::json!({"Removed": "# Draft one"})),
        "{diff:?}"
    );
    assert!(
        diff.contains(&serde_json::json!({"Added": "A better second line."})),
        "{diff:?}"
    );
    assert!(
        diff.contains(&serde_json::json!({"Same": "First line."})),
        "{diff:?}"
    );

    let res = cy
        .call("/api/restore_revision", &[("id", &id), ("version", "1")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(json(&res.body), 3);
    let (title, html): (String, String) = sqlx::query_as("select title, content_html from posts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        (title.as_str(), html.as_str()),
        ("Draft one", "<p>First line.</p><p>Second line.</p>")
    );
    let other = app.member("other", "203.0.113.2").await;
    assert_eq!(
        other
            .call("/api/post_revisions", &[("id", &id)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn views_are_unique_per_viewer_per_day(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    let (id, slug, ..) = saved(
        &save(
            &cy,
            &[("title", "Counted"), ("body", BODY), ("intent", "publish")],
        )
        .await,
    );
    let fan = app.member("fan", "203.0.113.2").await;
    let visitor = app.visitor("203.0.113.3");
    for reader in [&fan, &fan, &visitor, &visitor] {
        assert_eq!(
            reader.call("/api/post", &[("slug", &slug)]).await.status,
            StatusCode::OK
        );
    }
    let res = fan
        .call(
            "/api/post_read",
            &[("post_id", &id), ("seconds", "95"), ("depth", "80")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.views.flush(&pool).await.unwrap();
    let (views, unique, avg): (i32, i32, f64) =
        sqlx::query_as("select view_count, unique_view_count, avg_read_time from post_stats")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((views, unique), (4, 2));
    assert!((avg - 95.0).abs() < 0.01);
    let (duration, depth): (i32, f32) = sqlx::query_as(
        "select view_duration, scroll_depth from view_history where user_id is not null",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((duration, depth), (95, 80.0));
    // Every report carries the whole time since the post opened (the tab
    // hidden at 95 s, then the page left at 120 s): still one read, of 120 s.
    // The visitor's read of 60 s makes two.
    for (reader, seconds, depth) in [(&fan, "120", "90"), (&visitor, "60", "30")] {
        let res = reader
            .call(
                "/api/post_read",
                &[("post_id", &id), ("seconds", seconds), ("depth", depth)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    app.views.flush(&pool).await.unwrap();
    let (reads, total, avg): (i32, i64, f64) =
        sqlx::query_as("select timed_reads, total_read_seconds, avg_read_time from post_stats")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((reads, total), (2, 180));
    assert!((avg - 90.0).abs() < 0.01, "{avg}");
    let (duration, depth): (i32, f32) = sqlx::query_as(
        "select view_duration, scroll_depth from view_history where user_id is not null",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((duration, depth), (120, 90.0));
    // A crawler is not counted.
    let res = app
        .send(
            http::Request::post("/api/post")
                .header("content-type", "application/x-www-form-urlencoded")
                .header(
                    "user-agent",
                    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                )
                .body(axum::body::Body::from(format!("slug={slug}")))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    app.views.flush(&pool).await.unwrap();
    assert_eq!(
        count(&pool, "select view_count::bigint from post_stats").await,
        4
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn concurrent_publishing_keeps_category_and_tag_counts_right(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    category(&pool, "fan-art").await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    let mut ids = Vec::new();
    for n in 0..6 {
        let title = format!("Drawing number {n}");
        let (id, ..) = saved(
            &save(
                &cy,
                &[
                    ("title", &title),
                    ("body", BODY),
                    ("category", "fan-art"),
                    ("tags", "art, luna"),
                ],
            )
            .await,
        );
        ids.push(id);
    }
    let cy = &cy;
    let publishes = ids.iter().map(|id| async move {
        cy.call(
            "/api/set_post_status",
            &[("id", id), ("status", "PUBLISHED")],
        )
        .await
    });
    for res in futures::future::join_all(publishes).await {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let changes = ids[..3].iter().enumerate().map(|(n, id)| async move {
        let status = if n < 2 { "ARCHIVED" } else { "DELETED" };
        cy.call("/api/set_post_status", &[("id", id), ("status", status)])
            .await
    });
    for res in futures::future::join_all(changes).await {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    assert_eq!(
        count(&pool, "select post_count::bigint from categories").await,
        3
    );
    assert_eq!(
        count(&pool, "select min(post_count)::bigint from tags").await,
        3
    );
    assert_eq!(
        count(&pool, "select max(post_count)::bigint from tags").await,
        3
    );
    assert_eq!(
        count(&pool, "select posts_count::bigint from user_stats s join users u on u.id = s.user_id where username = 'cyra'").await,
        3
    );
    assert_eq!(
        count(&pool, "select count(*) from post_stats where published").await,
        3
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn without_javascript_a_refused_save_comes_back_with_everything_typed(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    let long_body = format!("{BODY}\n\n[bad](javascript:alert(1))");
    let res = cy
        .submit(
            "/api/save_post",
            "/write",
            &[
                ("form[title]", "Kept title"),
                ("form[body]", &long_body),
                ("form[tags]", "kept"),
                ("form[intent]", "publish"),
            ],
        )
        .await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    assert_eq!(res.header("location"), "/write#editor");
    let res = cy.call("/api/post_editor", &[]).await;
    let editor = json(&res.body);
    assert_eq!(editor["form"]["title"], "Kept title");
    assert_eq!(editor["form"]["body"], long_body.as_str());
    assert_eq!(editor["form"]["tags"], "kept");
    assert!(editor["error"]["fields"]["body"].is_array(), "{editor}");
    // The flash is shown once.
    let again = json(&cy.call("/api/post_editor", &[]).await.body);
    assert_eq!(again["form"]["title"], "");

    // A preview comes back the same way, with the rendered body.
    let res = cy
        .submit(
            "/api/save_post",
            "/write",
            &[
                ("form[title]", "Peek"),
                ("form[body]", "Hello **there**"),
                ("form[intent]", "preview"),
            ],
        )
        .await;
    assert!(res.status.is_redirection());
    let editor = json(&cy.call("/api/post_editor", &[]).await.body);
    assert_eq!(
        editor["preview_html"],
        "<p>Hello <strong>there</strong></p>"
    );
    assert_eq!(count(&pool, "select count(*) from posts").await, 0);

    // A good save goes to the post's editor (a draft) without JavaScript too.
    let res = cy
        .submit(
            "/api/save_post",
            "/write",
            &[
                ("form[title]", "Saved plainly"),
                ("form[body]", BODY),
                ("form[intent]", "save"),
            ],
        )
        .await;
    assert!(res.status.is_redirection());
    assert!(
        res.header("location").starts_with("/write/"),
        "{}",
        res.header("location")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_cover_picture_is_uploaded_described_and_shown_with_the_post(pool: PgPool) {
    use crate::profiles::png;
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    // Hydrated: the file alone, the picture back.
    let res = cy
        .upload_multipart(
            "/api/post_cover",
            &[],
            ("cover_file", "cover.png", &png(1600, 900)),
            false,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let image = json(&res.body);
    let media = image["id"].as_str().unwrap().to_owned();
    assert!(
        image["url"].as_str().unwrap().starts_with("/media/"),
        "{image}"
    );

    // A cover needs its description.
    let res = save(
        &cy,
        &[
            ("title", "With a cover"),
            ("body", BODY),
            ("cover_image", &media),
            ("intent", "publish"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        json(&res.body)["fields"]["cover_alt"].is_array(),
        "{}",
        res.body
    );
    let (id, slug, _, version) = saved(
        &save(
            &cy,
            &[
                ("title", "With a cover"),
                ("body", BODY),
                ("cover_image", &media),
                ("cover_alt", "The locket glowing on the pier"),
                ("intent", "publish"),
            ],
        )
        .await,
    );
    let page = json(&cy.call("/api/post", &[("slug", &slug)]).await.body);
    assert_eq!(page["cover"]["alt"], "The locket glowing on the pier");
    let html = app
        .visitor("203.0.113.5")
        .get(&format!("/p/{slug}"))
        .await
        .body;
    assert!(
        html.contains(r#"alt="The locket glowing on the pier""#),
        "{html}"
    );
    let feed = json(&cy.call("/api/feed", &[("feed", "latest")]).await.body);
    assert_eq!(
        feed["cards"][0]["cover"]["alt"], "The locket glowing on the pier",
        "{feed}"
    );

    // Someone else's picture cannot be borrowed.
    let other = app.member("other", "203.0.113.2").await;
    let res = save(
        &other,
        &[
            ("title", "Borrowed"),
            ("body", BODY),
            ("cover_image", &media),
            ("cover_alt", "Not mine"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        json(&res.body)["fields"]["cover_image"].is_array(),
        "{}",
        res.body
    );

    // Taking the cover off.
    let version = version.to_string();
    saved(
        &save(
            &cy,
            &[
                ("id", &id),
                ("version", &version),
                ("title", "With a cover"),
                ("body", BODY),
                ("cover_image", &media),
                ("cover_alt", "The locket glowing on the pier"),
                ("remove_cover", "on"),
                ("intent", "save"),
            ],
        )
        .await,
    );
    let page = json(&cy.call("/api/post", &[("slug", &slug)]).await.body);
    assert!(page["cover"].is_null(), "{page}");

    // Without JavaScript the whole form comes along and goes back to the
    // editor with the picture in place and everything typed kept.
    let res = cy
        .upload_multipart(
            "/api/post_cover",
            &[
                ("form[title]", "Typed before the upload"),
                ("form[body]", "A body **typed** first."),
                ("form[tags]", "lighthouse, locket"),
            ],
            ("cover_file", "cover.png", &png(800, 600)),
            true,
        )
        .await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    assert_eq!(res.header("location"), "/write#editor");
    let editor = json(&cy.call("/api/post_editor", &[]).await.body);
    assert_eq!(editor["form"]["title"], "Typed before the upload");
    assert_eq!(editor["form"]["body"], "A body **typed** first.");
    assert_eq!(editor["form"]["tags"], "lighthouse, locket");
    assert_eq!(
        editor["form"]["cover_image"], editor["cover"]["id"],
        "{editor}"
    );
    assert!(editor["cover"]["url"].is_string(), "{editor}");

    // A file that is not a picture: back to the editor with the reason next
    // to the cover field, and the typing kept.
    let res = cy
        .upload_multipart(
            "/api/post_cover",
            &[("form[title]", "Still here")],
            (
                "cover_file",
                "cover.png",
                b"#!/bin/sh\necho not a picture\n",
            ),
            true,
        )
        .await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    let editor = json(&cy.call("/api/post_editor", &[]).await.body);
    assert_eq!(editor["form"]["title"], "Still here");
    assert!(
        editor["error"]["fields"]["cover_image"][0]
            .as_str()
            .unwrap()
            .contains("isn't a picture"),
        "{editor}"
    );
    // Too big (over 8 MB, under the uploads' 10 MB request limit): the
    // same, with the typing kept.
    let huge = vec![0u8; 9 * 1024 * 1024];
    let res = cy
        .upload_multipart(
            "/api/post_cover",
            &[("form[title]", "Kept through a big file")],
            ("cover_file", "huge.png", &huge),
            true,
        )
        .await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    let editor = json(&cy.call("/api/post_editor", &[]).await.body);
    assert_eq!(editor["form"]["title"], "Kept through a big file");
    assert!(
        editor["error"]["fields"]["cover_image"][0]
            .as_str()
            .unwrap()
            .contains("too big"),
        "{editor}"
    );
    // Hydrated, the same refusal is a 422 naming the cover field.
    let res = cy
        .upload_multipart(
            "/api/post_cover",
            &[],
            ("cover_file", "x.png", b"nope"),
            false,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(json(&res.body)["fields"]["cover_image"].is_array());

    // Signed out: refused.
    let res = app
        .visitor("203.0.113.9")
        .upload_multipart(
            "/api/post_cover",
            &[],
            ("cover_file", "cover.png", &png(100, 100)),
            false,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn body_pictures_upload_and_wait_for_alt_text_until_publishing(pool: PgPool) {
    use crate::profiles::png;
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    let res = cy
        .upload_multipart(
            "/api/post_picture",
            &[],
            ("file", "pier.png", &png(1600, 1000)),
            false,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let image = json(&res.body);
    let src = image["url"].as_str().unwrap().to_owned();
    assert!(src.starts_with("/media/post/"), "{image}");
    assert_eq!(image["width"], 1200, "{image}");
    assert_eq!(image["height"], 750, "{image}");
    // The stored renditions are served.
    let served = app.visitor("203.0.113.5").get(&src).await;
    assert_eq!(served.status, StatusCode::OK);

    let body = |alt: &str| {
        serde_json::json!({
            "version": 1,
            "blocks": [
                {"type": "paragraph", "content": [{"type": "text", "text": "At the pier:"}]},
                {"type": "image", "src": src, "alt": alt, "caption": "Dusk", "width": 1200, "height": 750}
            ]
        })
        .to_string()
    };
    // A draft may wait for the alt text…
    let (id, slug, status, version) = saved(
        &save(
            &cy,
            &[
                ("title", "Pier pictures"),
                ("body_json", &body("")),
                ("intent", "save"),
            ],
        )
        .await,
    );
    assert_eq!(status, "DRAFT");
    // …publishing may not, and says why next to the body: neither from the
    // editor nor by the status switch.
    let res = cy
        .call(
            "/api/set_post_status",
            &[("id", &id), ("status", "PUBLISHED")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        json(&res.body)["fields"]["body"][0]
            .as_str()
            .unwrap()
            .contains("alt text"),
        "{}",
        res.body
    );
    let version = version.to_string();
    let res = save(
        &cy,
        &[
            ("id", &id),
            ("version", &version),
            ("title", "Pier pictures"),
            ("body_json", &body(" ")),
            ("intent", "publish"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let message = json(&res.body)["fields"]["body"][0]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("alt text"), "{message}");
    let (_, _, status, version) = saved(
        &save(
            &cy,
            &[
                ("id", &id),
                ("version", &version),
                ("title", "Pier pictures"),
                ("body_json", &body("The old pier at dusk, lanterns lit")),
                ("intent", "publish"),
            ],
        )
        .await,
    );
    assert_eq!(status, "PUBLISHED");
    let html = app
        .visitor("203.0.113.5")
        .get(&format!("/p/{slug}"))
        .await
        .body;
    assert!(
        html.contains(&format!(
            r#"<img src="{src}" alt="The old pier at dusk, lanterns lit" width="1200" height="750""#
        )),
        "{html}"
    );
    assert!(html.contains("<figcaption>Dusk</figcaption>"), "{html}");
    // Once published, taking the alt text away is refused, not saved.
    let version = version.to_string();
    let res = save(
        &cy,
        &[
            ("id", &id),
            ("version", &version),
            ("title", "Pier pictures"),
            ("body_json", &body("")),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

    // Not a picture: the reason names the file field.
    let res = cy
        .upload_multipart("/api/post_picture", &[], ("file", "x.png", b"nope"), false)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        json(&res.body)["fields"]["file"][0]
            .as_str()
            .unwrap()
            .contains("isn't a picture"),
        "{}",
        res.body
    );
    // A phone photo's size (over the 2 MB form limit, under 8 MB) gets as
    // far as the picture check.
    let big = vec![0u8; 3 * 1024 * 1024];
    let res = cy
        .upload_multipart("/api/post_picture", &[], ("file", "big.jpg", &big), false)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("isn't a picture"), "{}", res.body);
    // Signed out: refused, nothing stored.
    let before = count(&pool, "select count(*) from media_files").await;
    let res = app
        .visitor("203.0.113.9")
        .upload_multipart(
            "/api/post_picture",
            &[],
            ("file", "pier.png", &png(100, 100)),
            false,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        count(&pool, "select count(*) from media_files").await,
        before
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_burst_of_uploads_is_rate_limited_per_account(pool: PgPool) {
    use crate::profiles::png;
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.1").await;
    set_role(&pool, "cyra", "CREATOR").await;
    let picture = png(64, 64);
    // A burst of 60, then one more every 12 seconds: however slow the
    // uploads, the limit is reached before 60 + the tokens earned meanwhile.
    let started = std::time::Instant::now();
    let mut accepted = 0u64;
    loop {
        let res = cy
            .upload_multipart("/api/post_picture", &[], ("file", "a.png", &picture), false)
            .await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        accepted += 1;
        assert!(accepted <= 100, "no limit after {accepted} uploads");
    }
    let earned = started.elapsed().as_secs() / 12 + 1;
    assert!(
        (60..=60 + earned).contains(&accepted),
        "{accepted} accepted in {:?}",
        started.elapsed()
    );
    // The cover upload counts against the same limit; nothing more is stored.
    let res = cy
        .upload_multipart(
            "/api/post_cover",
            &[],
            ("cover_file", "a.png", &picture),
            false,
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    assert_eq!(
        count(&pool, "select count(*) from media_files").await,
        i64::try_from(accepted).unwrap()
    );
    // Someone else still uploads.
    let other = app.member("other", "203.0.113.2").await;
    set_role(&pool, "other", "CREATOR").await;
    let res = other
        .upload_multipart("/api/post_picture", &[], ("file", "a.png", &picture), false)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// Sends the editor form to autosave.
async fn autosave(visitor: &Visitor<'_>, fields: &[(&str, &str)]) -> crate::helpers::TestResponse {
    send_form(visitor, "/api/autosave_post", fields).await
}

#[sqlx::test(migrations = "../migrations")]
async fn autosaved_drafts_come_back_until_saved_and_a_newer_save_is_reported(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    set_role(&pool, "cleo", "CREATOR").await;
    let body = r#"{"version":1,"blocks":[{"type":"paragraph","content":[{"type":"text","text":"Half a thought"}]}]}"#;

    // A new post's editor gets a key; an autosave keeps the form as typed,
    // even a title too short to save.
    let editor = json(&cleo.call("/api/post_editor", &[]).await.body);
    let key = editor["form"]["draft_key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 36, "{editor}");
    let res = autosave(
        &cleo,
        &[("draft_key", &key), ("title", "Hm"), ("body_json", body)],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(json(&res.body)["conflict"].is_null(), "{}", res.body);

    // Reopened with the key, the editor holds it and says so.
    let editor = json(&cleo.call("/api/post_editor", &[("draft", &key)]).await.body);
    assert_eq!(editor["form"]["title"], "Hm");
    assert_eq!(editor["form"]["body_json"], body);
    assert!(editor["restored_at"].is_string(), "{editor}");
    // Nobody else sees it under that key.
    let ana = app.member("ana", "203.0.113.2").await;
    let theirs = json(&ana.call("/api/post_editor", &[("draft", &key)]).await.body);
    assert_eq!(theirs["form"]["title"], "");
    assert!(theirs["restored_at"].is_null());

    // Saving the post forgets the autosave.
    let (id, _, _, version) = saved(
        &save(
            &cleo,
            &[
                ("draft_key", &key),
                ("title", "Whole thought"),
                ("body_json", body),
                ("intent", "save"),
            ],
        )
        .await,
    );
    assert_eq!(count(&pool, "select count(*) from post_autosaves").await, 0);

    // Autosaves of a stored post: only its writers may keep one.
    let version = version.to_string();
    let res = autosave(
        &ana,
        &[("id", &id), ("version", &version), ("title", "Mine")],
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = autosave(
        &cleo,
        &[
            ("id", &id),
            ("version", &version),
            ("title", "Whole thought, edited"),
            ("body_json", body),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let editor = json(&cleo.call("/api/post_editor", &[("id", &id)]).await.body);
    assert_eq!(editor["form"]["title"], "Whole thought, edited");
    assert_eq!(editor["form"]["version"], version.as_str());

    // A co-author saves a newer version meanwhile: the next autosave keeps
    // Cleo's text and reports who saved and which version.
    sqlx::query("insert into post_authors (post_id, user_id) select $1::uuid, id from users where username = 'ana'")
        .bind(&id)
        .execute(&pool)
        .await
        .unwrap();
    saved(
        &save(
            &ana,
            &[
                ("id", &id),
                ("version", &version),
                ("title", "Ana's take"),
                ("coauthors", "ana"),
                ("body_json", body),
                ("intent", "save"),
            ],
        )
        .await,
    );
    let res = autosave(
        &cleo,
        &[
            ("id", &id),
            ("version", &version),
            ("title", "Cleo's take"),
            ("body_json", body),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let conflict = &json(&res.body)["conflict"];
    assert_eq!(conflict["editor"], "ana", "{}", res.body);
    assert_eq!(conflict["version"], version.parse::<i64>().unwrap() + 1);
    // Her explicit save is refused rather than overwriting Ana's.
    let res = save(
        &cleo,
        &[
            ("id", &id),
            ("version", &version),
            ("title", "Cleo's take"),
            ("body_json", body),
            ("intent", "save"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let editor = json(&cleo.call("/api/post_editor", &[("id", &id)]).await.body);
    assert_eq!(editor["form"]["title"], "Cleo's take");

    // Discarding goes back to the stored post.
    let res = cleo
        .call("/api/discard_autosave", &[("id", &id), ("draft_key", "")])
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let editor = json(&cleo.call("/api/post_editor", &[("id", &id)]).await.body);
    assert_eq!(editor["form"]["title"], "Ana's take");
    assert!(editor["restored_at"].is_null());

    // Signed out: no autosave.
    let res = autosave(
        &app.visitor("203.0.113.9"),
        &[("draft_key", &key), ("title", "x")],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
}
