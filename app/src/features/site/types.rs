//! Transfer types for site information.

use serde::{Deserialize, Serialize};

/// The public identity of the site, shown in the shell and on the landing page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    pub tagline: String,
}

impl Default for SiteInfo {
    /// The values the first migration stores; used when a setting is missing.
    fn default() -> Self {
        Self {
            name: "Sparkle Universe".into(),
            tagline: "The home of the Sparkle YouTube community".into(),
        }
    }
}
