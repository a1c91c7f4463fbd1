//! The one piece of shared state every handler and server function sees.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;
use sqlx::PgPool;

use crate::config::Config;
use crate::jobs::Jobs;
use crate::mail::{QueueKick, Smtp};
use app::context::ServerContext;

/// Shared state: provided to axum handlers, and to server functions and SSR as context.
///
/// A handle: leptos_axum provides the router's state as context to every
/// page and server function, cloning it per request, so the fields live
/// behind one reference count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] holds.
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub metrics: PrometheusHandle,
    pub jobs: Jobs,
    /// What server functions reach besides the pool (settings, limits, mail).
    pub app: ServerContext,
    /// The SMTP transport, when configured.
    pub smtp: Option<Arc<Smtp>>,
    /// The live channel's hub on this instance.
    pub live: crate::live::Live,
}

impl AppState {
    /// The state for `config`; fails on an SMTP URL lettre cannot use.
    pub fn new(
        leptos_options: LeptosOptions,
        pool: PgPool,
        config: Arc<Config>,
        metrics: PrometheusHandle,
        jobs: Jobs,
    ) -> anyhow::Result<Self> {
        let smtp = match &config.smtp_url {
            Some(url) => Some(Arc::new(Smtp::new(url, &config.mail_from)?)),
            None => None,
        };
        // reqwest (S3, OpenID Connect) uses rustls with ring; choose it once.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let kick = QueueKick::new(smtp.as_ref().map(|_| jobs.mail.clone()));
        let media = app::features::media::ssr::Media::new(crate::media::store(&config)?);
        let app = ServerContext::new(config.app_settings(), Arc::new(kick), media)
            .map_err(|e| anyhow::anyhow!("OpenID Connect set-up failed: {e}"))?;
        Ok(Self(Arc::new(Shared {
            leptos_options,
            live: crate::live::Live::new(pool.clone()),
            pool,
            config,
            metrics,
            jobs,
            app,
            smtp,
        })))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts handlers and leptos_axum extract with `State<…>`.
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.pool.clone()
    }
}

impl FromRef<AppState> for Arc<Config> {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}

impl FromRef<AppState> for PrometheusHandle {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}
