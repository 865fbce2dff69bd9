//! Backup access points, tiering configurations, malware scan jobs and backup indexes end to end
//! with aws-sdk-backup: their life over the gateway's clock, listings with filters and
//! pagination, every error with its exception code and HTTP 400, and what each changes in other
//! operations (recovery point deletion and lifecycle, recovery point descriptions and listings,
//! tags).

use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::types::{
    AccessPointStatus, AggregationPeriod, Index, IndexStatus, Lifecycle, MalwareScanner,
    ResourceSelection, ScanJobState, ScanJobStatus, ScanMode, ScanResourceType, ScanResultStatus,
    ScanState, TieringConfigurationInputForCreate, TieringConfigurationInputForUpdate,
};
use aws_sdk_backup::Client;
use integration_tests::{
    advance_clock, backup_client, create_vault as vault, start_gateway, tags_of, GatewayHandle,
    WrittenPoint, ACCOUNT,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const SCANNER: &str = "arn:aws:iam::111122223333:role/GuardDutyMalwareScanner";
const BUCKET: &str = "arn:aws:s3:::reports";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
const DAY: u64 = 86_400;
/// More than the default job delay (3 s): every timed step is done after it.
const SETTLED: u64 = 5;

/// A gateway with the default job delay, and a client for it.
async fn gateway() -> (GatewayHandle, Client) {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    (gateway, client)
}

/// Backs `resource` up into `vault`, waits (on the clock) for the job, and answers the point.
async fn backup(
    gateway: &GatewayHandle,
    client: &Client,
    vault: &str,
    resource: &str,
    lifecycle: Option<Lifecycle>,
) -> String {
    let arn = client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE)
        .set_lifecycle(lifecycle)
        .send()
        .await
        .expect("start backup job");
    // The job names its point once it runs (issue 22): read it when it has settled.
    advance_clock(gateway, SETTLED).await;
    arn.written_point(client)
        .await
        .expect("a recovery point ARN")
}

/// The HTTP status and exception code of a call that must fail.
fn failure<T: std::fmt::Debug, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, SdkError<E>>,
) -> (u16, String) {
    let err = result.expect_err("the call must fail");
    let status = err.raw_response().expect("a response").status().as_u16();
    (status, err.code().unwrap_or_default().to_owned())
}

fn exception(name: &str) -> (u16, String) {
    (400, name.to_owned())
}

async fn access_point_status(client: &Client, arn: &str) -> AccessPointStatus {
    client
        .describe_backup_access_point()
        .access_point_arn(arn)
        .send()
        .await
        .expect("describe access point")
        .status()
        .clone()
}

