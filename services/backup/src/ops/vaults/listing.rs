//! `ListBackupVaults`: the caller's vaults in name order, filtered and paginated.

use aws_pagination::paginate_btree;
use emulator_core::dto::Written;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{ListBackupVaultsInput, ListBackupVaultsOutput, VaultType};
use crate::engine::backend::Backend;
use crate::model::vault::Vault;
use crate::support::errors::invalid_parameter;

/// The page size when the caller sets no `MaxResults` (the model's maximum).
const DEFAULT_PAGE_SIZE: usize = 1000;

/// What the caller asked to see.
struct Filter {
    vault_type: Option<VaultType>,
    shared: Option<bool>,
}

impl Filter {
    /// `ByShared` selects vaults shared with the caller through AWS RAM (AWS's mechanism for
    /// sharing logically air-gapped vaults across accounts). The emulator models no RAM
    /// shares, so none of the caller's vaults is shared: `ByShared=true` lists nothing and
    /// `false` (or no filter) lists every vault.
    fn matches(&self, vault: &Vault) -> bool {
        let shared = false;
        self.vault_type
            .is_none_or(|wanted| vault.vault_type == wanted)
            && self.shared.is_none_or(|wanted| wanted == shared)
    }

    /// Binds page tokens to the filters, so a token cannot resume a different listing.
    fn scope(&self) -> String {
        format!(
            "ListBackupVaults|{}|{:?}",
            self.vault_type.map_or("", |t| t.as_str()),
            self.shared
        )
    }
}

/// `ListBackupVaults`: the page is written under the region's lock, from views that borrow
/// the vaults' strings.
pub(crate) fn list_backup_vaults(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupVaultsInput,
) -> Result<Written<ListBackupVaultsOutput>, ServiceError> {
    let filter = Filter {
        vault_type: input.by_vault_type,
        shared: input.by_shared,
    };
    // The gateway already holds MaxResults to the model's 1..=1000.
    let page_size = input
        .max_results
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(DEFAULT_PAGE_SIZE);
    // Some tools send an empty token for "from the start".
    let token = input.next_token.as_deref().filter(|t| !t.is_empty());
    svc.store.with_region(ctx, |region| {
        let page = paginate_btree(&region.vaults, token, &filter.scope(), page_size, |vault| {
            filter.matches(vault)
        })
        .map_err(|error| invalid_parameter(format!("Invalid NextToken: {error}")))?;
        let vaults = page
            .items
            .iter()
            .map(|vault| vault.list_member(region.recovery_point_count(&vault.name)))
            .collect();
        Ok(Written::new(&ListBackupVaultsOutput {
            backup_vault_list: Some(vaults),
            next_token: page.next_token.as_deref(),
        }))
    })
}
