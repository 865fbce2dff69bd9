//! Every vendored model file is exactly what its ORIGIN.md says it is: `just update-models`
//! (update_models.py) writes the files and their notes together, so a file edited by hand, or
//! copied in without the script, fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One row of an origin table: `| `file` | botocore | `source` | sha256 | changed |`.
struct Row {
    file: String,
    botocore: String,
    sha256: String,
}

fn rows(note: &str) -> Vec<Row> {
    note.lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 5, "an origin row has five cells: {line}");
            Row {
                file: cells[0].trim_matches('`').to_owned(),
                botocore: cells[1].to_owned(),
                sha256: cells[3].to_owned(),
            }
        })
        .collect()
}

/// The model folders of every service crate.
fn model_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace().join("services"))
        .expect("services/ is readable")
        .map(|entry| entry.expect("a directory entry").path().join("model"))
        .filter(|dir| dir.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_vendored_model_matches_its_origin_note() {
    let dirs = model_dirs();
    assert!(dirs.len() >= 2, "found the model folders: {dirs:?}");
    for dir in dirs {
        let note_path = dir.join("ORIGIN.md");
        let note = std::fs::read_to_string(&note_path)
            .unwrap_or_else(|err| panic!("{} needs an ORIGIN.md: {err}", dir.display()));
        let rows = rows(&note);
        let listed: BTreeSet<&str> = rows.iter().map(|row| row.file.as_str()).collect();
        let present: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json"))
            .collect();
        let present: BTreeSet<&str> = present.iter().map(String::as_str).collect();
        assert_eq!(
            listed,
            present,
            "{} must list exactly the model files beside it",
            note_path.display()
        );
        for row in &rows {
            assert!(
                row.botocore
                    .split('.')
                    .all(|part| part.parse::<u32>().is_ok()),
                "{}: `{}` is not a botocore version",
                note_path.display(),
                row.botocore
            );
            let bytes = std::fs::read(dir.join(&row.file)).unwrap();
            let actual = hex::encode(Sha256::digest(&bytes));
            assert_eq!(
                actual,
                row.sha256,
                "{}/{} no longer matches its origin note: refresh with `just update-models` \
                 instead of editing a vendored model",
                dir.display(),
                row.file
            );
        }
    }
}

#[test]
fn origin_rows_are_read() {
    let note =
        "| `a-2020-01-01.service.json` | 1.2.3 | `botocore/data/a/2020-01-01/service-2.json` \
                | 00 | 2026-01-01 |\n| file | botocore |";
    let rows = rows(note);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].file, "a-2020-01-01.service.json");
    assert_eq!(rows[0].botocore, "1.2.3");
    assert_eq!(rows[0].sha256, "00");
}
