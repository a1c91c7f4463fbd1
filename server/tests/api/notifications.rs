//! Notifications: raised by comments, replies, reactions, follows and
//! mentions; grouped while unread; the centre's reading, marking and
//! dismissing; never for your own doing, across a block, or when turned off.

use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::comments::{publish, said};
use crate::helpers::{TestApp, Visitor};
use crate::posts::{json, save};

async fn centre(who: &Visitor<'_>, filter: &str) -> Value {
    let res = who
        .get(&format!("/api/notifications?filter={filter}"))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    json(&res.body)
}

async fn unread(who: &Visitor<'_>) -> i64 {
    json(&who.get("/api/unread_notifications").await.body)
        .as_i64()
        .unwrap()
}

fn texts(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn reactions_group_while_unread_and_the_centre_marks_and_dismisses(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, _) = publish(&pool, &cleo, "Moonlight", "A post", false).await;
    let fans = [
        app.member("ana", "203.0.113.2").await,
        app.member("ben", "203.0.113.3").await,
        app.member("cyd", "203.0.113.4").await,
    ];
    for (i, fan) in fans.iter().enumerate() {
        for kind in ["LIKE", "LOVE"] {
            let res = fan
                .call(
                    "/api/react",
                    &[
                        ("target", "post"),
                        ("id", &post),
                        ("reaction", kind),
                        ("on", "true"),
                    ],
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{} {}", i, res.body);
        }
    }
    // Reacting to your own post tells nobody.
    cleo.call(
        "/api/react",
        &[
            ("target", "post"),
            ("id", &post),
            ("reaction", "FIRE"),
            ("on", "true"),
        ],
    )
    .await;
    assert_eq!(unread(&cleo).await, 1);
    let page = centre(&cleo, "").await;
    assert_eq!(
        texts(&page),
        vec!["cyd and 2 others reacted to your post “Moonlight”"]
    );
    assert_eq!(page["items"][0]["actor_count"], 3);
    assert_eq!(page["unread"], 1);

    // Opening it marks it read and leads to the post; a later reaction
    // starts a new notification.
    let id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let res = cleo.call("/api/open_notification", &[("id", &id)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        json(&res.body)
            .as_str()
            .unwrap()
            .starts_with("/p/moonlight")
    );
    assert_eq!(unread(&cleo).await, 0);
    let dan = app.member("dan", "203.0.113.5").await;
    dan.call(
        "/api/react",
        &[
            ("target", "post"),
            ("id", &post),
            ("reaction", "LIKE"),
            ("on", "true"),
        ],
    )
    .await;
    let page = centre(&cleo, "").await;
    assert_eq!(texts(&page)[0], "dan reacted to your post “Moonlight”");
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        centre(&cleo, "unread").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Someone else's notification is not yours to touch.
    let other = page["items"][0]["id"].as_str().unwrap().to_owned();
    let res = fans[0]
        .call("/api/dismiss_notification", &[("id", &other)])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = fans[0]
        .call(
            "/api/mark_notification",
            &[("id", &other), ("read", "true")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(unread(&cleo).await, 1, "unchanged by someone else's call");

    // Mark unread, mark all read, dismiss.
    cleo.call("/api/mark_notification", &[("id", &id), ("read", "false")])
        .await;
    assert_eq!(unread(&cleo).await, 2);
    let res = cleo.call("/api/mark_all_notifications", &[]).await;
    assert_eq!(json(&res.body), 2);
    assert_eq!(unread(&cleo).await, 0);
    let res = cleo.call("/api/dismiss_notification", &[("id", &id)]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        centre(&cleo, "").await["items"].as_array().unwrap().len(),
        1
    );
    let res = app.visitor("203.0.113.9").get("/api/notifications").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let page = app.get("/notifications").await;
    assert_eq!(
        page.status,
        StatusCode::UNAUTHORIZED,
        "the centre asks a visitor to sign in"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn comments_replies_follows_and_mentions_notify_the_right_people(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let ana = app.member("ana", "203.0.113.2").await;
    let ben = app.member("ben", "203.0.113.3").await;

    // A post mentioning Ana notifies her when it is published, once.
    let name = cleo.username().await.unwrap();
    crate::posts::set_role(&pool, &name, "CREATOR").await;
    let (post, slug, _, _) = crate::posts::saved(
        &save(
            &cleo,
            &[
                ("title", "Shout-outs"),
                ("body", "Thanks @ana and @cleo!"),
                ("allow_comments", "on"),
                ("intent", "draft"),
            ],
        )
        .await,
    );
    assert_eq!(unread(&ana).await, 0, "a draft notifies nobody");
    let res = cleo
        .call(
            "/api/set_post_status",
            &[("id", &post), ("status", "PUBLISHED")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        texts(&centre(&ana, "mentions").await),
        vec!["cleo mentioned you in “Shout-outs”"]
    );
    assert_eq!(unread(&cleo).await, 0, "mentioning yourself tells nobody");

    // A comment tells the post's author; a reply tells the person replied to.
    let c = said(&ana, &post, None, "So kind! cc @ben").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        texts(&centre(&cleo, "comments").await),
        vec!["ana commented on “Shout-outs”"]
    );
    assert_eq!(
        texts(&centre(&ben, "mentions").await),
        vec!["ana mentioned you in “Shout-outs”"]
    );
    let link = centre(&ben, "mentions").await["items"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(link, format!("/p/{slug}/comments/{c}#c-{c}"));
    said(&ben, &post, Some(&c), "welcome").await;
    assert_eq!(
        texts(&centre(&ana, "comments").await),
        vec!["ben replied to your comment on “Shout-outs”"]
    );
    // Editing the comment to mention Ben again does not tell him twice.
    ana.call(
        "/api/edit_comment",
        &[("id", &c), ("body", "So kind! cc @ben and @ben")],
    )
    .await;
    assert_eq!(
        centre(&ben, "mentions").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Follows: grouped while unread.
    ana.call("/api/follow", &[("username", "cleo")]).await;
    ben.call("/api/follow", &[("username", "cleo")]).await;
    assert_eq!(
        texts(&centre(&cleo, "follows").await),
        vec!["ben and 1 other followed you"]
    );

    // Liking a comment tells its writer.
    ben.call(
        "/api/react",
        &[
            ("target", "comment"),
            ("id", &c),
            ("reaction", "LIKE"),
            ("on", "true"),
        ],
    )
    .await;
    assert!(texts(&centre(&ana, "reactions").await)[0].starts_with("ben reacted to your comment"));

    // Turned off in the app: nothing arrives.
    sqlx::query(
        "insert into notification_settings (user_id, type, in_app, email)
         select id, 'POST_COMMENTED', false, false from users where username = 'cleo'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let before = centre(&cleo, "comments").await["items"][0]["updated_at"].clone();
    said(&ben, &post, None, "another").await;
    assert_eq!(
        centre(&cleo, "comments").await["items"][0]["updated_at"],
        before
    );

    // After a block, the blocked person's attempts tell the other nothing.
    cleo.call("/api/block", &[("username", "ana")]).await;
    let cleo_unread = unread(&cleo).await;
    let res = crate::comments::comment(&ana, &post, None, "still here", "").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
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
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(unread(&cleo).await, cleo_unread);
    let page = cleo.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("followed you"));
}
