//! Sign-in with OpenID Connect against a real provider: the harness starts
//! npm's certified `oidc-provider` as a process (fixture in
//! `tests/fixtures/oidc`, installed by `cargo xtask test`); the test walks
//! its login form over HTTP the way a browser would, and the app talks to it
//! (discovery, keys, token endpoint) over real HTTP.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use http::StatusCode;
use server::config::Config;
use sqlx::PgPool;

use crate::helpers::{PASSWORD, TestApp, Visitor};

/// A running provider; killed on drop.
struct Provider {
    child: Child,
    issuer: String,
}

impl Provider {
    fn start() -> Self {
        let script = std::env::var_os("SPARKLE_TEST_OIDC_SERVER").map(PathBuf::from).expect(
            "SPARKLE_TEST_OIDC_SERVER is not set: run the tests with `cargo xtask test`, which installs oidc-provider",
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("node")
            .arg(script)
            .env("OIDC_PORT", port.to_string())
            .env(
                "OIDC_REDIRECT_URI",
                format!("{}/auth/oidc/callback", Config::default().public_url),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting node");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        // Keep reading, so the provider never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let issuer = line
            .strip_prefix("OIDC_READY ")
            .unwrap_or_else(|| panic!("the provider did not start: {line:?}"))
            .trim()
            .to_owned();
        Self { child, issuer }
    }

    fn config(&self) -> Config {
        Config {
            trust_proxy: true,
            oidc_issuer: Some(self.issuer.clone()),
            oidc_client_id: Some("sparkle".into()),
            oidc_client_secret: Some("sparkle-secret".into()),
            oidc_name: "Fixture ID".into(),
            ..Config::default()
        }
    }

    /// Logs in at the provider as `login` from the authorization address
    /// `auth_url`, as a browser would (its own cookies); returns the address
    /// the provider sends the browser back to.
    async fn log_in(&self, auth_url: &str, login: &str) -> String {
        // A fresh connection per request: the fixture may close one after a redirect.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let mut cookies: Vec<String> = Vec::new();
        let keep = |res: &reqwest::Response, cookies: &mut Vec<String>| {
            for value in res.headers().get_all("set-cookie") {
                let pair = value
                    .to_str()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .to_owned();
                let name = pair.split('=').next().unwrap().to_owned();
                cookies.retain(|c| !c.starts_with(&format!("{name}=")));
                cookies.push(pair);
            }
        };
        let location = |res: &reqwest::Response| {
            let l = res.headers()["location"].to_str().unwrap().to_owned();
            if l.starts_with('/') {
                format!("{}{l}", self.issuer)
            } else {
                l
            }
        };
        let res = http.get(auth_url).send().await.unwrap();
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "{:?}",
            res.text().await
        );
        keep(&res, &mut cookies);
        let interaction = location(&res);
        let res = http
            .post(format!("{interaction}/login"))
            .header("cookie", cookies.join("; "))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("login={login}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        keep(&res, &mut cookies);
        let resume = location(&res);
        let res = http
            .get(resume)
            .header("cookie", cookies.join("; "))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        location(&res)
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a flow from a plain form (as the page does) and returns the
/// provider address the app redirected to.
async fn start(visitor: &Visitor<'_>, intent: &str, from: &str) -> String {
    let res = visitor
        .submit("/api/start_oidc", from, &[("intent", intent)])
        .await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    res.header("location").to_owned()
}

/// Follows the provider's answer back into the app: the path it sends the
/// browser on to.
async fn come_back(visitor: &Visitor<'_>, callback: &str) -> String {
    let path = callback
        .strip_prefix(&Config::default().public_url)
        .expect("the provider answers at our callback");
    let res = visitor.get(path).await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    res.header("location").to_owned()
}

async fn signed_in_with(visitor: &Visitor<'_>, provider: &Provider, login: &str) -> String {
    let auth = start(visitor, "signin", "/signin").await;
    let callback = provider.log_in(&auth, login).await;
    come_back(visitor, &callback).await
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_person_signs_up_and_back_in_with_the_provider(pool: PgPool) {
    let provider = Provider::start();
    let app = TestApp::with_config(pool.clone(), provider.config()).await;

    // The sign-in page offers the provider by name.
    let res = app
        .visitor("10.0.0.1")
        .call("/api/sign_in_provider", &[])
        .await;
    assert_eq!(res.body, "\"Fixture ID\"");
    // Its sign-in form may post on to the provider (CSP form-action), nowhere else.
    let page = app.get("/signin").await;
    assert!(
        page.body.contains("Continue with Fixture ID"),
        "{}",
        page.body
    );
    let csp = page.header("content-security-policy");
    assert!(
        csp.contains(&format!("form-action 'self' {};", provider.issuer)),
        "{csp}"
    );

    let visitor = app.visitor("10.0.0.1");
    let auth = start(&visitor, "signin", "/signin").await;
    assert!(auth.starts_with(&provider.issuer), "{auth}");
    for part in [
        "code_challenge=",
        "code_challenge_method=S256",
        "state=",
        "nonce=",
        "scope=openid",
    ] {
        assert!(auth.contains(part), "{part} missing from {auth}");
    }
    let callback = provider.log_in(&auth, "ana").await;
    assert_eq!(
        come_back(&visitor, &callback).await,
        "/settings/profile?welcome=1"
    );
    assert_eq!(visitor.username().await.as_deref(), Some("ana"));
    let user = sqlx::query!(
        r#"select u.id, u.email::text as "email!", u.status::text as "status!", u.password_hash,
                  u.email_verified_at is not null as "verified!", a.provider, a.provider_account_id
           from users u join accounts a on a.user_id = u.id where u.username = 'ana'"#
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(user.email, "ana@example.com");
    assert_eq!(user.status, "ACTIVE");
    assert!(user.verified && user.password_hash.is_none());
    assert_eq!(
        (user.provider.as_str(), user.provider_account_id.as_str()),
        (provider.issuer.as_str(), "ana")
    );

    // The answer works once: replayed, even in the same browser, it signs nobody in.
    visitor.call("/api/sign_out", &[]).await;
    assert_eq!(come_back(&visitor, &callback).await, "/signin?oidc=expired");
    assert_eq!(visitor.username().await, None);

    // Next time the same account signs in; nobody new is made.
    assert_eq!(signed_in_with(&visitor, &provider, "ana").await, "/");
    assert_eq!(visitor.username().await.as_deref(), Some("ana"));
    let users: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let methods: Vec<String> = sqlx::query_scalar(
        "select reason from login_history where user_id = $1 order by created_at",
    )
    .bind(user.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(methods, ["oidc", "oidc"]);

    // Another browser cannot use someone else's answer: the state lives in the session.
    let auth = start(&visitor, "signin", "/signin").await;
    let callback = provider.log_in(&auth, "ana").await;
    let stranger = app.visitor("10.0.0.2");
    assert_eq!(
        come_back(&stranger, &callback).await,
        "/signin?oidc=expired"
    );
    assert_eq!(stranger.username().await, None);
    // A changed state is refused too.
    let tampered = callback.replace("state=", "state=x");
    assert_eq!(come_back(&visitor, &tampered).await, "/signin?oidc=failed");

    // An unverified email at the provider makes no account.
    let eve = app.visitor("10.0.0.3");
    assert_eq!(
        signed_in_with(&eve, &provider, "eve").await,
        "/signin?oidc=unverified"
    );
    assert_eq!(eve.username().await, None);
    // The only way in cannot be unlinked; a password-less account deletes by username.
    let res = visitor
        .call("/api/unlink_sign_in", &[("provider", &provider.issuer)])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let res = visitor
        .call(
            "/api/delete_account",
            &[("password", ""), ("confirm", "nope")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("Type your username"), "{}", res.body);
    let res = visitor
        .call(
            "/api/delete_account",
            &[("password", ""), ("confirm", "ana")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(visitor.username().await, None);
    // Signing in with the provider within the grace period brings it back.
    assert_eq!(signed_in_with(&visitor, &provider, "ana").await, "/");
    let status: String =
        sqlx::query_scalar("select status::text from users where username = 'ana'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "ACTIVE");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_email_match_never_links_but_a_signed_in_owner_can(pool: PgPool) {
    let provider = Provider::start();
    let app = TestApp::with_config(pool.clone(), provider.config()).await;
    // Someone here already uses ana@example.com, with a password.
    let owner = app.visitor("10.0.1.1");
    owner.sign_up("ana_here", "ana@example.com", PASSWORD).await;
    let token = app.mailed_token("ana@example.com").await;
    owner.call("/api/verify_email", &[("token", &token)]).await;

    // Signing in at the provider with that email does not get into the account.
    let visitor = app.visitor("10.0.1.2");
    assert_eq!(
        signed_in_with(&visitor, &provider, "ana").await,
        "/signin?oidc=email_taken"
    );
    assert_eq!(visitor.username().await, None);
    let links: i64 = sqlx::query_scalar("select count(*) from accounts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(links, 0);

    // Linking needs to be signed in; then it links to that account.
    let res = owner
        .submit(
            "/api/start_oidc",
            "/settings/account",
            &[("intent", "link")],
        )
        .await;
    assert!(
        !res.header("location").starts_with(&provider.issuer),
        "a signed-out visitor started a link"
    );
    assert_eq!(
        owner.sign_in("ana_here", PASSWORD).await.status,
        StatusCode::OK
    );
    let auth = start(&owner, "link", "/settings/account").await;
    let callback = provider.log_in(&auth, "ana").await;
    assert_eq!(
        come_back(&owner, &callback).await,
        "/settings/account?oidc=linked"
    );
    let res = owner.call("/api/account_settings", &[]).await;
    let settings: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(settings["linked"][0]["name"], "Fixture ID");
    assert_eq!(settings["linked"][0]["email"], "ana@example.com");
    assert_eq!(settings["has_password"], true);
    let alert: String =
        sqlx::query_scalar("select kind from security_alerts order by created_at desc limit 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(alert, "sign_in_method_added");

    // Now the provider signs in to it.
    assert_eq!(signed_in_with(&visitor, &provider, "ana").await, "/");
    assert_eq!(visitor.username().await.as_deref(), Some("ana_here"));

    // One provider account links to one account here, and one of each per person.
    let other = app.member("ben_here", "10.0.1.3").await;
    let auth = start(&other, "link", "/settings/account").await;
    let callback = provider.log_in(&auth, "ana").await;
    assert_eq!(
        come_back(&other, &callback).await,
        "/settings/account?oidc=linked_elsewhere"
    );
    let auth = start(&owner, "link", "/settings/account").await;
    let callback = provider.log_in(&auth, "ben").await;
    assert_eq!(
        come_back(&owner, &callback).await,
        "/settings/account?oidc=already_linked"
    );

    // The settings page shows the link; unlinking ends it (the password remains).
    let page = owner.get("/settings/account").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Unlink Fixture ID"), "{}", page.body);
    let res = owner
        .call("/api/unlink_sign_in", &[("provider", &provider.issuer)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    visitor.call("/api/sign_out", &[]).await;
    assert_eq!(
        signed_in_with(&visitor, &provider, "ana").await,
        "/signin?oidc=email_taken"
    );
}
