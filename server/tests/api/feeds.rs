//! Feeds: keyset pagination that neither repeats nor skips while posts
//! arrive, the home feed's order, categories with subcategories, tag
//! following, Atom and the sitemap, "My posts", and the category admin.

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, Visitor, quick_user};

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// A published post as the write path leaves it (the post, its stats with
/// the trending score, its tags with the feed mirror), written directly so
/// a test can choose publication times, ties included.
async fn publish(
    pool: &PgPool,
    author: Uuid,
    slug: &str,
    at: DateTime<Utc>,
    category: Option<&str>,
    tags: &[&str],
) -> Uuid {
    let id: Uuid = sqlx::query_scalar(
        "insert into posts (slug, title, content, content_html, author_id, category_id, content_status, published_at)
         values ($1, $1, '{\"version\":1,\"blocks\":[]}', '', $2, (select id from categories where slug = $3), 'PUBLISHED', $4)
         returning id",
    )
    .bind(slug)
    .bind(author)
    .bind(category)
    .bind(at)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into post_stats (post_id, published, hot_score)
         values ($1, true, post_hot_score(0, 0, 0, 0, 0, $2))",
    )
    .bind(id)
    .bind(at)
    .execute(pool)
    .await
    .unwrap();
    for tag in tags {
        sqlx::query("insert into tags (name, slug) values ($1, $1) on conflict do nothing")
            .bind(tag)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query(
            "with t as (update tags set post_count = post_count + 1 where slug = $2 returning id)
             insert into post_tags (post_id, tag_id, published_at) select $1, id, $3 from t",
        )
        .bind(id)
        .bind(tag)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query("update categories set post_count = post_count + 1 where slug = $1")
        .bind(category)
        .execute(pool)
        .await
        .unwrap();
    id
}

async fn category(pool: &PgPool, slug: &str, parent: Option<&str>) {
    sqlx::query(
        "insert into categories (name, slug, parent_id) values ($1, $1, (select id from categories where slug = $2))",
    )
    .bind(slug)
    .bind(parent)
    .execute(pool)
    .await
    .unwrap();
}

/// Saves the category admin form: id (empty for new), name, parent id.
async fn save_category(
    visitor: &Visitor<'_>,
    (id, name, parent): (&str, &str, &str),
) -> crate::helpers::TestResponse {
    visitor
        .call(
            "/api/save_category",
            &[
                ("form[id]", id),
                ("form[name]", name),
                ("form[slug]", ""),
                ("form[parent]", parent),
                ("form[active]", "on"),
            ],
        )
        .await
}

