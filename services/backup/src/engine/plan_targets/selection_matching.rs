//! Which resources a backup selection chooses, by AWS's rules (developer guide, "Assigning
//! resources programmatically"; API reference, `BackupSelection`, `Conditions`):
//!
//! - `Resources` lists ARNs, where `*` matches any run of characters (`arn:aws:ec2:*:*:volume/*`
//!   is every EBS volume, `*` alone is everything) and `?` one character;
//! - `ListOfTags` chooses resources carrying any one of its tags (OR), and adds to what
//!   `Resources` chooses (OR);
//! - `Conditions` narrow the result: a resource must pass every condition (AND), with
//!   `StringEquals` / `StringNotEquals` comparing a tag's value exactly and `StringLike` /
//!   `StringNotLike` with `*` and `?` wildcards, case-sensitively;
//! - `NotResources` (same wildcards) removes resources at the end.
//!
//! Condition keys name tags as `aws:ResourceTag/<key>` (the documented form; a service prefix
//! such as `ec2:ResourceTag/<key>` is read the same way) or as the bare key
//! (the form `ListOfTags` examples use); both are accepted in both lists. A negated condition on a
//! tag the resource does not carry passes, as negated IAM string operators do.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::generated::{BackupSelection, ConditionParameter};

use super::catalog::ResourceCatalog;

/// What precedes the tag's key in a condition key: `aws:ResourceTag/` (also seen with a
/// service prefix, as in `ec2:ResourceTag/Department`).
const RESOURCE_TAG_MARKER: &str = ":ResourceTag/";

