//! STS's exceptions, as values. The gateway writes them as awsQuery errors: the model's
//! `error.code` and status for modelled exceptions (`MalformedPolicyDocumentException` goes out
//! as `MalformedPolicyDocument`), the name itself for AWS's common errors.

use emulator_core::ServiceError;

/// `ValidationError` (HTTP 400): a parameter breaks a rule the model cannot express.
pub fn validation(message: impl Into<String>) -> ServiceError {
    ServiceError::new("ValidationError", message)
}

/// `ValidationError` worded as AWS's constraint failures are, for `path` holding `value`.
pub fn constraint(value: &str, path: &str, constraint: &str) -> ServiceError {
    validation(format!(
        "1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: {constraint}"
    ))
}

/// `AccessDenied` (HTTP 403).
pub fn access_denied(message: impl Into<String>) -> ServiceError {
    ServiceError::new("AccessDenied", message).with_status(403)
}

/// `MalformedPolicyDocument`: a session policy that is not a JSON policy document.
pub fn malformed_policy(message: impl Into<String>) -> ServiceError {
    ServiceError::new("MalformedPolicyDocumentException", message)
}

/// `PackedPolicyTooLarge`: session policies and tags exceed the packed size limit.
pub fn packed_policy_too_large(percent: u32) -> ServiceError {
    ServiceError::new(
        "PackedPolicyTooLargeException",
        format!("Packed policy consumes {percent}% of allotted space, please use smaller policy."),
    )
}

/// `InvalidIdentityToken`: a web identity token or SAML assertion that is not well-formed.
pub fn invalid_identity_token(message: impl Into<String>) -> ServiceError {
    ServiceError::new("InvalidIdentityTokenException", message)
}

/// `ExpiredTokenException`: a web identity token past its `exp`.
pub fn expired_token(message: impl Into<String>) -> ServiceError {
    ServiceError::new("ExpiredTokenException", message)
}

/// `InvalidAuthorizationMessageException`: an encoded message this gateway did not issue.
pub fn invalid_authorization_message() -> ServiceError {
    ServiceError::new(
        "InvalidAuthorizationMessageException",
        "The encoded authorization message is invalid: this emulator did not issue it.",
    )
}

#[cfg(test)]
mod tests {
    use emulator_core::model::{Model, ShapeKind};

    use super::*;

    /// AWS's common query errors, which no model lists.
    const COMMON: &[&str] = &["ValidationError", "AccessDenied"];

    #[test]
    fn every_exception_is_modelled_or_a_common_error() {
        let model = Model::parse(crate::MODEL_JSON).unwrap();
        for error in [
            validation("m"),
            constraint("v", "p", "c"),
            access_denied("m"),
            malformed_policy("m"),
            packed_policy_too_large(120),
            invalid_identity_token("m"),
            expired_token("m"),
            invalid_authorization_message(),
        ] {
            let name = error.code_name(&crate::VALIDATION_ERRORS);
            let modelled = model.shape_named(name).is_some_and(|shape| {
                matches!(
                    shape.kind,
                    ShapeKind::Structure {
                        exception: true,
                        ..
                    }
                )
            });
            assert!(modelled || COMMON.contains(&name), "{name}");
        }
    }
}
