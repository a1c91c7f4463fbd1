//! Reactions: once per kind per person, exact counts under concurrency,
//! who reacted, and the plain form without JavaScript.

use std::sync::Arc;

use app::features::reactions::ssr::set;
use app::features::reactions::types::{Reaction, Target};
use http::StatusCode;
use sqlx::PgPool;

use crate::comments::{publish, said, viewer};
use crate::helpers::{TestApp, quick_user};
use crate::posts::json;

async fn react(
    who: &crate::helpers::Visitor<'_>,
    target: &str,
    id: &str,
    reaction: &str,
    on: bool,
) -> crate::helpers::TestResponse {
    who.call(
        "/api/react",
        &[
            ("target", target),
            ("id", id),
            ("reaction", reaction),
            ("on", if on { "true" } else { "false" }),
        ],
    )
    .await
}

/// The stored counts of a post: per kind and total, and what the rows say.
async fn post_counts(pool: &PgPool, post: uuid::Uuid) -> (Vec<i32>, i32, Vec<i32>) {
    let (counts, total): (Vec<i32>, i32) = sqlx::query_as(
        "select reaction_counts, total_reaction_count from post_stats where post_id = $1",
    )
    .bind(post)
    .fetch_one(pool)
    .await
    .unwrap();
    let mut truth = vec![0; 9];
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "select reaction::text, count(*) from post_reactions where post_id = $1 group by 1",
    )
    .bind(post)
    .fetch_all(pool)
    .await
    .unwrap();
    for (kind, n) in rows {
        truth[Reaction::parse(&kind).unwrap().index()] = i32::try_from(n).unwrap();
    }
    (counts, total, truth)
}

