//! OpsWorks CM's read-only view for the gateway's dashboard (`/_floci/ui/`): servers and
//! backups in each account and region, and the queued steps the clock will apply next.

use emulator_core::dashboard::view::{
    Cell, Column, Row, ScopeView, ServiceView, Span, Table, Timeline, Upcoming, ViewFilter,
};

use crate::engine::core::Core;
use crate::engine::lifecycle::Step;
use crate::model::server::ServerState;
use crate::state::{RegionState, Store};

const SERVERS: &str = "servers";
const BACKUPS: &str = "backups";

/// The dashboard's view of every account and region (the hook in `lib.rs`).
pub(crate) fn view(core: &Core, filter: &ViewFilter) -> ServiceView {
    // Steps already due happen first, as before any request.
    core.timers.run_due();
    let queued = core.timers.snapshot();
    let scopes = core
        .store
        .regions()
        .into_iter()
        .map(|(key, state)| {
            let (account_id, region) = key.clone();
            if !filter.admits(&account_id, &region) {
                return ScopeView::listed(&account_id, &region);
            }
            Store::read(&state, |state| {
                let mut timeline = spans(state);
                timeline.upcoming = queued
                    .iter()
                    .filter(|(_, due)| due.key == key && is_live(state, &due.step))
                    .map(|(at, due)| upcoming(*at, &due.step))
                    .collect();
                ScopeView {
                    account_id,
                    region,
                    tables: vec![servers(state), backups(state)],
                    timeline: timeline.finish(),
                }
            })
        })
        .collect();
    ServiceView { scopes }
}

fn servers(state: &RegionState) -> Table {
    let rows = state.servers.values().map(|server| {
        let config = &server.config;
        Row::new(
            &server.name,
            vec![
                Cell::from(server.name.as_str()),
                Cell::from(server.state.status().as_str()),
                Cell::from(format!(
                    "{} {}",
                    config.engine.as_str(),
                    config.engine_version
                )),
                Cell::from(config.instance_type.as_str()),
                Cell::from(server.endpoint.as_str()),
                Cell::from(server.nodes.len()),
                Cell::from(server.created_at),
            ],
        )
        .cli([
            "opsworks-cm",
            "describe-servers",
            "--server-name",
            &server.name,
        ])
    });
    Table::new(
        SERVERS,
        "Servers",
        vec![
            Column::text("Name"),
            Column::state("Status"),
            Column::text("Engine"),
            Column::text("Instance type"),
            Column::text("Endpoint"),
            Column::number("Nodes"),
            Column::time("Created"),
        ],
        state.servers.len(),
        rows,
    )
}

fn backups(state: &RegionState) -> Table {
    let mut backups: Vec<_> = state.backups.values().collect();
    backups.sort_by_key(|backup| std::cmp::Reverse(backup.created_at.epoch_millis()));
    let rows = backups.iter().map(|backup| {
        let row = Row::new(
            &backup.id,
            vec![
                Cell::from(backup.id.as_str()),
                Cell::from(backup.status.as_str()),
                Cell::from(backup.server_name.as_str()),
                Cell::from(if backup.is_automated() {
                    "automated"
                } else {
                    "manual"
                }),
                Cell::from(backup.created_at),
            ],
        );
        // A backup outlives its server; link only to the very server it was taken from.
        let row = match state.servers.get(&backup.server_name) {
            Some(server) if server.id == backup.server_id => row.link(
                SERVERS,
                &backup.server_name,
                format!("server {}", backup.server_name),
            ),
            _ => row,
        };
        row.cli(["opsworks-cm", "describe-backups", "--backup-id", &backup.id])
    });
    Table::new(
        BACKUPS,
        "Backups",
        vec![
            Column::text("Backup id"),
            Column::state("Status"),
            Column::text("Server"),
            Column::text("Type"),
            Column::time("Created"),
        ],
        backups.len(),
        rows,
    )
}

/// Backups as spans: started when created; the record keeps no end time, so one that is no
/// longer in progress is drawn as a moment.
fn spans(state: &RegionState) -> Timeline {
    Timeline {
        spans: state
            .backups
            .values()
            .map(|backup| Span {
                kind: BACKUPS,
                id: backup.id.clone(),
                label: format!("Backup of {}", backup.server_name),
                state: backup.status.as_str().to_owned(),
                created: backup.created_at,
                started: Some(backup.created_at),
                completed: (backup.status.as_str() != "IN_PROGRESS").then_some(backup.created_at),
            })
            .collect(),
        upcoming: Vec::new(),
    }
}

/// Whether a queued step will still change something (steps are never cancelled: a step for
/// a server since deleted, or a backup window of a superseded schedule, does nothing).
fn is_live(state: &RegionState, step: &Step) -> bool {
    match step {
        Step::Settle { server, .. } | Step::RemoveServer { server } => state
            .servers
            .get(&server.name)
            .is_some_and(|record| record.is(server)),
        Step::BackupWindow { server, schedule } => state
            .servers
            .get(&server.name)
            .is_some_and(|record| record.is(server) && record.backup_schedule == *schedule),
        Step::CompleteBackup { backup_id } | Step::RemoveBackup { backup_id } => {
            state.backups.contains_key(backup_id)
        }
    }
}

fn upcoming(at: emulator_core::dto::Timestamp, step: &Step) -> Upcoming {
    let (kind, id, label) = match step {
        Step::Settle { server, activity } => (
            SERVERS,
            server.name.clone(),
            format!(
                "Server {} becomes HEALTHY (ends {})",
                server.name,
                ServerState::Busy(*activity).status().as_str()
            ),
        ),
        Step::RemoveServer { server } => (
            SERVERS,
            server.name.clone(),
            format!("Server {} is deleted", server.name),
        ),
        Step::CompleteBackup { backup_id } => (
            BACKUPS,
            backup_id.clone(),
            format!("Backup {backup_id} completes"),
        ),
        Step::RemoveBackup { backup_id } => (
            BACKUPS,
            backup_id.clone(),
            format!("Backup {backup_id} is deleted"),
        ),
        Step::BackupWindow { server, .. } => (
            SERVERS,
            server.name.clone(),
            format!("Backup window of server {} opens", server.name),
        ),
    };
    Upcoming {
        at,
        kind,
        id,
        label,
    }
}
