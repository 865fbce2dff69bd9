//! The committed `src/api/generated.rs` must be exactly what `model-codegen` generates from the
//! vendored model (`just codegen` regenerates it).

use std::path::Path;

use model_codegen::{generate, Options};

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

fn generated() -> String {
    let options = Options {
        service_name: "OpsWorksCM".to_owned(),
        trait_name: "OpsWorksCmApi".to_owned(),
        views: Vec::new(),
    };
    generate(opsworkscm::MODEL_JSON, &options).expect("the OpsWorks CM model generates")
}

#[test]
fn committed_opsworkscm_api_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api/generated.rs");
    let committed = read(&path);
    let generated = generated();
    assert!(
        committed == generated,
        "services/opsworkscm/src/api/generated.rs is not what model-codegen generates from \
         services/opsworkscm/model/opsworkscm-2016-11-01.service.json; run `just codegen` to \
         regenerate it (never edit it by hand). First difference at {}",
        first_difference(&committed, &generated)
    );
}

#[test]
fn opsworkscm_api_covers_the_model() {
    let code = generated();
    assert_eq!(code.matches("\n    async fn ").count(), 19);
    assert!(code.contains("#[emulator_core::async_trait]\npub trait OpsWorksCmApi: Send + Sync {"));
    assert!(code.contains("pub const SERVICE_NAME: &str = \"OpsWorksCM\";"));
    assert!(code.contains("pub enum ServerStatus {"));
}
