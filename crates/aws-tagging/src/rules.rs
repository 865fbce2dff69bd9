//! The limits a service enforces on tags.

/// Which characters tag keys and values may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowedCharacters {
    /// No character restriction (some services accept any UTF-8).
    Any,
    /// AWS's general tag rule: Unicode letters and digits, whitespace, and
    /// `_ . : / = + - @`.
    AwsGeneral,
}

impl AllowedCharacters {
    /// Whether every character of `text` is allowed.
    pub fn allows(self, text: &str) -> bool {
        match self {
            AllowedCharacters::Any => true,
            AllowedCharacters::AwsGeneral => text.chars().all(is_aws_general_char),
        }
    }
}

/// Mirrors AWS's `[\p{L}\p{Z}\p{N}_.:/=+\-@]`: control characters such as
/// tab and newline count as whitespace to Rust but not as separators
/// (`\p{Z}`) to AWS, so they are excluded.
fn is_aws_general_char(c: char) -> bool {
    c.is_alphanumeric()
        || (c.is_whitespace() && !c.is_control())
        || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

/// The tagging limits of one service. Lengths count Unicode scalar values
/// (characters), not bytes.
///
/// Services with different limits start from [`TagRules::AWS_DEFAULT`] and
/// override fields with struct-update syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagRules {
    /// Most tags one resource may carry, counted after a merge.
    pub max_tags: usize,
    /// Shortest allowed key, in characters.
    pub key_min_len: usize,
    /// Longest allowed key, in characters.
    pub key_max_len: usize,
    /// Longest allowed value, in characters; values may always be empty.
    pub value_max_len: usize,
    /// Character restriction applied to keys and values.
    pub allowed_characters: AllowedCharacters,
    /// Whether users are forbidden to write or delete keys starting with
    /// `aws:` in any letter case.
    pub reserve_aws_prefix: bool,
}

impl TagRules {
    /// AWS's general limits: 50 tags per resource, keys of 1 to 128
    /// characters, values of 0 to 256 characters, `aws:` reserved.
    ///
    /// No character check, because many services (AWS Backup among them)
    /// do not enforce one on input; opt in with
    /// [`AllowedCharacters::AwsGeneral`].
    pub const AWS_DEFAULT: TagRules = TagRules {
        max_tags: 50,
        key_min_len: 1,
        key_max_len: 128,
        value_max_len: 256,
        allowed_characters: AllowedCharacters::Any,
        reserve_aws_prefix: true,
    };

    /// Whether `key` falls under the reserved `aws:` prefix for these rules.
    pub fn is_reserved_key(&self, key: &str) -> bool {
        self.reserve_aws_prefix
            && key
                .as_bytes()
                .get(..4)
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(b"aws:"))
    }
}

impl Default for TagRules {
    fn default() -> Self {
        TagRules::AWS_DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_characters_accept_the_documented_set() {
        let rule = AllowedCharacters::AwsGeneral;
        assert!(rule.allows("Cost Center_1.a:b/c=d+e-f@g"));
        assert!(rule.allows("équipe Δ 東京 ٣"));
        assert!(rule.allows("non\u{a0}breaking space"));
        assert!(rule.allows(""));
    }

    #[test]
    fn general_characters_reject_other_symbols_and_controls() {
        let rule = AllowedCharacters::AwsGeneral;
        for bad in [
            "a*b",
            "a#b",
            "a,b",
            "a\tb",
            "a\nb",
            "a\u{0}b",
            "emoji🦀",
            "a$b",
            "a%b",
        ] {
            assert!(!rule.allows(bad), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn any_accepts_everything() {
        assert!(AllowedCharacters::Any.allows("a*b\t🦀\u{0}"));
    }

    #[test]
    fn reserved_prefix_is_case_insensitive() {
        let rules = TagRules::AWS_DEFAULT;
        for key in ["aws:x", "AWS:x", "Aws:", "aWs:cloudformation:stack-name"] {
            assert!(rules.is_reserved_key(key), "{key}");
        }
        for key in ["aws", "aws-x", "awsx:y", "my:aws:x", "", "aw", "ä:ws"] {
            assert!(!rules.is_reserved_key(key), "{key}");
        }
    }

    #[test]
    fn reserved_prefix_can_be_disabled() {
        let rules = TagRules {
            reserve_aws_prefix: false,
            ..TagRules::AWS_DEFAULT
        };
        assert!(!rules.is_reserved_key("aws:x"));
    }

    #[test]
    fn default_matches_aws_general_limits() {
        let rules = TagRules::default();
        assert_eq!(rules.max_tags, 50);
        assert_eq!((rules.key_min_len, rules.key_max_len), (1, 128));
        assert_eq!(rules.value_max_len, 256);
        assert!(rules.reserve_aws_prefix);
    }
}
