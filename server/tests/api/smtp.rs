//! Mail over real SMTP: the harness starts Python's `aiosmtpd` as a real
//! SMTP server process (installed by `cargo xtask test`), the app's job
//! workers deliver the outbox to it, and the test reads what it received.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use server::config::Config;
use sqlx::PgPool;

use crate::helpers::{PASSWORD, TestApp};

/// A running `aiosmtpd` that keeps what it receives in a Maildir.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let python = std::env::var_os("SPARKLE_TEST_PYTHON").map(PathBuf::from).expect(
            "SPARKLE_TEST_PYTHON is not set: run the tests with `cargo xtask test`, which installs aiosmtpd",
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .args(["-l", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .spawn()
            .expect("starting aiosmtpd");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self { child, port, dir };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start listening on {port}");
    }

    /// Every message received so far, raw.
    pub fn messages(&self) -> Vec<String> {
        fn walk(dir: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if let Ok(text) = std::fs::read_to_string(&p) {
                    out.push(text);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        out
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Undoes quoted-printable soft line breaks and `=3D`, enough to find a link.
pub fn unfold(raw: &str) -> String {
    raw.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

#[sqlx::test(migrations = "../migrations")]
async fn verification_mail_is_delivered_over_smtp(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let config = Config {
        smtp_url: Some(format!("smtp://127.0.0.1:{}", sink.port)),
        ..Config::default()
    };
    let app = TestApp::with_config(pool.clone(), config.clone()).await;
    let workers = app.workers(&config);

    let ana = app.visitor("203.0.113.1");
    ana.sign_up("ana", "ana@example.com", PASSWORD).await;
    let mut received = Vec::new();
    for _ in 0..150 {
        received = sink.messages();
        if !received.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    workers.stop().await;

    assert_eq!(received.len(), 1, "one message reached the SMTP server");
    let mail = unfold(&received[0]);
    assert!(mail.contains("To: ana@example.com"), "{mail}");
    assert!(
        mail.contains("From: \"Sparkle Universe\" <no-reply@sparkle-universe.local>"),
        "{mail}"
    );
    assert!(
        mail.contains("multipart/alternative"),
        "text and HTML parts: {mail}"
    );
    let token = crate::helpers::token_in(&mail).expect("a verification link");
    // The link in the delivered mail verifies the account.
    let res = ana.call("/api/verify_email", &[("token", &token)]).await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    let sent: bool = sqlx::query_scalar("select sent_at is not null from mail_outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(sent, "the outbox row is marked sent");
    // With SMTP configured, the development outbox page does not exist.
    assert_eq!(
        app.get("/dev/mail").await.status,
        http::StatusCode::NOT_FOUND
    );
}
