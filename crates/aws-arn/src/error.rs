//! The error type returned when an ARN or one of its components is invalid.

use std::fmt;

/// Names one component of an ARN, so errors can say which part was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArnComponent {
    /// The partition, e.g. `aws` or `aws-cn`.
    Partition,
    /// The service namespace, e.g. `backup` or `s3`.
    Service,
    /// The region, e.g. `us-east-1`; empty for global resources.
    Region,
    /// The owning account id; empty for some resources such as S3 buckets.
    AccountId,
    /// The service-specific resource part.
    Resource,
}

impl fmt::Display for ArnComponent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArnComponent::Partition => "partition",
            ArnComponent::Service => "service",
            ArnComponent::Region => "region",
            ArnComponent::AccountId => "account id",
            ArnComponent::Resource => "resource",
        })
    }
}

/// Why an ARN, account id or region could not be parsed or built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArnError {
    /// The text does not start with `arn:`.
    MissingPrefix,
    /// The text has fewer than the six colon-separated parts an ARN needs.
    TooFewParts {
        /// How many parts were found.
        found: usize,
    },
    /// A component that must not be empty was empty.
    Empty(ArnComponent),
    /// A component contained characters or a shape AWS does not allow.
    Invalid {
        /// Which component was wrong.
        component: ArnComponent,
        /// The offending text, kept so callers can echo it back.
        value: String,
    },
}

impl fmt::Display for ArnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArnError::MissingPrefix => f.write_str("ARN must start with \"arn:\""),
            ArnError::TooFewParts { found } => write!(
                f,
                "ARN must have 6 colon-separated parts \
                 (arn:partition:service:region:account-id:resource), found {found}"
            ),
            ArnError::Empty(component) => write!(f, "ARN {component} must not be empty"),
            ArnError::Invalid {
                component: ArnComponent::AccountId,
                value,
            } => write!(
                f,
                "invalid account id \"{value}\": expected exactly 12 digits"
            ),
            ArnError::Invalid { component, value } => write!(
                f,
                "invalid ARN {component} \"{value}\": expected lowercase letters, digits and '-'"
            ),
        }
    }
}

impl std::error::Error for ArnError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_component_and_value() {
        let err = ArnError::Invalid {
            component: ArnComponent::Region,
            value: "US-EAST-1".to_owned(),
        };
        assert_eq!(
            err.to_string(),
            "invalid ARN region \"US-EAST-1\": expected lowercase letters, digits and '-'"
        );
        assert_eq!(
            ArnError::Empty(ArnComponent::Service).to_string(),
            "ARN service must not be empty"
        );
        assert_eq!(
            ArnError::TooFewParts { found: 3 }.to_string(),
            "ARN must have 6 colon-separated parts \
             (arn:partition:service:region:account-id:resource), found 3"
        );
    }

    #[test]
    fn account_id_message_states_the_rule() {
        let err = ArnError::Invalid {
            component: ArnComponent::AccountId,
            value: "123".to_owned(),
        };
        assert_eq!(
            err.to_string(),
            "invalid account id \"123\": expected exactly 12 digits"
        );
    }
}
