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
