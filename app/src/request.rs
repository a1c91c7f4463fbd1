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
