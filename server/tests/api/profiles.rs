//! Profiles, follows, blocks and picture uploads, through the real router
//! and database.

use std::io::Cursor;

use app::features::profiles::ssr::graph;
use http::StatusCode;
use sqlx::PgPool;

use crate::helpers::{TestApp, quick_user};

pub async fn counts(pool: &PgPool, username: &str) -> (i32, i32) {
    sqlx::query_as::<_, (i32, i32)>(
        "select s.followers_count, s.following_count from user_stats s
         join users u on u.id = s.user_id where u.username = $1",
    )
    .bind(username)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 180])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[sqlx::test(migrations = "../migrations")]
async fn profiles_show_real_numbers_and_unknown_people_are_404(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    quick_user(&pool, "ben").await;
    let res = ana.call("/api/profile", &[("username", "BEN")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let p = json(&res.body);
    assert_eq!(p["username"], "ben");
    assert_eq!(p["stats"]["followers"], 0);
    assert_eq!(p["relationship"]["following"], false);

    let page = app.get("/u/ben").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("@<!-- -->ben") || page.body.contains("@ben"),
        "{}",
        page.body
    );
    assert_eq!(
        app.get("/u/nobody-here").await.status,
        StatusCode::NOT_FOUND
    );

    // A deleted account has no profile.
    sqlx::query("update users set status = 'DELETED', deleted_at = now() where username = 'ben'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(app.get("/u/ben").await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "../migrations")]
async fn people_edit_only_their_own_profile_and_bad_fields_are_named(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    let ben_id = quick_user(&pool, "ben").await;
    let fields = [
        ("display_name", "Ana Sparkles"),
        ("bio", "Here for the glitter."),
        ("pronouns", "she/her"),
        ("location", "Lisbon"),
        ("website", "ana.example.com"),
        ("twitter", "@ana"),
        ("instagram", ""),
        ("tiktok", ""),
        ("discord", ""),
        ("youtube", "@anasparkles"),
        ("interests", "art, music"),
    ];
    // Signed out: refused.
    let stranger = app.visitor("203.0.113.9");
    let res = stranger.call("/api/update_profile", &fields).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);

    // A user id in the request is not a parameter: the caller's row is edited.
    let mut with_id = fields.to_vec();
    let ben = ben_id.to_string();
    with_id.push(("user_id", &ben));
    let res = ana.call("/api/update_profile", &with_id).await;
    assert!(
        res.status.is_success() || res.status == StatusCode::BAD_REQUEST,
        "{}",
        res.body
    );
    let res = ana.call("/api/update_profile", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (ana_name, ana_score): (Option<String>, i32) = sqlx::query_as(
        "select p.display_name, p.profile_completeness from profiles p join users u on u.id = p.user_id where u.username = 'ana'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(ana_name.as_deref(), Some("Ana Sparkles"));
    // Everything but the two pictures: 100 - 20 - 10.
    assert_eq!(ana_score, 70);
    let ben_name: Option<String> =
        sqlx::query_scalar("select display_name from profiles where user_id = $1")
            .bind(ben_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(ben_name, None, "ben's profile must be untouched");

    let mut bad = fields.to_vec();
    bad[4] = ("website", "not a website");
    bad[5] = ("twitter", "way too long for a handle");
    let res = ana.call("/api/update_profile", &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let err = json(&res.body);
    assert!(err["fields"]["website"].is_array());
    assert!(err["fields"]["twitter"].is_array());

    let settings = ana.call("/api/profile_settings", &[]).await;
    assert_eq!(settings.status, StatusCode::OK);
    assert_eq!(json(&settings.body)["completeness"], 70);
}

#[sqlx::test(migrations = "../migrations")]
async fn follow_and_unfollow_move_both_counts(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    quick_user(&pool, "ben").await;
    let res = ana
        .call("/api/follow", &[("username", "ben"), ("notify", "on")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Following twice changes nothing but the notify choice.
    let res = ana.call("/api/follow", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(counts(&pool, "ben").await, (1, 0));
    assert_eq!(counts(&pool, "ana").await, (0, 1));
    let p = json(&ana.call("/api/profile", &[("username", "ben")]).await.body);
    assert_eq!(p["relationship"]["following"], true);
    assert_eq!(p["relationship"]["notify_new_posts"], false);

    let res = ana.call("/api/follow", &[("username", "ana")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "no following yourself");

    let res = ana.call("/api/unfollow", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = ana.call("/api/unfollow", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(counts(&pool, "ben").await, (0, 0));
    assert_eq!(counts(&pool, "ana").await, (0, 0));

    // Signed out, or not yet verified: no following.
    let stranger = app.visitor("203.0.113.9");
    let res = stranger.call("/api/follow", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let cy = app.visitor("203.0.113.3");
    cy.sign_up("cyd", "cyd@example.com", crate::helpers::PASSWORD)
        .await;
    cy.sign_in("cyd", crate::helpers::PASSWORD).await;
    let res = cy.call("/api/follow", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_block_ends_follows_and_stops_them_both_ways(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
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
    assert_eq!(counts(&pool, "ana").await, (1, 1));

    let res = ana.call("/api/block", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(counts(&pool, "ana").await, (0, 0));
    assert_eq!(counts(&pool, "ben").await, (0, 0));

    // The blocked person cannot follow, nor can the blocker.
    let res = ben.call("/api/follow", &[("username", "ana")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = ana.call("/api/follow", &[("username", "ben")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);

    // Each side sees the other's profile without content or actions.
    sqlx::query("update profiles set bio = 'secret bio' where user_id = (select id from users where username = 'ana')")
        .execute(&pool)
        .await
        .unwrap();
    let p = json(&ben.call("/api/profile", &[("username", "ana")]).await.body);
    assert_eq!(p["relationship"]["blocked_by"], true);
    assert_eq!(p["bio"], serde_json::Value::Null);
    assert_eq!(p["lists_visible"], false);
    let res = ben.call("/api/followers", &[("username", "ana")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let page = ben.get("/u/ana").await;
    assert!(!page.body.contains("secret bio"));
    assert!(
        !page.body.contains("/api/follow\""),
        "no follow form across a block"
    );
    let p = json(&ana.call("/api/profile", &[("username", "ben")]).await.body);
    assert_eq!(p["relationship"]["blocked"], true);

    // Unblocking allows following again, from either side.
    assert_eq!(
        ana.call("/api/unblock", &[("username", "ben")])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        ben.call("/api/follow", &[("username", "ana")]).await.status,
        StatusCode::OK
    );
    assert_eq!(counts(&pool, "ana").await, (1, 0));
}

#[sqlx::test(migrations = "../migrations")]
async fn concurrent_follows_keep_counts_right(pool: PgPool) {
    let star = quick_user(&pool, "star").await;
    let mut fans = Vec::new();
    for i in 0..40 {
        fans.push(quick_user(&pool, &format!("fan{i:02}")).await);
    }
    // 40 fans follow the star at once, the star follows each back at once,
    // and half of them unfollow while that happens; opposite edges between
    // the same two people would deadlock without the ordered locks.
    let mut tasks = Vec::new();
    for (i, fan) in fans.iter().copied().enumerate() {
        let p = pool.clone();
        tasks.push(tokio::spawn(async move {
            graph::follow(&p, fan, "star", true).await.unwrap();
            if i % 2 == 0 {
                graph::unfollow(&p, fan, "star").await.unwrap();
            }
        }));
        let p = pool.clone();
        tasks.push(tokio::spawn(async move {
            graph::follow(&p, star, &format!("fan{i:02}"), false)
                .await
                .unwrap();
        }));
        // The same follow twice at once counts once.
        let p = pool.clone();
        tasks.push(tokio::spawn(async move {
            graph::follow(&p, star, &format!("fan{i:02}"), true)
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(counts(&pool, "star").await, (20, 40));
    let wrong = crate::helpers::miscounted_people(&pool).await;
    assert_eq!(wrong, 0, "every count matches the follows table");
}

#[sqlx::test(migrations = "../migrations")]
async fn follower_lists_page_and_respect_privacy(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    quick_user(&pool, "star").await;
    for i in 0..30 {
        let id = quick_user(&pool, &format!("fan{i:02}")).await;
        graph::follow(&pool, id, "star", true).await.unwrap();
    }
    let res = ana.call("/api/followers", &[("username", "star")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let first = json(&res.body);
    assert_eq!(first["people"].as_array().unwrap().len(), 24);
    let next = first["next"].as_str().unwrap().to_owned();
    let res = ana
        .call("/api/followers", &[("username", "star"), ("cursor", &next)])
        .await;
    let second = json(&res.body);
    assert_eq!(second["people"].as_array().unwrap().len(), 6);
    assert_eq!(second["next"], serde_json::Value::Null);
    let mut all: Vec<String> = first["people"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["people"].as_array().unwrap())
        .map(|p| p["username"].as_str().unwrap().to_owned())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 30, "no one twice, no one missing");
    // The page renders without JavaScript, with a link to the next page.
    let page = app.get("/u/star/followers").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("/u/star/followers?after="));

    // Ana hides her lists: others are refused, she is not.
    let res = ana
        .call(
            "/api/update_privacy",
            &[
                ("followers_visibility", "nobody"),
                ("message_privacy", "followers"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app.visitor("203.0.113.5")
            .call("/api/following", &[("username", "ana")])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        ana.call("/api/following", &[("username", "ana")])
            .await
            .status,
        StatusCode::OK
    );
    let show: bool = sqlx::query_scalar("select show_online_status from profiles p join users u on u.id = p.user_id where u.username = 'ana'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!show, "an unticked box turns online status off");
    let res = ana
        .call(
            "/api/update_privacy",
            &[
                ("followers_visibility", "aliens"),
                ("message_privacy", "everyone"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_non_image_named_png_is_refused_and_leaves_nothing(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    let res = ana
        .upload(
            "/api/upload_picture",
            &[("purpose", "avatar")],
            "cute.png",
            b"#!/bin/sh\necho this is not a picture\n",
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let err = json(&res.body);
    assert!(
        err["fields"]["file"][0]
            .as_str()
            .unwrap()
            .contains("isn't a picture"),
        "{}",
        res.body
    );
    let rows: i64 = sqlx::query_scalar("select count(*) from media_files")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 0);
    assert!(files_under(&app.media_dir).is_empty());

    // A PNG cut short is refused the same way.
    let mut broken = png(300, 300);
    broken.truncate(broken.len() / 2);
    let res = ana
        .upload(
            "/api/upload_picture",
            &[("purpose", "avatar")],
            "half.png",
            &broken,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(files_under(&app.media_dir).is_empty());

    // Signed out: refused before anything is read.
    let res = app
        .visitor("203.0.113.9")
        .upload(
            "/api/upload_picture",
            &[("purpose", "avatar")],
            "a.png",
            &png(100, 100),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn avatars_are_re_encoded_into_variants_and_served_for_a_year(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let ana = app.member("ana", "203.0.113.1").await;
    let res = ana
        .upload(
            "/api/upload_picture",
            &[("purpose", "avatar")],
            "me.png",
            &png(600, 400),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let image = json(&res.body);
    assert_eq!(image["width"], 256);
    assert_eq!(image["height"], 256);
    assert!(image["blurhash"].as_str().is_some());
    let (w, h, mime, variants): (i32, i32, String, serde_json::Value) =
        sqlx::query_as("select width, height, mime_type, variants from media_files")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((w, h, mime.as_str()), (256, 256, "image/jpeg"));
    assert_eq!(variants.as_array().unwrap().len(), 2);
    assert_eq!(files_under(&app.media_dir).len(), 2);

    let url = image["url"].as_str().unwrap();
    let served = app.get(url).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/jpeg");
    assert!(served.header("cache-control").contains("max-age=31536000"));
    assert!(served.header("cache-control").contains("immutable"));
    assert_eq!(
        app.get("/media/avatar/../../etc/passwd.jpg").await.status,
        StatusCode::NOT_FOUND
    );

    let p = json(&ana.call("/api/profile", &[("username", "ana")]).await.body);
    assert_eq!(p["avatar"]["url"], image["url"]);
    let score: i32 = sqlx::query_scalar("select profile_completeness from profiles")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(score, 20);

    // A new avatar replaces the old one: its row and files go.
    let res = ana
        .upload(
            "/api/upload_picture",
            &[("purpose", "avatar")],
            "new.png",
            &png(300, 300),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let rows: i64 = sqlx::query_scalar("select count(*) from media_files")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(files_under(&app.media_dir).len(), 2);
    assert_eq!(app.get(url).await.status, StatusCode::NOT_FOUND);

    // Removing it leaves nothing.
    let res = ana
        .call("/api/remove_picture", &[("purpose", "avatar")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(files_under(&app.media_dir).is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn mention_suggestions_follow_the_prefix_and_leave_blocked_people_out(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let writer = app.member("writer", "203.0.113.1").await;
    let writer_id: uuid::Uuid =
        sqlx::query_scalar("select id from users where username = 'writer'")
            .fetch_one(&pool)
            .await
            .unwrap();
    for name in ["Ana_B", "anabel", "anaxi", "anablock", "anagone", "anzu"] {
        quick_user(&pool, name).await;
    }
    let blocker = quick_user(&pool, "anablocker").await;
    // Followed people come first, then the most followed.
    graph::follow(&pool, writer_id, "anaxi", false)
        .await
        .unwrap();
    let fan = quick_user(&pool, "fan01").await;
    graph::follow(&pool, fan, "anabel", false).await.unwrap();
    // Blocks either way, and closed accounts, keep people out of the list.
    graph::block(&pool, writer_id, "anablock").await.unwrap();
    graph::block(&pool, blocker, "writer").await.unwrap();
    sqlx::query("update users set status = 'SUSPENDED' where username = 'anagone'")
        .execute(&pool)
        .await
        .unwrap();

    let names = |body: &str| -> Vec<String> {
        serde_json::from_str::<Vec<serde_json::Value>>(body)
            .unwrap_or_else(|e| panic!("{e}: {body}"))
            .iter()
            .map(|p| p["username"].as_str().unwrap().to_owned())
            .collect()
    };
    let res = writer.get("/api/mention_suggestions?prefix=ANA").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(names(&res.body), ["anaxi", "anabel", "Ana_B"]);
    // `_` is a letter of a username here, not a wildcard.
    let res = writer.get("/api/mention_suggestions?prefix=ana_").await;
    assert_eq!(names(&res.body), ["Ana_B"]);
    // Nobody for an empty or impossible prefix; never yourself.
    for prefix in ["", "a%25", "a%20b", "writer"] {
        let res = writer
            .get(&format!("/api/mention_suggestions?prefix={prefix}"))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(names(&res.body).is_empty(), "{prefix}: {}", res.body);
    }
    // Signed out: refused.
    let res = app
        .visitor("203.0.113.9")
        .get("/api/mention_suggestions?prefix=ana")
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}
