//! Framework look-ups: by name, and by the name and id an ARN ends in.

use emulator_core::ServiceError;

use crate::model::framework::Framework;
use crate::state::RegionState;
use crate::support::errors::not_found;

/// `ResourceNotFoundException` for a framework the caller does not have.
pub fn framework_not_found(name: &str) -> ServiceError {
    not_found(format!(
        "Framework {name} does not exist in this account and Region."
    ))
}

/// The caller's framework `name`, or `ResourceNotFoundException`.
pub fn find<'a>(region: &'a RegionState, name: &str) -> Result<&'a Framework, ServiceError> {
    region
        .frameworks
        .get(name)
        .ok_or_else(|| framework_not_found(name))
}

/// The framework whose ARN ends in `framework:{name_and_id}`.
pub fn find_by_arn_suffix<'a>(region: &'a RegionState, name_and_id: &str) -> Option<&'a Framework> {
    // Names cannot contain `-`, so the name is what precedes the first one.
    let name = name_and_id
        .split_once('-')
        .map_or(name_and_id, |(name, _)| name);
    region.frameworks.get(name).filter(|f| {
        f.arn
            .rsplit_once(":framework:")
            .is_some_and(|(_, id)| id == name_and_id)
    })
}

/// The framework with ARN `arn`, if the caller has it.
pub fn find_by_arn<'a>(region: &'a RegionState, arn: &str) -> Option<&'a Framework> {
    let (_, name_and_id) = arn.rsplit_once(":framework:")?;
    find_by_arn_suffix(region, name_and_id).filter(|f| f.arn == arn)
}
