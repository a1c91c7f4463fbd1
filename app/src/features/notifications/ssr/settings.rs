//! How each person wants to hear of things: per type, in the app and by
//! email; email at all; the weekly digest; quiet hours in their time zone.
//! A type without a row of its own follows its default
//! ([`Kind::email_by_default`]; always in the app).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::{AppError, FieldErrors};
use crate::features::notifications::types::{Kind, KindSetting, Preferences};
use crate::features::posts::ssr::time;

/// `user`'s preferences, with defaults for what they never set.
pub async fn load(conn: &mut PgConnection, user: Uuid) -> Result<Preferences, AppError> {
    let row = sqlx::query!(
        r#"select u.timezone, u.email_verified_at is not null as "verified!",
                  coalesce(p.email_notifications, true) as "email!",
                  coalesce(p.weekly_digest, true) as "digest!",
                  to_char(p.quiet_hours_start, 'HH24:MI') as quiet_start,
                  to_char(p.quiet_hours_end, 'HH24:MI') as quiet_end
           from users u left join notification_preferences p on p.user_id = u.id
           where u.id = $1"#,
        user
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let stored: BTreeMap<String, (bool, bool)> = sqlx::query!(
        r#"select type::text as "kind!", in_app, email from notification_settings where user_id = $1"#,
        user
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.kind, (r.in_app, r.email)))
    .collect();
    let kinds = Kind::PRODUCED
        .into_iter()
        .map(|kind| {
            let (in_app, email) = stored
                .get(kind.as_str())
                .copied()
                .unwrap_or((true, kind.email_by_default()));
            KindSetting {
                kind,
                in_app,
                email,
            }
        })
        .collect();
    Ok(Preferences {
        kinds,
        email: row.email,
        weekly_digest: row.digest,
        quiet_start: row.quiet_start,
        quiet_end: row.quiet_end,
        timezone: row.timezone,
        email_verified: row.verified,
        saved: false,
        zones: chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name().to_owned())
            .collect(),
    })
}

/// Reads the preferences form (checkboxes present when ticked); every
/// problem is reported by its field.
pub fn parse(form: &BTreeMap<String, String>) -> Result<Preferences, AppError> {
    let on = |name: &str| form.get(name).is_some_and(|v| !v.is_empty());
    let text = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut errors = FieldErrors::default();
    let timezone = text("timezone");
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        errors.add("timezone", "Choose a time zone from the list.");
    }
    let (start, end) = (text("quiet_start"), text("quiet_end"));
    let time_of = |raw: &str| NaiveTime::parse_from_str(raw, "%H:%M").ok();
    for (name, raw) in [("quiet_start", &start), ("quiet_end", &end)] {
        if !raw.is_empty() && time_of(raw).is_none() {
            errors.add(name, "Give a time as hours and minutes, like 22:00.");
        }
    }
    match (start.is_empty(), end.is_empty()) {
        (false, true) => errors.add(
            "quiet_end",
            "Give the end of your quiet hours too, or clear both.",
        ),
        (true, false) => {
            errors.add(
                "quiet_start",
                "Give the start of your quiet hours too, or clear both.",
            );
        }
        _ => {}
    }
    if !start.is_empty() && start == end {
        errors.add(
            "quiet_end",
            "Quiet hours must end at another time than they start.",
        );
    }
    errors.into_result()?;
    Ok(Preferences {
        kinds: Kind::PRODUCED
            .into_iter()
            .map(|kind| KindSetting {
                kind,
                in_app: on(&kind.field("in_app")),
                email: on(&kind.field("email")),
            })
            .collect(),
        email: on("email"),
        weekly_digest: on("weekly_digest"),
        quiet_start: (!start.is_empty()).then_some(start),
        quiet_end: (!end.is_empty()).then_some(end),
        timezone,
        email_verified: false,
        saved: true,
        zones: Vec::new(),
    })
}

