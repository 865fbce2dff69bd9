//! Backup's answer to a bad pagination request.

use aws_pagination::PaginationError;
use emulator_core::ServiceError;

use crate::support::errors::invalid_parameter;

/// The `InvalidParameterValueException` AWS gives for a token it did not issue (or issued for
/// another listing) and for a zero page size.
pub fn error(err: &PaginationError) -> ServiceError {
    err.answer(
        |_| invalid_parameter("MaxResults must be greater than 0"),
        |_| invalid_parameter("The NextToken is invalid"),
    )
}
