//! STS's typed API: request and response structures, the [`generated::StsApi`] trait (one
//! method per operation) and its dispatcher, all generated from the vendored model by
//! `model-codegen` and committed (`just codegen` regenerates; a test fails on any drift).

pub mod generated;

#[cfg(test)]
mod written_outputs_tests;
