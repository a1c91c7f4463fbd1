//! The ceiling of the read-path benchmark (`bench/read-path.sh`).
//!
//! It serves the same rows as the app's post page (the post, its related
//! posts and the first page of its comments) and home feed, fetched by the
//! very same query functions, as JSON from a bare axum handler on a sqlx
//! pool: no Leptos rendering, no server-function layer, no session, no
//! middleware. What the app does on top of this is what the benchmark's
//! ratios measure.
//!
//! ```text
//! DATABASE_URL=… BENCH_PORT=3200 BENCH_MEMBER=bench_reader bench-ceiling
//!   GET /p/{slug}    the reading page's rows (post, related posts, comments), as a visitor sees them
//!   GET /home        the first page of the member's home feed
//! ```

use std::sync::Arc;

use anyhow::Context;
use app::features::accounts::types::{Role, UserStatus, Viewer};
use app::features::comments::ssr::{access, read as comments};
use app::features::comments::types::Sort;
use app::features::feeds::ssr::page;
use app::features::feeds::types::FeedKind;
use app::features::posts::ssr::read;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sqlx::PgPool;
use sqlx::types::Uuid;

/// The same allocator as the app's server (server/src/main.rs), so the
/// ratios compare rendering, not allocators.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Ceiling {
    pool: PgPool,
    member: Viewer,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL").context("DATABASE_URL")?;
    let port: u16 = std::env::var("BENCH_PORT")
        .context("BENCH_PORT")?
        .parse()
        .context("BENCH_PORT is a port number")?;
    let member = std::env::var("BENCH_MEMBER").context("BENCH_MEMBER")?;
    let connections = std::env::var("BENCH_DB_CONNECTIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(16);
    // The app's own pool settings (server/src/db.rs).
    let pool = server::db::connect(&url, connections)
        .await
        .context("connecting to PostgreSQL")?;
    // The member as the app sees them after a sign-in (the session lookup
    // itself is part of what the app pays for and the ceiling does not).
    let (id, username, role, status) = sqlx::query_as::<_, (Uuid, String, Role, UserStatus)>(
        "select id, username::text, role, status from users where username = $1::text::citext",
    )
    .bind(&member)
    .fetch_one(&pool)
    .await
    .context("the member whose home feed is served")?;
    let member = Viewer {
        id,
        username,
        display_name: None,
        role,
        status,
        email_verified: true,
    };
    let state = Arc::new(Ceiling { pool, member });
    let app = Router::new()
        .route("/p/{slug}", get(post))
        .route("/home", get(home))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn post(State(ceiling): State<Arc<Ceiling>>, Path(slug): Path<String>) -> Response {
    let result = async {
        let mut conn = ceiling.pool.acquire().await?;
        let post = read::page(&mut conn, None, &slug).await?;
        let info = access::post_by_slug(&mut conn, &slug).await?;
        let comments = comments::page(&mut conn, None, &info, Sort::parse(""), None, None).await?;
        Ok((post, comments))
    }
    .await;
    answer(result)
}

async fn home(State(ceiling): State<Arc<Ceiling>>) -> Response {
    let result = async {
        let mut conn = ceiling.pool.acquire().await?;
        page::page(&mut conn, Some(&ceiling.member), &FeedKind::Home, None).await
    }
    .await;
    answer(result)
}

fn answer<T: serde::Serialize>(result: Result<T, app::AppError>) -> Response {
    match result {
        Ok(rows) => Json(rows).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}
