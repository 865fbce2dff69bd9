//! OpsWorks CM's exceptions, as values. The gateway maps them to the wire (HTTP 400, the
//! exception name in `x-amzn-ErrorType` and `__type`, and the message). Every name comes
//! from the model's [`Exception`] enum (`api/generated.rs`), so a misspelt or unmodelled
//! exception does not compile.

use emulator_core::ServiceError;

use crate::api::generated::Exception;

/// `ValidationException`: a parameter is not valid.
pub fn validation(message: impl Into<String>) -> ServiceError {
    Exception::ValidationException.error(message)
}

/// `ResourceNotFoundException`: no such server, backup or association token.
pub fn not_found(message: impl Into<String>) -> ServiceError {
    Exception::ResourceNotFoundException.error(message)
}

/// `InvalidStateException`: the resource's state does not allow the action.
pub fn invalid_state(message: impl Into<String>) -> ServiceError {
    Exception::InvalidStateException.error(message)
}

/// `LimitExceededException`: the server or manual backup limit is reached.
pub fn limit_exceeded(message: impl Into<String>) -> ServiceError {
    Exception::LimitExceededException.error(message)
}

/// `ResourceAlreadyExistsException`: a server of that name exists.
pub fn already_exists(message: impl Into<String>) -> ServiceError {
    Exception::ResourceAlreadyExistsException.error(message)
}

/// `InvalidNextTokenException`: the `NextToken` was not issued for this listing.
pub fn invalid_next_token(message: impl Into<String>) -> ServiceError {
    Exception::InvalidNextTokenException.error(message)
}

/// The server named `name` does not exist.
pub fn server_not_found(name: &str) -> ServiceError {
    not_found(format!("There is no server with the name '{name}'."))
}

/// The backup `id` does not exist.
pub fn backup_not_found(id: &str) -> ServiceError {
    not_found(format!("There is no backup with the id '{id}'."))
}
