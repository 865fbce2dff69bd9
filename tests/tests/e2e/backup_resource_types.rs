//! Issue 22 items 2, 4 and 5 and issue 21's resource types, end to end with aws-sdk-backup: every
//! type AWS Backup supports is inferred from its ARN and backed up, restored and listed; recovery
//! points are named as the source service names them and every operation taking a recovery point
//! ARN accepts those names; cold storage applies only to the types AWS offers it for.
//!
//! Sources: API reference, GetSupportedResourceTypes and UpdateRegionSettings (botocore
//! 1.44.18); developer guide, "Feature availability by resource"
//! (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html) and
//! "Working with backups" (recovery point id examples per resource type,
//! https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html); API reference,
//! `Lifecycle` ("AWS Backup ignores this expression for other resource types") and TagResource
//! ("ARNs that do not include backup are incompatible with tagging").

use std::fmt::Debug;
use std::time::{Duration, Instant};

use aws_sdk_backup::config::http::HttpResponse;
use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::types::{
    BackupPlanInput, BackupRuleInput, BackupSelection, Index, Lifecycle, MalwareScanner,
    RecoveryPointSelection, RestoreTestingSelectionForCreate, ScanMode, StorageClass,
};
use aws_sdk_backup::Client;
use integration_tests::{
    admin_request, advance_clock, backup_client, create_vault, start_gateway, GatewayHandle,
};

const ACCOUNT: &str = "111122223333";
const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const DAY: u64 = 86_400;

/// One resource of every type AWS Backup protects, with the `ResourceType` AWS derives from it.
const RESOURCES: &[(&str, &str)] = &[
    ("Aurora", "arn:aws:rds:us-east-1:111122223333:cluster:aurora-1"),
    (
        "CloudFormation",
        "arn:aws:cloudformation:us-east-1:111122223333:stack/app/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901",
    ),
    (
        "DSQL",
        "arn:aws:dsql:us-east-1:111122223333:cluster/abcdefghijklmnopqrstuvwxyz",
    ),
    ("DynamoDB", "arn:aws:dynamodb:us-east-1:111122223333:table/Orders"),
    (
        "EBS",
        "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0",
    ),
    (
        "EC2",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0",
    ),
    (
        "EFS",
        "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0",
    ),
    ("EKS", "arn:aws:eks:us-east-1:111122223333:cluster/prod"),
    (
        "FSx",
        "arn:aws:fsx:us-east-1:111122223333:file-system/fs-0123456789abcdef0",
    ),
    ("RDS", "arn:aws:rds:us-east-1:111122223333:db:orders"),
    ("Redshift", "arn:aws:redshift:us-east-1:111122223333:cluster:dw"),
    (
        "Redshift Serverless",
        "arn:aws:redshift-serverless:us-east-1:111122223333:namespace/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901",
    ),
    ("S3", "arn:aws:s3:::reports-bucket"),
    (
        "SAP HANA on Amazon EC2",
        "arn:aws:ssm-sap:us-east-1:111122223333:HANA/app/DB/SYSTEMDB",
    ),
    (
        "Storage Gateway",
        "arn:aws:storagegateway:us-east-1:111122223333:gateway/sgw-12A3456B/volume/vol-1122AABB",
    ),
    (
        "Timestream",
        "arn:aws:timestream:us-east-1:111122223333:database/metrics/table/cpu",
    ),
    (
        "VirtualMachine",
        "arn:aws:backup-gateway:us-east-1:111122223333:vm/vm-0123456789abcdef0",
    ),
];

fn resource(resource_type: &str) -> &'static str {
    RESOURCES
        .iter()
        .find(|(t, _)| *t == resource_type)
        .map(|(_, arn)| *arn)
        .expect("a sample resource")
}

/// A gateway whose jobs finish inside the call that starts them, and a client.
async fn gateway() -> (GatewayHandle, Client) {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    (gateway, client)
}

