//! Background jobs on a PostgreSQL-backed queue (apalis), run inside the server.
//!
//! Jobs are rows in the `apalis` schema, claimed with `FOR UPDATE SKIP LOCKED`,
//! so several server instances share the work. Workers wake on LISTEN/NOTIFY and
//! poll every few seconds for delayed jobs and retries. Scheduled work is pushed
//! by a cron stream with an idempotency key per tick, so a tick runs once
//! however many instances are up.

use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use apalis::layers::retry::HasherRng;
use apalis::layers::retry::backoff::{ExponentialBackoffMaker, MakeBackoff};
use apalis::prelude::*;
use apalis_cron::CronScheduler;
use apalis_postgres::{Config as QueueConfig, PostgresStorage};
use app::features::media::ssr::Media;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

/// Queue of maintenance work (cleanup).
pub const MAINTENANCE_QUEUE: &str = "maintenance";
/// Queue of mail deliveries.
pub const MAIL_QUEUE: &str = "mail";
/// When the daily cleanup runs (cron with seconds; UTC): 03:15 every day.
pub const DAILY_CLEANUP: &str = "0 15 3 * * *";
/// When the weekly digest goes out (UTC): Mondays at 09:00.
pub const WEEKLY_DIGEST: &str = "0 0 9 * * Mon";

/// What the mail jobs need: the site's address for links, and how long a
/// notification waits before it is emailed.
#[derive(Debug, Clone)]
pub struct Mailing {
    pub public_url: String,
    pub notification_wait: Duration,
}

/// Deletes rows past their retention window (see `site_settings` `retention.*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cleanup {
    /// Why it runs: `schedule:<tick>` or `manual`.
    pub reason: String,
}

/// Handles for pushing jobs, shared through `AppState`.
#[derive(Clone)]
pub struct Jobs {
    pub maintenance: PostgresStorage<Cleanup>,
    pub mail: PostgresStorage<crate::mail::DeliverMail>,
}

impl Jobs {
    /// Creates the queue tables (apalis keeps its own schema and migration
    /// history, apart from ours) and the storage handles.
    pub async fn setup(pool: &PgPool) -> Result<Self, apalis_postgres::Error> {
        PostgresStorage::setup(pool).await?;
        Ok(Self::new(pool))
    }

    /// Storage handles over an already set-up database.
    pub fn new(pool: &PgPool) -> Self {
        Self {
            maintenance: PostgresStorage::new(pool)
                .with_config(QueueConfig::default().queue(MAINTENANCE_QUEUE)),
            mail: PostgresStorage::new(pool).with_config(QueueConfig::default().queue(MAIL_QUEUE)),
        }
    }

    /// Enqueues a cleanup now; returns its task id.
    pub async fn enqueue_cleanup(&self, reason: impl Into<String>) -> Result<TaskId, BoxDynError> {
        let id = TaskId::from_ulid(ulid::Ulid::generate());
        let task = TaskBuilder::new(Cleanup {
            reason: reason.into(),
        })
        .task_id(id.clone())
        .max_attempts(4)
        .build();
        self.maintenance.clone().push_task(task).await?;
        Ok(id)
    }
}

/// How many rows one cleanup removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CleanupReport {
    pub sessions: u64,
    pub analytics_events: u64,
    pub system_health: u64,
    pub audit_logs: u64,
    /// Live events older than a day.
    pub realtime_events: u64,
    /// Deleted accounts purged after their grace period.
    pub accounts: u64,
}

