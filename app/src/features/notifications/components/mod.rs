//! The bell in the top bar and the notification centre.

mod bell;
mod page;
mod preferences;

pub use bell::NotificationBell;
pub use page::NotificationsPage;
pub use preferences::NotificationPreferencesPage;
