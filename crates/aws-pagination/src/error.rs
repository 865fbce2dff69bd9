//! The error type for rejected pagination requests.

use std::fmt;

/// Why a page could not be produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaginationError {
    /// The requested page size was zero.
    InvalidMaxResults,
    /// The token is not one this crate produced, or was altered.
    InvalidToken,
    /// The token is genuine but was issued for a different listing (other
    /// scope or sort order).
    TokenScopeMismatch,
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PaginationError::InvalidMaxResults => "MaxResults must be at least 1",
            PaginationError::InvalidToken => "The pagination token is invalid",
            PaginationError::TokenScopeMismatch => {
                "The pagination token was issued for a different request"
            }
        })
    }
}

impl std::error::Error for PaginationError {}

impl PaginationError {
    /// The service's answer to this error: `bad_page_size` for a `MaxResults` it refuses,
    /// `bad_token` for a `NextToken` it refuses. Each service picks its own exceptions and
    /// messages; which errors are which is decided here, once, for every service.
    pub fn answer<E>(
        self,
        bad_page_size: impl FnOnce(Self) -> E,
        bad_token: impl FnOnce(Self) -> E,
    ) -> E {
        match self {
            PaginationError::InvalidMaxResults => bad_page_size(self),
            PaginationError::InvalidToken | PaginationError::TokenScopeMismatch => bad_token(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PaginationError;

    #[test]
    fn messages_are_human_readable() {
        assert_eq!(
            PaginationError::InvalidMaxResults.to_string(),
            "MaxResults must be at least 1"
        );
        assert_eq!(
            PaginationError::InvalidToken.to_string(),
            "The pagination token is invalid"
        );
        assert_eq!(
            PaginationError::TokenScopeMismatch.to_string(),
            "The pagination token was issued for a different request"
        );
    }

    #[test]
    fn answers_tell_page_sizes_from_tokens() {
        let answer = |e: PaginationError| e.answer(|_| "size", |_| "token");
        assert_eq!(answer(PaginationError::InvalidMaxResults), "size");
        assert_eq!(answer(PaginationError::InvalidToken), "token");
        assert_eq!(answer(PaginationError::TokenScopeMismatch), "token");
    }
}
