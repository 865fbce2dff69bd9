//! Identifiers as AWS shows them.

/// A job id as AWS shows them: an upper-case UUID.
pub fn upper_uuid() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

/// `count` random lower-case hex digits, for resource ids such as `vol-0123…`.
pub fn random_hex(count: usize) -> String {
    let mut hex = String::with_capacity(count);
    while hex.len() < count {
        hex.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    hex.truncate(count);
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_hex_has_the_asked_length_and_alphabet() {
        for count in [0, 8, 17, 40] {
            let hex = random_hex(count);
            assert_eq!(hex.len(), count);
            assert!(hex
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        }
    }
}
