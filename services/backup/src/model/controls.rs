//! The controls AWS Backup Audit Manager offers, their parameters and scopes (developer guide,
//! "Choosing your controls", "Controls and remediation", "Creating frameworks using the AWS
//! Backup API"; the parameter names and limits are those of the AWS Config managed rules the
//! controls deploy), and the validation of a framework's `FrameworkControls` against them.

use std::collections::BTreeMap;

use emulator_core::ServiceError;
use serde::{Deserialize, Serialize};

use crate::api::generated::{ControlScope, FrameworkControl};
use crate::support::errors::invalid_parameter;
use crate::support::resource_types::is_supported_resource_type;

/// The AWS Config type AWS uses for backup plans in control scopes.
pub const BACKUP_PLAN_TYPE: &str = "AWS::Backup::BackupPlan";
/// The AWS Config type AWS uses for backup vaults in control scopes.
pub const BACKUP_VAULT_TYPE: &str = "AWS::Backup::BackupVault";
/// The AWS Config type AWS uses for recovery points in control scopes.
pub const RECOVERY_POINT_TYPE: &str = "AWS::Backup::RecoveryPoint";

/// What a control evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Resources AWS Backup protects (EBS volumes, DynamoDB tables, …).
    ProtectedResources,
    /// Backup plans.
    BackupPlans,
    /// Backup vaults.
    BackupVaults,
    /// Recovery points.
    RecoveryPoints,
}

/// Which control this is, for evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlKind {
    /// `BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN`.
    ProtectedByBackupPlan,
    /// `BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK`.
    PlanFrequencyAndRetention,
    /// `BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED`.
    ManualDeletionDisabled,
    /// `BACKUP_RECOVERY_POINT_ENCRYPTED`.
    RecoveryPointEncrypted,
    /// `BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK`.
    RecoveryPointMinimumRetention,
    /// `BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION`.
    CrossRegionCopy,
    /// `BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT`.
    CrossAccountCopy,
    /// `BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK`.
    ProtectedByVaultLock,
    /// `BACKUP_LAST_RECOVERY_POINT_CREATED`.
    LastRecoveryPointCreated,
    /// `RESTORE_TIME_FOR_RESOURCES_MEET_TARGET`.
    RestoreTimeMeetsTarget,
    /// `RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT`.
    InLogicallyAirGappedVault,
}

/// The values a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterKind {
    /// A whole number in `min..=max`.
    Count {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// A time unit: `hours` or `days`.
    Unit,
    /// A comma-separated list of up to `max` IAM role ARNs.
    RoleArns {
        /// Most entries allowed.
        max: usize,
    },
    /// A comma-separated list of Region names.
    Regions,
    /// A comma-separated list of 12-digit account ids.
    Accounts,
}

/// A parameter a control accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParameterSpec {
    /// `ParameterName`.
    pub name: &'static str,
    /// What it takes.
    pub kind: ParameterKind,
    /// The value AWS uses when the parameter is not given.
    pub default: Option<&'static str>,
}

/// A control AWS Backup Audit Manager offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlSpec {
    /// `ControlName`.
    pub name: &'static str,
    /// Which control, for evaluation.
    pub kind: ControlKind,
    /// What it evaluates.
    pub subject: Subject,
    /// The parameters it accepts.
    pub parameters: &'static [ParameterSpec],
}

const RETENTION_DAYS: ParameterKind = ParameterKind::Count {
    min: 1,
    max: 36_500,
};

const fn param(
    name: &'static str,
    kind: ParameterKind,
    default: Option<&'static str>,
) -> ParameterSpec {
    ParameterSpec {
        name,
        kind,
        default,
    }
}

