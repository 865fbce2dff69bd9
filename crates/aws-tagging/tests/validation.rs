//! `validate_tags` and `validate_keys` against every rule.

use aws_tagging::{validate_keys, validate_tags, AllowedCharacters, TagError, TagRules, Tags};

const RULES: TagRules = TagRules::AWS_DEFAULT;

const STRICT: TagRules = TagRules {
    allowed_characters: AllowedCharacters::AwsGeneral,
    ..TagRules::AWS_DEFAULT
};

fn one(key: &str, value: &str) -> Tags {
    Tags::from_iter([(key, value)])
}

#[test]
fn valid_tags_pass() {
    let tags = Tags::from_iter([("Name", "vault"), ("env", ""), ("cost-center", "42")]);
    assert_eq!(validate_tags(&RULES, &tags), Ok(()));
    assert_eq!(validate_tags(&STRICT, &tags), Ok(()));
    assert_eq!(validate_tags(&RULES, &Tags::new()), Ok(()));
}

#[test]
fn key_length_bounds_are_inclusive() {
    assert_eq!(validate_tags(&RULES, &one("k", "v")), Ok(()));
    assert_eq!(validate_tags(&RULES, &one(&"k".repeat(128), "v")), Ok(()));
    assert_eq!(
        validate_tags(&RULES, &one(&"k".repeat(129), "v")),
        Err(TagError::KeyLength {
            key: "k".repeat(129),
            min: 1,
            max: 128
        })
    );
    assert_eq!(
        validate_tags(&RULES, &one("", "v")),
        Err(TagError::KeyLength {
            key: String::new(),
            min: 1,
            max: 128
        })
    );
}

#[test]
fn value_length_bounds_are_inclusive() {
    assert_eq!(validate_tags(&RULES, &one("k", "")), Ok(()));
    assert_eq!(validate_tags(&RULES, &one("k", &"v".repeat(256))), Ok(()));
    assert_eq!(
        validate_tags(&RULES, &one("k", &"v".repeat(257))),
        Err(TagError::ValueLength {
            key: "k".into(),
            max: 256
        })
    );
}

#[test]
fn lengths_count_characters_not_bytes() {
    // 128 three-byte characters are 384 bytes but still a valid key.
    let key = "東".repeat(128);
    let value = "é".repeat(256);
    assert_eq!(validate_tags(&STRICT, &one(&key, &value)), Ok(()));
    assert!(matches!(
        validate_tags(&RULES, &one(&"東".repeat(129), "v")),
        Err(TagError::KeyLength { .. })
    ));
    assert!(matches!(
        validate_tags(&RULES, &one("k", &"é".repeat(257))),
        Err(TagError::ValueLength { .. })
    ));
}

#[test]
fn count_limit_is_inclusive() {
    let fifty: Tags = (0..50).map(|i| (format!("k{i}"), "v")).collect();
    assert_eq!(validate_tags(&RULES, &fifty), Ok(()));
    let fifty_one: Tags = (0..51).map(|i| (format!("k{i}"), "v")).collect();
    assert_eq!(
        validate_tags(&RULES, &fifty_one),
        Err(TagError::TooManyTags { max: 50, count: 51 })
    );
}

#[test]
fn reserved_prefix_rejected_in_any_case() {
    for key in ["aws:createdBy", "AWS:x", "Aws:x"] {
        assert_eq!(
            validate_tags(&RULES, &one(key, "v")),
            Err(TagError::ReservedKeyPrefix { key: key.into() })
        );
    }
    assert_eq!(validate_tags(&RULES, &one("awsome", "v")), Ok(()));
    assert_eq!(validate_tags(&RULES, &one("my:aws:x", "v")), Ok(()));
}

#[test]
fn reserved_prefix_allowed_when_rules_say_so() {
    let rules = TagRules {
        reserve_aws_prefix: false,
        ..RULES
    };
    assert_eq!(validate_tags(&rules, &one("aws:x", "v")), Ok(()));
}

#[test]
fn character_check_applies_to_keys_and_values_only_when_enabled() {
    assert_eq!(
        validate_tags(&STRICT, &one("bad*key", "v")),
        Err(TagError::KeyCharacters {
            key: "bad*key".into()
        })
    );
    assert_eq!(
        validate_tags(&STRICT, &one("k", "bad\nvalue")),
        Err(TagError::ValueCharacters {
            key: "k".into(),
            value: "bad\nvalue".into()
        })
    );
    assert_eq!(validate_tags(&RULES, &one("bad*key", "bad\nvalue")), Ok(()));
}

#[test]
fn first_bad_key_in_key_order_is_reported() {
    let tags = Tags::from_iter([("z", "v"), ("b*", "v"), ("a*", "v")]);
    assert_eq!(
        validate_tags(&STRICT, &tags),
        Err(TagError::KeyCharacters { key: "a*".into() })
    );
}

#[test]
fn custom_limits_are_honoured() {
    let rules = TagRules {
        max_tags: 2,
        key_min_len: 3,
        key_max_len: 5,
        value_max_len: 1,
        ..RULES
    };
    assert!(matches!(
        validate_tags(&rules, &one("ab", "v")),
        Err(TagError::KeyLength { min: 3, max: 5, .. })
    ));
    assert!(matches!(
        validate_tags(&rules, &one("abc", "vv")),
        Err(TagError::ValueLength { max: 1, .. })
    ));
    let three = Tags::from_iter([("abc", ""), ("abd", ""), ("abe", "")]);
    assert_eq!(
        validate_tags(&rules, &three),
        Err(TagError::TooManyTags { max: 2, count: 3 })
    );
}

#[test]
fn keys_are_checked_for_length_prefix_and_characters() {
    let keys = |ks: &[&str]| ks.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    assert_eq!(validate_keys(&STRICT, &keys(&["a", "b c"])), Ok(()));
    assert_eq!(validate_keys(&STRICT, &[]), Ok(()));
    assert!(matches!(
        validate_keys(&STRICT, &keys(&["ok", ""])),
        Err(TagError::KeyLength { .. })
    ));
    assert_eq!(
        validate_keys(&STRICT, &keys(&["AWS:x"])),
        Err(TagError::ReservedKeyPrefix {
            key: "AWS:x".into()
        })
    );
    assert_eq!(
        validate_keys(&STRICT, &keys(&["a#"])),
        Err(TagError::KeyCharacters { key: "a#".into() })
    );
}

#[test]
fn many_keys_to_remove_are_not_limited_by_count() {
    let keys: Vec<String> = (0..500).map(|i| format!("k{i}")).collect();
    assert_eq!(validate_keys(&RULES, &keys), Ok(()));
}
