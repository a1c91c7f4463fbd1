//! Configuration: defaults, then an optional TOML file, then environment
//! variables (`SPARKLE_*`, plus the conventional `DATABASE_URL` and `PORT`).
//! Validated once at start-up; secrets are redacted from `Debug`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything the server can be told. See README.md "Configuration".
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub host: IpAddr,
    /// Port to listen on.
    pub port: u16,
    /// PostgreSQL URL; when unset an embedded cluster is started.
    pub database_url: Option<String>,
    /// Where the embedded cluster and other local state live.
    pub data_dir: PathBuf,
    /// Directory of PostgreSQL server binaries (`initdb`, `postgres`); found automatically when unset.
    pub pg_bin_dir: Option<PathBuf>,
    /// Unprivileged system user that runs the embedded cluster when the server runs as root.
    pub pg_user: String,
    /// Directory with the built site (`pkg/` with the WASM, JS and CSS, and public files).
    pub site_root: PathBuf,
    /// The address people use to reach the site (for links in mail and feeds).
    pub public_url: String,
    /// Largest pool of database connections.
    pub db_max_connections: u32,
    /// Longest time one request may take.
    pub request_timeout_secs: u64,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// How long shutdown waits for in-flight requests and jobs.
    pub shutdown_grace_secs: u64,
    /// Run background workers (jobs and schedules) in this process.
    pub run_jobs: bool,
    /// Load the demo data when the database has none.
    pub seed_demo_data: bool,
    /// How long a notification waits before it is emailed (events joining
    /// it meanwhile make one message; one read in the app is not mailed).
    pub notification_email_wait_secs: u64,
    /// Log filter (tracing `EnvFilter` syntax).
    pub log: String,
    /// Log format: `pretty` or `json`.
    pub log_format: LogFormat,
    /// Bearer token that lets non-loopback clients read `/metrics`.
    pub metrics_token: Option<String>,
    /// SMTP server for outgoing mail (`smtp://user:pass@host:587?tls=required`,
    /// `smtps://…`). Unset: mail stays in the outbox, shown at `/dev/mail`.
    pub smtp_url: Option<String>,
    /// The `From` of outgoing mail.
    pub mail_from: String,
    /// Trust `X-Forwarded-For` from the proxy in front of the server for the
    /// client address (rate limits, login history).
    pub trust_proxy: bool,
    /// Largest upload (pictures), in bytes; other requests keep `body_limit_bytes`.
    pub upload_limit_bytes: usize,
    /// Where uploaded files are kept on disk when no S3 bucket is set
    /// (default: `<data_dir>/media`).
    pub media_dir: Option<PathBuf>,
    /// Keep uploads in this S3 bucket instead of on disk. Credentials come
    /// from the standard `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` variables.
    pub s3_bucket: Option<String>,
    /// S3-compatible endpoint (MinIO, R2, …); unset means AWS.
    pub s3_endpoint: Option<String>,
    /// S3 region.
    pub s3_region: Option<String>,
    /// Sign in with this OpenID Connect issuer (e.g. `https://accounts.google.com`);
    /// unset turns the feature off.
    pub oidc_issuer: Option<String>,
    /// The client id registered with the issuer.
    pub oidc_client_id: Option<String>,
    /// The client secret registered with the issuer.
    pub oidc_client_secret: Option<String>,
    /// The provider's name on buttons ("Continue with …").
    pub oidc_name: String,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 3000,
            database_url: None,
            data_dir: PathBuf::from(".sparkle"),
            pg_bin_dir: None,
            pg_user: "postgres".into(),
            site_root: PathBuf::from("target/site"),
            public_url: "http://127.0.0.1:3000".into(),
            db_max_connections: 10,
            request_timeout_secs: 30,
            body_limit_bytes: 2 * 1024 * 1024,
            shutdown_grace_secs: 20,
            run_jobs: true,
            seed_demo_data: false,
            notification_email_wait_secs: 60,
            log: "info,sqlx=warn,tower_http=info".into(),
            log_format: LogFormat::Pretty,
            metrics_token: None,
            smtp_url: None,
            mail_from: "Sparkle Universe <no-reply@sparkle-universe.local>".into(),
            trust_proxy: false,
            upload_limit_bytes: 10 * 1024 * 1024,
            media_dir: None,
            s3_bucket: None,
            s3_endpoint: None,
            s3_region: None,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_name: "Google".into(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field("data_dir", &self.data_dir)
            .field("pg_bin_dir", &self.pg_bin_dir)
            .field("pg_user", &self.pg_user)
            .field("site_root", &self.site_root)
            .field("public_url", &self.public_url)
            .field("db_max_connections", &self.db_max_connections)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("body_limit_bytes", &self.body_limit_bytes)
            .field("shutdown_grace_secs", &self.shutdown_grace_secs)
            .field("run_jobs", &self.run_jobs)
            .field("seed_demo_data", &self.seed_demo_data)
            .field(
                "notification_email_wait_secs",
                &self.notification_email_wait_secs,
            )
            .field("log", &self.log)
            .field("log_format", &self.log_format)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("trust_proxy", &self.trust_proxy)
            .field("upload_limit_bytes", &self.upload_limit_bytes)
            .field("media_dir", &self.media_dir)
            .field("s3_bucket", &self.s3_bucket)
            .field("s3_endpoint", &self.s3_endpoint)
            .field("s3_region", &self.s3_region)
            .field("oidc_issuer", &self.oidc_issuer)
            .field("oidc_client_id", &self.oidc_client_id)
            .field(
                "oidc_client_secret",
                &self.oidc_client_secret.as_ref().map(|_| "***"),
            )
            .field("oidc_name", &self.oidc_name)
            .finish()
    }
}

