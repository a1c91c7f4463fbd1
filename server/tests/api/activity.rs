//! The activity stream: publishing, commenting and following are recorded
//! with their visibility, and the "Following" feed shows what the people
//! one follows did — not what is gone, private, or across a block.

use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::comments::{publish, said};
use crate::helpers::{TestApp, Visitor};
use crate::posts::json;

async fn feed(who: &Visitor<'_>) -> Value {
    let res = who.get("/api/following_activity").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    json(&res.body)
}

/// Each entry as "<actor> <what> <about>".
fn lines(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let who = i["actor"]["username"].as_str().unwrap();
            let action = &i["action"];
            if let Some(p) = action.get("Published") {
                format!("{who} published {}", p["title"].as_str().unwrap())
            } else if let Some(c) = action.get("Commented") {
                format!("{who} commented {}", c["excerpt"].as_str().unwrap())
            } else {
                format!(
                    "{who} followed {}",
                    action["Followed"]["username"].as_str().unwrap()
                )
            }
        })
        .collect()
}

async fn follow(who: &Visitor<'_>, username: &str) {
    let res = who.call("/api/follow", &[("username", username)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_following_feed_shows_what_followed_people_do_as_they_allow(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    assert_eq!(
        app.get("/api/following_activity").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get("/following").await.status, StatusCode::UNAUTHORIZED);
    let cleo = app.member("cleo", "203.0.113.1").await;
    let ana = app.member("ana", "203.0.113.2").await;
    let ben = app.member("ben", "203.0.113.3").await;
    let _dan_account = app.member("dan", "203.0.113.4").await;
    let _eve = app.member("eve", "203.0.113.5").await;
    assert_eq!(feed(&ana).await["following"], 0);

    follow(&ana, "cleo").await;
    follow(&ana, "ben").await;
    let (post, _) = publish(&pool, &cleo, "Starlight", "Hello", false).await;
    let comment = said(&ben, &post, None, "Loved every minute").await;
    follow(&cleo, "dan").await;
    // Ben keeps his lists to himself: his follows are not shown.
    let res = ben
        .call(
            "/api/update_privacy",
            &[
                ("followers_visibility", "nobody"),
                ("message_privacy", "everyone"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    follow(&ben, "eve").await;
    // Dan is not followed by Ana: what he does is not in her feed.
    let dan = app.visitor("203.0.113.4");
    assert_eq!(
        dan.sign_in("dan", crate::helpers::PASSWORD).await.status,
        StatusCode::OK
    );
    said(&dan, &post, None, "Dan was here").await;

    assert_eq!(
        lines(&feed(&ana).await),
        vec![
            "cleo followed dan",
            "ben commented Loved every minute",
            "cleo published Starlight",
        ]
    );
    let page = ana.get("/following").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Starlight") && page.body.contains("Loved every minute"));

    // A follow is on the followed person's list too: hidden while Dan keeps
    // his followers to himself, shown again when he does not.
    let privacy = |who: &'static str| {
        [
            ("followers_visibility", who),
            ("message_privacy", "everyone"),
        ]
    };
    let res = dan.call("/api/update_privacy", &privacy("nobody")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(!lines(&feed(&ana).await).contains(&"cleo followed dan".to_owned()));
    let res = dan.call("/api/update_privacy", &privacy("everyone")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(lines(&feed(&ana).await).contains(&"cleo followed dan".to_owned()));

    // Gone things leave the feed: a deleted comment, an undone follow.
    let res = ben
        .call(
            "/api/delete_comment",
            &[("id", comment["id"].as_str().unwrap())],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = cleo.call("/api/unfollow", &[("username", "dan")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(lines(&feed(&ana).await), vec!["cleo published Starlight"]);

    // Across a block nothing shows (and the block ends the follow).
    let res = cleo.call("/api/block", &[("username", "ana")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(lines(&feed(&ana).await).is_empty());
}
