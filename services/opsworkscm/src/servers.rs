//! Servers: CreateServer, DescribeServers, UpdateServer, DeleteServer, the server record and its
//! states. StartMaintenance and RestoreServer live in `maintenance.rs` and `restore.rs`.

use std::collections::BTreeSet;

use aws_pagination::paginate_btree;
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    BackupStatus, CreateServerRequest, CreateServerResponse, DeleteServerRequest,
    DeleteServerResponse, DescribeServersRequest, DescribeServersResponse, EngineAttribute,
    MaintenanceStatus, Server, ServerStatus, UpdateServerRequest, UpdateServerResponse,
};
use crate::engine::Engine;
use crate::engine_attributes::NewServerAttributes;
use crate::events::EventLog;
use crate::pages::{invalid_token, page_size};
use crate::scheduler::{Lifecycle, ServerRef, Step};
use crate::store::RegionState;
use crate::time_window::TimeWindow;
use crate::{arns, errors, secrets, tags, Core};

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

/// The server `name`, or ResourceNotFoundException.
pub fn find<'a>(state: &'a RegionState, name: &str) -> Result<&'a ServerRecord, ServiceError> {
    state
        .servers
        .get(name)
        .ok_or_else(|| errors::server_not_found(name))
}

/// The server `name` for changing, or ResourceNotFoundException.
pub fn find_mut<'a>(
    state: &'a mut RegionState,
    name: &str,
) -> Result<&'a mut ServerRecord, ServiceError> {
    state
        .servers
        .get_mut(name)
        .ok_or_else(|| errors::server_not_found(name))
}

/// The API form of server `name`, which the caller has just found or changed.
pub fn describe(state: &RegionState, name: &str) -> Result<Server, ServiceError> {
    find(state, name).map(ServerRecord::to_api)
}

/// A window from a request, or `default` when absent.
fn window(
    member: &str,
    text: Option<&str>,
    default: fn() -> TimeWindow,
) -> Result<TimeWindow, ServiceError> {
    text.map_or_else(|| Ok(default()), |text| TimeWindow::parse(member, text))
}