fn expect_error<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E, HttpResponse>>,
    code: &str,
) {
    let error = result.expect_err(code);
    assert_eq!(error.code(), Some(code), "{error:?}");
}

/// Backs `resource` up into `vault` and answers (job id, recovery point ARN).
async fn backup(
    client: &Client,
    vault: &str,
    resource: &str,
    lifecycle: Option<Lifecycle>,
) -> (String, String) {
    let job = client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE)
        .set_lifecycle(lifecycle)
        .send()
        .await
        .unwrap_or_else(|err| panic!("StartBackupJob {resource}: {err:?}"))
        .backup_job_id
        .expect("job id");
    let point = client
        .describe_backup_job()
        .backup_job_id(&job)
        .send()
        .await
        .expect("describe job")
        .recovery_point_arn
        .expect("a completed job names its point");
    (job, point)
}

fn cold_then_delete(cold: i64, delete: i64) -> Lifecycle {
    Lifecycle::builder()
        .move_to_cold_storage_after_days(cold)
        .delete_after_days(delete)
        .build()
}

async fn storage_class(client: &Client, vault: &str, point: &str) -> StorageClass {
    client
        .describe_recovery_point()
        .backup_vault_name(vault)
        .recovery_point_arn(point)
        .send()
        .await
        .expect("describe point")
        .storage_class
        .expect("a storage class")
}

