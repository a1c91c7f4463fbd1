//! `TestApp`: the whole application router over a test database.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode};
use leptos::config::LeptosOptions;
use server::config::Config;
use server::jobs::Jobs;
use server::{AppState, http as app_http, telemetry};
use sqlx::PgPool;
use tower::ServiceExt;

/// The application under test, driven in-process.
pub struct TestApp {
    pub pool: PgPool,
    pub jobs: Jobs,
    router: Router,
    /// The site root, with one content-hashed stylesheet in `pkg/`.
    _site: tempfile::TempDir,
}

/// The name of the hashed asset every `TestApp` site has.
pub const HASHED_ASSET: &str = "/pkg/sparkle.0123456789abcdef.css";

/// A response with its body read.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl TestApp {
    /// The app over `pool` (already migrated by `#[sqlx::test]`).
    pub async fn new(pool: PgPool) -> Self {
        Self::with_config(pool, Config::default()).await
    }

    /// The app over `pool` with `config`.
    pub async fn with_config(pool: PgPool, config: Config) -> Self {
        if std::env::var_os("TEST_LOG").is_some() {
            telemetry::init_tracing(&Config::default());
        }
        let jobs = Jobs::setup(&pool).await.unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        std::fs::write(
            site.path().join(HASHED_ASSET.trim_start_matches('/')),
            "body{}",
        )
        .unwrap();
        let leptos_options = LeptosOptions::builder()
            .output_name("sparkle")
            .site_root(site.path().to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build();
        let state = AppState {
            leptos_options,
            pool: pool.clone(),
            config: Arc::new(config),
            metrics: telemetry::metrics_handle(),
            jobs: jobs.clone(),
        };
        Self {
            pool,
            jobs,
            router: app_http::router(state),
            _site: site,
        }
    }

    /// Sends one request through the router.
    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let res: Response<Body> = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
            .await
            .unwrap();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }
}
