//! Cinder's read-only view for the gateway's dashboard (`/_floci/ui/`, docs/ui.md): each
//! project's volumes and backups, and the state changes the clock will make next. OpenStack's
//! scope maps onto the dashboard's: the project (its name when a configured user belongs to
//! it, else its id) is the account, the catalog's region (`RegionOne`) the region. It reads
//! through [`crate::state::Store::read`], so viewing never makes the storage layer write.

use emulator_core::dashboard::view::{
    Cell, Column, Row, ScopeView, ServiceView, Table, Timeline, Upcoming, ViewFilter,
};

use crate::engine::{pending_in, Target};
use crate::model::backup::Backup;
use crate::model::token::{User, DOMAIN_NAME};
use crate::model::volume::Volume;
use crate::ops::identity::catalog::REGION;
use crate::shared::Core;
use crate::state::ProjectState;
use crate::support::ids::ProjectId;

const VOLUMES: &str = "volumes";
const BACKUPS: &str = "backups";

/// The dashboard's view of every project (the hook in `lib.rs`, which first applies what is
/// already due, as before any request).
pub(crate) fn view(core: &Core, filter: &ViewFilter) -> ServiceView {
    let scopes = core.store.read(|inner| {
        inner
            .projects
            .iter()
            .filter(|(_, state)| !state.volumes.is_empty() || !state.backups.is_empty())
            .map(|(id, state)| {
                let project = Project::new(id, &core.settings.users);
                if !filter.admits(&project.account, REGION) {
                    return ScopeView::listed(&project.account, REGION);
                }
                ScopeView {
                    tables: vec![project.volumes(state), project.backups(state)],
                    timeline: project.timeline(state, core.settings.delay_seconds),
                    account_id: project.account.clone(),
                    region: REGION.to_owned(),
                }
            })
            .collect()
    });
    ServiceView { scopes }
}

/// A project as the dashboard names it, with the configured user who can log in to it.
struct Project<'a> {
    id: &'a ProjectId,
    /// The account column: the project's name, or its id when no configured user names it.
    account: String,
    user: Option<&'a User>,
}

/// `name` when set, else the id, for labels.
fn label(name: Option<&str>, id: &str) -> String {
    name.filter(|n| !n.is_empty()).unwrap_or(id).to_owned()
}

impl<'a> Project<'a> {
    fn new(id: &'a ProjectId, users: &'a [User]) -> Self {
        let user = users.iter().find(|user| &user.project.id == id);
        Self {
            id,
            account: user.map_or_else(|| id.to_string(), |u| u.project.name.clone()),
            user,
        }
    }

    /// `openstack <global options> <words…>` as the docs' session logs in to this project; the
    /// password is left to `OS_PASSWORD` (or the client's prompt), never shown.
    fn command(&self, words: &[&str]) -> Vec<String> {
        let auth_url = format!("{}/identity", Row::ENDPOINT);
        let mut command: Vec<String> = [
            "openstack",
            "--os-auth-url",
            &auth_url,
            "--os-identity-api-version",
            "3",
            "--os-user-domain-name",
            DOMAIN_NAME,
            "--os-project-domain-name",
            DOMAIN_NAME,
        ]
        .map(String::from)
        .to_vec();
        match self.user {
            Some(user) => command.extend([
                "--os-username".to_owned(),
                user.name.clone(),
                "--os-project-name".to_owned(),
                user.project.name.clone(),
            ]),
            None => command.extend(["--os-project-id".to_owned(), self.id.to_string()]),
        }
        command.extend(["--os-region-name", REGION].map(String::from));
        command.extend(words.iter().map(|w| (*w).to_owned()));
        command
    }

    fn volumes(&self, state: &ProjectState) -> Table {
        let mut volumes: Vec<&Volume> = state.volumes.values().collect();
        volumes.sort_by_key(|v| std::cmp::Reverse(v.created_at));
        let rows = volumes.into_iter().map(|volume| {
            let id = volume.id.as_str();
            let backups: Vec<&Backup> = state
                .backups
                .values()
                .filter(|b| b.volume_id == volume.id)
                .collect();
            let row = Row::new(
                id,
                vec![
                    Cell::from(volume.name.as_deref()),
                    Cell::from(volume.status.as_str()),
                    Cell::from(i64::try_from(volume.size).unwrap_or(i64::MAX)),
                    Cell::from(backups.len()),
                    Cell::from(volume.created_at.to_timestamp()),
                ],
            )
            .command(self.command(&["volume", "show", id]));
            backups.into_iter().fold(row, |row, backup| {
                let name = label(backup.name.as_deref(), backup.id.as_str());
                row.link(BACKUPS, backup.id.as_str(), format!("backup {name}"))
            })
        });
        Table::new(
            VOLUMES,
            "Volumes",
            vec![
                Column::text("Name"),
                Column::state("Status"),
                Column::number("Size (GiB)"),
                Column::number("Backups"),
                Column::time("Created"),
            ],
            state.volumes.len(),
            rows,
        )
    }

