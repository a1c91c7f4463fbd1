//! Facts about the HTTP request being served, for code running inside it.

/// The header that carries the request id set by the server's middleware.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the request being handled, when called while serving one.
#[cfg(feature = "ssr")]
pub fn current_request_id() -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}

/// The value of one cookie on the request being served.
#[cfg(feature = "ssr")]
pub fn cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

#[cfg(feature = "ssr")]
use leptos::prelude::GetUntracked;

/// The path of the page being shown (`/p/hello`): on the server the routed
/// request's, in the browser the address bar's. Islands use this instead of
/// the router's hooks, which exist only on the server (docs/ARCHITECTURE.md).
pub fn page_path() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos_router::hooks::use_location()
            .pathname
            .get_untracked()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default()
    }
}

/// The query parameters of the page being shown, in order (see [`page_path`]).
pub fn page_query() -> Vec<(String, String)> {
    #[cfg(feature = "ssr")]
    {
        leptos_router::hooks::use_query_map()
            .get_untracked()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let search = leptos::prelude::window()
            .location()
            .search()
            .unwrap_or_default();
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return Vec::new();
        };
        let mut pairs = Vec::new();
        let entries = js_sys::try_iter(&params).ok().flatten();
        for entry in entries.into_iter().flatten().flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
        pairs
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Vec::new()
    }
}

/// One query parameter of the page being shown (see [`page_path`]).
pub fn page_query_param(name: &str) -> Option<String> {
    page_query()
        .into_iter()
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// The page's path and query (`/p/hello?sort=new`), see [`page_path`].
pub fn page_href() -> String {
    #[cfg(feature = "ssr")]
    {
        let search = leptos_router::hooks::use_location().search.get_untracked();
        let path = page_path();
        if search.is_empty() {
            path
        } else if search.starts_with('?') {
            format!("{path}{search}")
        } else {
            format!("{path}?{search}")
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let location = leptos::prelude::window().location();
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    }
}
