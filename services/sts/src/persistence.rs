//! STS's state as the gateway persists it (`FLOCI_STORAGE_MODE`): one partition per account
//! (`[account]`) holding its issued sessions, so temporary credentials keep working across a
//! restart, and expire on the restored clock.

use emulator_core::storage::{ChangeLog, PartitionKey, PersistentState};

use crate::StsService;

fn account(key: &PartitionKey) -> Result<&str, String> {
    match key.segments() {
        [account] => Ok(account),
        _ => Err(format!("{key} is not [account]")),
    }
}

impl PersistentState for StsService {
    fn changes(&self) -> &ChangeLog {
        self.core.store.changes()
    }

    fn save(&self, key: &PartitionKey) -> Result<Option<Vec<u8>>, String> {
        self.core.store.save(account(key)?)
    }

    fn load(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
        self.core.store.load(account(key)?, state)
    }

    fn resume(&self) {}
}