/// Every control, as the developer guide lists them.
pub const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
        kind: ControlKind::ProtectedByBackupPlan,
        subject: Subject::ProtectedResources,
        parameters: &[],
    },
    ControlSpec {
        name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
        kind: ControlKind::PlanFrequencyAndRetention,
        subject: Subject::BackupPlans,
        parameters: &[
            param("requiredFrequencyUnit", ParameterKind::Unit, Some("days")),
            param(
                "requiredFrequencyValue",
                ParameterKind::Count { min: 1, max: 744 },
                Some("1"),
            ),
            param("requiredRetentionDays", RETENTION_DAYS, Some("35")),
        ],
    },
    ControlSpec {
        name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
        kind: ControlKind::ManualDeletionDisabled,
        subject: Subject::BackupVaults,
        parameters: &[param(
            "principalArnList",
            ParameterKind::RoleArns { max: 5 },
            None,
        )],
    },
    ControlSpec {
        name: "BACKUP_RECOVERY_POINT_ENCRYPTED",
        kind: ControlKind::RecoveryPointEncrypted,
        subject: Subject::RecoveryPoints,
        parameters: &[],
    },
    ControlSpec {
        name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
        kind: ControlKind::RecoveryPointMinimumRetention,
        subject: Subject::RecoveryPoints,
        parameters: &[param("requiredRetentionDays", RETENTION_DAYS, Some("35"))],
    },
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
        kind: ControlKind::CrossRegionCopy,
        subject: Subject::ProtectedResources,
        parameters: &[param("crossRegionList", ParameterKind::Regions, None)],
    },
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
        kind: ControlKind::CrossAccountCopy,
        subject: Subject::ProtectedResources,
        parameters: &[param("crossAccountList", ParameterKind::Accounts, None)],
    },
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
        kind: ControlKind::ProtectedByVaultLock,
        subject: Subject::ProtectedResources,
        parameters: &[
            param("maxRetentionDays", RETENTION_DAYS, None),
            param("minRetentionDays", RETENTION_DAYS, None),
        ],
    },
    ControlSpec {
        name: "BACKUP_LAST_RECOVERY_POINT_CREATED",
        kind: ControlKind::LastRecoveryPointCreated,
        subject: Subject::ProtectedResources,
        parameters: &[
            param("recoveryPointAgeUnit", ParameterKind::Unit, Some("days")),
            param(
                "recoveryPointAgeValue",
                ParameterKind::Count { min: 1, max: 2184 },
                Some("1"),
            ),
        ],
    },
    ControlSpec {
        name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
        kind: ControlKind::RestoreTimeMeetsTarget,
        subject: Subject::ProtectedResources,
        parameters: &[param(
            "maxRestoreTime",
            ParameterKind::Count {
                min: 1,
                max: 43_200,
            },
            Some("720"),
        )],
    },
    ControlSpec {
        name: "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
        kind: ControlKind::InLogicallyAirGappedVault,
        subject: Subject::ProtectedResources,
        parameters: &[
            param("recoveryPointAgeUnit", ParameterKind::Unit, Some("days")),
            param(
                "recoveryPointAgeValue",
                ParameterKind::Count { min: 1, max: 2184 },
                Some("1"),
            ),
        ],
    },
];

/// A parameter's validated value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParameterValue {
    /// A [`ParameterKind::Count`].
    Count(i64),
    /// A [`ParameterKind::Unit`]: `hours` or `days`.
    Unit(TimeUnit),
    /// A list kind.
    List(Vec<String>),
}

/// `hours` or `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Hours.
    Hours,
    /// Days.
    Days,
}

impl TimeUnit {
    /// How many seconds `value` of this unit is.
    pub fn seconds(self, value: i64) -> i64 {
        value.saturating_mul(match self {
            Self::Hours => 3_600,
            Self::Days => 86_400,
        })
    }
}

/// A validated control of a framework: the request as given (what DescribeFramework answers)
/// and every parameter the control takes, with AWS's defaults filled in. Stored as the request
/// alone; it is validated again when read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FrameworkControl", try_from = "FrameworkControl")]
pub struct Control {
    /// The control.
    pub spec: &'static ControlSpec,
    /// `FrameworkControl` as given.
    pub given: FrameworkControl,
    /// Parameter values by name, defaults filled in; parameters without default stay absent.
    pub parameters: BTreeMap<&'static str, ParameterValue>,
}

impl Control {
    /// A count parameter.
    pub fn count(&self, name: &str) -> Option<i64> {
        match self.parameters.get(name) {
            Some(ParameterValue::Count(n)) => Some(*n),
            _ => None,
        }
    }

    /// A unit parameter.
    pub fn unit(&self, name: &str) -> Option<TimeUnit> {
        match self.parameters.get(name) {
            Some(ParameterValue::Unit(unit)) => Some(*unit),
            _ => None,
        }
    }

    /// A list parameter; empty when not given.
    pub fn list(&self, name: &str) -> &[String] {
        match self.parameters.get(name) {
            Some(ParameterValue::List(items)) => items,
            _ => &[],
        }
    }

