//! The (account, region) a record or an event belongs to.

use emulator_core::RequestContext;
use serde::{Deserialize, Serialize};

/// Which account and region an event, or a copy's source or destination, belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegionKey {
    /// The account id.
    pub account_id: String,
    /// The region.
    pub region: String,
}

/// The caller's account and region.
pub fn region_key(ctx: &RequestContext) -> RegionKey {
    RegionKey {
        account_id: ctx.account_id.clone(),
        region: ctx.region.clone(),
    }
}
