//! The job queue: a cleanup pushed onto the PostgreSQL queue is picked up by
//! the in-process workers and removes only expired rows.

use std::time::Duration;

use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrations = "../migrations")]
async fn an_enqueued_cleanup_runs_and_removes_only_expired_rows(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    sqlx::query(
        "insert into analytics_events (event_name, event_type, occurred_at) values
           ('old', 'pageview', now() - interval '500 days'),
           ('recent', 'pageview', now() - interval '1 day')",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("insert into system_health (service, status, checked_at) values ('api', 'healthy', now() - interval '40 days')")
        .execute(&pool)
        .await
        .unwrap();

    let workers = app.workers(&server::config::Config::default());
    let task_id = app.jobs.enqueue_cleanup("manual").await.unwrap();

    let mut done = false;
    for _ in 0..200 {
        let status: Option<String> =
            sqlx::query_scalar("select status::text from apalis.jobs where id = $1")
                .bind(task_id.to_string())
                .fetch_optional(&pool)
                .await
                .unwrap();
        if status.as_deref() == Some("Done") {
            done = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), workers.stop()).await;
    assert!(done, "the cleanup job did not finish");

    let names: Vec<String> =
        sqlx::query_scalar("select event_name from analytics_events order by event_name")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(names, vec!["recent".to_owned()]);
    let health: i64 = sqlx::query_scalar("select count(*) from system_health")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(health, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn retention_comes_from_site_settings(pool: PgPool) {
    sqlx::query("update site_settings set value = '10' where key = 'retention.analytics_days'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("insert into analytics_events (event_name, event_type, occurred_at) values ('x', 'click', now() - interval '11 days')")
        .execute(&pool)
        .await
        .unwrap();
    let app = TestApp::new(pool.clone()).await;
    let report = server::jobs::cleanup_expired(&pool, &app.media)
        .await
        .unwrap();
    assert_eq!(report.analytics_events, 1);
}

#[test]
fn the_daily_schedule_is_a_valid_cron_expression() {
    use std::str::FromStr;
    let schedule = cron::Schedule::from_str(server::jobs::DAILY_CLEANUP).unwrap();
    let next: Vec<_> = schedule.upcoming(chrono::Utc).take(2).collect();
    assert_eq!((next[1] - next[0]).num_hours(), 24);
    // The weekly digest: Mondays, a week apart.
    let schedule = cron::Schedule::from_str(server::jobs::WEEKLY_DIGEST).unwrap();
    let next: Vec<_> = schedule.upcoming(chrono::Utc).take(2).collect();
    assert_eq!((next[1] - next[0]).num_days(), 7);
    assert_eq!(chrono::Datelike::weekday(&next[0]), chrono::Weekday::Mon);
}
