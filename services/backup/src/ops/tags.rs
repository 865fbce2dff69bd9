//! Tags on Backup resources: TagResource, UntagResource, ListTags.
//!
//! Tags live in `RegionState.tags`, keyed by the resource's ARN, under AWS Backup's limits
//! ([`TAG_RULES`]). A call names its resource by ARN; the ARN must be a Backup ARN of a known
//! taggable resource type (else `InvalidParameterValueException`), and must name a resource that
//! exists in the caller's account and region (else `ResourceNotFoundException`): whether it
//! exists is decided in one place, [`resource_exists`]. Deleting a resource is the owner's job
//! to pair with `region.tags.remove_resource(arn)`, so tags disappear with their resource.

use std::collections::BTreeMap;

use aws_arn::Arn;
use aws_pagination::{paginate_sorted, Order};
use aws_tagging::{validate_keys, validate_tags, TagError, TagRules, Tags};
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::state::tags::resource_exists;
use crate::state::RegionState;
use crate::support::arns::{self, BackupResource};
use crate::support::errors::{invalid_parameter, limit_exceeded, not_found};

/// AWS Backup's tag limits: at most 50 tags per resource ("Metadata tags per backup", AWS Backup
/// quotas), keys of 1 to 128 characters that may not start with `aws:` and values of up to 256
/// characters (the `KeyValue` API type). TagResource does not restrict characters.
pub const TAG_RULES: TagRules = TagRules::AWS_DEFAULT;

/// Resource types (the part of a Backup ARN before the first `:` of its resource, or
/// `accesspoint` for `accesspoint/{name}`) that AWS Backup can tag. Logically air-gapped vaults
/// are `backup-vault` ARNs too.
pub const TAGGABLE_RESOURCE_TYPES: &[&str] = &[
    "backup-vault",
    "backup-plan",
    "recovery-point",
    "framework",
    "report-plan",
    "legal-hold",
    "restore-testing-plan",
    "tiering-configuration",
    "accesspoint",
];

/// ListTags answers at most this many tags per page when MaxResults is absent (the model's
/// upper bound, far above the 50 tags a resource can carry, so one page holds them all).
const DEFAULT_MAX_RESULTS: usize = 1000;

/// `TagResource`.
pub(crate) fn tag_resource(
    svc: &Backend,
    ctx: &RequestContext,
    input: TagResourceInput,
) -> Result<(), ServiceError> {
    let arn = checked_arn(ctx, &input.resource_arn)?;
    let tags = tags_from_input(input.tags)?;
    svc.store.with_region(ctx, |region| {
        require_existing(region, &arn)?;
        region.tags.tag(&arn.text, tags).map_err(tag_error)
    })
}

/// `UntagResource`.
pub(crate) fn untag_resource(
    svc: &Backend,
    ctx: &RequestContext,
    input: UntagResourceInput,
) -> Result<(), ServiceError> {
    let arn = checked_arn(ctx, &input.resource_arn)?;
    validate_keys(&TAG_RULES, &input.tag_key_list).map_err(tag_error)?;
    svc.store.with_region(ctx, |region| {
        require_existing(region, &arn)?;
        region
            .tags
            .untag(&arn.text, &input.tag_key_list)
            .map_err(tag_error)
    })
}

/// `ListTags`: the resource's tags in key order, a page of `MaxResults` keys at a time.
pub(crate) fn list_tags(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListTagsInput,
) -> Result<ListTagsOutput, ServiceError> {
    let arn = checked_arn(ctx, &input.resource_arn)?;
    let max_results = match input.max_results {
        None => DEFAULT_MAX_RESULTS,
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| invalid_parameter("MaxResults must be at least 1"))?,
    };
    svc.store.with_region(ctx, |region| {
        require_existing(region, &arn)?;
        let tags = region.tags.list(&arn.text);
        // The scope binds a token to this resource: a token from another resource's listing
        // is rejected instead of silently skipping keys.
        let scope = format!("ListTags {}", arn.text);
        let page = paginate_sorted(
            tags.as_map().keys().map(|key| (key.clone(), key)),
            Order::Ascending,
            input.next_token.as_deref(),
            &scope,
            max_results,
            |_| true,
        )
        .map_err(|err| invalid_parameter(format!("Invalid NextToken: {err}")))?;
        let page_tags: BTreeMap<String, String> = page
            .items
            .iter()
            .filter_map(|key| {
                tags.get(key)
                    .map(|value| ((*key).clone(), value.to_owned()))
            })
            .collect();
        Ok(ListTagsOutput {
            next_token: page.next_token,
            tags: Some(page_tags),
        })
    })
}

