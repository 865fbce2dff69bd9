//! Backup access points: CreateBackupAccessPoint, DescribeBackupAccessPoint,
//! DeleteBackupAccessPoint (this file) and the three listings (`access_points/listing.rs`).
//!
//! An access point gives read access to an S3 recovery point through an S3 access point Backup
//! provisions: CREATING → AVAILABLE over the job delay, when `AccessPointMetadata` gains
//! `S3AccessPointArn` and `S3AccessPointAlias`; DeleteBackupAccessPoint moves it to DELETING and
//! it is gone after the delay (`access_points/lifecycle.rs`). While a recovery point has access
//! points its lifecycle is paused and it cannot be deleted; the lifecycle resumes when the last
//! one is gone.

pub mod checks;
pub mod listing;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    AccessPointStatus, CreateBackupAccessPointRequest, CreateBackupAccessPointResponse,
    DeleteBackupAccessPointInput, DescribeBackupAccessPointInput,
    DescribeBackupAccessPointResponse,
};
use crate::engine::backend::Backend;
use crate::engine::dispatch::at;
use crate::engine::events::PointEvent;
use crate::model::access_point::AccessPoint;
use crate::state::RegionState;
use crate::support::arns;
use crate::support::errors::{already_exists, not_found};
use crate::support::tags;

fn access_point_not_found(arn: &str) -> ServiceError {
    not_found(format!("Backup access point {arn} does not exist"))
}

/// The caller's access point `arn` names, or `ResourceNotFoundException`: an ARN of another
/// account or region names none of the caller's.
fn find_name(region: &RegionState, arn: &str) -> Result<String, ServiceError> {
    let name = arn
        .rsplit_once(":accesspoint/")
        .map_or("", |(_, name)| name);
    region
        .access_points
        .get(name)
        .filter(|point| point.arn == arn)
        .map(|point| point.name.clone())
        .ok_or_else(|| access_point_not_found(arn))
}

/// `CreateBackupAccessPoint`.
pub(crate) fn create_backup_access_point(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateBackupAccessPointRequest,
) -> Result<CreateBackupAccessPointResponse, ServiceError> {
    let tags = tags::tags_from_input(input.tags.unwrap_or_default())?;
    if let Some(policy) = &input.access_point_policy {
        checks::policy(policy)?;
    }
    let arn = arns::access_point(ctx, &input.name);
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        if let Some(existing) = region.access_points.get(&input.name) {
            return Err(already_exists(
                format!("Backup access point {} already exists", input.name),
                Some(&existing.arn),
                None,
            ));
        }
        let point = region
            .recovery_points
            .get(&input.recovery_point_arn)
            .ok_or_else(|| {
                not_found(format!(
                    "Recovery point {} does not exist",
                    input.recovery_point_arn
                ))
            })?;
        checks::recovery_point(point)?;
        let point_in_time = checks::metadata(input.access_point_metadata.as_ref(), point, now)?;
        let access_point = AccessPoint {
            name: input.name.clone(),
            arn: arn.clone(),
            recovery_point_arn: point.arn.to_string(),
            vault_name: point.vault_name.to_string(),
            vault_arn: point.vault_arn.to_string(),
            resource_arn: point.resource_arn.to_string(),
            resource_type: point.resource_type.to_string(),
            status: AccessPointStatus::Creating,
            status_message: None,
            creation_time: now,
            deletion_time: None,
            point_in_time,
            policy: input.access_point_policy.clone(),
            s3: None,
        };
        // Tags left under this ARN by an earlier access point of the same name are not this
        // one's; the new set was validated above, so tagging cannot fail.
        region.tags.remove_resource(&arn);
        let _ = region.tags.tag(&arn, tags);
        region
            .access_points
            .insert(input.name.clone(), access_point);
        let follow_ups = at(
            region,
            settings.finish_at(now),
            PointEvent::AccessPointAvailable(input.name.clone()),
            now,
            &settings,
        );
        let status = region
            .access_points
            .get(&input.name)
            .map_or(AccessPointStatus::Creating, |point| point.status);
        let output = CreateBackupAccessPointResponse {
            access_point_arn: arn.clone(),
            status,
        };
        Ok((output, follow_ups))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

/// `DescribeBackupAccessPoint`.
pub(crate) fn describe_backup_access_point(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeBackupAccessPointInput,
) -> Result<DescribeBackupAccessPointResponse, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let name = find_name(region, &input.access_point_arn)?;
        region
            .access_points
            .get(&name)
            .map(AccessPoint::describe)
            .ok_or_else(|| access_point_not_found(&input.access_point_arn))
    })
}