/// Removes expired sessions, and analytics events, health samples and audit
/// entries older than their configured retention (in days, from `site_settings`),
/// then purges deleted accounts whose grace period is over (with their files).
pub async fn cleanup_expired(pool: &PgPool, media: &Media) -> Result<CleanupReport, BoxDynError> {
    let mut tx = pool.begin().await?;
    let retention = sqlx::query!(
        r#"select
             coalesce((select (value #>> '{}')::int from site_settings where key = 'retention.analytics_days'), 400) as "analytics!",
             coalesce((select (value #>> '{}')::int from site_settings where key = 'retention.system_health_days'), 30) as "health!",
             coalesce((select (value #>> '{}')::int from site_settings where key = 'retention.audit_days'), 730) as "audit!""#
    )
    .fetch_one(&mut *tx)
    .await?;
    let sessions = sqlx::query!("delete from sessions where expires_at <= now()")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let analytics_events = sqlx::query!(
        "delete from analytics_events where occurred_at < now() - make_interval(days => $1)",
        retention.analytics
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let system_health = sqlx::query!(
        "delete from system_health where checked_at < now() - make_interval(days => $1)",
        retention.health
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let audit_logs = sqlx::query!(
        "delete from audit_logs where created_at < now() - make_interval(days => $1)",
        retention.audit
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // Pages resume from at most a few minutes back; a day is plenty.
    let realtime_events =
        sqlx::query!("delete from realtime_events where created_at < now() - interval '1 day'")
            .execute(&mut *tx)
            .await?
            .rows_affected();
    tx.commit().await?;
    let accounts = app::features::accounts::ssr::deletion::purge_due(pool, media).await?;
    Ok(CleanupReport {
        sessions,
        analytics_events,
        system_health,
        audit_logs,
        realtime_events,
        accounts,
    })
}

async fn run_cleanup(
    job: Cleanup,
    pool: Data<PgPool>,
    media: Data<Media>,
) -> Result<(), BoxDynError> {
    let report = cleanup_expired(&pool, &media).await?;
    tracing::info!(reason = %job.reason, ?report, "cleanup finished");
    metrics::counter!("jobs_completed_total", "job" => "cleanup").increment(1);
    Ok(())
}

/// Runs the workers and the scheduler until `shutdown` resolves, then lets
/// running jobs finish (up to `grace`).
pub async fn run(
    pool: PgPool,
    jobs: Jobs,
    smtp: Option<Arc<crate::mail::Smtp>>,
    media: Media,
    mailing: Mailing,
    grace: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let instance = ulid::Ulid::generate().to_string();
    let backoff = match ExponentialBackoffMaker::new(
        Duration::from_secs(1),
        Duration::from_secs(60),
        0.5,
        HasherRng::default(),
    ) {
        Ok(mut maker) => maker.make_backoff(),
        Err(err) => {
            tracing::error!(error = %err, "invalid job backoff; workers not started");
            return;
        }
    };
    let scheduler = tokio::spawn(schedule_daily_cleanup(jobs.clone()));
    let publisher = tokio::spawn(publish_scheduled(pool.clone()));
    let kick = crate::mail::QueueKick::new(smtp.as_ref().map(|_| jobs.mail.clone()));
    let notifier = tokio::spawn(email_notifications(
        pool.clone(),
        kick.clone(),
        mailing.clone(),
    ));
    let digest = tokio::spawn(schedule_weekly_digest(pool.clone(), kick, mailing));
    let sweeper = smtp
        .is_some()
        .then(|| tokio::spawn(sweep_mail(pool.clone(), jobs.mail.clone())));
    let storage = jobs.maintenance.clone();
    let mut monitor = Monitor::new();
    if let Some(smtp) = smtp {
        let mail_storage = jobs.mail.clone();
        let pool = pool.clone();
        let backoff = backoff.clone();
        let instance = instance.clone();
        monitor = monitor.register(move |restarts| {
            WorkerBuilder::new(format!("mail-{instance}-{restarts}"))
                .backend(
                    mail_storage
                        .clone()
                        .with_pubsub()
                        .poll_with_interval(Duration::from_secs(5)),
                )
                .data(pool.clone())
                .data(smtp.clone())
                .concurrency(4)
                .retry(RetryPolicy::retries(5).with_backoff(backoff.clone()))
                .build(crate::mail::deliver)
        });
    }
    let result = monitor
        .register(move |restarts| {
            WorkerBuilder::new(format!("maintenance-{instance}-{restarts}"))
                .backend(
                    storage
                        .clone()
                        .with_pubsub()
                        .poll_with_interval(Duration::from_secs(5)),
                )
                .data(pool.clone())
                .data(media.clone())
                .concurrency(2)
                .retry(RetryPolicy::retries(3).with_backoff(backoff.clone()))
                .build(run_cleanup)
        })
        // A worker ends when the database fails; restart it, waiting longer
        // each time (1 s, 2 s … 32 s) so an outage is not a hot loop. The hook is
        // synchronous, so the wait happens off the async worker threads.
        .should_restart(|ctx, err| {
            let restarts = u32::try_from(ctx.restarts()).unwrap_or(u32::MAX).min(5);
            let wait = Duration::from_secs(1 << restarts);
            tracing::warn!(worker = %ctx.name(), error = %err, ?wait, "job worker stopped; restarting");
            tokio::task::block_in_place(|| std::thread::sleep(wait));
            true
        })
        .shutdown_timeout(grace)
        .run_with_signal(async move {
            shutdown.await;
            Ok(())
        })
        .await;
    scheduler.abort();
    publisher.abort();
    notifier.abort();
    digest.abort();
    if let Some(sweeper) = sweeper {
        sweeper.abort();
    }
    if let Err(err) = result {
        tracing::error!(error = %err, "job workers stopped with an error");
    }
}

/// Every 20 seconds, publishes the scheduled posts whose time has come.
/// Safe on several instances at once (rows are taken with `skip locked`).
async fn publish_scheduled(pool: PgPool) {
    let mut every = tokio::time::interval(Duration::from_secs(20));
    loop {
        every.tick().await;
        match app::features::posts::ssr::schedule::publish_due(&pool).await {
            Ok(ids) if ids.is_empty() => {}
            Ok(ids) => tracing::info!(count = ids.len(), "published scheduled posts"),
            Err(err) => tracing::warn!(error = %err, "publishing scheduled posts failed"),
        }
    }
}

/// Every five seconds, emails the notifications whose wait is over (safe on
/// several instances at once: rows are taken with `skip locked`).
async fn email_notifications(pool: PgPool, kick: crate::mail::QueueKick, mailing: Mailing) {
    use app::context::MailKick;
    let mut every = tokio::time::interval(Duration::from_secs(5));
    loop {
        every.tick().await;
        match app::features::notifications::ssr::email::send_due(
            &pool,
            mailing.notification_wait,
            &mailing.public_url,
        )
        .await
        {
            Ok(ids) => {
                for id in ids {
                    kick.queued(id);
                }
            }
            Err(err) => tracing::warn!(error = %err, "emailing notifications failed"),
        }
    }
}

/// Writes the weekly digests at every tick of [`WEEKLY_DIGEST`]; each
/// person's digest is claimed once per week, so several instances doing
/// it at once send one.
async fn schedule_weekly_digest(pool: PgPool, kick: crate::mail::QueueKick, mailing: Mailing) {
    use app::context::MailKick;
    let Ok(schedule) = cron::Schedule::from_str(WEEKLY_DIGEST) else {
        tracing::error!("invalid weekly digest schedule");
        return;
    };
    loop {
        let mut ticks = Box::pin(CronScheduler::new(schedule.clone()).into_stream());
        while let Some(Ok(tick)) = ticks.next().await {
            let Some(day) = i64::try_from(tick.get_timestamp())
                .ok()
                .and_then(|ts| chrono::DateTime::from_timestamp(ts, 0))
            else {
                continue;
            };
            let week = app::features::notifications::ssr::email::week_of(day.date_naive());
            match app::features::notifications::ssr::email::weekly_digest(
                &pool,
                week,
                &mailing.public_url,
            )
            .await
            {
                Ok(ids) => {
                    tracing::info!(count = ids.len(), %week, "weekly digests written");
                    for id in ids {
                        kick.queued(id);
                    }
                }
                Err(err) => tracing::error!(error = %err, "weekly digest failed"),
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Writes the post views buffered by this process every three seconds, and
/// once more when `shutdown` resolves. Runs on every instance (each has its
/// own buffer), whether or not it runs the job workers.
pub async fn flush_views(
    pool: PgPool,
    views: Arc<app::features::posts::ssr::views::ViewBuffer>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut every = tokio::time::interval(Duration::from_secs(3));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = &mut shutdown => break,
        }
        if let Err(err) = views.flush(&pool).await {
            tracing::warn!(error = %err, "writing post views failed");
        }
    }
    if let Err(err) = views.flush(&pool).await {
        tracing::warn!(error = %err, "writing the last post views failed");
    }
}

/// Every five minutes, re-queues mail that is still unsent.
async fn sweep_mail(pool: PgPool, storage: PostgresStorage<crate::mail::DeliverMail>) {
    let mut every = tokio::time::interval(Duration::from_secs(300));
    loop {
        every.tick().await;
        match crate::mail::sweep(&pool, &storage).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "re-queued unsent mail"),
            Err(err) => tracing::warn!(error = %err, "mail sweep failed"),
        }
    }
}

/// Pushes a cleanup for every tick of [`DAILY_CLEANUP`], once across instances.
async fn schedule_daily_cleanup(jobs: Jobs) {
    loop {
        let schedule = match cron::Schedule::from_str(DAILY_CLEANUP) {
            Ok(s) => s,
            Err(err) => {
                tracing::error!(error = %err, "invalid cleanup schedule");
                return;
            }
        };
        let mut ticks = Box::pin(CronScheduler::new(schedule).into_stream());
        while let Some(Ok(tick)) = ticks.next().await {
            let ts = tick.get_timestamp();
            let task = TaskBuilder::new(Cleanup {
                reason: format!("schedule:{ts}"),
            })
            .idempotency_key(format!("cleanup:{ts}"))
            .max_attempts(4)
            .build();
            match jobs.maintenance.clone().push_task(task).await {
                Ok(()) => tracing::info!(tick = ts, "daily cleanup enqueued"),
                Err(TaskSinkError::PushError(apalis_postgres::Error::Database(
                    sqlx::Error::Database(db),
                ))) if db.is_unique_violation() => {}
                Err(err) => tracing::error!(error = %err, "could not enqueue the daily cleanup"),
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