    fn backups(&self, state: &ProjectState) -> Table {
        let mut backups: Vec<&Backup> = state.backups.values().collect();
        backups.sort_by_key(|b| std::cmp::Reverse(b.created_at));
        let rows = backups.into_iter().map(|backup| {
            let id = backup.id.as_str();
            let row = Row::new(
                id,
                vec![
                    Cell::from(backup.name.as_deref()),
                    Cell::from(backup.status.as_str()),
                    Cell::from(backup.volume_id.as_str()),
                    Cell::from(i64::try_from(backup.size).unwrap_or(i64::MAX)),
                    Cell::from(backup.is_incremental()),
                    Cell::from(state.has_dependents(&backup.id)),
                    Cell::from(backup.created_at.to_timestamp()),
                ],
            )
            .command(self.command(&["volume", "backup", "show", id]));
            let row = match state.volumes.get(&backup.volume_id) {
                Some(volume) => {
                    let name = label(volume.name.as_deref(), volume.id.as_str());
                    row.link(VOLUMES, volume.id.as_str(), format!("volume {name}"))
                }
                None => row,
            };
            match &backup.parent_id {
                Some(parent) if state.backups.contains_key(parent) => {
                    row.link(BACKUPS, parent.as_str(), "parent backup")
                }
                _ => row,
            }
        });
        Table::new(
            BACKUPS,
            "Volume backups",
            vec![
                Column::text("Name"),
                Column::state("Status"),
                Column::text("Volume"),
                Column::number("Size (GiB)"),
                Column::text("Incremental"),
                Column::text("Has dependents"),
                Column::time("Created"),
            ],
            state.backups.len(),
            rows,
        )
    }

