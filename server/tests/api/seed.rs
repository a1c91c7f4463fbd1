//! Demo data loads once, even when two servers start at the same moment.

use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn seeding_is_idempotent_under_concurrency(pool: PgPool) {
    assert!(!server::seed::is_seeded(&pool).await.unwrap());
    let runs = futures::future::join_all((0..4).map(|_| server::seed::seed(&pool))).await;
    let wrote: usize = runs.into_iter().map(|r| usize::from(r.unwrap())).sum();
    assert_eq!(wrote, 1, "exactly one concurrent seeder writes");
    assert!(server::seed::is_seeded(&pool).await.unwrap());
    assert!(!server::seed::seed(&pool).await.unwrap());
    let audits: i64 =
        sqlx::query_scalar("select count(*) from audit_logs where entity_id = 'demo-data'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audits, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn demo_members_can_sign_in_with_the_documented_password(pool: PgPool) {
    server::seed::seed(&pool).await.unwrap();
    let roles: Vec<(String, String)> =
        sqlx::query_as("select username::text, role::text from users order by username")
            .fetch_all(&pool)
            .await
            .unwrap();
    for (name, role) in [
        ("sparkle_admin", "ADMIN"),
        ("mod_mira", "MODERATOR"),
        ("creator_cleo", "CREATOR"),
        ("fan_ana", "USER"),
    ] {
        assert!(
            roles.contains(&(name.to_owned(), role.to_owned())),
            "{name} {role} in {roles:?}"
        );
    }
    let app = crate::helpers::TestApp::new(pool).await;
    let v = app.visitor("203.0.113.40");
    let res = v.sign_in("fan_ana", server::accounts::DEMO_PASSWORD).await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    assert_eq!(v.username().await.as_deref(), Some("fan_ana"));
}

#[sqlx::test(migrations = "../migrations")]
async fn create_admin_makes_an_audited_admin(pool: PgPool) {
    server::accounts::create_admin(
        &pool,
        "root_rose",
        "rose@example.com",
        "a long admin secret",
    )
    .await
    .unwrap();
    let role: String =
        sqlx::query_scalar("select role::text from users where username = 'root_rose'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(role, "ADMIN");
    let audits: i64 = sqlx::query_scalar(
        "select count(*) from audit_logs where action = 'PERMISSION_CHANGE' and changed_data->>'role' = 'ADMIN'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audits, 1);
    // Running it again for the same account changes nothing and does not fail.
    server::accounts::create_admin(
        &pool,
        "root_rose",
        "rose@example.com",
        "a long admin secret",
    )
    .await
    .unwrap();
    let err =
        server::accounts::create_admin(&pool, "root_rose", "bad", "a long admin secret").await;
    assert!(err.is_err());
}

#[sqlx::test(migrations = "../migrations")]
async fn demo_follows_come_with_matching_counts(pool: PgPool) {
    server::seed::seed(&pool).await.unwrap();
    let wrong = crate::helpers::miscounted_people(&pool).await;
    assert_eq!(wrong, 0);
    let cleo: i32 = sqlx::query_scalar(
        "select followers_count from user_stats s join users u on u.id = s.user_id where u.username = 'creator_cleo'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(cleo, 4);
    let score: i32 = sqlx::query_scalar(
        "select profile_completeness from profiles p join users u on u.id = p.user_id where u.username = 'fan_ana'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // Display name 10, bio 20, interests 15.
    assert_eq!(score, 45);
}

#[sqlx::test(migrations = "../migrations")]
async fn demo_posts_look_alive_and_their_counts_add_up(pool: PgPool) {
    server::seed::seed(&pool).await.unwrap();
    let one = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let posts = one("select count(*) from posts where content_status = 'PUBLISHED'").await;
    assert!((180..=220).contains(&posts), "{posts} posts");
    let tags = one("select count(*) from tags").await;
    assert!((50..=70).contains(&tags), "{tags} tags");
    assert_eq!(
        one("select count(distinct content_type)::bigint from posts").await,
        7
    );
    assert_eq!(
        one("select count(distinct author_id)::bigint from posts").await,
        3
    );
    assert_eq!(
        one("select count(*) from post_series where total_parts >= 4").await,
        2
    );
    assert_eq!(
        one("select count(*) from categories where parent_id is not null").await,
        5
    );
    // Every count matches its source of truth.
    assert_eq!(
        one("select count(*) from categories c where post_count <> (select count(*) from posts where category_id = c.id and content_status = 'PUBLISHED')").await,
        0
    );
    assert_eq!(
        one("select count(*) from tags t where post_count <> (select count(*) from post_tags where tag_id = t.id and published_at is not null)").await,
        0
    );
    // Written as Markdown: no lorem ipsum, and every body renders and has a heading or list somewhere.
    assert_eq!(
        one("select count(*) from posts where content_html ilike '%lorem%'").await,
        0
    );
    assert!(one("select count(*) from posts where content_html like '%<h2 id=%'").await > 50);
    assert!(one("select count(*) from posts where content_html like '%youtube-nocookie.com/embed/%?start=%'").await > 20);
    // Conversations: threads with replies, moments of the videos, reactions,
    // and every engagement count matching its rows.
    assert!(one("select count(*) from comments").await > 100);
    assert!(one("select count(*) from comments where parent_id is not null").await > 30);
    assert!(one("select count(*) from comments where video_at is not null").await > 10);
    assert!(one("select count(*) from post_reactions").await > 100);
    assert_eq!(
        one("select count(*) from post_stats s where comment_count <> (select count(*) from comments c where c.post_id = s.post_id and c.deleted_at is null)
               or total_reaction_count <> (select count(*) from post_reactions r where r.post_id = s.post_id)
               or bookmark_count <> (select count(*) from bookmarks b where b.post_id = s.post_id)").await,
        0
    );
    assert_eq!(
        one("select count(*) from comments c where reply_count <> (select count(*) from comments r where r.parent_id = c.id)
               or reaction_total <> (select count(*) from comment_reactions r where r.comment_id = c.id)
               or reaction_total <> (select sum(x) from unnest(c.reaction_counts) x)").await,
        0
    );
    assert!(one("select count(*) from notifications").await > 0);
    assert!(one("select count(*) from bookmarks").await > 10);
    assert!(one("select count(*) from bookmark_folders where is_public").await > 0);
    assert!(
        one("select count(*) from activity_streams where action = 'comment.created'").await > 100
    );
}
