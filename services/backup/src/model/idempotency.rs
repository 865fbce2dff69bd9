//! The idempotency tokens of the `Start*Job` operations, indexed.
//!
//! The SDKs send a fresh token with every call, so finding a replay by scanning every job made
//! each start cost O(jobs): a million backup jobs made StartBackupJob slow. The index maps each
//! token to the job it started, per operation, as AWS scopes tokens.

use std::collections::HashMap;
use std::fmt;

use emulator_core::storage::{ChangedKeys, RecordBatch};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::model::job_id::JobId;

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

/// An idempotency token as the caller sent it. The SDKs send a random lower-case UUID with
/// every call, which is held as its 16 bytes; any other text as it came. A text is held one way
/// only, so two tokens are equal exactly when their texts are.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Token {
    /// A lower-case hyphenated UUID.
    Uuid(Uuid),
    /// Any other text.
    Text(Box<str>),
}

impl Token {
    /// The token `text`.
    pub fn new(text: &str) -> Self {
        match Uuid::try_parse(text) {
            Ok(uuid) if Self::Uuid(uuid).with_str(|lower| lower == text) => Self::Uuid(uuid),
            _ => Self::Text(text.into()),
        }
    }

    /// Calls `f` with the token's text.
    pub fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            Self::Uuid(uuid) => f(uuid.hyphenated().encode_lower(&mut Uuid::encode_buffer())),
            Self::Text(text) => f(text),
        }
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_str(|text| f.write_str(text))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_str(|text| fmt::Debug::fmt(text, f))
    }
}

impl PartialEq<str> for Token {
    fn eq(&self, other: &str) -> bool {
        self.with_str(|text| text == other)
    }
}

impl Serialize for Token {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.with_str(|text| serializer.serialize_str(text))
    }
}

impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::new(&text))
    }
}

/// StartBackupJob's tokens with their jobs' ids: an SDK's token in a map of its own keyed by
/// the bare UUID, 32 bytes a slot where a [`Token`] key made it 40 (issue 20: a million
/// tokens); any other token in a second map.
#[derive(Debug, Default, PartialEq)]
struct BackupTokens {
    uuids: HashMap<Uuid, JobId>,
    texts: HashMap<Box<str>, JobId>,
}

impl BackupTokens {
    fn get(&self, token: &Token) -> Option<JobId> {
        match token {
            Token::Uuid(uuid) => self.uuids.get(uuid),
            Token::Text(text) => self.texts.get(text),
        }
        .copied()
    }

    fn insert(&mut self, token: Token, job: JobId) {
        match token {
            Token::Uuid(uuid) => self.uuids.insert(uuid, job),
            Token::Text(text) => self.texts.insert(text, job),
        };
    }

    fn iter(&self) -> impl Iterator<Item = (Token, JobId)> + '_ {
        let uuids = self
            .uuids
            .iter()
            .map(|(uuid, job)| (Token::Uuid(*uuid), *job));
        let texts = self
            .texts
            .iter()
            .map(|(text, job)| (Token::Text(text.clone()), *job));
        uuids.chain(texts)
    }
}

/// Job ids by operation and idempotency token. Backup jobs, which a caller may start by the
/// million, are kept as token and [`JobId`] values ([`BackupTokens`]: 48 bytes a token where
/// two strings took 150); the other jobs by their texts. Stored as one map of maps of texts,
/// as before.
#[derive(Debug, Default, PartialEq)]
pub struct IdempotencyTokens {
    backup: BackupTokens,
    others: HashMap<TokenKind, HashMap<String, String>>,
    /// The tokens recorded since the last save, as record ids (`persistence`).
    changed: ChangedKeys,
}

impl IdempotencyTokens {
    /// The id of the job `token` started, if it started one, for a kind other than
    /// [`TokenKind::Backup`] (see [`Self::backup_job`]).
    pub fn job_id(&self, kind: TokenKind, token: Option<&str>) -> Option<&str> {
        self.others.get(&kind)?.get(token?).map(String::as_str)
    }

    /// The backup job `token` started, if it started one.
    pub fn backup_job(&self, token: &Token) -> Option<JobId> {
        self.backup.get(token)
    }

    /// Records that `token` (when the call carried one) started `job_id`, for a kind other than
    /// [`TokenKind::Backup`] (see [`Self::record_backup`]).
    pub fn record(&mut self, kind: TokenKind, token: Option<&str>, job_id: &str) {
        if let Some(token) = token {
            self.others
                .entry(kind)
                .or_default()
                .insert(token.to_owned(), job_id.to_owned());
            self.changed.mark(&record_id(kind, token));
        }
    }

    /// Records that `token` (when the call carried one) started the backup job `job_id`.
    pub fn record_backup(&mut self, token: Option<&Token>, job_id: JobId) {
        if let Some(token) = token {
            self.backup.insert(token.clone(), job_id);
            if self.changed.tracking() {
                token.with_str(|token| self.changed.mark(&record_id(TokenKind::Backup, token)));
            }
        }
    }

    /// Every token of `kind` with its job's id, as texts.
    fn texts(&self, kind: TokenKind) -> Vec<(String, String)> {
        match kind {
            TokenKind::Backup => self
                .backup
                .iter()
                .map(|(token, job)| (token.to_string(), job.to_string()))
                .collect(),
            _ => self
                .others
                .get(&kind)
                .into_iter()
                .flatten()
                .map(|(token, job)| (token.clone(), job.clone()))
                .collect(),
        }
    }