async fn delete_point(
    client: &Client,
    vault: &str,
    arn: &str,
) -> Result<(), SdkError<aws_sdk_backup::operation::delete_recovery_point::DeleteRecoveryPointError>>
{
    client
        .delete_recovery_point()
        .backup_vault_name(vault)
        .recovery_point_arn(arn)
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn an_access_point_becomes_available_and_holds_its_point_until_deleted() {
    let (gateway, client) = gateway().await;
    vault(&client, "data").await;
    let point = backup(&gateway, &client, "data", BUCKET, None).await;

    let created = client
        .create_backup_access_point()
        .name("reports-reader")
        .recovery_point_arn(&point)
        .access_point_policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .tags("team", "audit")
        .send()
        .await
        .expect("create access point");
    let arn = created.access_point_arn().to_owned();
    assert_eq!(
        arn,
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:accesspoint/reports-reader")
    );
    assert_eq!(created.status(), &AccessPointStatus::Creating);

    let described = client
        .describe_backup_access_point()
        .access_point_arn(&arn)
        .send()
        .await
        .expect("describe");
    assert_eq!(described.name(), "reports-reader");
    assert_eq!(described.recovery_point_arn(), point);
    assert_eq!(described.resource_arn(), BUCKET);
    assert_eq!(described.resource_type(), "S3");
    assert_eq!(described.backup_vault_name(), "data");
    assert_eq!(
        described.backup_vault_arn(),
        Some(format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:data").as_str())
    );
    assert_eq!(described.status(), &AccessPointStatus::Creating);
    assert!(described
        .access_point_metadata()
        .is_none_or(|metadata| metadata.is_empty()));

    advance_clock(&gateway, SETTLED).await;
    let available = client
        .describe_backup_access_point()
        .access_point_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(available.status(), &AccessPointStatus::Available);
    let metadata = available.access_point_metadata().expect("metadata");
    assert_eq!(
        metadata.get("S3AccessPointArn").map(String::as_str),
        Some(format!("arn:aws:s3:us-east-1:{ACCOUNT}:accesspoint/reports-reader").as_str())
    );
    assert!(metadata
        .get("S3AccessPointAlias")
        .is_some_and(|alias| alias.starts_with("reports-reader-")));

    let tags = tags_of(&client, &arn).await;
    assert_eq!(tags.get("team").map(String::as_str), Some("audit"));
    let by_point = client
        .list_backup_access_points_by_recovery_point()
        .recovery_point_arn(&point)
        .send()
        .await
        .unwrap();
    assert_eq!(by_point.backup_access_points().len(), 1);
    assert_eq!(
        by_point.backup_access_points()[0].status(),
        &AccessPointStatus::Available
    );
    let by_resource = client
        .list_backup_access_points_by_resource()
        .resource_arn(BUCKET)
        .send()
        .await
        .unwrap();
    assert_eq!(by_resource.backup_access_points().len(), 1);
    let by_other = client
        .list_backup_access_points_by_resource()
        .resource_arn("arn:aws:s3:::elsewhere")
        .send()
        .await
        .unwrap();
    assert!(by_other.backup_access_points().is_empty());

    // The point cannot go while an access point reads it.
    assert_eq!(
        failure(delete_point(&client, "data", &point).await),
        exception("InvalidRequestException")
    );

    client
        .delete_backup_access_point()
        .access_point_arn(&arn)
        .send()
        .await
        .expect("delete access point");
    assert_eq!(
        access_point_status(&client, &arn).await,
        AccessPointStatus::Deleting
    );
    assert_eq!(
        failure(delete_point(&client, "data", &point).await),
        exception("InvalidRequestException")
    );
    advance_clock(&gateway, SETTLED).await;
    assert_eq!(
        failure(
            client
                .describe_backup_access_point()
                .access_point_arn(&arn)
                .send()
                .await
        ),
        exception("ResourceNotFoundException")
    );
    assert!(client
        .list_backup_access_points()
        .send()
        .await
        .unwrap()
        .backup_access_points()
        .is_empty());
    assert_eq!(
        failure(client.list_tags().resource_arn(&arn).send().await),
        exception("ResourceNotFoundException")
    );
    delete_point(&client, "data", &point)
        .await
        .expect("no access point holds the point any more");
}

#[tokio::test]
async fn access_points_pause_the_lifecycle_of_their_point() {
    let (gateway, client) = gateway().await;
    vault(&client, "data").await;
    let short = Lifecycle::builder().delete_after_days(1).build();
    let point = backup(&gateway, &client, "data", BUCKET, Some(short)).await;
    let arn = client
        .create_backup_access_point()
        .name("holder")
        .recovery_point_arn(&point)
        .send()
        .await
        .unwrap()
        .access_point_arn()
        .to_owned();
    let exists = || {
        client
            .describe_recovery_point()
            .backup_vault_name("data")
            .recovery_point_arn(&point)
            .send()
    };

    advance_clock(&gateway, 2 * DAY).await;
    exists()
        .await
        .expect("past its deletion date, held by the access point");
    client
        .delete_backup_access_point()
        .access_point_arn(&arn)
        .send()
        .await
        .unwrap();
    advance_clock(&gateway, SETTLED).await;
    assert_eq!(
        failure(exists().await),
        exception("ResourceNotFoundException"),
        "the lifecycle resumed and deleted the point"
    );
}

#[tokio::test]
async fn access_point_requests_are_checked() {
    let (gateway, client) = gateway().await;
    vault(&client, "data").await;
    let bucket_point = backup(&gateway, &client, "data", BUCKET, None).await;
    let volume_point = backup(&gateway, &client, "data", VOLUME, None).await;
    let create = |name: &str, point: &str| {
        client
            .create_backup_access_point()
            .name(name)
            .recovery_point_arn(point)
    };

    assert_eq!(
        failure(create("volume-reader", &volume_point).send().await),
        exception("InvalidRequestException")
    );
    let unknown = format!("{bucket_point}0");
    assert_eq!(
        failure(create("ghost-reader", &unknown).send().await),
        exception("ResourceNotFoundException")
    );
    for bad in ["Upper", "ab", "reader-s3alias", "-reader"] {
        assert_eq!(
            failure(create(bad, &bucket_point).send().await),
            exception("InvalidParameterValueException"),
            "{bad}"
        );
    }
    assert_eq!(
        failure(
            create("timed", &bucket_point)
                .access_point_metadata("AccessPointInTime", "2024-01-01T00:00:00Z")
                .send()
                .await
        ),
        exception("InvalidParameterValueException"),
        "a snapshot has no point in time"
    );
    assert_eq!(
        failure(
            create("policed", &bucket_point)
                .access_point_policy("not a policy")
                .send()
                .await
        ),
        exception("InvalidParameterValueException")
    );

    for name in ["c-reader", "a-reader", "b-reader"] {
        create(name, &bucket_point).send().await.expect(name);
    }
    assert_eq!(
        failure(create("a-reader", &bucket_point).send().await),
        exception("AlreadyExistsException")
    );
    let first = client
        .list_backup_access_points()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = first
        .backup_access_points()
        .iter()
        .map(|p| p.name())
        .collect();
    assert_eq!(names, ["a-reader", "b-reader"]);
    let rest = client
        .list_backup_access_points()
        .max_results(2)
        .set_next_token(first.next_token().map(str::to_owned))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.backup_access_points()[0].name(), "c-reader");
    assert_eq!(rest.next_token(), None);
    assert_eq!(
        failure(
            client
                .list_backup_access_points()
                .next_token("garbage")
                .send()
                .await
        ),
        exception("InvalidParameterValueException")
    );

    for arn in [
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:accesspoint/nothing"),
        format!("arn:aws:backup:eu-west-1:{ACCOUNT}:accesspoint/a-reader"),
    ] {
        assert_eq!(
            failure(
                client
                    .describe_backup_access_point()
                    .access_point_arn(&arn)
                    .send()
                    .await
            ),
            exception("ResourceNotFoundException"),
            "{arn}"
        );
        assert_eq!(
            failure(
                client
                    .delete_backup_access_point()
                    .access_point_arn(&arn)
                    .send()
                    .await
            ),
            exception("ResourceNotFoundException"),
            "{arn}"
        );
    }
}

fn selection(resource_type: &str, resources: &[&str], days: i32) -> ResourceSelection {
    ResourceSelection::builder()
        .resource_type(resource_type)
        .set_resources(Some(resources.iter().map(|r| (*r).to_owned()).collect()))
        .tiering_down_settings_in_days(days)
        .build()
        .expect("a resource selection")
}

fn tiering_body(
    name: &str,
    vault: &str,
    selections: Vec<ResourceSelection>,
) -> TieringConfigurationInputForCreate {
    TieringConfigurationInputForCreate::builder()
        .tiering_configuration_name(name)
        .backup_vault_name(vault)
        .set_resource_selection(Some(selections))
        .build()
        .expect("a tiering configuration")
}

#[tokio::test]
async fn tiering_configurations_are_created_read_updated_and_deleted() {
    let (_gateway, client) = gateway().await;
    vault(&client, "archive").await;
    vault(&client, "other").await;
    let created = client
        .create_tiering_configuration()
        .tiering_configuration(tiering_body(
            "archive_s3",
            "archive",
            vec![selection("S3", &[BUCKET], 90)],
        ))
        .creator_request_id("create-1")
        .tiering_configuration_tags("cost", "low")
        .send()
        .await
        .expect("create");
    let arn = created.tiering_configuration_arn().unwrap().to_owned();
    assert!(arn.starts_with(&format!(
        "arn:aws:backup:us-east-1:{ACCOUNT}:tiering-configuration:archive_s3-"
    )));
    assert_eq!(created.tiering_configuration_name(), Some("archive_s3"));
    let replay = client
        .create_tiering_configuration()
        .tiering_configuration(tiering_body(
            "archive_s3",
            "archive",
            vec![selection("S3", &[BUCKET], 90)],
        ))
        .creator_request_id("create-1")
        .send()
        .await
        .expect("the same request again");
    assert_eq!(replay.tiering_configuration_arn(), Some(arn.as_str()));

    let got = client
        .get_tiering_configuration()
        .tiering_configuration_name("archive_s3")
        .send()
        .await
        .unwrap();
    let body = got.tiering_configuration().expect("a configuration");
    assert_eq!(body.backup_vault_name(), "archive");
    assert_eq!(body.creator_request_id(), Some("create-1"));
    assert_eq!(body.tiering_configuration_arn(), Some(arn.as_str()));
    assert_eq!(
        body.resource_selection()[0].tiering_down_settings_in_days(),
        90
    );
    assert_eq!(body.resource_selection()[0].resources(), [BUCKET]);

    let tags = tags_of(&client, &arn).await;
    assert_eq!(tags.get("cost").map(String::as_str), Some("low"));
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("owner", "me")
        .send()
        .await
        .expect("tag a tiering configuration");

    let updated = client
        .update_tiering_configuration()
        .tiering_configuration_name("archive_s3")
        .tiering_configuration(
            TieringConfigurationInputForUpdate::builder()
                .backup_vault_name("*")
                .resource_selection(selection("S3", &["*"], 120))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("update");
    assert_eq!(updated.tiering_configuration_arn(), Some(arn.as_str()));
    assert_eq!(updated.creation_time(), created.creation_time());
    let listed = client.list_tiering_configurations().send().await.unwrap();
    let members = listed.tiering_configurations();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].backup_vault_name(), Some("*"));
    assert_eq!(members[0].tiering_configuration_arn(), Some(arn.as_str()));

    // The vault is free again; another configuration for every vault is not.
    client
        .create_tiering_configuration()
        .tiering_configuration(tiering_body(
            "archive_only",
            "archive",
            vec![selection("S3", &["*"], 60)],
        ))
        .send()
        .await
        .expect("the vault's own configuration");
    assert_eq!(
        failure(
            client
                .create_tiering_configuration()
                .tiering_configuration(tiering_body(
                    "all_again",
                    "*",
                    vec![selection("S3", &["*"], 60)]
                ))
                .send()
                .await
        ),
        exception("AlreadyExistsException")
    );
    let first = client
        .list_tiering_configurations()
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(
        first.tiering_configurations()[0].tiering_configuration_name(),
        Some("archive_only")
    );
    let second = client
        .list_tiering_configurations()
        .max_results(1)
        .set_next_token(first.next_token().map(str::to_owned))
        .send()
        .await
        .unwrap();
    assert_eq!(
        second.tiering_configurations()[0].tiering_configuration_name(),
        Some("archive_s3")
    );
    assert_eq!(second.next_token(), None);

    client
        .delete_tiering_configuration()
        .tiering_configuration_name("archive_s3")
        .send()
        .await
        .expect("delete");
    assert_eq!(
        failure(
            client
                .get_tiering_configuration()
                .tiering_configuration_name("archive_s3")
                .send()
                .await
        ),
        exception("ResourceNotFoundException")
    );
    assert_eq!(
        failure(client.list_tags().resource_arn(&arn).send().await),
        exception("ResourceNotFoundException")
    );
}

