//! Errors as values: a service returns a [`ServiceError`] naming the AWS exception; the protocol
//! layer ([`crate::protocol`]) is the one place that turns it into a wire response.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value};

/// Which exception a [`ServiceError`] names.
///
/// Validation failures are named per service (AWS Backup says
/// `InvalidParameterValueException`, OpsWorks CM says `ValidationException`), so code that is
/// shared between services raises the generic kinds and the wire mapping picks the service's
/// own name from its [`crate::ValidationErrorNames`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// A modelled (or common AWS) exception name, sent as is.
    Named(Cow<'static, str>),
    /// A parameter has a wrong value: the service's "invalid parameter" exception.
    InvalidParameter,
    /// A required parameter is absent: the service's "missing parameter" exception.
    MissingParameter,
}

/// An AWS error response in the making: exception name, message, HTTP status and any extra
/// members the exception shape carries.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    code: ErrorCode,
    message: String,
    status: u16,
    fields: Map<String, Value>,
}

impl ServiceError {
    /// An exception with the given name and message; HTTP 400 unless [`Self::with_status`].
    pub fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Named(code.into()),
            message: message.into(),
            status: 400,
            fields: Map::new(),
        }
    }

    /// The service's "invalid parameter value" exception (HTTP 400).
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidParameter,
            message: message.into(),
            status: 400,
            fields: Map::new(),
        }
    }

    /// The service's "missing parameter" exception (HTTP 400).
    pub fn missing_parameter(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::MissingParameter,
            message: message.into(),
            status: 400,
            fields: Map::new(),
        }
    }

    /// HTTP 501 `NotImplemented`: the operation is modelled but this emulator has no handler.
    pub fn not_implemented(service: &str, operation: &str) -> Self {
        Self::new(
            "NotImplemented",
            format!("The operation {operation} of service {service} is not implemented by this emulator yet"),
        )
        .with_status(501)
    }

    /// HTTP 500 `InternalFailure`: a bug on our side, never a user error.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("InternalFailure", message).with_status(500)
    }

    /// Overrides the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Adds a member of the exception shape (for example `ResourceName` or `Context`).
    pub fn with_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(name.into(), value.into());
        self
    }

    /// The exception this error names.
    pub fn code(&self) -> &ErrorCode {
        &self.code
    }

    /// The exception name, resolving generic validation kinds with the given names.
    pub fn code_name<'a>(&'a self, names: &'a crate::ValidationErrorNames) -> &'a str {
        match &self.code {
            ErrorCode::Named(name) => name,
            ErrorCode::InvalidParameter => names.invalid,
            ErrorCode::MissingParameter => names.missing,
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Extra members of the exception shape.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.code {
            ErrorCode::Named(name) => name.as_ref(),
            ErrorCode::InvalidParameter => "InvalidParameter",
            ErrorCode::MissingParameter => "MissingParameter",
        };
        write!(f, "{name}: {}", self.message)
    }
}

impl std::error::Error for ServiceError {}
