//! Feeds for machines: Atom (Latest, each category, tag and author) and the
//! sitemap. They are cached briefly by clients and proxies; a missing
//! subject is 404.

use app::error::AppError;
use app::features::feeds::ssr::syndication;
use app::features::feeds::types::FeedKind;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use crate::state::AppState;

/// `GET /latest/feed.atom`.
pub async fn latest_atom(State(state): State<AppState>) -> Response {
    atom(&state, FeedKind::Latest).await
}

/// `GET /c/{slug}/feed.atom`.
pub async fn category_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    atom(&state, FeedKind::Category(slug.to_ascii_lowercase())).await
}

/// `GET /t/{slug}/feed.atom`.
pub async fn tag_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    atom(&state, FeedKind::Tag(slug.to_ascii_lowercase())).await
}

/// `GET /u/{username}/feed.atom`.
pub async fn author_atom(State(state): State<AppState>, Path(username): Path<String>) -> Response {
    atom(&state, FeedKind::Author(username)).await
}

async fn atom(state: &AppState, feed: FeedKind) -> Response {
    let body = async {
        let mut conn = state.pool.acquire().await?;
        let site = app::features::site::ssr::site_info(&mut conn).await?;
        syndication::atom(&mut conn, &state.app.settings.public_url, &site.name, &feed).await
    }
    .await;
    xml(body, "application/atom+xml; charset=utf-8")
}

/// `GET /sitemap.xml`: the index of the sitemap's parts.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let body = async {
        let mut conn = state.pool.acquire().await?;
        syndication::sitemap_index(&mut conn, &state.app.settings.public_url).await
    }
    .await;
    xml(body, "application/xml; charset=utf-8")
}

/// `GET /sitemaps/{part}`: `pages.xml` or `posts-YYYY-MM.xml`.
pub async fn sitemap_part(State(state): State<AppState>, Path(part): Path<String>) -> Response {
    let public_url = &state.app.settings.public_url;
    let body = async {
        let mut conn = state.pool.acquire().await?;
        match part.strip_suffix(".xml") {
            Some("pages") => syndication::sitemap_pages(&mut conn, public_url).await,
            Some(name) => match name.strip_prefix("posts-") {
                Some(month) => syndication::sitemap_posts(&mut conn, public_url, month).await,
                None => Err(AppError::NotFound),
            },
            None => Err(AppError::NotFound),
        }
    }
    .await;
    xml(body, "application/xml; charset=utf-8")
}

fn xml(body: Result<String, AppError>, kind: &'static str) -> Response {
    match body {
        Ok(body) => {
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            );
            response
        }
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, "Not found").into_response(),
        Err(error) => {
            tracing::error!(%error, "feed failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Please try again.",
            )
                .into_response()
        }
    }
}

/// `GET /robots.txt`: what crawlers may read, and where the sitemap is.
pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /write\nDisallow: /me/\nDisallow: /settings/\nDisallow: /admin/\n\nSitemap: {}{}\n",
        state.app.settings.public_url,
        app::routes::SITEMAP
    );
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}