#[tokio::test]
async fn tiering_configuration_requests_are_checked() {
    let (_gateway, client) = gateway().await;
    vault(&client, "archive").await;
    let create = |name: &str, vault: &str, selections: Vec<ResourceSelection>| {
        client
            .create_tiering_configuration()
            .tiering_configuration(tiering_body(name, vault, selections))
            .send()
    };
    create("taken", "archive", vec![selection("S3", &["*"], 60)])
        .await
        .unwrap();
    let cases = [
        (
            create("taken", "*", vec![selection("S3", &["*"], 60)]).await,
            "AlreadyExistsException",
        ),
        (
            create("second", "archive", vec![selection("S3", &["*"], 60)]).await,
            "AlreadyExistsException",
        ),
        (
            create("early", "*", vec![selection("S3", &["*"], 59)]).await,
            "InvalidParameterValueException",
        ),
        (
            create("volumes", "*", vec![selection("EBS", &["*"], 60)]).await,
            "InvalidParameterValueException",
        ),
        (
            create("mixed", "*", vec![selection("S3", &["*", BUCKET], 60)]).await,
            "InvalidParameterValueException",
        ),
        (
            create("tables", "*", vec![selection("S3", &[TABLE], 60)]).await,
            "InvalidParameterValueException",
        ),
        (
            create("bad-name", "*", vec![selection("S3", &["*"], 60)]).await,
            "InvalidParameterValueException",
        ),
        (
            create("nowhere", "missing", vec![selection("S3", &["*"], 60)]).await,
            "InvalidParameterValueException",
        ),
        (
            create("many", "*", vec![selection("S3", &["*"], 60); 6]).await,
            "LimitExceededException",
        ),
    ];
    for (i, (result, expected)) in cases.into_iter().enumerate() {
        assert_eq!(failure(result), exception(expected), "case {i}");
    }
    let listed = client.list_tiering_configurations().send().await.unwrap();
    assert_eq!(
        listed.tiering_configurations().len(),
        1,
        "failed calls change nothing"
    );

    assert_eq!(
        failure(
            client
                .update_tiering_configuration()
                .tiering_configuration_name("missing")
                .tiering_configuration(
                    TieringConfigurationInputForUpdate::builder()
                        .backup_vault_name("*")
                        .resource_selection(selection("S3", &["*"], 60))
                        .build()
                        .unwrap()
                )
                .send()
                .await
        ),
        exception("ResourceNotFoundException")
    );
    assert_eq!(
        failure(
            client
                .delete_tiering_configuration()
                .tiering_configuration_name("missing")
                .send()
                .await
        ),
        exception("ResourceNotFoundException")
    );
}

