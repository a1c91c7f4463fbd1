//! Profile pages and settings.

mod people;
mod profile_page;
mod settings;

pub use people::{FollowersPage, FollowingPage};
pub use profile_page::ProfilePage;
pub use settings::ProfileSettingsPage;
