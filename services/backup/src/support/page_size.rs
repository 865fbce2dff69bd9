//! What every Backup listing in this crate shares: the page size and the error for a bad token.

use aws_pagination::PaginationError;
use emulator_core::ServiceError;

use crate::support::errors::invalid_parameter;

/// The page size when `MaxResults` is absent: the model's maximum.
const DEFAULT_PAGE_SIZE: usize = 1000;

/// The page size for `MaxResults` (the gateway has already checked the model's 1..=1000).
pub(crate) fn page_size(max_results: Option<i32>) -> usize {
    max_results
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// A token that is malformed, altered or issued for another listing.
pub(crate) fn token_error(error: PaginationError) -> ServiceError {
    invalid_parameter(format!("Invalid NextToken: {error}."))
}
