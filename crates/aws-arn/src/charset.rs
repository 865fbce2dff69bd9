//! Character-set checks shared by the ARN components.

/// True when `s` is non-empty and made only of ASCII lowercase letters,
/// digits and `-`, the alphabet AWS uses for partitions, service
/// namespaces and region names.
pub(crate) fn is_lowercase_label(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::is_lowercase_label;

    #[test]
    fn accepts_lowercase_digits_and_dashes() {
        assert!(is_lowercase_label("us-east-1"));
        assert!(is_lowercase_label("s3-object-lambda"));
        assert!(is_lowercase_label("a"));
    }

    #[test]
    fn rejects_empty_uppercase_and_other_symbols() {
        assert!(!is_lowercase_label(""));
        assert!(!is_lowercase_label("US-EAST-1"));
        assert!(!is_lowercase_label("us_east_1"));
        assert!(!is_lowercase_label("us east"));
        assert!(!is_lowercase_label("é"));
    }
}
