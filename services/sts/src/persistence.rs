//! STS's state as the gateway persists it (`FLOCI_STORAGE_MODE`): one partition per account
//! (`[account]`) holding its issued sessions, so temporary credentials keep working across a
//! restart, and expire on the restored clock. Each partition is one JSON document (a record of
//! the storage's kind `document`): an account's live sessions stay few.

use emulator_core::storage::{
    document, ChangeLog, PartitionKey, PersistentState, Record, RecordBatch,
};

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

    fn save(&self, key: &PartitionKey, batch: &mut RecordBatch) -> Result<(), String> {
        batch.put_document(self.core.store.save(account(key)?)?);
        Ok(())
    }

    fn load(
        &self,
        key: &PartitionKey,
        records: &mut dyn Iterator<Item = Record>,
    ) -> Result<(), String> {
        match document(records)? {
            Some(state) => self.core.store.load(account(key)?, &state),
            None => Ok(()),
        }
    }

    fn load_format1(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
        self.core.store.load(account(key)?, state)
    }

    fn resume(&self) {}
}