/// Whether `pattern` (with `*` for any run of characters and `?` for one) matches all of `text`.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was, and where in `text` it currently stops matching.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                // Let the last `*` swallow one more character and retry from there.
                Some((star_p, star_t)) => {
                    star = Some((star_p, star_t + 1));
                    p = star_p + 1;
                    t = star_t + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// The tag a condition key names.
fn tag_key(condition_key: &str) -> &str {
    condition_key
        .split_once(RESOURCE_TAG_MARKER)
        .map_or(condition_key, |(_, key)| key)
}

fn any_pattern(patterns: Option<&Vec<String>>, arn: &str) -> bool {
    patterns
        .into_iter()
        .flatten()
        .any(|pattern| wildcard_match(pattern, arn))
}

/// `(key, value)` of a condition, or `None` when the model's optional members are missing (such
/// a condition selects nothing and excludes nothing).
fn parts(condition: &ConditionParameter) -> Option<(&str, &str)> {
    Some((
        tag_key(condition.condition_key.as_deref()?),
        condition.condition_value.as_deref()?,
    ))
}

fn all_conditions(selection: &BackupSelection, tags: &BTreeMap<String, String>) -> bool {
    let Some(conditions) = &selection.conditions else {
        return true;
    };
    let check = |list: &Option<Vec<ConditionParameter>>,
                 test: &dyn Fn(Option<&str>, &str) -> bool| {
        list.iter()
            .flatten()
            .filter_map(parts)
            .all(|(key, value)| test(tags.get(key).map(String::as_str), value))
    };
    check(&conditions.string_equals, &|tag, value| tag == Some(value))
        && check(&conditions.string_not_equals, &|tag, value| {
            tag != Some(value)
        })
        && check(&conditions.string_like, &|tag, value| {
            tag.is_some_and(|tag| wildcard_match(value, tag))
        })
        && check(&conditions.string_not_like, &|tag, value| {
            !tag.is_some_and(|tag| wildcard_match(value, tag))
        })
}

fn any_list_of_tags(selection: &BackupSelection, tags: &BTreeMap<String, String>) -> bool {
    selection.list_of_tags.iter().flatten().any(|condition| {
        tags.get(tag_key(&condition.condition_key)) == Some(&condition.condition_value)
    })
}

/// Whether `selection` chooses the resource `arn`, which carries `tags`.
pub fn selects(selection: &BackupSelection, arn: &str, tags: &BTreeMap<String, String>) -> bool {
    (any_pattern(selection.resources.as_ref(), arn) || any_list_of_tags(selection, tags))
        && all_conditions(selection, tags)
        && !any_pattern(selection.not_resources.as_ref(), arn)
}

/// Whether choosing needs every known resource, not only the ARNs the selection spells out.
fn needs_catalog(selection: &BackupSelection) -> bool {
    selection
        .list_of_tags
        .as_ref()
        .is_some_and(|l| !l.is_empty())
        || selection
            .resources
            .iter()
            .flatten()
            .any(|r| has_wildcard(r))
}

/// The resources `selection` chooses, in ARN order: its explicit ARNs and, when it has wildcards
/// or tags, every resource of `catalog`, each kept if [`selects`] says so.
pub fn chosen(selection: &BackupSelection, catalog: &dyn ResourceCatalog) -> Vec<String> {
    let mut candidates: BTreeSet<String> = selection
        .resources
        .iter()
        .flatten()
        .filter(|arn| !has_wildcard(arn))
        .cloned()
        .collect();
    if needs_catalog(selection) {
        candidates.extend(catalog.resources());
    }
    let no_tags = BTreeMap::new();
    candidates
        .into_iter()
        .filter(|arn| selects(selection, arn, catalog.tags(arn).unwrap_or(&no_tags)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{Condition, ConditionType, Conditions};

    const VOL_1: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";
    const VOL_2: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-2";
    const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";

    fn selection() -> BackupSelection {
        BackupSelection {
            selection_name: "s".into(),
            iam_role_arn: "arn:aws:iam::111122223333:role/backup".into(),
            ..Default::default()
        }
    }

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn param(key: &str, value: &str) -> ConditionParameter {
        ConditionParameter {
            condition_key: Some(key.into()),
            condition_value: Some(value.into()),
        }
    }

    struct Fixed(Vec<(&'static str, BTreeMap<String, String>)>);

    impl ResourceCatalog for Fixed {
        fn resources(&self) -> Vec<String> {
            self.0.iter().map(|(arn, _)| (*arn).to_owned()).collect()
        }
        fn tags(&self, arn: &str) -> Option<&BTreeMap<String, String>> {
            self.0.iter().find(|(a, _)| *a == arn).map(|(_, t)| t)
        }
    }

    #[test]
    fn wildcards_match_any_run_or_one_character() {
        assert!(wildcard_match("*", VOL_1));
        assert!(wildcard_match("arn:aws:ec2:*:*:volume/*", VOL_1));
        assert!(!wildcard_match("arn:aws:ec2:*:*:volume/*", TABLE));
        assert!(wildcard_match(
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-?",
            VOL_2
        ));
        assert!(!wildcard_match(
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-?",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-10"
        ));
        assert!(wildcard_match("*rod*", "production"));
        assert!(wildcard_match("prod*", "production"));
        assert!(!wildcard_match("Prod*", "production"), "case-sensitive");
        assert!(wildcard_match("a*b*c", "aXbYbZc"));
        assert!(!wildcard_match("a*b*c", "aXbYbZ"));
        assert!(wildcard_match("", ""));
        assert!(!wildcard_match("", "x"));
    }

    #[test]
    fn resources_or_list_of_tags_then_not_resources() {
        let mut s = selection();
        s.resources = Some(vec!["arn:aws:ec2:*:*:volume/*".into()]);
        s.not_resources = Some(vec![VOL_2.into()]);
        s.list_of_tags = Some(vec![Condition {
            condition_key: "backup".into(),
            condition_type: ConditionType::Stringequals,
            condition_value: "yes".into(),
        }]);
        let none = tags(&[]);
        assert!(selects(&s, VOL_1, &none));
        assert!(!selects(&s, VOL_2, &none), "NotResources wins");
        assert!(!selects(&s, TABLE, &none));
        assert!(
            selects(&s, TABLE, &tags(&[("backup", "yes")])),
            "OR with ListOfTags"
        );
        assert!(!selects(&s, TABLE, &tags(&[("backup", "Yes")])));
        assert!(
            !selects(&s, VOL_2, &tags(&[("backup", "yes")])),
            "NotResources still wins"
        );
    }

    #[test]
    fn conditions_must_all_hold() {
        let mut s = selection();
        s.resources = Some(vec!["*".into()]);
        s.conditions = Some(Conditions {
            string_equals: Some(vec![param("aws:ResourceTag/backup", "daily")]),
            string_like: Some(vec![param("aws:ResourceTag/env", "prod*")]),
            string_not_equals: Some(vec![param("aws:ResourceTag/owner", "nobody")]),
            string_not_like: Some(vec![param("aws:ResourceTag/tier", "*test*")]),
        });
        let good = tags(&[("backup", "daily"), ("env", "production")]);
        assert!(
            selects(&s, VOL_1, &good),
            "absent tags pass negated conditions"
        );
        for (key, value) in [
            ("backup", "weekly"),
            ("env", "staging"),
            ("owner", "nobody"),
            ("tier", "my-test-tier"),
        ] {
            let mut t = good.clone();
            t.insert(key.into(), value.into());
            assert!(!selects(&s, VOL_1, &t), "{key}={value}");
        }
        assert!(
            !selects(&s, VOL_1, &tags(&[("env", "production")])),
            "StringEquals needs the tag"
        );
    }

    #[test]
    fn bare_tag_keys_work_in_conditions_and_prefixed_keys_in_list_of_tags() {
        let mut s = selection();
        s.list_of_tags = Some(vec![Condition {
            condition_key: "ec2:ResourceTag/team".into(),
            condition_type: ConditionType::Stringequals,
            condition_value: "data".into(),
        }]);
        s.conditions = Some(Conditions {
            string_equals: Some(vec![param("env", "prod")]),
            ..Default::default()
        });
        assert!(selects(
            &s,
            TABLE,
            &tags(&[("team", "data"), ("env", "prod")])
        ));
        assert!(!selects(&s, TABLE, &tags(&[("team", "data")])));
    }

    #[test]
    fn explicit_arns_are_chosen_and_wildcards_reach_only_known_resources() {
        let catalog = Fixed(vec![
            (VOL_1, tags(&[])),
            (VOL_2, tags(&[("backup", "yes")])),
            (TABLE, tags(&[("backup", "yes")])),
        ]);
        let mut s = selection();
        s.resources = Some(vec![
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-unknown".into(),
        ]);
        assert_eq!(
            chosen(&s, &catalog),
            ["arn:aws:ec2:us-east-1:111122223333:volume/vol-unknown"],
            "an explicit ARN is known by being named"
        );
        s.resources = Some(vec!["arn:aws:ec2:*:*:volume/*".into()]);
        assert_eq!(chosen(&s, &catalog), [VOL_1, VOL_2]);
        s.resources = Some(vec![]);
        s.list_of_tags = Some(vec![Condition {
            condition_key: "backup".into(),
            condition_type: ConditionType::Stringequals,
            condition_value: "yes".into(),
        }]);
        assert_eq!(chosen(&s, &catalog), [TABLE, VOL_2]);
    }
}
