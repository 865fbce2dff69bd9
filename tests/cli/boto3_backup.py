"""boto3 against a started gateway: the calls a Python test suite makes, with assertions on
what AWS returns (member names, types, error codes)."""

import sys

import boto3
import botocore.config
import botocore.exceptions

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4566"

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def client(region="us-east-1", key="test"):
    return boto3.client(
        "backup",
        endpoint_url=ENDPOINT,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key="test",
    )


def expect_error(code, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except botocore.exceptions.ClientError as err:
        got = err.response["Error"]["Code"]
        assert got == code, f"expected {code}, got {got}: {err}"
        assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        return err
    raise AssertionError(f"expected {code}, the call succeeded")


@check
def validation_errors_name_backups_exceptions():
    expect_error(
        "InvalidParameterValueException",
        client().create_backup_vault,
        BackupVaultName="no spaces allowed",
    )


@check
def request_ids_are_returned():
    try:
        client().describe_backup_vault(BackupVaultName="does-not-exist")
    except botocore.exceptions.ClientError as err:
        assert err.response["ResponseMetadata"]["RequestId"]
        return
    raise AssertionError("a missing vault must be an error")


@check
def a_missing_vault_reads_as_access_denied_like_aws():
    # Issue 22: AWS answers AccessDeniedException (403) for DescribeBackupVault,
    # GetBackupVaultAccessPolicy and DescribeRecoveryPoint in a vault that does not exist.
    # Ansible's amazon.aws.backup_vault looks the vault up first and reads only that code as
    # "absent" before creating it; this is its flow.
    backup = client()
    for call, kwargs in [
        (backup.describe_backup_vault, {}),
        (backup.get_backup_vault_access_policy, {}),
        (
            backup.describe_recovery_point,
            {
                "RecoveryPointArn": "arn:aws:backup:us-east-1:000000000000:recovery-point:"
                "1EB3B5E7-9EB0-435A-A80B-108B488B0D45"
            },
        ),
    ]:
        try:
            call(BackupVaultName="ansible-vault", **kwargs)
        except botocore.exceptions.ClientError as err:
            assert err.response["Error"]["Code"] == "AccessDeniedException", err
            assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        else:
            raise AssertionError("a missing vault must be an error")
    backup.create_backup_vault(BackupVaultName="ansible-vault")
    assert backup.describe_backup_vault(BackupVaultName="ansible-vault")["BackupVaultName"] == (
        "ansible-vault"
    )


def advance_clock(seconds):
    import json
    import urllib.request

    request = urllib.request.Request(
        ENDPOINT + "/_floci/clock",
        data=json.dumps({"advanceSeconds": seconds}).encode(),
        method="POST",
    )
    urllib.request.urlopen(request).read()


@check
def vaults_round_trip_with_datetimes_and_counts():
    backup = client()
    created = backup.create_backup_vault(BackupVaultName="py-vault", BackupVaultTags={"k": "v"})
    assert created["BackupVaultArn"].endswith(":backup-vault:py-vault")
    described = backup.describe_backup_vault(BackupVaultName="py-vault")
    assert described["NumberOfRecoveryPoints"] == 0
    assert described["CreationDate"].tzinfo is not None  # parsed as an aware datetime
    expect_error("AlreadyExistsException", backup.create_backup_vault, BackupVaultName="py-vault")
    tags = backup.list_tags(ResourceArn=created["BackupVaultArn"])["Tags"]
    assert tags == {"k": "v"}, tags


@check
def paginators_walk_every_page_once():
    backup = client(region="eu-central-1")
    names = {f"page-{i:02d}" for i in range(7)}
    for name in names:
        backup.create_backup_vault(BackupVaultName=name)
    seen = []
    pages = backup.get_paginator("list_backup_vaults").paginate(PaginationConfig={"PageSize": 3})
    for page in pages:
        assert len(page["BackupVaultList"]) <= 3
        seen.extend(v["BackupVaultName"] for v in page["BackupVaultList"])
    assert sorted(seen) == sorted(names), seen


@check
def plans_are_soft_deleted_and_kept_by_version():
    backup = client(region="ap-south-1")
    backup.create_backup_vault(BackupVaultName="plan-vault")
    plan = backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "py-plan",
            "Rules": [{"RuleName": "daily", "TargetBackupVaultName": "plan-vault"}],
        }
    )
    rule = backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])["BackupPlan"]["Rules"][0]
    assert rule["StartWindowMinutes"] == 480 and rule["CompletionWindowMinutes"] == 10080
    assert rule["ScheduleExpressionTimezone"] == "Etc/UTC" and rule["RuleId"]
    deleted = backup.delete_backup_plan(BackupPlanId=plan["BackupPlanId"])
    assert deleted["DeletionDate"] and deleted["VersionId"] == plan["VersionId"]
    expect_error("ResourceNotFoundException", backup.get_backup_plan, BackupPlanId=plan["BackupPlanId"])
    kept = backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"], VersionId=plan["VersionId"])
    assert kept["DeletionDate"]
    listed = backup.list_backup_plans(IncludeDeleted=True)["BackupPlansList"]
    assert [p["BackupPlanId"] for p in listed] == [plan["BackupPlanId"]]
    assert backup.list_backup_plans()["BackupPlansList"] == []