    /// The job id a token's record names, as text.
    fn stored_job(&self, kind: TokenKind, token: &str) -> Option<String> {
        match kind {
            TokenKind::Backup => self.backup_job(&Token::new(token)).map(|id| id.to_string()),
            _ => self.job_id(kind, Some(token)).map(str::to_owned),
        }
    }

    /// Puts a token back (loading); a backup token naming no possible job id is dropped, as it
    /// could name no job.
    fn put(&mut self, kind: TokenKind, token: &str, job: String) {
        match kind {
            TokenKind::Backup => {
                if let Ok(id) = job.parse::<JobId>() {
                    self.backup.insert(Token::new(token), id);
                }
            }
            _ => {
                self.others
                    .entry(kind)
                    .or_default()
                    .insert(token.to_owned(), job);
            }
        }
    }

    /// Puts into `batch`, as records of `kind` (id `<operation kind>/<token>`, value the job
    /// id), the tokens recorded since the last save (every token when the batch is full).
    pub fn save_changes(&mut self, kind: &str, batch: &mut RecordBatch) -> Result<(), String> {
        let ids = if batch.is_full() {
            self.changed.clear();
            let mut ids: Vec<String> = KINDS
                .into_iter()
                .flat_map(|token_kind| {
                    self.texts(token_kind)
                        .into_iter()
                        .map(move |(token, _)| record_id(token_kind, &token))
                })
                .collect();
            ids.sort_unstable();
            ids
        } else {
            self.changed.take()
        };
        for id in ids {
            let job =
                split_id(&id).and_then(|(token_kind, token)| self.stored_job(token_kind, token));
            match job {
                Some(job) => batch.put_json(kind, &id, &job)?,
                None => batch.delete(kind, &id),
            }
        }
        Ok(())
    }

    /// Puts a stored token back (loading: not a change).
    pub fn load_record(&mut self, id: &str, value: &[u8]) -> Result<(), String> {
        let (kind, token) = split_id(id).ok_or_else(|| format!("bad token record {id:?}"))?;
        let job: String = serde_json::from_slice(value).map_err(|error| error.to_string())?;
        self.put(kind, token, job);
        Ok(())
    }
}

/// Every kind, in a fixed order.
const KINDS: [TokenKind; 4] = [
    TokenKind::Backup,
    TokenKind::Copy,
    TokenKind::Restore,
    TokenKind::Scan,
];

/// Stored as `{"jobs": {kind: {token: job id}}}`, the form before backup tokens were values.
impl Serialize for IdempotencyTokens {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let jobs: HashMap<TokenKind, HashMap<String, String>> = KINDS
            .into_iter()
            .map(|kind| (kind, self.texts(kind).into_iter().collect()))
            .filter(|(_, tokens): &(TokenKind, HashMap<String, String>)| !tokens.is_empty())
            .collect();
        let mut record = serializer.serialize_struct("IdempotencyTokens", 1)?;
        record.serialize_field("jobs", &jobs)?;
        record.end()
    }
}

impl<'de> Deserialize<'de> for IdempotencyTokens {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            jobs: HashMap<TokenKind, HashMap<String, String>>,
        }
        let stored = Stored::deserialize(deserializer)?;
        let mut tokens = Self::default();
        for (kind, jobs) in stored.jobs {
            for (token, job) in jobs {
                tokens.put(kind, &token, job);
            }
        }
        Ok(tokens)
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
    fn sdk_tokens_are_held_as_uuids_and_every_token_reads_back_as_sent() {
        let sdk = "6d9c6f4e-1d4b-4b8e-9d2f-7a1c3b5e9f00";
        assert!(matches!(Token::new(sdk), Token::Uuid(_)));
        for text in [sdk, "6D9C6F4E-1D4B-4B8E-9D2F-7A1C3B5E9F00", "t1", ""] {
            assert_eq!(Token::new(text).to_string(), text);
        }
        assert!(matches!(Token::new(&sdk.to_uppercase()), Token::Text(_)));
        assert_ne!(Token::new(sdk), Token::new(&sdk.to_uppercase()));
        assert_eq!(std::mem::size_of::<Token>(), 24);
    }

    #[test]
    fn backup_tokens_are_stored_as_before() {
        let mut tokens = IdempotencyTokens::default();
        let job: JobId = "0A1B2C3D-0000-4000-8000-000000000001".parse().unwrap();
        let sdk = "6d9c6f4e-1d4b-4b8e-9d2f-7a1c3b5e9f00";
        tokens.record_backup(Some(&Token::new(sdk)), job);
        tokens.record(TokenKind::Copy, Some("c"), "COPY-1");
        assert_eq!(tokens.backup_job(&Token::new(sdk)), Some(job));
        assert_eq!(tokens.backup_job(&Token::new(&sdk.to_uppercase())), None);
        let stored = serde_json::to_value(&tokens).unwrap();
        assert_eq!(
            stored,
            serde_json::json!({"jobs": {
                "Backup": {sdk: "0A1B2C3D-0000-4000-8000-000000000001"},
                "Copy": {"c": "COPY-1"},
            }})
        );
        let back: IdempotencyTokens = serde_json::from_value(stored).unwrap();
        assert_eq!(back, tokens);
    }

    #[test]
    fn a_token_finds_its_job_only_for_its_operation() {
        let mut tokens = IdempotencyTokens::default();
        tokens.record(TokenKind::Scan, Some("t1"), "job-1");
        tokens.record(TokenKind::Copy, None, "job-2");
        assert_eq!(tokens.job_id(TokenKind::Scan, Some("t1")), Some("job-1"));
        assert_eq!(tokens.job_id(TokenKind::Restore, Some("t1")), None);
        assert_eq!(tokens.job_id(TokenKind::Copy, None), None);
    }
}
