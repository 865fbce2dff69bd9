//! A restore testing selection as stored, which protected resources it chooses, and its
//! projections onto the API's shapes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::api::generated::{
    KeyValue, ProtectedResourceConditions, RestoreTestingSelectionForGet,
    RestoreTestingSelectionForList,
};

/// `ProtectedResourceArns` entry that stands for every resource of the selection's type.
pub const ANY_RESOURCE: &str = "*";

/// What precedes a tag's key in a condition key written the IAM way (`aws:ResourceTag/env`).
const RESOURCE_TAG_MARKER: &str = ":ResourceTag/";

/// Tag conditions (`ProtectedResourceConditions`): every one must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagConditions {
    /// `StringEquals`: the tag has exactly this value.
    pub string_equals: Vec<KeyValue>,
    /// `StringNotEquals`: the tag is missing or has another value.
    pub string_not_equals: Vec<KeyValue>,
}

impl TagConditions {
    /// The conditions as given (missing lists are empty).
    pub fn from_api(conditions: Option<ProtectedResourceConditions>) -> Self {
        let conditions = conditions.unwrap_or_default();
        Self {
            string_equals: conditions.string_equals.unwrap_or_default(),
            string_not_equals: conditions.string_not_equals.unwrap_or_default(),
        }
    }

    /// How many conditions there are.
    pub fn len(&self) -> usize {
        self.string_equals.len() + self.string_not_equals.len()
    }

    /// Whether there are none (everything matches).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a resource whose tags are `tags` meets every condition. A key may name the tag
    /// bare (`env`) or the IAM way (`aws:ResourceTag/env`).
    pub fn hold_for(&self, tags: &BTreeMap<String, String>) -> bool {
        let tag = |key: &str| {
            let key = key
                .split_once(RESOURCE_TAG_MARKER)
                .map_or(key, |(_, key)| key);
            tags.get(key).map(String::as_str)
        };
        self.string_equals
            .iter()
            .all(|c| tag(&c.key) == Some(c.value.as_str()))
            && self
                .string_not_equals
                .iter()
                .all(|c| tag(&c.key) != Some(c.value.as_str()))
    }

    /// The conditions as the API shows them: both lists, empty when unused, as AWS answers.
    pub fn to_api(&self) -> ProtectedResourceConditions {
        ProtectedResourceConditions {
            string_equals: Some(self.string_equals.clone()),
            string_not_equals: Some(self.string_not_equals.clone()),
        }
    }
}

/// Which protected resources a selection chooses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ResourceScope {
    /// These resources (`ProtectedResourceArns` without the wildcard).
    Arns(Vec<String>),
    /// Every resource of the selection's type whose latest recovery point's tags meet the
    /// conditions (`ProtectedResourceArns: ["*"]`, or conditions alone).
    Tagged(TagConditions),
}

impl ResourceScope {
    /// `ProtectedResourceArns` as shown.
    pub fn arns(&self) -> Vec<String> {
        match self {
            Self::Arns(arns) => arns.clone(),
            Self::Tagged(_) => vec![ANY_RESOURCE.to_owned()],
        }
    }

    /// The conditions, when the scope is by tags.
    pub fn conditions(&self) -> Option<&TagConditions> {
        match self {
            Self::Arns(_) => None,
            Self::Tagged(conditions) => Some(conditions),
        }
    }
}

/// A restore testing selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestoreTestingSelection {
    /// `RestoreTestingSelectionName`, unique in its plan.
    pub name: String,
    /// The plan it belongs to.
    pub plan_name: String,
    /// The `CreatorRequestId` it was created with.
    pub creator_request_id: Option<String>,
    /// `ProtectedResourceType`, e.g. `EBS`.
    pub resource_type: String,
    /// `IamRoleArn`: the role restores run with.
    pub iam_role_arn: String,
    /// `ProtectedResourceArns` / `ProtectedResourceConditions`.
    pub scope: ResourceScope,
    /// `RestoreMetadataOverrides`.
    pub metadata_overrides: BTreeMap<String, String>,
    /// `ValidationWindowHours`: how long a restored resource is kept for validation.
    pub validation_window_hours: i32,
    /// `CreationTime`.
    pub creation_time: Timestamp,
    /// When UpdateRestoreTestingSelection last changed it.
    pub last_update_time: Option<Timestamp>,
}

impl RestoreTestingSelection {
    /// `GetRestoreTestingSelection`'s view.
    pub fn to_get(&self) -> RestoreTestingSelectionForGet {
        let conditions = self.scope.conditions().cloned().unwrap_or_default();
        RestoreTestingSelectionForGet {
            creation_time: self.creation_time,
            creator_request_id: self.creator_request_id.clone(),
            iam_role_arn: self.iam_role_arn.clone(),
            protected_resource_arns: Some(self.scope.arns()),
            protected_resource_conditions: Some(conditions.to_api()),
            protected_resource_type: self.resource_type.clone(),
            restore_metadata_overrides: Some(self.metadata_overrides.clone()),
            restore_testing_plan_name: self.plan_name.clone(),
            restore_testing_selection_name: self.name.clone(),
            validation_window_hours: Some(self.validation_window_hours),
        }
    }

    /// `ListRestoreTestingSelections`' view.
    pub fn to_list_member(&self) -> RestoreTestingSelectionForList {
        RestoreTestingSelectionForList {
            creation_time: self.creation_time,
            iam_role_arn: self.iam_role_arn.clone(),
            protected_resource_type: self.resource_type.clone(),
            restore_testing_plan_name: self.plan_name.clone(),
            restore_testing_selection_name: self.name.clone(),
            validation_window_hours: Some(self.validation_window_hours),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(key: &str, value: &str) -> KeyValue {
        KeyValue {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn conditions_all_hold_and_accept_both_key_forms() {
        let tags: BTreeMap<String, String> = [("env".to_owned(), "prod".to_owned())]
            .into_iter()
            .collect();
        let lookup = &tags;
        let conditions = |equals: Vec<KeyValue>, not_equals: Vec<KeyValue>| TagConditions {
            string_equals: equals,
            string_not_equals: not_equals,
        };
        assert!(conditions(vec![kv("env", "prod")], vec![]).hold_for(lookup));
        assert!(conditions(vec![kv("aws:ResourceTag/env", "prod")], vec![]).hold_for(lookup));
        assert!(!conditions(vec![kv("env", "dev")], vec![]).hold_for(lookup));
        assert!(conditions(vec![], vec![kv("team", "x")]).hold_for(lookup));
        assert!(!conditions(vec![kv("env", "prod")], vec![kv("env", "prod")]).hold_for(lookup));
        assert!(TagConditions::default().hold_for(lookup));
    }

    #[test]
    fn scopes_show_arns_or_the_wildcard() {
        assert_eq!(ResourceScope::Arns(vec!["a".into()]).arns(), ["a"]);
        assert_eq!(
            ResourceScope::Tagged(TagConditions::default()).arns(),
            ["*"]
        );
    }
}
