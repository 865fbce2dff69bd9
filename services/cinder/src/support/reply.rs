//! Answers as the plugin hands them to the gateway.

use bytes::Bytes;
use emulator_core::PathResponse;
use http::{HeaderName, HeaderValue};
use serde_json::Value;

/// A status, extra headers and an optional JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Headers besides the content type.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body; `None` for an empty one (202 actions).
    pub body: Option<Value>,
}

impl Reply {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Some(body),
        }
    }

    /// `status` with an empty body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: None,
        }
    }

    /// The same reply with one more header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// The answer on the wire.
    pub fn into_response(self) -> PathResponse {
        let mut headers = Vec::with_capacity(self.headers.len() + 1);
        let body = match &self.body {
            Some(value) => {
                headers.push((
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ));
                Bytes::from(serde_json::to_vec(value).unwrap_or_default())
            }
            None => Bytes::new(),
        };
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.push((HeaderName::from_static(name), value));
            }
        }
        PathResponse {
            status: self.status,
            headers,
            body,
        }
    }
}
