//! The PostgreSQL store behind tower-sessions.
//!
//! Written here because the published sqlx store is built on sqlx 0.8 and the
//! workspace keeps one sqlx (0.9). On save it copies the user id, address and
//! user agent out of the session data into columns, so people can list and
//! revoke their sessions with plain SQL.

use std::collections::HashMap;

use app::auth::keys;
use async_trait::async_trait;
use sqlx::PgPool;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

/// Sessions in the `sessions` table.
#[derive(Clone, Debug)]
pub struct PgSessionStore {
    pool: PgPool,
}

impl PgSessionStore {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn to_chrono(t: OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_default()
}

fn to_time(t: chrono::DateTime<chrono::Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

struct Columns {
    data: serde_json::Value,
    user_id: Option<uuid::Uuid>,
    ip: Option<String>,
    user_agent: Option<String>,
}

fn columns(record: &Record) -> Result<Columns, session_store::Error> {
    let text = |key: &str| {
        record
            .data
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    Ok(Columns {
        data: serde_json::to_value(&record.data).map_err(backend)?,
        user_id: text(keys::USER_ID).and_then(|s| s.parse().ok()),
        ip: text(keys::CLIENT_IP),
        user_agent: text(keys::CLIENT_UA),
    })
}

#[async_trait]
impl SessionStore for PgSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let cols = columns(record)?;
        loop {
            let inserted = sqlx::query!(
                "insert into sessions (id, user_id, data, expires_at, ip_address, user_agent)
                 values ($1, (select id from users where id = $2), $3, $4, $5::text::inet, $6)
                 on conflict (id) do nothing",
                record.id.to_string(),
                cols.user_id,
                cols.data,
                to_chrono(record.expiry_date),
                cols.ip,
                cols.user_agent,
            )
            .execute(&self.pool)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            // 128 random bits collided: pick another id.
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let cols = columns(record)?;
        sqlx::query!(
            "insert into sessions (id, user_id, data, expires_at, ip_address, user_agent)
             values ($1, (select id from users where id = $2), $3, $4, $5::text::inet, $6)
             on conflict (id) do update set
               user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at,
               ip_address = excluded.ip_address, user_agent = excluded.user_agent",
            record.id.to_string(),
            cols.user_id,
            cols.data,
            to_chrono(record.expiry_date),
            cols.ip,
            cols.user_agent,
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = sqlx::query!(
            "select data, expires_at from sessions where id = $1 and expires_at > now()",
            id.to_string()
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data: HashMap<String, serde_json::Value> = serde_json::from_value(row.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: to_time(row.expires_at),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query!("delete from sessions where id = $1", id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for PgSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query!("delete from sessions where expires_at <= now()")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
