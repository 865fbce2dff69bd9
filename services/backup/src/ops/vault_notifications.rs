//! Vault notifications: Put/Get/DeleteBackupVaultNotifications.
//!
//! The configuration is stored on the vault; the job machinery reads it through
//! [`VaultNotifications::wants`] to know which events a vault's topic would receive.

use aws_arn::Arn;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::vault_notifications::VaultNotifications;
use crate::state::vaults::{find, find_mut};
use crate::support::appliances::is_resource_target_type;
use crate::support::errors::{invalid_parameter, not_found};
use crate::support::resource_types::is_supported_resource_type;

/// `PutBackupVaultNotifications`: sets or replaces the vault's configuration. Every event the
/// model lists is accepted (AWS keeps deprecated ones valid; they simply never fire).
pub(crate) fn put_backup_vault_notifications(
    svc: &Backend,
    ctx: &RequestContext,
    input: PutBackupVaultNotificationsInput,
) -> Result<(), ServiceError> {
    let notifications = VaultNotifications {
        sns_topic_arn: checked_topic_arn(input.sns_topic_arn)?,
        events: checked_events(input.backup_vault_events)?,
        reports_in_s3: input.reports_in_s3.map(checked_reports).transpose()?,
    };
    svc.store.with_region(ctx, |region| {
        let vault = find_mut(region, &input.backup_vault_name)?;
        // The model: "This parameter is supported only for local backup vaults."
        if notifications.reports_in_s3.is_some() && vault.vault_type != VaultType::LocalBackupVault
        {
            return Err(invalid_parameter(format!(
                "ReportsInS3 is supported only for local backup vaults; {} is a {}.",
                vault.name,
                vault.vault_type.as_str()
            )));
        }
        vault.notifications = Some(notifications);
        Ok(())
    })
}

/// `GetBackupVaultNotifications`: a vault without a configuration answers
/// `ResourceNotFoundException` with AWS's (odd but well-known) message.
pub(crate) fn get_backup_vault_notifications(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetBackupVaultNotificationsInput,
) -> Result<GetBackupVaultNotificationsOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let vault = find(region, &input.backup_vault_name)?;
        let notifications = vault.notifications.as_ref().ok_or_else(|| {
            not_found(format!(
                "Failed reading notifications from database for Backup vault {}",
                vault.name
            ))
        })?;
        Ok(GetBackupVaultNotificationsOutput {
            backup_vault_arn: Some(vault.arn.clone()),
            backup_vault_events: Some(notifications.events.clone()),
            backup_vault_name: Some(vault.name.clone()),
            sns_topic_arn: Some(notifications.sns_topic_arn.clone()),
            reports_in_s3: notifications.reports_in_s3.clone(),
        })
    })
}

/// `DeleteBackupVaultNotifications`: removes the configuration; a vault without one is left as
/// it is.
pub(crate) fn delete_backup_vault_notifications(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteBackupVaultNotificationsInput,
) -> Result<(), ServiceError> {
    svc.store.with_region(ctx, |region| {
        find_mut(region, &input.backup_vault_name)?.notifications = None;
        Ok(())
    })
}

/// The topic must be named by an SNS ARN (`arn:aws:sns:us-west-2:111122223333:MyVaultTopic`).
fn checked_topic_arn(arn: String) -> Result<String, ServiceError> {
    let is_topic = Arn::parse(&arn)
        .is_ok_and(|parsed| parsed.service() == "sns" && !parsed.region().is_empty());
    if is_topic {
        Ok(arn)
    } else {
        Err(invalid_parameter(format!(
            "SNSTopicArn must be the ARN of an Amazon SNS topic \
             (arn:aws:sns:<region>:<account>:<topic>): {arn}"
        )))
    }
}

