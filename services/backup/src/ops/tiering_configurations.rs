//! Tiering configurations: CreateTieringConfiguration, GetTieringConfiguration,
//! UpdateTieringConfiguration, DeleteTieringConfiguration and ListTieringConfigurations.
//!
//! A configuration names the S3 resources whose backup data moves to the low-cost warm tier
//! after a number of days, for one vault or for every vault (`*`). Each vault has at most one
//! configuration of its own, and there is at most one for every vault. The tiering itself works
//! on the objects inside S3 backups, which the API does not show: recovery points keep their
//! `StorageClass`, so a configuration is stored, validated and listed, and moves nothing the
//! API could observe.

pub mod validate;

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    CreateTieringConfigurationInput, CreateTieringConfigurationOutput,
    DeleteTieringConfigurationInput, DeleteTieringConfigurationOutput,
    GetTieringConfigurationInput, GetTieringConfigurationOutput, ListTieringConfigurationsInput,
    ListTieringConfigurationsOutput, UpdateTieringConfigurationInput,
    UpdateTieringConfigurationOutput,
};
use crate::engine::backend::Backend;
use crate::model::tiering_config::TieringConfig;
use crate::state::RegionState;
use crate::support::arns;
use crate::support::errors::{already_exists, not_found};
use crate::support::listing::max_results;
use crate::support::tags;

fn configuration_not_found(name: &str) -> ServiceError {
    not_found(format!("Tiering configuration {name} does not exist"))
}

/// Refuses a second configuration for the vault (or for every vault) `vault_name`, other than
/// configuration `except`.
fn check_vault_free(
    region: &RegionState,
    vault_name: &str,
    except: Option<&str>,
) -> Result<(), ServiceError> {
    match region
        .tiering_configurations
        .values()
        .find(|other| other.vault_name == vault_name && Some(other.name.as_str()) != except)
    {
        Some(other) => Err(already_exists(
            format!(
                "Backup vault {vault_name} already has tiering configuration {}",
                other.name
            ),
            Some(&other.arn),
            other.creator_request_id.as_deref(),
        )),
        None => Ok(()),
    }
}

fn created(configuration: &TieringConfig) -> CreateTieringConfigurationOutput {
    CreateTieringConfigurationOutput {
        creation_time: Some(configuration.creation_time),
        tiering_configuration_arn: Some(configuration.arn.clone()),
        tiering_configuration_name: Some(configuration.name.clone()),
    }
}

/// `CreateTieringConfiguration`.
///
/// Retrying with the same name and `CreatorRequestId` returns the first call's output; any
/// other request for a taken name, or for a vault that already has its configuration, fails
/// with `AlreadyExistsException`.
pub(crate) fn create_tiering_configuration(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateTieringConfigurationInput,
) -> Result<CreateTieringConfigurationOutput, ServiceError> {
    crate::support::creator_request_id::check(input.creator_request_id.as_deref())?;
    let body = input.tiering_configuration;
    validate::resource_selection(&body.resource_selection)?;
    let tags = tags::tags_from_input(input.tiering_configuration_tags.unwrap_or_default())?;
    let now = svc.clock.now();
    let id = uuid::Uuid::new_v4().to_string();
    let arn = arns::tiering_configuration(ctx, &body.tiering_configuration_name, &id);
    svc.store.with_region(ctx, |region| {
        let name = body.tiering_configuration_name;
        if let Some(existing) = region.tiering_configurations.get(&name) {
            if input.creator_request_id.is_some()
                && existing.creator_request_id == input.creator_request_id
            {
                return Ok(created(existing));
            }
            return Err(already_exists(
                format!("Tiering configuration {name} already exists"),
                Some(&existing.arn),
                existing.creator_request_id.as_deref(),
            ));
        }
        validate::vault(region, &body.backup_vault_name)?;
        check_vault_free(region, &body.backup_vault_name, None)?;
        let configuration = TieringConfig {
            name: name.clone(),
            arn: arn.clone(),
            vault_name: body.backup_vault_name,
            resource_selection: body.resource_selection,
            creator_request_id: input.creator_request_id,
            creation_time: now,
            last_updated_time: now,
        };
        // The tags were validated above and the fresh ARN holds none, so tagging cannot fail.
        let _ = region.tags.tag(&arn, tags);
        let output = created(&configuration);
        region.tiering_configurations.insert(name, configuration);
        Ok(output)
    })
}

