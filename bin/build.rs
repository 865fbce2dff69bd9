//! Links every service crate this package depends on (dependencies whose path is under
//! `../services/`), so their `inventory` registrations survive linking. Adding a service to the
//! binary is adding one dependency line; no source file names a service.
//!
//! On Linux with glibc it also shapes how the binary is linked, for the memory a running gateway
//! maps (docs/architecture.md, "How the binary is linked"): at a fixed address
//! (`link_at_fixed_address`) and, where rustc links with its own LLD, with the code the gateway
//! runs placed together (`place_hot_code_together`).

use std::fmt::Write;
use std::path::Path;

/// A position-independent executable is relocated at every start: the loader reads 400 KB of
/// relocations and rewrites every pointer in the read-only data (vtables, string tables, the
/// generated dispatch tables: 300 KB of `.data.rel.ro`), which makes those pages private, dirty
/// memory of the process. Linked at a fixed address the linker writes them once, into the file,
/// and the process only maps them. The cost is ASLR for the binary's own code and data
/// (libraries, heap and stacks stay randomized): see the threat model in docs/reliability.md;
/// `FLOCI_LINK_PIE=1` at build time keeps the position-independent link. A link argument for
/// this package's binaries only, so proc-macros, build scripts, tests and
/// benchmarks build as before; `just release` links at a fixed address already
/// (`-C relocation-model=static`).
fn link_at_fixed_address(target: &Target) {
    println!("cargo:rerun-if-env-changed=FLOCI_LINK_PIE");
    let keep_pie = std::env::var("FLOCI_LINK_PIE").is_ok_and(|v| v == "1" || v == "true");
    if target.linux_gnu && !keep_pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// The kernel maps a binary's code 64 KiB at a time around each page a process runs
/// (fault-around), so code the gateway runs, scattered over 10 MB of text, keeps most of the
/// text resident. `link-order.txt` lists the functions the gateway runs to start and to serve
/// every Backup operation group (`just link-order` writes it from callgrind profiles); LLD places
/// them first, in that order, and the rest after. A name the build does not define (the list
/// is older than a dependency or the toolchain) is skipped: the binary is the same, only its
/// memory grows back toward the unordered figure, which `FLOCI_BENCH_ONLY=memory` shows.
///
/// Only where rustc links with its own LLD by default (rustc 1.90 and later for
/// x86_64-unknown-linux-gnu, from a toolchain that ships it) and no other linker is configured:
/// GNU ld does not take the option. The bundled LLD is then named explicitly, as rustc names it,
/// so that a toolchain built with another default still hands the option to LLD. Release builds
/// only: other profiles name their symbols differently.
fn place_hot_code_together(target: &Target, manifest_dir: &Path) {
    let order = manifest_dir.join("link-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let other_linker = std::env::var_os("RUSTC_LINKER").is_some()
        || std::env::var("CARGO_ENCODED_RUSTFLAGS")
            .is_ok_and(|flags| flags.contains("linker") || flags.contains("fuse-ld"));
    if target.triple != "x86_64-unknown-linux-gnu" || !release || other_linker || !order.is_file() {
        return;
    }
    let Some(rustc) = Rustc::probe() else {
        return;
    };
    let lld_dir = rustc
        .sysroot
        .join("lib/rustlib")
        .join(&target.triple)
        .join("bin/gcc-ld");
    if rustc.minor >= 90 && lld_dir.join("ld.lld").is_file() {
        println!("cargo:rustc-link-arg-bins=-fuse-ld=lld");
        println!("cargo:rustc-link-arg-bins=-B{}", lld_dir.display());
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// The compiler cargo runs.
struct Rustc {
    /// The `N` of its `1.N` release.
    minor: u32,
    sysroot: std::path::PathBuf,
}

impl Rustc {
    fn probe() -> Option<Self> {
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let run = |args: &[&str]| {
            let out = std::process::Command::new(&rustc)
                .args(args)
                .output()
                .ok()?;
            String::from_utf8(out.stdout).ok()
        };
        let version = run(&["-vV"])?;
        let release = version.lines().find_map(|l| l.strip_prefix("release: "))?;
        let minor = release.split('.').nth(1)?.parse().ok()?;
        let sysroot = run(&["--print", "sysroot"])?.trim().into();
        Some(Self { minor, sysroot })
    }
}

/// What the build scripts learn of the target.
struct Target {
    triple: String,
    linux_gnu: bool,
}

impl Target {
    fn from_env() -> Self {
        let var = |name| std::env::var(name).unwrap_or_default();
        Self {
            triple: var("TARGET"),
            linux_gnu: var("CARGO_CFG_TARGET_OS") == "linux"
                && var("CARGO_CFG_TARGET_ENV") == "gnu",
        }
    }
}

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let target = Target::from_env();
    link_at_fixed_address(&target);
    place_hot_code_together(&target, Path::new(&manifest_dir));
    let manifest_path = Path::new(&manifest_dir).join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest_path.display());
    let text = std::fs::read_to_string(&manifest_path).expect("read Cargo.toml");
    let manifest: toml::Table = text.parse().expect("parse Cargo.toml");
    let mut source =
        String::from("// @generated by build.rs: one line per linked service crate.\n");
    if let Some(deps) = manifest.get("dependencies").and_then(|d| d.as_table()) {
        for (name, spec) in deps {
            let path = spec
                .get("path")
                .and_then(|p| p.as_str())
                .unwrap_or_default();
            if path.starts_with("../services/") {
                let _ = writeln!(source, "extern crate {};", name.replace('-', "_"));
            }
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("services.rs");
    std::fs::write(out, source).expect("write services.rs");
}
