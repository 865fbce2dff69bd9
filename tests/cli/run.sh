#!/usr/bin/env bash
# Starts the gateway on port 4566 (the port the docs' examples use), runs every `sh` example
# block of docs/services/*.md with the AWS CLI, then the boto3 checks, and stops the gateway.
# Usage: tests/cli/run.sh <gateway binary> <python venv>
set -euo pipefail
binary=$1
venv=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
log=$(mktemp)

FLOCI_PORT=4566 FLOCI_HOST=127.0.0.1 "$binary" >"$log" 2>&1 &
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

"$venv/bin/python" "$root/tests/cli/run_doc_examples.py" "$root"/docs/services/*.md
"$venv/bin/python" "$root/tests/cli/boto3_backup.py" http://127.0.0.1:4566
"$venv/bin/python" "$root/tests/cli/boto3_sts.py" http://127.0.0.1:4566
