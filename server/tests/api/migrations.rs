//! The first migrations: extensions, enums, platform tables, reversibility.

use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn extensions_and_every_enum_of_the_data_model_exist(pool: PgPool) {
    let extensions: Vec<String> =
        sqlx::query_scalar("select extname::text from pg_extension order by 1")
            .fetch_all(&pool)
            .await
            .unwrap();
    for ext in ["citext", "pg_trgm", "pgcrypto", "unaccent"] {
        assert!(
            extensions.iter().any(|e| e == ext),
            "missing extension {ext}"
        );
    }
    let enums: i64 = sqlx::query_scalar(
        "select count(*) from pg_type where typtype = 'e' and typnamespace = 'public'::regnamespace",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(enums, 21);
    let roles: Vec<String> = sqlx::query_scalar("select unnest(enum_range(null::user_role))::text")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(
        roles,
        [
            "USER",
            "MODERATOR",
            "ADMIN",
            "CREATOR",
            "VERIFIED_CREATOR",
            "SYSTEM"
        ]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn updated_at_is_maintained_by_the_trigger(pool: PgPool) {
    let before: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("select updated_at from site_settings where key = 'site.name'")
            .fetch_one(&pool)
            .await
            .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    sqlx::query("update site_settings set value = '\"Sparkle!\"' where key = 'site.name'")
        .execute(&pool)
        .await
        .unwrap();
    let after: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("select updated_at from site_settings where key = 'site.name'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(after > before);
}

#[sqlx::test(migrations = false)]
async fn migrations_apply_and_revert(pool: PgPool) {
    let migrator = &server::db::MIGRATOR;
    migrator.run(&pool).await.unwrap();
    migrator.undo(&pool, 0).await.unwrap();
    let tables: i64 = sqlx::query_scalar("select count(*) from pg_tables where schemaname = 'public' and tablename = 'site_settings'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(tables, 0);
    migrator.run(&pool).await.unwrap();
}
