//! Turning model names (shape, member, operation and enum value names) into Rust identifiers,
//! and resolving the collisions that can follow.

use std::collections::{BTreeMap, BTreeSet};

/// Rust keywords (strict, reserved and edition-dependent) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names a generated file must not define: the standard prelude, the names it imports
/// and `Self`. A shape whose name is one of these gets a `Shape` suffix.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "BTreeMap",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "RequestContext",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "ServiceError",
    "Sized",
    "Some",
    "String",
    "Sync",
    "Timestamp",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Splits a name into words at separators, lower-to-upper case changes, the end of an acronym
/// (`SNSTopic` is `SNS` `Topic`) and a letter after digits (`S3Bucket` is `S3` `Bucket`).
/// Digits stay with the letters before them. Anything but ASCII letters and digits separates.
pub(crate) fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev) = current.chars().last().as_ref() {
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let boundary = c.is_ascii_uppercase()
                && (prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_is_lower));
            if boundary {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `BackupVaultName` → `backup_vault_name`, `SNSTopicArn` → `sns_topic_arn`. Not yet checked
/// against keywords: see [`field_ident`].
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `BACKUP_JOB_STARTED` → `BackupJobStarted`, `us-east-1` → `UsEast1`, `1.0` → `V1_0`.
/// Words are capitalized with the rest lowercased; an underscore separates two digit runs so
/// that `1.0` and `10` stay apart.
pub(crate) fn pascal_case(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let starts_with_digit = word.starts_with(|c: char| c.is_ascii_digit());
        if starts_with_digit && out.ends_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// A shape name as a Rust type name: kept as is when it already is an UpperCamelCase
/// identifier that clippy accepts (not an all-capitals acronym such as `ARN`), otherwise
/// converted with [`pascal_case`].
pub(crate) fn type_name(shape: &str) -> String {
    let mut chars = shape.chars();
    let camel = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric());
    let acronym = shape.len() > 2 && shape.chars().all(|c| c.is_ascii_uppercase());
    if camel && !acronym {
        shape.to_owned()
    } else {
        pascal_case(shape)
    }
}

/// A snake-case name made usable as a field or method identifier: keywords become raw
/// identifiers (`r#type`), or take a trailing underscore where Rust forbids that (`self_`).
pub(crate) fn field_ident(snake: &str) -> String {
    if NOT_RAW.contains(&snake) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake) {
        format!("r#{snake}")
    } else {
        snake.to_owned()
    }
}

/// Gives every key a distinct name, deterministically.
///
/// `wanted` maps keys (in the order that decides ties) to their preferred names. A key keeps
/// its preferred name when no other key wants it and it is not `reserved`; among keys wanting
/// the same free name a key equal to the name wins, otherwise the first. Every other key gets
/// `alternative(name, 1)`, then `alternative(name, 2)`... skipping names already given or
/// reserved.
pub(crate) fn assign_unique(
    wanted: &[(String, String)],
    reserved: &BTreeSet<String>,
    alternative: impl Fn(&str, usize) -> String,
) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = reserved.clone();
    let mut assigned = BTreeMap::new();
    let mut pending = Vec::new();
    let exact = wanted.iter().filter(|(key, name)| key == name);
    let others = wanted.iter().filter(|(key, name)| key != name);
    for (key, name) in exact.chain(others) {
        if taken.contains(name) {
            pending.push((key, name));
        } else {
            taken.insert(name.clone());
            assigned.insert(key.clone(), name.clone());
        }
    }
    for (key, name) in pending {
        let mut n = 1;
        let unique = loop {
            let candidate = alternative(name, n);
            if !taken.contains(&candidate) && !wanted_by_other(wanted, key, &candidate) {
                break candidate;
            }
            n += 1;
        };
        taken.insert(unique.clone());
        assigned.insert(key.clone(), unique);
    }
    assigned
}

/// `Name` → `NameShape`, `NameShape2`... for type names.
pub(crate) fn type_alternative(name: &str, n: usize) -> String {
    suffixed(name, "Shape", n)
}

/// `Name` → `NameValue`, `NameValue2`... for enum variants.
pub(crate) fn variant_alternative(name: &str, n: usize) -> String {
    suffixed(name, "Value", n)
}

