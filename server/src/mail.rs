//! Mail delivery over SMTP (lettre), as jobs on the `mail` queue.
//!
//! The app writes every message to `mail_outbox` inside the transaction that
//! caused it and then kicks this deliverer with the row id. A job sends the
//! row and marks it sent; failures are retried by the queue with backoff, and
//! a sweep re-queues anything left unsent (say, after a crash between the
//! commit and the kick). Without SMTP nothing is pushed: the outbox is the
//! development mailbox at `/dev/mail`.

use std::sync::Arc;

use apalis::prelude::*;
use apalis_postgres::PostgresStorage;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

/// Deliver one outbox row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverMail {
    pub outbox_id: Uuid,
}

/// An SMTP connection pool and the sender address.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    /// From `smtp://user:pass@host:port` (`smtps://` for implicit TLS,
    /// `?tls=required` for STARTTLS) and a `From` address.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build();
        let from = from.parse()?;
        Ok(Self { transport, from })
    }

    async fn send(
        &self,
        to: &str,
        subject: &str,
        text: String,
        html: String,
    ) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(text, html))?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// Pushes a delivery job for each kicked outbox row.
#[derive(Clone)]
pub struct QueueKick {
    storage: Option<PostgresStorage<DeliverMail>>,
}

impl QueueKick {
    /// With `None` (no SMTP) kicks do nothing.
    pub fn new(storage: Option<PostgresStorage<DeliverMail>>) -> Self {
        Self { storage }
    }
}

impl app::context::MailKick for QueueKick {
    fn queued(&self, outbox_id: Uuid) {
        let Some(storage) = self.storage.clone() else {
            return;
        };
        tokio::spawn(async move {
            if let Err(err) = push(storage, outbox_id, 0).await {
                tracing::error!(%outbox_id, error = %err, "could not queue mail delivery");
            }
        });
    }
}

async fn push(
    mut storage: PostgresStorage<DeliverMail>,
    outbox_id: Uuid,
    attempt: i32,
) -> Result<(), BoxDynError> {
    let task = TaskBuilder::new(DeliverMail { outbox_id })
        .idempotency_key(format!("mail:{outbox_id}:{attempt}"))
        .max_attempts(6)
        .build();
    match storage.push_task(task).await {
        Ok(()) => Ok(()),
        Err(TaskSinkError::PushError(apalis_postgres::Error::Database(sqlx::Error::Database(
            db,
        )))) if db.is_unique_violation() => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// Sends one outbox row; marks it sent, or records the failure and lets the
/// queue retry.
pub async fn deliver(
    job: DeliverMail,
    pool: Data<PgPool>,
    smtp: Data<Arc<Smtp>>,
) -> Result<(), BoxDynError> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        "select to_address, subject, body_text, body_html from mail_outbox
         where id = $1 and sent_at is null for update skip locked",
        job.outbox_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        // Already sent, or another worker has it.
        return Ok(());
    };
    match smtp
        .send(&row.to_address, &row.subject, row.body_text, row.body_html)
        .await
    {
        Ok(()) => {
            sqlx::query!(
                "update mail_outbox set sent_at = now(), attempts = attempts + 1, last_error = null where id = $1",
                job.outbox_id
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            metrics::counter!("mail_sent_total").increment(1);
            Ok(())
        }
        Err(err) => {
            sqlx::query!(
                "update mail_outbox set attempts = attempts + 1, last_error = $2,
                        next_attempt_at = now() + make_interval(mins => least(attempts + 1, 30))
                 where id = $1",
                job.outbox_id,
                err.to_string(),
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            metrics::counter!("mail_failed_total").increment(1);
            tracing::warn!(outbox_id = %job.outbox_id, error = %err, "mail delivery failed");
            Err(err.into())
        }
    }
}

/// Re-queues unsent mail whose retry time has come (up to 10 attempts).
pub async fn sweep(
    pool: &PgPool,
    storage: &PostgresStorage<DeliverMail>,
) -> Result<usize, BoxDynError> {
    let rows = sqlx::query!(
        "select id, attempts from mail_outbox
         where sent_at is null and attempts < 10 and next_attempt_at <= now()
           and created_at < now() - interval '1 minute'
         order by next_attempt_at limit 200"
    )
    .fetch_all(pool)
    .await?;
    let n = rows.len();
    for row in rows {
        push(storage.clone(), row.id, row.attempts).await?;
    }
    Ok(n)
}
