//! How a read of a vault that does not exist is answered (`FLOCI_SERVICES_BACKUP_MISSING_VAULT_ERROR`).
//!
//! AWS authorises vault reads against the vault's ARN, so a vault that does not exist answers
//! `AccessDeniedException` (HTTP 403), not `ResourceNotFoundException`: DescribeBackupVault,
//! GetBackupVaultAccessPolicy and DescribeRecoveryPoint in a missing vault. Terraform's AWS
//! provider (`internal/service/backup`, `findVault`, `findVaultAccessPolicyByName`, and
//! `FindRecoveryPointByTwoPartKey` up to v5) and Ansible's `amazon.aws.backup_vault` read that
//! answer as "absent". Tests written against the emulator's earlier answer can ask for
//! `ResourceNotFoundException` instead.

use std::str::FromStr;

use emulator_core::ServiceError;

use crate::support::errors::{access_denied, not_found};

/// The answer to a read of a vault that does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingVaultError {
    /// `AccessDeniedException` (HTTP 403), as AWS answers.
    #[default]
    AccessDenied,
    /// `ResourceNotFoundException` (HTTP 400), the emulator's answer before issue 22.
    ResourceNotFound,
}

impl MissingVaultError {
    /// The error for vault `name`, which does not exist.
    pub fn error(self, name: &str) -> ServiceError {
        match self {
            Self::AccessDenied => access_denied(),
            Self::ResourceNotFound => not_found(format!("Backup vault {name} does not exist.")),
        }
    }
}

impl FromStr for MissingVaultError {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "AccessDeniedException" => Ok(Self::AccessDenied),
            "ResourceNotFoundException" => Ok(Self::ResourceNotFound),
            other => Err(format!(
                "'{other}' is not AccessDeniedException or ResourceNotFoundException"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_answers_and_refuses_others() {
        assert_eq!(
            "AccessDeniedException".parse::<MissingVaultError>(),
            Ok(MissingVaultError::AccessDenied)
        );
        assert_eq!(
            "ResourceNotFoundException".parse::<MissingVaultError>(),
            Ok(MissingVaultError::ResourceNotFound)
        );
        assert!("NotFound".parse::<MissingVaultError>().is_err());
    }

    #[test]
    fn access_denied_is_a_403() {
        let error = MissingVaultError::AccessDenied.error("v");
        assert_eq!(error.status(), 403);
        assert_eq!(MissingVaultError::ResourceNotFound.error("v").status(), 400);
    }
}
