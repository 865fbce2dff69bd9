"""boto3 against a started gateway: the calls a Python test suite makes, with assertions on
what AWS returns (member names, types, error codes)."""

import sys

import boto3
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
