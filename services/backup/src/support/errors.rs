//! AWS Backup's exceptions, as values. The gateway maps them to the wire (HTTP 400, the
//! exception name in `x-amzn-ErrorType` and `__type`, and the modelled `Code`/`Message`/`Type`).

use emulator_core::{ServiceError, ValidationErrorNames};

/// The exceptions the gateway answers for inputs that break the model's constraints: Backup
/// names them `InvalidParameterValueException` and `MissingParameterValueException`.
pub const VALIDATION_ERRORS: ValidationErrorNames = ValidationErrorNames {
    invalid: "InvalidParameterValueException",
    missing: "MissingParameterValueException",
};

/// `ResourceNotFoundException`.
pub fn not_found(message: impl Into<String>) -> ServiceError {
    ServiceError::new("ResourceNotFoundException", message)
}

/// `AlreadyExistsException`, with the modelled `Arn` and `CreatorRequestId` members when known.
pub fn already_exists(
    message: impl Into<String>,
    arn: Option<&str>,
    creator_request_id: Option<&str>,
) -> ServiceError {
    let mut error = ServiceError::new("AlreadyExistsException", message);
    if let Some(arn) = arn {
        error = error.with_field("Arn", arn);
    }
    if let Some(id) = creator_request_id {
        error = error.with_field("CreatorRequestId", id);
    }
    error
}

/// `InvalidRequestException`: the request is well formed but not allowed in the current state.
pub fn invalid_request(message: impl Into<String>) -> ServiceError {
    ServiceError::new("InvalidRequestException", message)
}

/// `InvalidParameterValueException`.
pub fn invalid_parameter(message: impl Into<String>) -> ServiceError {
    ServiceError::invalid_parameter(message)
}

/// `MissingParameterValueException`.
pub fn missing_parameter(message: impl Into<String>) -> ServiceError {
    ServiceError::missing_parameter(message)
}

/// `LimitExceededException`.
pub fn limit_exceeded(message: impl Into<String>) -> ServiceError {
    ServiceError::new("LimitExceededException", message)
}

/// `InvalidResourceStateException`: AWS Backup is already acting on the resource (a legal hold
/// being cancelled, or cancelled already).
pub fn invalid_resource_state(message: impl Into<String>) -> ServiceError {
    ServiceError::new("InvalidResourceStateException", message)
}

/// `ConflictException`: AWS Backup is still carrying out an earlier action on the resource.
pub fn conflict(message: impl Into<String>) -> ServiceError {
    ServiceError::new("ConflictException", message)
}
