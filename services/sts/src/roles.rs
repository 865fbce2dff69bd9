//! IAM role ARNs as `AssumeRole` reads them: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`.

use emulator_core::credentials::is_account_id;
use emulator_core::ServiceError;

use crate::errors;

/// A role named by its ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleArn {
    /// The ARN as given.
    pub arn: String,
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// The account that owns the role (and in which its sessions act).
    pub account_id: String,
    /// The role's name, without its path.
    pub name: String,
}

impl RoleArn {
    /// Parses `arn`; anything but an IAM role ARN is a `ValidationError`.
    pub fn parse(arn: &str) -> Result<Self, ServiceError> {
        let invalid = || {
            errors::constraint(
                arn,
                "roleArn",
                "Member must be the ARN of an IAM role (arn:aws:iam::<account id>:role/<name>)",
            )
        };
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(invalid());
        };
        let name = resource
            .strip_prefix("role/")
            .and_then(|path| path.rsplit('/').next())
            .filter(|name| !name.is_empty())
            .ok_or_else(invalid)?;
        if partition.is_empty() || !is_account_id(account) {
            return Err(invalid());
        }
        Ok(Self {
            arn: arn.to_owned(),
            partition: partition.to_owned(),
            account_id: account.to_owned(),
            name: name.to_owned(),
        })
    }

    /// The ARN of a session of this role: `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`.
    pub fn session_arn(&self, session_name: &str) -> String {
        format!(
            "arn:{}:sts::{}:assumed-role/{}/{session_name}",
            self.partition, self.account_id, self.name
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_role_arns_with_and_without_paths() {
        let role = RoleArn::parse("arn:aws:iam::111122223333:role/team/ops/backup-admin").unwrap();
        assert_eq!(role.account_id, "111122223333");
        assert_eq!(role.name, "backup-admin");
        assert_eq!(
            role.session_arn("s1"),
            "arn:aws:sts::111122223333:assumed-role/backup-admin/s1"
        );
        for bad in [
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::1111:role/x",
            "arn:aws:s3:::111122223333:role/x",
            "arn:aws:iam::111122223333:role/",
            "not-an-arn-at-all-really",
        ] {
            assert!(RoleArn::parse(bad).is_err(), "{bad}");
        }
    }
}