/// `DeleteBackupAccessPoint`: DELETING now, gone after the delay. Deleting one that is already
/// being deleted changes nothing.
pub(crate) fn delete_backup_access_point(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteBackupAccessPointInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let follow_ups = svc.store.with_region(ctx, |region| {
        let name = find_name(region, &input.access_point_arn)?;
        let Some(point) = region.access_points.get_mut(&name) else {
            return Err(access_point_not_found(&input.access_point_arn));
        };
        if point.status == AccessPointStatus::Deleting {
            return Ok(Vec::new());
        }
        point.status = AccessPointStatus::Deleting;
        point.deletion_time = Some(now);
        Ok(at(
            region,
            settings.finish_at(now),
            PointEvent::AccessPointDeleted(name),
            now,
            &settings,
        ))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(())
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Access points created through the handler, for unit tests of this and other modules.

    use crate::BackupService;

    use super::*;
    use crate::test_support::ctx;

    /// Creates access point `name` on recovery point `point_arn`.
    pub fn create(
        svc: &BackupService,
        name: &str,
        point_arn: &str,
    ) -> Result<CreateBackupAccessPointResponse, ServiceError> {
        create_backup_access_point(
            svc,
            &ctx(),
            CreateBackupAccessPointRequest {
                name: name.to_owned(),
                recovery_point_arn: point_arn.to_owned(),
                ..Default::default()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::create;
    use super::*;
    use crate::ops::recovery_points::test_support::{put, put_with};
    use crate::ops::vaults::test_support::create as create_vault;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    const BUCKET: &str = "arn:aws:s3:::reports";

    fn s3_point(svc: &BackupService, id: &str) -> String {
        put_with(svc, "v", id, 1_000, |p| {
            p.resource_arn = BUCKET.into();
            p.resource_type = "S3".parse().unwrap();
            p.resource_name = "reports".into();
        })
    }

    fn describe(
        svc: &BackupService,
        arn: &str,
    ) -> Result<DescribeBackupAccessPointResponse, ServiceError> {
        describe_backup_access_point(
            svc,
            &ctx(),
            DescribeBackupAccessPointInput {
                access_point_arn: arn.to_owned(),
            },
        )
    }

    fn delete(svc: &BackupService, arn: &str) -> Result<(), ServiceError> {
        delete_backup_access_point(
            svc,
            &ctx(),
            DeleteBackupAccessPointInput {
                access_point_arn: arn.to_owned(),
            },
        )
    }

    #[test]
    fn an_access_point_becomes_available_and_is_deleted_over_the_delay() {
        let svc = service();
        create_vault(&svc, "v");
        let point = s3_point(&svc, "RP");
        let created = create(&svc, "reader", &point).expect("created");
        assert_eq!(created.status, AccessPointStatus::Creating);
        assert_eq!(
            created.access_point_arn,
            "arn:aws:backup:us-east-1:111122223333:accesspoint/reader"
        );
        let described = describe(&svc, &created.access_point_arn).unwrap();
        assert_eq!(described.status, AccessPointStatus::Creating);
        assert_eq!(described.resource_arn, BUCKET);
        assert_eq!(described.resource_type, "S3");
        assert_eq!(described.backup_vault_name, "v");
        assert_eq!(described.access_point_metadata, Some(Default::default()));

        svc.clock.advance(5.0);
        svc.settle_due();
        let described = describe(&svc, &created.access_point_arn).unwrap();
        assert_eq!(described.status, AccessPointStatus::Available);
        let metadata = described.access_point_metadata.unwrap_or_default();
        assert_eq!(
            metadata.get("S3AccessPointArn").map(String::as_str),
            Some("arn:aws:s3:us-east-1:111122223333:accesspoint/reader")
        );
        assert!(metadata
            .get("S3AccessPointAlias")
            .is_some_and(|alias| alias.starts_with("reader-") && alias.ends_with("-ext-s3alias")));

        delete(&svc, &created.access_point_arn).expect("deleted");
        assert_eq!(
            describe(&svc, &created.access_point_arn).unwrap().status,
            AccessPointStatus::Deleting
        );
        delete(&svc, &created.access_point_arn).expect("deleting again changes nothing");
        svc.clock.advance(5.0);
        svc.settle_due();
        let error = describe(&svc, &created.access_point_arn).unwrap_err();
        assert_eq!(code(&error), "ResourceNotFoundException");
        assert_eq!(
            code(&delete(&svc, &created.access_point_arn).unwrap_err()),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn access_points_pause_the_lifecycle_and_block_deletion_until_the_last_is_gone() {
        let svc = service();
        create_vault(&svc, "v");
        let now = svc.clock.now().epoch_millis();
        let point = put_with(&svc, "v", "RP", now, |p| {
            p.resource_arn = BUCKET.into();
            p.resource_type = "S3".parse().unwrap();
            p.lifecycle = Some(std::sync::Arc::new(crate::api::generated::Lifecycle {
                delete_after_days: Some(1),
                ..Default::default()
            }));
        });
        let events = svc.store.with_region(&ctx(), |region| {
            crate::engine::lifecycle::lifecycle_events(region.recovery_points.get(&point).unwrap())
        });
        svc.schedule(&ctx(), events);
        let first = create(&svc, "first", &point).unwrap().access_point_arn;
        let second = create(&svc, "second", &point).unwrap().access_point_arn;
        let exists = |svc: &BackupService| {
            svc.store
                .with_region(&ctx(), |region| region.recovery_points.contains_key(&point))
        };
        let delete_point = |svc: &BackupService| {
            crate::ops::recovery_points::removal::delete_recovery_point(
                svc,
                &ctx(),
                crate::api::generated::DeleteRecoveryPointInput {
                    backup_vault_name: "v".into(),
                    recovery_point_arn: point.clone(),
                },
            )
        };
        assert_eq!(
            code(&delete_point(&svc).unwrap_err()),
            "InvalidRequestException"
        );
        // Past the point's deletion date: paused.
        svc.clock.advance(2.0 * 86_400.0);
        svc.settle_due();
        assert!(exists(&svc));
        delete(&svc, &first).unwrap();
        svc.clock.advance(5.0);
        svc.settle_due();
        assert!(exists(&svc), "one access point is left");
        delete(&svc, &second).unwrap();
        svc.clock.advance(5.0);
        svc.settle_due();
        assert!(!exists(&svc), "the lifecycle resumed and the point expired");
    }

    #[test]
    fn names_are_unique_and_points_must_be_s3_points_that_exist() {
        let svc = service();
        create_vault(&svc, "v");
        let point = s3_point(&svc, "RP");
        let volume = put(&svc, "v", "EBS", 2_000);
        create(&svc, "reader", &point).expect("created");
        assert_eq!(
            code(&create(&svc, "reader", &point).unwrap_err()),
            "AlreadyExistsException"
        );
        assert_eq!(
            code(&create(&svc, "other", &volume).unwrap_err()),
            "InvalidRequestException"
        );
        let missing = crate::support::arns::recovery_point(&ctx(), "NONE");
        assert_eq!(
            code(&create(&svc, "other", &missing).unwrap_err()),
            "ResourceNotFoundException"
        );
        let foreign = "arn:aws:backup:eu-west-1:111122223333:accesspoint/reader";
        assert_eq!(
            code(&describe(&svc, foreign).unwrap_err()),
            "ResourceNotFoundException"
        );
        svc.store.with_region(&ctx(), |region| {
            assert_eq!(region.access_points.len(), 1);
        });
    }
}