    /// The scope as given, or the empty (everything) scope.
    pub fn scope(&self) -> ControlScope {
        self.given.control_scope.clone().unwrap_or_default()
    }

    /// What makes two controls the same for AWS's "no duplicate frameworks" rule: the control,
    /// its parameter values and its scope.
    pub fn signature(&self) -> String {
        let parameters: Vec<String> = self
            .parameters
            .iter()
            .map(|(name, value)| format!("{name}={value:?}"))
            .collect();
        let scope = serde_json::to_string(&self.scope()).unwrap_or_default();
        format!("{}|{}|{scope}", self.spec.name, parameters.join(","))
    }
}

impl From<Control> for FrameworkControl {
    fn from(control: Control) -> Self {
        control.given
    }
}

impl TryFrom<FrameworkControl> for Control {
    type Error = String;

    /// The request was validated when the framework was created; only a damaged file fails.
    fn try_from(given: FrameworkControl) -> Result<Self, String> {
        validate_control(given).map_err(|error| error.to_string())
    }
}

/// The control named `name`.
pub fn find(name: &str) -> Option<&'static ControlSpec> {
    CONTROLS.iter().find(|spec| spec.name == name)
}

/// Validates `FrameworkControls`: at least one control, each one AWS offers, with parameters it
/// accepts holding valid values, and a scope of known resource types and at most one tag.
pub fn validate(controls: Vec<FrameworkControl>) -> Result<Vec<Control>, ServiceError> {
    if controls.is_empty() {
        return Err(invalid_parameter(
            "FrameworkControls must contain at least one control.",
        ));
    }
    controls.into_iter().map(validate_control).collect()
}

