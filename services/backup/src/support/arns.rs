//! ARNs of Backup's own resources. Formats follow AWS:
//! `arn:aws:backup:{region}:{account}:backup-vault:{name}`, `…:backup-plan:{id}`,
//! `…:recovery-point:{id}`; report plans, frameworks and tiering configurations end in
//! `{name}-{id}`; backup access points are `…:accesspoint/{name}`, in S3's style.

use aws_arn::Arn;
use emulator_core::{RequestContext, ServiceError};

use crate::support::errors::invalid_parameter;

/// A Backup ARN whose resource part is `resource` joined, written in one string (creating a
/// vault builds its ARN on every call).
fn backup_arn(ctx: &RequestContext, resource: &[&str]) -> String {
    Arn::text("backup", &ctx.region, &ctx.account_id, resource).unwrap_or_else(|_| {
        // Region and account come from the gateway already validated; this keeps the type total.
        format!(
            "arn:aws:backup:{}:{}:{}",
            ctx.region,
            ctx.account_id,
            resource.concat()
        )
    })
}

/// `arn:aws:backup:{region}:{account}:backup-vault:{name}`.
pub fn vault(ctx: &RequestContext, name: &str) -> String {
    backup_arn(ctx, &["backup-vault:", name])
}

/// `arn:aws:backup:{region}:{account}:backup-plan:{id}`.
pub fn plan(ctx: &RequestContext, id: &str) -> String {
    backup_arn(ctx, &["backup-plan:", id])
}

/// `arn:aws:backup:{region}:{account}:recovery-point:{id}`: the form of the recovery points of
/// the types AWS Backup fully manages; `support::point_arns` picks the form per type.
pub fn recovery_point(ctx: &RequestContext, id: &str) -> String {
    backup_arn(ctx, &["recovery-point:", id])
}

/// `arn:aws:backup:{region}:{account}:accesspoint/{name}`.
pub fn access_point(ctx: &RequestContext, name: &str) -> String {
    backup_arn(ctx, &["accesspoint/", name])
}

/// `arn:aws:backup:{region}:{account}:tiering-configuration:{name}-{id}`.
pub fn tiering_configuration(ctx: &RequestContext, name: &str, id: &str) -> String {
    backup_arn(ctx, &["tiering-configuration:", name, "-", id])
}

/// `arn:aws:backup:{region}:{account}:legal-hold:{id}`.
pub fn legal_hold(ctx: &RequestContext, id: &str) -> String {
    backup_arn(ctx, &["legal-hold:", id])
}

/// `arn:aws:backup:{region}:{account}:framework:{name}-{id}`.
pub fn framework(ctx: &RequestContext, name: &str, id: &str) -> String {
    backup_arn(ctx, &["framework:", name, "-", id])
}

/// `arn:aws:backup:{region}:{account}:report-plan:{name}-{id}`.
pub fn report_plan(ctx: &RequestContext, name: &str, id: &str) -> String {
    backup_arn(ctx, &["report-plan:", name, "-", id])
}

/// What a Backup ARN names, for tagging and cross-references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupResource {
    /// `backup-vault:{name}`.
    Vault(String),
    /// `backup-plan:{id}`.
    Plan(String),
    /// `recovery-point:{id}`.
    RecoveryPoint(String),
    /// Any other Backup resource type (`framework:…`, `report-plan:…`, `legal-hold:…`,
    /// `accesspoint/…`, …).
    Other {
        /// The resource type before the first `:` (`accesspoint` for `accesspoint/{name}`).
        kind: String,
        /// The rest.
        id: String,
    },
}

impl BackupResource {
    /// The resource type as the ARN writes it (`backup-vault`, `accesspoint`, …).
    pub fn kind(&self) -> &str {
        match self {
            Self::Vault(_) => "backup-vault",
            Self::Plan(_) => "backup-plan",
            Self::RecoveryPoint(_) => "recovery-point",
            Self::Other { kind, .. } => kind,
        }
    }
}

/// Parses a Backup ARN of the caller's account and region. `None` for malformed ARNs and ARNs
/// of other services.
pub fn parse(arn: &str) -> Option<(Arn, BackupResource)> {
    let parsed = Arn::parse(arn).ok()?;
    if parsed.service() != "backup" {
        return None;
    }
    let resource = parsed.resource();
    let (kind, id) = match resource.strip_prefix("accesspoint/") {
        Some(name) => ("accesspoint", name),
        None => resource.split_once(':')?,
    };
    let resource = match kind {
        "backup-vault" => BackupResource::Vault(id.to_owned()),
        "backup-plan" => BackupResource::Plan(id.to_owned()),
        "recovery-point" => BackupResource::RecoveryPoint(id.to_owned()),
        other => BackupResource::Other {
            kind: other.to_owned(),
            id: id.to_owned(),
        },
    };
    Some((parsed, resource))
}

/// Refuses a role that is not an IAM role ARN, as AWS does before starting any job.
pub fn check_role_arn(role_arn: &str) -> Result<(), ServiceError> {
    if role_arn.starts_with("arn:") && role_arn.contains(":role/") {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid IAM role ARN: {role_arn}"
        )))
    }
}

/// AWS wants the ARN of a KMS key, "not its alias" (nor a bare key id).
pub fn checked_key_arn(arn: String) -> Result<String, ServiceError> {
    let is_key_arn = Arn::parse(&arn).is_ok_and(|parsed| {
        parsed.service() == "kms"
            && parsed
                .resource()
                .strip_prefix("key/")
                .is_some_and(|id| !id.is_empty())
    });
    if is_key_arn {
        Ok(arn)
    } else {
        Err(invalid_parameter(format!(
            "EncryptionKeyArn must be the ARN of a KMS key \
             (arn:aws:kms:<region>:<account>:key/<key-id>), not a key id or an alias: {arn}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_have_aws_formats_and_parse_back() {
        let ctx = RequestContext::new("123456789012", "eu-west-1");
        let arn = vault(&ctx, "my-vault");
        assert_eq!(
            arn,
            "arn:aws:backup:eu-west-1:123456789012:backup-vault:my-vault"
        );
        assert_eq!(
            parse(&arn).unwrap().1,
            BackupResource::Vault("my-vault".into())
        );
        assert_eq!(
            plan(&ctx, "p1"),
            "arn:aws:backup:eu-west-1:123456789012:backup-plan:p1"
        );
        let cn = RequestContext::new("123456789012", "cn-north-1");
        assert!(recovery_point(&cn, "x").starts_with("arn:aws-cn:backup:cn-north-1:"));
        assert_eq!(
            access_point(&ctx, "reader"),
            "arn:aws:backup:eu-west-1:123456789012:accesspoint/reader"
        );
        assert_eq!(
            parse(&access_point(&ctx, "reader")).unwrap().1,
            BackupResource::Other {
                kind: "accesspoint".into(),
                id: "reader".into()
            }
        );
        assert_eq!(
            tiering_configuration(&ctx, "cold_s3", "abc"),
            "arn:aws:backup:eu-west-1:123456789012:tiering-configuration:cold_s3-abc"
        );
        assert_eq!(parse("arn:aws:s3:::bucket"), None);
        assert_eq!(parse("not an arn"), None);
    }
}
