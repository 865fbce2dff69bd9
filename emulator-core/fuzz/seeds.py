#!/usr/bin/env python3
"""Writes the fuzz seed corpus from the golden botocore requests of the services' tests.

Each request becomes one file in the format `fuzz_targets/request.rs` reads (request line,
headers as an AWS SDK sends them, a blank line, the body); the SigV4 target gets the
Authorization headers and presigned queries of those requests. Run from anywhere:
`python3 emulator-core/fuzz/seeds.py`.
"""

import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = {
    "rest_json_request": ROOT / "services/backup/tests/fixtures/botocore-requests.json",
    "json_rpc_request": ROOT / "services/opsworkscm/tests/fixtures/botocore-requests.json",
    "aws_query_request": ROOT / "services/sts/tests/fixtures/botocore-requests.json",
}
SIGNING = {
    "rest_json_request": "backup",
    "json_rpc_request": "opsworks-cm",
    "aws_query_request": "sts",
}


def authorization(service):
    return (
        "AWS4-HMAC-SHA256 Credential=111122223333/20261123/us-east-1/"
        f"{service}/aws4_request, SignedHeaders=host;x-amz-date, "
        "Signature=" + "0" * 64
    )


def main():
    for target, source in SOURCES.items():
        out = HERE / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        for request in json.loads(source.read_text())["requests"]:
            target_line = request["path"] + ("?" + request["query"] if request["query"] else "")
            headers = dict(request["headers"])
            headers["authorization"] = authorization(SIGNING[target])
            headers["x-amz-date"] = "20261123T000000Z"
            head = [f"{request['method']} {target_line}"]
            head += [f"{name}: {value}" for name, value in headers.items()]
            text = "\n".join(head) + "\n\n" + request["body"]
            (out / f"seed-{request['operation']}").write_text(text)
    sigv4 = HERE / "corpus" / "sigv4_scope"
    sigv4.mkdir(parents=True, exist_ok=True)
    for service in SIGNING.values():
        (sigv4 / f"seed-header-{service}").write_text(authorization(service))
        (sigv4 / f"seed-query-{service}").write_text(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=111122223333%2F20261123%2F"
            f"us-east-1%2F{service}%2Faws4_request&X-Amz-Date=20261123T000000Z"
            "&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0" * 64
        )
    (sigv4 / "seed-sigv4a").write_text(
        "AWS4-ECDSA-P256-SHA256 Credential=AKID/20261123/backup/aws4_request, "
        "SignedHeaders=host, Signature=00"
    )

    admin = HERE / "corpus" / "admin_json"
    admin.mkdir(parents=True, exist_ok=True)
    for name, text in {
        "clock-get": "GET /_floci/clock\n",
        "clock-advance": 'POST /_floci/clock\n{"advanceSeconds": 86400}',
        "clock-huge": 'POST /_floci/clock\n{"advanceSeconds": 1e300}',
        "clock-service": 'POST /_floci/backup/clock\n{"advanceSeconds": 0.5}',
        "resources-post": 'POST /_floci/resources\n{"resources": [{"arn": '
        '"arn:aws:ec2:us-east-1:111122223333:volume/vol-1", "tags": {"team": "a"}, '
        '"accountId": "111122223333", "region": "us-east-1"}]}',
        "resources-get": "GET /_floci/resources\n",
        "resources-delete": "DELETE /_floci/resources\n",
        "reset": "POST /_localstack/state/reset\n",
        "info": "GET /_floci/info\n",
        "health": "GET /_localstack/health\n",
        "notifications": "GET /_floci/backup/notifications\n",
    }.items():
        (admin / f"seed-{name}").write_text(text)


if __name__ == "__main__":
    main()
