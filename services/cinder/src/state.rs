//! All state under one lock: volumes and backups per project, and issued tokens. Every change
//! records its partition (`["project", <id>]` or `["tokens"]`) for the storage layer.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use emulator_core::storage::{ChangeLog, PartitionKey};
use serde::{Deserialize, Serialize};

use crate::model::backup::Backup;
use crate::model::token::Token;
use crate::model::volume::Volume;
use crate::support::ids::{BackupId, ProjectId, TokenId, VolumeId};

/// One project's volumes and backups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectState {
    /// Volumes by id.
    pub volumes: BTreeMap<VolumeId, Volume>,
    /// Backups by id.
    pub backups: BTreeMap<BackupId, Backup>,
}

impl ProjectState {
    /// Whether any backup builds on `id`.
    pub fn has_dependents(&self, id: &BackupId) -> bool {
        self.backups
            .values()
            .any(|b| b.parent_id.as_ref() == Some(id))
    }
}

/// Everything, as the lock guards it.
#[derive(Debug, Default)]
pub struct Inner {
    /// Per project.
    pub projects: BTreeMap<ProjectId, ProjectState>,
    /// Issued tokens.
    pub tokens: BTreeMap<TokenId, Token>,
    touched: Vec<PartitionKey>,
}

/// The partition of a project's state.
pub fn project_key(id: &ProjectId) -> PartitionKey {
    PartitionKey::new(["project", id.as_str()])
}

/// The partition of the tokens.
pub fn tokens_key() -> PartitionKey {
    PartitionKey::new(["tokens"])
}

impl Inner {
    /// A project's state for reading (empty when it has none).
    pub fn project(&self, id: &ProjectId) -> Option<&ProjectState> {
        self.projects.get(id)
    }

    /// A project's state for changing; records the change.
    pub fn project_mut(&mut self, id: &ProjectId) -> &mut ProjectState {
        self.touched.push(project_key(id));
        self.projects.entry(id.clone()).or_default()
    }

    /// The tokens for changing; records the change.
    pub fn tokens_mut(&mut self) -> &mut BTreeMap<TokenId, Token> {
        self.touched.push(tokens_key());
        &mut self.tokens
    }
}

/// The lock and the change log.
#[derive(Debug, Default)]
pub struct Store {
    inner: Mutex<Inner>,
    changes: ChangeLog,
}

impl Store {
    /// Runs `f` under the lock, then records what it touched.
    pub fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let result = f(&mut inner);
        for key in std::mem::take(&mut inner.touched) {
            self.changes.record(|| key);
        }
        result
    }

    /// Runs `f` under the lock with the state for reading only: nothing is recorded, so a
    /// read (the dashboard's view) never makes the storage layer write.
    pub fn read<R>(&self, f: impl FnOnce(&Inner) -> R) -> R {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        f(&inner)
    }

    /// The change log the storage layer reads.
    pub fn changes(&self) -> &ChangeLog {
        &self.changes
    }

    /// Drops everything (reset), recording every partition that held something.
    pub fn clear(&self) {
        self.with(|inner| {
            let ids: Vec<ProjectId> = inner.projects.keys().cloned().collect();
            for id in ids {
                inner.project_mut(&id);
            }
            inner.tokens_mut();
            inner.projects.clear();
            inner.tokens.clear();
        });
    }
}
