//! What server functions can reach on the server besides the request: the
//! database pool, the account settings, the rate limiters, the mail queue
//! and the media store.
//!
//! The server binary builds one [`ServerContext`] at start-up and provides it,
//! with the `PgPool`, as Leptos context for every request.

use std::sync::Arc;

use leptos::prelude::use_context;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;
use crate::features::accounts::ssr::limits::RateLimits;
use crate::features::accounts::ssr::oidc::Oidc;
use crate::features::media::ssr::Media;

/// Settings the app needs from the server configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people use to reach the site, without a trailing slash.
    pub public_url: String,
    /// Mark cookies `Secure` (the site is served over https).
    pub secure_cookies: bool,
    /// Show the development mail outbox at `/dev/mail` (no SMTP configured).
    pub dev_mail: bool,
    /// Take the client address from `X-Forwarded-For` (behind a trusted proxy).
    pub trust_proxy: bool,
    /// Sign-in through an OpenID Connect provider, when configured.
    pub oidc: Option<OidcSettings>,
}

/// The OpenID Connect provider people may sign in with.
#[derive(Clone)]
pub struct OidcSettings {
    /// The issuer URL, without a trailing slash (discovery is under it).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// The provider's name as people know it ("Google").
    pub name: String,
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:3000".into(),
            secure_cookies: false,
            dev_mail: true,
            trust_proxy: false,
            oidc: None,
        }
    }
}

/// Wakes the mail deliverer when a message was added to the outbox.
pub trait MailKick: Send + Sync {
    /// Called after the transaction that queued the message committed.
    fn queued(&self, outbox_id: Uuid);
}

/// The shared server-side context.
#[derive(Clone)]
pub struct ServerContext {
    pub settings: Arc<Settings>,
    pub limits: Arc<RateLimits>,
    pub mail: Arc<dyn MailKick>,
    /// Where uploaded files are stored.
    pub media: Media,
    /// The OpenID Connect provider, when sign-in with one is configured.
    pub oidc: Option<Arc<Oidc>>,
    /// Post views waiting to be written (see `posts::ssr::views`).
    pub views: Arc<crate::features::posts::ssr::views::ViewBuffer>,
}

impl ServerContext {
    /// A context with `settings`, fresh limiters, `mail` and `media`.
    pub fn new(
        settings: Settings,
        mail: Arc<dyn MailKick>,
        media: Media,
    ) -> Result<Self, AppError> {
        let oidc = match &settings.oidc {
            Some(oidc) => Some(Arc::new(Oidc::new(oidc.clone(), &settings.public_url)?)),
            None => None,
        };
        Ok(Self {
            settings: Arc::new(settings),
            limits: Arc::new(RateLimits::default()),
            mail,
            media,
            oidc,
            views: Arc::default(),
        })
    }
}

/// The database pool of the request being served.
pub fn pool() -> Result<PgPool, AppError> {
    use_context::<PgPool>().ok_or_else(|| AppError::request_ended("the database pool"))
}

/// The server context of the request being served (shared by every request:
/// the server provides one `Arc`, so a request clones one reference count).
pub fn server() -> Result<Arc<ServerContext>, AppError> {
    use_context::<Arc<ServerContext>>().ok_or_else(|| AppError::request_ended("the server context"))
}