/// `CreateServer`.
pub(crate) fn create_server(
    core: &Core,
    ctx: &RequestContext,
    input: CreateServerRequest,
) -> Result<CreateServerResponse, ServiceError> {
    let engine = Engine::parse(&input.engine)?;
    let (engine_model, engine_version) = engine.model_and_version(
        input.engine_model.as_deref(),
        input.engine_version.as_deref(),
    )?;
    let custom = [
        input.custom_domain.is_some(),
        input.custom_certificate.is_some(),
        input.custom_private_key.is_some(),
    ];
    if custom.contains(&true) && custom.contains(&false) {
        return Err(errors::validation(
            "CustomDomain, CustomCertificate and CustomPrivateKey must be specified together.",
        ));
    }
    let preferred_backup_window = window(
        "PreferredBackupWindow",
        input.preferred_backup_window.as_deref(),
        TimeWindow::random_daily,
    )?;
    let preferred_maintenance_window = window(
        "PreferredMaintenanceWindow",
        input.preferred_maintenance_window.as_deref(),
        TimeWindow::random_weekly_maintenance,
    )?;
    let tags = tags::from_request(input.tags)?;
    let name = input.server_name;
    let endpoint = format!(
        "{}-{}.{}.opsworks-cm.io",
        name.to_ascii_lowercase(),
        secrets::random_from(b"abcdefghijklmnopqrstuvwxyz0123456789", 16),
        ctx.region
    );
    let NewServerAttributes {
        returned: credentials,
        described,
    } = crate::engine_attributes::new_server(
        engine,
        input.engine_attributes.as_deref().unwrap_or_default(),
        &name,
        &endpoint,
    )?;
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        if state.servers.contains_key(&name) {
            return Err(errors::already_exists(format!(
                "A server with the name '{name}' already exists in this account and region."
            )));
        }
        if state.servers.len() >= SERVER_LIMIT {
            return Err(errors::limit_exceeded(format!(
                "The maximum number of servers ({SERVER_LIMIT}) has been reached."
            )));
        }
        if let Some(backup_id) = &input.backup_id {
            let backup = state
                .backups
                .get(backup_id)
                .ok_or_else(|| errors::backup_not_found(backup_id))?;
            if backup.status != BackupStatus::Ok {
                return Err(errors::invalid_state(format!(
                    "Backup {backup_id} is in state {}; a server can only be created from a \
                     backup in state OK.",
                    backup.status.as_str()
                )));
            }
            if backup.config.engine != engine {
                return Err(errors::validation(format!(
                    "Backup {backup_id} is a {} backup and cannot create a {} server.",
                    backup.config.engine.as_str(),
                    engine.as_str()
                )));
            }
        }
        let id = secrets::uuid();
        let arn = arns::server(lifecycle.key(), &name, &id)?;
        let (account, region) = lifecycle.key();
        let mut server = ServerRecord {
            name: name.clone(),
            arn: arn.clone(),
            state: ServerState::Busy(Activity::Creating),
            created_at: now,
            config: ServerConfig {
                engine,
                engine_model,
                engine_version,
                instance_profile_arn: input.instance_profile_arn,
                instance_type: input.instance_type,
                key_pair: input.key_pair,
                preferred_backup_window,
                preferred_maintenance_window,
                // Without security groups AWS creates one for the server.
                security_group_ids: input.security_group_ids.unwrap_or_else(|| {
                    vec![format!("sg-{}", secrets::random_from(b"0123456789abcdef", 17))]
                }),
                subnet_ids: input.subnet_ids.unwrap_or_default(),
                service_role_arn: input.service_role_arn,
            },
            associate_public_ip_address: input.associate_public_ip_address.unwrap_or(true),
            backup_retention_count: input.backup_retention_count.unwrap_or(1),
            disable_automated_backup: input.disable_automated_backup.unwrap_or(false),
            backup_schedule: 0,
            custom_domain: input.custom_domain,
            endpoint,
            cloud_formation_stack_arn: format!(
                "arn:aws:cloudformation:{region}:{account}:stack/aws-opsworks-cm-instance-{name}-{}/{}",
                now.epoch_millis(),
                secrets::uuid()
            ),
            maintenance_status: None,
            engine_attributes: described,
            nodes: BTreeSet::new(),
            events: EventLog::default(),
            id,
        };
        let source = input
            .backup_id
            .as_ref()
            .map_or(String::new(), |backup| format!(" from backup {backup}"));
        server
            .events
            .record(&name, now, format!("Server {name} creation started{source}."));
        lifecycle.schedule_backup_window(&server, now);
        let reference = server.reference();
        state
            .tags
            .tag(&arn, tags)
            .map_err(|err| errors::validation(err.to_string()))?;
        state.servers.insert(name.clone(), server);
        lifecycle.after(
            state,
            now,
            lifecycle.delays.server_creation,
            Step::Settle {
                server: reference,
                activity: Activity::Creating,
            },
        );
        let mut described = describe(state, &name)?;
        // Credentials are returned once, here, and never stored.
        described
            .engine_attributes
            .get_or_insert_with(Vec::new)
            .extend(credentials);
        Ok(CreateServerResponse {
            server: Some(described),
        })
    })
}

/// `DescribeServers`.
pub(crate) fn describe_servers(
    core: &Core,
    ctx: &RequestContext,
    input: DescribeServersRequest,
) -> Result<DescribeServersResponse, ServiceError> {
    core.with_region(ctx, |state, _| {
        if let Some(name) = &input.server_name {
            return Ok(DescribeServersResponse {
                servers: Some(vec![describe(state, name)?]),
                next_token: None,
            });
        }
        let page = paginate_btree(
            &state.servers,
            input.next_token.as_deref(),
            "DescribeServers",
            page_size(input.max_results),
            |_| true,
        )
        .map_err(invalid_token)?;
        Ok(DescribeServersResponse {
            servers: Some(page.items.into_iter().map(ServerRecord::to_api).collect()),
            next_token: page.next_token,
        })
    })
}