/// Hides the passwords of a URL: in the user info (`user:secret@`) and in
/// query parameters (`password=`, `sslpassword=`).
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".into();
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let authority = match before_query.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => before_query.to_owned(),
        },
        None => before_query.to_owned(),
    };
    let query = query.map(|q| {
        q.split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.to_ascii_lowercase().contains("password") => {
                    format!("{key}=***")
                }
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&")
    });
    match query {
        Some(q) => format!("{scheme}://{authority}?{q}"),
        None => format!("{scheme}://{authority}"),
    }
}

/// A configuration problem, worded for the person starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read configuration: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Every setting, as named in the file and (upper-cased, `SPARKLE_`-prefixed) in the environment.
    pub const KEYS: [&'static str; 30] = [
        "host",
        "port",
        "database_url",
        "data_dir",
        "pg_bin_dir",
        "pg_user",
        "site_root",
        "public_url",
        "db_max_connections",
        "request_timeout_secs",
        "body_limit_bytes",
        "shutdown_grace_secs",
        "run_jobs",
        "seed_demo_data",
        "notification_email_wait_secs",
        "log",
        "log_format",
        "metrics_token",
        "smtp_url",
        "mail_from",
        "trust_proxy",
        "upload_limit_bytes",
        "media_dir",
        "s3_bucket",
        "s3_endpoint",
        "s3_region",
        "oidc_issuer",
        "oidc_client_id",
        "oidc_client_secret",
        "oidc_name",
    ];

    /// Loads defaults, then `file` (or `SPARKLE_CONFIG`, or `sparkle.toml` when it
    /// exists), then the environment, and validates the result.
    pub fn load(file: Option<PathBuf>) -> Result<Self, ConfigError> {
        let explicit = file.or_else(|| std::env::var_os("SPARKLE_CONFIG").map(PathBuf::from));
        if let Some(path) = &explicit
            && !path.is_file()
        {
            return Err(ConfigError::Invalid(format!(
                "the configuration file {} does not exist",
                path.display()
            )));
        }
        let file = explicit.unwrap_or_else(|| PathBuf::from("sparkle.toml"));
        let figment = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            // Only our settings: other SPARKLE_* variables (build tools) are not ours to refuse.
            .merge(Env::prefixed("SPARKLE_").only(&Self::KEYS))
            .merge(Env::raw().only(&["database_url", "port"]));
        let mut config: Config = figment.extract().map_err(Box::new)?;
        // `DATABASE_URL=` (empty) means "not set", as it does for most tools.
        config.database_url = config.database_url.filter(|url| !url.trim().is_empty());
        config.smtp_url = config.smtp_url.filter(|url| !url.trim().is_empty());
        config.s3_bucket = config.s3_bucket.filter(|b| !b.trim().is_empty());
        config.oidc_issuer = config.oidc_issuer.filter(|i| !i.trim().is_empty());
        config.oidc_client_secret = config.oidc_client_secret.filter(|s| !s.is_empty());
        // Left at its default, the public address follows the chosen port, so
        // links in mail point at this server.
        if config.public_url == Config::default().public_url && config.port != 3000 {
            config.public_url = format!("http://127.0.0.1:{}", config.port);
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks values that parse but make no sense.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |msg: &str| Err(ConfigError::Invalid(msg.to_owned()));
        if self.db_max_connections == 0 {
            return invalid("SPARKLE_DB_MAX_CONNECTIONS must be at least 1");
        }
        if self.request_timeout_secs == 0 {
            return invalid("SPARKLE_REQUEST_TIMEOUT_SECS must be at least 1");
        }
        if self.body_limit_bytes < 1024 {
            return invalid("SPARKLE_BODY_LIMIT_BYTES must be at least 1024");
        }
        if let Some(url) = &self.database_url
            && !(url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            return invalid("DATABASE_URL must start with postgres:// or postgresql://");
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return invalid("SPARKLE_PUBLIC_URL must start with http:// or https://");
        }
        if let Some(url) = &self.smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return invalid("SPARKLE_SMTP_URL must start with smtp:// or smtps://");
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return invalid("SPARKLE_MAIL_FROM must be an address like Name <name@example.com>");
        }
        if self.upload_limit_bytes < self.body_limit_bytes {
            return invalid("SPARKLE_UPLOAD_LIMIT_BYTES must be at least SPARKLE_BODY_LIMIT_BYTES");
        }
        if let Some(issuer) = &self.oidc_issuer {
            if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
                return invalid("SPARKLE_OIDC_ISSUER must be an http(s) address");
            }
            if self.oidc_client_id.as_deref().is_none_or(str::is_empty) {
                return invalid("SPARKLE_OIDC_CLIENT_ID is needed with SPARKLE_OIDC_ISSUER");
            }
        }
        if self.pg_user.is_empty() {
            return invalid("SPARKLE_PG_USER must not be empty");
        }
        if let Err(err) = tracing_subscriber::EnvFilter::try_new(&self.log) {
            return Err(ConfigError::Invalid(format!(
                "SPARKLE_LOG is not a valid log filter: {err}"
            )));
        }
        Ok(())
    }

    /// The socket address to bind.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// What the mail jobs need to know.
    pub fn mailing(&self) -> crate::jobs::Mailing {
        crate::jobs::Mailing {
            public_url: self.public_url.trim_end_matches('/').to_owned(),
            notification_wait: Duration::from_secs(self.notification_email_wait_secs),
        }
    }

    /// Longest time one request may take.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// What the app needs from the configuration.
    pub fn app_settings(&self) -> app::context::Settings {
        app::context::Settings {
            public_url: self.public_url.trim_end_matches('/').to_owned(),
            secure_cookies: self.is_https(),
            dev_mail: self.smtp_url.is_none(),
            trust_proxy: self.trust_proxy,
            oidc: self
                .oidc_issuer
                .as_ref()
                .map(|issuer| app::context::OidcSettings {
                    issuer: issuer.trim_end_matches('/').to_owned(),
                    client_id: self.oidc_client_id.clone().unwrap_or_default(),
                    client_secret: self.oidc_client_secret.clone(),
                    name: self.oidc_name.clone(),
                }),
        }
    }

    /// Where uploads are kept on disk (without S3).
    pub fn media_dir(&self) -> PathBuf {
        self.media_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("media"))
    }

    /// True when the public address is https (cookies get `Secure`).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://ana:hunter2@db:5432/x"),
            "postgres://ana:***@db:5432/x"
        );
        assert_eq!(redact_url("postgres://db/x"), "postgres://db/x");
        assert_eq!(
            redact_url("postgres://a@db/x?password=p&host=/s"),
            "postgres://a@db/x?password=***&host=/s"
        );
        assert_eq!(
            redact_url("postgres://a:p@ss@db/x"),
            "postgres://a:***@db/x"
        );
        let config = Config {
            database_url: Some("postgres://a:topsecret@h/d".into()),
            ..Config::default()
        };
        assert!(!format!("{config:?}").contains("topsecret"));
    }

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        assert!(Config::default().validate().is_ok());
        let bad = Config {
            db_max_connections: 0,
            ..Config::default()
        };
        let msg = bad
            .validate()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("SPARKLE_DB_MAX_CONNECTIONS"), "{msg}");
        let bad = Config {
            database_url: Some("mysql://x".into()),
            ..Config::default()
        };
        assert!(bad.validate().is_err());
        let bad = Config {
            log: "info,=[".into(),
            ..Config::default()
        };
        assert!(bad.validate().is_err());
        // Every field is a key the environment may set.
        let fields = serde_json::to_value(Config::default()).unwrap_or_default();
        let count = fields.as_object().map_or(0, |o| o.len());
        assert_eq!(count, Config::KEYS.len());
        assert!(Config::KEYS.iter().all(|k| fields.get(*k).is_some()));
    }
}
