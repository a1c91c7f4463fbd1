//! Queueing mail and rendering it. Bodies are rendered with Leptos on the
//! server, so everything interpolated is escaped.

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::OutboxMail;
use crate::error::AppError;

/// A message to send.
#[derive(Debug, Clone)]
pub struct Mail {
    pub user_id: Option<Uuid>,
    /// What it is, for logs and tests: `verify_email`, `password_reset`…
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    /// A message of greeting, paragraphs and an optional button, in text and HTML.
    pub fn compose(
        kind: &'static str,
        user_id: Option<Uuid>,
        to: &str,
        subject: &str,
        greeting: &str,
        paragraphs: &[String],
        action: Option<(&str, &str)>,
    ) -> Self {
        let mut text = format!("{greeting}\n\n");
        for p in paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
        }
        if let Some((label, url)) = action {
            text.push_str(&format!("{label}: {url}\n\n"));
        }
        text.push_str("— Sparkle Universe\n");
        let paragraphs = paragraphs.to_vec();
        let action = action.map(|(l, u)| (l.to_owned(), u.to_owned()));
        let html = view! {
            <div style="font-family:system-ui,sans-serif;max-width:560px;margin:0 auto;padding:24px;color:#1f1235">
                <p style="font-size:20px;font-weight:700;background:linear-gradient(90deg,#ec4899,#8b5cf6);-webkit-background-clip:text;color:#8b5cf6">"Sparkle Universe"</p>
                <p>{greeting.to_owned()}</p>
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                {action.map(|(label, url)| view! {
                    <p><a href=url.clone() style="display:inline-block;padding:12px 20px;border-radius:999px;background:#db2777;color:#fff;text-decoration:none;font-weight:600">{label}</a></p>
                    <p style="font-size:12px;color:#6b5b7b">"Or paste this address into your browser: "{url}</p>
                })}
            </div>
        }
        .to_html();
        Self {
            user_id,
            kind,
            to: to.to_owned(),
            subject: subject.to_owned(),
            text,
            html,
        }
    }
}

/// Adds `mail` to the outbox (inside the caller's transaction); returns its id.
/// Call `MailKick::queued` with it after the transaction commits.
pub async fn queue(conn: &mut PgConnection, mail: &Mail) -> Result<Uuid, AppError> {
    let id = sqlx::query_scalar!(
        "insert into mail_outbox (user_id, kind, to_address, subject, body_text, body_html)
         values ($1, $2, $3, $4, $5, $6) returning id",
        mail.user_id,
        mail.kind,
        mail.to,
        mail.subject,
        mail.text,
        mail.html,
    )
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Tells the deliverer about queued messages (after commit).
pub fn kick(ids: &[Uuid]) {
    if let Ok(ctx) = crate::context::server() {
        for id in ids {
            ctx.mail.queued(*id);
        }
    }
}

/// The newest `limit` messages.
pub async fn recent(conn: &mut PgConnection, limit: i64) -> Result<Vec<OutboxMail>, AppError> {
    let rows = sqlx::query_as!(
        OutboxMail,
        "select id, to_address, subject, body_text, created_at, sent_at
         from mail_outbox order by created_at desc limit $1",
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows)
}
