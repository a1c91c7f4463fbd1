//! Leaving: account deletion with a grace period, the purge after it, and
//! the export of everything a person owns.
//!
//! Deleting marks the account DELETED (remembering the status it had), ends
//! every session and follow at once, and sets `purge_after` to 30 days on.
//! Until then the username and email stay reserved, the profile is gone,
//! and signing in again (password or provider) brings the account back with
//! its old status. After it, the daily cleanup job deletes the row (the
//! database cascades to everything the person owns) and their files.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use tower_sessions::Session;
use uuid::Uuid;

use super::admin::audit_status;
use super::users::{self, Credentials};
use super::{mails, passwords};
use crate::context::ServerContext;
use crate::error::AppError;
use crate::features::accounts::types::UserStatus;
use crate::features::mail::ssr as mail;
use crate::features::media::ssr::Media;
use crate::features::media::ssr::store::delete_rows_of_user;
use crate::features::profiles::ssr::graph::end_all_follows;

/// Days between deleting an account and purging it.
pub const GRACE_DAYS: i32 = 30;

/// Deletes `user_id`'s account after checking it is really them: their
/// password, or (for accounts without one) their username typed out.
/// Returns when it will be purged.
pub async fn delete_account(
    pool: &PgPool,
    ctx: &ServerContext,
    session: &Session,
    user_id: Uuid,
    password: String,
    confirm: &str,
) -> Result<DateTime<Utc>, AppError> {
    let mut conn = pool.acquire().await?;
    let user = users::find_by_id(&mut conn, user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    drop(conn);
    if user.password_hash.is_some() {
        if password.is_empty() {
            return Err(AppError::field("password", "Enter your password."));
        }
        if !passwords::verify(password, user.password_hash.clone()).await? {
            return Err(AppError::field("password", "That password isn't right."));
        }
    } else if !confirm.trim().eq_ignore_ascii_case(&user.username) {
        return Err(AppError::field(
            "confirm",
            format!("Type your username, {}, to confirm.", user.username),
        ));
    }

    let mut tx = pool.begin().await?;
    let purge_after = sqlx::query_scalar!(
        "update users set status_before_delete = status, status = 'DELETED',
                          deleted_at = now(), purge_after = now() + make_interval(days => $2),
                          session_epoch = session_epoch + 1
         where id = $1 and status <> 'DELETED'
         returning purge_after as \"purge_after!\"",
        user_id,
        GRACE_DAYS
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Unauthorized)?;
    sqlx::query!("delete from sessions where user_id = $1", user_id)
        .execute(&mut *tx)
        .await?;
    end_all_follows(&mut tx, user_id).await?;
    crate::features::feeds::ssr::follows::end_all(&mut tx, user_id).await?;
    audit_status(
        &mut tx,
        None,
        user_id,
        user.status,
        UserStatus::Deleted,
        "deleted by its owner",
    )
    .await?;
    let message = mails::account_deleted(
        &ctx.settings.public_url,
        user_id,
        &user.email,
        &user.username,
        purge_after,
    );
    let outbox = mail::queue(&mut tx, &message).await?;
    tx.commit().await?;
    mail::kick(&[outbox]);
    // The row is gone already; this clears the cookie too.
    let _ = session.flush().await;
    Ok(purge_after)
}

/// Brings back `user`, deleted but still within the grace period, with the
/// status it had. Past the grace period it stays deleted.
pub async fn restore(conn: &mut PgConnection, user: &Credentials) -> Result<Credentials, AppError> {
    let restored = sqlx::query_scalar!(
        r#"update users set status = coalesce(status_before_delete, 'ACTIVE'), status_before_delete = null,
                            deleted_at = null, purge_after = null
           where id = $1 and status = 'DELETED' and purge_after > now()
           returning status as "status: UserStatus""#,
        user.id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(status) = restored else {
        return users::find_by_id(conn, user.id)
            .await?
            .ok_or(AppError::Unauthorized);
    };
    audit_status(
        conn,
        None,
        user.id,
        UserStatus::Deleted,
        status,
        "restored by signing in during the grace period",
    )
    .await?;
    users::find_by_id(conn, user.id)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// Purges every deleted account whose grace period is over: the row (and so
/// everything that cascades from it) and their stored files. Returns how
/// many accounts went.
pub async fn purge_due(pool: &PgPool, media: &Media) -> Result<u64, AppError> {
    let due = sqlx::query_scalar!(
        "select id from users where status = 'DELETED' and purge_after <= now() order by purge_after limit 500"
    )
    .fetch_all(pool)
    .await?;
    let mut purged = 0;
    for user_id in due {
        let mut tx = pool.begin().await?;
        let keys = delete_rows_of_user(&mut tx, user_id).await?;
        crate::features::comments::ssr::write::erase_author(&mut tx, user_id).await?;
        crate::features::reactions::ssr::forget_person(&mut tx, user_id).await?;
        crate::features::bookmarks::ssr::forget_person(&mut tx, user_id).await?;
        let gone = sqlx::query!(
            "delete from users where id = $1 and status = 'DELETED' and purge_after <= now()",
            user_id
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if gone == 0 {
            // Restored a moment ago: keep everything.
            continue;
        }
        sqlx::query!(
            "insert into audit_logs (action, entity_type, entity_id, reason)
             values ('DELETE', 'user', $1, 'purged after the grace period')",
            user_id.to_string()
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        media.remove(&keys).await;
        purged += 1;
    }
    Ok(purged)
}

/// Everything `user_id` owns, as one JSON document (no secrets: no password
/// hash, two-factor secret, recovery codes or tokens).
pub async fn export(conn: &mut PgConnection, user_id: Uuid) -> Result<serde_json::Value, AppError> {
    let export = sqlx::query_scalar!(
        r#"select json_build_object(
             'format', 'sparkle-universe-export/1',
             'exported_at', now(),
             'account', (select json_build_object(
                 'id', u.id, 'username', u.username, 'email', u.email,
                 'email_verified_at', u.email_verified_at, 'role', u.role, 'status', u.status,
                 'experience', u.experience, 'level', u.level, 'reputation_score', u.reputation_score,
                 'preferred_language', u.preferred_language, 'timezone', u.timezone,
                 'two_factor_enabled', u.two_factor_enabled, 'has_password', u.password_hash is not null,
                 'referral_code', u.referral_code, 'created_at', u.created_at, 'last_seen_at', u.last_seen_at)
               from users u where u.id = $1),
             'profile', (select to_jsonb(p) - 'user_id' from profiles p where p.user_id = $1),
             'stats', (select to_jsonb(s) - 'user_id' from user_stats s where s.user_id = $1),
             'balance', (select to_jsonb(b) - 'user_id' from user_balances b where b.user_id = $1),
             'notification_preferences',
               (select to_jsonb(n) - 'user_id' from notification_preferences n where n.user_id = $1),
             'linked_sign_ins', coalesce((select json_agg(json_build_object(
                 'provider', a.provider, 'subject', a.provider_account_id, 'email', a.email,
                 'linked_at', a.created_at) order by a.created_at)
               from accounts a where a.user_id = $1), '[]'),
             'sessions', coalesce((select json_agg(json_build_object(
                 'ip_address', host(s.ip_address), 'user_agent', s.user_agent, 'created_at', s.created_at,
                 'last_seen_at', s.last_seen_at, 'expires_at', s.expires_at) order by s.created_at)
               from sessions s where s.user_id = $1), '[]'),
             'login_history', coalesce((select json_agg(json_build_object(
                 'at', l.created_at, 'ip_address', host(l.ip_address), 'device', l.device,
                 'network', l.location, 'user_agent', l.user_agent, 'success', l.success,
                 'reason', l.reason) order by l.created_at)
               from login_history l where l.user_id = $1), '[]'),
             'security_alerts', coalesce((select json_agg((to_jsonb(a) - 'user_id') order by a.created_at)
               from security_alerts a where a.user_id = $1), '[]'),
             'following', coalesce((select json_agg(json_build_object(
                 'username', u.username, 'notify_new_posts', f.notify_new_posts, 'since', f.created_at)
                 order by f.created_at)
               from follows f join users u on u.id = f.following_id where f.follower_id = $1), '[]'),
             'followers', coalesce((select json_agg(json_build_object(
                 'username', u.username, 'since', f.created_at) order by f.created_at)
               from follows f join users u on u.id = f.follower_id where f.following_id = $1), '[]'),
             'blocked', coalesce((select json_agg(json_build_object(
                 'username', u.username, 'since', b.created_at) order by b.created_at)
               from blocks b join users u on u.id = b.blocked_id where b.blocker_id = $1), '[]'),
             'referred_by', (select json_build_object('username', u.username, 'code', r.referral_code,
                 'at', r.created_at)
               from referrals r join users u on u.id = r.referrer_id where r.referred_user_id = $1),
             'referrals', coalesce((select json_agg(json_build_object(
                 'username', u.username, 'status', r.status, 'at', r.created_at) order by r.created_at)
               from referrals r join users u on u.id = r.referred_user_id where r.referrer_id = $1), '[]'),
             'notification_settings', coalesce((select json_agg(json_build_object(
                 'type', n.type, 'in_app', n.in_app, 'email', n.email) order by n.type)
               from notification_settings n where n.user_id = $1), '[]'),
             'comments', coalesce((select json_agg(json_build_object(
                 'id', c.id, 'post', p.slug, 'reply_to', c.parent_id, 'body', c.body,
                 'video_at', c.video_at, 'created_at', c.created_at, 'edited_at', c.edited_at,
                 'deleted_at', c.deleted_at) order by c.created_at)
               from comments c join posts p on p.id = c.post_id where c.author_id = $1), '[]'),
             'reactions', coalesce((select json_agg(r order by r.created_at) from (
                 select 'post' as on_kind, pr.post_id as id, pr.reaction, pr.created_at
                 from post_reactions pr where pr.user_id = $1
                 union all
                 select 'comment', cr.comment_id, cr.reaction, cr.created_at
                 from comment_reactions cr where cr.user_id = $1) r), '[]'),
             'bookmark_folders', coalesce((select json_agg(json_build_object(
                 'id', f.id, 'name', f.name, 'description', f.description, 'color', f.color,
                 'public', f.is_public, 'created_at', f.created_at) order by f.sort_order)
               from bookmark_folders f where f.user_id = $1), '[]'),
             'bookmarks', coalesce((select json_agg(json_build_object(
                 'post', p.slug, 'folder', b.folder_id, 'notes', b.notes, 'tags', b.tags,
                 'created_at', b.created_at) order by b.created_at)
               from bookmarks b join posts p on p.id = b.post_id where b.user_id = $1), '[]'),
             'media', coalesce((select json_agg(json_build_object(
                 'id', m.id, 'purpose', m.purpose, 'mime_type', m.mime_type, 'file_size', m.file_size,
                 'original_name', m.original_name, 'width', m.width, 'height', m.height,
                 'variants', m.variants, 'created_at', m.created_at) order by m.created_at)
               from media_files m where m.user_id = $1), '[]')
           )::jsonb as "export!""#,
        user_id
    )
    .fetch_one(conn)
    .await?;
    Ok(export)
}
