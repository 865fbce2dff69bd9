//! Every service crate that declares the layers (a `[package.metadata.service-layers]` table in
//! its Cargo.toml) keeps them: see `src/lib.rs` for the rules and docs/architecture.md for why.

use std::path::{Path, PathBuf};

fn services() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services")
}

/// The crates under services/ that declare the layers.
fn layered() -> Vec<(String, PathBuf)> {
    let mut crates: Vec<(String, PathBuf)> = std::fs::read_dir(services())
        .expect("services/ is readable")
        .filter_map(|e| e.ok())
        .filter(|e| {
            std::fs::read_to_string(e.path().join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.contains("[package.metadata.service-layers]"))
        })
        .map(|e| e.path().join("src"))
        .map(|src| {
            let name = src.parent().unwrap().file_name().unwrap();
            (name.to_string_lossy().into_owned(), src)
        })
        .collect();
    crates.sort();
    crates
}

#[test]
fn backup_and_opsworkscm_declare_the_layers() {
    let names: Vec<String> = layered().into_iter().map(|(name, _)| name).collect();
    for expected in ["backup", "opsworkscm"] {
        assert!(
            names.iter().any(|n| n == expected),
            "services/{expected}/Cargo.toml no longer declares the layers ({names:?})"
        );
    }
}

#[test]
fn layered_services_keep_their_layers() {
    let mut failures = Vec::new();
    for (name, src) in layered() {
        let sources = service_layers::read_sources(&src).expect("src/ is readable");
        let report = service_layers::check(&sources);
        if std::env::var_os("SERVICE_LAYERS_EDGES").is_some() {
            for e in &report.edges {
                eprintln!("{name}: {} -> {} (line {})", e.from, e.to, e.line);
            }
        }
        failures.extend(
            report
                .problems
                .into_iter()
                .map(|p| format!("services/{name}/src/{p}")),
        );
    }
    assert!(
        failures.is_empty(),
        "{} layering problems (rules: crates/service-layers/src/lib.rs):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
