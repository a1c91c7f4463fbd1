//! Account routes that are browser navigations rather than server functions:
//! the OpenID Connect callback (the provider redirects here) and the data
//! export download.

use app::features::accounts::ssr::client::Client;
use app::features::accounts::ssr::{deletion, oidc};
use axum::extract::{Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderValue, StatusCode, header};
use tower_sessions::Session;

use crate::state::AppState;

/// `GET /auth/oidc/callback`: finishes a sign-in or a link, then sends the
/// browser on (home, two-factor, or back with a notice).
pub async fn oidc_callback(
    State(state): State<AppState>,
    session: Session,
    Query(answer): Query<oidc::CallbackQuery>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let client = Client::from_parts(&parts, state.config.trust_proxy);
    let target = oidc::callback(&state.pool, &state.app, &session, &client, &answer).await;
    Redirect::to(&target).into_response()
}

/// `GET /settings/account/export`: everything the signed-in person owns, as a
/// JSON file download. Signed out, it sends them to sign in first.
pub async fn export(State(state): State<AppState>, session: Session) -> Response {
    let viewer = match app::auth::viewer_of(&session, &state.pool).await {
        Ok(Some(viewer)) => viewer,
        Ok(None) => {
            let next = app::routes::SETTINGS_ACCOUNT;
            return Redirect::to(&format!("{}?next={next}", app::routes::SIGN_IN)).into_response();
        }
        Err(e) => return failure(e),
    };
    let data = match state.pool.acquire().await {
        Ok(mut conn) => deletion::export(&mut conn, viewer.id).await,
        Err(e) => Err(e.into()),
    };
    let data = match data {
        Ok(data) => data,
        Err(e) => return failure(e),
    };
    let body = match serde_json::to_vec_pretty(&data) {
        Ok(body) => body,
        Err(e) => return failure(app::error::AppError::internal(e)),
    };
    let file = format!(
        "attachment; filename=\"sparkle-universe-{}-{}.json\"",
        viewer.username,
        chrono::Utc::now().format("%Y-%m-%d")
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&file) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn failure(e: app::error::AppError) -> Response {
    tracing::error!(error = %e, "account export failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side. Please try again.",
    )
        .into_response()
}
