//! Resource-based IAM policy documents (a vault access policy, a bucket policy): the JSON shape
//! ([`PolicyDocument`]) and the decision for one request ([`PolicyDocument::evaluate`]).
//!
//! No mature crate evaluates policy documents (crates.io's `aws-iam` 0.2 has an experimental
//! offline evaluator, unmaintained since 2020), so serde reads the documented grammar and this
//! crate keeps only the small evaluation AWS documents for resource policies: a statement
//! applies when its `Principal`, `Action` and `Resource` (or their `Not…` forms) match; an
//! applying `Deny` wins over any `Allow`; with no applying statement the answer is an implicit
//! deny. `*` and `?` are wildcards in actions and resources; action names compare without case.
//!
//! `Condition` blocks are not evaluated (their keys describe the caller's organization,
//! network and MFA, which an emulator does not have): an `Allow` with a condition does not
//! apply, and a `Deny` with one does (fail closed).
//!
//! ```
//! use aws_policy::{Decision, PolicyDocument, Request};
//!
//! let policy = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[{
//!     "Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},
//!     "Action":"backup:CopyIntoBackupVault","Resource":"*"}]}"#).unwrap();
//! let request = Request {
//!     account_id: "111111111111",
//!     principal_arn: Some("arn:aws:iam::111111111111:role/copy"),
//!     action: "backup:CopyIntoBackupVault",
//!     resource: "arn:aws:backup:us-east-1:222222222222:backup-vault:v",
//! };
//! assert_eq!(policy.evaluate(&request), Decision::Allow);
//! ```

#![warn(missing_docs)]

mod document;
mod evaluate;
mod pattern;

pub use document::{Effect, OneOrMany, PolicyDocument, Principal, Statement};
pub use evaluate::{Decision, Request};
