//! The one error type shared by server functions, pages and raw routes.
//!
//! `AppError` crosses the wire (it is serde-tagged), so the browser can show a
//! field message next to the field that caused it. Internal failures never carry
//! their cause to the browser: they are logged on the server with the request id,
//! and the user sees only that id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Every failure a user can meet, with what they need to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// The thing asked for does not exist (or the caller may not know it exists).
    #[error("We couldn't find that.")]
    NotFound,
    /// The caller must sign in first.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// The caller is signed in but may not do this.
    #[error("You don't have permission to do that.")]
    Forbidden,
    /// The account may not do this in its current state (unverified, suspended).
    #[error("{message}")]
    Restricted { message: String },
    /// Input was rejected; `fields` maps a field name to its messages.
    #[error("Please check the highlighted fields.")]
    Validation {
        fields: BTreeMap<String, Vec<String>>,
    },
    /// The request clashes with the current state (a taken name, a stale edit).
    #[error("{message}")]
    Conflict { message: String },
    /// Too many attempts; try again after the given number of seconds.
    #[error("Too many attempts. Please try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    /// Something broke on our side; the id lets support find the log lines.
    #[error("Something went wrong on our side.")]
    Internal { request_id: Option<String> },
    /// The request never reached the handler intact (network, encoding).
    #[error("The request could not be completed: {message}")]
    Request { message: String },
}

/// Field messages collected while checking a form, turned into one
/// [`AppError::Validation`] at the end.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    /// Notes a message for `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
    }

    /// True when nothing was noted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was noted, else the validation error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation { fields: self.0 })
        }
    }
}

impl AppError {
    /// A validation error for a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(field.into(), vec![message.into()]);
        Self::Validation { fields }
    }

    /// The HTTP status this error is sent with. The one place statuses are chosen.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Unauthorized => 401,
            Self::Forbidden | Self::Restricted { .. } => 403,
            Self::Validation { .. } => 422,
            Self::Conflict { .. } => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal { .. } => 500,
            Self::Request { .. } => 400,
        }
    }

    /// Messages for one field of a validation error (empty for other errors).
    pub fn field_messages(&self, field: &str) -> &[String] {
        match self {
            Self::Validation { fields } => fields.get(field).map(Vec::as_slice).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Messages for the form as a whole: the `form` field of a validation
    /// error, or the message of any other error.
    pub fn form_message(&self) -> Option<String> {
        match self {
            Self::Validation { fields } => fields.get("form").and_then(|m| m.first()).cloned(),
            other => Some(other.to_string()),
        }
    }

    /// The request id to quote to support, when there is one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Internal { request_id } => request_id.as_deref(),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Serialises the error for the wire; on the server this is also where the
    /// HTTP status of a failed server function is set from the error.
    fn ser(&self) -> server_fn::Bytes {
        #[cfg(feature = "ssr")]
        if !ssr::is_plain_form_post() {
            // A plain form post is answered with a redirect back to the form,
            // carrying this error in the URL; its status must stay 302.
            self.set_response_status();
        }
        <JsonEncoding as server_fn::Encodes<Self>>::encode(self).unwrap_or_else(|_| {
            server_fn::Bytes::from_static(br#"{"kind":"internal","request_id":null}"#)
        })
    }

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A server function that could not run is our fault, not the user's.
            ServerFnErrorErr::ServerError(message) => {
                #[cfg(feature = "ssr")]
                {
                    Self::internal(message)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = message;
                    Self::Internal { request_id: None }
                }
            }
            other => Self::Request {
                message: other.to_string(),
            },
        }
    }
}

#[cfg(feature = "ssr")]
pub use ssr::is_plain_form_post;

#[cfg(feature = "ssr")]
mod ssr {
    //! Server-side conversions: log the cause, keep it off the wire.
    use super::AppError;

    impl AppError {
        /// Log an unexpected failure with its cause and return the opaque error
        /// that the browser may see, tagged with the current request id.
        #[track_caller]
        pub fn internal(cause: impl std::fmt::Display) -> Self {
            let request_id = crate::request::current_request_id();
            let location = std::panic::Location::caller();
            tracing::error!(
                request_id = request_id.as_deref().unwrap_or("-"),
                %location,
                error = %cause,
                "internal error"
            );
            Self::Internal { request_id }
        }

        /// A request-scoped value (the pool, the server context, the session)
        /// is gone: the client went away mid-render, the request's reactive
        /// owner was cleaned up, and one of its resources was still running.
        /// Nobody will read the answer and nothing is wrong, so this is not
        /// logged as an error. (A value missing from a live request would fail
        /// every page, and every test.)
        pub fn request_ended(what: &str) -> Self {
            tracing::debug!(what, "the request ended before this resource finished");
            Self::Internal { request_id: None }
        }

        /// Set the status of the HTTP response that is being rendered, if any.
        pub fn set_response_status(&self) {
            if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
                && let Ok(status) = http::StatusCode::from_u16(self.status_code())
            {
                options.set_status(status);
            }
        }
    }

    /// True while serving a form posted without JavaScript (it wants HTML back).
    pub fn is_plain_form_post() -> bool {
        leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
            parts.method == http::Method::POST
                && parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("text/html"))
        })
    }

    impl From<sqlx::Error> for AppError {
        #[track_caller]
        fn from(err: sqlx::Error) -> Self {
            match err {
                sqlx::Error::RowNotFound => Self::NotFound,
                other => Self::internal(other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_chosen_in_one_place() {
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::field("email", "taken").status_code(), 422);
        assert_eq!(AppError::Internal { request_id: None }.status_code(), 500);
    }

    #[test]
    fn validation_errors_round_trip_with_their_fields() {
        let err = AppError::field("username", "Use 3 to 30 letters, digits, _ or -.");
        let bytes = err.ser();
        let back = AppError::de(bytes);
        assert_eq!(back, err);
        assert_eq!(back.field_messages("username").len(), 1);
        assert!(back.field_messages("email").is_empty());
    }

    #[test]
    fn internal_errors_carry_only_the_request_id() {
        let err = AppError::Internal {
            request_id: Some("req-123".into()),
        };
        let json = String::from_utf8(err.ser().to_vec()).unwrap_or_default();
        assert_eq!(json, r#"{"kind":"internal","request_id":"req-123"}"#);
    }
}
