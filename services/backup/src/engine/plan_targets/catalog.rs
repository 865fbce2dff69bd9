//! Where the scheduler learns which resources exist and which tags they carry.
//!
//! AWS Backup asks the resource's own service. Here [`RegionCatalog`] offers two sources for the
//! plan's account and region:
//! - the gateway's resource registry (`emulator_core::ResourceRegistry`): resources other
//!   services registered, or that the user declared through `POST /_floci/resources`, with
//!   their tags. Tag conditions (`ListOfTags`, `Conditions`) read these tags.
//! - what Backup itself has seen: a resource a selection names without wildcards, or one a
//!   backup job or recovery point protects. These carry no tags: Backup's tag store holds tags
//!   of Backup's own resources (vaults, plans, recovery points), never of protected resources.
//!
//! Wildcards choose among both.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use emulator_core::resources::KnownResource;

use crate::state::RegionState;

/// Resources the gateway knows of in one account and region, with their tags.
pub trait ResourceCatalog {
    /// Every known resource ARN: the candidates for wildcard and tag selection.
    fn resources(&self) -> Vec<String>;
    /// The tags of `arn`, when it has any.
    fn tags(&self, arn: &str) -> Option<&BTreeMap<String, String>>;
}

/// The resources Backup's own state of a region shows (see the module documentation).
pub struct RegionCatalog<'a> {
    region: &'a RegionState,
    /// The registry's resources of the region, by ARN.
    registered: BTreeMap<&'a str, &'a BTreeMap<String, String>>,
    // Collected on first use, once per firing: most selections name their ARNs outright and
    // never need the scan.
    known: OnceCell<Vec<String>>,
}

impl<'a> RegionCatalog<'a> {
    /// The catalog of `region`, with `registered`, the registry's resources of the same account
    /// and region.
    pub fn new(region: &'a RegionState, registered: &'a [KnownResource]) -> Self {
        Self {
            region,
            registered: registered
                .iter()
                .map(|resource| (resource.arn.as_str(), &resource.tags))
                .collect(),
            known: OnceCell::new(),
        }
    }

    fn collect(&self) -> Vec<String> {
        let region = self.region;
        let named = region
            .selections
            .values()
            .flat_map(|selection| selection.document.resources.iter().flatten())
            .filter(|arn| !arn.contains(['*', '?']))
            .map(String::as_str);
        let jobs = region
            .backup_jobs
            .values()
            .map(|job| job.resource_arn.as_str());
        let points = region
            .recovery_points
            .values()
            .map(|point| point.resource_arn.as_str());
        let registered = self.registered.keys().copied();
        let unique: BTreeSet<&str> = named.chain(jobs).chain(points).chain(registered).collect();
        unique.into_iter().map(str::to_owned).collect()
    }
}

impl ResourceCatalog for RegionCatalog<'_> {
    fn resources(&self) -> Vec<String> {
        self.known.get_or_init(|| self.collect()).clone()
    }

    fn tags(&self, arn: &str) -> Option<&BTreeMap<String, String>> {
        self.registered.get(arn).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::BackupSelection;
    use crate::model::recovery_point::RecoveryPoint;
    use crate::model::selection::Selection;

    #[test]
    fn knows_registered_resources_named_arns_and_what_jobs_and_points_protected() {
        let mut region = RegionState::default();
        region.selections.insert(
            "s1".into(),
            Selection {
                id: "s1".into(),
                plan_id: "p1".into(),
                document: BackupSelection {
                    selection_name: "s".into(),
                    iam_role_arn: "arn:aws:iam::111122223333:role/backup".into(),
                    resources: Some(vec![
                        "arn:aws:dynamodb:us-east-1:111122223333:table/Orders".into(),
                        "arn:aws:ec2:*:*:volume/*".into(),
                    ]),
                    ..Default::default()
                },
                creation_date: Default::default(),
                creator_request_id: None,
            },
        );
        let mut point = RecoveryPoint::sample(
            "arn:aws:backup:us-east-1:111122223333:recovery-point:1",
            "v",
        );
        point.resource_arn = "arn:aws:ec2:us-east-1:111122223333:volume/vol-9".into();
        region.recovery_points.insert(point.arn.clone(), point);
        let registered = [KnownResource {
            arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".into(),
            tags: [("backup".to_owned(), "daily".to_owned())].into(),
            ..Default::default()
        }];
        let catalog = RegionCatalog::new(&region, &registered);
        assert_eq!(
            catalog.resources(),
            [
                "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-1",
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-9",
            ]
        );
        assert_eq!(
            catalog.tags("arn:aws:ec2:us-east-1:111122223333:volume/vol-9"),
            None
        );
        assert_eq!(
            catalog
                .tags("arn:aws:ec2:us-east-1:111122223333:volume/vol-1")
                .and_then(|tags| tags.get("backup"))
                .map(String::as_str),
            Some("daily")
        );
    }
}
