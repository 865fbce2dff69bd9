"""boto3 against a started gateway: STS as a Python test suite uses it (caller identity,
assumed roles whose credentials act in the role's account, expiry on the gateway clock,
errors with AWS's codes and statuses)."""

import base64
import json
import os
import sys
import tempfile
import urllib.request

import boto3
import botocore
import botocore.config
import botocore.exceptions

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4566"
ROLE = "arn:aws:iam::111122223333:role/boto3-role"

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def client(service="sts", key="test", secret="test", token=None):
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
    )


def with_credentials(service, creds):
    return client(service, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])


def expect_error(code, status, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except botocore.exceptions.ClientError as err:
        got = err.response["Error"]["Code"]
        assert got == code, f"expected {code}, got {got}: {err}"
        assert err.response["ResponseMetadata"]["HTTPStatusCode"] == status, err.response
        return err
    raise AssertionError(f"expected {code}, the call succeeded")


def advance_clock(seconds):
    request = urllib.request.Request(
        f"{ENDPOINT}/_floci/clock",
        data=json.dumps({"advanceSeconds": seconds}).encode(),
        method="POST",
    )
    urllib.request.urlopen(request).read()


@check
def caller_identity_of_a_long_term_key():
    identity = client(key="123456789012").get_caller_identity()
    assert identity["Account"] == "123456789012", identity
    assert identity["Arn"] == "arn:aws:iam::123456789012:root", identity
    assert identity["UserId"] == "123456789012", identity
    assert identity["ResponseMetadata"]["RequestId"], identity


@check
def assumed_role_credentials_act_in_the_role_account():
    answer = client().assume_role(
        RoleArn=ROLE,
        RoleSessionName="boto3",
        DurationSeconds=900,
        ExternalId="ext",
        Tags=[{"Key": "team", "Value": "storage"}],
        PolicyArns=[{"arn": "arn:aws:iam::aws:policy/AWSBackupFullAccess"}],
    )
    creds = answer["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA"), creds
    assert answer["AssumedRoleUser"]["Arn"] == "arn:aws:sts::111122223333:assumed-role/boto3-role/boto3"
    assert answer["PackedPolicySize"] > 0, answer
    backup = with_credentials("backup", creds)
    backup.create_backup_vault(BackupVaultName="boto3-cross-account")
    arns = [v["BackupVaultArn"] for v in backup.list_backup_vaults()["BackupVaultList"]]
    assert any(":111122223333:backup-vault:boto3-cross-account" in a for a in arns), arns
    mine = [v["BackupVaultName"] for v in client("backup").list_backup_vaults()["BackupVaultList"]]
    assert "boto3-cross-account" not in mine, mine
    me = with_credentials("sts", creds).get_caller_identity()
    assert me["Account"] == "111122223333" and me["Arn"] == answer["AssumedRoleUser"]["Arn"], me


@check
def a_profile_with_role_arn_assumes_the_role():
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(
            "[profile base]\naws_access_key_id = test\naws_secret_access_key = test\n"
            f"region = us-east-1\nendpoint_url = {ENDPOINT}\n\n"
            f"[profile role]\nrole_arn = {ROLE}\nsource_profile = base\n"
            f"role_session_name = profile\nregion = us-east-1\nendpoint_url = {ENDPOINT}\n"
        )
    os.environ["AWS_CONFIG_FILE"] = config.name
    try:
        session = boto3.Session(profile_name="role")
        me = session.client("sts").get_caller_identity()
        assert me["Arn"] == "arn:aws:sts::111122223333:assumed-role/boto3-role/profile", me
        names = [v["BackupVaultName"] for v in session.client("backup").list_backup_vaults()["BackupVaultList"]]
        assert "boto3-cross-account" in names, names
    finally:
        del os.environ["AWS_CONFIG_FILE"]
        os.unlink(config.name)


@check
def validation_and_policy_errors_have_aws_codes():
    err = expect_error(
        "ValidationError", 400, client().assume_role,
        RoleArn=ROLE, RoleSessionName="s1", DurationSeconds=100000,
    )
    assert "durationSeconds" in err.response["Error"]["Message"], err.response
    expect_error(
        "MalformedPolicyDocument", 400, client().assume_role,
        RoleArn=ROLE, RoleSessionName="s1", Policy="{nope",
    )
    expect_error(
        "InvalidAuthorizationMessageException", 400,
        client().decode_authorization_message, EncodedMessage="abc",
    )


@check
def web_identity_tokens_need_no_signature():
    def b64(text):
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    header = b64(json.dumps({"alg": "none"}))
    payload = b64(json.dumps({"sub": "ci-runner", "aud": "sts"}))
    token = f"{header}.{payload}.sig"
    unsigned = boto3.client(
        "sts",
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        config=botocore.config.Config(signature_version=botocore.UNSIGNED),
    )
    answer = unsigned.assume_role_with_web_identity(
        RoleArn=ROLE, RoleSessionName="web", WebIdentityToken=token
    )
    assert answer["SubjectFromWebIdentityToken"] == "ci-runner", answer
    assert answer["AssumedRoleUser"]["Arn"].startswith("arn:aws:sts::111122223333:"), answer


@check
def expired_credentials_answer_expired_token():
    creds = client().assume_role(RoleArn=ROLE, RoleSessionName="short", DurationSeconds=900)[
        "Credentials"
    ]
    sts = with_credentials("sts", creds)
    sts.get_caller_identity()
    advance_clock(901)
    expect_error("ExpiredToken", 403, sts.get_caller_identity)
    expect_error(
        "ExpiredTokenException", 403, with_credentials("backup", creds).list_backup_vaults
    )


def main():
    failures = 0
    for fn in CHECKS:
        try:
            fn()
            print(f"ok   boto3 sts {fn.__name__}")
        except Exception as err:  # noqa: BLE001
            failures += 1
            print(f"FAIL boto3 sts {fn.__name__}: {err!r}")
    print(f"boto3 sts: {len(CHECKS) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