@check
def jobs_complete_when_the_clock_moves():
    backup = client(region="us-west-2")
    backup.create_backup_vault(BackupVaultName="job-vault")
    job = backup.start_backup_job(
        BackupVaultName="job-vault",
        ResourceArn="arn:aws:dynamodb:us-west-2:000000000000:table/Orders",
        IamRoleArn="arn:aws:iam::000000000000:role/backup",
    )
    assert backup.describe_backup_job(BackupJobId=job["BackupJobId"])["State"] == "CREATED"
    advance_clock(10)
    described = backup.describe_backup_job(BackupJobId=job["BackupJobId"])
    assert described["State"] == "COMPLETED", described["State"]
    assert described["ResourceType"] == "DynamoDB"
    assert described["RecoveryPointArn"] == job["RecoveryPointArn"]
    assert backup.describe_backup_vault(BackupVaultName="job-vault")["NumberOfRecoveryPoints"] == 1
    expect_error("InvalidRequestException", backup.delete_backup_vault, BackupVaultName="job-vault")


@check
def start_backup_job_names_the_point_only_for_efs_and_advanced_dynamodb():
    # Issue 22: the API reference returns RecoveryPointArn "only for Amazon EFS and Advanced
    # DynamoDB resources"; an EC2 answer is {BackupJobId, CreationDate, IsParent}.
    backup = client(region="eu-west-1")
    backup.create_backup_vault(BackupVaultName="start-vault")
    role = "arn:aws:iam::000000000000:role/backup"
    ec2 = backup.start_backup_job(
        BackupVaultName="start-vault",
        ResourceArn="arn:aws:ec2:eu-west-1:000000000000:instance/i-0123456789abcdef0",
        IamRoleArn=role,
    )
    assert "RecoveryPointArn" not in ec2, ec2
    assert {"BackupJobId", "CreationDate", "IsParent"} <= set(ec2), ec2
    efs = backup.start_backup_job(
        BackupVaultName="start-vault",
        ResourceArn="arn:aws:elasticfilesystem:eu-west-1:000000000000:file-system/fs-0123",
        IamRoleArn=role,
    )
    assert efs["RecoveryPointArn"].startswith("arn:aws:backup:eu-west-1:"), efs


