//! `CreatorRequestId`, the idempotency string of the Create* operations: 1 to 50 alphanumeric
//! or `-_.` characters (AWS Backup API reference; the model gives the member no bounds).

use emulator_core::ServiceError;

use crate::support::errors::invalid_parameter;

/// The longest `CreatorRequestId` AWS accepts.
pub const MAX_LENGTH: usize = 50;

/// Refuses a `CreatorRequestId` AWS refuses. The message does not repeat the value, which may
/// be megabytes long.
pub fn check(id: Option<&str>) -> Result<(), ServiceError> {
    let Some(id) = id else {
        return Ok(());
    };
    let valid = (1..=MAX_LENGTH).contains(&id.len())
        && id
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
    if valid {
        Ok(())
    } else {
        Err(invalid_parameter(
            "Invalid CreatorRequestId. It must contain 1 to 50 alphanumeric or '-_.' characters.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn one_to_fifty_plain_characters() {
        assert!(check(None).is_ok());
        assert!(check(Some("a-b_c.1")).is_ok());
        assert!(check(Some(&"x".repeat(50))).is_ok());
        assert!(check(Some("")).is_err());
        assert!(check(Some(&"x".repeat(51))).is_err());
        assert!(check(Some("a b")).is_err());
        assert!(check(Some("é")).is_err());
        let long = "x".repeat(1_000_000);
        assert!(check(Some(&long)).unwrap_err().message().len() < 200);
    }
}
