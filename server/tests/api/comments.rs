//! Comments: threads, edits with history, soft deletion, pinning and
//! featuring, who may do what, moments and the heat strip, pages of a big
//! thread, and the forms without JavaScript.

use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::{TestApp, Visitor};
use crate::posts::{json, save, saved, set_role};

/// Publishes a post by `creator` (made a creator) and returns its id and slug.
pub async fn publish(
    pool: &PgPool,
    creator: &Visitor<'_>,
    title: &str,
    body: &str,
    video: bool,
) -> (String, String) {
    let name = creator.username().await.unwrap();
    set_role(pool, &name, "CREATOR").await;
    let mut fields = vec![
        ("title", title),
        ("body", body),
        ("allow_comments", "on"),
        ("intent", "publish"),
    ];
    if video {
        fields.push(("youtube_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"));
    }
    let (id, slug, status, _) = saved(&save(creator, &fields).await);
    assert_eq!(status, "PUBLISHED");
    (id, slug)
}

/// Posts a comment (a reply when `parent` is given); returns the response.
pub async fn comment(
    who: &Visitor<'_>,
    post: &str,
    parent: Option<&str>,
    body: &str,
    moment: &str,
) -> crate::helpers::TestResponse {
    who.call(
        "/api/post_comment",
        &[
            ("post_id", post),
            ("parent_id", parent.unwrap_or("")),
            ("body", body),
            ("moment", moment),
        ],
    )
    .await
}

