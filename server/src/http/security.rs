//! Security headers, including a Content-Security-Policy whose per-request
//! nonce lets the hydration scripts run without `unsafe-inline` or `unsafe-eval`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

use crate::config::Config;

/// The nonce chosen for a request, handed from the middleware to the renderer.
#[derive(Debug, Clone)]
struct CspNonce(Arc<str>);

/// Adds the security headers to every response. Forms may post to our own
/// origin only, plus the OpenID Connect provider's when one is configured
/// (the sign-in form redirects there, and browsers hold redirects of a form
/// submission to `form-action` too).
pub async fn headers(State(config): State<Arc<Config>>, mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut()
        .insert(CspNonce(nonce.as_inner().clone()));
    let mut res = next.run(req).await;
    let provider = config
        .oidc_issuer
        .as_deref()
        .and_then(origin_of)
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data: blob: https://i.ytimg.com; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'{provider}; frame-src https://www.youtube-nocookie.com; frame-ancestors 'none'"
    );
    let h = res.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        http::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    h.insert(
        http::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Makes the renderer use the nonce that the CSP header names.
pub fn provide_request_nonce() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(value)) = nonce {
        provide_context(Nonce::from_value(value));
    }
}

/// `scheme://host[:port]` of `url`, if it is an http(s) address.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    host.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        .then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn provider_origins_are_plain_origins() {
        assert_eq!(
            origin_of("https://accounts.google.com").as_deref(),
            Some("https://accounts.google.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:9876/realm/x?y").as_deref(),
            Some("http://127.0.0.1:9876")
        );
        assert_eq!(origin_of("https://evil.example; script-src *"), None);
        assert_eq!(origin_of("javascript:alert(1)"), None);
    }
}
