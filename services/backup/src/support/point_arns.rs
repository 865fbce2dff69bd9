//! Recovery point ARNs: the one place that names a new recovery point, in the form its resource
//! type's own service gives it, and reads the form back.
//!
//! AWS names a recovery point by what the source service made (developer guide, "Working with
//! backups", recovery point id examples per resource type,
//! https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html; "Access
//! control", resources and operations,
//! https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html):
//!
//! | resource type | recovery point ARN |
//! |---|---|
//! | EC2 | `arn:aws:ec2:REGION::image/ami-<17 hex>` |
//! | EBS, Storage Gateway | `arn:aws:ec2:REGION::snapshot/snap-<17 hex>` |
//! | RDS | `arn:aws:rds:REGION:ACCOUNT:snapshot:awsbackup:job-<job id>` |
//! | Aurora, DocumentDB, Neptune | `arn:aws:rds:REGION:ACCOUNT:cluster-snapshot:awsbackup:job-<job id>` |
//! | DynamoDB without advanced features | `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/<ms>-<8 hex>` |
//! | FSx | `arn:aws:fsx:REGION:ACCOUNT:backup/backup-<17 hex>` |
//! | Redshift | `arn:aws:redshift:REGION:ACCOUNT:snapshot:CLUSTER/awsbackup:job-<job id>` |
//! | the others (EFS, advanced DynamoDB, S3, …) | `arn:aws:backup:REGION:ACCOUNT:recovery-point:<UUID>` |
//!
//! RDS lower-cases snapshot identifiers, so the job id appears in lower case. A copy's
//! snapshot is named after the copy job (`awsbackup:copyjob-<copy job id>`), as RDS copies
//! made by AWS Backup are.

use aws_arn::Arn;
use emulator_core::dto::Timestamp;
use emulator_core::RequestContext;

use crate::support::arns;
use crate::support::ids::{random_hex, upper_uuid};
use crate::support::resource_types::{self, PointIdentity};

/// The job a recovery point comes from, which RDS and Redshift snapshot names carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A backup job, by id.
    Backup(&'a str),
    /// A copy job, by id.
    Copy(&'a str),
}

impl Origin<'_> {
    /// `job-<id>` or `copyjob-<id>`, lower case, as RDS keeps snapshot identifiers.
    fn snapshot_name(self) -> String {
        match self {
            Self::Backup(id) => format!("awsbackup:job-{}", id.to_ascii_lowercase()),
            Self::Copy(id) => format!("awsbackup:copyjob-{}", id.to_ascii_lowercase()),
        }
    }
}

/// What a new recovery point is of.
#[derive(Debug, Clone, Copy)]
pub struct NewPoint<'a> {
    /// Its form.
    pub identity: PointIdentity,
    /// Whether AWS Backup fully manages the type's backups here (advanced DynamoDB): such a
    /// point gets Backup's own ARN.
    pub fully_managed: bool,
    /// The protected resource's name (a DynamoDB table, a Redshift cluster).
    pub resource_name: &'a str,
    /// The job that makes it.
    pub origin: Origin<'a>,
    /// When it is made (DynamoDB backup names start with the epoch milliseconds).
    pub now: Timestamp,
}

