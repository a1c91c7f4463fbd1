//! The bell in the top bar with the unread count, read on every page.

use leptos::prelude::*;

use crate::routes;
use crate::ui::{Icon, IconName};

/// The bell with the unread count.
#[island]
pub fn NotificationBell(count: i64) -> impl IntoView {
    // The count drawn with the page, then as the live channel tells it.
    let live = RwSignal::new(None::<i64>);
    crate::features::live::on_event(move |event| {
        if let crate::features::live::types::Payload::Unread { count } = event.payload {
            live.set(Some(count));
        }
    });
    let count = move || live.get().unwrap_or(count);
    let label = move || match count() {
        0 => "Notifications".to_owned(),
        1 => "Notifications, 1 unread".to_owned(),
        n => format!("Notifications, {n} unread"),
    };
    view! {
        <a href=routes::NOTIFICATIONS class="btn-icon relative min-w-10 sm:min-w-11" aria-label=label>
            <Icon name=IconName::Bell class="w-6 h-6"/>
            {move || (count() > 0).then(|| view! {
                <span class="bell-count" class:bump=live.get().is_some() aria-hidden="true" data-unread=count().to_string()>
                    {if count() > 99 { "99+".to_owned() } else { count().to_string() }}
                </span>
            })}
        </a>
    }
}
