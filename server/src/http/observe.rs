//! Request spans with the request id, Prometheus metrics, and the panic page.

use std::any::Any;
use std::time::Instant;

use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;
use metrics_exporter_prometheus::PrometheusHandle;

/// The tracing span of one request; every log line inside carries `request_id`.
pub fn make_span(req: &Request) -> tracing::Span {
    let request_id = req
        .headers()
        .get(app::request::REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id)
}

/// Counts requests and records their duration by route and status.
pub async fn record_metrics(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = req.method().to_string();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Removes an `x-request-id` the client sent; the server sets its own.
pub async fn drop_client_request_id(mut req: Request) -> Request {
    req.headers_mut().remove(app::request::REQUEST_ID_HEADER);
    req
}

/// Cache headers for `/pkg`: a year and `immutable` for content-hashed names
/// that were found, revalidation for everything else.
pub async fn asset_cache(req: Request, next: Next) -> Response {
    let hashed = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').nth(1))
        .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let mut res = next.run(req).await;
    let value = if hashed && res.status() == StatusCode::OK {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static(value),
    );
    res
}

/// `GET /metrics` in the Prometheus text format. Served to loopback clients
/// (a scraper on the same host or the in-process tests), or to anyone
/// presenting `SPARKLE_METRICS_TOKEN` as a bearer token.
pub async fn metrics(
    State(handle): State<PrometheusHandle>,
    State(config): State<std::sync::Arc<crate::config::Config>>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: http::HeaderMap,
) -> Response {
    let bearer = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let allowed = match (&config.metrics_token, bearer) {
        (Some(token), Some(given)) => constant_time_eq(token.as_bytes(), given.as_bytes()),
        (Some(_), None) | (None, _) => {
            peer.is_none_or(|Extension(ConnectInfo(addr))| addr.ip().is_loopback())
        }
    };
    if !allowed {
        return StatusCode::FORBIDDEN.into_response();
    }
    (
        [(
            http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A handler panicked: log it and answer with a plain 500 page (no details).
pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Something went wrong · Sparkle Universe</title></head><body><main><h1>Something went wrong</h1>\
             <p>We hit a snag on our side. Please try again in a moment, or go back to the <a href=\"/\">home page</a>.</p></main></body></html>",
        ),
    )
        .into_response()
}
