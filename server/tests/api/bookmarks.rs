//! Bookmarks: saving with a note and tags, folders (create, rename, colour,
//! public or private, delete), filtering by folder and tag, public folders
//! without the owner's notes, exact counts under concurrent saves, and the
//! forms without JavaScript.

use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::comments::publish;
use crate::helpers::{TestApp, Visitor};
use crate::posts::json;

async fn bookmark_count(pool: &PgPool, post: &str) -> i32 {
    sqlx::query_scalar("select bookmark_count from post_stats where post_id = $1::uuid")
        .bind(post)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn rows(pool: &PgPool, post: &str) -> i64 {
    sqlx::query_scalar("select count(*) from bookmarks where post_id = $1::uuid")
        .bind(post)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn save(
    who: &Visitor<'_>,
    post: &str,
    folder: &str,
    notes: &str,
    tags: &str,
) -> crate::helpers::TestResponse {
    who.call(
        "/api/save_bookmark",
        &[
            ("post_id", post),
            ("folder", folder),
            ("notes", notes),
            ("tags", tags),
        ],
    )
    .await
}

async fn folder(
    who: &Visitor<'_>,
    id: &str,
    name: &str,
    color: &str,
    public: bool,
) -> crate::helpers::TestResponse {
    let mut fields = vec![
        ("id", id),
        ("name", name),
        ("description", ""),
        ("color", color),
    ];
    if public {
        fields.push(("public", "on"));
    }
    who.call("/api/save_bookmark_folder", &fields).await
}

async fn shelf(who: &Visitor<'_>, query: &str) -> Value {
    let res = who.get(&format!("/api/bookmarks?{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    json(&res.body)
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["post"]["title"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn bookmarks_keep_notes_tags_and_folders_and_public_folders_hide_notes(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (moon, moon_slug) = publish(&pool, &cleo, "Moon theory", "Body", false).await;
    let (sun, _) = publish(&pool, &cleo, "Sun theory", "Body", false).await;
    let ana = app.member("ana", "203.0.113.2").await;
    let ben = app.member("ben", "203.0.113.3").await;

    assert_eq!(
        app.get("/api/bookmarks").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get("/bookmarks").await.status, StatusCode::UNAUTHORIZED);

    // Folders: created, a name taken twice refused by the field.
    let res = folder(&ana, "", "Lore", "teal", false).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let lore: String = serde_json::from_str(&res.body).unwrap();
    let res = folder(&ana, "", "lore", "pink", false).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("already have a folder"), "{}", res.body);
    let res = folder(&ana, "", "", "beige", false).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("name") && res.body.contains("color"),
        "{}",
        res.body
    );

    // Saved with a note and tags, in the folder; saving again updates it.
    let res = save(
        &ana,
        &moon,
        &lore,
        "Re-read before ep. 13",
        "Clues, #moon, clues",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = save(&ana, &sun, "", "", "sun").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(bookmark_count(&pool, &moon).await, 1);
    let res = save(&ana, &moon, &lore, "Re-read before ep. 14", "clues, moon").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        bookmark_count(&pool, &moon).await,
        1,
        "an update is not a new bookmark"
    );

    // Someone else's folder cannot be used.
    let res = folder(&ben, "", "Mine", "red", false).await;
    let bens: String = serde_json::from_str(&res.body).unwrap();
    let res = save(&ana, &sun, &bens, "", "").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = save(&ana, &moon, "", &"x".repeat(1001), "").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("notes"));

    // The shelf: everything, by folder, by tag.
    let all = shelf(&ana, "").await;
    assert_eq!(all["total"], 2);
    assert_eq!(titles(&all), vec!["Sun theory", "Moon theory"]);
    let moon_item = &all["items"][1];
    assert_eq!(moon_item["notes"], "Re-read before ep. 14");
    assert_eq!(moon_item["tags"], serde_json::json!(["clues", "moon"]));
    assert_eq!(all["folders"][0]["name"], "Lore");
    assert_eq!(all["folders"][0]["color"], "Teal");
    assert_eq!(all["folders"][0]["count"], 1);
    assert_eq!(
        titles(&shelf(&ana, &format!("folder={lore}")).await),
        vec!["Moon theory"]
    );
    assert_eq!(titles(&shelf(&ana, "tag=sun").await), vec!["Sun theory"]);
    assert_eq!(
        shelf(&ana, "tag=CLUES").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Ben sees none of Ana's, and not her folder.
    assert_eq!(shelf(&ben, "").await["total"], 0);
    assert_eq!(
        ben.get(&format!("/api/bookmarks?folder={lore}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A private folder is hers alone; made public (and renamed, recoloured),
    // others see its posts but never her notes or tags.
    let page = format!("/u/ana/bookmarks/{lore}");
    assert_eq!(ben.get(&page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(ana.get(&page).await.status, StatusCode::OK);
    let res = folder(&ana, &lore, "Lore & theories", "purple", true).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = ben.get(&page).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Lore &amp; theories") && res.body.contains("Moon theory"));
    assert!(!res.body.contains("Re-read before"), "notes stay private");
    let public = json(
        &ben.get(&format!("/api/bookmark_folder?username=ana&id={lore}"))
            .await
            .body,
    );
    assert_eq!(public["items"][0]["notes"], Value::Null);
    assert_eq!(public["items"][0]["tags"], serde_json::json!([]));
    // Ben cannot change or delete it.
    assert_eq!(
        folder(&ben, &lore, "Mine now", "red", false).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ben.call("/api/delete_bookmark_folder", &[("id", &lore)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The post page shows her bookmark; deleting the folder keeps it, unfiled.
    let post_page = ana.get(&format!("/p/{moon_slug}")).await;
    assert!(
        post_page.body.contains("Update bookmark"),
        "the menu knows it is saved"
    );
    let res = ana
        .call("/api/delete_bookmark_folder", &[("id", &lore)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let all = shelf(&ana, "").await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["items"][1]["folder_id"], Value::Null);

    // Removing: the count goes back; removing twice changes nothing.
    for _ in 0..2 {
        let res = ana
            .call("/api/remove_bookmark", &[("post_id", &moon)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    assert_eq!(bookmark_count(&pool, &moon).await, 0);

    // Without JavaScript the forms come back to the page they were on.
    let res = ana
        .submit(
            "/api/save_bookmark",
            &format!("/p/{moon_slug}"),
            &[
                ("post_id", &moon),
                ("folder", ""),
                ("notes", ""),
                ("tags", ""),
                ("back", &format!("/p/{moon_slug}#bookmark")),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.header("location"), format!("/p/{moon_slug}#bookmark"));
    assert_eq!(bookmark_count(&pool, &moon).await, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn bookmark_counts_stay_exact_under_concurrent_saves(pool: PgPool) {
    let app = TestApp::proxied(pool.clone()).await;
    let cleo = app.member("cleo", "203.0.113.1").await;
    let (post, _) = publish(&pool, &cleo, "Everyone saves this", "Body", false).await;
    let mut fans = Vec::new();
    for i in 0..24 {
        fans.push(
            app.member(&format!("fan{i}"), &format!("198.51.100.{}", i + 1))
                .await,
        );
    }
    // Each saves twice at once (the two race each other), then every third
    // removes twice at once.
    let saves = fans
        .iter()
        .flat_map(|fan| [fan, fan])
        .map(|fan| save(fan, &post, "", "", ""));
    for res in futures::future::join_all(saves).await {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    assert_eq!(bookmark_count(&pool, &post).await, 24);
    let removes = fans
        .iter()
        .step_by(3)
        .flat_map(|fan| [fan, fan])
        .map(|fan| async {
            fan.call("/api/remove_bookmark", &[("post_id", &post)])
                .await
        });
    for res in futures::future::join_all(removes).await {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let count = bookmark_count(&pool, &post).await;
    assert_eq!(i64::from(count), rows(&pool, &post).await);
    assert_eq!(count, 16);
}
