//! Where the scheduler learns which resources exist and which tags they carry.
//!
//! AWS Backup asks the resource's own service. This gateway runs no other service yet and has no
//! shared registry of resources, so [`RegionCatalog`] can only offer what Backup itself has seen
//! in the region: a resource is known when a selection names its ARN without wildcards, or when a
//! backup job or recovery point of the region protects it. Wildcards and tags therefore choose
//! among those resources only. Tags come from Backup's own tag store, which holds tags of Backup
//! resources (vaults, plans, recovery points), never of the protected resources: until a registry
//! of other services' resources and tags exists, tag conditions (`ListOfTags`, `Conditions`) match
//! nothing that carries a tag, so a selection by tags alone chooses nothing. A registry kept by
//! emulator-core would plug in by implementing [`ResourceCatalog`].

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::store::RegionState;

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
    // Collected on first use, once per firing: most selections name their ARNs outright and
    // never need the scan.
    known: OnceCell<Vec<String>>,
}

impl<'a> RegionCatalog<'a> {
    /// The catalog of `region`.
    pub fn new(region: &'a RegionState) -> Self {
        Self {
            region,
            known: OnceCell::new(),
        }
    }

    fn collect(&self) -> Vec<String> {
        let region = self.region;
        let named = region
            .selections
            .values()
            .flat_map(|selection| selection.document.resources.iter().flatten())
            .filter(|arn| !arn.contains(['*', '?']));
        let jobs = region.backup_jobs.values().map(|job| &job.resource_arn);
        let points = region
            .recovery_points
            .values()
            .map(|point| &point.resource_arn);
        let unique: BTreeSet<&String> = named.chain(jobs).chain(points).collect();
        unique.into_iter().cloned().collect()
    }
}

impl ResourceCatalog for RegionCatalog<'_> {
    fn resources(&self) -> Vec<String> {
        self.known.get_or_init(|| self.collect()).clone()
    }

    fn tags(&self, arn: &str) -> Option<&BTreeMap<String, String>> {
        self.region.tags.get(arn).map(aws_tagging::Tags::as_map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::BackupSelection;
    use crate::recovery_points::RecoveryPoint;
    use crate::selections::Selection;

    #[test]
    fn knows_named_arns_and_what_jobs_and_points_protected() {
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
        let catalog = RegionCatalog::new(&region);
        assert_eq!(
            catalog.resources(),
            [
                "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-9",
            ]
        );
        assert_eq!(
            catalog.tags("arn:aws:ec2:us-east-1:111122223333:volume/vol-9"),
            None
        );
    }
}
