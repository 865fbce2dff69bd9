#!/usr/bin/env bash
# Starts the gateway on port 4566 (the port the docs' examples use), runs every `sh` example
# block of docs/services/*.md (AWS CLI; the OpenStack clients for cinder.md), then the boto3
# checks, and stops the gateway.
# Usage: tests/cli/run.sh <gateway binary> <python venv>
set -euo pipefail
binary=$1
venv=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
log=$(mktemp)

# Cinder state changes complete inside each call, so the docs' CLI session needs no waits.
FLOCI_PORT=4566 FLOCI_HOST=127.0.0.1 FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS=0 "$binary" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT

for _ in $(seq 1 200); do
  if grep -q '^Ready\.$' "$log"; then break; fi
  if ! kill -0 $pid 2>/dev/null; then cat "$log"; echo "gateway exited"; exit 1; fi
  sleep 0.05
done
grep -q '^Ready\.$' "$log" || { cat "$log"; echo "gateway not ready"; exit 1; }

export PATH="$venv/bin:$PATH"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_MAX_ATTEMPTS=1
# The OpenStack clients of docs/services/cinder.md log in with the default user.
export OS_AUTH_URL=http://127.0.0.1:4566/identity OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin OS_PASSWORD=secret OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne

# AWS CLI v1 (newest on PyPI: 1.46.3) bundles its own, older botocore (1.43.62), which lacks
# Backup's CreateLocalBackupVault and the members botocore 1.44.18 added; boto3's botocore in
# the same venv has them. AWS_DATA_PATH (botocore's documented search path for models) lends
# the CLI that release's Backup model, and nothing else.
cli_models=$(mktemp -d)
mkdir -p "$cli_models/backup"
cp -r "$("$venv/bin/python" -c 'import botocore, os; print(os.path.dirname(botocore.__file__))')/data/backup/2018-11-15" "$cli_models/backup/"
export AWS_DATA_PATH="$cli_models"

"$venv/bin/python" "$root/tests/cli/run_doc_examples.py" "$root"/docs/services/*.md
"$venv/bin/python" "$root/tests/cli/boto3_backup.py" http://127.0.0.1:4566
"$venv/bin/python" "$root/tests/cli/boto3_sts.py" http://127.0.0.1:4566