/// Posts a comment that must be accepted; returns it.
pub async fn said(who: &Visitor<'_>, post: &str, parent: Option<&str>, body: &str) -> Value {
    let res = comment(who, post, parent, body, "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    json(&res.body)
}

/// The first page of a post's comments as `who` sees them.
pub async fn page(who: &Visitor<'_>, post: &str, query: &str) -> Value {
    let res = who.get(&format!("/api/comments?post={post}{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    json(&res.body)
}

/// The signed-in view of `username`, for calling services directly.
pub async fn viewer(pool: &PgPool, username: &str) -> app::features::accounts::types::Viewer {
    use app::features::accounts::types::{Role, UserStatus, Viewer};
    let (id, role): (uuid::Uuid, String) =
        sqlx::query_as("select id, role::text from users where username = $1")
            .bind(username)
            .fetch_one(pool)
            .await
            .unwrap();
    Viewer {
        id,
        username: username.to_owned(),
        display_name: None,
        role: if role == "MODERATOR" {
            Role::Moderator
        } else {
            Role::User
        },
        status: UserStatus::Active,
        email_verified: true,
    }
}

fn ids(page: &Value) -> Vec<String> {
    page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn comment_count(pool: &PgPool, post: &str) -> i64 {
    sqlx::query_scalar::<_, i32>("select comment_count from post_stats where post_id = $1::uuid")
        .bind(post)
        .fetch_one(pool)
        .await
        .unwrap()
        .into()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_conversation_nests_edits_with_history_and_deletes_keeping_its_shape(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, slug) = publish(&pool, &cleo, "Episode 12 talk", "What did you think?", true).await;
    let ana = app.member("ana", "203.0.113.2").await;
    let ben = app.member("ben", "203.0.113.3").await;

    let res = comment(
        &ana,
        &post,
        None,
        "The **locket** at 1:23! @cleo did you plan it?",
        "",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let first = json(&res.body);
    let first_id = first["id"].as_str().unwrap().to_owned();
    assert_eq!(first["depth"], 0);
    assert_eq!(first["video_at"], 83, "the first moment in the text");
    assert!(
        first["html"]
            .as_str()
            .unwrap()
            .contains("<strong>locket</strong>")
    );
    assert!(first["html"].as_str().unwrap().contains("data-seek=\"83\""));
    assert_eq!(first["can_edit"], true);

    let reply = said(&ben, &post, Some(&first_id), "Yes! And again at 2:05.").await;
    let reply_id = reply["id"].as_str().unwrap().to_owned();
    assert_eq!(reply["depth"], 1);
    let answer = said(&ana, &post, Some(&reply_id), "Right, the lantern scene").await;
    assert_eq!(answer["depth"], 2);
    let second = said(&ben, &post, None, "Second thread").await;

    let p = page(&ana, &post, "&sort=old").await;
    assert_eq!(
        ids(&p),
        vec![
            first_id.clone(),
            reply_id.clone(),
            answer["id"].as_str().unwrap().to_owned(),
            second["id"].as_str().unwrap().to_owned()
        ],
        "each thread's replies follow it in tree order"
    );
    assert_eq!(p["total"], 4);
    assert_eq!(p["comments"][0]["reply_count"], 1);
    assert_eq!(p["comments"][1]["reply_count"], 1);
    assert_eq!(comment_count(&pool, &post).await, 4);
    let p = page(&ana, &post, "&sort=new").await;
    assert_eq!(p["comments"][0]["id"], second["id"], "newest thread first");

    // Only the writer edits (a moderator may too); the old words are kept.
    let res = ben
        .call(
            "/api/edit_comment",
            &[("id", &first_id), ("body", "hijack")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = ana
        .call(
            "/api/edit_comment",
            &[
                ("id", &first_id),
                ("body", "The locket at 1:30, I mean."),
                ("moment", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let edited = json(&res.body);
    assert_eq!(edited["edited"], true);
    assert_eq!(edited["video_at"], 90);
    let history = json(
        &ana.get(&format!("/api/comment_history?id={first_id}"))
            .await
            .body,
    );
    assert!(
        history["current"]["html"]
            .as_str()
            .unwrap()
            .contains("1:30")
    );
    assert_eq!(history["earlier"].as_array().unwrap().len(), 1);
    assert!(
        history["earlier"][0]["html"]
            .as_str()
            .unwrap()
            .contains("<strong>locket</strong>")
    );
    let page_html = app
        .get(&format!("/p/{slug}/comments/{first_id}/history"))
        .await;
    assert_eq!(page_html.status, StatusCode::OK);
    assert!(
        page_html.body.contains("did you plan it?"),
        "the history page shows the earlier words"
    );

    // Only the writer or a moderator deletes; the thread keeps its shape.
    let res = ben.call("/api/delete_comment", &[("id", &first_id)]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let mira = app.member("mira", "203.0.113.4").await;
    set_role(&pool, "mira", "MODERATOR").await;
    let res = mira.call("/api/delete_comment", &[("id", &reply_id)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let p = page(&ana, &post, "&sort=old").await;
    assert_eq!(
        p["comments"].as_array().unwrap().len(),
        4,
        "the deleted reply keeps its place"
    );
    let gone = &p["comments"][1];
    assert_eq!(gone["deleted"], true);
    assert_eq!(gone["html"], "");
    assert!(gone["author"].is_null());
    assert_eq!(
        p["comments"][2]["depth"], 2,
        "its reply still hangs under it"
    );
    assert_eq!(p["comments"][0]["reply_count"], 0);
    assert_eq!(p["total"], 3);
    assert_eq!(comment_count(&pool, &post).await, 3);
    let res = ana
        .call(
            "/api/post_comment",
            &[
                ("post_id", &post),
                ("parent_id", &reply_id),
                ("body", "hello?"),
            ],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::CONFLICT,
        "a deleted comment takes no replies: {}",
        res.body
    );
    let res = ana.call("/api/delete_comment", &[("id", &first_id)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(comment_count(&pool, &post).await, 2);
    let audit: i64 =
        sqlx::query_scalar("select count(*) from audit_logs where entity_type = 'comment'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        audit, 1,
        "the moderator's deletion is in the audit log, the writer's own is not"
    );

    // The page renders it all on the server, as links and forms.
    let html = app.get(&format!("/p/{slug}?sort=old")).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("[deleted]"));
    assert!(html.body.contains("Right, the lantern scene"));
    assert!(
        html.body.contains("to join the conversation"),
        "a visitor is asked to sign in"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn authors_pin_and_feature_and_top_puts_featured_first(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, _) = publish(&pool, &cleo, "Pins", "Pin me", false).await;
    let ana = app.member("ana", "203.0.113.2").await;
    let a = said(&ana, &post, None, "one").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = said(&ana, &post, None, "two").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let c = said(&ana, &post, None, "three").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = said(&cleo, &post, Some(&a), "thanks").await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let res = ana
        .call("/api/pin_comment", &[("id", &a), ("on", "true")])
        .await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "only the post's authors and moderators pin"
    );
    let res = cleo
        .call("/api/pin_comment", &[("id", &reply), ("on", "true")])
        .await;
    assert_eq!(
        res.status,
        StatusCode::CONFLICT,
        "replies are not pinned: {}",
        res.body
    );
    for id in [&a, &b] {
        let res = cleo
            .call("/api/pin_comment", &[("id", id), ("on", "true")])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let p = page(&ana, &post, "").await;
    assert_eq!(
        p["pinned"]["id"],
        b.as_str(),
        "pinning another moves the pin"
    );
    assert!(
        !ids(&p).contains(&b),
        "the pinned comment is not shown twice"
    );

    let res = cleo
        .call("/api/feature_comment", &[("id", &c), ("on", "true")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let p = page(&ana, &post, "&sort=top").await;
    assert_eq!(p["comments"][0]["id"], c.as_str(), "featured leads Top");
    assert_eq!(p["comments"][0]["featured"], true);
    assert_eq!(
        p["comments"][1]["id"],
        a.as_str(),
        "then the one with a reply"
    );
    let notes: i64 = sqlx::query_scalar(
        "select count(*) from notifications n join users u on u.id = n.user_id
         where u.username = 'ana' and n.type = 'CONTENT_FEATURED'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(notes, 1, "the writer hears their comment was featured");
}

#[sqlx::test(migrations = "../migrations")]
async fn blocks_and_closed_comments_are_respected(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, slug) = publish(&pool, &cleo, "Rules", "Be kind", false).await;
    let ana = app.member("ana", "203.0.113.2").await;
    let ben = app.member("ben", "203.0.113.3").await;
    let ana_comment = said(&ana, &post, None, "hello").await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Ana blocks Ben: he cannot reply to her, and mentioning her does nothing.
    let res = ana.call("/api/block", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = comment(&ben, &post, Some(&ana_comment), "let me in", "").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    said(&ben, &post, None, "hey @ana look").await;
    let mentions: i64 = sqlx::query_scalar("select count(*) from mentions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mentions, 0, "no mention across a block");
    let p = page(&ana, &post, "&sort=old").await;
    assert_eq!(
        p["comments"][1]["blocked"], true,
        "Ana sees a placeholder for Ben's comment"
    );
    assert_eq!(p["comments"][1]["html"], "");
    let res = ben
        .call(
            "/api/react",
            &[
                ("target", "comment"),
                ("id", &ana_comment),
                ("reaction", "LIKE"),
                ("on", "true"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);

    // The post's author blocks Ana: she can no longer comment on the post.
    let res = cleo.call("/api/block", &[("username", "ana")]).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = comment(&ana, &post, None, "again", "").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(page(&ana, &post, "").await["closed"], "Blocked");

    // Comments turned off: nobody adds one, the old ones stay readable.
    sqlx::query("update posts set allow_comments = false where id = $1::uuid")
        .bind(&post)
        .execute(&pool)
        .await
        .unwrap();
    let res = comment(&ben, &post, None, "late", "").await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("turned off"), "{}", res.body);
    let html = ben.get(&format!("/p/{slug}")).await;
    assert!(html.body.contains("hello"));
    assert!(html.body.contains("turned comments off"));
    assert!(!html.body.contains("id=\"comment-form\""));

    // Nobody comments on a draft, and signed-out people not at all.
    let res = app
        .visitor("203.0.113.9")
        .call("/api/post_comment", &[("post_id", &post), ("body", "hi")])
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_comments_are_refused_by_the_field_and_plain_forms_keep_the_words(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, slug) = publish(&pool, &cleo, "Forms", "Try it", true).await;
    let ana = app.member("ana", "203.0.113.2").await;

    let res = comment(&ana, &post, None, "   ", "").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Write something first."), "{}", res.body);
    let res = comment(&ana, &post, None, "ok", "9:99").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("minutes:seconds"), "{}", res.body);
    let res = comment(&ana, &post, None, "[x](javascript:alert(1))", "").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = comment(&ana, &post, None, &"a".repeat(5001), "").await;
    assert!(res.body.contains("up to 5000"), "{}", res.body);

    // Without JavaScript: refused, the browser goes back to the form with
    // the words and the message; accepted, to the new comment.
    let here = format!("/p/{slug}");
    let res = ana
        .submit(
            "/api/post_comment",
            &here,
            &[
                ("post_id", &post),
                ("parent_id", ""),
                ("body", "Keep these words"),
                ("moment", "1:75"),
                ("back", &here),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.header("location"), format!("{here}#comment-form"));
    let html = ana.get(&here).await;
    assert!(
        html.body.contains("Keep these words"),
        "the words come back"
    );
    assert!(html.body.contains("1:75"));
    assert!(
        html.body.contains("minutes:seconds"),
        "with the message by the field"
    );
    let again = ana.get(&here).await;
    assert!(!again.body.contains("Keep these words"), "shown once");

    let res = ana
        .submit(
            "/api/post_comment",
            &here,
            &[
                ("post_id", &post),
                ("parent_id", ""),
                ("body", "Posted without script"),
                ("moment", "0:42"),
                ("back", &here),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let location = res.header("location").to_owned();
    assert!(
        location.starts_with(&format!("{here}?sort=new#c-")),
        "{location}"
    );
    let html = ana.get(location.split('#').next().unwrap()).await;
    assert!(html.body.contains("Posted without script"));
    assert!(
        html.body.contains("href=\"?t=42#video\""),
        "the moment links to the player"
    );

    // A moment seeks the player even without JavaScript: ?t= starts it there.
    let html = app.get(&format!("{here}?t=42")).await;
    assert!(html.body.contains("id=\"video\""));
    assert!(
        html.body
            .contains("embed/dQw4w9WgXcQ?start=42&amp;enablejsapi=1"),
        "player starts at the moment"
    );

    // A reply without JavaScript goes to the thread it joined.
    let parent = said(&ana, &post, None, "parent").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = cleo
        .submit(
            "/api/post_comment",
            &here,
            &[
                ("post_id", &post),
                ("parent_id", &parent),
                ("body", "a reply"),
                ("back", &here),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(
        res.header("location")
            .starts_with(&format!("/p/{slug}/comments/{parent}#c-"))
    );
    let reply_form = ana.get(&format!("{here}?reply={parent}")).await;
    assert!(
        reply_form
            .body
            .contains(&format!("name=\"parent_id\" value=\"{parent}\"")),
        "?reply= opens the reply form"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn big_threads_page_by_keyset_and_deep_replies_continue_on_their_own_page(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, slug) = publish(&pool, &cleo, "Big", "Lots", false).await;
    let ana = app.member("ana", "203.0.113.2").await;
    // 45 threads (through the service: the form's rate limit would stop
    // one person); the first gets a chain of replies 7 deep.
    let writer = viewer(&pool, "ana").await;
    let post_id = uuid::Uuid::parse_str(&post).unwrap();
    for i in 0..45 {
        let input = app::features::comments::ssr::write::Input {
            body: format!("thread {i}"),
            moment: String::new(),
        };
        app::features::comments::ssr::write::create(&pool, &writer, post_id, None, &input)
            .await
            .unwrap();
    }
    let p1 = page(&ana, &post, "&sort=old").await;
    let mut chain = p1["comments"][0]["id"].as_str().unwrap().to_owned();
    let root = chain.clone();
    let mut deepest = Vec::new();
    for depth in 1..=7 {
        chain = said(&cleo, &post, Some(&chain), &format!("depth {depth}")).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        deepest.push(chain.clone());
    }

    let mut seen = Vec::new();
    let mut after = String::new();
    for _ in 0..3 {
        let p = page(&ana, &post, &format!("&sort=old&after={after}")).await;
        let roots: Vec<String> = p["comments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["depth"] == 0)
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        seen.extend(roots);
        match p["next_cursor"].as_str() {
            Some(next) => after = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 45, "20 + 20 + 5");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 45, "no thread twice");

    let p = page(&ana, &post, "&sort=old").await;
    let shown: Vec<&Value> = p["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["root_id"] == root.as_str())
        .collect();
    assert_eq!(shown.len(), 5, "the thread shows down to depth 4");
    assert_eq!(
        shown[4]["more_replies"], true,
        "then continues on its own page"
    );
    let t = json(
        &ana.get(&format!("/api/comment_thread?id={}", deepest[3]))
            .await
            .body,
    );
    let depths: Vec<i64> = t["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["depth"].as_i64().unwrap())
        .collect();
    assert_eq!(depths, vec![4, 5, 6, 7]);
    let html = app.get(&format!("/p/{slug}/comments/{}", deepest[3])).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("depth 7"));
    let res = app
        .get(&format!("/api/comments?post={post}&after=garbage"))
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a broken cursor is a clear error"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_heat_strip_counts_moments_and_filters_the_thread(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, slug) = publish(&pool, &cleo, "Heat", "Watch", true).await;
    let ana = app.member("ana", "203.0.113.2").await;
    for (body, moment) in [
        ("the drop", "2:00"),
        ("that drop!!", "2:01"),
        ("drop again", "2:03"),
        ("intro", "0:10"),
        ("no moment", ""),
    ] {
        let res = comment(&ana, &post, None, body, moment).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let p = page(&ana, &post, "").await;
    let heat = &p["heat"];
    assert_eq!(heat["total"], 4);
    let bins = heat["bins"].as_array().unwrap();
    let hot = bins
        .iter()
        .max_by_key(|b| b["count"].as_i64().unwrap())
        .unwrap();
    assert_eq!(hot["count"], 3);
    assert_eq!(hot["heat"], 100);
    assert!(
        hot["from"].as_u64().unwrap() <= 120 && hot["to"].as_u64().unwrap() >= 123,
        "{hot}"
    );
    assert!(hot["top_comment"].as_str().unwrap().contains("drop"));
    let (from, to) = (hot["from"].as_u64().unwrap(), hot["to"].as_u64().unwrap());
    let filtered = page(&ana, &post, &format!("&at={from}-{to}")).await;
    let bodies: Vec<&str> = filtered["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["html"].as_str().unwrap())
        .collect();
    assert_eq!(bodies.len(), 3, "{bodies:?}");
    assert!(bodies.iter().all(|b| b.contains("drop")));
    let html = app.get(&format!("/p/{slug}")).await;
    assert!(
        html.body.contains("class=\"heat-bin\""),
        "the strip is on the page"
    );
    assert!(
        html.body
            .contains(&format!("?at={from}-{to}&amp;t={from}#comments")),
        "each bar links to its stretch"
    );
    // A post without a video has no strip and takes no moments.
    let (plain, _) = publish(&pool, &cleo, "No video", "Just words", false).await;
    assert!(page(&ana, &plain, "").await["heat"].is_null());
    let res = comment(&ana, &plain, None, "at 1:00", "1:00").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}
