//! Backup plan documents as JSON text: what ExportBackupPlanTemplate writes and
//! GetBackupPlanFromJSON reads.
//!
//! The document is the `BackupPlan` member of CreateBackupPlan (`BackupPlanName`, `Rules`,
//! optional `AdvancedBackupSettings` and `ScanSettings`), so an exported template can be fed back
//! to GetBackupPlanFromJSON or used as `--backup-plan` as is. A document wrapped as
//! `{"BackupPlan": {...}}` (the CreateBackupPlan request body) is accepted too.

use emulator_core::ServiceError;
use serde_json::Value;

use crate::api::generated::BackupPlanInput;
use crate::support::errors::invalid_request;

/// Parses a plan document. Malformed JSON or a document of the wrong shape is an
/// `InvalidRequestException`; the values are checked by the caller.
pub fn parse_document(text: &str) -> Result<BackupPlanInput, ServiceError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        invalid_request(format!(
            "Invalid backup plan template JSON: the document is not valid JSON ({e})"
        ))
    })?;
    let document = match value {
        Value::Object(mut object) if object.len() == 1 && object.contains_key("BackupPlan") => {
            object.remove("BackupPlan").unwrap_or(Value::Null)
        }
        other => other,
    };
    serde_json::from_value(document).map_err(|e| {
        invalid_request(format!(
            "Invalid backup plan template JSON: expected a backup plan document with \
             BackupPlanName and Rules ({e})"
        ))
    })
}

/// Writes a plan document as compact JSON.
pub fn write_document(document: &BackupPlanInput) -> Result<String, ServiceError> {
    serde_json::to_string(document)
        .map_err(|e| ServiceError::internal(format!("cannot serialize a backup plan: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bare_and_wrapped_documents() {
        let bare =
            r#"{"BackupPlanName":"p","Rules":[{"RuleName":"r","TargetBackupVaultName":"v"}]}"#;
        let plan = parse_document(bare).unwrap();
        assert_eq!(plan.backup_plan_name, "p");
        assert_eq!(plan.rules[0].target_backup_vault_name, "v");
        let wrapped = format!(r#"{{"BackupPlan":{bare}}}"#);
        assert_eq!(parse_document(&wrapped).unwrap(), plan);
    }

    #[test]
    fn rejects_malformed_and_misshapen_documents() {
        for bad in [
            "{",
            "[]",
            r#"{"BackupPlanName":"p"}"#,
            r#"{"BackupPlanName":"p","Rules":[{"RuleName":"r","TargetBackupVaultName":"v","StartWindowMinutes":"x"}]}"#,
        ] {
            let error = parse_document(bad).unwrap_err();
            assert!(
                error
                    .message()
                    .starts_with("Invalid backup plan template JSON"),
                "{bad}"
            );
        }
    }

    #[test]
    fn round_trips() {
        let text = r#"{"BackupPlanName":"p","Rules":[{"RuleName":"r","TargetBackupVaultName":"v","Lifecycle":{"DeleteAfterDays":35}}]}"#;
        let plan = parse_document(text).unwrap();
        assert_eq!(
            parse_document(&write_document(&plan).unwrap()).unwrap(),
            plan
        );
    }
}
