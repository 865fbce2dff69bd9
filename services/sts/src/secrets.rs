//! Random identifiers in AWS's shapes: temporary access key ids (`ASIA` + 16 base32
//! characters), 40-character secrets, session tokens, and stable role ids (`AROA` + 17).

use base64::Engine;
use sha2::{Digest, Sha256};

/// AWS's access key id alphabet (upper-case base32).
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn random_bytes(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 16);
    while out.len() < len {
        out.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    }
    out.truncate(len);
    out
}

fn base32(bytes: &[u8], len: usize) -> String {
    bytes
        .iter()
        .take(len)
        .map(|b| BASE32[usize::from(*b) % 32] as char)
        .collect()
}

/// A fresh temporary access key id: `ASIA` and 16 characters.
pub fn temporary_access_key_id() -> String {
    format!("ASIA{}", base32(&random_bytes(16), 16))
}

/// A fresh 40-character secret access key.
pub fn secret_access_key() -> String {
    base64::engine::general_purpose::STANDARD.encode(random_bytes(30))
}

/// A fresh session token (AWS's are opaque base64 of a few hundred characters).
pub fn session_token() -> String {
    format!(
        "FwoGZXIvYXdzE{}",
        base64::engine::general_purpose::STANDARD.encode(random_bytes(192))
    )
}

/// The unique id of a role (`AROA` and 17 characters): derived from its ARN, so the same role
/// keeps its id across sessions and restarts, as a real role does.
pub fn role_id(role_arn: &str) -> String {
    format!("AROA{}", base32(&Sha256::digest(role_arn.as_bytes()), 17))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_have_aws_shapes() {
        let key = temporary_access_key_id();
        assert_eq!(key.len(), 20);
        assert!(key.starts_with("ASIA"));
        assert!(key.bytes().all(|b| BASE32.contains(&b)));
        assert_ne!(key, temporary_access_key_id());
        assert_eq!(secret_access_key().len(), 40);
        assert!(session_token().len() > 200);
        let role = role_id("arn:aws:iam::111122223333:role/demo");
        assert_eq!(role.len(), 21);
        assert_eq!(role, role_id("arn:aws:iam::111122223333:role/demo"));
        assert_ne!(role, role_id("arn:aws:iam::111122223333:role/other"));
    }
}