/// The resource types of the plan-created backup jobs, sorted, once there are `count` of them
/// (polled with a deadline: the scheduler starts them when the clock moves).
async fn scheduled_job_types(client: &Client, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let jobs = client.list_backup_jobs().send().await.unwrap();
        let mut types: Vec<String> = jobs
            .backup_jobs()
            .iter()
            .filter(|job| job.created_by().is_some())
            .filter_map(|job| job.resource_type().map(str::to_owned))
            .collect();
        types.sort();
        if types.len() >= count || Instant::now() > deadline {
            return types;
        }
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn supported_types_are_the_api_references_and_region_settings_add_dsql_and_redshift_serverless(
) {
    let (_gateway, client) = gateway().await;
    let listed = client
        .get_supported_resource_types()
        .send()
        .await
        .unwrap()
        .resource_types
        .unwrap_or_default();
    // botocore 1.44.18, GetSupportedResourceTypesOutput.ResourceTypes, in its order.
    assert_eq!(
        listed,
        [
            "Aurora",
            "CloudFormation",
            "DocumentDB",
            "DynamoDB",
            "EBS",
            "EC2",
            "EFS",
            "EKS",
            "FSx",
            "Neptune",
            "RDS",
            "Redshift",
            "S3",
            "SAP HANA on Amazon EC2",
            "Storage Gateway",
            "Timestream",
            "VirtualMachine",
        ]
    );
    let settings = client.describe_region_settings().send().await.unwrap();
    let opt_in = settings.resource_type_opt_in_preference.unwrap_or_default();
    for name in listed
        .iter()
        .map(String::as_str)
        .chain(["DSQL", "Redshift Serverless"])
    {
        assert_eq!(opt_in.get(name), Some(&true), "{name}");
    }
    // ResourceTypeOptInIncremental (DynamoDB only) is newer than aws-sdk-backup 1.132.0:
    // backup_model_refresh.rs checks it with raw requests.
}

#[tokio::test]
async fn every_supported_type_is_backed_up_listed_and_restored_from_its_arn() {
    let (_gateway, client) = gateway().await;
    create_vault(&client, "all").await;
    for (resource_type, arn) in RESOURCES {
        let (job, point) = backup(&client, "all", arn, None).await;
        let described = client
            .describe_backup_job()
            .backup_job_id(&job)
            .send()
            .await
            .unwrap();
        assert_eq!(described.resource_type(), Some(*resource_type), "{arn}");
        let by_resource = client
            .list_recovery_points_by_resource()
            .resource_arn(*arn)
            .max_results(20)
            .send()
            .await
            .unwrap();
        let listed: Vec<_> = by_resource
            .recovery_points()
            .iter()
            .filter_map(|p| p.recovery_point_arn())
            .collect();
        assert_eq!(listed, [point.as_str()], "{resource_type}");
        let by_type = client
            .list_recovery_points_by_backup_vault()
            .backup_vault_name("all")
            .by_resource_type(*resource_type)
            .send()
            .await;
        if resource_type.contains(' ') {
            // The model's `ResourceType` pattern has no space: such names cannot be filtered on.
            expect_error(by_type, "InvalidParameterValueException");
        } else {
            assert_eq!(
                by_type.unwrap().recovery_points().len(),
                1,
                "{resource_type}"
            );
        }
        let metadata = client
            .get_recovery_point_restore_metadata()
            .backup_vault_name("all")
            .recovery_point_arn(&point)
            .send()
            .await
            .unwrap();
        assert_eq!(metadata.resource_type(), Some(*resource_type));
        let restore = client
            .start_restore_job()
            .recovery_point_arn(&point)
            .iam_role_arn(ROLE)
            .set_metadata(metadata.restore_metadata)
            .send()
            .await
            .unwrap_or_else(|err| panic!("restore {resource_type}: {err:?}"))
            .restore_job_id
            .expect("restore job id");
        let restored = client
            .describe_restore_job()
            .restore_job_id(&restore)
            .send()
            .await
            .unwrap();
        assert_eq!(restored.resource_type(), Some(*resource_type));
        assert_eq!(
            restored.status().map(|s| s.as_str()),
            Some("COMPLETED"),
            "{resource_type}"
        );
    }
    // The new cluster types restore to clusters of their own service.
    for (resource_type, prefix) in [
        ("EKS", "arn:aws:eks:us-east-1:111122223333:cluster/"),
        ("DSQL", "arn:aws:dsql:us-east-1:111122223333:cluster/"),
    ] {
        let point = client
            .list_recovery_points_by_resource()
            .resource_arn(resource(resource_type))
            .send()
            .await
            .unwrap()
            .recovery_points()[0]
            .recovery_point_arn()
            .expect("point")
            .to_owned();
        let job = client
            .start_restore_job()
            .recovery_point_arn(&point)
            .iam_role_arn(ROLE)
            .set_metadata(Some(Default::default()))
            .send()
            .await
            .unwrap()
            .restore_job_id
            .expect("job");
        let created = client
            .describe_restore_job()
            .restore_job_id(&job)
            .send()
            .await
            .unwrap()
            .created_resource_arn
            .expect("a created cluster");
        assert!(created.starts_with(prefix), "{created}");
    }
    // An ARN of a service Backup cannot protect is still refused.
    expect_error(
        client
            .start_backup_job()
            .backup_vault_name("all")
            .resource_arn("arn:aws:lambda:us-east-1:111122223333:function:f")
            .iam_role_arn(ROLE)
            .send()
            .await,
        "InvalidParameterValueException",
    );
}

#[tokio::test]
async fn plan_selections_choose_the_new_types() {
    let (gateway, client) = gateway().await;
    create_vault(&client, "nightly").await;
    let plan_id = client
        .create_backup_plan()
        .backup_plan(
            BackupPlanInput::builder()
                .backup_plan_name("clusters")
                .rules(
                    BackupRuleInput::builder()
                        .rule_name("daily")
                        .target_backup_vault_name("nightly")
                        .schedule_expression("cron(0 5 ? * * *)")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .backup_plan_id
        .expect("plan id");
    client
        .create_backup_selection()
        .backup_plan_id(&plan_id)
        .backup_selection(
            BackupSelection::builder()
                .selection_name("clusters")
                .iam_role_arn(ROLE)
                .resources(resource("EKS"))
                .resources(resource("DSQL"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    advance_clock(&gateway, DAY + 60).await;
    let types = scheduled_job_types(&client, 2).await;
    assert_eq!(types, ["DSQL", "EKS"]);
}

#[tokio::test]
async fn recovery_points_are_named_as_their_source_service_names_them() {
    let (_gateway, client) = gateway().await;
    create_vault(&client, "named").await;
    let hex = |rest: &str, len: usize| {
        rest.len() == len
            && rest
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    };
    let (_, ami) = backup(&client, "named", resource("EC2"), None).await;
    let id = ami.strip_prefix("arn:aws:ec2:us-east-1::image/ami-");
    assert!(id.is_some_and(|id| hex(id, 17)), "{ami}");
    let (_, snapshot) = backup(&client, "named", resource("EBS"), None).await;
    let id = snapshot.strip_prefix("arn:aws:ec2:us-east-1::snapshot/snap-");
    assert!(id.is_some_and(|id| hex(id, 17)), "{snapshot}");
    let (job, rds) = backup(&client, "named", resource("RDS"), None).await;
    assert_eq!(
        rds,
        format!(
            "arn:aws:rds:us-east-1:{ACCOUNT}:snapshot:awsbackup:job-{}",
            job.to_ascii_lowercase()
        )
    );
    let (job, aurora) = backup(&client, "named", resource("Aurora"), None).await;
    assert_eq!(
        aurora,
        format!(
            "arn:aws:rds:us-east-1:{ACCOUNT}:cluster-snapshot:awsbackup:job-{}",
            job.to_ascii_lowercase()
        )
    );
    let (_, fsx) = backup(&client, "named", resource("FSx"), None).await;
    let id = fsx.strip_prefix("arn:aws:fsx:us-east-1:111122223333:backup/backup-");
    assert!(id.is_some_and(|id| hex(id, 17)), "{fsx}");
    let backup_native = format!("arn:aws:backup:us-east-1:{ACCOUNT}:recovery-point:");
    for resource_type in ["EFS", "DynamoDB", "S3", "EKS"] {
        let (_, point) = backup(&client, "named", resource(resource_type), None).await;
        assert!(
            point.starts_with(&backup_native),
            "{resource_type}: {point}"
        );
    }
    // DynamoDB without advanced features: the table's own backup.
    client
        .update_region_settings()
        .resource_type_management_preference("DynamoDB", false)
        .send()
        .await
        .unwrap();
    let (_, table_backup) = backup(&client, "named", resource("DynamoDB"), None).await;
    assert!(
        table_backup.starts_with("arn:aws:dynamodb:us-east-1:111122223333:table/Orders/backup/"),
        "{table_backup}"
    );
}

#[tokio::test]
async fn every_operation_on_recovery_points_takes_the_per_type_arns() {
    let (_gateway, client) = gateway().await;
    let destination = create_vault(&client, "copies").await;
    create_vault(&client, "ops").await;
    let (_, snapshot) = backup(&client, "ops", resource("EBS"), None).await;
    let (_, ami) = backup(&client, "ops", resource("EC2"), None).await;
    let (_, rds) = backup(&client, "ops", resource("RDS"), None).await;
    let (_, efs) = backup(&client, "ops", resource("EFS"), None).await;

    for point in [&snapshot, &ami, &rds] {
        let described = client
            .describe_recovery_point()
            .backup_vault_name("ops")
            .recovery_point_arn(point)
            .send()
            .await
            .unwrap();
        assert_eq!(described.recovery_point_arn(), Some(point.as_str()));
        let updated = client
            .update_recovery_point_lifecycle()
            .backup_vault_name("ops")
            .recovery_point_arn(point)
            .lifecycle(Lifecycle::builder().delete_after_days(400).build())
            .send()
            .await
            .unwrap();
        assert_eq!(updated.recovery_point_arn(), Some(point.as_str()));
        client
            .get_restore_testing_inferred_metadata()
            .backup_vault_name("ops")
            .recovery_point_arn(point)
            .send()
            .await
            .unwrap();
    }
    // Copies keep their source service's form, in the destination's region and account.
    let copy = client
        .start_copy_job()
        .source_backup_vault_name("ops")
        .recovery_point_arn(&rds)
        .destination_backup_vault_arn(&destination)
        .iam_role_arn(ROLE)
        .send()
        .await
        .unwrap()
        .copy_job_id
        .expect("copy job id");
    let copied = client
        .describe_copy_job()
        .copy_job_id(&copy)
        .send()
        .await
        .unwrap()
        .copy_job
        .and_then(|job| job.destination_recovery_point_arn)
        .expect("copied point");
    assert_eq!(
        copied,
        format!(
            "arn:aws:rds:us-east-1:{ACCOUNT}:snapshot:awsbackup:copyjob-{}",
            copy.to_ascii_lowercase()
        )
    );
    client
        .describe_recovery_point()
        .backup_vault_name("copies")
        .recovery_point_arn(&copied)
        .send()
        .await
        .unwrap();

    // Indexes (EBS) and malware scans (EC2) of snapshot-named points.
    let index = client
        .update_recovery_point_index_settings()
        .backup_vault_name("ops")
        .recovery_point_arn(&snapshot)
        .iam_role_arn(ROLE)
        .index(Index::Enabled)
        .send()
        .await
        .unwrap();
    assert_eq!(index.recovery_point_arn(), Some(snapshot.as_str()));
    client
        .start_scan_job()
        .backup_vault_name("ops")
        .recovery_point_arn(&ami)
        .iam_role_arn(ROLE)
        .scanner_role_arn(ROLE)
        .malware_scanner(MalwareScanner::Guardduty)
        .scan_mode(ScanMode::FullScan)
        .send()
        .await
        .unwrap();

    // Legal holds select them.
    let hold = client
        .create_legal_hold()
        .title("case")
        .description("keep")
        .recovery_point_selection(RecoveryPointSelection::builder().vault_names("ops").build())
        .send()
        .await
        .unwrap()
        .legal_hold_id
        .expect("hold id");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let held = client
            .list_recovery_points_by_legal_hold()
            .legal_hold_id(&hold)
            .send()
            .await
            .unwrap();
        let arns: Vec<_> = held
            .recovery_points()
            .iter()
            .filter_map(|p| p.recovery_point_arn())
            .collect();
        if arns.contains(&snapshot.as_str()) || Instant::now() > deadline {
            assert!(arns.contains(&rds.as_str()), "{arns:?}");
            assert!(arns.contains(&snapshot.as_str()), "{arns:?}");
            break;
        }
        tokio::task::yield_now().await;
    }
    client
        .cancel_legal_hold()
        .legal_hold_id(&hold)
        .cancel_description("done")
        .send()
        .await
        .unwrap();

    // Tags go through Backup only for Backup's own ARNs (TagResource, API reference).
    expect_error(
        client
            .tag_resource()
            .resource_arn(&snapshot)
            .tags("team", "storage")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    expect_error(
        client.list_tags().resource_arn(&rds).send().await,
        "InvalidParameterValueException",
    );
    client
        .tag_resource()
        .resource_arn(&efs)
        .tags("team", "storage")
        .send()
        .await
        .unwrap();

    // Restore-testing selections of the cluster engines are accepted; EKS has no restore testing.
    client
        .create_restore_testing_plan()
        .restore_testing_plan(
            aws_sdk_backup::types::RestoreTestingPlanForCreate::builder()
                .restore_testing_plan_name("tests")
                .schedule_expression("cron(0 1 ? * * *)")
                .recovery_point_selection(
                    aws_sdk_backup::types::RestoreTestingRecoveryPointSelection::builder()
                        .algorithm(
                            aws_sdk_backup::types::RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow,
                        )
                        .include_vaults("*")
                        .recovery_point_types(
                            aws_sdk_backup::types::RestoreTestingRecoveryPointType::Snapshot,
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let selection = |resource_type: &str| {
        RestoreTestingSelectionForCreate::builder()
            .restore_testing_selection_name(resource_type.replace(' ', "_"))
            .protected_resource_type(resource_type)
            .iam_role_arn(ROLE)
            .protected_resource_arns("*")
            .build()
            .unwrap()
    };
    for accepted in ["DocumentDB", "Neptune", "RDS"] {
        client
            .create_restore_testing_selection()
            .restore_testing_plan_name("tests")
            .restore_testing_selection(selection(accepted))
            .send()
            .await
            .unwrap_or_else(|err| panic!("{accepted}: {err:?}"));
    }
    expect_error(
        client
            .create_restore_testing_selection()
            .restore_testing_plan_name("tests")
            .restore_testing_selection(selection("EKS"))
            .send()
            .await,
        "InvalidParameterValueException",
    );

    // And deleting them by those ARNs removes them.
    for point in [&snapshot, &ami, &rds] {
        client
            .delete_recovery_point()
            .backup_vault_name("ops")
            .recovery_point_arn(point)
            .send()
            .await
            .unwrap_or_else(|err| panic!("delete {point}: {err:?}"));
    }
}

#[tokio::test]
async fn cold_storage_applies_only_to_the_types_aws_offers_it_for() {
    let (gateway, client) = gateway().await;
    create_vault(&client, "cold").await;
    let lifecycle = cold_then_delete(1, 91);
    let (_, rds) = backup(&client, "cold", resource("RDS"), Some(lifecycle.clone())).await;
    let (_, ebs) = backup(&client, "cold", resource("EBS"), Some(lifecycle.clone())).await;
    let archived = Lifecycle::builder()
        .move_to_cold_storage_after_days(1)
        .delete_after_days(91)
        .opt_in_to_archive_for_supported_resources(true)
        .build();
    let (_, archived_ebs) = backup(&client, "cold", resource("EBS"), Some(archived)).await;
    let (_, efs) = backup(&client, "cold", resource("EFS"), Some(lifecycle.clone())).await;

    // The cold date is ignored where the type cannot go cold: no MoveToColdStorageAt.
    for point in [&rds, &ebs] {
        let described = client
            .describe_recovery_point()
            .backup_vault_name("cold")
            .recovery_point_arn(point)
            .send()
            .await
            .unwrap();
        assert_eq!(described.lifecycle(), Some(&lifecycle));
        let dates = described.calculated_lifecycle().expect("dates");
        assert!(dates.move_to_cold_storage_at().is_none(), "{point}");
        assert!(dates.delete_at().is_some(), "{point}");
    }
    let efs_dates = client
        .describe_recovery_point()
        .backup_vault_name("cold")
        .recovery_point_arn(&efs)
        .send()
        .await
        .unwrap()
        .calculated_lifecycle
        .expect("dates");
    assert!(efs_dates.move_to_cold_storage_at().is_some());

    advance_clock(&gateway, 2 * DAY).await;
    assert_eq!(
        storage_class(&client, "cold", &rds).await,
        StorageClass::Warm
    );
    assert_eq!(
        storage_class(&client, "cold", &ebs).await,
        StorageClass::Warm
    );
    assert_eq!(
        storage_class(&client, "cold", &efs).await,
        StorageClass::Cold
    );
    assert_eq!(
        storage_class(&client, "cold", &archived_ebs).await,
        StorageClass::Cold
    );

    // Later lifecycle updates of the warm points are accepted; a cold point keeps its cold days.
    client
        .update_recovery_point_lifecycle()
        .backup_vault_name("cold")
        .recovery_point_arn(&rds)
        .lifecycle(cold_then_delete(5, 200))
        .send()
        .await
        .expect("an RDS point never went cold");
    expect_error(
        client
            .update_recovery_point_lifecycle()
            .backup_vault_name("cold")
            .recovery_point_arn(&efs)
            .lifecycle(cold_then_delete(5, 200))
            .send()
            .await,
        "InvalidRequestException",
    );
    // A point that never went cold can still be copied.
    let destination = create_vault(&client, "elsewhere").await;
    client
        .start_copy_job()
        .source_backup_vault_name("cold")
        .recovery_point_arn(&rds)
        .destination_backup_vault_arn(destination)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("copy of a warm point");
}

#[tokio::test]
async fn rds_clusters_are_documentdb_or_neptune_by_their_declared_engine() {
    // AWS reads the cluster's engine from RDS; the emulator reads the `Engine` property a test
    // declares with the resource (POST /_floci/resources). Undeclared clusters are Aurora.
    let (gateway, client) = gateway().await;
    create_vault(&client, "clusters").await;
    let docs = "arn:aws:rds:us-east-1:111122223333:cluster:docs";
    let graph = "arn:aws:rds:us-east-1:111122223333:cluster:graph";
    let (status, body) = admin_request(
        &gateway,
        "POST",
        "/_floci/resources",
        &format!(
            r#"{{"resources": [{{"arn": "{docs}", "properties": {{"Engine": "docdb"}}}},
                {{"arn": "{graph}", "tags": {{"team": "graph"}}, "properties": {{"Engine": "neptune"}}}}]}}"#
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, listed) = admin_request(&gateway, "GET", "/_floci/resources", "").await;
    assert!(listed.contains(r#""Engine":"docdb""#), "{listed}");
    let (status, _) = admin_request(
        &gateway,
        "POST",
        "/_floci/resources",
        r#"{"resources": [{"arn": "arn:aws:rds:us-east-1:111122223333:cluster:x", "properties": {"Engine": 7}}]}"#,
    )
    .await;
    assert_eq!(status, 400);

    for (arn, resource_type) in [
        (docs, "DocumentDB"),
        (graph, "Neptune"),
        (resource("Aurora"), "Aurora"),
    ] {
        let (job, point) = backup(&client, "clusters", arn, None).await;
        let described = client
            .describe_backup_job()
            .backup_job_id(&job)
            .send()
            .await
            .unwrap();
        assert_eq!(described.resource_type(), Some(resource_type), "{arn}");
        assert_eq!(
            point,
            format!(
                "arn:aws:rds:us-east-1:{ACCOUNT}:cluster-snapshot:awsbackup:job-{}",
                job.to_ascii_lowercase()
            )
        );
        let by_type = client
            .list_recovery_points_by_backup_vault()
            .backup_vault_name("clusters")
            .by_resource_type(resource_type)
            .send()
            .await
            .unwrap();
        assert_eq!(by_type.recovery_points().len(), 1, "{resource_type}");
    }
    // Region opt-outs apply per engine: Neptune opted out, a plan does not choose the graph.
    client
        .update_region_settings()
        .resource_type_opt_in_preference("Neptune", false)
        .send()
        .await
        .unwrap();
    let plan_id = client
        .create_backup_plan()
        .backup_plan(
            BackupPlanInput::builder()
                .backup_plan_name("engines")
                .rules(
                    BackupRuleInput::builder()
                        .rule_name("daily")
                        .target_backup_vault_name("clusters")
                        .schedule_expression("cron(0 5 ? * * *)")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .backup_plan_id
        .expect("plan id");
    client
        .create_backup_selection()
        .backup_plan_id(&plan_id)
        .backup_selection(
            BackupSelection::builder()
                .selection_name("all-clusters")
                .iam_role_arn(ROLE)
                .resources("arn:aws:rds:*:*:cluster:*")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    advance_clock(&gateway, DAY + 60).await;
    let types = scheduled_job_types(&client, 2).await;
    assert_eq!(types, ["Aurora", "DocumentDB"]);
}
