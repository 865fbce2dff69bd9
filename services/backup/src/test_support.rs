//! What the unit tests of every module share: the service under test, the caller they act as,
//! the exception name an error goes out as, and a JSON call through the service's dispatcher.
//! Helpers that build one resource (a vault, a recovery point, a scan job) stay in the
//! `test_support` module of the code that owns that resource.

use emulator_core::{RequestContext, Service, ServiceError, ServiceSettings};
use serde_json::Value;

use crate::support::errors::VALIDATION_ERRORS;
use crate::BackupService;

/// The account of the unit tests' caller.
pub const ACCOUNT: &str = "111122223333";

/// The region of the unit tests' caller.
pub const REGION: &str = "us-east-1";

/// A fresh service with empty state, default settings and its own clock at system time.
pub fn service() -> BackupService {
    let settings = ServiceSettings::new(
        "backup",
        Default::default(),
        Default::default(),
        Default::default(),
    );
    BackupService::new(&settings).expect("default settings are valid")
}

/// The caller of the unit tests: [`ACCOUNT`] in [`REGION`].
pub fn ctx() -> RequestContext {
    RequestContext::new(ACCOUNT, REGION)
}

/// The exception name `error` goes out as on the wire.
pub fn code(error: &ServiceError) -> &str {
    error.code_name(&VALIDATION_ERRORS)
}

/// Calls `operation` as [`ctx`] with a JSON input, the way the gateway does, and answers its
/// JSON output; panics with the operation's name when it fails.
pub async fn call(svc: &BackupService, operation: &str, input: Value) -> Value {
    svc.call_value(&ctx(), operation, input)
        .await
        .unwrap_or_else(|error| panic!("{operation}: {error}"))
}

/// The string member `member` of a JSON output; panics when it is missing.
pub fn text<'a>(value: &'a Value, member: &str) -> &'a str {
    value[member]
        .as_str()
        .unwrap_or_else(|| panic!("{member} in {value}"))
}

/// The recovery point of the backup job StartBackupJob answered as `started`, from
/// DescribeBackupJob: StartBackupJob answers it only for EFS and advanced DynamoDB, as AWS.
pub async fn written_point(svc: &BackupService, started: &Value) -> String {
    let job = call(
        svc,
        "DescribeBackupJob",
        serde_json::json!({"BackupJobId": text(started, "BackupJobId")}),
    )
    .await;
    text(&job, "RecoveryPointArn").to_owned()
}