/// One page of `feed` as the browser asks for it: (post ids, next cursor,
/// how many came from follows).
async fn page(
    visitor: &Visitor<'_>,
    feed: &str,
    after: Option<&str>,
) -> (Vec<Uuid>, Option<String>, usize) {
    let mut fields = vec![("feed", feed)];
    if let Some(after) = after {
        fields.push(("after", after));
    }
    let res = visitor.call("/api/feed", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{feed}: {}", res.body);
    let body = json(&res.body);
    let ids = body["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().parse().unwrap())
        .collect();
    let next = body["next"].as_str().map(str::to_owned);
    let followed = body["followed"].as_u64().unwrap() as usize;
    (ids, next, followed)
}

/// Every post of `feed`, page by page, checking no page repeats a post.
async fn walk(visitor: &Visitor<'_>, feed: &str) -> Vec<Uuid> {
    let mut all = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let (ids, next, _) = page(visitor, feed, after.as_deref()).await;
        all.extend(ids);
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let unique: HashSet<&Uuid> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "{feed} repeated a post");
    all
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_never_repeat_or_skip_while_new_posts_arrive(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = quick_user(&pool, "cleo").await;
    let base = Utc::now() - Duration::hours(100);
    let mut expected = Vec::new();
    // 45 posts, every three sharing one publication time: the id breaks ties.
    for n in 0..45 {
        let at = base + Duration::minutes(i64::from(n / 3) * 10);
        expected.push(publish(&pool, cleo, &format!("post-{n}"), at, None, &["lore"]).await);
    }
    let fan = app.visitor("203.0.113.5");
    let (first, next, _) = page(&fan, "latest", None).await;
    assert_eq!(first.len(), 20);
    // New posts arrive while the fan reads the first page.
    for n in 0..7 {
        publish(
            &pool,
            cleo,
            &format!("fresh-{n}"),
            Utc::now(),
            None,
            &["lore"],
        )
        .await;
    }
    let mut seen = first.clone();
    let mut after = next;
    while let Some(cursor) = after {
        let (ids, next, _) = page(&fan, "latest", Some(&cursor)).await;
        seen.extend(ids);
        after = next;
    }
    let unique: HashSet<&Uuid> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a post was shown twice");
    // Exactly the 45 posts that existed when the fan started, newest first.
    let mut newest_first: Vec<Uuid> = expected.clone();
    newest_first.reverse();
    let order: Vec<(DateTime<Utc>, Uuid)> = sqlx::query_as(
        "select published_at, id from posts where slug like 'post-%' order by published_at desc, id desc",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let by_key: Vec<Uuid> = order.into_iter().map(|(_, id)| id).collect();
    assert_eq!(seen, by_key, "pages skipped, repeated or reordered posts");

    // The tag feed and trending walk every post once, fresh ones included.
    assert_eq!(walk(&fan, "tag/lore").await.len(), 52);
    assert_eq!(walk(&fan, "trending").await.len(), 52);
    // A damaged or foreign cursor is a clear 400, not a server error.
    let res = fan
        .call("/api/feed", &[("feed", "latest"), ("after", "garbage")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("page link"), "{}", res.body);
    let (_, trending_next, _) = page(&fan, "trending", None).await;
    let res = fan
        .call(
            "/api/feed",
            &[
                ("feed", "latest"),
                ("after", trending_next.as_deref().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_home_feed_puts_follows_first_then_recommendations_and_hides_blocked_people(
    pool: PgPool,
) {
    let app = TestApp::new(pool.clone()).await;
    let fan = app.member("fenna", "203.0.113.6").await;
    let fan_id: Uuid = sqlx::query_scalar("select id from users where username = 'fenna'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let cleo = quick_user(&pool, "cleo").await;
    let nova = quick_user(&pool, "nova").await;
    let rook = quick_user(&pool, "rook").await;
    let now = Utc::now();
    let mut followed = HashSet::new();
    for n in 0..12 {
        let at = now - Duration::hours(n);
        followed.insert(publish(&pool, cleo, &format!("cleo-{n}"), at, None, &[]).await);
        followed.insert(publish(&pool, nova, &format!("nova-{n}"), at, None, &["finale"]).await);
    }
    // Older than the window: recommended, not "followed".
    let old = publish(&pool, cleo, "cleo-old", now - Duration::days(30), None, &[]).await;
    let mut others = HashSet::new();
    for n in 0..15 {
        others.insert(
            publish(
                &pool,
                nova,
                &format!("nova-other-{n}"),
                now - Duration::minutes(n),
                None,
                &["misc"],
            )
            .await,
        );
    }
    let blocked = publish(&pool, rook, "rook-1", now, None, &[]).await;
    others.insert(old);
    sqlx::query("insert into follows (follower_id, following_id) values ($1, $2)")
        .bind(fan_id)
        .bind(cleo)
        .execute(&pool)
        .await
        .unwrap();
    let res = fan
        .call("/api/follow_tag", &[("slug", "finale"), ("follow", "true")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    sqlx::query("insert into blocks (blocker_id, blocked_id) values ($1, $2)")
        .bind(rook)
        .bind(fan_id)
        .execute(&pool)
        .await
        .unwrap();

    // 24 followed posts: page 1 is all followed, page 2 has 4 more, then
    // recommendations; nothing twice, blocked people never.
    let (p1, next, f1) = page(&fan, "home", None).await;
    assert_eq!((p1.len(), f1), (20, 20));
    assert!(p1.iter().all(|id| followed.contains(id)));
    let (p2, next2, f2) = page(&fan, "home", next.as_deref()).await;
    assert_eq!(f2, 4, "page 2 starts with the last followed posts");
    assert!(p2[..4].iter().all(|id| followed.contains(id)));
    assert!(p2[4..].iter().all(|id| others.contains(id)));
    let mut all: Vec<Uuid> = p1.into_iter().chain(p2).collect();
    let mut after = next2;
    while let Some(cursor) = after {
        let (ids, next, f) = page(&fan, "home", Some(&cursor)).await;
        assert_eq!(f, 0);
        all.extend(ids);
        after = next;
    }
    let unique: HashSet<&Uuid> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "the home feed repeated a post");
    assert!(!all.contains(&blocked), "a blocked person's post was shown");
    assert_eq!(all.len(), followed.len() + others.len());

    // Visitors get trending, blocked people included (they blocked no one).
    let visitor = app.visitor("203.0.113.7");
    let everything = walk(&visitor, "home").await;
    assert_eq!(everything.len(), followed.len() + others.len() + 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn categories_include_their_subcategories_and_tag_synonyms_lead_to_the_tag(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = quick_user(&pool, "cleo").await;
    category(&pool, "episodes", None).await;
    category(&pool, "season-2", Some("episodes")).await;
    category(&pool, "fan-art", None).await;
    let now = Utc::now();
    let a = publish(&pool, cleo, "a", now, Some("episodes"), &["episode-12"]).await;
    let b = publish(
        &pool,
        cleo,
        "b",
        now - Duration::hours(1),
        Some("season-2"),
        &[],
    )
    .await;
    publish(
        &pool,
        cleo,
        "c",
        now - Duration::hours(2),
        Some("fan-art"),
        &[],
    )
    .await;
    sqlx::query("insert into tag_synonyms (name, tag_id) select 'ep12', id from tags where slug = 'episode-12'")
        .execute(&pool)
        .await
        .unwrap();
    let fan = app.visitor("203.0.113.8");
    assert_eq!(walk(&fan, "category/episodes").await, vec![a, b]);
    assert_eq!(walk(&fan, "category/season-2").await, vec![b]);
    assert_eq!(walk(&fan, "tag/ep12").await, vec![a]);

    let page = fan.get("/c/episodes").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("season-2"), "subcategory chips");
    assert!(
        page.body.contains("2 posts"),
        "the count includes subcategories"
    );
    assert!(page.body.contains(r#"type="application/atom+xml""#));
    let synonym = fan.get("/t/ep12").await;
    assert!(
        synonym.status.is_redirection() && synonym.header("location") == "/t/episode-12",
        "{:?} {}",
        synonym.status,
        synonym.header("location")
    );
    assert_eq!(fan.get("/c/nope").await.status, StatusCode::NOT_FOUND);
    assert_eq!(fan.get("/t/nope").await.status, StatusCode::NOT_FOUND);
    assert_eq!(fan.get("/s/nope").await.status, StatusCode::NOT_FOUND);
    // Hidden categories leave the feeds.
    sqlx::query("update categories set is_active = false where slug = 'season-2'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(walk(&fan, "category/episodes").await, vec![a]);
    assert_eq!(fan.get("/c/season-2").await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "../migrations")]
async fn without_javascript_feeds_page_with_next_links(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = quick_user(&pool, "cleo").await;
    let now = Utc::now();
    for n in 0..25 {
        publish(
            &pool,
            cleo,
            &format!("story-{n:02}"),
            now - Duration::minutes(n),
            None,
            &[],
        )
        .await;
    }
    let fan = app.visitor("203.0.113.9");
    let first = fan.get("/latest").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("/p/story-00") && first.body.contains("/p/story-19"));
    assert!(!first.body.contains("/p/story-20"));
    let start = first
        .body
        .find(r#"href="/latest?after="#)
        .expect("a next-page link");
    let href = &first.body[start + 6..];
    let href = &href[..href.find('"').unwrap()].replace("&amp;", "&");
    let second = fan.get(href).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.body.contains("/p/story-20") && second.body.contains("/p/story-24"));
    assert!(!second.body.contains("/p/story-19"));
    assert!(second.body.contains("all caught up"));
    // The author's profile lists their posts the same way.
    let profile = fan.get("/u/cleo").await;
    assert!(
        profile.body.contains("/p/story-00") && profile.body.contains(r#"href="/u/cleo?after="#)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn following_a_tag_keeps_its_count_right_under_concurrent_clicks(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = quick_user(&pool, "cleo").await;
    publish(&pool, cleo, "a", Utc::now(), None, &["theories"]).await;
    let fan = app.member("fenna", "203.0.113.10").await;
    let clicks = (0..16).map(|n| {
        let follow = if n % 2 == 0 { "true" } else { "false" };
        let fan = &fan;
        async move {
            fan.call(
                "/api/follow_tag",
                &[("slug", "theories"), ("follow", follow)],
            )
            .await
        }
    });
    for res in futures::future::join_all(clicks).await {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let (count, edges): (i32, i64) = sqlx::query_as(
        "select follower_count, (select count(*) from tag_follows f where f.tag_id = t.id) from tags t where slug = 'theories'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(i64::from(count), edges);
    // The page shows the state and the count.
    let res = fan
        .call(
            "/api/follow_tag",
            &[("slug", "theories"), ("follow", "true")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let page = fan.get("/t/theories").await;
    assert!(
        page.body.contains("1 follower") && page.body.contains("Following"),
        "{}",
        page.body
    );
    // Visitors are asked to sign in; unknown tags are 404.
    let visitor = app.visitor("203.0.113.11");
    let res = visitor
        .call(
            "/api/follow_tag",
            &[("slug", "theories"), ("follow", "true")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = fan
        .call("/api/follow_tag", &[("slug", "nope"), ("follow", "true")])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "../migrations")]
async fn atom_feeds_and_the_sitemap_list_published_posts_only(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = quick_user(&pool, "cleo").await;
    category(&pool, "theories", None).await;
    let now = Utc::now();
    let id = publish(&pool, cleo, "locket", now, Some("theories"), &["finale"]).await;
    sqlx::query("update posts set title = 'Tom & Jerry <script>alert(1)</script>', content_html = '<p>Hi &amp; bye</p>' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    // Older posts: two in one month long ago, one in another (the sitemap
    // index skips from month to month, empty months leave no file).
    let (old, older) = (
        Utc.with_ymd_and_hms(2025, 3, 31, 23, 30, 0).unwrap(),
        Utc.with_ymd_and_hms(2024, 12, 1, 0, 0, 0).unwrap(),
    );
    publish(&pool, cleo, "march-end", old, None, &[]).await;
    publish(
        &pool,
        cleo,
        "march-start",
        old - Duration::days(30),
        None,
        &[],
    )
    .await;
    publish(&pool, cleo, "december", older, None, &[]).await;
    let draft = publish(
        &pool,
        cleo,
        "secret-draft",
        now,
        Some("theories"),
        &["finale"],
    )
    .await;
    sqlx::query("update posts set content_status = 'DRAFT' where id = $1")
        .bind(draft)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("update post_tags set published_at = null where post_id = $1")
        .bind(draft)
        .execute(&pool)
        .await
        .unwrap();
    let fan = app.visitor("203.0.113.12");
    for path in [
        "/latest/feed.atom",
        "/c/theories/feed.atom",
        "/t/finale/feed.atom",
        "/u/cleo/feed.atom",
    ] {
        let res = fan.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(
            res.header("content-type")
                .starts_with("application/atom+xml"),
            "{path}"
        );
        assert!(
            res.body
                .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            "{path}"
        );
        assert!(
            res.body
                .contains("Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}: {}",
            res.body
        );
        assert!(!res.body.contains("<script>"), "{path}");
        assert!(
            res.body.contains("&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;"),
            "{path}: the HTML is escaped once"
        );
        assert!(
            res.body.contains("/p/locket") && !res.body.contains("secret-draft"),
            "{path}"
        );
    }
    assert_eq!(
        fan.get("/t/nope/feed.atom").await.status,
        StatusCode::NOT_FOUND
    );
    let index = fan.get("/sitemap.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    let month = now.format("%Y-%m").to_string();
    assert!(
        index.body.contains(&format!("/sitemaps/posts-{month}.xml")),
        "{}",
        index.body
    );
    let months: Vec<&str> = index
        .body
        .match_indices("/sitemaps/posts-")
        .map(|(at, _)| &index.body[at + 16..at + 23])
        .collect();
    assert_eq!(
        months,
        [month.as_str(), "2025-03", "2024-12"],
        "{}",
        index.body
    );
    assert!(
        index
            .body
            .contains("<lastmod>2025-03-31T23:30:00+00:00</lastmod>"),
        "{}",
        index.body
    );
    let march = fan.get("/sitemaps/posts-2025-03.xml").await;
    assert!(march.body.contains("/p/march-end") && march.body.contains("/p/march-start"));
    assert!(!march.body.contains("/p/december") && !march.body.contains("/p/locket"));
    let posts = fan.get(&format!("/sitemaps/posts-{month}.xml")).await;
    assert!(posts.body.contains("/p/locket") && !posts.body.contains("secret-draft"));
    let pages = fan.get("/sitemaps/pages.xml").await;
    assert!(pages.body.contains("/c/theories") && pages.body.contains("/t/finale"));
    assert_eq!(
        fan.get("/sitemaps/posts-1999-13.xml").await.status,
        StatusCode::NOT_FOUND
    );
    let robots = fan.get("/robots.txt").await;
    assert!(robots.body.contains("Sitemap: ") && robots.body.contains("/sitemap.xml"));
}

#[sqlx::test(migrations = "../migrations")]
async fn my_posts_shows_drafts_and_scheduled_posts_to_their_writer_only(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cy = app.member("cyra", "203.0.113.13").await;
    let cy_id: Uuid = sqlx::query_scalar("select id from users where username = 'cyra'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let other = quick_user(&pool, "other").await;
    publish(&pool, cy_id, "live-one", Utc::now(), None, &[]).await;
    let draft = publish(&pool, cy_id, "draft-one", Utc::now(), None, &[]).await;
    sqlx::query("update posts set content_status = 'DRAFT', published_at = null where id = $1")
        .bind(draft)
        .execute(&pool)
        .await
        .unwrap();
    let planned = publish(&pool, cy_id, "planned-one", Utc::now(), None, &[]).await;
    sqlx::query("update posts set content_status = 'SCHEDULED', published_at = null, scheduled_publish_at = now() + interval '2 days' where id = $1")
        .bind(planned)
        .execute(&pool)
        .await
        .unwrap();
    publish(&pool, other, "not-mine", Utc::now(), None, &[]).await;
    let all = cy.get("/me/posts").await;
    assert_eq!(all.status, StatusCode::OK);
    for slug in ["live-one", "draft-one", "planned-one"] {
        assert!(
            all.body.contains(slug) || all.body.contains(&format!(">{slug}<")),
            "{slug}"
        );
    }
    assert!(!all.body.contains("not-mine"));
    assert!(all.body.contains("Goes live"));
    let drafts = cy.get("/me/posts?status=draft").await;
    assert!(drafts.body.contains("draft-one") && !drafts.body.contains("live-one"));
    let visitor = app.visitor("203.0.113.14");
    assert_eq!(
        visitor.get("/me/posts").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn only_admins_manage_categories_and_the_tree_stays_a_tree(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let admin = app.member("ada", "203.0.113.15").await;
    sqlx::query("update users set role = 'ADMIN' where username = 'ada'")
        .execute(&pool)
        .await
        .unwrap();
    let creator = app.member("cyra", "203.0.113.16").await;
    sqlx::query("update users set role = 'CREATOR' where username = 'cyra'")
        .execute(&pool)
        .await
        .unwrap();
    let res = save_category(&creator, ("", "Fan Art", "")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = save_category(&admin, ("", "Episodes", "")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let episodes = json(&res.body).as_str().unwrap().to_owned();
    let res = save_category(&admin, ("", "Season 2", &episodes)).await;
    let season = json(&res.body).as_str().unwrap().to_owned();
    // A category can't move under its own subcategory.
    let res = save_category(&admin, (&episodes, "Episodes", &season)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("inside itself"), "{}", res.body);
    // The slug is unique; a clash is named next to the field.
    let res = save_category(&admin, ("", "Season 2", "")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("already uses this address"),
        "{}",
        res.body
    );
    // A category with subcategories can't be deleted; an empty one can.
    let res = admin
        .call("/api/delete_category", &[("id", &episodes)])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let res = admin.call("/api/delete_category", &[("id", &season)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_logs where entity_type = 'category'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 3);
    // Without JavaScript a refused form comes back with what was typed.
    let res = admin
        .submit(
            "/api/save_category",
            "/admin/categories",
            &[
                ("form[id]", ""),
                ("form[name]", "Lore Corner"),
                ("form[slug]", "Bad Slug!"),
                ("form[color]", "pink"),
            ],
        )
        .await;
    assert!(res.status.is_redirection(), "{:?}", res.status);
    let page = admin.get("/admin/categories").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Lore Corner") && page.body.contains("Bad Slug!"));
    assert!(page.body.contains("Pick a colour like #ec4899."));
    assert_eq!(
        creator.get("/admin/categories").await.status,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_series_reads_in_order_even_when_parts_share_a_number(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = quick_user(&pool, "cleo").await;
    let series: Uuid = sqlx::query_scalar(
        "insert into post_series (title, slug, author_id) values ('Lighthouse Files', 'lighthouse-files', $1) returning id",
    )
    .bind(cleo)
    .fetch_one(&pool)
    .await
    .unwrap();
    // 24 parts; parts 20 and 21 both say "20", across the page boundary.
    let mut parts = Vec::new();
    for n in 1..=24 {
        let id = publish(&pool, cleo, &format!("part-{n}"), Utc::now(), None, &[]).await;
        let order = if n == 21 { 20 } else { n };
        sqlx::query("update posts set series_id = $2, series_order = $3 where id = $1")
            .bind(id)
            .bind(series)
            .bind(order)
            .execute(&pool)
            .await
            .unwrap();
        parts.push(id);
    }
    let fan = app.visitor("203.0.113.17");
    let read = walk(&fan, "series/lighthouse-files").await;
    assert_eq!(read.len(), 24, "every part once");
    assert_eq!(read[..19], parts[..19], "parts 1 to 19 in order");
    assert_eq!(read[21..], parts[21..], "parts 22 to 24 in order");
    let page = fan.get("/s/lighthouse-files").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Lighthouse Files") && page.body.contains("A series by "));
}
