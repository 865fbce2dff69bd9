//! Issued sessions by account, mirrored into the gateway's credential registry (which maps
//! their requests to their account), with the change log the storage layer persists from.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use emulator_core::storage::{ChangeLog, PartitionKey};
use emulator_core::CredentialRegistry;

use crate::sessions::Session;

/// The issuer name sessions carry in the registry.
pub const ISSUER: &str = "sts";

/// Account id → access key id → session.
type Accounts = BTreeMap<String, BTreeMap<String, Session>>;

/// Every issued session.
pub struct Store {
    accounts: Mutex<Accounts>,
    registry: Arc<CredentialRegistry>,
    changes: ChangeLog,
}

impl Store {
    /// An empty store filling `registry`.
    pub fn new(registry: Arc<CredentialRegistry>) -> Self {
        Self {
            accounts: Mutex::default(),
            registry,
            changes: ChangeLog::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Accounts> {
        self.accounts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The gateway's credential registry.
    pub fn registry(&self) -> &CredentialRegistry {
        &self.registry
    }

    /// The change log of the persisted partitions (one per account).
    pub fn changes(&self) -> &ChangeLog {
        &self.changes
    }

    /// Records `session` and registers its credential with the gateway.
    pub fn insert(&self, session: Session) {
        let mut accounts = self.lock();
        let account = session.credential.account_id.clone();
        self.registry.insert(session.credential.clone());
        accounts
            .entry(account.clone())
            .or_default()
            .insert(session.credential.access_key_id.clone(), session);
        self.changes.record(|| PartitionKey::new([account]));
    }

    /// The session of an access key id.
    pub fn get(&self, access_key_id: &str) -> Option<Session> {
        let account = self.registry.get(access_key_id)?.account_id.clone();
        self.lock().get(&account)?.get(access_key_id).cloned()
    }

    /// Every session, account by account.
    pub fn all(&self) -> Vec<Session> {
        self.lock()
            .values()
            .flat_map(|sessions| sessions.values().cloned())
            .collect()
    }

    /// The serialized sessions of `account` (`None` when it has none).
    pub fn save(&self, account: &str) -> Result<Option<Vec<u8>>, String> {
        let accounts = self.lock();
        match accounts.get(account).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(sessions) => serde_json::to_vec(sessions)
                .map(Some)
                .map_err(|e| e.to_string()),
        }
    }

    /// Restores the sessions of `account` from [`Store::save`]'s bytes.
    pub fn load(&self, account: &str, bytes: &[u8]) -> Result<(), String> {
        let sessions: BTreeMap<String, Session> =
            serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let mut accounts = self.lock();
        self.registry.remove_issued(ISSUER, account);
        for session in sessions.values() {
            self.registry.insert(session.credential.clone());
        }
        accounts.insert(account.to_owned(), sessions);
        Ok(())
    }

    /// Forgets every session.
    pub fn clear(&self) {
        let mut accounts = self.lock();
        for account in accounts.keys() {
            self.changes.record(|| PartitionKey::new([account.clone()]));
        }
        accounts.clear();
        self.registry.clear_issuer(ISSUER);
    }
}
