//! The [`Arn`] type: parsing, building, formatting and serde.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::charset::is_lowercase_label;
use crate::error::{ArnComponent, ArnError};
use crate::partition::partition_for_region;

/// An Amazon Resource Name:
/// `arn:{partition}:{service}:{region}:{account}:{resource}`.
///
/// Every value satisfies the same rules whether it was parsed or built, so
/// formatting and re-parsing always gives back an equal `Arn`, and parsing
/// then formatting gives back the exact input text:
///
/// * partition and service are non-empty lowercase ASCII letters, digits, `-`;
/// * region is empty (global resources) or follows the same alphabet;
/// * account is empty (S3, EC2 public images), 12 digits, or another
///   alphanumeric owner such as `aws` in AWS-managed IAM policy ARNs;
/// * resource is non-empty and may itself contain `:` and `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource: String,
}

impl Arn {
    /// Parses ARN text. The first five `:` delimit the fixed components;
    /// everything after the fifth belongs to the resource.
    pub fn parse(text: &str) -> Result<Self, ArnError> {
        let rest = text.strip_prefix("arn:").ok_or(ArnError::MissingPrefix)?;
        let mut parts = rest.splitn(5, ':');
        let mut next = |found: usize| parts.next().ok_or(ArnError::TooFewParts { found });
        let partition = next(1)?;
        let service = next(2)?;
        let region = next(3)?;
        let account_id = next(4)?;
        let resource = next(5)?;
        Self::from_parts(partition, service, region, account_id, resource)
    }

    /// Builds an ARN in the partition that contains `region` (see
    /// [`partition_for_region`]). Pass an empty region or account for
    /// resources whose ARNs leave them out.
    pub fn new(
        service: impl AsRef<str>,
        region: impl AsRef<str>,
        account_id: impl AsRef<str>,
        resource: impl AsRef<str>,
    ) -> Result<Self, ArnError> {
        let region = region.as_ref();
        Self::from_parts(
            partition_for_region(region),
            service.as_ref(),
            region,
            account_id.as_ref(),
            resource.as_ref(),
        )
    }

    /// The text of [`Arn::new`]`(service, region, account_id, resource)`, with the resource
    /// given in pieces that are joined: checked by the same rules, written straight into one
    /// string of the right size. Building an ARN only to format it costs five copies of its
    /// parts and a formatter that regrows its string several times, on every request that
    /// names a new resource.
    pub fn text(
        service: &str,
        region: &str,
        account_id: &str,
        resource: &[&str],
    ) -> Result<String, ArnError> {
        let partition = partition_for_region(region);
        let resource_len: usize = resource.iter().map(|piece| piece.len()).sum();
        check_parts(partition, service, region, account_id, resource_len == 0)?;
        let fixed = [partition, service, region, account_id];
        let len = "arn:".len() + fixed.iter().map(|part| part.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(len + resource_len);
        text.push_str("arn:");
        for part in fixed {
            text.push_str(part);
            text.push(':');
        }
        resource.iter().for_each(|piece| text.push_str(piece));
        Ok(text)
    }

    fn from_parts(
        partition: &str,
        service: &str,
        region: &str,
        account_id: &str,
        resource: &str,
    ) -> Result<Self, ArnError> {
        check_parts(partition, service, region, account_id, resource.is_empty())?;
        Ok(Arn {
            partition: partition.to_owned(),
            service: service.to_owned(),
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            resource: resource.to_owned(),
        })
    }

    /// The partition, e.g. `aws`.
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The service namespace, e.g. `backup`.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The region; empty for global resources.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The owning account; empty for resources whose ARNs omit it.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The service-specific resource part, e.g. `backup-vault:myvault`.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// Splits the resource at its first `:` or `/` into a resource type and
    /// the remainder, e.g. `backup-vault:myvault` gives
    /// `("backup-vault", "myvault")` and `table/Orders/stream/x` gives
    /// `("table", "Orders/stream/x")`. Returns `None` when the resource has
    /// no separator, as for an S3 bucket.
    pub fn resource_type_and_id(&self) -> Option<(&str, &str)> {
        let at = self.resource.find([':', '/'])?;
        Some((&self.resource[..at], &self.resource[at + 1..]))
    }
}

/// The rules every ARN's components follow (see [`Arn`]).
fn check_parts(
    partition: &str,
    service: &str,
    region: &str,
    account_id: &str,
    empty_resource: bool,
) -> Result<(), ArnError> {
    check_label(ArnComponent::Partition, partition)?;
    check_label(ArnComponent::Service, service)?;
    if !region.is_empty() {
        check_label(ArnComponent::Region, region)?;
    }
    if !account_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(invalid(ArnComponent::AccountId, account_id));
    }
    if empty_resource {
        return Err(ArnError::Empty(ArnComponent::Resource));
    }
    Ok(())
}

