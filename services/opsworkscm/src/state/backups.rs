//! Backup look-ups across the region.

use crate::state::RegionState;

/// Manual backups in the account and region, which `ManualBackupLimit` counts.
pub fn manual_backup_count(state: &RegionState) -> usize {
    state
        .backups
        .values()
        .filter(|backup| !backup.is_automated())
        .count()
}
