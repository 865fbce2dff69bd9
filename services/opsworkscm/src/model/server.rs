//! Servers as stored: their settings, states and events.

use std::collections::BTreeSet;

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;

use crate::api::generated::*;
use crate::model::engine::Engine;
use crate::model::event_log::EventLog;
use crate::support::errors;
use crate::support::time_window::TimeWindow;

/// A server as a queued step names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRef {
    /// The server's name.
    pub name: String,
    /// Its unique id (the last part of its ARN).
    pub id: String,
}

/// Servers one account may have in one region (`ServerLimit`).
pub const SERVER_LIMIT: usize = 10;

/// A step that ends by itself after a delay, with the server back to HEALTHY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// CREATING, after CreateServer.
    Creating,
    /// RESTORING, after RestoreServer.
    Restoring,
    /// UNDER_MAINTENANCE, after StartMaintenance.
    UnderMaintenance,
    /// MODIFYING, after UpdateServerEngineAttributes.
    Modifying,
}

/// Where a server is in its lifecycle. Each state carries what it needs: a server backing up
/// knows which backup, so it cannot be BACKING_UP without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerState {
    /// Online and idle.
    Healthy,
    /// In an [`Activity`] that ends by itself.
    Busy(Activity),
    /// Taking the backup with this id.
    BackingUp {
        /// The backup in progress.
        backup_id: String,
    },
    /// Being deleted; gone when the step ends.
    Deleting,
}

impl ServerState {
    /// The status the API reports.
    pub fn status(&self) -> ServerStatus {
        match self {
            Self::Healthy => ServerStatus::Healthy,
            Self::Busy(Activity::Creating) => ServerStatus::Creating,
            Self::Busy(Activity::Restoring) => ServerStatus::Restoring,
            Self::Busy(Activity::UnderMaintenance) => ServerStatus::UnderMaintenance,
            Self::Busy(Activity::Modifying) => ServerStatus::Modifying,
            Self::BackingUp { .. } => ServerStatus::BackingUp,
            Self::Deleting => ServerStatus::Deleting,
        }
    }
}

/// The settings of a server that a backup records and a restore brings back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The configuration management engine.
    pub engine: Engine,
    /// `Single` (Chef) or `Monolithic` (Puppet).
    pub engine_model: &'static str,
    /// The engine's major version.
    pub engine_version: &'static str,
    /// The EC2 instance profile.
    pub instance_profile_arn: String,
    /// The EC2 instance type.
    pub instance_type: String,
    /// The EC2 key pair, if any.
    pub key_pair: Option<String>,
    /// When automated backups start.
    pub preferred_backup_window: TimeWindow,
    /// When weekly maintenance starts.
    pub preferred_maintenance_window: TimeWindow,
    /// Security groups of the instance.
    pub security_group_ids: Vec<String>,
    /// Subnets of the instance, as the request named them.
    pub subnet_ids: Vec<String>,
    /// The role OpsWorks CM works with.
    pub service_role_arn: String,
}

/// Everything OpsWorks CM keeps about one server.
#[derive(Debug, Clone)]
pub struct ServerRecord {
    /// The server's name, unique per account and region.
    pub name: String,
    /// The unique id in the ARN: tells this server from an earlier one of the same name.
    pub id: String,
    /// `arn:aws:opsworks-cm:{region}:{account}:server/{name}/{id}`.
    pub arn: String,
    /// The lifecycle state.
    pub state: ServerState,
    /// When CreateServer ran.
    pub created_at: Timestamp,
    /// Engine and instance settings.
    pub config: ServerConfig,
    /// Whether the instance has a public IP address.
    pub associate_public_ip_address: bool,
    /// Automated backups to keep.
    pub backup_retention_count: i32,
    /// Whether automated backups are off.
    pub disable_automated_backup: bool,
    /// Bumped whenever the automated backup schedule changes, so that queued backup-window
    /// events of an earlier schedule are recognised and dropped.
    pub backup_schedule: u64,
    /// The custom domain, if one was given.
    pub custom_domain: Option<String>,
    /// The generated DNS endpoint.
    pub endpoint: String,
    /// The stack that "runs" the server.
    pub cloud_formation_stack_arn: String,
    /// Outcome of the last maintenance run.
    pub maintenance_status: Option<MaintenanceStatus>,
    /// Attributes every DescribeServers shows (Puppet's CA certificate and CRL); credentials
    /// are returned once by CreateServer and never stored.
    pub engine_attributes: Vec<EngineAttribute>,
    /// Names of the nodes associated with the server.
    pub nodes: BTreeSet<String>,
    /// What happened to the server.
    pub events: EventLog,
}

impl ServerRecord {
    /// A handle that survives the record (for queued steps).
    pub fn reference(&self) -> ServerRef {
        ServerRef {
            name: self.name.clone(),
            id: self.id.clone(),
        }
    }

    /// Whether `reference` names this very server, not an earlier one of the same name.
    pub fn is(&self, reference: &ServerRef) -> bool {
        self.name == reference.name && self.id == reference.id
    }

    /// `Err(InvalidStateException)` unless the server's status is one of `allowed`.
    pub fn require_status(
        &self,
        allowed: &[ServerStatus],
        action: &str,
    ) -> Result<(), ServiceError> {
        let status = self.state.status();
        if allowed.contains(&status) {
            return Ok(());
        }
        let allowed: Vec<&str> = allowed.iter().map(ServerStatus::as_str).collect();
        Err(errors::invalid_state(format!(
            "Server {} is in state {}; {action} requires one of: {}.",
            self.name,
            status.as_str(),
            allowed.join(", ")
        )))
    }

    /// The server as the API describes it.
    pub fn to_api(&self) -> Server {
        let config = &self.config;
        Server {
            associate_public_ip_address: Some(self.associate_public_ip_address),
            backup_retention_count: Some(self.backup_retention_count),
            cloud_formation_stack_arn: Some(self.cloud_formation_stack_arn.clone()),
            created_at: Some(self.created_at),
            custom_domain: self.custom_domain.clone(),
            disable_automated_backup: Some(self.disable_automated_backup),
            endpoint: Some(self.endpoint.clone()),
            engine: Some(config.engine.as_str().to_owned()),
            engine_attributes: (!self.engine_attributes.is_empty())
                .then(|| self.engine_attributes.clone()),
            engine_model: Some(config.engine_model.to_owned()),
            engine_version: Some(config.engine_version.to_owned()),
            instance_profile_arn: Some(config.instance_profile_arn.clone()),
            instance_type: Some(config.instance_type.clone()),
            key_pair: config.key_pair.clone(),
            maintenance_status: self.maintenance_status,
            preferred_backup_window: Some(config.preferred_backup_window.to_string()),
            preferred_maintenance_window: Some(config.preferred_maintenance_window.to_string()),
            security_group_ids: Some(config.security_group_ids.clone()),
            server_arn: Some(self.arn.clone()),
            server_name: Some(self.name.clone()),
            service_role_arn: Some(config.service_role_arn.clone()),
            status: Some(self.state.status()),
            status_reason: None,
            subnet_ids: Some(config.subnet_ids.clone()),
        }
    }
}