@check
def recovery_points_are_named_per_type_and_cold_storage_follows_the_type():
    # Issue 22 items 2, 4 and 5: an RDS point is the snapshot "awsbackup:job-<job id>", EKS
    # clusters are protected, and an RDS point ignores MoveToColdStorageAfterDays.
    backup = client(region="ap-southeast-2")
    backup.create_backup_vault(BackupVaultName="types-vault")
    role = "arn:aws:iam::000000000000:role/backup"
    lifecycle = {"MoveToColdStorageAfterDays": 1, "DeleteAfterDays": 91}
    rds = backup.start_backup_job(
        BackupVaultName="types-vault",
        ResourceArn="arn:aws:rds:ap-southeast-2:000000000000:db:orders",
        IamRoleArn=role,
        Lifecycle=lifecycle,
    )["BackupJobId"]
    eks = backup.start_backup_job(
        BackupVaultName="types-vault",
        ResourceArn="arn:aws:eks:ap-southeast-2:000000000000:cluster/prod",
        IamRoleArn=role,
    )["BackupJobId"]
    advance_clock(5)
    job = backup.describe_backup_job(BackupJobId=rds)
    expected = f"arn:aws:rds:ap-southeast-2:000000000000:snapshot:awsbackup:job-{rds.lower()}"
    assert job["RecoveryPointArn"] == expected, job
    assert backup.describe_backup_job(BackupJobId=eks)["ResourceType"] == "EKS"
    point = backup.describe_recovery_point(
        BackupVaultName="types-vault", RecoveryPointArn=expected
    )
    assert "MoveToColdStorageAt" not in point["CalculatedLifecycle"], point
    advance_clock(2 * 86400)
    point = backup.describe_recovery_point(
        BackupVaultName="types-vault", RecoveryPointArn=expected
    )
    assert point["StorageClass"] == "WARM", point


def post_clock(body):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        ENDPOINT + "/_floci/clock",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        return urllib.request.urlopen(request).status
    except urllib.error.HTTPError as err:
        return err.code


@check
def values_that_would_poison_dates_are_refused_and_listings_still_parse():
    backup = client(region="sa-east-1")
    backup.create_backup_vault(BackupVaultName="bounded")
    start = dict(
        BackupVaultName="bounded",
        ResourceArn="arn:aws:dynamodb:sa-east-1:000000000000:table/T",
        IamRoleArn="arn:aws:iam::000000000000:role/backup",
    )
    expect_error("InvalidParameterValueException", backup.start_backup_job,
                 Lifecycle={"DeleteAfterDays": 1000000000}, **start)
    expect_error("InvalidParameterValueException", backup.start_backup_job,
                 CompleteWindowMinutes=100000000000, **start)
    assert post_clock('{"advanceSeconds": 1e300}') == 400
    assert post_clock('{"advanceSeconds": -5}') == 400
    # AWS's largest values are accepted, and every date they make parses in Python.
    backup.start_backup_job(
        StartWindowMinutes=52560000,
        CompleteWindowMinutes=52560000,
        Lifecycle={"MoveToColdStorageAfterDays": 36410, "DeleteAfterDays": 36500},
        **start,
    )
    advance_clock(10)
    jobs = backup.list_backup_jobs()["BackupJobs"]
    assert jobs and all(j["StartBy"].year < 9999 for j in jobs), jobs
    points = backup.list_recovery_points_by_backup_vault(BackupVaultName="bounded")["RecoveryPoints"]
    assert points[0]["CalculatedLifecycle"]["DeleteAt"].year < 9999


