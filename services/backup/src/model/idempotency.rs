//! The idempotency tokens of the `Start*Job` operations, indexed.
//!
//! The SDKs send a fresh token with every call, so finding a replay by scanning every job made
//! each start cost O(jobs): a million backup jobs made StartBackupJob slow. The index maps each
//! token to the job it started, per operation, as AWS scopes tokens.

use std::collections::HashMap;

use emulator_core::storage::{ChangedKeys, RecordBatch};
use serde::{Deserialize, Serialize};

/// Which `Start*Job` operation a token was sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenKind {
    /// `StartBackupJob`.
    Backup,
    /// `StartCopyJob`.
    Copy,
    /// `StartRestoreJob`.
    Restore,
    /// `StartScanJob`.
    Scan,
}

/// Job ids by operation and idempotency token.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IdempotencyTokens {
    jobs: HashMap<TokenKind, HashMap<String, String>>,
    /// The tokens recorded since the last save, as record ids (`persistence`).
    #[serde(skip)]
    changed: ChangedKeys,
}

impl IdempotencyTokens {
    /// The id of the job `token` started, if it started one.
    pub fn job_id(&self, kind: TokenKind, token: Option<&str>) -> Option<&str> {
        self.jobs.get(&kind)?.get(token?).map(String::as_str)
    }

    /// Records that `token` (when the call carried one) started `job_id`.
    pub fn record(&mut self, kind: TokenKind, token: Option<&str>, job_id: &str) {
        if let Some(token) = token {
            self.jobs
                .entry(kind)
                .or_default()
                .insert(token.to_owned(), job_id.to_owned());
            self.changed.mark(&record_id(kind, token));
        }
    }

    /// Puts into `batch`, as records of `kind` (id `<operation kind>/<token>`, value the job
    /// id), the tokens recorded since the last save (every token when the batch is full).
    pub fn save_changes(&mut self, kind: &str, batch: &mut RecordBatch) -> Result<(), String> {
        let ids = if batch.is_full() {
            self.changed.clear();
            let mut ids: Vec<String> = self
                .jobs
                .iter()
                .flat_map(|(token_kind, tokens)| {
                    tokens.keys().map(|token| record_id(*token_kind, token))
                })
                .collect();
            ids.sort_unstable();
            ids
        } else {
            self.changed.take()
        };
        for id in ids {
            let job =
                split_id(&id).and_then(|(token_kind, token)| self.job_id(token_kind, Some(token)));
            match job {
                Some(job) => batch.put_json(kind, &id, job)?,
                None => batch.delete(kind, &id),
            }
        }
        Ok(())
    }

    /// Puts a stored token back (loading: not a change).
    pub fn load_record(&mut self, id: &str, value: &[u8]) -> Result<(), String> {
        let (kind, token) = split_id(id).ok_or_else(|| format!("bad token record {id:?}"))?;
        let job: String = serde_json::from_slice(value).map_err(|error| error.to_string())?;
        self.jobs
            .entry(kind)
            .or_default()
            .insert(token.to_owned(), job);
        Ok(())
    }
}

/// A token's record id: its operation kind, `/`, the token.
fn record_id(kind: TokenKind, token: &str) -> String {
    format!("{kind:?}/{token}")
}

fn split_id(id: &str) -> Option<(TokenKind, &str)> {
    let (kind, token) = id.split_once('/')?;
    let kind = match kind {
        "Backup" => TokenKind::Backup,
        "Copy" => TokenKind::Copy,
        "Restore" => TokenKind::Restore,
        "Scan" => TokenKind::Scan,
        _ => return None,
    };
    Some((kind, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_finds_its_job_only_for_its_operation() {
        let mut tokens = IdempotencyTokens::default();
        tokens.record(TokenKind::Backup, Some("t1"), "job-1");
        tokens.record(TokenKind::Copy, None, "job-2");
        assert_eq!(tokens.job_id(TokenKind::Backup, Some("t1")), Some("job-1"));
        assert_eq!(tokens.job_id(TokenKind::Restore, Some("t1")), None);
        assert_eq!(tokens.job_id(TokenKind::Copy, None), None);
    }
}