/// `UpdateServer`.
pub(crate) fn update_server(
    core: &Core,
    ctx: &RequestContext,
    input: UpdateServerRequest,
) -> Result<UpdateServerResponse, ServiceError> {
    if let Some(count) = input.backup_retention_count.filter(|count| *count < 1) {
        return Err(errors::validation(format!(
            "BackupRetentionCount must be at least 1; got {count}."
        )));
    }
    let backup_window = input
        .preferred_backup_window
        .as_deref()
        .map(|text| TimeWindow::parse("PreferredBackupWindow", text))
        .transpose()?;
    let maintenance_window = input
        .preferred_maintenance_window
        .as_deref()
        .map(|text| TimeWindow::parse("PreferredMaintenanceWindow", text))
        .transpose()?;
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        let server = find_mut(state, &input.server_name)?;
        if matches!(
            server.state,
            ServerState::BackingUp { .. } | ServerState::Deleting
        ) {
            return Err(errors::invalid_state(format!(
                "Server {} is in state {} and cannot be changed now.",
                server.name,
                server.state.status().as_str()
            )));
        }
        let old_schedule = (
            server.config.preferred_backup_window,
            server.disable_automated_backup,
        );
        if let Some(count) = input.backup_retention_count {
            server.backup_retention_count = count;
        }
        if let Some(disable) = input.disable_automated_backup {
            server.disable_automated_backup = disable;
        }
        if let Some(window) = backup_window {
            server.config.preferred_backup_window = window;
        }
        if let Some(window) = maintenance_window {
            server.config.preferred_maintenance_window = window;
        }
        if old_schedule
            != (
                server.config.preferred_backup_window,
                server.disable_automated_backup,
            )
        {
            // Windows queued under the old schedule are now stale.
            server.backup_schedule += 1;
            lifecycle.schedule_backup_window(server, now);
        }
        let name = server.name.clone();
        server
            .events
            .record(&name, now, format!("Server {name} settings updated."));
        Ok(UpdateServerResponse {
            server: Some(server.to_api()),
        })
    })
}

/// `DeleteServer`: the server goes DELETING, then disappears with its automated backups,
/// events, tags and node associations; manual backups stay.
pub(crate) fn delete_server(
    core: &Core,
    ctx: &RequestContext,
    input: DeleteServerRequest,
) -> Result<DeleteServerResponse, ServiceError> {
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        let server = find_mut(state, &input.server_name)?;
        if server.state == ServerState::Deleting {
            return Err(errors::invalid_state(format!(
                "Server {} is already being deleted.",
                server.name
            )));
        }
        server.state = ServerState::Deleting;
        let name = server.name.clone();
        server
            .events
            .record(&name, now, format!("Server {name} deletion started."));
        let reference = server.reference();
        lifecycle.after(
            state,
            now,
            lifecycle.delays.operation,
            Step::RemoveServer { server: reference },
        );
        Ok(DeleteServerResponse {})
    })
}

/// Puts server `name` (found, and checked by the caller) into `activity` for the configured
/// operation delay, logs `message`, and answers the server as it is now.
pub fn begin_activity(
    state: &mut RegionState,
    lifecycle: &Lifecycle<'_>,
    name: &str,
    activity: Activity,
    now: Timestamp,
    message: String,
) -> Result<Server, ServiceError> {
    let server = find_mut(state, name)?;
    server.state = ServerState::Busy(activity);
    server.events.record(name, now, message);
    let reference = server.reference();
    lifecycle.after(
        state,
        now,
        lifecycle.delays.operation,
        Step::Settle {
            server: reference,
            activity,
        },
    );
    describe(state, name)
}

/// A queued [`Activity`] ends: the server is HEALTHY again. Steps of an earlier server of the
/// same name, or for an activity the server is no longer in, change nothing.
pub fn settle(state: &mut RegionState, reference: &ServerRef, activity: Activity, at: Timestamp) {
    let Some(server) = state.servers.get_mut(&reference.name) else {
        return;
    };
    if !server.is(reference) || server.state != ServerState::Busy(activity) {
        return;
    }
    server.state = ServerState::Healthy;
    let name = server.name.clone();
    let message = match activity {
        Activity::Creating => format!("Server {name} is online and HEALTHY."),
        Activity::Restoring => format!("Server {name} restore completed."),
        Activity::UnderMaintenance => {
            server.maintenance_status = Some(MaintenanceStatus::Success);
            format!("Server {name} maintenance completed successfully.")
        }
        Activity::Modifying => format!("Server {name} engine attributes updated."),
    };
    server.events.record(&name, at, message);
}

/// A queued deletion ends: the server and everything that lives and dies with it are gone.
pub fn remove(state: &mut RegionState, reference: &ServerRef) {
    let deleting = state
        .servers
        .get(&reference.name)
        .is_some_and(|server| server.is(reference) && server.state == ServerState::Deleting);
    if !deleting {
        return;
    }
    if let Some(server) = state.servers.remove(&reference.name) {
        state.tags.remove_resource(&server.arn);
    }
    let automated: Vec<String> = state
        .backups
        .values()
        .filter(|backup| backup.server_id == reference.id && backup.is_automated())
        .map(|backup| backup.id.clone())
        .collect();
    for id in automated {
        if let Some(backup) = state.backups.remove(&id) {
            state.tags.remove_resource(&backup.arn);
        }
    }
    state
        .associations
        .retain(|_, association| association.server_id != reference.id);
}
