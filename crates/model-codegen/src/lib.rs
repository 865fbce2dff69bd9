//! Generates Rust source from a botocore AWS API model (the `*.service.json` files in
//! `botocore/data`): one file per service with
//!
//! - a `#[derive(Serialize, Deserialize)]` struct per structure shape (exceptions excepted),
//!   fields in snake case renamed to the model's member names, `Option` for members that are
//!   not required, `Box` where shapes recurse;
//! - an enum per string shape with an `enum`, with `ALL`, `as_str`, `Display` and `FromStr`;
//! - a service trait with one `async` method per operation, each defaulting to
//!   `NotImplemented`, and a `dispatch` function routing an operation name and its JSON input
//!   to that trait;
//! - `OPERATIONS`, every operation name.
//!
//! With [`Options::views`], the output structures of the operations named there take their
//! string type as a parameter, so a view borrowing its strings writes exactly as the owned
//! structure does, and those operations return that writing.
//!
//! The output is deterministic and already rustfmt-formatted, so it can be committed and
//! checked against a fresh generation. Primitive shapes are inlined (`String`, `i32`, `i64`,
//! `bool`, `f64`, `emulator_core::dto::Timestamp`, blobs as base64 `String`), lists are `Vec`
//! and maps `BTreeMap<String, _>`.

mod emit;
mod model;
mod naming;
#[cfg(test)]
mod tests;

use std::fmt;

/// What the model does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The service name `NotImplemented` errors report, e.g. `Backup`.
    pub service_name: String,
    /// The name of the generated trait, e.g. `BackupApi`.
    pub trait_name: String,
    /// Operations whose trait methods return their output already written
    /// (`emulator_core::dto::Written`), from a view that borrows its strings: the output
    /// structures they reach that hold strings take the string type as a parameter
    /// (`BackupVaultListMember<S = String>`). For listings whose pages would otherwise copy
    /// every string they show.
    pub views: Vec<String>,
}

/// Why a model could not be turned into Rust.
#[derive(Debug)]
pub enum CodegenError {
    /// The model is not JSON.
    Json(serde_json::Error),
    /// The model is JSON but not a well-formed botocore model.
    InvalidModel(String),
    /// The model uses something the generator does not handle.
    Unsupported(String),
    /// An [`Options`] value is unusable.
    InvalidOption(String),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(err) => write!(f, "the model is not valid JSON: {err}"),
            Self::InvalidModel(message) => write!(f, "invalid model: {message}"),
            Self::Unsupported(message) => write!(f, "unsupported model: {message}"),
            Self::InvalidOption(message) => write!(f, "invalid option: {message}"),
        }
    }
}

impl std::error::Error for CodegenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(err) => Some(err),
            _ => None,
        }
    }
}

/// Generates the Rust file for the model `model_json`.
pub fn generate(model_json: &str, options: &Options) -> Result<String, CodegenError> {
    let model = model::parse(model_json)?;
    emit::emit(&model, options)
}