async fn start_scan(client: &Client, vault: &str, point: &str) -> String {
    client
        .start_scan_job()
        .backup_vault_name(vault)
        .recovery_point_arn(point)
        .iam_role_arn(ROLE)
        .scanner_role_arn(SCANNER)
        .malware_scanner(MalwareScanner::Guardduty)
        .scan_mode(ScanMode::FullScan)
        .send()
        .await
        .expect("start scan job")
        .scan_job_id()
        .to_owned()
}

async fn scan_state(client: &Client, id: &str) -> ScanState {
    client
        .describe_scan_job()
        .scan_job_id(id)
        .send()
        .await
        .expect("describe scan job")
        .state()
        .clone()
}

#[tokio::test]
async fn a_scan_job_runs_completes_and_shows_on_its_recovery_point() {
    let (gateway, client) = gateway().await;
    vault(&client, "scanned").await;
    let point = backup(&gateway, &client, "scanned", VOLUME, None).await;
    let id = start_scan(&client, "scanned", &point).await;

    let created = client
        .describe_scan_job()
        .scan_job_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(created.state(), &ScanState::Created);
    assert_eq!(created.account_id(), ACCOUNT);
    assert_eq!(created.backup_vault_name(), "scanned");
    assert_eq!(created.recovery_point_arn(), point);
    assert_eq!(created.resource_arn(), VOLUME);
    assert_eq!(created.resource_name(), "vol-0123456789abcdef0");
    assert_eq!(created.resource_type(), &ScanResourceType::Ebs);
    assert_eq!(created.scanner_role_arn(), SCANNER);
    assert_eq!(created.scan_mode(), &ScanMode::FullScan);
    assert!(created.scan_result().is_none());

    advance_clock(&gateway, 2).await;
    let running = client
        .describe_scan_job()
        .scan_job_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(running.state(), &ScanState::Running);
    assert!(running.scan_id().is_some());

    advance_clock(&gateway, 2).await;
    let done = client
        .describe_scan_job()
        .scan_job_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(done.state(), &ScanState::Completed);
    assert_eq!(
        done.scan_result().map(|r| r.scan_result_status()),
        Some(&ScanResultStatus::NoThreatsFound)
    );
    let completed_at = *done.completion_date().expect("a completion date");

    let described = client
        .describe_recovery_point()
        .backup_vault_name("scanned")
        .recovery_point_arn(&point)
        .send()
        .await
        .unwrap();
    let results = described.scan_results();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0].malware_scanner(),
        Some(&MalwareScanner::Guardduty)
    );
    assert_eq!(results[0].scan_job_state(), Some(&ScanJobState::Completed));
    assert_eq!(results[0].last_scan_timestamp(), Some(&completed_at));
    assert!(results[0].findings().is_empty());
    let listed = client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("scanned")
        .send()
        .await
        .unwrap();
    let aggregated = listed.recovery_points()[0]
        .aggregated_scan_result()
        .expect("an aggregated scan result");
    assert_eq!(aggregated.failed_scan(), Some(false));
    assert_eq!(aggregated.last_computed(), Some(&completed_at));
    let by_resource = client
        .list_recovery_points_by_resource()
        .resource_arn(VOLUME)
        .send()
        .await
        .unwrap();
    assert!(by_resource.recovery_points()[0]
        .aggregated_scan_result()
        .is_some());

    let summaries = client
        .list_scan_job_summaries()
        .aggregation_period(AggregationPeriod::SevenDays)
        .send()
        .await
        .unwrap();
    let rows = summaries.scan_job_summaries();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].count(), 1);
    assert_eq!(rows[0].state(), Some(&ScanJobStatus::Completed));
    assert_eq!(rows[0].resource_type(), Some("EBS"));
    assert_eq!(
        rows[0].scan_result_status(),
        Some(&ScanResultStatus::NoThreatsFound)
    );
    assert_eq!(rows[0].malware_scanner(), Some(&MalwareScanner::Guardduty));
    assert_eq!(summaries.aggregation_period(), Some("SEVEN_DAYS"));
}

