//! Notifications by email, and the weekly digest.
//!
//! When a notification is raised for someone who wants that type by email,
//! a `notification_emails` row is written with it ([`consider`]), unless
//! it is their quiet hours (then the app alone shows it). A job sends the
//! rows a short while later ([`send_due`]): by then further events have
//! joined the notification ("Ana and 3 others…"), and one the person
//! already saw in the app is not mailed. Their choices are read again at
//! that moment, so a type turned off in between is never sent. The message
//! goes to the outbox in the same transaction, and the mail queue delivers
//! it with retries.

use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::settings::email_choice;
use crate::error::AppError;
use crate::features::mail::ssr::{Mail, queue};
use crate::features::notifications::types::Kind;
use crate::routes;

/// Rows handled per run.
const BATCH: i64 = 100;

/// Notes that notification `id` (new, of `kind`, for `user`) may be
/// emailed, when they want that and it is not their quiet hours.
pub async fn consider(
    conn: &mut PgConnection,
    user: Uuid,
    kind: Kind,
    id: Uuid,
) -> Result<(), AppError> {
    let choice = email_choice(conn, user, kind).await?;
    if !choice.wanted {
        return Ok(());
    }
    // In quiet hours the notification stays in the app; the row records why
    // no email went.
    sqlx::query!(
        "insert into notification_emails (notification_id, done_at, outcome)
         values ($1, case when $2 then now() end, case when $2 then 'quiet' end)
         on conflict do nothing",
        id,
        choice.quiet
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Sends the notification emails older than `wait`; returns the outbox ids
/// queued (to hand to the mail queue after this commits).
pub async fn send_due(
    pool: &PgPool,
    wait: Duration,
    public_url: &str,
) -> Result<Vec<Uuid>, AppError> {
    let mut tx = pool.begin().await?;
    let due = sqlx::query!(
        r#"select e.notification_id, n.user_id, n.type as "kind: Kind",
                  n.read_at is not null as "seen!",
                  coalesce(pr.display_name, u.username::text) as "name!"
           from notification_emails e
           join notifications n on n.id = e.notification_id
           join users u on u.id = n.user_id
           left join profiles pr on pr.user_id = u.id
           where e.done_at is null and e.created_at <= now() - make_interval(secs => $1)
           order by e.created_at
           limit $2
           for update of e skip locked"#,
        wait.as_secs_f64(),
        BATCH
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut queued = Vec::new();
    for row in due {
        let choice = email_choice(&mut tx, row.user_id, row.kind).await?;
        let mut outcome = if row.seen {
            "seen"
        } else if !choice.wanted {
            "off"
        } else if choice.quiet {
            "quiet"
        } else {
            "sent"
        };
        // What it is about may be gone (a deleted comment takes its
        // notifications with it): nothing to mail then.
        let note = if outcome == "sent" {
            match super::centre::one(&mut tx, row.user_id, row.notification_id).await {
                Ok(note) => Some(note),
                Err(AppError::NotFound) => {
                    outcome = "gone";
                    None
                }
                Err(err) => return Err(err),
            }
        } else {
            None
        };
        let outbox = if let Some(note) = note {
            let url = format!("{public_url}{}", note.url);
            let settings = format!("{public_url}{}", routes::SETTINGS_NOTIFICATIONS);
            let mail = Mail::compose(
                "notification",
                Some(row.user_id),
                &choice.address,
                &note.text,
                &format!("Hi {},", row.name),
                &[
                    format!("{}.", note.text),
                    format!(
                        "You get these emails for “{}”. Choose what reaches you by email: {settings}",
                        row.kind.label()
                    ),
                ],
                Some(("See it on Sparkle Universe", &url)),
            );
            let id = queue(&mut tx, &mail).await?;
            queued.push(id);
            Some(id)
        } else {
            None
        };
        sqlx::query!(
            "update notification_emails set done_at = now(), outcome = $2, outbox_id = $3
             where notification_id = $1",
            row.notification_id,
            outcome,
            outbox
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(queued)
}

/// The Monday starting the week of `day`.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Writes the digest of the week before `week` (a Monday) to everyone who
/// wants it and has something in it: their unread notifications, their
/// new followers and the week's most talked-about posts. Once per person
/// and week, however often it runs. Returns the outbox ids queued.
pub async fn weekly_digest(
    pool: &PgPool,
    week: NaiveDate,
    public_url: &str,
) -> Result<Vec<Uuid>, AppError> {
    let from = week - chrono::Days::new(7);
    let top = sqlx::query!(
        r#"select p.title, p.slug::text as "slug!", s.comment_count, s.total_reaction_count
           from posts p join post_stats s on s.post_id = p.id
           where s.published and p.published_at >= $1::date and p.published_at < $2::date
           order by s.hot_score desc, p.published_at desc limit 3"#,
        from,
        week
    )
    .fetch_all(pool)
    .await?;
    let people = sqlx::query!(
        r#"select u.id, u.email::text as "email!", coalesce(pr.display_name, u.username::text) as "name!",
                  (select count(*) from notifications n
                   where n.user_id = u.id and n.read_at is null and n.dismissed_at is null
                     and n.updated_at >= $1::date) as "unread!",
                  (select count(*) from follows f
                   where f.following_id = u.id and f.created_at >= $1::date and f.created_at < $2::date) as "followers!"
           from users u
           left join profiles pr on pr.user_id = u.id
           left join notification_preferences np on np.user_id = u.id
           where u.email_verified_at is not null and u.deleted_at is null
             and u.status in ('ACTIVE')
             and coalesce(np.email_notifications, true) and coalesce(np.weekly_digest, true)
             and not exists (select 1 from weekly_digests d where d.user_id = u.id and d.week = $2::date)
           order by u.id"#,
        from,
        week
    )
    .fetch_all(pool)
    .await?;
    let mut queued = Vec::new();
    for person in people {
        if person.unread == 0 && person.followers == 0 && top.is_empty() {
            continue;
        }
        let mut tx = pool.begin().await?;
        let claimed = sqlx::query!(
            "insert into weekly_digests (user_id, week) values ($1, $2) on conflict do nothing",
            person.id,
            week
        )
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !claimed {
            continue;
        }
        let mut lines = Vec::new();
        match person.unread {
            0 => {}
            1 => lines.push("You have 1 unread notification.".to_owned()),
            n => lines.push(format!("You have {n} unread notifications.")),
        }
        match person.followers {
            0 => {}
            1 => lines.push("1 new person followed you this week.".to_owned()),
            n => lines.push(format!("{n} new people followed you this week.")),
        }
        if !top.is_empty() {
            lines.push("The most talked-about posts of the week:".to_owned());
            for post in &top {
                lines.push(format!(
                    "“{}” — {} comments, {} reactions: {public_url}{}",
                    post.title,
                    post.comment_count,
                    post.total_reaction_count,
                    routes::post(&post.slug)
                ));
            }
        }
        lines.push(format!(
            "Don't want the digest? Turn it off here: {public_url}{}",
            routes::SETTINGS_NOTIFICATIONS
        ));
        let mail = Mail::compose(
            "weekly_digest",
            Some(person.id),
            &person.email,
            "Your week on Sparkle Universe",
            &format!("Hi {},", person.name),
            &lines,
            Some((
                "Open Sparkle Universe",
                &format!("{public_url}{}", routes::NOTIFICATIONS),
            )),
        );
        let id = queue(&mut tx, &mail).await?;
        sqlx::query!(
            "update weekly_digests set outbox_id = $3 where user_id = $1 and week = $2",
            person.id,
            week,
            id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        queued.push(id);
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(week_of(monday), monday);
        assert_eq!(
            week_of(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()),
            monday
        );
        assert_eq!(
            week_of(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
            NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
        );
    }
}