fn check_label(component: ArnComponent, value: &str) -> Result<(), ArnError> {
    if value.is_empty() {
        Err(ArnError::Empty(component))
    } else if is_lowercase_label(value) {
        Ok(())
    } else {
        Err(invalid(component, value))
    }
}

fn invalid(component: ArnComponent, value: &str) -> ArnError {
    ArnError::Invalid {
        component,
        value: value.to_owned(),
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account_id, self.resource
        )
    }
}

impl FromStr for Arn {
    type Err = ArnError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Arn::parse(s)
    }
}

impl Serialize for Arn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Arn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Arn::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_the_built_arn_formatted() {
        let cases = [
            (
                "backup",
                "us-east-1",
                "123456789012",
                &["backup-vault:", "v"][..],
            ),
            ("kms", "cn-north-1", "123456789012", &["key/", "k"][..]),
            ("s3", "", "", &["bucket"][..]),
            ("iam", "", "aws", &["policy/", "a/", "b"][..]),
        ];
        for (service, region, account, resource) in cases {
            let built = Arn::new(service, region, account, resource.concat()).unwrap();
            assert_eq!(
                Arn::text(service, region, account, resource),
                Ok(built.to_string())
            );
        }
        for (service, region, account, resource) in [
            ("Backup", "us-east-1", "1", &["x"][..]),
            ("backup", "US-EAST-1", "1", &["x"][..]),
            ("backup", "us-east-1", "1:2", &["x"][..]),
            ("backup", "us-east-1", "1", &["", ""][..]),
        ] {
            assert_eq!(
                Arn::text(service, region, account, resource),
                Err(Arn::new(service, region, account, resource.concat()).unwrap_err())
            );
        }
    }

    #[test]
    fn parse_reports_how_many_parts_were_found() {
        assert_eq!(
            Arn::parse("arn:aws").unwrap_err(),
            ArnError::TooFewParts { found: 2 }
        );
        assert_eq!(
            Arn::parse("arn:aws:backup:us-east-1").unwrap_err(),
            ArnError::TooFewParts { found: 4 }
        );
        assert_eq!(
            Arn::parse("arn:aws:backup:us-east-1:123456789012").unwrap_err(),
            ArnError::TooFewParts { found: 5 }
        );
    }

    #[test]
    fn new_validates_like_parse() {
        assert_eq!(
            Arn::new("", "us-east-1", "123456789012", "x").unwrap_err(),
            ArnError::Empty(ArnComponent::Service)
        );
        assert_eq!(
            Arn::new("backup", "us:east", "123456789012", "x").unwrap_err(),
            invalid(ArnComponent::Region, "us:east")
        );
        assert_eq!(
            Arn::new("backup", "us-east-1", "1234:5678", "x").unwrap_err(),
            invalid(ArnComponent::AccountId, "1234:5678")
        );
        assert_eq!(
            Arn::new("backup", "us-east-1", "123456789012", "").unwrap_err(),
            ArnError::Empty(ArnComponent::Resource)
        );
    }

    #[test]
    fn resource_type_and_id_splits_on_first_separator_only() {
        let arn =
            Arn::parse("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*").unwrap();
        assert_eq!(
            arn.resource_type_and_id(),
            Some(("log-group", "/aws/lambda/f:*"))
        );
        let arn = Arn::parse("arn:aws:s3:::my-bucket").unwrap();
        assert_eq!(arn.resource_type_and_id(), None);
        let arn = Arn::parse("arn:aws:sns:us-east-1:123456789012:topic:").unwrap();
        assert_eq!(arn.resource_type_and_id(), Some(("topic", "")));
    }
}
