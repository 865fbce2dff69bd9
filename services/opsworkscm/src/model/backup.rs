//! Backups as stored.

use emulator_core::dto::Timestamp;

use crate::api::generated::*;
use crate::model::server::ServerConfig;

/// Manual backups one account may keep in one region (`ManualBackupLimit`).
pub const MANUAL_BACKUP_LIMIT: usize = 50;

/// Who asked for a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// CreateBackup.
    Manual {
        /// The user's description.
        description: Option<String>,
        /// The requester.
        user_arn: String,
    },
    /// The server's backup window.
    Automated,
}

/// Everything OpsWorks CM keeps about one backup.
#[derive(Debug, Clone)]
pub struct BackupRecord {
    /// `{ServerName}-{yyyyMMddHHmmssSSS}`.
    pub id: String,
    /// `arn:aws:opsworks-cm:{region}:{account}:backup/{id}`.
    pub arn: String,
    /// Manual or automated.
    pub origin: Origin,
    /// IN_PROGRESS, OK or DELETING.
    pub status: BackupStatus,
    /// When the backup started.
    pub created_at: Timestamp,
    /// The server it was taken from.
    pub server_name: String,
    /// That server's unique id (a later server of the same name is another server).
    pub server_id: String,
    /// The server's settings when the backup started.
    pub config: ServerConfig,
    /// Where the backup's log lives.
    pub s3_log_url: String,
}

impl BackupRecord {
    /// Whether the backup window (not a user) took it.
    pub fn is_automated(&self) -> bool {
        self.origin == Origin::Automated
    }

    /// The backup as the API describes it.
    pub fn to_api(&self) -> Backup {
        let config = &self.config;
        let (backup_type, description, user_arn) = match &self.origin {
            Origin::Manual {
                description,
                user_arn,
            } => (
                BackupType::Manual,
                description.clone(),
                Some(user_arn.clone()),
            ),
            Origin::Automated => (BackupType::Automated, None, None),
        };
        let status_description = match self.status {
            BackupStatus::InProgress => "Backup is in progress.",
            BackupStatus::Ok => "Backup completed successfully.",
            BackupStatus::Failed => "Backup failed.",
            BackupStatus::Deleting => "Backup is being deleted.",
        };
        Backup {
            backup_arn: Some(self.arn.clone()),
            backup_id: Some(self.id.clone()),
            backup_type: Some(backup_type),
            created_at: Some(self.created_at),
            description,
            engine: Some(config.engine.as_str().to_owned()),
            engine_model: Some(config.engine_model.to_owned()),
            engine_version: Some(config.engine_version.to_owned()),
            instance_profile_arn: Some(config.instance_profile_arn.clone()),
            instance_type: Some(config.instance_type.clone()),
            key_pair: config.key_pair.clone(),
            preferred_backup_window: Some(config.preferred_backup_window.to_string()),
            preferred_maintenance_window: Some(config.preferred_maintenance_window.to_string()),
            s3_data_size: None,
            s3_data_url: None,
            s3_log_url: Some(self.s3_log_url.clone()),
            security_group_ids: Some(config.security_group_ids.clone()),
            server_name: Some(self.server_name.clone()),
            service_role_arn: Some(config.service_role_arn.clone()),
            status: Some(self.status),
            status_description: Some(status_description.to_owned()),
            subnet_ids: Some(config.subnet_ids.clone()),
            tools_version: Some("2.0".to_owned()),
            user_arn,
        }
    }
}
