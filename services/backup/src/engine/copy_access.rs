//! Who may copy into a vault of another account: AWS refuses a cross-account copy unless
//! cross-account backup is enabled (global settings) and the destination vault's access policy
//! allows `backup:CopyIntoBackupVault` to the source account. Every refusal, and a destination
//! vault that does not exist, fails the job with the same message, so that no answer tells an
//! account whether another account's vault exists.
//!
//! AWS reads the setting from the organization; the emulator has no Organizations and reads it
//! from the source account's global settings.

use aws_policy::{PolicyDocument, Request};

use crate::engine::events::{CopyDelivery, EventKind};
use crate::state::{BackupStore, RegionState};
use emulator_core::state::lock;

/// The status message of a cross-account copy AWS refuses.
pub const ACCESS_DENIED: &str = "Access Denied trying to call AWS Backup service";

/// The IAM action a destination vault's policy must allow.
const COPY_ACTION: &str = "backup:CopyIntoBackupVault";

/// Whether `delivery` crosses accounts.
pub fn crosses_accounts(delivery: &CopyDelivery) -> bool {
    delivery.source.account_id != delivery.destination.account_id
}

/// Before a copy arrives in another account: records whether the source account has
/// cross-account backup enabled (the arrival runs under the destination region's lock only).
pub fn note_source_settings(store: &BackupStore, kind: &mut EventKind) {
    let EventKind::CopyArrives(delivery) = kind else {
        return;
    };
    if !crosses_accounts(delivery) {
        return;
    }
    delivery.cross_account_enabled = store
        .existing_account(&delivery.source.account_id)
        .is_some_and(|account| {
            lock(&account)
                .global_settings
                .is_cross_account_backup_enabled()
        });
}

/// In the destination's region: `Err` with [`ACCESS_DENIED`] unless the copy may go into its
/// vault. Copies within an account always may.
pub fn check(region: &RegionState, delivery: &CopyDelivery, role_arn: &str) -> Result<(), String> {
    if !crosses_accounts(delivery) {
        return Ok(());
    }
    let allowed = delivery.cross_account_enabled
        && region
            .vaults
            .get(&delivery.vault_name)
            .and_then(|vault| {
                let policy = PolicyDocument::parse(vault.access_policy.as_deref()?).ok()?;
                let request = Request {
                    account_id: &delivery.source.account_id,
                    principal_arn: Some(role_arn),
                    action: COPY_ACTION,
                    resource: &vault.arn,
                };
                Some(policy.evaluate(&request).is_allowed())
            })
            .unwrap_or(false);
    if allowed {
        Ok(())
    } else {
        Err(ACCESS_DENIED.to_owned())
    }
}
