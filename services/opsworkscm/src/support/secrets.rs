//! Plausible generated credentials and identifiers: admin passwords, PEM blocks, random ids.
//!
//! Nothing here is real cryptography: an emulated server never checks a key. The values have
//! the shape clients expect (a password that passes AWS's rules, a PEM block that tools can
//! split and store), from the operating system's random source.

use base64::Engine as _;

/// Random bytes from the operating system (through `uuid`, already a dependency).
fn random_bytes(len: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(len + 16);
    while bytes.len() < len {
        bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// A random 32-bit number.
pub fn random_u32() -> u32 {
    let bytes = random_bytes(4);
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// A random unique id (`8-4-4-4-12` hex), as AWS uses in server ARNs.
pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `len` random characters from `alphabet` (ASCII).
pub fn random_from(alphabet: &[u8], len: usize) -> String {
    random_bytes(len)
        .into_iter()
        .map(|byte| char::from(alphabet[usize::from(byte) % alphabet.len()]))
        .collect()
}

const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS: &[u8] = b"23456789";
/// The special characters AWS allows in a Chef Automate admin password.
pub const PASSWORD_SPECIALS: &str = "!/@#$%^&+=_";

/// A 16-character admin password with at least one lower-case letter, upper-case letter,
/// digit and special character, which satisfies both the Chef Automate and the Puppet
/// Enterprise rules.
pub fn admin_password() -> String {
    let specials = PASSWORD_SPECIALS.as_bytes();
    let all: Vec<u8> = [LOWER, UPPER, DIGITS, specials].concat();
    let mut password: Vec<char> = [
        random_from(LOWER, 1),
        random_from(UPPER, 1),
        random_from(DIGITS, 1),
        random_from(specials, 1),
        random_from(&all, 12),
    ]
    .concat()
    .chars()
    .collect();
    // Shuffle so the required classes do not always lead.
    for (i, byte) in random_bytes(password.len()).into_iter().enumerate().rev() {
        password.swap(i, usize::from(byte) % (i + 1));
    }
    password.into_iter().collect()
}

/// A PEM block labelled `label` holding `len` random bytes, in 64-column lines.
pub fn pem(label: &str, len: usize) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(random_bytes(len));
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|line| std::str::from_utf8(line).unwrap_or_default())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// Standard base64, as the API returns exported attributes and starter kits.
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_passwords_have_every_required_class() {
        for _ in 0..100 {
            let password = admin_password();
            assert_eq!(password.len(), 16);
            assert!(
                password.chars().any(|c| c.is_ascii_lowercase()),
                "{password}"
            );
            assert!(
                password.chars().any(|c| c.is_ascii_uppercase()),
                "{password}"
            );
            assert!(password.chars().any(|c| c.is_ascii_digit()), "{password}");
            assert!(
                password.chars().any(|c| PASSWORD_SPECIALS.contains(c)),
                "{password}"
            );
        }
        assert_ne!(admin_password(), admin_password());
    }

    #[test]
    fn pem_blocks_are_labelled_base64_lines() {
        let block = pem("RSA PRIVATE KEY", 1190);
        let lines: Vec<&str> = block.lines().collect();
        assert_eq!(lines.first(), Some(&"-----BEGIN RSA PRIVATE KEY-----"));
        assert_eq!(lines.last(), Some(&"-----END RSA PRIVATE KEY-----"));
        assert!(lines[1..lines.len() - 1]
            .iter()
            .all(|line| line.len() <= 64));
        let body: String = lines[1..lines.len() - 1].concat();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        assert_eq!(decoded.len(), 1190);
    }
}