/// Stores `prefs` for `user`.
pub async fn save(
    conn: &mut PgConnection,
    user: Uuid,
    prefs: &Preferences,
) -> Result<(), AppError> {
    let time_of = |raw: &Option<String>| {
        raw.as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
    };
    sqlx::query!(
        "insert into notification_preferences (user_id, email_notifications, weekly_digest, quiet_hours_start, quiet_hours_end)
         values ($1, $2, $3, $4, $5)
         on conflict (user_id) do update set email_notifications = excluded.email_notifications,
           weekly_digest = excluded.weekly_digest, quiet_hours_start = excluded.quiet_hours_start,
           quiet_hours_end = excluded.quiet_hours_end",
        user,
        prefs.email,
        prefs.weekly_digest,
        time_of(&prefs.quiet_start),
        time_of(&prefs.quiet_end),
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update users set timezone = $2 where id = $1",
        user,
        prefs.timezone
    )
    .execute(&mut *conn)
    .await?;
    let kinds: Vec<Kind> = prefs.kinds.iter().map(|k| k.kind).collect();
    let in_app: Vec<bool> = prefs.kinds.iter().map(|k| k.in_app).collect();
    let email: Vec<bool> = prefs.kinds.iter().map(|k| k.email).collect();
    sqlx::query!(
        "insert into notification_settings (user_id, type, in_app, email)
         select $1, k, a, e from unnest($2::notification_type[], $3::bool[], $4::bool[]) as s(k, a, e)
         on conflict (user_id, type) do update set in_app = excluded.in_app, email = excluded.email",
        user,
        kinds as Vec<Kind>,
        &in_app,
        &email
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether `at` falls in the quiet hours `start`–`end` as read in `zone`
/// (a range like 22:00–07:00 goes over midnight).
pub fn is_quiet(
    at: DateTime<Utc>,
    zone: &str,
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
) -> bool {
    let (Some(start), Some(end)) = (start, end) else {
        return false;
    };
    let local = at.with_timezone(&time::zone(zone)).time();
    if start <= end {
        local >= start && local < end
    } else {
        local >= start || local < end
    }
}

/// Whether `user` wants `kind` by email at all, and whether now is in
/// their quiet hours.
pub struct EmailChoice {
    pub wanted: bool,
    pub quiet: bool,
    pub address: String,
}

pub async fn email_choice(
    conn: &mut PgConnection,
    user: Uuid,
    kind: Kind,
) -> Result<EmailChoice, AppError> {
    let row = sqlx::query!(
        r#"select u.email::text as "email!", u.timezone,
                  (u.email_verified_at is not null and u.deleted_at is null
                   and u.status not in ('DELETED', 'BANNED', 'SUSPENDED')
                   and coalesce(p.email_notifications, true)
                   and coalesce(s.email, $3)) as "wanted!",
                  p.quiet_hours_start, p.quiet_hours_end
           from users u
           left join notification_preferences p on p.user_id = u.id
           left join notification_settings s on s.user_id = u.id and s.type = $2
           where u.id = $1"#,
        user,
        kind as Kind,
        kind.email_by_default(),
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(EmailChoice {
        wanted: row.wanted,
        quiet: is_quiet(
            Utc::now(),
            &row.timezone,
            row.quiet_hours_start,
            row.quiet_hours_end,
        ),
        address: row.email,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .single()
            .unwrap()
    }

    fn t(h: u32, m: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn quiet_hours_wrap_midnight_and_are_read_in_the_persons_zone() {
        // 22:00–07:00 in Paris (UTC+1 in November).
        let (start, end) = (t(22, 0), t(7, 0));
        assert!(
            is_quiet(at(21, 30), "Europe/Paris", start, end),
            "22:30 in Paris"
        );
        assert!(
            is_quiet(at(5, 59), "Europe/Paris", start, end),
            "06:59 in Paris"
        );
        assert!(
            !is_quiet(at(6, 0), "Europe/Paris", start, end),
            "07:00 in Paris"
        );
        assert!(
            !is_quiet(at(20, 59), "Europe/Paris", start, end),
            "21:59 in Paris"
        );
        // The same instant is daytime in Los Angeles.
        assert!(!is_quiet(at(21, 30), "America/Los_Angeles", start, end));
        // A daytime range, and none at all.
        assert!(is_quiet(at(13, 0), "UTC", t(12, 0), t(14, 0)));
        assert!(!is_quiet(at(14, 0), "UTC", t(12, 0), t(14, 0)));
        assert!(!is_quiet(at(13, 0), "UTC", None, None));
    }

    #[test]
    fn the_form_is_read_with_a_message_by_each_bad_field() {
        let form: BTreeMap<String, String> = [
            ("timezone", "Mars/Olympus"),
            ("quiet_start", "22:00"),
            ("email", "on"),
            (&*Kind::Mention.field("email"), "on"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let err = parse(&form).unwrap_err();
        let text = format!("{err:?}");
        assert!(
            text.contains("timezone") && text.contains("quiet_end"),
            "{text}"
        );

        let mut form = form;
        form.insert("timezone".into(), "Europe/Paris".into());
        form.insert("quiet_end".into(), "07:00".into());
        let prefs = parse(&form).unwrap();
        assert!(prefs.email && !prefs.weekly_digest);
        let mention = prefs
            .kinds
            .iter()
            .find(|k| k.kind == Kind::Mention)
            .unwrap();
        assert!(mention.email && !mention.in_app);
        assert_eq!(prefs.quiet_start.as_deref(), Some("22:00"));
    }
}
