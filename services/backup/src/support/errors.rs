//! AWS Backup's exceptions, as values. The gateway maps them to the wire (HTTP 400, the
//! exception name in `x-amzn-ErrorType` and `__type`, and the modelled `Code`/`Message`/`Type`).
//! Every name comes from the model's [`Exception`] enum (`api/generated.rs`), so a misspelt or
//! unmodelled exception does not compile.

use emulator_core::{ServiceError, ValidationErrorNames};

use crate::api::generated::Exception;

/// The exceptions the gateway answers for inputs that break the model's constraints: Backup
/// names them `InvalidParameterValueException` and `MissingParameterValueException`.
pub const VALIDATION_ERRORS: ValidationErrorNames = ValidationErrorNames {
    invalid: Exception::InvalidParameterValueException.name(),
    missing: Exception::MissingParameterValueException.name(),
};

/// `ResourceNotFoundException`.
pub fn not_found(message: impl Into<String>) -> ServiceError {
    Exception::ResourceNotFoundException.error(message)
}

/// `AccessDeniedException` (HTTP 403), which Backup's model does not list: AWS answers it for
/// reads of a vault that does not exist (`missing_vault.rs`), with this message.
pub fn access_denied() -> ServiceError {
    ServiceError::new(
        "AccessDeniedException",
        "Insufficient privileges to perform this action.",
    )
    .with_status(403)
}

/// `AlreadyExistsException`, with the modelled `Arn` and `CreatorRequestId` members when known.
pub fn already_exists(
    message: impl Into<String>,
    arn: Option<&str>,
    creator_request_id: Option<&str>,
) -> ServiceError {
    let mut error = Exception::AlreadyExistsException.error(message);
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
    Exception::InvalidRequestException.error(message)
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
    Exception::LimitExceededException.error(message)
}

/// `InvalidResourceStateException`: AWS Backup is already acting on the resource (a legal hold
/// being cancelled, or cancelled already).
pub fn invalid_resource_state(message: impl Into<String>) -> ServiceError {
    Exception::InvalidResourceStateException.error(message)
}

/// `ConflictException`: AWS Backup is still carrying out an earlier action on the resource.
pub fn conflict(message: impl Into<String>) -> ServiceError {
    Exception::ConflictException.error(message)
}
