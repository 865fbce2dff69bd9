use std::collections::BTreeMap;

use super::*;

fn krate(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect()
}

fn problems(files: &[(&str, &str)]) -> Vec<String> {
    check(&krate(files)).problems
}

const LIB: &str =
    "mod api; mod support; mod model; mod state; mod engine; mod ops; mod drivers; mod handlers;";

fn base() -> Vec<(&'static str, &'static str)> {
    vec![
        ("lib.rs", LIB),
        ("api/mod.rs", "pub mod generated;"),
        ("api/generated.rs", "pub struct Input;"),
        ("support/mod.rs", "pub mod errors;"),
        ("support/errors.rs", "use crate::api::generated::Input; pub fn bad() {}"),
        ("model/mod.rs", "pub mod vault;"),
        ("model/vault.rs", "pub struct Vault { pub name: String }"),
        ("state.rs", "use crate::model::vault::Vault; pub struct RegionState { v: Vec<Vault> }"),
        ("engine/mod.rs", "use crate::state::RegionState; pub struct Backend;"),
        ("ops/mod.rs", "pub mod vaults; pub mod plans;"),
        ("ops/vaults.rs", "mod listing; use crate::engine::Backend; pub fn create_backup_vault(b: &Backend) { listing::page(); crate::support::errors::bad(); }"),
        ("ops/vaults/listing.rs", "pub fn page() {}"),
        ("ops/plans.rs", "pub fn create_backup_plan() {}"),
        ("drivers/mod.rs", "pub mod scheduler;"),
        ("drivers/scheduler.rs", "use crate::engine::Backend;"),
        ("handlers.rs", "fn h() { crate::ops::vaults::create_backup_vault(x); crate::ops::plans::create_backup_plan(); }"),
    ]
}

fn with(replace: (&'static str, &'static str)) -> Vec<(&'static str, &'static str)> {
    let mut files = base();
    files.retain(|(p, _)| *p != replace.0);
    files.push(replace);
    files
}

#[test]
fn a_layered_crate_passes() {
    assert_eq!(problems(&base()), Vec::<String>::new());
}

#[test]
fn an_upward_import_fails() {
    let p = problems(&with((
        "model/vault.rs",
        "use crate::state::RegionState; pub struct Vault;",
    )));
    assert!(
        p.iter()
            .any(|p| p.contains("model/vault.rs:1: imports state.rs")),
        "{p:?}"
    );
}

#[test]
fn an_upward_path_in_code_fails() {
    let p = problems(&with((
        "engine/mod.rs",
        "pub struct Backend;\nfn f() { crate::ops::plans::create_backup_plan(); }",
    )));
    assert!(
        p.iter()
            .any(|p| p.contains("engine/mod.rs:2: imports ops/plans.rs")),
        "{p:?}"
    );
}

#[test]
fn drivers_may_not_import_ops() {
    let p = problems(&with((
        "drivers/scheduler.rs",
        "use crate::ops::{plans::{self}};\nfn f() { plans::create_backup_plan() }",
    )));
    assert!(
        p.iter()
            .any(|p| p.contains("drivers/scheduler.rs:1: imports ops/plans.rs")),
        "{p:?}"
    );
}

#[test]
fn an_ops_file_importing_another_fails() {
    let p = problems(&with((
        "ops/plans.rs",
        "use super::vaults as v;\npub fn create_backup_plan() { v::create_backup_vault(); }",
    )));
    assert!(
        p.iter()
            .any(|p| p.contains("ops/plans.rs:1: imports ops/vaults.rs (an ops file never")),
        "{p:?}"
    );
}

#[test]
fn an_ops_file_re_exporting_fails() {
    let p = problems(&with((
        "ops/mod.rs",
        "pub mod vaults; pub mod plans; pub use plans::create_backup_plan;",
    )));
    assert!(p.iter().any(|p| p.contains("re-exports")), "{p:?}");
}

#[test]
fn test_code_is_left_out() {
    let files = with((
        "model/vault.rs",
        "pub struct Vault;\n#[cfg(test)]\nmod tests { use crate::ops::plans; }\n#[cfg(test)]\nmod more;\n#[cfg(test)]\nfn helper() -> Vec<u8> { crate::state::x() }",
    ));
    assert_eq!(problems(&files), Vec::<String>::new());
}

#[test]
fn comments_and_strings_are_not_imports() {
    let files = with((
        "model/vault.rs",
        "// crate::ops::plans::x\n/* crate::state::y */ pub const S: &str = \"crate::ops::plans::z\"; pub const C: char = '\\''; pub const R: &str = r#\"crate::ops::plans\"#;",
    ));
    assert_eq!(problems(&files), Vec::<String>::new());
}

#[test]
fn a_cycle_of_four_files_fails_and_of_three_passes() {
    let mut files = base();
    files.retain(|(p, _)| !p.starts_with("model/"));
    files.push((
        "model/mod.rs",
        "pub mod a; pub mod b; pub mod c; pub mod d;",
    ));
    files.push(("model/vault.rs", ""));
    files.push(("model/a.rs", "use super::b::B; pub struct A;"));
    files.push(("model/b.rs", "use super::c::C; pub struct B;"));
    files.push(("model/c.rs", "use super::a::A; pub struct C;"));
    files.push(("model/d.rs", "pub struct D;"));
    assert_eq!(problems(&files), Vec::<String>::new());
    files.retain(|(p, _)| *p != "model/c.rs" && *p != "model/d.rs");
    files.push(("model/c.rs", "use super::d::D; pub struct C;"));
    files.push(("model/d.rs", "use super::a::A; pub struct D;"));
    let p = problems(&files);
    assert!(
        p.iter().any(|p| p.contains("import cycle of 4 files")),
        "{p:?}"
    );
}

#[test]
fn a_handler_naming_the_wrong_file_fails() {
    let p = problems(&with((
        "handlers.rs",
        "fn h() {\n crate::ops::plans::create_backup_vault(x); }",
    )));
    assert!(p.iter().any(|p| p.contains("handlers.rs:2: calls crate::ops::plans::create_backup_vault but ops/plans.rs does not define")), "{p:?}");
}

#[test]
fn a_file_outside_the_layers_fails() {
    let mut files = with(("lib.rs", "mod api; mod support; mod model; mod state; mod engine; mod ops; mod drivers; mod handlers; mod misc;"));
    files.push(("misc.rs", ""));
    let p = problems(&files);
    assert!(
        p.iter().any(|p| p.contains("misc.rs: in no layer")),
        "{p:?}"
    );
}