/// Checks tags a caller wants to set against [`TAG_RULES`], for TagResource and for resources
/// that take tags at creation (`BackupVaultTags`, `BackupPlanTags`, recovery point tags): the
/// same limits and the same exceptions everywhere.
pub(crate) fn tags_from_input(tags: BTreeMap<String, String>) -> Result<Tags, ServiceError> {
    let tags = Tags::from(tags);
    validate_tags(&TAG_RULES, &tags).map_err(tag_error)?;
    Ok(tags)
}

/// A resource ARN that passed [`checked_arn`]: its text (the tag store's key) and what it names.
struct CheckedArn {
    text: String,
    resource: BackupResource,
}

/// Parses a tagging call's ARN. Malformed ARNs, ARNs of other services and Backup ARNs of types
/// that cannot carry tags are invalid parameters; a well-formed ARN outside the caller's
/// partition, account or region names a resource the caller does not have.
fn checked_arn(ctx: &RequestContext, text: &str) -> Result<CheckedArn, ServiceError> {
    let invalid = || {
        invalid_parameter(format!(
            "Invalid ARN: {text}. Only AWS Backup resources (backup vaults, backup plans, \
             recovery points, frameworks, report plans, legal holds, restore testing plans, \
             tiering configurations and backup access points) can be tagged"
        ))
    };
    let (parsed, resource) = arns::parse(text).ok_or_else(invalid)?;
    if !TAGGABLE_RESOURCE_TYPES.contains(&resource.kind()) {
        return Err(invalid());
    }
    // The caller's own ARN for this resource; any difference (partition, region, account)
    // means the ARN points outside the caller's state.
    let own = Arn::new("backup", &ctx.region, &ctx.account_id, parsed.resource());
    if own.as_ref() != Ok(&parsed) {
        return Err(resource_not_found(text));
    }
    Ok(CheckedArn {
        text: parsed.to_string(),
        resource,
    })
}

fn require_existing(region: &RegionState, arn: &CheckedArn) -> Result<(), ServiceError> {
    if resource_exists(region, &arn.text, &arn.resource) {
        Ok(())
    } else {
        Err(resource_not_found(&arn.text))
    }
}

fn resource_not_found(arn: &str) -> ServiceError {
    not_found(format!("Resource {arn} not found"))
}

