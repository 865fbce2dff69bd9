# Recipes for day-to-day work. Each is a plain cargo command underneath; see README.md.

# Start the gateway with defaults on port 4566.
run:
    cargo run --release

# Run every test.
test:
    cargo test --workspace

# Formatting and lints exactly as CI checks them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Regenerate the typed APIs from the vendored models (review the diff, then commit).
codegen:
    cargo run -q -p model-codegen -- --model services/backup/model/backup-2018-11-15.service.json --service-name Backup --trait-name BackupApi --views ListBackupVaults,DescribeBackupVault,CreateBackupVault --out services/backup/src/api/generated.rs
    cargo run -q -p model-codegen -- --model services/opsworkscm/model/opsworkscm-2016-11-01.service.json --service-name OpsWorksCM --trait-name OpsWorksCmApi --out services/opsworkscm/src/api/generated.rs
    cargo run -q -p model-codegen -- --model services/sts/model/sts-2011-06-15.service.json --service-name STS --trait-name StsApi --out services/sts/src/api/generated.rs

# Refresh every vendored model from botocore on PyPI (default: the newest release; services
# pinned in their ORIGIN.md keep their release), then regenerate the typed APIs. Review the diff.
update-models version="":
    python3 crates/model-codegen/update_models.py {{version}}
    just codegen

# The distribution build. On Linux with glibc: the release binary linked statically against
# glibc (no shared libraries to map: smaller idle memory, faster start) and at a fixed address
# (not position-independent: nothing to relocate at start, where a static PIE rewrites 300 KB of
# pointers and reads 380 KB of relocations before main), built for the explicit host target so
# that `cargo run --release` keeps its own dynamic binary and neither rebuilds the other; copied
# to target/release/floci-gateway-static. Elsewhere: a normal release build.
release:
    #!/usr/bin/env bash
    set -euo pipefail
    target="${CARGO_TARGET_DIR:-target}"
    host="$(rustc -vV | sed -n 's/^host: //p')"
    if [[ "$host" == *-linux-gnu ]]; then
        # Flags for the final crate only: proc-macro crates cannot be built with crt-static.
        cargo rustc --release -p floci-gateway --bin floci-gateway --target "$host" -- -C target-feature=+crt-static -C relocation-model=static
        mkdir -p "$target/release"
        # A copy still running (a benchmark, a dev server) keeps its own file.
        cp --remove-destination "$target/$host/release/floci-gateway" "$target/release/floci-gateway-static"
        echo "distribution binary: $target/release/floci-gateway-static"
    else
        cargo build --release -p floci-gateway
        echo "distribution binary: $target/release/floci-gateway"
    fi

# Rewrite bin/link-order.txt, the functions the gateway runs to start and to serve a warm-up of
# every Backup operation group, which the linker places together so that a running gateway maps
# less of its code (bin/build.rs, docs/architecture.md). Profiles both release binaries under
# callgrind (needs valgrind); run after a toolchain or dependency update, then rebuild and
# compare with `FLOCI_BENCH_ONLY=memory` (docs/benchmarks.md).
link-order: release
    #!/usr/bin/env bash
    set -euo pipefail
    target="$(realpath "${CARGO_TARGET_DIR:-target}")"
    cargo build --release -p floci-gateway
    binaries=("$target/release/floci-gateway")
    if [[ -f "$target/release/floci-gateway-static" ]]; then
        binaries+=("$target/release/floci-gateway-static")
    fi
    python3 bin/link_order.py "${binaries[@]}"

# Benchmarks in release mode, in one run (docs/benchmarks.md): start-up and idle memory of the
# distribution build and of the `cargo run --release` binary; throughput, latency and memory
# under AWS Backup load against a bare hyper server; persistent mode with 100 and with 100,000
# recovery points stored (request p50, start time, memory); the Backup plan scheduler with
# 100,000 pending runs (docs/backup-scheduler.md). Tables go to target/bench-results/.
bench: release
    #!/usr/bin/env bash
    set -euo pipefail
    target="$(realpath "${CARGO_TARGET_DIR:-target}")"
    cargo build --release -p floci-gateway
    cp --remove-destination "$target/release/floci-gateway" "$target/release/floci-gateway-dynamic"
    export FLOCI_BENCH_DYNAMIC="$target/release/floci-gateway-dynamic"
    export FLOCI_BENCH_GATEWAY="$FLOCI_BENCH_DYNAMIC"
    if [[ -f "$target/release/floci-gateway-static" ]]; then
        export FLOCI_BENCH_STATIC="$target/release/floci-gateway-static"
        export FLOCI_BENCH_GATEWAY="$FLOCI_BENCH_STATIC"
    fi
    cargo bench -p floci-gateway --bench startup
    cargo bench -p floci-gateway --bench load
    cargo bench -p floci-gateway --bench persistence
    cargo bench -p backup --bench scheduler

# The gateway next to its peers in one run (docs/benchmarks.md, "Peers"): ministack and moto at
# pinned versions from PyPI in a private virtual environment under target/, the same workloads at
# the same concurrency, each server pinned to the same core. The table goes to
# target/bench-results/peers.md. Not part of CI.
bench-peers:
    #!/usr/bin/env bash
    set -euo pipefail
    target="$(realpath "${CARGO_TARGET_DIR:-target}")"
    venv="$target/bench-peers/venv"
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'ministack==1.5.33' 'moto[server]==5.2.6'
    cargo build --release -p floci-gateway
    cp --remove-destination "$target/release/floci-gateway" "$target/release/floci-gateway-dynamic"
    FLOCI_BENCH_GATEWAY="$target/release/floci-gateway-dynamic" FLOCI_BENCH_PEERS_VENV="$venv" cargo bench -p floci-gateway --bench peers

# Fuzz each protocol target for SECONDS (default 60) on stable Rust (docs/reliability.md).
fuzz seconds="60":
    cargo install cargo-fuzz --locked --quiet
    python3 emulator-core/fuzz/seeds.py
    cd emulator-core && for target in sigv4_scope rest_json_request json_rpc_request aws_query_request admin_json; do RUSTC_BOOTSTRAP=1 cargo fuzz run $target -s none -O -- -max_total_time={{seconds}} -print_final_stats=1; done

# What CI runs on a clean machine.
ci:
    bash .ci/run
