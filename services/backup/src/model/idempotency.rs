//! The idempotency tokens of the `Start*Job` operations, indexed.
//!
//! The SDKs send a fresh token with every call, so finding a replay by scanning every job made
//! each start cost O(jobs): a million backup jobs made StartBackupJob slow. The index maps each
//! token to the job it started, per operation, as AWS scopes tokens.

use std::collections::HashMap;

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
        }
    }
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
