"""Runs the shell examples of the service docs as a user would type them.

Every fenced block whose info string is exactly `sh` is run with bash (`set -euo pipefail`),
in order, after a reset of the gateway; a block that exits non-zero fails the run. Blocks
are independent of each other only through the state they leave, so a page reads as a
session: create, then describe, then delete.
"""

import re
import subprocess
import sys
import urllib.request

BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def main(paths):
    failures = 0
    total = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        urllib.request.urlopen(
            urllib.request.Request("http://127.0.0.1:4566/_floci/reset", method="POST")
        ).read()
        for index, block in enumerate(BLOCK.findall(text), start=1):
            total += 1
            result = subprocess.run(
                ["bash", "-c", "set -euo pipefail\n" + block],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                failures += 1
                print(f"FAIL {path} example {index}:\n{block}\n{result.stdout}{result.stderr}")
            else:
                print(f"ok   {path} example {index}")
    print(f"examples: {total - failures} passed, {failures} failed")
    return 1 if failures or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
