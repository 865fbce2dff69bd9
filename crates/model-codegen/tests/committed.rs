//! The generated files committed in the repository must be exactly what the generator
//! produces from the vendored models.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use model_codegen::{generate, Options};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// The first line where `a` and `b` differ, for failure messages.
fn first_difference(a: &str, b: &str) -> String {
    let (mut a_lines, mut b_lines) = (a.lines(), b.lines());
    let mut line = 1;
    loop {
        match (a_lines.next(), b_lines.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => return "only in line endings".to_owned(),
            (x, y) => {
                return format!(
                    "line {line}:\n  committed: {}\n  generated: {}",
                    x.unwrap_or("<end of file>"),
                    y.unwrap_or("<end of file>")
                )
            }
        }
    }
}

/// The `--views` the `codegen` recipe in the justfile passes for Backup.
const BACKUP_VIEWS: &[&str] = &[
    "ListBackupVaults",
    "DescribeBackupVault",
    "CreateBackupVault",
];

fn backup() -> String {
    let model = read(&workspace().join("services/backup/model/backup-2018-11-15.service.json"));
    let options = Options {
        service_name: "Backup".to_owned(),
        trait_name: "BackupApi".to_owned(),
        views: BACKUP_VIEWS.iter().map(|op| op.to_string()).collect(),
    };
    generate(&model, &options).expect("the Backup model generates")
}

#[test]
fn committed_backup_api_is_up_to_date() {
    let path = workspace().join("services/backup/src/api/generated.rs");
    let committed = read(&path);
    let generated = backup();
    assert!(
        committed == generated,
        "services/backup/src/api/generated.rs is not what model-codegen generates from \
         services/backup/model/backup-2018-11-15.service.json; run `just codegen` to regenerate it \
         (never edit it by hand). First difference at {}",
        first_difference(&committed, &generated)
    );
}

/// How many operations a vendored model has.
fn operation_count(model: &str) -> usize {
    let model: serde_json::Value = serde_json::from_str(model).expect("the model is JSON");
    model["operations"]
        .as_object()
        .expect("an operations map")
        .len()
}

#[test]
fn backup_api_covers_the_model() {
    let code = backup();
    let model = read(&workspace().join("services/backup/model/backup-2018-11-15.service.json"));
    assert_eq!(
        code.matches("\n    async fn ").count(),
        operation_count(&model)
    );
    assert!(code.contains("#[emulator_core::async_trait]\npub trait BackupApi: Send + Sync {"));
    assert!(code.contains("pub const SERVICE_NAME: &str = \"Backup\";"));
    assert!(code.contains("pub struct CreateBackupVaultInput {"));
    assert!(code.contains("pub enum BackupJobState {"));
}

/// What the `codegen` recipe generates for STS (an awsQuery model: the typed API is the same
/// as for JSON protocols; the gateway writes the XML).
fn sts() -> String {
    let model = read(&workspace().join("services/sts/model/sts-2011-06-15.service.json"));
    let options = Options {
        service_name: "STS".to_owned(),
        trait_name: "StsApi".to_owned(),
        views: Vec::new(),
    };
    generate(&model, &options).expect("the STS model generates")
}

#[test]
fn committed_sts_api_is_up_to_date() {
    let path = workspace().join("services/sts/src/api/generated.rs");
    let committed = read(&path);
    let generated = sts();
    assert!(
        committed == generated,
        "services/sts/src/api/generated.rs is not what model-codegen generates from \
         services/sts/model/sts-2011-06-15.service.json; run `just codegen` to regenerate it \
         (never edit it by hand). First difference at {}",
        first_difference(&committed, &generated)
    );
}

#[test]
fn generated_files_are_rustfmt_clean() {
    let mut files = vec![("backup".to_owned(), backup()), ("sts".to_owned(), sts())];
    let opsworkscm =
        workspace().join("services/opsworkscm/model/opsworkscm-2016-11-01.service.json");
    let options = Options {
        service_name: "OpsWorksCM".to_owned(),
        trait_name: "OpsWorksCmApi".to_owned(),
        views: Vec::new(),
    };
    files.push((
        "opsworkscm".to_owned(),
        generate(&read(&opsworkscm), &options).expect("the OpsWorks CM model generates"),
    ));
    for (name, code) in files {
        // CI installs rustfmt before the tests (`cargo fmt` runs first), so a missing one is
        // a broken machine, not a reason to skip the check.
        let mut child = Command::new("rustfmt")
            .args(["--edition", "2021"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rustfmt runs (rustup component add rustfmt)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(code.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "rustfmt failed on {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let formatted = String::from_utf8(output.stdout).unwrap();
        assert!(
            formatted == code,
            "the generated {name} file is not rustfmt-clean; first difference at {}",
            first_difference(&formatted, &code)
        );
    }
}
