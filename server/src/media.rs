//! The media store (local directory or S3) and the `/media/*` route that
//! serves it with long cache headers: keys are never reused, so a file
//! never changes once served.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::response::{IntoResponse, Response};
use futures::TryStreamExt;
use http::{HeaderValue, StatusCode, header};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};

use crate::config::Config;
use crate::state::AppState;

/// The store `config` names: its S3 bucket, or else its media directory.
pub fn store(config: &Config) -> anyhow::Result<Arc<dyn ObjectStore>> {
    if let Some(bucket) = &config.s3_bucket {
        // Credentials and the rest come from the standard AWS_* variables.
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = &config.s3_endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(region) = &config.s3_region {
            builder = builder.with_region(region);
        }
        return Ok(Arc::new(builder.build()?));
    }
    let dir = config.media_dir();
    std::fs::create_dir_all(&dir).map_err(|e| {
        anyhow::anyhow!(
            "could not create the media directory {}: {e}",
            dir.display()
        )
    })?;
    Ok(Arc::new(
        LocalFileSystem::new_with_prefix(&dir)?.with_automatic_cleanup(true),
    ))
}

fn content_type(key: &str) -> Option<&'static str> {
    match key.rsplit_once('.')?.1 {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        _ => None,
    }
}

/// `GET /media/{*key}`: one stored rendition.
pub async fn serve(State(state): State<AppState>, UrlPath(key): UrlPath<String>) -> Response {
    let not_found = || StatusCode::NOT_FOUND.into_response();
    let Some(mime) = content_type(&key) else {
        return not_found();
    };
    let Ok(path) = Path::parse(&key) else {
        return not_found();
    };
    match state.app.media.store.get(&path).await {
        Ok(found) => {
            let size = found.meta.size;
            let etag = found.meta.e_tag.clone();
            let body = Body::from_stream(found.into_stream().map_err(std::io::Error::other));
            let mut response = Response::new(body);
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            if let Some(tag) = etag
                .and_then(|t| HeaderValue::from_str(&format!("\"{}\"", t.trim_matches('"'))).ok())
            {
                headers.insert(header::ETAG, tag);
            }
            response
        }
        Err(object_store::Error::NotFound { .. }) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, key, "could not read a stored file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
