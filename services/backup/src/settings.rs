//! Account and region settings: GetSupportedResourceTypes, Describe/UpdateGlobalSettings, Describe/UpdateRegionSettings.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `GetSupportedResourceTypes`.
pub(crate) fn get_supported_resource_types(
    svc: &BackupService,
    ctx: &RequestContext,
) -> Result<GetSupportedResourceTypesOutput, ServiceError> {
    let _ = (svc, ctx);
    Err(ServiceError::not_implemented(
        "Backup",
        "GetSupportedResourceTypes",
    ))
}

/// `DescribeGlobalSettings`.
pub(crate) fn describe_global_settings(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DescribeGlobalSettingsInput,
) -> Result<DescribeGlobalSettingsOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "DescribeGlobalSettings",
    ))
}

/// `UpdateGlobalSettings`.
pub(crate) fn update_global_settings(
    svc: &BackupService,
    ctx: &RequestContext,
    input: UpdateGlobalSettingsInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "UpdateGlobalSettings",
    ))
}

/// `DescribeRegionSettings`.
pub(crate) fn describe_region_settings(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DescribeRegionSettingsInput,
) -> Result<DescribeRegionSettingsOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "DescribeRegionSettings",
    ))
}

/// `UpdateRegionSettings`.
pub(crate) fn update_region_settings(
    svc: &BackupService,
    ctx: &RequestContext,
    input: UpdateRegionSettingsInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "UpdateRegionSettings",
    ))
}

/// Account-wide settings (`DescribeGlobalSettings`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GlobalSettings {}

/// Per-region settings (`DescribeRegionSettings`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionSettings {}
