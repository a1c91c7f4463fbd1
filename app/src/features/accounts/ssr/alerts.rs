//! Security alerts shown in the app (they are mailed too, when the person
//! wants security mail): listing them and marking them reviewed.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::types::SecurityAlert;

/// The person's 20 latest alerts, those not yet reviewed first.
pub async fn list(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<SecurityAlert>, AppError> {
    let rows = sqlx::query_as!(
        SecurityAlert,
        "select id, kind, severity, title, description, resolved, created_at
         from security_alerts where user_id = $1
         order by resolved, created_at desc limit 20",
        user_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// Marks alert `id` of `user_id` reviewed; false when it is not theirs.
pub async fn resolve(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<bool, AppError> {
    let done = sqlx::query!(
        "update security_alerts set resolved = true, resolved_at = coalesce(resolved_at, now())
         where id = $1 and user_id = $2",
        id,
        user_id
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}
