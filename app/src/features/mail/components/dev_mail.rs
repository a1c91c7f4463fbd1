//! `/dev/mail`: the development outbox, for trying the app without SMTP.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::features::mail::api::list_dev_mail;
use crate::features::mail::types::OutboxMail;
use crate::pages::ErrorPage;
use crate::ui::{Badge, BadgeTone, Card, EmptyState, Skeleton};

/// Lists the newest outbox messages with their links clickable.
#[component]
pub fn DevMailPage() -> impl IntoView {
    view! {
        <Title text="Development mail"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading mail"/></div> }>
            {Suspend::new(async move {
                match list_dev_mail().await {
                    Ok(mails) => view! { <Outbox mails/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Outbox(mails: Vec<OutboxMail>) -> impl IntoView {
    view! {
        <div class="mx-auto flex max-w-3xl flex-col gap-6 py-10">
            <header>
                <h1 class="font-display text-3xl font-extrabold tracking-tight"><span class="text-gradient">"Development mail"</span></h1>
                <p class="mt-1 text-muted">"No SMTP server is configured, so the mail the site sends lands here. Newest first."</p>
            </header>
            {if mails.is_empty() {
                view! { <EmptyState title="No mail yet" message="Sign up or ask for a password reset, and the message appears here."/> }.into_any()
            } else {
                view! {
                    <ul class="flex flex-col gap-4" aria-label="Messages">
                        {mails.into_iter().map(|m| view! { <li><Message mail=m/></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn Message(mail: OutboxMail) -> impl IntoView {
    let body = mail
        .body_text
        .lines()
        .map(|line| {
            let words = line.split(' ').map(|word| {
                if word.starts_with("http://") || word.starts_with("https://") {
                    view! { <a class="link break-all" href=word.to_owned()>{word.to_owned()}</a>" " }.into_any()
                } else {
                    view! { {word.to_owned()}" " }.into_any()
                }
            });
            view! { <p class="min-h-4">{words.collect_view()}</p> }
        })
        .collect_view();
    view! {
        <Card>
            <article aria-label=mail.subject.clone()>
                <header class="flex flex-wrap items-start justify-between gap-2">
                    <div>
                        <h2 class="font-display text-lg font-bold">{mail.subject.clone()}</h2>
                        <p class="text-sm text-muted">"To " {mail.to_address.clone()} " · " {mail.created_at.format("%-d %b %Y, %H:%M:%S UTC").to_string()}</p>
                    </div>
                    {if mail.sent_at.is_some() {
                        view! { <Badge tone=BadgeTone::Success>"Sent"</Badge> }.into_any()
                    } else {
                        view! { <Badge tone=BadgeTone::Neutral>"Outbox"</Badge> }.into_any()
                    }}
                </header>
                <div class="mt-4 flex flex-col gap-1 text-sm">{body}</div>
            </article>
        </Card>
    }
}