/// `ReportsInS3`: the model checks the bucket name, prefix length and owner account; the
/// resource types must be ones AWS Backup supports or those of resources registered with a
/// backup appliance (`VMWARE_VM`, …), at least one, repeats collapsed.
fn checked_reports(
    mut reports: ReportsInS3Configuration,
) -> Result<ReportsInS3Configuration, ServiceError> {
    if let Some(unknown) = reports
        .resource_types
        .iter()
        .find(|name| !is_supported_resource_type(name) && !is_resource_target_type(name))
    {
        return Err(invalid_parameter(format!(
            "ReportsInS3.ResourceTypes lists {unknown}, which is not a resource type AWS Backup \
             supports (see GetSupportedResourceTypes)."
        )));
    }
    let mut unique: Vec<String> = Vec::with_capacity(reports.resource_types.len());
    for name in reports.resource_types {
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    if unique.is_empty() {
        return Err(invalid_parameter(
            "ReportsInS3.ResourceTypes must list at least one resource type.",
        ));
    }
    reports.resource_types = unique;
    Ok(reports)
}

/// At least one event; repeats collapse into one.
fn checked_events(events: Vec<BackupVaultEvent>) -> Result<Vec<BackupVaultEvent>, ServiceError> {
    let mut unique = Vec::with_capacity(events.len());
    for event in events {
        if !unique.contains(&event) {
            unique.push(event);
        }
    }
    if unique.is_empty() {
        return Err(invalid_parameter(
            "BackupVaultEvents must list at least one event.",
        ));
    }
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:vault-events";

    fn put(
        svc: &BackupService,
        topic: &str,
        events: Vec<BackupVaultEvent>,
    ) -> Result<(), ServiceError> {
        put_backup_vault_notifications(
            svc,
            &ctx(),
            PutBackupVaultNotificationsInput {
                reports_in_s3: None,
                backup_vault_name: "v1".into(),
                sns_topic_arn: topic.into(),
                backup_vault_events: events,
            },
        )
    }

    fn get(svc: &BackupService) -> Result<GetBackupVaultNotificationsOutput, ServiceError> {
        get_backup_vault_notifications(
            svc,
            &ctx(),
            GetBackupVaultNotificationsInput {
                backup_vault_name: "v1".into(),
            },
        )
    }

    #[test]
    fn bad_topics_and_empty_event_lists_are_rejected_and_change_nothing() {
        let svc = service();
        create(&svc, "v1");
        for bad in [
            "vault-events",
            "arn:aws:sqs:us-east-1:111122223333:queue",
            "arn:aws:sns:::topic",
        ] {
            let error = put(&svc, bad, vec![BackupVaultEvent::BackupJobCompleted]).expect_err(bad);
            assert_eq!(code(&error), "InvalidParameterValueException", "{bad}");
        }
        let error = put(&svc, TOPIC, vec![]).expect_err("no events");
        assert_eq!(code(&error), "InvalidParameterValueException");
        let error = get(&svc).expect_err("nothing stored");
        assert_eq!(code(&error), "ResourceNotFoundException");
        assert_eq!(
            error.message(),
            "Failed reading notifications from database for Backup vault v1"
        );
    }

    #[test]
    fn the_configuration_is_stored_deduplicated_and_replaced_by_the_next_put() {
        let svc = service();
        create(&svc, "v1");
        put(
            &svc,
            TOPIC,
            vec![
                BackupVaultEvent::BackupJobCompleted,
                BackupVaultEvent::RestoreJobCompleted,
                BackupVaultEvent::BackupJobCompleted,
            ],
        )
        .expect("put");
        let got = get(&svc).expect("get");
        assert_eq!(got.sns_topic_arn.as_deref(), Some(TOPIC));
        assert_eq!(
            got.backup_vault_events,
            Some(vec![
                BackupVaultEvent::BackupJobCompleted,
                BackupVaultEvent::RestoreJobCompleted
            ])
        );
        put(&svc, TOPIC, vec![BackupVaultEvent::CopyJobFailed]).expect("replace");
        let stored = svc.store.with_region(&ctx(), |region| {
            region
                .vaults
                .get("v1")
                .and_then(|v| v.notifications.clone())
        });
        let stored = stored.expect("configured");
        assert!(stored.wants(BackupVaultEvent::CopyJobFailed));
        assert!(!stored.wants(BackupVaultEvent::BackupJobCompleted));
    }
}
