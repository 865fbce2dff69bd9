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
    cargo run -q -p model-codegen -- --model services/backup/model/backup-2018-11-15.service.json --service-name Backup --trait-name BackupApi --out services/backup/src/api/generated.rs
    cargo run -q -p model-codegen -- --model services/opsworkscm/model/opsworkscm-2016-11-01.service.json --service-name OpsWorksCM --trait-name OpsWorksCmApi --out services/opsworkscm/src/api/generated.rs

# Benchmarks in release mode: start-up time and idle memory (see docs/benchmarks.md), and the
# Backup plan scheduler with 100,000 pending runs (see docs/backup-scheduler.md).
bench:
    cargo bench -p floci-gateway --bench startup
    cargo bench -p backup --bench scheduler

# Fuzz each protocol target for SECONDS (default 60) on stable Rust (docs/reliability.md).
fuzz seconds="60":
    cargo install cargo-fuzz --locked --quiet
    python3 emulator-core/fuzz/seeds.py
    cd emulator-core && for target in sigv4_scope rest_json_request json_rpc_request; do RUSTC_BOOTSTRAP=1 cargo fuzz run $target -s none -O -- -max_total_time={{seconds}} -print_final_stats=1; done

# What CI runs on a clean machine.
ci:
    bash .ci/run
