//! Cross-site request forgery protection for every state-changing request.
//!
//! Session cookies are `SameSite=Lax`, and on top of that any request that is
//! not GET/HEAD/OPTIONS must come from our own pages: browsers say where a
//! request comes from in `Sec-Fetch-Site` (all current ones) or `Origin`;
//! a cross-site value is refused with 403. Requests with neither header do
//! not come from a browser, so they carry no ambient cookies to abuse.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};

use crate::config::Config;

/// Refuses cross-site state-changing requests.
pub async fn guard(State(config): State<Arc<Config>>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let allowed = match (text("sec-fetch-site"), text(header::ORIGIN.as_str())) {
        (Some(site), _) => site == "same-origin" || site == "none",
        (None, Some(origin)) => {
            let host = text(header::HOST.as_str()).unwrap_or("");
            let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
            origin == config.public_url.trim_end_matches('/')
                || (!host.is_empty() && origin_host == host)
        }
        (None, None) => true,
    };
    if allowed {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response()
    }
}
