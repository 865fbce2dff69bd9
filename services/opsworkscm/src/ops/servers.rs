//! Servers: CreateServer, DescribeServers, UpdateServer, DeleteServer, the server record and its
//! states. StartMaintenance and RestoreServer live in `maintenance.rs` and `restore.rs`.

use std::collections::BTreeSet;

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    BackupStatus, CreateServerRequest, CreateServerResponse, DeleteServerRequest,
    DeleteServerResponse, DescribeServersRequest, DescribeServersResponse, UpdateServerRequest,
    UpdateServerResponse,
};
use crate::engine::core::Core;
use crate::engine::engine_attributes::{self, NewServerAttributes};
use crate::engine::lifecycle::Step;
use crate::model::engine::Engine;
use crate::model::event_log::EventLog;
use crate::model::server::{Activity, ServerConfig, ServerRecord, ServerState, SERVER_LIMIT};
use crate::state::servers::{describe, find_mut};
use crate::support::pages::{invalid_token, page_size};
use crate::support::time_window::TimeWindow;
use crate::support::{arns, errors, secrets, tags};

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
    } = engine_attributes::new_server(
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