/// Too many tags is a limit (`LimitExceededException`); every other broken rule is a bad value.
fn tag_error(err: TagError) -> ServiceError {
    match err {
        TagError::TooManyTags { .. } => limit_exceeded(err.to_string()),
        _ => invalid_parameter(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::BackupService;
    use emulator_core::dto::Timestamp;

    use super::*;
    use crate::model::plan::Plan;
    use crate::model::recovery_point::RecoveryPoint;
    use crate::model::vault::{Vault, VaultKey};
    use crate::test_support::{code, service};

    // A caller of its own, not the shared one: the ARN checks below spell out this account and
    // region, and those of other accounts, regions and partitions, as literals.
    const ACCOUNT: &str = "123456789012";
    const REGION: &str = "eu-west-1";

    fn ctx() -> RequestContext {
        RequestContext::new(ACCOUNT, REGION)
    }

    fn vault_arn(name: &str) -> String {
        arns::vault(&ctx(), name)
    }

    fn add_vault(svc: &BackupService, name: &str) -> String {
        let arn = vault_arn(name);
        svc.store.with_region(&ctx(), |region| {
            region.vaults.insert(
                name.to_owned(),
                Vault::new(
                    name.to_owned(),
                    arn.clone(),
                    Timestamp::default(),
                    None,
                    VaultKey::AwsManaged("arn:aws:kms:us-east-1:111122223333:key/test".into()),
                ),
            )
        });
        arn
    }

    /// [`resource_exists`] for the resource `arn` names.
    fn arn_exists(region: &RegionState, arn: &str) -> bool {
        let (_, resource) = arns::parse(arn).expect("a Backup ARN");
        resource_exists(region, arn, &resource)
    }

    fn tag(svc: &BackupService, arn: &str, pairs: &[(&str, &str)]) -> Result<(), ServiceError> {
        tag_resource(
            svc,
            &ctx(),
            TagResourceInput {
                resource_arn: arn.to_owned(),
                tags: pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            },
        )
    }

    fn list(svc: &BackupService, arn: &str) -> BTreeMap<String, String> {
        list_tags(
            svc,
            &ctx(),
            ListTagsInput {
                resource_arn: arn.to_owned(),
                ..Default::default()
            },
        )
        .expect("list")
        .tags
        .expect("tags")
    }

    #[test]
    fn tags_merge_overwrite_and_untag_on_a_vault() {
        let svc = service();
        let arn = add_vault(&svc, "v1");
        tag(&svc, &arn, &[("a", "1"), ("b", "2")]).unwrap();
        tag(&svc, &arn, &[("b", "3"), ("c", "")]).unwrap();
        let tags = list(&svc, &arn);
        assert_eq!(tags.len(), 3);
        assert_eq!(tags["b"], "3");
        assert_eq!(tags["c"], "");
        untag_resource(
            &svc,
            &ctx(),
            UntagResourceInput {
                resource_arn: arn.clone(),
                tag_key_list: vec!["a".into(), "missing".into()],
            },
        )
        .unwrap();
        assert_eq!(list(&svc, &arn).keys().collect::<Vec<_>>(), ["b", "c"]);
    }

    #[test]
    fn resource_exists_knows_vaults_plans_and_recovery_points() {
        let mut region = RegionState::default();
        region.vaults.insert(
            "v".into(),
            Vault::new(
                "v".into(),
                vault_arn("v"),
                Timestamp::default(),
                None,
                VaultKey::AwsManaged("arn:aws:kms:us-east-1:111122223333:key/test".into()),
            ),
        );
        region.plans.insert(
            "live".into(),
            Plan::sample("live", &arns::plan(&ctx(), "live")),
        );
        region.plans.insert("gone".into(), {
            let mut plan = Plan::sample("gone", &arns::plan(&ctx(), "gone"));
            plan.deletion_date = Some(Timestamp::default());
            plan
        });
        let point_arn = arns::recovery_point(&ctx(), "rp-1");
        region
            .recovery_points
            .insert(point_arn.clone(), RecoveryPoint::sample(&point_arn, "v"));
        let exists = |arn: &str| arn_exists(&region, arn);
        assert!(exists(&vault_arn("v")));
        assert!(!exists(&vault_arn("V")));
        assert!(exists(&arns::plan(&ctx(), "live")));
        assert!(!exists(&arns::plan(&ctx(), "gone")));
        assert!(!exists(&arns::plan(&ctx(), "never")));
        assert!(exists(&point_arn));
        assert!(!exists(&arns::recovery_point(&ctx(), "rp")));
        assert!(!exists(&format!(
            "arn:aws:backup:{REGION}:{ACCOUNT}:framework:f-1"
        )));
    }

    #[test]
    fn a_recovery_point_is_found_by_its_arn_among_many_and_after_a_reload() {
        let mut region = RegionState::default();
        let point_arn = |i: usize| arns::recovery_point(&ctx(), &format!("rp-{i}"));
        for i in 0..1_000 {
            let vault = if i % 2 == 0 { "even" } else { "odd" };
            region
                .recovery_points
                .insert(point_arn(i), RecoveryPoint::sample(&point_arn(i), vault));
        }
        let reloaded: RegionState =
            serde_json::from_slice(&serde_json::to_vec(&region).unwrap()).unwrap();
        for region in [&region, &reloaded] {
            let exists = |arn: &str| arn_exists(region, arn);
            for i in [0, 1, 499, 999] {
                assert!(exists(&point_arn(i)), "rp-{i}");
            }
            // Neither a longer id, nor a shorter one, nor a point that was never stored.
            assert!(!exists(&point_arn(1_000)));
            assert!(!exists(&arns::recovery_point(&ctx(), "rp-")));
            assert!(!exists(&arns::recovery_point(&ctx(), "rp-99999")));
        }
        region.recovery_points.remove(&point_arn(499));
        assert!(!arn_exists(&region, &point_arn(499)));
    }

    #[test]
    fn plans_and_recovery_points_are_taggable_and_deleted_plans_are_not() {
        let svc = service();
        let plan_arn = arns::plan(&ctx(), "p1");
        let point_arn = arns::recovery_point(&ctx(), "rp-1");
        svc.store.with_region(&ctx(), |region| {
            region
                .plans
                .insert("p1".into(), Plan::sample("p1", &plan_arn));
            region
                .recovery_points
                .insert(point_arn.clone(), RecoveryPoint::sample(&point_arn, "v"));
        });
        tag(&svc, &plan_arn, &[("k", "plan")]).unwrap();
        tag(&svc, &point_arn, &[("k", "point")]).unwrap();
        assert_eq!(list(&svc, &plan_arn)["k"], "plan");
        assert_eq!(list(&svc, &point_arn)["k"], "point");
        svc.store.with_region(&ctx(), |region| {
            region.plans.get_mut("p1").unwrap().deletion_date = Some(Timestamp::default());
        });
        let err = tag(&svc, &plan_arn, &[("k", "v")]).unwrap_err();
        assert_eq!(code(&err), "ResourceNotFoundException");
    }

    #[test]
    fn non_backup_malformed_and_untaggable_arns_are_invalid() {
        let svc = service();
        for arn in [
            "not-an-arn",
            "arn:aws:ec2:eu-west-1:123456789012:volume/vol-1",
            "arn:aws:backup:eu-west-1:123456789012:backup-vault",
            "arn:aws:backup:eu-west-1:123456789012:backup-job:j-1",
            "",
        ] {
            let err = tag(&svc, arn, &[("k", "v")]).unwrap_err();
            assert_eq!(code(&err), "InvalidParameterValueException", "{arn}");
            assert!(err.message().contains("Invalid ARN"), "{arn}");
        }
    }

    #[test]
    fn arns_of_other_accounts_regions_partitions_or_missing_resources_are_not_found() {
        let svc = service();
        add_vault(&svc, "v");
        for arn in [
            "arn:aws:backup:eu-west-1:999999999999:backup-vault:v",
            "arn:aws:backup:us-east-1:123456789012:backup-vault:v",
            "arn:aws-cn:backup:eu-west-1:123456789012:backup-vault:v",
            "arn:aws:backup:eu-west-1:123456789012:backup-vault:other",
            "arn:aws:backup:eu-west-1:123456789012:framework:f-1234",
        ] {
            let err = tag(&svc, arn, &[("k", "v")]).unwrap_err();
            assert_eq!(code(&err), "ResourceNotFoundException", "{arn}");
            assert!(err.message().contains(arn), "{}", err.message());
            let err = list_tags(
                &svc,
                &ctx(),
                ListTagsInput {
                    resource_arn: arn.to_owned(),
                    ..Default::default()
                },
            )
            .unwrap_err();
            assert_eq!(code(&err), "ResourceNotFoundException", "{arn}");
        }
    }

    #[test]
    fn broken_tag_rules_are_invalid_and_change_nothing() {
        let svc = service();
        let arn = add_vault(&svc, "v");
        tag(&svc, &arn, &[("keep", "1")]).unwrap();
        let long_key = "k".repeat(129);
        let long_value = "v".repeat(257);
        for pairs in [
            vec![("ok", "1"), ("aws:reserved", "x")],
            vec![("ok", "1"), ("AWS:Reserved", "x")],
            vec![("ok", "1"), ("", "x")],
            vec![("ok", "1"), (long_key.as_str(), "x")],
            vec![("ok", "1"), ("k", long_value.as_str())],
        ] {
            let err = tag(&svc, &arn, &pairs).unwrap_err();
            assert_eq!(code(&err), "InvalidParameterValueException");
        }
        assert_eq!(list(&svc, &arn).len(), 1);
        // The limits are inclusive.
        tag(&svc, &arn, &[(&"k".repeat(128), &"v".repeat(256))]).unwrap();
        assert_eq!(list(&svc, &arn).len(), 2);
    }

    #[test]
    fn more_than_fifty_tags_exceed_the_limit_and_change_nothing() {
        let svc = service();
        let arn = add_vault(&svc, "v");
        let keys: Vec<String> = (0..51).map(|i| format!("k{i:02}")).collect();
        let first: Vec<(&str, &str)> = keys[..49].iter().map(|k| (k.as_str(), "v")).collect();
        tag(&svc, &arn, &first).unwrap();
        let err = tag(&svc, &arn, &[("k49", "v"), ("k50", "v")]).unwrap_err();
        assert_eq!(code(&err), "LimitExceededException");
        assert_eq!(list(&svc, &arn).len(), 49);
        // Overwriting existing keys does not count against the limit.
        tag(&svc, &arn, &[("k00", "new"), ("k49", "v")]).unwrap();
        assert_eq!(list(&svc, &arn).len(), 50);
        let all: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "v")).collect();
        let fresh = add_vault(&svc, "w");
        let err = tag(&svc, &fresh, &all).unwrap_err();
        assert_eq!(code(&err), "LimitExceededException");
    }

    #[test]
    fn untagging_reserved_or_empty_keys_is_invalid() {
        let svc = service();
        let arn = add_vault(&svc, "v");
        for key in ["aws:x", ""] {
            let err = untag_resource(
                &svc,
                &ctx(),
                UntagResourceInput {
                    resource_arn: arn.clone(),
                    tag_key_list: vec![key.into()],
                },
            )
            .unwrap_err();
            assert_eq!(code(&err), "InvalidParameterValueException", "{key:?}");
        }
    }

    #[test]
    fn list_tags_pages_through_keys_in_order() {
        let svc = service();
        let arn = add_vault(&svc, "v");
        tag(&svc, &arn, &[("c", "3"), ("a", "1"), ("b", "2")]).unwrap();
        let page = |token: Option<String>| {
            list_tags(
                &svc,
                &ctx(),
                ListTagsInput {
                    resource_arn: arn.clone(),
                    max_results: Some(2),
                    next_token: token,
                },
            )
            .unwrap()
        };
        let first = page(None);
        assert_eq!(first.tags.unwrap().keys().collect::<Vec<_>>(), ["a", "b"]);
        let second = page(first.next_token.clone());
        assert_eq!(second.tags.unwrap().keys().collect::<Vec<_>>(), ["c"]);
        assert_eq!(second.next_token, None);

        let other = add_vault(&svc, "w");
        tag(&svc, &other, &[("x", "1"), ("y", "2"), ("z", "3")]).unwrap();
        for token in [first.next_token.unwrap(), "garbage".to_owned()] {
            let err = list_tags(
                &svc,
                &ctx(),
                ListTagsInput {
                    resource_arn: other.clone(),
                    max_results: Some(2),
                    next_token: Some(token),
                },
            )
            .unwrap_err();
            assert_eq!(code(&err), "InvalidParameterValueException");
        }
    }

    #[test]
    fn an_untagged_existing_resource_lists_an_empty_map() {
        let svc = service();
        let arn = add_vault(&svc, "v");
        let out = list_tags(
            &svc,
            &ctx(),
            ListTagsInput {
                resource_arn: arn,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(out.tags, Some(BTreeMap::new()));
        assert_eq!(out.next_token, None);
    }
}
