//! `model-codegen --model <path> --service-name <name> --trait-name <name> [--views <Operation,...>] [--out <path>] [--check]`
//!
//! Writes the generated Rust file to `--out` (standard output without it). With `--check`,
//! writes nothing and fails when `--out` differs from what would be generated.

use std::process::ExitCode;

use model_codegen::{generate, Options};

const USAGE: &str = "usage: model-codegen --model <path> --service-name <name> --trait-name <name> [--views <Operation,...>] [--out <path>] [--check]";

struct Args {
    model: String,
    options: Options,
    out: Option<String>,
    check: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut model = None;
    let mut service_name = None;
    let mut trait_name = None;
    let mut views = None;
    let mut out = None;
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--model" => &mut model,
            "--service-name" => &mut service_name,
            "--trait-name" => &mut trait_name,
            "--views" => &mut views,
            "--out" => &mut out,
            "--check" => {
                check = true;
                continue;
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        };
        match args.next() {
            Some(value) => *slot = Some(value),
            None => return Err(format!("`{arg}` needs a value\n{USAGE}")),
        }
    }
    let missing = |name: &str| format!("missing {name}\n{USAGE}");
    if check && out.is_none() {
        return Err(format!("--check needs --out\n{USAGE}"));
    }
    Ok(Args {
        model: model.ok_or_else(|| missing("--model"))?,
        options: Options {
            service_name: service_name.ok_or_else(|| missing("--service-name"))?,
            trait_name: trait_name.ok_or_else(|| missing("--trait-name"))?,
            views: views
                .map(|list: String| list.split(',').map(str::to_owned).collect())
                .unwrap_or_default(),
        },
        out,
        check,
    })
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let model = std::fs::read_to_string(&args.model)
        .map_err(|err| format!("cannot read {}: {err}", args.model))?;
    let code = generate(&model, &args.options).map_err(|err| format!("{}: {err}", args.model))?;
    match (&args.out, args.check) {
        (Some(out), true) => {
            let current = std::fs::read_to_string(out).unwrap_or_default();
            if current != code {
                return Err(format!(
                    "{out} is out of date with {}; run `just codegen`",
                    args.model
                ));
            }
        }
        (Some(out), false) => {
            if let Some(dir) = std::path::Path::new(out).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
                }
            }
            std::fs::write(out, &code).map_err(|err| format!("cannot write {out}: {err}"))?;
        }
        (None, _) => print!("{code}"),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("model-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}
