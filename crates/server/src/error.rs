//! API errors: every failure is a JSON object `{"error": "...", "detail"?: ...}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answered to a client.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// One-line human message.
    pub message: String,
    /// Optional structured detail (which line or field was wrong, ...).
    pub detail: Option<Value>,
}

impl ApiError {
    /// An error with a status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into(), detail: None }
    }

    /// Attach structured detail.
    pub fn with_detail(mut self, detail: Value) -> ApiError {
        self.detail = Some(detail);
        self
    }

    /// 400 Bad Request.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404 Not Found.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 500 Internal Server Error.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        match &self.detail {
            Some(d) => json!({"error": self.message, "detail": d}),
            None => json!({"error": self.message}),
        }
    }
}

impl From<newsfold_engine::EngineError> for ApiError {
    fn from(e: newsfold_engine::EngineError) -> ApiError {
        tracing::error!(error = %e, "engine error");
        ApiError::internal(format!("database error: {e}"))
    }
}

impl From<newsfold_store::StoreError> for ApiError {
    fn from(e: newsfold_store::StoreError) -> ApiError {
        tracing::error!(error = %e, "store error");
        ApiError::internal(format!("database error: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}