# Backup External's appliance ARN shape (its model's ApplianceArn pattern).
APPLIANCE = (
    "arn:aws:backup-external:us-east-1:000000000000:appliance:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
)
KMS_KEY = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@check
def local_backup_vaults_show_their_appliance():
    backup = client()
    created = backup.create_local_backup_vault(
        BackupVaultName="boto3-local",
        ApplianceArn=APPLIANCE,
        EncryptionKeyArn=KMS_KEY,
        BackupVaultTags={"site": "lab"},
    )
    assert created["BackupVaultName"] == "boto3-local"
    assert created["CreationDate"].tzinfo is not None
    described = backup.describe_backup_vault(BackupVaultName="boto3-local")
    assert described["VaultType"] == "LOCAL_BACKUP_VAULT", described
    assert described["ApplianceArn"] == APPLIANCE, described
    listed = backup.list_backup_vaults(ByVaultType="LOCAL_BACKUP_VAULT")["BackupVaultList"]
    assert [v["BackupVaultName"] for v in listed] == ["boto3-local"], listed
    assert listed[0]["ApplianceArn"] == APPLIANCE
    expect_error(
        "AlreadyExistsException",
        backup.create_local_backup_vault,
        BackupVaultName="boto3-local-2",
        ApplianceArn=APPLIANCE,
        EncryptionKeyArn=KMS_KEY,
    )
    for bad in [
        "arn:aws:backup:us-east-1:000000000000:backup-vault:not-an-appliance",
        "arn:aws:backup:us-east-1:000000000000:appliance/ap-0123456789abcdef0",
        APPLIANCE.replace("us-east-1", "eu-west-1"),
    ]:
        expect_error(
            "InvalidParameterValueException",
            backup.create_local_backup_vault,
            BackupVaultName="boto3-local-3",
            ApplianceArn=bad,
            EncryptionKeyArn=KMS_KEY,
        )
    # boto3 checks required members before sending; without that check, the gateway answers as
    # AWS does.
    unchecked = boto3.client(
        "backup",
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=botocore.config.Config(parameter_validation=False),
    )
    for missing in ["ApplianceArn", "EncryptionKeyArn"]:
        members = {"ApplianceArn": APPLIANCE, "EncryptionKeyArn": KMS_KEY}
        del members[missing]
        expect_error(
            "MissingParameterValueException",
            unchecked.create_local_backup_vault,
            BackupVaultName="boto3-local-4",
            **members,
        )
    backup.delete_backup_vault(BackupVaultName="boto3-local")


@check
def registered_resources_back_up_to_the_appliances_local_vault():
    region = "ca-central-1"
    backup = client(region=region)
    appliance = APPLIANCE.replace("us-east-1", region)
    vm = f"arn:aws:backup-external:{region}:000000000000:resource-target:vmware-vm/0a1b2c3d"
    backup.create_backup_vault(BackupVaultName="boto3-cloud")
    backup.create_local_backup_vault(
        BackupVaultName="boto3-site",
        ApplianceArn=appliance,
        EncryptionKeyArn=KMS_KEY.replace("us-east-1", region),
    )
    plan_id = backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "boto3-appliance-plan",
            "Rules": [
                {
                    "RuleName": "hourly",
                    "TargetBackupVaultName": "boto3-cloud",
                    "ScheduleExpression": "cron(0 * ? * * *)",
                    "Lifecycle": {"DeleteAfterDays": 30},
                    "LocalBackupConfiguration": {
                        "DeleteAfterDays": 3,
                        "DeleteAfterNextBackup": True,
                    },
                }
            ],
        }
    )["BackupPlanId"]
    selection_id = backup.create_backup_selection(
        BackupPlanId=plan_id,
        BackupSelection={
            "SelectionName": "vm",
            "IamRoleArn": "arn:aws:iam::000000000000:role/backup",
            "Resources": [vm],
        },
    )["SelectionId"]

    def next_run():
        import datetime

        preview = backup.get_backup_plan(BackupPlanId=plan_id, MaxScheduledRunsPreview=1)
        due = preview["ScheduledRunsPreview"][0]["ExecutionTime"]
        # The gateway's clock may be ahead of this machine's: ask it.
        import json
        import urllib.request

        clock = json.loads(urllib.request.urlopen(ENDPOINT + "/_floci/clock").read())
        now = datetime.datetime.fromtimestamp(clock["now"], datetime.timezone.utc)
        # Past the run, then past the job, then past its copy (the gateway's job delay).
        advance_clock(int((due - now).total_seconds()) + 1)
        advance_clock(30)
        advance_clock(30)

    next_run()
    jobs = [j for j in backup.list_backup_jobs()["BackupJobs"] if j["ResourceArn"] == vm]
    assert len(jobs) == 1, jobs
    assert jobs[0]["State"] == "COMPLETED", jobs[0]
    assert jobs[0]["BackupVaultName"] == "boto3-site", jobs[0]
    assert jobs[0]["VaultType"] == "LOCAL_BACKUP_VAULT", jobs[0]
    assert jobs[0]["ResourceType"] == "VMWARE_VM", jobs[0]
    described = backup.describe_backup_job(BackupJobId=jobs[0]["BackupJobId"])
    assert "JobStatusCode" not in described, described
    local = backup.list_recovery_points_by_backup_vault(BackupVaultName="boto3-site")
    first = local["RecoveryPoints"][0]
    assert first["Lifecycle"] == {"DeleteAfterDays": 3}, first
    copies = backup.list_recovery_points_by_backup_vault(BackupVaultName="boto3-cloud")
    assert [p["Lifecycle"]["DeleteAfterDays"] for p in copies["RecoveryPoints"]] == [30], copies
    # The next run's backup replaces the first in the local vault; the copies stay.
    next_run()
    local = backup.list_recovery_points_by_backup_vault(BackupVaultName="boto3-site")
    arns = [p["RecoveryPointArn"] for p in local["RecoveryPoints"]]
    assert len(arns) == 1 and arns[0] != first["RecoveryPointArn"], local
    copies = backup.list_recovery_points_by_backup_vault(BackupVaultName="boto3-cloud")
    assert len(copies["RecoveryPoints"]) == 2, copies
    backup.delete_backup_selection(BackupPlanId=plan_id, SelectionId=selection_id)
    backup.delete_backup_plan(BackupPlanId=plan_id)