#[tokio::test]
async fn scan_jobs_are_listed_with_every_filter_and_page() {
    let (gateway, client) = gateway().await;
    vault(&client, "volumes").await;
    vault(&client, "buckets").await;
    let volume_point = backup(&gateway, &client, "volumes", VOLUME, None).await;
    let bucket_point = backup(&gateway, &client, "buckets", BUCKET, None).await;
    let first = start_scan(&client, "volumes", &volume_point).await;
    advance_clock(&gateway, SETTLED).await;
    let second = start_scan(&client, "buckets", &bucket_point).await;

    let ids = |out: &aws_sdk_backup::operation::list_scan_jobs::ListScanJobsOutput| {
        out.scan_jobs()
            .iter()
            .map(|j| j.scan_job_id().to_owned())
            .collect::<Vec<_>>()
    };
    let all = client.list_scan_jobs().send().await.unwrap();
    assert_eq!(ids(&all), [second.clone(), first.clone()]);
    let list = || client.list_scan_jobs();
    let cases = [
        (
            list().by_backup_vault_name("buckets"),
            vec![second.as_str()],
        ),
        (list().by_resource_arn(VOLUME), vec![first.as_str()]),
        (
            list().by_recovery_point_arn(&bucket_point),
            vec![second.as_str()],
        ),
        (
            list().by_resource_type(ScanResourceType::S3),
            vec![second.as_str()],
        ),
        (list().by_state(ScanState::Completed), vec![first.as_str()]),
        (list().by_state(ScanState::Created), vec![second.as_str()]),
        (
            list().by_scan_result_status(ScanResultStatus::NoThreatsFound),
            vec![first.as_str()],
        ),
        (
            list().by_malware_scanner(MalwareScanner::Guardduty),
            vec![second.as_str(), first.as_str()],
        ),
        (
            list().by_account_id(ACCOUNT),
            vec![second.as_str(), first.as_str()],
        ),
        (list().by_account_id("444455556666"), vec![]),
        (
            list().by_complete_after(aws_sdk_backup::primitives::DateTime::from_secs(0)),
            vec![first.as_str()],
        ),
    ];
    for (i, (request, expected)) in cases.into_iter().enumerate() {
        assert_eq!(ids(&request.send().await.unwrap()), expected, "case {i}");
    }

    let page = client.list_scan_jobs().max_results(1).send().await.unwrap();
    assert_eq!(ids(&page), [second]);
    let rest = client
        .list_scan_jobs()
        .max_results(1)
        .set_next_token(page.next_token().map(str::to_owned))
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&rest), [first]);
    assert_eq!(rest.next_token(), None);
    assert_eq!(
        failure(
            client
                .list_scan_jobs()
                .by_backup_vault_name("volumes")
                .set_next_token(page.next_token().map(str::to_owned))
                .send()
                .await
        ),
        exception("InvalidParameterValueException")
    );
}