/// `GetTieringConfiguration`.
pub(crate) fn get_tiering_configuration(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetTieringConfigurationInput,
) -> Result<GetTieringConfigurationOutput, ServiceError> {
    let name = input.tiering_configuration_name;
    svc.store.with_region(ctx, |region| {
        let configuration = region
            .tiering_configurations
            .get(&name)
            .ok_or_else(|| configuration_not_found(&name))?;
        Ok(GetTieringConfigurationOutput {
            tiering_configuration: Some(configuration.to_output()),
        })
    })
}

/// `UpdateTieringConfiguration`: a new vault and resource selection; the name, ARN and creation
/// time stay.
pub(crate) fn update_tiering_configuration(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateTieringConfigurationInput,
) -> Result<UpdateTieringConfigurationOutput, ServiceError> {
    let name = input.tiering_configuration_name;
    let body = input.tiering_configuration;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        if !region.tiering_configurations.contains_key(&name) {
            return Err(configuration_not_found(&name));
        }
        validate::resource_selection(&body.resource_selection)?;
        validate::vault(region, &body.backup_vault_name)?;
        check_vault_free(region, &body.backup_vault_name, Some(&name))?;
        let configuration = region
            .tiering_configurations
            .get_mut(&name)
            .ok_or_else(|| configuration_not_found(&name))?;
        configuration.vault_name = body.backup_vault_name;
        configuration.resource_selection = body.resource_selection;
        configuration.last_updated_time = now;
        Ok(UpdateTieringConfigurationOutput {
            creation_time: Some(configuration.creation_time),
            last_updated_time: Some(configuration.last_updated_time),
            tiering_configuration_arn: Some(configuration.arn.clone()),
            tiering_configuration_name: Some(configuration.name.clone()),
        })
    })
}

/// `DeleteTieringConfiguration`: the configuration and its tags go.
pub(crate) fn delete_tiering_configuration(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteTieringConfigurationInput,
) -> Result<DeleteTieringConfigurationOutput, ServiceError> {
    let name = input.tiering_configuration_name;
    svc.store.with_region(ctx, |region| {
        let gone = region
            .tiering_configurations
            .remove(&name)
            .ok_or_else(|| configuration_not_found(&name))?;
        region.tags.remove_resource(&gone.arn);
        Ok(DeleteTieringConfigurationOutput {})
    })
}

