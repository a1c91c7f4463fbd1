//! The theme choice and its cookie encoding.

use serde::{Deserialize, Serialize};

/// Name of the cookie that stores the visitor's theme choice.
pub const THEME_COOKIE: &str = "theme";

/// A visitor's theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the device's light/dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Every choice, in the order the picker shows them.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::System];

    /// The value used in the cookie and the `data-theme` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Reads a stored value; anything unknown means "system".
    pub fn parse(value: &str) -> Self {
        Self::try_parse(value).unwrap_or_default()
    }

    /// Reads a value a person chose; `None` when it is not a theme.
    pub fn try_parse(value: &str) -> Option<Self> {
        match value.trim() {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            "system" => Some(Self::System),
            _ => None,
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "System",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }

    /// The `Set-Cookie` value that stores this choice for a year.
    pub fn cookie(self) -> String {
        format!(
            "{THEME_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            self.as_str()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_fall_back_to_system() {
        assert_eq!(Theme::parse("dark"), Theme::Dark);
        assert_eq!(Theme::parse(" light "), Theme::Light);
        assert_eq!(Theme::parse("<script>"), Theme::System);
        assert_eq!(Theme::parse(""), Theme::System);
    }

    #[test]
    fn cookie_round_trips() {
        for theme in Theme::ALL {
            let cookie = theme.cookie();
            let value = cookie
                .split(';')
                .next()
                .and_then(|kv| kv.split_once('='))
                .map(|(_, v)| v)
                .unwrap_or_default();
            assert_eq!(Theme::parse(value), theme);
        }
    }
}
