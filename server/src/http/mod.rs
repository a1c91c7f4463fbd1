//! The axum router: Leptos pages and server functions, static assets, probes
//! and metrics, under one stack of middleware.

mod account;
mod csrf;
mod feeds;
mod health;
mod observe;
mod security;

use std::time::Duration;

use app::{App, shell};
use axum::Router;
use axum::routing::get;
use http::StatusCode;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::sessions::PgSessionStore;
use crate::state::AppState;
use tower_sessions::SessionManagerLayer;
use tower_sessions::cookie::SameSite;

/// The name of the session cookie (its value is the session id, nothing else).
pub const SESSION_COOKIE: &str = "sparkle_session";

pub use security::provide_request_nonce;

/// Builds the whole application router over `state`.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let context = {
        let pool = state.pool.clone();
        let app_ctx = std::sync::Arc::new(state.app.clone());
        move || {
            provide_context(pool.clone());
            provide_context(app_ctx.clone());
            provide_context(app::auth::RequestAuth::default());
            provide_request_nonce();
        }
    };
    let sessions = SessionManagerLayer::new(PgSessionStore::new(state.pool.clone()))
        .with_name(SESSION_COOKIE)
        .with_secure(state.config.is_https())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/");
    let pkg_dir =
        std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let assets = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn(observe::asset_cache));

    let x_request_id = http::HeaderName::from_static(app::request::REQUEST_ID_HEADER);
    let timeout = state.config.request_timeout();

    Router::new()
        .route(app::routes::HEALTHZ, get(health::healthz))
        .route(app::routes::READYZ, get(health::readyz))
        .route(app::routes::METRICS, get(observe::metrics))
        .route(app::routes::LIVE, get(crate::live::socket))
        .route(
            &format!("{}/{{*key}}", app::routes::MEDIA),
            get(crate::media::serve),
        )
        .route(app::routes::OIDC_CALLBACK, get(account::oidc_callback))
        .route(app::routes::ACCOUNT_EXPORT, get(account::export))
        .route(app::routes::LATEST_ATOM, get(feeds::latest_atom))
        .route("/c/{slug}/feed.atom", get(feeds::category_atom))
        .route("/t/{slug}/feed.atom", get(feeds::tag_atom))
        .route("/u/{username}/feed.atom", get(feeds::author_atom))
        .route(app::routes::SITEMAP, get(feeds::sitemap))
        .route("/sitemaps/{part}", get(feeds::sitemap_part))
        .route("/robots.txt", get(feeds::robots))
        .nest(&format!("/{}", options.site_pkg_dir), assets)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        // Layers listed later wrap the earlier ones: the request id is set first
        // and seen by everything inside it.
        .layer(sessions)
        // The middleware below take the config alone: axum clones a
        // middleware's state on every request, and `AppState` is a dozen
        // reference counts (the pool, the job queues, the Leptos options…).
        .layer(axum::middleware::from_fn_with_state(
            state.config.clone(),
            body_limit,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.config.clone(),
            csrf::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.config.clone(),
            security::headers,
        ))
        .layer(axum::middleware::from_fn(observe::record_metrics))
        .layer(CatchPanicLayer::custom(observe::panic_response))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(observe::make_span))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        // Request ids are ours: one sent by the client is dropped, so it can
        // neither spoof nor collide with a support reference.
        .layer(axum::middleware::map_request(
            observe::drop_client_request_id,
        ))
        .with_state(state)
}

/// Caps request bodies: `upload_limit_bytes` for the picture uploads
/// (profile pictures and post covers), `body_limit_bytes` for everything else. A declared length over the cap
/// is refused with 413 before the body is read; a body that runs over it
/// fails when read.
async fn body_limit(
    axum::extract::State(config): axum::extract::State<std::sync::Arc<crate::config::Config>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use leptos::server_fn::ServerFn;
    let path = request.uri().path();
    let limit = if path == app::features::profiles::api::UploadPicture::PATH
        || path == app::features::posts::api::UploadCover::PATH
        || path == app::features::posts::api::UploadPostPicture::PATH
    {
        config.upload_limit_bytes
    } else {
        config.body_limit_bytes
    };
    let declared = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "That request is too large.").into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

/// How long the server waits for in-flight requests after a shutdown signal.
pub fn grace(state: &AppState) -> Duration {
    Duration::from_secs(state.config.shutdown_grace_secs)
}
