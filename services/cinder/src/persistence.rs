//! Cinder's state as the gateway persists it (`FLOCI_STORAGE_MODE`): one partition per project
//! (`["project", <id>]`, its volumes and backups) and one for the tokens (`["tokens"]`), each
//! saved and loaded whole as one JSON document (a record of the storage's kind `document`).
//! Timers are not stored: after a load, every transient state
//! gets its step again, due one delay after the state began (already due ones run at once).

use std::collections::BTreeMap;

use emulator_core::storage::{
    document, ChangeLog, PartitionKey, PersistentState, Record, RecordBatch,
};

use crate::model::token::Token;
use crate::state::ProjectState;
use crate::support::ids::{ProjectId, TokenId};
use crate::{engine, CinderService};

enum Partition<'a> {
    Project(&'a str),
    Tokens,
}

fn partition(key: &PartitionKey) -> Result<Partition<'_>, String> {
    match key.segments() {
        [kind, id] if kind == "project" => Ok(Partition::Project(id)),
        [kind] if kind == "tokens" => Ok(Partition::Tokens),
        _ => Err(format!("{key} is not [project, id] or [tokens]")),
    }
}

impl PersistentState for CinderService {
    fn changes(&self) -> &ChangeLog {
        self.core.store.changes()
    }

    fn save(&self, key: &PartitionKey, batch: &mut RecordBatch) -> Result<(), String> {
        batch.put_document(self.document(key)?);
        Ok(())
    }

    fn load(
        &self,
        key: &PartitionKey,
        records: &mut dyn Iterator<Item = Record>,
    ) -> Result<(), String> {
        match document(records)? {
            Some(state) => self.load_document(key, &state),
            None => Ok(()),
        }
    }

    fn load_format1(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
        self.load_document(key, state)
    }

    fn resume(&self) {
        let steps = self
            .core
            .store
            .with(|inner| engine::pending(inner, self.core.settings.delay_seconds));
        for (due_at, due) in steps {
            self.core.timers.schedule(due_at.to_timestamp(), due);
        }
    }
}

impl CinderService {
    /// Partition `key` as one JSON document; `None` when it holds nothing.
    fn document(&self, key: &PartitionKey) -> Result<Option<Vec<u8>>, String> {
        let bytes = self.core.store.with(|inner| match partition(key)? {
            Partition::Project(id) => match inner.projects.get(&ProjectId::from_wire(id)) {
                Some(state) if *state != ProjectState::default() => serde_json::to_vec(state)
                    .map(Some)
                    .map_err(|e| e.to_string()),
                _ => Ok(None),
            },
            Partition::Tokens if inner.tokens.is_empty() => Ok(None),
            Partition::Tokens => serde_json::to_vec(&inner.tokens)
                .map(Some)
                .map_err(|e| e.to_string()),
        })?;
        Ok(bytes)
    }

    /// Restores partition `key` from [`Self::document`]'s bytes.
    fn load_document(&self, key: &PartitionKey, bytes: &[u8]) -> Result<(), String> {
        match partition(key)? {
            Partition::Project(id) => {
                let state: ProjectState =
                    serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
                self.core.store.with(|inner| {
                    inner.projects.insert(ProjectId::from_wire(id), state);
                });
            }
            Partition::Tokens => {
                let tokens: BTreeMap<TokenId, Token> =
                    serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
                self.core.store.with(|inner| inner.tokens = tokens);
            }
        }
        Ok(())
    }
}