#[tokio::test]
async fn scan_requests_are_checked_and_a_vanished_point_fails_its_scan() {
    let (gateway, client) = gateway().await;
    vault(&client, "scanned").await;
    vault(&client, "elsewhere").await;
    let old = backup(&gateway, &client, "scanned", VOLUME, None).await;
    let new = backup(&gateway, &client, "scanned", VOLUME, None).await;
    let table = backup(&gateway, &client, "scanned", TABLE, None).await;
    let start = |vault: &str, point: &str| {
        client
            .start_scan_job()
            .backup_vault_name(vault)
            .recovery_point_arn(point)
            .iam_role_arn(ROLE)
            .scanner_role_arn(SCANNER)
            .malware_scanner(MalwareScanner::Guardduty)
            .scan_mode(ScanMode::FullScan)
    };
    let cases = [
        (
            start("scanned", &table).send().await,
            "InvalidRequestException",
        ),
        (
            start("elsewhere", &new).send().await,
            "ResourceNotFoundException",
        ),
        (
            start("missing", &new).send().await,
            "ResourceNotFoundException",
        ),
        (
            start("scanned", &new)
                .scanner_role_arn("not-a-role")
                .send()
                .await,
            "InvalidParameterValueException",
        ),
        (
            start("scanned", &new)
                .scan_mode(ScanMode::IncrementalScan)
                .send()
                .await,
            "MissingParameterValueException",
        ),
        (
            start("scanned", &old)
                .scan_mode(ScanMode::IncrementalScan)
                .scan_base_recovery_point_arn(&new)
                .send()
                .await,
            "InvalidParameterValueException",
        ),
        (
            start("scanned", &new)
                .scan_base_recovery_point_arn(&old)
                .send()
                .await,
            "InvalidParameterValueException",
        ),
    ];
    for (i, (result, expected)) in cases.into_iter().enumerate() {
        assert_eq!(failure(result), exception(expected), "case {i}");
    }
    assert!(client
        .list_scan_jobs()
        .send()
        .await
        .unwrap()
        .scan_jobs()
        .is_empty());

    let incremental = start("scanned", &new)
        .scan_mode(ScanMode::IncrementalScan)
        .scan_base_recovery_point_arn(&old)
        .idempotency_token("scan-once")
        .send()
        .await
        .expect("incremental scan");
    let again = start("scanned", &new)
        .scan_mode(ScanMode::IncrementalScan)
        .scan_base_recovery_point_arn(&old)
        .idempotency_token("scan-once")
        .send()
        .await
        .unwrap();
    assert_eq!(again.scan_job_id(), incremental.scan_job_id());
    let described = client
        .describe_scan_job()
        .scan_job_id(incremental.scan_job_id())
        .send()
        .await
        .unwrap();
    assert_eq!(described.scan_base_recovery_point_arn(), Some(old.as_str()));
    assert_eq!(described.scan_mode(), &ScanMode::IncrementalScan);

    delete_point(&client, "scanned", &old).await.unwrap();
    advance_clock(&gateway, SETTLED).await;
    assert_eq!(
        scan_state(&client, incremental.scan_job_id()).await,
        ScanState::Failed
    );
    let failed = client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("scanned")
        .by_resource_arn(VOLUME)
        .send()
        .await
        .unwrap();
    assert_eq!(
        failed.recovery_points()[0]
            .aggregated_scan_result()
            .and_then(|r| r.failed_scan()),
        Some(true)
    );

    assert_eq!(
        failure(client.describe_scan_job().scan_job_id("NOPE").send().await),
        exception("ResourceNotFoundException")
    );
    let pitr = |vault: &str, point: &str| {
        client
            .get_pitr_malware_scan_results()
            .backup_vault_name(vault)
            .recovery_point_arn(point)
            .malware_scanner(MalwareScanner::Guardduty)
            .scan_end_time(aws_sdk_backup::primitives::DateTime::from_secs(
                1_700_000_000,
            ))
            .send()
    };
    assert_eq!(
        failure(pitr("scanned", &new).await),
        exception("InvalidParameterValueException"),
        "a snapshot has no point in time"
    );
    assert_eq!(
        failure(pitr("scanned", &old).await),
        exception("ResourceNotFoundException")
    );
}

