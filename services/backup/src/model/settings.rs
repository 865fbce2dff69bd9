//! Backup's settings as stored: account-wide ([`GlobalSettings`]) and per region
//! ([`RegionSettings`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::support::resource_types::{self, is_supported_resource_type, CATALOGUE};

/// The global settings AWS Backup knows, in the order the API documents them.
pub const GLOBAL_SETTING_NAMES: &[&str] = &[
    "isCrossAccountBackupEnabled",
    "isMpaEnabled",
    "isDelegatedAdministratorEnabled",
];

/// Account-wide settings (`DescribeGlobalSettings`): the flags that were changed, and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GlobalSettings {
    // Only flags an update has set; the rest read as their default, false.
    flags: BTreeMap<String, bool>,
    last_update_time: Option<Timestamp>,
}

impl GlobalSettings {
    /// Whether the flag `name` is on (false for flags never set and for unknown names).
    pub fn is_enabled(&self, name: &str) -> bool {
        self.flags.get(name).copied().unwrap_or(false)
    }

    /// Whether cross-account backup (copies to other accounts) is allowed.
    pub fn is_cross_account_backup_enabled(&self) -> bool {
        self.is_enabled("isCrossAccountBackupEnabled")
    }

    /// Every known flag with its value, as DescribeGlobalSettings reports them.
    pub fn as_strings(&self) -> BTreeMap<String, String> {
        GLOBAL_SETTING_NAMES
            .iter()
            .map(|name| ((*name).to_owned(), self.is_enabled(name).to_string()))
            .collect()
    }

    /// When an update last changed the settings; `None` before the first update.
    pub fn last_update_time(&self) -> Option<Timestamp> {
        self.last_update_time
    }

    /// Sets the given flags at `now`; flags not named keep their values.
    pub fn update(&mut self, changes: impl IntoIterator<Item = (String, bool)>, now: Timestamp) {
        self.flags.extend(changes);
        self.last_update_time = Some(now);
    }
}

/// Per-region settings (`DescribeRegionSettings`): the preferences an update has set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionSettings {
    // Only explicit choices are stored; everything else reads as its default (opted in, fully
    // managed), so a type AWS adds later starts with its default too.
    opt_in: BTreeMap<String, bool>,
    management: BTreeMap<String, bool>,
    // `ResourceTypeOptInIncremental` choices; absent from settings stored before it existed.
    #[serde(default)]
    incremental: BTreeMap<String, bool>,
}

impl RegionSettings {
    /// Sets the given preferences; resource types not named keep theirs.
    pub fn update(
        &mut self,
        opt_in: impl IntoIterator<Item = (String, bool)>,
        management: impl IntoIterator<Item = (String, bool)>,
    ) {
        self.opt_in.extend(opt_in);
        self.management.extend(management);
    }

    /// Sets the given incremental-backup opt-ins; resource types not named keep theirs.
    pub fn update_incremental(&mut self, incremental: impl IntoIterator<Item = (String, bool)>) {
        self.incremental.extend(incremental);
    }

    /// Every type that takes an incremental-backup opt-in (DynamoDB, per the API reference),
    /// with its choice; off until opted in, as an opt-in is.
    pub fn incremental_preferences(&self) -> BTreeMap<String, bool> {
        resource_types::names_with(|t| t.incremental_opt_in)
            .into_iter()
            .map(|name| {
                let on = self.incremental.get(name).copied().unwrap_or(false);
                (name.to_owned(), on)
            })
            .collect()
    }

    /// Whether AWS Backup protects `resource_type` in this region (false for unsupported types).
    pub fn is_opted_in(&self, resource_type: &str) -> bool {
        is_supported_resource_type(resource_type)
            && self.opt_in.get(resource_type).copied().unwrap_or(true)
    }

    /// Whether AWS Backup fully manages backups of `resource_type` (false for types without a
    /// management preference).
    pub fn is_fully_managed(&self, resource_type: &str) -> bool {
        resource_types::has(resource_type, |t| t.management_preference)
            && self.management.get(resource_type).copied().unwrap_or(true)
    }

    /// Every supported resource type with its opt-in preference.
    pub fn opt_in_preferences(&self) -> BTreeMap<String, bool> {
        CATALOGUE
            .iter()
            .map(|info| (info.name.to_owned(), self.is_opted_in(info.name)))
            .collect()
    }

    /// Every resource type that has a management preference, with its value.
    pub fn management_preferences(&self) -> BTreeMap<String, bool> {
        resource_types::names_with(|t| t.management_preference)
            .into_iter()
            .map(|name| (name.to_owned(), self.is_fully_managed(name)))
            .collect()
    }
}