/// `name` → `name_2`, `name_3`... for fields and methods.
pub(crate) fn snake_alternative(name: &str, n: usize) -> String {
    format!("{name}_{}", n + 1)
}

fn suffixed(name: &str, suffix: &str, n: usize) -> String {
    if n == 1 {
        format!("{name}{suffix}")
    } else {
        format!("{name}{suffix}{n}")
    }
}

/// Whether a key other than `key` prefers `name` (and so should keep it).
fn wanted_by_other(wanted: &[(String, String)], key: &str, name: &str) -> bool {
    wanted.iter().any(|(k, n)| k != key && n == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_handles_acronyms_and_digits() {
        assert_eq!(snake_case("BackupVaultName"), "backup_vault_name");
        assert_eq!(snake_case("BackupVaultArn"), "backup_vault_arn");
        assert_eq!(snake_case("ARN"), "arn");
        assert_eq!(snake_case("SNSTopicArn"), "sns_topic_arn");
        assert_eq!(
            snake_case("ManagedByAWSBackupOnly"),
            "managed_by_aws_backup_only"
        );
        assert_eq!(snake_case("S3BucketName"), "s3_bucket_name");
        assert_eq!(snake_case("Ec2InstanceId"), "ec2_instance_id");
        assert_eq!(snake_case("MaxResults"), "max_results");
        assert_eq!(snake_case("nextToken"), "next_token");
        assert_eq!(snake_case("IAMRoleARN"), "iam_role_arn");
        assert_eq!(snake_case("3DES"), "_3_des");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(field_ident(&snake_case("Type")), "r#type");
        assert_eq!(field_ident(&snake_case("Match")), "r#match");
        assert_eq!(field_ident(&snake_case("Self")), "self_");
        assert_eq!(field_ident(&snake_case("Crate")), "crate_");
        assert_eq!(field_ident(&snake_case("Name")), "name");
    }

    #[test]
    fn pascal_case_for_enum_values() {
        assert_eq!(pascal_case("BACKUP_JOB_STARTED"), "BackupJobStarted");
        assert_eq!(
            pascal_case("S3_BACKUP_OBJECT_FAILED"),
            "S3BackupObjectFailed"
        );
        assert_eq!(pascal_case("EC2"), "Ec2");
        assert_eq!(pascal_case("us-east-1"), "UsEast1");
        assert_eq!(pascal_case("ContinuousBackup"), "ContinuousBackup");
        assert_eq!(pascal_case("1.0"), "V1_0");
        assert_eq!(pascal_case("10"), "V10");
        assert_eq!(pascal_case("aws:backup"), "AwsBackup");
        assert_eq!(pascal_case(""), "Empty");
        assert_eq!(pascal_case("*"), "Empty");
    }

    #[test]
    fn type_names_keep_camel_case_and_fix_the_rest() {
        assert_eq!(
            type_name("CreateBackupVaultInput"),
            "CreateBackupVaultInput"
        );
        assert_eq!(type_name("KMSKeyArn"), "KMSKeyArn");
        assert_eq!(type_name("ARN"), "Arn");
        assert_eq!(type_name("S3"), "S3");
        assert_eq!(type_name("backup_vault"), "BackupVault");
        assert_eq!(type_name("string"), "String");
    }

    #[test]
    fn assign_unique_prefers_free_names_and_suffixes_the_rest() {
        let wanted: Vec<(String, String)> = [
            ("Option", "Option"),
            ("OptionShape", "OptionShape"),
            ("foo", "Foo"),
            ("Foo", "Foo"),
            ("Bar", "Bar"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let reserved: BTreeSet<String> = ["Option".to_string()].into();
        let got = assign_unique(&wanted, &reserved, type_alternative);
        assert_eq!(got["OptionShape"], "OptionShape");
        assert_eq!(got["Option"], "OptionShape2");
        assert_eq!(got["Foo"], "Foo");
        assert_eq!(got["foo"], "FooShape");
        assert_eq!(got["Bar"], "Bar");

        let fields: Vec<(String, String)> = [("Arn", "arn"), ("ARN", "arn")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let got = assign_unique(&fields, &BTreeSet::new(), snake_alternative);
        assert_eq!(got["Arn"], "arn");
        assert_eq!(got["ARN"], "arn_2");
    }
}