async fn set_index(
    client: &Client,
    vault: &str,
    point: &str,
    index: Index,
) -> Result<
    aws_sdk_backup::operation::update_recovery_point_index_settings::UpdateRecoveryPointIndexSettingsOutput,
    SdkError<aws_sdk_backup::operation::update_recovery_point_index_settings::UpdateRecoveryPointIndexSettingsError>,
>{
    client
        .update_recovery_point_index_settings()
        .backup_vault_name(vault)
        .recovery_point_arn(point)
        .iam_role_arn(ROLE)
        .index(index)
        .send()
        .await
}

async fn index_status(client: &Client, vault: &str, point: &str) -> Option<IndexStatus> {
    client
        .describe_recovery_point()
        .backup_vault_name(vault)
        .recovery_point_arn(point)
        .send()
        .await
        .expect("describe recovery point")
        .index_status()
        .cloned()
}

#[tokio::test]
async fn an_index_becomes_active_and_is_deleted_over_the_clock() {
    let (gateway, client) = gateway().await;
    vault(&client, "indexed").await;
    let point = backup(&gateway, &client, "indexed", BUCKET, None).await;
    let volume = backup(&gateway, &client, "indexed", VOLUME, None).await;
    assert_eq!(index_status(&client, "indexed", &point).await, None);

    let enabled = set_index(&client, "indexed", &point, Index::Enabled)
        .await
        .expect("enable");
    assert_eq!(enabled.index(), Some(&Index::Enabled));
    assert_eq!(enabled.index_status(), Some(&IndexStatus::Pending));
    assert_eq!(enabled.backup_vault_name(), Some("indexed"));
    assert_eq!(
        index_status(&client, "indexed", &point).await,
        Some(IndexStatus::Pending)
    );
    let listed = client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("indexed")
        .by_resource_arn(BUCKET)
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.recovery_points()[0].index_status(),
        Some(&IndexStatus::Pending)
    );

    advance_clock(&gateway, SETTLED).await;
    set_index(&client, "indexed", &volume, Index::Enabled)
        .await
        .expect("an EBS point is indexed too");
    let details = client
        .get_recovery_point_index_details()
        .backup_vault_name("indexed")
        .recovery_point_arn(&point)
        .send()
        .await
        .unwrap();
    assert_eq!(details.index_status(), Some(&IndexStatus::Active));
    assert_eq!(details.source_resource_arn(), Some(BUCKET));
    assert!(details.index_creation_date().is_some());
    assert!(details.index_completion_date().is_some());
    assert!(details.total_items_indexed().unwrap_or_default() > 0);
    let by_resource = client
        .list_recovery_points_by_resource()
        .resource_arn(BUCKET)
        .send()
        .await
        .unwrap();
    assert_eq!(
        by_resource.recovery_points()[0].index_status(),
        Some(&IndexStatus::Active)
    );

    let indexed = |status: Option<IndexStatus>, resource_type: Option<&str>| {
        client
            .list_indexed_recovery_points()
            .set_index_status(status)
            .set_resource_type(resource_type.map(str::to_owned))
            .send()
    };
    let arns = |out: &aws_sdk_backup::operation::list_indexed_recovery_points::ListIndexedRecoveryPointsOutput| {
        out.indexed_recovery_points()
            .iter()
            .filter_map(|p| p.recovery_point_arn().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        arns(&indexed(None, None).await.unwrap()),
        [volume.clone(), point.clone()]
    );
    assert_eq!(
        arns(&indexed(Some(IndexStatus::Active), None).await.unwrap()),
        [point.as_str()]
    );
    assert_eq!(
        arns(&indexed(None, Some("EBS")).await.unwrap()),
        [volume.as_str()]
    );
    let by_source = client
        .list_indexed_recovery_points()
        .source_resource_arn(BUCKET)
        .send()
        .await
        .unwrap();
    assert_eq!(arns(&by_source), [point.as_str()]);
    assert_eq!(
        by_source.indexed_recovery_points()[0].iam_role_arn(),
        Some(ROLE)
    );
    let page = client
        .list_indexed_recovery_points()
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(arns(&page), [volume.as_str()]);
    let rest = client
        .list_indexed_recovery_points()
        .max_results(1)
        .set_next_token(page.next_token().map(str::to_owned))
        .send()
        .await
        .unwrap();
    assert_eq!(arns(&rest), [point.as_str()]);

    let disabled = set_index(&client, "indexed", &point, Index::Disabled)
        .await
        .expect("disable");
    assert_eq!(disabled.index_status(), Some(&IndexStatus::Deleting));
    assert_eq!(
        failure(set_index(&client, "indexed", &point, Index::Enabled).await),
        exception("InvalidRequestException"),
        "not while it is being deleted"
    );
    advance_clock(&gateway, SETTLED).await;
    assert_eq!(index_status(&client, "indexed", &point).await, None);
    assert_eq!(
        failure(
            client
                .get_recovery_point_index_details()
                .backup_vault_name("indexed")
                .recovery_point_arn(&point)
                .send()
                .await
        ),
        exception("ResourceNotFoundException")
    );

    // An index goes with its recovery point, once the point's deletion is done.
    delete_point(&client, "indexed", &volume).await.unwrap();
    advance_clock(&gateway, SETTLED).await;
    assert!(indexed(None, None)
        .await
        .unwrap()
        .indexed_recovery_points()
        .is_empty());
}

