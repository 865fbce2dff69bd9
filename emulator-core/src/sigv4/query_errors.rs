//! Strict-mode failures as awsQuery services (STS, IAM) name them: codes without the
//! `Exception` suffix, HTTP 403 (`IncompleteSignature` 400).

use super::verify::{AuthError, SIGNATURE_MISMATCH, UNRECOGNIZED_CLIENT};
use crate::ServiceError;

/// The awsQuery error for a failed verification.
pub(super) fn auth_error(error: &AuthError) -> ServiceError {
    let (code, message, status) = match error {
        AuthError::Missing => (
            "MissingAuthenticationToken",
            "Request is missing Authentication Token".to_owned(),
            403,
        ),
        AuthError::Incomplete(message) => ("IncompleteSignature", message.clone(), 400),
        AuthError::UnknownAccessKey => (
            "InvalidClientTokenId",
            UNRECOGNIZED_CLIENT.to_owned(),
            403,
        ),
        AuthError::Mismatch {
            canonical_request,
            string_to_sign,
        } => (
            "SignatureDoesNotMatch",
            format!(
                "{SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'{canonical_request}'\n\nThe String-to-Sign should have been\n'{string_to_sign}'\n"
            ),
            403,
        ),
        AuthError::Expired(message) | AuthError::Unsupported(message) => {
            ("SignatureDoesNotMatch", message.clone(), 403)
        }
        AuthError::ContentSha256Mismatch => (
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed."
                .to_owned(),
            400,
        ),
    };
    ServiceError::new(code, message).with_status(status)
}
