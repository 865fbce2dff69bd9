//! Mapping from a region name to the partition that contains it.

/// Returns the AWS partition that contains `region`.
///
/// The mapping follows the region-name prefixes AWS publishes: `cn-*` is
/// `aws-cn`, `us-gov-*` is `aws-us-gov`, `us-iso-*` is `aws-iso`,
/// `us-isob-*` is `aws-iso-b`, `eu-isoe-*` is `aws-iso-e`, `us-isof-*` is
/// `aws-iso-f`; everything else, including the empty region of global
/// resources, is the commercial `aws` partition.
pub fn partition_for_region(region: &str) -> &'static str {
    const PREFIXES: [(&str, &str); 6] = [
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-iso-", "aws-iso"),
        ("us-isob-", "aws-iso-b"),
        ("eu-isoe-", "aws-iso-e"),
        ("us-isof-", "aws-iso-f"),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("aws", |(_, partition)| partition)
}

#[cfg(test)]
mod tests {
    use super::partition_for_region;

    #[test]
    fn commercial_regions_are_aws() {
        assert_eq!(partition_for_region("us-east-1"), "aws");
        assert_eq!(partition_for_region("eu-west-3"), "aws");
        assert_eq!(partition_for_region("ap-southeast-2"), "aws");
        assert_eq!(partition_for_region(""), "aws");
    }

    #[test]
    fn special_partitions_follow_region_prefix() {
        assert_eq!(partition_for_region("cn-north-1"), "aws-cn");
        assert_eq!(partition_for_region("cn-northwest-1"), "aws-cn");
        assert_eq!(partition_for_region("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_for_region("us-iso-east-1"), "aws-iso");
        assert_eq!(partition_for_region("us-isob-east-1"), "aws-iso-b");
        assert_eq!(partition_for_region("eu-isoe-west-1"), "aws-iso-e");
        assert_eq!(partition_for_region("us-isof-south-1"), "aws-iso-f");
    }

    #[test]
    fn prefix_must_include_the_dash() {
        // "cnx-..." or "us-government" are not the special partitions.
        assert_eq!(partition_for_region("cnx-north-1"), "aws");
        assert_eq!(partition_for_region("us-govx-west-1"), "aws");
        assert_eq!(partition_for_region("us-isox-east-1"), "aws");
    }
}
