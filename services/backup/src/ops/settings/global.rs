//! Account-wide settings: DescribeGlobalSettings and UpdateGlobalSettings.
//!
//! AWS keeps three flags per account, as the strings `"true"` and `"false"`:
//! `isCrossAccountBackupEnabled`, `isMpaEnabled` (multi-party approval) and
//! `isDelegatedAdministratorEnabled`, all off until changed. On AWS, UpdateGlobalSettings fails
//! unless the caller is an Organizations management account and DescribeGlobalSettings fails
//! outside an organization; the emulator has no Organizations, so every account may read and
//! change its own flags.

use std::collections::BTreeMap;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    DescribeGlobalSettingsInput, DescribeGlobalSettingsOutput, UpdateGlobalSettingsInput,
};
use crate::engine::backend::Backend;
use crate::model::settings::GLOBAL_SETTING_NAMES;
use crate::support::errors::{invalid_parameter, missing_parameter};

/// `DescribeGlobalSettings`.
pub(crate) fn describe_global_settings(
    svc: &Backend,
    ctx: &RequestContext,
    _input: DescribeGlobalSettingsInput,
) -> Result<DescribeGlobalSettingsOutput, ServiceError> {
    Ok(svc.store.with_account(ctx, |account| {
        let settings = &account.global_settings;
        DescribeGlobalSettingsOutput {
            global_settings: Some(settings.as_strings()),
            last_update_time: settings.last_update_time(),
        }
    }))
}

/// `UpdateGlobalSettings`: sets the given flags; flags not named keep their values.
pub(crate) fn update_global_settings(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateGlobalSettingsInput,
) -> Result<(), ServiceError> {
    let requested = input.global_settings.unwrap_or_default();
    if requested.is_empty() {
        return Err(missing_parameter(
            "GlobalSettings must contain at least one setting",
        ));
    }
    let mut changes = BTreeMap::new();
    for (name, value) in requested {
        if !GLOBAL_SETTING_NAMES.contains(&name.as_str()) {
            return Err(invalid_parameter(format!(
                "Invalid global setting: {name}. Valid settings are {}",
                GLOBAL_SETTING_NAMES.join(", ")
            )));
        }
        let enabled = parse_flag(&value).ok_or_else(|| {
            invalid_parameter(format!(
                "Invalid value for global setting {name}: {value}. Valid values are true and false"
            ))
        })?;
        changes.insert(name, enabled);
    }
    let now = svc.clock.now();
    svc.store.with_account(ctx, |account| {
        account.global_settings.update(changes, now);
    });
    Ok(())
}

/// AWS documents the values as `true` or `false`; letter case is not significant.
fn parse_flag(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn update(svc: &BackupService, pairs: &[(&str, &str)]) -> Result<(), ServiceError> {
        update_global_settings(
            svc,
            &ctx(),
            UpdateGlobalSettingsInput {
                global_settings: Some(
                    pairs
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                ),
            },
        )
    }

    fn describe(svc: &BackupService) -> DescribeGlobalSettingsOutput {
        describe_global_settings(svc, &ctx(), DescribeGlobalSettingsInput {}).unwrap()
    }

    #[test]
    fn every_flag_defaults_to_false_without_an_update_time() {
        let out = describe(&service());
        let flags = out.global_settings.unwrap();
        assert_eq!(flags.len(), 3);
        assert!(flags.values().all(|v| v == "false"));
        assert_eq!(out.last_update_time, None);
    }

    #[test]
    fn an_update_sets_named_flags_and_the_update_time() {
        let svc = service();
        svc.clock.advance(3600.0);
        let before = svc.clock.now();
        update(&svc, &[("isCrossAccountBackupEnabled", "TRUE")]).unwrap();
        let out = describe(&svc);
        let flags = out.global_settings.unwrap();
        assert_eq!(flags["isCrossAccountBackupEnabled"], "true");
        assert_eq!(flags["isMpaEnabled"], "false");
        let updated = out.last_update_time.unwrap();
        assert!(updated.epoch_millis() >= before.epoch_millis());
        update(&svc, &[("isMpaEnabled", "true")]).unwrap();
        let flags = describe(&svc).global_settings.unwrap();
        assert_eq!(flags["isCrossAccountBackupEnabled"], "true");
        assert_eq!(flags["isMpaEnabled"], "true");
    }

    #[test]
    fn unknown_names_and_non_boolean_values_are_invalid_and_change_nothing() {
        let svc = service();
        for pairs in [
            vec![("isMpaEnabled", "true"), ("isSomethingElse", "true")],
            vec![
                ("isMpaEnabled", "true"),
                ("isDelegatedAdministratorEnabled", "yes"),
            ],
            vec![
                ("isMpaEnabled", "true"),
                ("iscrossaccountbackupenabled", "true"),
            ],
            vec![("isMpaEnabled", "")],
        ] {
            let err = update(&svc, &pairs).unwrap_err();
            assert_eq!(code(&err), "InvalidParameterValueException", "{pairs:?}");
        }
        let out = describe(&svc);
        assert_eq!(out.global_settings.unwrap()["isMpaEnabled"], "false");
        assert_eq!(out.last_update_time, None);
    }

    #[test]
    fn an_update_without_settings_is_missing_a_parameter() {
        let svc = service();
        let err =
            update_global_settings(&svc, &ctx(), UpdateGlobalSettingsInput::default()).unwrap_err();
        assert_eq!(code(&err), "MissingParameterValueException");
        let err = update(&svc, &[]).unwrap_err();
        assert_eq!(code(&err), "MissingParameterValueException");
    }
}