fn validate_control(given: FrameworkControl) -> Result<Control, ServiceError> {
    let spec = find(&given.control_name).ok_or_else(|| {
        invalid_parameter(format!(
            "Invalid control name: {}. Valid control names are: {}.",
            given.control_name,
            CONTROLS
                .iter()
                .map(|spec| spec.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    let mut parameters = BTreeMap::new();
    for input in given.control_input_parameters.iter().flatten() {
        let (Some(name), Some(value)) = (&input.parameter_name, &input.parameter_value) else {
            return Err(invalid_parameter(format!(
                "Every input parameter of control {} needs a ParameterName and a ParameterValue.",
                spec.name
            )));
        };
        let parameter = spec
            .parameters
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| {
                invalid_parameter(format!(
                    "Invalid input parameter {name} for control {}. Valid parameters are: {}.",
                    spec.name,
                    names(spec)
                ))
            })?;
        let parsed = parse_value(spec, parameter, value)?;
        if parameters.insert(parameter.name, parsed).is_some() {
            return Err(invalid_parameter(format!(
                "Input parameter {name} is given more than once for control {}.",
                spec.name
            )));
        }
    }
    for parameter in spec.parameters {
        if let (false, Some(default)) = (parameters.contains_key(parameter.name), parameter.default)
        {
            parameters.insert(parameter.name, parse_value(spec, parameter, default)?);
        }
    }
    let control = Control {
        spec,
        given,
        parameters,
    };
    check_combination(&control)?;
    check_scope(&control)?;
    Ok(control)
}

fn names(spec: &ControlSpec) -> String {
    if spec.parameters.is_empty() {
        return "none".to_owned();
    }
    spec.parameters
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_value(
    spec: &ControlSpec,
    parameter: &ParameterSpec,
    value: &str,
) -> Result<ParameterValue, ServiceError> {
    let bad = |why: &str| {
        invalid_parameter(format!(
            "Invalid value {value:?} for input parameter {} of control {}: {why}",
            parameter.name, spec.name
        ))
    };
    let items = || -> Vec<String> {
        value
            .split(',')
            .map(|item| item.trim().to_owned())
            .filter(|item| !item.is_empty())
            .collect()
    };
    match parameter.kind {
        ParameterKind::Count { min, max } => value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .map(ParameterValue::Count)
            .ok_or_else(|| bad(&format!("expected a whole number from {min} to {max}"))),
        ParameterKind::Unit => match value.trim().to_ascii_lowercase().as_str() {
            "hours" => Ok(ParameterValue::Unit(TimeUnit::Hours)),
            "days" => Ok(ParameterValue::Unit(TimeUnit::Days)),
            _ => Err(bad("expected hours or days")),
        },
        ParameterKind::RoleArns { max } => {
            let arns = items();
            if arns.is_empty() || arns.len() > max {
                return Err(bad(&format!("expected 1 to {max} IAM role ARNs")));
            }
            if let Some(arn) = arns.iter().find(|arn| !is_role_arn(arn)) {
                return Err(bad(&format!("{arn} is not an IAM role ARN")));
            }
            Ok(ParameterValue::List(arns))
        }
        ParameterKind::Regions => {
            let regions = items();
            if regions.is_empty() {
                return Err(bad("expected at least one Region"));
            }
            if let Some(region) = regions.iter().find(|r| !is_region_name(r)) {
                return Err(bad(&format!("{region} is not a Region")));
            }
            Ok(ParameterValue::List(regions))
        }
        ParameterKind::Accounts => {
            let accounts = items();
            if accounts.is_empty() {
                return Err(bad("expected at least one account id"));
            }
            if let Some(account) = accounts.iter().find(|a| !is_account_id(a)) {
                return Err(bad(&format!("{account} is not a 12-digit account id")));
            }
            Ok(ParameterValue::List(accounts))
        }
    }
}

/// Limits that depend on two parameters: the largest frequency or age depends on its unit
/// (24 hours or 31 days for a frequency, 2184 hours or 91 days for an age, as the AWS Config
/// rules document them), and a vault lock's minimum retention may not exceed its maximum.
fn check_combination(control: &Control) -> Result<(), ServiceError> {
    let spec = control.spec;
    let too_large = |name: &str, value: i64, max: i64, unit: &str| {
        invalid_parameter(format!(
            "Invalid value {value} for input parameter {name} of control {}: at most {max} \
             {unit}.",
            spec.name
        ))
    };
    let check_unit = |value_name: &str, unit_name: &str, hours: i64, days: i64| match (
        control.count(value_name),
        control.unit(unit_name),
    ) {
        (Some(value), Some(TimeUnit::Hours)) if value > hours => {
            Err(too_large(value_name, value, hours, "hours"))
        }
        (Some(value), Some(TimeUnit::Days)) if value > days => {
            Err(too_large(value_name, value, days, "days"))
        }
        _ => Ok(()),
    };
    match spec.kind {
        ControlKind::PlanFrequencyAndRetention => {
            check_unit("requiredFrequencyValue", "requiredFrequencyUnit", 24, 31)
        }
        ControlKind::LastRecoveryPointCreated | ControlKind::InLogicallyAirGappedVault => {
            check_unit("recoveryPointAgeValue", "recoveryPointAgeUnit", 2184, 91)
        }
        ControlKind::ProtectedByVaultLock => {
            match (
                control.count("minRetentionDays"),
                control.count("maxRetentionDays"),
            ) {
                (Some(min), Some(max)) if min > max => Err(invalid_parameter(format!(
                    "minRetentionDays ({min}) must not be greater than maxRetentionDays ({max}) \
                     for control {}.",
                    spec.name
                ))),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// A scope names resources by id, by type (a type AWS Backup supports, or the AWS Config type
/// of backup plans, vaults or recovery points) or by a single tag.
fn check_scope(control: &Control) -> Result<(), ServiceError> {
    let Some(scope) = &control.given.control_scope else {
        return Ok(());
    };
    if scope.tags.as_ref().is_some_and(|tags| tags.len() > 1) {
        return Err(invalid_parameter(format!(
            "The scope of control {} may name at most one tag.",
            control.spec.name
        )));
    }
    if let Some(unknown) = scope
        .compliance_resource_types
        .iter()
        .flatten()
        .find(|t| !is_scope_type(t))
    {
        return Err(invalid_parameter(format!(
            "Invalid resource type {unknown} in the scope of control {}.",
            control.spec.name
        )));
    }
    if let Some(empty) = scope
        .compliance_resource_ids
        .iter()
        .flatten()
        .find(|id| id.is_empty())
    {
        return Err(invalid_parameter(format!(
            "Invalid resource id {empty:?} in the scope of control {}.",
            control.spec.name
        )));
    }
    Ok(())
}

fn is_scope_type(name: &str) -> bool {
    is_supported_resource_type(name)
        || [BACKUP_PLAN_TYPE, BACKUP_VAULT_TYPE, RECOVERY_POINT_TYPE].contains(&name)
}

fn is_role_arn(arn: &str) -> bool {
    aws_arn::Arn::parse(arn)
        .is_ok_and(|parsed| parsed.service() == "iam" && parsed.resource().starts_with("role/"))
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`: letters, dash-separated, ending
/// in a number.
pub fn is_region_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// A 12-digit AWS account id.
pub fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::ControlInputParameter;

    fn control(name: &str, params: &[(&str, &str)]) -> FrameworkControl {
        FrameworkControl {
            control_name: name.to_owned(),
            control_input_parameters: Some(
                params
                    .iter()
                    .map(|(n, v)| ControlInputParameter {
                        parameter_name: Some((*n).to_owned()),
                        parameter_value: Some((*v).to_owned()),
                    })
                    .collect(),
            ),
            control_scope: None,
        }
    }

    fn one(name: &str, params: &[(&str, &str)]) -> Result<Control, ServiceError> {
        validate(vec![control(name, params)]).map(|mut v| v.remove(0))
    }

    #[test]
    fn defaults_fill_the_parameters_not_given() {
        let c = one(
            "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
            &[("requiredRetentionDays", "90")],
        )
        .unwrap();
        assert_eq!(c.count("requiredRetentionDays"), Some(90));
        assert_eq!(c.count("requiredFrequencyValue"), Some(1));
        assert_eq!(c.unit("requiredFrequencyUnit"), Some(TimeUnit::Days));
        let lock = one("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", &[]).unwrap();
        assert!(lock.parameters.is_empty());
    }

    #[test]
    fn unknown_controls_parameters_and_values_are_invalid() {
        for (name, params) in [
            ("NOT_A_CONTROL", vec![]),
            (
                "BACKUP_RECOVERY_POINT_ENCRYPTED",
                vec![("requiredRetentionDays", "35")],
            ),
            (
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                vec![("requiredRetentionDays", "0")],
            ),
            (
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                vec![("requiredRetentionDays", "x")],
            ),
            (
                "BACKUP_LAST_RECOVERY_POINT_CREATED",
                vec![("recoveryPointAgeUnit", "weeks")],
            ),
            (
                "BACKUP_LAST_RECOVERY_POINT_CREATED",
                vec![
                    ("recoveryPointAgeUnit", "days"),
                    ("recoveryPointAgeValue", "92"),
                ],
            ),
            (
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                vec![
                    ("requiredFrequencyUnit", "hours"),
                    ("requiredFrequencyValue", "25"),
                ],
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
                vec![("minRetentionDays", "30"), ("maxRetentionDays", "7")],
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
                vec![("crossRegionList", "mars")],
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
                vec![("crossAccountList", "123")],
            ),
            (
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
                vec![("principalArnList", "arn:aws:s3:::bucket")],
            ),
            (
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                vec![
                    ("requiredRetentionDays", "35"),
                    ("requiredRetentionDays", "40"),
                ],
            ),
        ] {
            assert!(one(name, &params).is_err(), "{name} {params:?}");
        }
        assert!(validate(Vec::new()).is_err());
    }

    #[test]
    fn lists_are_comma_separated() {
        let c = one(
            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
            &[("crossRegionList", "eu-west-1, us-west-2")],
        )
        .unwrap();
        assert_eq!(c.list("crossRegionList"), ["eu-west-1", "us-west-2"]);
        assert!(is_region_name("us-gov-west-1"));
        assert!(!is_region_name("us-east"));
    }

    #[test]
    fn scopes_take_known_types_and_one_tag() {
        let mut c = control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[]);
        c.control_scope = Some(ControlScope {
            compliance_resource_types: Some(vec!["EBS".into(), RECOVERY_POINT_TYPE.into()]),
            ..Default::default()
        });
        assert!(validate(vec![c.clone()]).is_ok());
        c.control_scope = Some(ControlScope {
            compliance_resource_types: Some(vec!["Floppy".into()]),
            ..Default::default()
        });
        assert!(validate(vec![c.clone()]).is_err());
        c.control_scope = Some(ControlScope {
            tags: Some(
                [("a", "1"), ("b", "2")]
                    .map(|(k, v)| (k.into(), v.into()))
                    .into(),
            ),
            ..Default::default()
        });
        assert!(validate(vec![c]).is_err());
    }

    #[test]
    fn signatures_ignore_parameter_order_and_defaults_given_explicitly() {
        let a = one(
            "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
            &[
                ("requiredRetentionDays", "35"),
                ("requiredFrequencyUnit", "days"),
            ],
        )
        .unwrap();
        let b = one("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", &[]).unwrap();
        assert_eq!(a.signature(), b.signature());
    }
}
