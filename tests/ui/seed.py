"""Creates the resources the dashboard's browser test looks for, with boto3, and prints their
ids as one JSON line. Usage: seed.py <endpoint>"""

import json
import os
import shutil
import sys
import tempfile
import urllib.request

# Recent botocore releases dropped OpsWorks CM (AWS retired it); the vendored model serves
# boto3 instead, found through botocore's data path.
_models = tempfile.mkdtemp(prefix="floci-ui-models-")
os.makedirs(os.path.join(_models, "opsworkscm", "2016-11-01"))
shutil.copy(
    os.path.join(os.path.dirname(__file__), "../../services/opsworkscm/model/opsworkscm-2016-11-01.service.json"),
    os.path.join(_models, "opsworkscm", "2016-11-01", "service-2.json"),
)
os.environ["AWS_DATA_PATH"] = _models

import boto3  # noqa: E402  (after the data path is set)

ENDPOINT = sys.argv[1]
ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole"
FILE_SYSTEM = f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/fs-0123456789abcdef0"


def client(service, key=ACCOUNT, region="us-east-1"):
    # A 12-digit access key id is the account the gateway files the call under.
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key="test",
    )


backup = client("backup")
backup.create_backup_vault(BackupVaultName="ui-primary")
backup.create_backup_vault(BackupVaultName="ui-archive")
plan = backup.create_backup_plan(
    BackupPlan={
        "BackupPlanName": "ui-nightly",
        "Rules": [
            {
                "RuleName": "nightly",
                "TargetBackupVaultName": "ui-primary",
                "ScheduleExpression": "cron(0 5 ? * * *)",
                "Lifecycle": {"MoveToColdStorageAfterDays": 1, "DeleteAfterDays": 91},
            }
        ],
    }
)
backup.create_backup_selection(
    BackupPlanId=plan["BackupPlanId"],
    BackupSelection={
        "SelectionName": "file-systems",
        "IamRoleArn": ROLE,
        "Resources": [FILE_SYSTEM],
    },
)
job = backup.start_backup_job(
    BackupVaultName="ui-primary",
    ResourceArn=FILE_SYSTEM,
    IamRoleArn=ROLE,
    Lifecycle={"MoveToColdStorageAfterDays": 1, "DeleteAfterDays": 91},
)
# Another account, so that the account filter has something to filter.
client("backup", key=OTHER_ACCOUNT).create_backup_vault(BackupVaultName="ui-other-account")

opsworks = client("opsworkscm")
opsworks.create_server(
    ServerName="ui-chef",
    Engine="ChefAutomate",
    InstanceType="m5.large",
    InstanceProfileArn=f"arn:aws:iam::{ACCOUNT}:instance-profile/aws-opsworks-cm-ec2-role",
    ServiceRoleArn=f"arn:aws:iam::{ACCOUNT}:role/service-role/aws-opsworks-cm-service-role",
)



def openstack(method, path, body, token=None):
    """One call to the gateway's Keystone or Cinder, as the OpenStack clients make it."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["X-Auth-Token"] = token
    request = urllib.request.Request(ENDPOINT + path, json.dumps(body).encode(), headers, method=method)
    with urllib.request.urlopen(request) as response:
        return response.headers, json.load(response)


# A Cinder volume in the default project (a path-route plugin's resources, in the same page).
headers, login = openstack("POST", "/identity/v3/auth/tokens", {"auth": {
    "identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"name": "Default"}, "password": "secret"}}},
    "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}})
project = login["token"]["project"]["id"]
_, volume = openstack("POST", f"/volume/v3/{project}/volumes",
                      {"volume": {"size": 1, "name": "ui-volume"}}, headers["X-Subject-Token"])

shutil.rmtree(_models, ignore_errors=True)
print(json.dumps({"planId": plan["BackupPlanId"], "backupJobId": job["BackupJobId"],
                  "recoveryPointArn": job["RecoveryPointArn"], "volumeId": volume["volume"]["id"]}))