/// The ARN of a new recovery point of the caller's (`ctx`) account and region.
pub fn new_point_arn(ctx: &RequestContext, point: &NewPoint<'_>) -> String {
    let (region, account) = (ctx.region.as_str(), ctx.account_id.as_str());
    let (service, account, resource) = match point.identity {
        PointIdentity::DynamoDbBackup if point.fully_managed => {
            return arns::recovery_point(ctx, &upper_uuid())
        }
        PointIdentity::Backup => return arns::recovery_point(ctx, &upper_uuid()),
        PointIdentity::Ec2Image => ("ec2", "", format!("image/ami-{}", random_hex(17))),
        PointIdentity::EbsSnapshot => ("ec2", "", format!("snapshot/snap-{}", random_hex(17))),
        PointIdentity::RdsSnapshot => (
            "rds",
            account,
            format!("snapshot:{}", point.origin.snapshot_name()),
        ),
        PointIdentity::RdsClusterSnapshot => (
            "rds",
            account,
            format!("cluster-snapshot:{}", point.origin.snapshot_name()),
        ),
        PointIdentity::DynamoDbBackup => (
            "dynamodb",
            account,
            format!(
                "table/{}/backup/{:014}-{}",
                point.resource_name,
                point.now.epoch_millis().max(0),
                random_hex(8)
            ),
        ),
        PointIdentity::FsxBackup => ("fsx", account, format!("backup/backup-{}", random_hex(17))),
        PointIdentity::RedshiftSnapshot => (
            "redshift",
            account,
            format!(
                "snapshot:{}/{}",
                point.resource_name,
                point.origin.snapshot_name()
            ),
        ),
    };
    match Arn::new(service, region, account, &resource) {
        Ok(arn) => arn.to_string(),
        // Region and account come from the gateway already validated; this keeps it total.
        Err(_) => format!("arn:aws:{service}:{region}:{account}:{resource}"),
    }
}

/// The ARN of a new recovery point of `resource_type` backed up by `job_id` in the caller's
/// account and region; `fully_managed` is the region's management preference for the type.
pub fn backup_point_arn(
    ctx: &RequestContext,
    resource_type: &str,
    fully_managed: bool,
    resource_name: &str,
    job_id: &str,
    now: Timestamp,
) -> String {
    let identity = resource_types::info(resource_type).map_or(PointIdentity::Backup, |t| t.points);
    new_point_arn(
        ctx,
        &NewPoint {
            identity,
            fully_managed,
            resource_name,
            origin: Origin::Backup(job_id),
            now,
        },
    )
}

/// The ARN of the recovery point copy job `copy_job_id` writes in the destination (`ctx`):
/// the source's own form (a snapshot copies to a snapshot, a Backup recovery point to one).
pub fn copy_point_arn(
    ctx: &RequestContext,
    source_arn: &str,
    resource_name: &str,
    copy_job_id: &str,
    now: Timestamp,
) -> String {
    let identity = identity_of(source_arn);
    new_point_arn(
        ctx,
        &NewPoint {
            identity,
            fully_managed: identity == PointIdentity::Backup,
            resource_name,
            origin: Origin::Copy(copy_job_id),
            now,
        },
    )
}

/// The form of an existing recovery point ARN; Backup's own for anything else (including every
/// point stored before recovery points were named per type).
pub fn identity_of(arn: &str) -> PointIdentity {
    let Ok(parsed) = Arn::parse(arn) else {
        return PointIdentity::Backup;
    };
    let resource = parsed.resource();
    match parsed.service() {
        "ec2" if resource.starts_with("image/") => PointIdentity::Ec2Image,
        "ec2" if resource.starts_with("snapshot/") => PointIdentity::EbsSnapshot,
        "rds" if resource.starts_with("cluster-snapshot:") => PointIdentity::RdsClusterSnapshot,
        "rds" if resource.starts_with("snapshot:") => PointIdentity::RdsSnapshot,
        "dynamodb" => PointIdentity::DynamoDbBackup,
        "fsx" => PointIdentity::FsxBackup,
        "redshift" => PointIdentity::RedshiftSnapshot,
        _ => PointIdentity::Backup,
    }
}

/// Whether `arn` is Backup's own `…:backup:…:recovery-point:…` form, which the types AWS Backup
/// fully manages use.
pub fn is_backup_native(arn: &str) -> bool {
    Arn::parse(arn).is_ok_and(|parsed| {
        parsed.service() == "backup" && parsed.resource().starts_with("recovery-point:")
    })
}