/// `ListTieringConfigurations`: in name order, keyset-paged.
pub(crate) fn list_tiering_configurations(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListTieringConfigurationsInput,
) -> Result<ListTieringConfigurationsOutput, ServiceError> {
    let max = max_results(input.max_results);
    svc.store.with_region(ctx, |region| {
        let page = paginate_btree(
            &region.tiering_configurations,
            input.next_token.as_deref(),
            "ListTieringConfigurations",
            max,
            |_| true,
        )
        .map_err(|err| crate::support::pagination::error(&err))?;
        Ok(ListTieringConfigurationsOutput {
            next_token: page.next_token,
            tiering_configurations: Some(
                page.items
                    .into_iter()
                    .map(TieringConfig::to_list_member)
                    .collect(),
            ),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{
        ResourceSelection, TieringConfigurationInputForCreate, TieringConfigurationInputForUpdate,
    };
    use crate::ops::vaults::test_support::create as create_vault;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn selection(days: i32) -> Vec<ResourceSelection> {
        vec![ResourceSelection {
            resource_type: "S3".into(),
            resources: vec!["*".into()],
            tiering_down_settings_in_days: days,
        }]
    }

    fn create(
        svc: &BackupService,
        name: &str,
        vault: &str,
        request_id: Option<&str>,
    ) -> Result<CreateTieringConfigurationOutput, ServiceError> {
        create_tiering_configuration(
            svc,
            &ctx(),
            CreateTieringConfigurationInput {
                creator_request_id: request_id.map(str::to_owned),
                tiering_configuration: TieringConfigurationInputForCreate {
                    backup_vault_name: vault.into(),
                    resource_selection: selection(60),
                    tiering_configuration_name: name.into(),
                },
                tiering_configuration_tags: None,
            },
        )
    }

    fn get(svc: &BackupService, name: &str) -> Result<GetTieringConfigurationOutput, ServiceError> {
        get_tiering_configuration(
            svc,
            &ctx(),
            GetTieringConfigurationInput {
                tiering_configuration_name: name.into(),
            },
        )
    }

    #[test]
    fn create_is_idempotent_per_request_id_and_names_and_vaults_are_taken_once() {
        let svc = service();
        create_vault(&svc, "v");
        let first = create(&svc, "cold_s3", "v", Some("req-1")).expect("created");
        let arn = first.tiering_configuration_arn.clone().unwrap();
        assert!(
            arn.starts_with("arn:aws:backup:us-east-1:111122223333:tiering-configuration:cold_s3-")
        );
        assert_eq!(create(&svc, "cold_s3", "v", Some("req-1")).unwrap(), first);
        assert_eq!(
            code(&create(&svc, "cold_s3", "v", Some("req-2")).unwrap_err()),
            "AlreadyExistsException"
        );
        assert_eq!(
            code(&create(&svc, "other", "v", None).unwrap_err()),
            "AlreadyExistsException"
        );
        assert_eq!(
            code(&create(&svc, "other", "missing", None).unwrap_err()),
            "InvalidParameterValueException"
        );
        create(&svc, "everywhere", "*", None).expect("one for every vault");
        assert_eq!(
            code(&create(&svc, "everywhere_too", "*", None).unwrap_err()),
            "AlreadyExistsException"
        );
        let got = get(&svc, "cold_s3").unwrap().tiering_configuration.unwrap();
        assert_eq!(got.creator_request_id.as_deref(), Some("req-1"));
        assert_eq!(got.backup_vault_name, "v");
        assert!(crate::state::tags::tiering_configuration_exists(
            &svc.store
                .region_for_tests("111122223333", "us-east-1")
                .lock()
                .unwrap(),
            arn.rsplit_once(":tiering-configuration:").unwrap().1
        ));
    }

    #[test]
    fn update_moves_the_configuration_and_delete_removes_it() {
        let svc = service();
        create_vault(&svc, "v");
        create_vault(&svc, "w");
        create(&svc, "a", "v", None).unwrap();
        create(&svc, "b", "w", None).unwrap();
        let update = |name: &str, vault: &str| {
            update_tiering_configuration(
                &svc,
                &ctx(),
                UpdateTieringConfigurationInput {
                    tiering_configuration_name: name.into(),
                    tiering_configuration: TieringConfigurationInputForUpdate {
                        backup_vault_name: vault.into(),
                        resource_selection: selection(90),
                    },
                },
            )
        };
        assert_eq!(
            code(&update("a", "w").unwrap_err()),
            "AlreadyExistsException"
        );
        assert_eq!(
            code(&update("zzz", "v").unwrap_err()),
            "ResourceNotFoundException"
        );
        svc.clock.advance(60.0);
        let updated = update("a", "*").expect("updated");
        assert!(updated.last_updated_time > updated.creation_time);
        let got = get(&svc, "a").unwrap().tiering_configuration.unwrap();
        assert_eq!(got.backup_vault_name, "*");
        assert_eq!(got.resource_selection[0].tiering_down_settings_in_days, 90);

        let delete = |name: &str| {
            delete_tiering_configuration(
                &svc,
                &ctx(),
                DeleteTieringConfigurationInput {
                    tiering_configuration_name: name.into(),
                },
            )
        };
        delete("a").expect("deleted");
        assert_eq!(code(&delete("a").unwrap_err()), "ResourceNotFoundException");
        assert_eq!(
            code(&get(&svc, "a").unwrap_err()),
            "ResourceNotFoundException"
        );
        let listed = list_tiering_configurations(&svc, &ctx(), Default::default()).unwrap();
        let names: Vec<_> = listed
            .tiering_configurations
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| c.tiering_configuration_name)
            .collect();
        assert_eq!(names, ["b"]);
    }
}
