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
    /// Where this app's uploads go.
    pub media_dir: std::path::PathBuf,
    /// The SMTP transport, when the config has one.
    pub smtp: Option<Arc<server::mail::Smtp>>,
    /// The media store the app saves uploads in.
    pub media: app::features::media::ssr::Media,
    /// Post views waiting to be written (tests flush it themselves).
    pub views: Arc<app::features::posts::ssr::views::ViewBuffer>,
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
    pub async fn with_config(pool: PgPool, mut config: Config) -> Self {
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
        let media_dir = site.path().join("media");
        config.media_dir.get_or_insert(media_dir.clone());
        let media_dir = config.media_dir();
        let leptos_options = LeptosOptions::builder()
            .output_name("sparkle")
            .site_root(site.path().to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build();
        let state = AppState::new(
            leptos_options,
            pool.clone(),
            Arc::new(config),
            telemetry::metrics_handle(),
            jobs.clone(),
        )
        .unwrap();
        let smtp = state.smtp.clone();
        let media = state.app.media.clone();
        let views = state.app.views.clone();
        Self {
            pool,
            jobs,
            smtp,
            media,
            views,
            router: app_http::router(state),
            _site: site,
            media_dir,
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

/// A visitor with their own session cookie and address, calling server
/// functions the way the hydrated app does (form body, JSON answer).
pub struct Visitor<'a> {
    app: &'a TestApp,
    pub cookie: std::sync::Mutex<Option<String>>,
    pub ip: String,
    pub user_agent: String,
}

impl TestApp {
    /// A new visitor from `ip` (honoured when the config trusts the proxy).
    pub fn visitor(&self, ip: &str) -> Visitor<'_> {
        Visitor {
            app: self,
            cookie: std::sync::Mutex::new(None),
            ip: ip.to_owned(),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
                .into(),
        }
    }

    /// The newest mail sent to `to`: (subject, text body).
    pub async fn last_mail(&self, to: &str) -> Option<(String, String)> {
        sqlx::query_as::<_, (String, String)>(
            "select subject, body_text from mail_outbox where to_address = $1 order by created_at desc limit 1",
        )
        .bind(to)
        .fetch_optional(&self.pool)
        .await
        .unwrap()
    }

    /// The `token=` value of the link in the newest mail to `to`.
    pub async fn mailed_token(&self, to: &str) -> String {
        let (_, body) = self.last_mail(to).await.expect("a mail");
        token_in(&body).expect("a token link in the mail")
    }
}

/// The `token=` value of the first link in `text`.
pub fn token_in(text: &str) -> Option<String> {
    let start = text.find("token=")? + "token=".len();
    Some(
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect(),
    )
}

pub fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    other => format!("%{other:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Visitor<'_> {
    fn remember_cookie(&self, res: &TestResponse) {
        for value in res.headers.get_all("set-cookie") {
            let value = value.to_str().unwrap();
            if let Some(rest) = value.strip_prefix("sparkle_session=") {
                let id = rest.split(';').next().unwrap_or("");
                let removed = value.contains("Max-Age=0") || id.is_empty();
                *self.cookie.lock().unwrap() = (!removed).then(|| id.to_owned());
            }
        }
    }

    fn request(&self, method: http::Method, path: &str) -> http::request::Builder {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("user-agent", &self.user_agent)
            .header("x-forwarded-for", &self.ip);
        if let Some(id) = self.cookie.lock().unwrap().as_deref() {
            req = req.header("cookie", format!("sparkle_session={id}"));
        }
        req
    }

    /// Calls the server function at `path` with form `fields`.
    pub async fn call(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let req = self
            .request(http::Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(Body::from(form_encode(fields)))
            .unwrap();
        let res = self.app.send(req).await;
        self.remember_cookie(&res);
        res
    }

    /// Posts a plain HTML form (no JavaScript) from the page `referer`.
    pub async fn submit(&self, path: &str, referer: &str, fields: &[(&str, &str)]) -> TestResponse {
        let req = self
            .request(http::Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header("referer", format!("http://localhost{referer}"))
            .body(Body::from(form_encode(fields)))
            .unwrap();
        let res = self.app.send(req).await;
        self.remember_cookie(&res);
        res
    }

    /// `GET path` with this visitor's cookie.
    pub async fn get(&self, path: &str) -> TestResponse {
        let req = self
            .request(http::Method::GET, path)
            .body(Body::empty())
            .unwrap();
        let res = self.app.send(req).await;
        self.remember_cookie(&res);
        res
    }

    /// The signed-in username, if any.
    pub async fn username(&self) -> Option<String> {
        let res = self.call("/api/viewer", &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        v.get("username")
            .and_then(|u| u.as_str())
            .map(str::to_owned)
    }

    /// Signs up; panics unless the server accepted it.
    pub async fn sign_up(&self, username: &str, email: &str, password: &str) {
        let res = self
            .call(
                "/api/sign_up",
                &[
                    ("username", username),
                    ("email", email),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }

    /// Signs in; returns the response.
    pub async fn sign_in(&self, login: &str, password: &str) -> TestResponse {
        self.call("/api/sign_in", &[("login", login), ("password", password)])
            .await
    }
}

/// A config that trusts `X-Forwarded-For`, so tests can play several addresses.
pub fn proxied_config() -> Config {
    Config {
        trust_proxy: true,
        ..Config::default()
    }
}

impl TestApp {
    /// An app that trusts `X-Forwarded-For`.
    pub async fn proxied(pool: PgPool) -> Self {
        Self::with_config(pool, proxied_config()).await
    }

    /// Signs up `username` (password `correct horse battery`) and verifies the
    /// email; returns a visitor signed in as them.
    pub async fn member(&self, username: &str, ip: &str) -> Visitor<'_> {
        let visitor = self.visitor(ip);
        let email = format!("{username}@example.com");
        visitor.sign_up(username, &email, PASSWORD).await;
        let token = self.mailed_token(&email).await;
        let res = visitor
            .call("/api/verify_email", &[("token", &token)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = visitor.sign_in(username, PASSWORD).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        visitor
    }
}

/// The password every test member has.
pub const PASSWORD: &str = "correct horse battery";

impl Visitor<'_> {
    /// Uploads `bytes` as the multipart field `file` (named `file_name`)
    /// after the text `fields`, the way the browser's `FormData` does.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> TestResponse {
        self.upload_multipart(path, fields, ("file", file_name, bytes), false)
            .await
    }

    /// A multipart post of the text `fields` and the file `(field, name,
    /// bytes)`; `plain` sends it the way a browser without JavaScript does
    /// (it wants HTML back).
    pub async fn upload_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        (file_field, file_name, bytes): (&str, &str, &[u8]),
        plain: bool,
    ) -> TestResponse {
        let boundary = "----sparkle-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = self
            .request(http::Method::POST, path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(
                "accept",
                if plain {
                    "text/html"
                } else {
                    "application/json"
                },
            )
            .body(Body::from(body))
            .unwrap();
        let res = self.app.send(req).await;
        self.remember_cookie(&res);
        res
    }
}

/// Creates a verified, active account directly (no password: it cannot sign
/// in) and returns its id. For tests that need many people quickly.
pub async fn quick_user(pool: &PgPool, username: &str) -> uuid::Uuid {
    use app::features::accounts::ssr::users::{NewUser, create};
    use app::features::accounts::types::{Role, UserStatus};
    let mut conn = pool.acquire().await.unwrap();
    let email = format!("{username}@example.com");
    create(
        &mut conn,
        &NewUser {
            username,
            email: &email,
            password_hash: None,
            role: Role::User,
            status: UserStatus::Active,
            email_verified: true,
        },
    )
    .await
    .unwrap()
    .unwrap()
}

/// How many people's follower or following counts disagree with the follows table.
pub async fn miscounted_people(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from user_stats s where
           s.followers_count <> (select count(*) from follows where following_id = s.user_id)
           or s.following_count <> (select count(*) from follows where follower_id = s.user_id)",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The job workers and schedules of an app, running until stopped.
pub struct Workers {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<()>,
}

impl Workers {
    /// Lets running jobs finish and stops.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.handle).await;
    }
}

impl TestApp {
    /// Starts this app's job workers (mail delivery when it has SMTP) with
    /// the mail settings of `config`.
    pub fn workers(&self, config: &Config) -> Workers {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(server::jobs::run(
            self.pool.clone(),
            self.jobs.clone(),
            self.smtp.clone(),
            self.media.clone(),
            config.mailing(),
            std::time::Duration::from_secs(5),
            async move {
                let _ = stopped.await;
            },
        ));
        Workers {
            stop: Some(stop),
            handle,
        }
    }
}
