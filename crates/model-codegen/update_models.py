#!/usr/bin/env python3
"""Refresh every vendored AWS API model from one botocore release on PyPI.

Usage: update_models.py [BOTOCORE_VERSION]   (default: the newest botocore on PyPI)

The services are the folders `services/*/model/` whose ORIGIN.md has an origin table (the
format this script writes). For each vendored file `<name>-<api-version>.<kind>.json` it takes
`botocore/data/<name>/<api-version>/<kind>-N.json` (gzipped or not) from the botocore wheel,
which pip downloads (no other source), removes the free-text `documentation` members, and writes
it in botocore's key order with one-space indentation, so that a refresh's diff is the model's
change and nothing else. ORIGIN.md is rewritten with the botocore
version, each file's sha256 and the date of the last change; a file whose bytes did not change
keeps its date, so a second run in a row changes nothing. A service whose ORIGIN.md says
`pinned: <version> (<reason>)` is taken from that release whatever the argument.

`crates/model-codegen/tests/origins.rs` fails when a vendored file's bytes no longer match its
ORIGIN.md. After this script, `just codegen` regenerates the typed APIs; review both diffs.
"""

import datetime
import gzip
import hashlib
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
FILE_NAME = re.compile(r"^(?P<name>[a-z0-9-]+)-(?P<version>\d{4}-\d{2}-\d{2})\.(?P<kind>service|paginators)\.json$")
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<botocore>[0-9.]+) \| `(?P<source>[^`]+)` \| (?P<sha>[0-9a-f]{64}) \| (?P<date>\d{4}-\d{2}-\d{2}) \|$")
PINNED = re.compile(r"^pinned: (?P<version>[0-9.]+) \((?P<reason>[^)]*)\)$", re.MULTILINE)
BOTOCORE_FILE = {"service": "service-2.json", "paginators": "paginators-1.json"}


def strip_documentation(value):
    if isinstance(value, dict):
        return {k: strip_documentation(v) for k, v in value.items() if k != "documentation"}
    if isinstance(value, list):
        return [strip_documentation(v) for v in value]
    return value


def download(version, into):
    """The botocore wheel of `version` (None: the newest), and its version."""
    spec = "botocore" if version is None else f"botocore=={version}"
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--only-binary=:all:", "-d", str(into), spec],
        check=True,
    )
    wheels = sorted(into.glob("botocore-*.whl"))
    wanted = [w for w in wheels if version is None or w.name.startswith(f"botocore-{version}-")]
    if len(wanted) != 1:
        sys.exit(f"expected one botocore wheel in {into}, found {[w.name for w in wheels]}")
    return wanted[0], wanted[0].name.split("-")[1]


def read_member(wheel, path):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        if path in names:
            return archive.read(path)
        if path + ".gz" in names:
            return gzip.decompress(archive.read(path + ".gz"))
    sys.exit(f"{wheel.name} has no {path}: the service or API version is gone from botocore")


def vendored_form(raw):
    # botocore's own key order is kept: awsQuery and XML answers write a structure's members in
    # model order, which the gateway reads from the file (emulator-core/src/model/member_order.rs).
    return (json.dumps(strip_documentation(json.loads(raw)), indent=1, ensure_ascii=False) + "\n").encode()


def origin_note(service, rows, pinned):
    lines = [
        "# Origin of the vendored model",
        "",
        f"The files below are the {service} API model from the botocore package (Apache License 2.0),",
        "with the free-text `documentation` members removed and nothing else changed. They are data,",
        "read by the gateway at run time (routing, binding, validation, serialization) and by",
        "`model-codegen` (the typed structures in `src/api/generated.rs`).",
        "",
        "Written by `just update-models` (crates/model-codegen/update_models.py), which also says how",
        "they are made; `crates/model-codegen/tests/origins.rs` checks every sha256 below.",
        "",
    ]
    if pinned:
        lines += [f"pinned: {pinned[0]} ({pinned[1]})", ""]
    lines += ["| file | botocore | source in the wheel | sha256 | changed |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| `{row['file']}` | {row['botocore']} | `{row['source']}` | {row['sha']} | {row['date']} |")
    return "\n".join(lines) + "\n"


def main():
    requested = sys.argv[1] if len(sys.argv) > 1 else None
    today = datetime.date.today().isoformat()
    wheels = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)

        def wheel_for(version):
            key = version or "newest"
            if key not in wheels:
                folder = tmp / key
                folder.mkdir()
                wheels[key] = download(version, folder)
            return wheels[key]

        for model_dir in sorted(ROOT.glob("services/*/model")):
            origin = model_dir / "ORIGIN.md"
            if not origin.exists():
                continue
            text = origin.read_text()
            old = {m["file"]: m.groupdict() for m in map(ROW.match, text.splitlines()) if m}
            if not old:
                print(f"{origin.relative_to(ROOT)}: no origin table; skipped")
                continue
            pin = PINNED.search(text)
            pinned = (pin["version"], pin["reason"]) if pin else None
            wheel, botocore = wheel_for(pinned[0] if pinned else requested)
            rows, service = [], None
            for name in sorted(old):
                parts = FILE_NAME.match(name)
                if not parts:
                    sys.exit(f"{model_dir}/{name}: not a <name>-<api-version>.<kind>.json file")
                source = f"botocore/data/{parts['name']}/{parts['version']}/{BOTOCORE_FILE[parts['kind']]}"
                body = vendored_form(read_member(wheel, source))
                if parts["kind"] == "service":
                    service = json.loads(body)["metadata"]["serviceFullName"]
                path = model_dir / name
                unchanged = path.exists() and path.read_bytes() == body
                if not unchanged:
                    path.write_bytes(body)
                    print(f"updated {path.relative_to(ROOT)} from botocore {botocore}")
                sha = hashlib.sha256(body).hexdigest()
                keep = unchanged and old[name]["sha"] == sha and old[name]["botocore"] == botocore
                rows.append({
                    "file": name, "botocore": botocore, "source": source, "sha": sha,
                    "date": old[name]["date"] if keep else today,
                })
            note = origin_note(service or model_dir.parent.name, rows, pinned)
            if note != text:
                origin.write_text(note)
                print(f"updated {origin.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
