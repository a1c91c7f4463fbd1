//! Demo data for a fresh install. Run by `sparkle-server seed`, and by the run
//! command when the database has never been seeded. Idempotent: a marker in
//! `site_settings` records that it ran. Each capability adds its own part here.

use sqlx::PgPool;

/// The marker stored once seeding has completed.
const SEEDED_KEY: &str = "demo.seeded_at";

/// Whether the demo data has been loaded into this database.
pub async fn is_seeded(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from site_settings where key = $1) as "seeded!""#,
        SEEDED_KEY
    )
    .fetch_one(pool)
    .await
}

/// Loads the demo data in one transaction, unless it was loaded before.
/// Returns whether anything was written.
pub async fn seed(pool: &PgPool) -> anyhow::Result<bool> {
    let mut tx = pool.begin().await?;
    // Serialise concurrent seeders (two servers starting at once).
    sqlx::query!("select pg_advisory_xact_lock(hashtext('sparkle-seed'))")
        .execute(&mut *tx)
        .await?;
    let already = sqlx::query_scalar!(
        r#"select exists(select 1 from site_settings where key = $1) as "seeded!""#,
        SEEDED_KEY
    )
    .fetch_one(&mut *tx)
    .await?;
    if already {
        return Ok(false);
    }
    sqlx::query!(
        r#"insert into site_settings (key, value, value_type, category, description, is_public, is_editable)
           values ($1, to_jsonb(now()), 'string', 'system', 'When the demo data was loaded.', false, false)"#,
        SEEDED_KEY
    )
    .execute(&mut *tx)
    .await?;
    crate::accounts::seed_members(&mut tx).await?;
    crate::demo_posts::seed(&mut tx).await?;
    crate::demo_engagement::seed(&mut tx).await?;
    sqlx::query!(
        r#"insert into audit_logs (action, entity_type, entity_id, reason)
           values ('SYSTEM_ACTION', 'database', 'demo-data', 'Demo data loaded')"#
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!("demo data loaded");
    Ok(true)
}