/// The id at the end of a recovery point ARN (`ami-…`, `snap-…`, `awsbackup:job-…`, the UUID of
/// a Backup recovery point), for labels.
pub fn point_id(arn: &str) -> &str {
    if let Some((_, id)) = arn.rsplit_once(":recovery-point:") {
        return id;
    }
    if let Some(at) = arn.find("awsbackup:") {
        return &arn[at..];
    }
    arn.rsplit([':', '/']).next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "BE59CF2A-2343-4402-BD8B-226993D23453";

    fn ctx() -> RequestContext {
        RequestContext::new("123456789012", "eu-west-1")
    }

    fn arn(resource_type: &str, fully_managed: bool, name: &str) -> String {
        backup_point_arn(
            &ctx(),
            resource_type,
            fully_managed,
            name,
            JOB,
            Timestamp::from_epoch_millis(1_547_087_347_000),
        )
    }

    fn shape(arn: &str, prefix: &str, hex: usize) {
        let rest = arn.strip_prefix(prefix).unwrap_or_else(|| panic!("{arn}"));
        assert_eq!(rest.len(), hex, "{arn}");
        assert!(rest
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn each_type_gets_its_services_form() {
        shape(
            &arn("EC2", false, "i-1"),
            "arn:aws:ec2:eu-west-1::image/ami-",
            17,
        );
        shape(
            &arn("EBS", false, "vol-1"),
            "arn:aws:ec2:eu-west-1::snapshot/snap-",
            17,
        );
        shape(
            &arn("Storage Gateway", false, "vol-1"),
            "arn:aws:ec2:eu-west-1::snapshot/snap-",
            17,
        );
        shape(
            &arn("FSx", false, "fs-1"),
            "arn:aws:fsx:eu-west-1:123456789012:backup/backup-",
            17,
        );
        assert_eq!(
            arn("RDS", false, "orders"),
            "arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"
        );
        for cluster in ["Aurora", "DocumentDB", "Neptune"] {
            assert_eq!(
                arn(cluster, false, "c1"),
                "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"
            );
        }
        assert_eq!(
            arn("Redshift", false, "dw"),
            "arn:aws:redshift:eu-west-1:123456789012:snapshot:dw/awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"
        );
        let table = arn("DynamoDB", false, "Orders");
        let prefix = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/backup/01547087347000-";
        shape(&table, prefix, 8);
        for native in [
            arn("DynamoDB", true, "Orders"),
            arn("EFS", true, "fs-1"),
            arn("S3", false, "bucket"),
            arn("EKS", false, "c"),
            arn("DSQL", false, "c"),
        ] {
            assert!(
                native.starts_with("arn:aws:backup:eu-west-1:123456789012:recovery-point:"),
                "{native}"
            );
            assert!(is_backup_native(&native));
        }
    }

    #[test]
    fn forms_read_back_and_copies_keep_them() {
        for resource_type in [
            "EC2", "EBS", "RDS", "Aurora", "DynamoDB", "FSx", "Redshift", "EFS",
        ] {
            let source = arn(resource_type, false, "r");
            let expected = resource_types::info(resource_type).unwrap().points;
            assert_eq!(identity_of(&source), expected, "{source}");
            let dest = RequestContext::new("210987654321", "us-west-2");
            let copy = copy_point_arn(&dest, &source, "r", "C0PY", Timestamp::default());
            assert_eq!(identity_of(&copy), expected, "{copy}");
            assert!(copy.contains("us-west-2"), "{copy}");
        }
        let dest = RequestContext::new("210987654321", "us-west-2");
        assert_eq!(
            copy_point_arn(
                &dest,
                &arn("RDS", false, "r"),
                "r",
                "AB-1",
                Timestamp::default()
            ),
            "arn:aws:rds:us-west-2:210987654321:snapshot:awsbackup:copyjob-ab-1"
        );
        assert_eq!(identity_of("not an arn"), PointIdentity::Backup);
    }

    #[test]
    fn point_ids_are_the_tail_of_the_arn() {
        assert_eq!(point_id("arn:aws:backup:r:1:recovery-point:ABC"), "ABC");
        assert_eq!(point_id("arn:aws:ec2:r::snapshot/snap-1"), "snap-1");
        assert_eq!(
            point_id("arn:aws:rds:r:1:snapshot:awsbackup:job-x"),
            "awsbackup:job-x"
        );
    }
}
