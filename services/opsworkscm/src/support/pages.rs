//! `MaxResults` and `NextToken` for the Describe and List operations, over `aws-pagination`.

use aws_pagination::PaginationError;
use emulator_core::ServiceError;

use crate::support::errors;

/// The page size a request asks for; without `MaxResults`, everything in one page.
pub fn page_size(max_results: Option<i32>) -> usize {
    max_results
        .and_then(|max| usize::try_from(max).ok())
        .filter(|max| *max > 0)
        .unwrap_or(usize::MAX)
}

/// A bad token, as the Describe operations report it (`InvalidNextTokenException`).
pub fn invalid_token(err: PaginationError) -> ServiceError {
    err.answer(
        |err| errors::validation(err.to_string()),
        |err| errors::invalid_next_token(err.to_string()),
    )
}