@check
def new_members_round_trip():
    backup = client()
    backup.create_backup_vault(BackupVaultName="boto3-refresh")
    backup.create_local_backup_vault(
        BackupVaultName="boto3-refresh-local", ApplianceArn=APPLIANCE, EncryptionKeyArn=KMS_KEY
    )
    local = {"DeleteAfterDays": 14, "BackupToLocalVaultOnly": True}
    plan = backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "boto3-local-plan",
            "Rules": [
                {
                    "RuleName": "nightly",
                    "TargetBackupVaultName": "boto3-refresh",
                    "LocalBackupConfiguration": local,
                }
            ],
        }
    )
    rule = backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])["BackupPlan"]["Rules"][0]
    assert rule["LocalBackupConfiguration"] == local, rule
    # Incremental opt-in is for DynamoDB only (API reference, UpdateRegionSettings).
    backup.update_region_settings(ResourceTypeOptInIncremental={"DynamoDB": True})
    settings = backup.describe_region_settings()
    assert settings["ResourceTypeOptInIncremental"] == {"DynamoDB": True}, settings
    reports = {
        "BucketName": "backup-reports",
        "KeyPrefix": "jobs/",
        "ExpectedBucketOwner": "000000000000",
        "ResourceTypes": ["EBS"],
    }
    notifications = {
        "SNSTopicArn": "arn:aws:sns:us-east-1:000000000000:events",
        "BackupVaultEvents": ["BACKUP_JOB_COMPLETED"],
        "ReportsInS3": reports,
    }
    # "This parameter is supported only for local backup vaults."
    expect_error(
        "InvalidParameterValueException",
        backup.put_backup_vault_notifications,
        BackupVaultName="boto3-refresh",
        **notifications,
    )
    backup.put_backup_vault_notifications(BackupVaultName="boto3-refresh-local", **notifications)
    got = backup.get_backup_vault_notifications(BackupVaultName="boto3-refresh-local")
    assert got["ReportsInS3"] == reports, got
    backup.delete_backup_plan(BackupPlanId=plan["BackupPlanId"])
    backup.delete_backup_vault_notifications(BackupVaultName="boto3-refresh-local")
    backup.delete_backup_vault(BackupVaultName="boto3-refresh-local")
    backup.delete_backup_vault(BackupVaultName="boto3-refresh")


def main():
    failed = 0
    for fn in CHECKS:
        try:
            fn()
            print(f"ok   {fn.__name__}")
        except Exception as err:  # noqa: BLE001 - report every failure, then fail the run
            failed += 1
            print(f"FAIL {fn.__name__}: {err!r}")
    print(f"boto3: {len(CHECKS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