#[sqlx::test(migrations = "../migrations")]
async fn each_kind_is_added_and_removed_once_and_counted(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, slug) = publish(&pool, &cleo, "React to me", "Go on", false).await;
    let ana = app.member("ana", "203.0.113.2").await;

    for _ in 0..2 {
        let res = react(&ana, "post", &post, "FIRE", true).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let r = json(&res.body);
        assert_eq!(
            r["counts"][Reaction::Fire.index()],
            1,
            "adding twice counts once"
        );
        assert_eq!(r["mine"], serde_json::json!(["FIRE"]));
    }
    let r = json(&react(&ana, "post", &post, "LOVE", true).await.body);
    assert_eq!(r["counts"][Reaction::Love.index()], 1);
    assert_eq!(
        r["mine"].as_array().unwrap().len(),
        2,
        "several kinds at once"
    );
    for _ in 0..2 {
        let r = json(&react(&ana, "post", &post, "FIRE", false).await.body);
        assert_eq!(
            r["counts"][Reaction::Fire.index()],
            0,
            "removing twice uncounts once"
        );
    }
    let res = react(&ana, "post", &post, "CUSTOM", true).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no custom emoji unlocked: {}",
        res.body
    );
    let res = react(&ana, "post", &post, "HUG", true).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = react(&app.visitor("203.0.113.9"), "post", &post, "LIKE", true).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = react(
        &ana,
        "post",
        &uuid::Uuid::new_v4().to_string(),
        "LIKE",
        true,
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let post_id = uuid::Uuid::parse_str(&post).unwrap();
    let (counts, total, truth) = post_counts(&pool, post_id).await;
    assert_eq!((counts.clone(), total), (truth, 1));

    // Who reacted: each person once, with their kinds; a tab per kind.
    let ben = app.member("ben", "203.0.113.3").await;
    react(&ben, "post", &post, "LOVE", true).await;
    react(&ben, "post", &post, "LAUGH", true).await;
    let who = json(
        &app.get(&format!("/api/who_reacted?target=post&id={slug}"))
            .await
            .body,
    );
    let people: Vec<&str> = who["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].as_str().unwrap())
        .collect();
    assert_eq!(people, vec!["ben", "ana"], "latest first, once each");
    assert_eq!(
        who["people"][0]["reactions"],
        serde_json::json!(["LOVE", "LAUGH"])
    );
    let who = json(
        &app.get(&format!(
            "/api/who_reacted?target=post&id={slug}&reaction=LAUGH"
        ))
        .await
        .body,
    );
    assert_eq!(who["people"].as_array().unwrap().len(), 1);
    let page = app.get(&format!("/p/{slug}/reactions")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Who reacted"), "{}", page.body);
    assert!(page.body.contains("href=\"/u/ben\""));

    // Comments too.
    let c = said(&ana, &post, None, "nice").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = json(&react(&ben, "comment", &c, "SPARKLE", true).await.body);
    assert_eq!(r["counts"][Reaction::Sparkle.index()], 1);
    let page = json(&ana.get(&format!("/api/comments?post={post}")).await.body);
    assert_eq!(
        page["comments"][0]["reactions"]["counts"][Reaction::Sparkle.index()],
        1
    );

    // Without JavaScript the button is a form that comes back to the page.
    let here = format!("/p/{slug}");
    let back = format!("{here}#reactions");
    let res = ben
        .submit(
            "/api/react",
            &here,
            &[
                ("target", "post"),
                ("id", &post),
                ("reaction", "FIRE"),
                ("on", "true"),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.header("location"), back);
    let html = ben.get(&here).await;
    assert!(
        html.body.contains("aria-pressed=\"true\""),
        "the page shows Ben's reactions pressed"
    );
    assert!(html.body.contains("Fire: 1 person") || html.body.contains("data-reaction=\"FIRE\""));
}

#[sqlx::test(migrations = "../migrations")]
async fn counts_stay_exact_under_many_concurrent_reactions(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, _) = publish(&pool, &cleo, "Hot post", "Everyone at once", false).await;
    let post_id = uuid::Uuid::parse_str(&post).unwrap();
    let comment = said(&cleo, &post, None, "react here too").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let comment_id = uuid::Uuid::parse_str(&comment).unwrap();

    let mut people = Vec::new();
    for i in 0..40 {
        let name = format!("fan{i:02}");
        quick_user(&pool, &name).await;
        people.push(viewer(&pool, &name).await);
    }
    let pool = Arc::new(pool);
    // Each fan, at the same time: adds three kinds to the post (one of them
    // twice, racing itself), removes one, and likes the comment twice.
    let mut tasks = Vec::new();
    for (i, person) in people.into_iter().enumerate() {
        let pool = Arc::clone(&pool);
        tasks.push(tokio::spawn(async move {
            let kinds = [Reaction::Like, Reaction::Fire, Reaction::ALL[i % 8]];
            let person = Arc::new(person);
            let mut inner = Vec::new();
            for kind in kinds.into_iter().chain([Reaction::Like]) {
                let (pool, person) = (Arc::clone(&pool), Arc::clone(&person));
                inner.push(tokio::spawn(async move {
                    set(&pool, &person, Target::Post(post_id), kind, true).await
                }));
            }
            for _ in 0..2 {
                let (pool, person) = (Arc::clone(&pool), Arc::clone(&person));
                inner.push(tokio::spawn(async move {
                    set(
                        &pool,
                        &person,
                        Target::Comment(comment_id),
                        Reaction::Like,
                        true,
                    )
                    .await
                }));
            }
            for task in inner {
                task.await.unwrap().unwrap();
            }
            set(&pool, &person, Target::Post(post_id), Reaction::Fire, false)
                .await
                .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let (counts, total, truth) = post_counts(&pool, post_id).await;
    assert_eq!(counts, truth, "every kind's count matches the rows");
    assert_eq!(counts[Reaction::Like.index()], 40);
    assert_eq!(
        counts[Reaction::Fire.index()],
        0,
        "every fire was taken back"
    );
    assert_eq!(total, truth.iter().sum::<i32>());
    let (comment_likes, comment_total): (Vec<i32>, i32) =
        sqlx::query_as("select reaction_counts, reaction_total from comments where id = $1")
            .bind(comment_id)
            .fetch_one(&*pool)
            .await
            .unwrap();
    assert_eq!(comment_likes[Reaction::Like.index()], 40);
    assert_eq!(comment_total, 40);
    // The author's notification counts each person once.
    let (groups, actors): (i64, i32) = sqlx::query_as(
        "select count(*), max(actor_count) from notifications n join users u on u.id = n.user_id
         where u.username = 'cleo' and n.type = 'POST_LIKED'",
    )
    .fetch_one(&*pool)
    .await
    .unwrap();
    assert_eq!(
        (groups, actors),
        (1, 40),
        "one notification: a fan and 39 others"
    );
}
