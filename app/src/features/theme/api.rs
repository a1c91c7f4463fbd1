//! Server functions for the theme choice.

use leptos::prelude::*;

use super::types::Theme;
use crate::error::AppError;

/// The theme stored in the current request's cookie (server) or on the page (browser).
pub fn current_theme() -> Theme {
    #[cfg(feature = "ssr")]
    {
        crate::request::cookie(super::THEME_COOKIE)
            .map(|v| Theme::parse(&v))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("data-theme"))
            .map(|v| Theme::parse(&v))
            .unwrap_or_default()
    }
}

/// Stores the visitor's theme choice in a cookie. Works as a plain form post
/// (the server redirects back) and as a fetch from the hydrated page.
#[server(prefix = "/api", endpoint = "theme")]
pub async fn set_theme(theme: String) -> Result<Theme, AppError> {
    let theme = Theme::try_parse(&theme)
        .ok_or_else(|| AppError::field("theme", "Choose light, dark or system."))?;
    let response = use_context::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| AppError::internal("no ResponseOptions in context"))?;
    let cookie = http::HeaderValue::from_str(&theme.cookie()).map_err(AppError::internal)?;
    response.append_header(http::header::SET_COOKIE, cookie);
    Ok(theme)
}