    /// What the clock will do next: each transient state's end.
    fn timeline(&self, state: &ProjectState, delay: f64) -> Timeline {
        let upcoming = pending_in(self.id, state, delay)
            .into_iter()
            .filter_map(|(at, due)| {
                let (kind, id, what, status) = match &due.target {
                    Target::Backup(id) => {
                        let backup = state.backups.get(id)?;
                        let name = label(backup.name.as_deref(), id.as_str());
                        (
                            BACKUPS,
                            id.as_str(),
                            format!("Backup {name}"),
                            backup.status.as_str(),
                        )
                    }
                    Target::Volume(id) => {
                        let volume = state.volumes.get(id)?;
                        let name = label(volume.name.as_deref(), id.as_str());
                        (
                            VOLUMES,
                            id.as_str(),
                            format!("Volume {name}"),
                            volume.status.as_str(),
                        )
                    }
                };
                Some(Upcoming {
                    at: at.to_timestamp(),
                    kind,
                    id: id.to_owned(),
                    label: format!("{what} ends {status}"),
                })
            })
            .collect();
        Timeline {
            spans: Vec::new(),
            upcoming,
        }
        .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use emulator_core::dashboard::view::Link;
    use emulator_core::{Clock, Config, ServiceSettings};

    use super::*;
    use crate::config::project;
    use crate::model::backup::{BackupStatus, AVAILABILITY_ZONE, DEFAULT_CONTAINER};
    use crate::model::volume::VolumeStatus;
    use crate::support::ids::{BackupId, UserId, VolumeId};
    use crate::support::times::Instant;

    fn core() -> Arc<Core> {
        let vars = vec![(
            "FLOCI_SERVICES_CINDER_USERS".to_owned(),
            "admin:secret:admin,demo:pw:demo:member".to_owned(),
        )];
        let settings = ServiceSettings::new(
            "cinder",
            Arc::new(vars),
            Arc::new(Config::from_vars([]).unwrap()),
            Arc::new(Clock::default()),
        );
        Core::new(&settings).unwrap()
    }

    fn volume(project: &ProjectId, id: &str, name: &str, at: Instant) -> Volume {
        Volume {
            id: VolumeId::from_wire(id),
            project_id: project.clone(),
            user_id: UserId::from_wire("u"),
            status: VolumeStatus::Available,
            previous_status: None,
            size: 2,
            availability_zone: AVAILABILITY_ZONE.to_owned(),
            name: Some(name.to_owned()),
            description: None,
            metadata: BTreeMap::new(),
            created_at: at,
            updated_at: at,
            restoring_from: None,
        }
    }

    fn backup(volume: &Volume, id: &str, parent: Option<&str>, at: Instant) -> Backup {
        Backup {
            id: BackupId::from_wire(id),
            project_id: volume.project_id.clone(),
            user_id: volume.user_id.clone(),
            volume_id: volume.id.clone(),
            status: BackupStatus::Available,
            size: volume.size,
            object_count: 1,
            availability_zone: AVAILABILITY_ZONE.to_owned(),
            container: DEFAULT_CONTAINER.to_owned(),
            created_at: at,
            updated_at: at,
            data_timestamp: at,
            name: Some(format!("{id}-name")),
            description: None,
            fail_reason: None,
            parent_id: parent.map(BackupId::from_wire),
            snapshot_id: None,
            metadata: BTreeMap::new(),
            restore_volume_id: None,
        }
    }

    fn row<'t>(table: &'t Table, id: &str) -> &'t Row {
        table.rows.iter().find(|r| r.id == id).unwrap()
    }

    #[test]
    fn shows_each_projects_volumes_and_backups_with_their_links_and_next_steps() {
        let core = core();
        let admin = project("admin").id;
        let unknown = ProjectId::from_wire("0123456789abcdef0123456789abcdef");
        let at = core.now();
        core.store.with(|inner| {
            let state = inner.project_mut(&admin);
            let vol = volume(&admin, "v1", "vol1", at);
            let full = backup(&vol, "b1", None, at);
            let mut incremental = backup(&vol, "b2", Some("b1"), at.plus_seconds(60.0));
            incremental.status = BackupStatus::Creating;
            state.backups.insert(full.id.clone(), full);
            state.backups.insert(incremental.id.clone(), incremental);
            state.volumes.insert(vol.id.clone(), vol);
            let vol = volume(&unknown, "v9", "orphan", at);
            inner
                .project_mut(&unknown)
                .volumes
                .insert(vol.id.clone(), vol);
        });

        let view = view(&core, &ViewFilter::default());
        let accounts: Vec<(&str, &str)> = view
            .scopes
            .iter()
            .map(|s| (s.account_id.as_str(), s.region.as_str()))
            .collect();
        assert_eq!(
            accounts,
            [
                ("0123456789abcdef0123456789abcdef", "RegionOne"),
                ("admin", "RegionOne")
            ]
        );
        let scope = &view.scopes[1];
        let [volumes, backups] = &scope.tables[..] else {
            panic!("two tables: {:?}", scope.tables)
        };
        let v1 = row(volumes, "v1");
        assert_eq!(
            v1.cells[..4],
            [
                Cell::from("vol1"),
                Cell::from("available"),
                Cell::Number(2),
                Cell::Number(2)
            ]
        );
        assert_eq!(v1.links.len(), 2);
        assert!(v1.links.contains(&Link {
            kind: BACKUPS,
            id: "b2".into(),
            label: "backup b2-name".into()
        }));
        let auth = "{endpoint}/identity".to_owned();
        assert_eq!(v1.command[..3], ["openstack", "--os-auth-url", &auth]);
        assert!(v1
            .command
            .windows(2)
            .any(|w| w == ["--os-username", "admin"]));
        assert!(v1
            .command
            .windows(2)
            .any(|w| w == ["--os-project-name", "admin"]));
        assert_eq!(v1.command[v1.command.len() - 3..], ["volume", "show", "v1"]);
        assert!(
            !v1.command.iter().any(|w| w == "secret"),
            "no password shown"
        );

        assert_eq!(backups.rows[0].id, "b2", "newest first");
        let b1 = row(backups, "b1");
        assert_eq!(
            b1.cells[1..6],
            [
                Cell::from("available"),
                Cell::from("v1"),
                Cell::Number(2),
                Cell::from("no"),
                Cell::from("yes"),
            ]
        );
        let b2 = row(backups, "b2");
        assert_eq!(b2.cells[1], Cell::from("creating"));
        assert_eq!(b2.cells[4], Cell::from("yes"));
        assert_eq!(b2.links[0].kind, VOLUMES);
        assert_eq!(b2.links[1].id, "b1");
        assert_eq!(
            b2.command[b2.command.len() - 4..],
            ["volume", "backup", "show", "b2"]
        );
        let upcoming = &scope.timeline.upcoming;
        assert_eq!(upcoming.len(), 1, "{upcoming:?}");
        assert_eq!(upcoming[0].label, "Backup b2-name ends creating");
        assert_eq!(upcoming[0].at, at.plus_seconds(61.0).to_timestamp());

        let orphan = &view.scopes[0].tables[0].rows[0];
        assert!(orphan
            .command
            .windows(2)
            .any(|w| w == ["--os-project-id", unknown.as_str()]));

        let only_admin = ViewFilter {
            account_id: Some("admin".into()),
            region: Some("RegionOne".into()),
        };
        let view = super::view(&core, &only_admin);
        assert!(view.scopes[0].tables.is_empty(), "listed, not filled");
        assert_eq!(view.scopes[1].tables.len(), 2);
    }
}