#[tokio::test]
async fn index_requests_are_checked() {
    let (gateway, client) = gateway().await;
    vault(&client, "indexed").await;
    vault(&client, "elsewhere").await;
    let table = backup(&gateway, &client, "indexed", TABLE, None).await;
    let bucket = backup(&gateway, &client, "indexed", BUCKET, None).await;
    assert_eq!(
        failure(set_index(&client, "indexed", &table, Index::Enabled).await),
        exception("InvalidRequestException")
    );
    assert_eq!(
        failure(set_index(&client, "elsewhere", &bucket, Index::Enabled).await),
        exception("ResourceNotFoundException")
    );
    assert_eq!(
        failure(
            client
                .update_recovery_point_index_settings()
                .backup_vault_name("indexed")
                .recovery_point_arn(&bucket)
                .index(Index::Enabled)
                .send()
                .await
        ),
        exception("MissingParameterValueException")
    );
    assert_eq!(
        failure(
            client
                .get_recovery_point_index_details()
                .backup_vault_name("indexed")
                .recovery_point_arn(&bucket)
                .send()
                .await
        ),
        exception("ResourceNotFoundException")
    );
    let disabled = set_index(&client, "indexed", &bucket, Index::Disabled)
        .await
        .expect("disabling what is not indexed changes nothing");
    assert_eq!(disabled.index_status(), None);
    assert!(client
        .list_indexed_recovery_points()
        .send()
        .await
        .unwrap()
        .indexed_recovery_points()
        .is_empty());
    assert_eq!(
        failure(
            client
                .list_indexed_recovery_points()
                .next_token("garbage")
                .send()
                .await
        ),
        exception("InvalidParameterValueException")
    );
}
