//! Parsing and building ARNs taken from real AWS services.

use aws_arn::{AccountId, Arn, ArnComponent, ArnError, Region};

fn parse(text: &str) -> Arn {
    Arn::parse(text).unwrap_or_else(|e| panic!("{text} should parse: {e}"))
}

#[test]
fn real_arns_round_trip_exactly() {
    for text in [
        "arn:aws:s3:::my-bucket",
        "arn:aws:s3:::my-bucket/photos/2024/cat.jpg",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0abcd1234ef567890",
        "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0",
        "arn:aws:ec2:us-east-1::image/ami-0123",
        "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0",
        "arn:aws:rds:us-east-1:123456789012:db:my-database",
        "arn:aws:rds:us-east-1:123456789012:cluster:my-aurora",
        "arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1234",
        "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0",
        "arn:aws:backup:us-east-1:123456789012:backup-vault:myvault",
        "arn:aws:backup:us-east-1:123456789012:backup-plan:8a3e3f1d-6c2f-4b5a-9d1e-0c7b2f3a4e5d",
        "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45",
        "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws-cn:s3:::bucket-in-china",
        "arn:aws-us-gov:backup:us-gov-west-1:123456789012:backup-vault:gov",
    ] {
        let arn = parse(text);
        assert_eq!(arn.to_string(), text);
        assert_eq!(parse(&arn.to_string()), arn);
    }
}

#[test]
fn accessors_expose_each_component() {
    let arn = parse(
        "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45",
    );
    assert_eq!(arn.partition(), "aws");
    assert_eq!(arn.service(), "backup");
    assert_eq!(arn.region(), "us-east-1");
    assert_eq!(arn.account_id(), "123456789012");
    assert_eq!(
        arn.resource(),
        "recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"
    );
    assert_eq!(
        arn.resource_type_and_id(),
        Some(("recovery-point", "1EB3B5E7-9EB0-435A-A80B-108B488B0D45"))
    );
}

#[test]
fn s3_arn_has_empty_region_and_account() {
    let arn = parse("arn:aws:s3:::my-bucket/key:with:colons");
    assert_eq!(arn.region(), "");
    assert_eq!(arn.account_id(), "");
    assert_eq!(arn.resource(), "my-bucket/key:with:colons");
    assert_eq!(
        arn.resource_type_and_id(),
        Some(("my-bucket", "key:with:colons"))
    );
}

#[test]
fn ec2_recovery_point_image_has_no_account() {
    let arn = parse("arn:aws:ec2:us-east-1::image/ami-0123");
    assert_eq!(arn.service(), "ec2");
    assert_eq!(arn.account_id(), "");
    assert_eq!(arn.resource_type_and_id(), Some(("image", "ami-0123")));
}

#[test]
fn resource_keeps_inner_colons_and_slashes() {
    let arn = parse("arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1234");
    assert_eq!(arn.resource(), "snapshot:awsbackup:job-1234");
    assert_eq!(
        arn.resource_type_and_id(),
        Some(("snapshot", "awsbackup:job-1234"))
    );

    let arn = parse("arn:aws:dynamodb:us-east-1:123456789012:table/Orders");
    assert_eq!(arn.resource_type_and_id(), Some(("table", "Orders")));

    let arn = parse("arn:aws:backup:us-east-1:123456789012:backup-vault:myvault");
    assert_eq!(
        arn.resource_type_and_id(),
        Some(("backup-vault", "myvault"))
    );
}

#[test]
fn builder_picks_partition_from_region() {
    let cases = [
        ("us-east-1", "aws"),
        ("cn-north-1", "aws-cn"),
        ("us-gov-east-1", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
    ];
    for (region, partition) in cases {
        let arn = Arn::new("backup", region, "123456789012", "backup-vault:v").unwrap();
        assert_eq!(arn.partition(), partition);
        assert_eq!(
            arn.to_string(),
            format!("arn:{partition}:backup:{region}:123456789012:backup-vault:v")
        );
    }
}

#[test]
fn builder_accepts_typed_region_and_account() {
    let region = Region::parse("eu-west-1").unwrap();
    let account = AccountId::parse("123456789012").unwrap();
    let arn = Arn::new("dynamodb", &region, &account, "table/Orders").unwrap();
    assert_eq!(
        arn.to_string(),
        "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"
    );
}

#[test]
fn builder_allows_empty_region_and_account() {
    let arn = Arn::new("s3", "", "", "my-bucket").unwrap();
    assert_eq!(arn.to_string(), "arn:aws:s3:::my-bucket");
    let arn = Arn::new("ec2", "us-east-1", "", "image/ami-0123").unwrap();
    assert_eq!(arn.to_string(), "arn:aws:ec2:us-east-1::image/ami-0123");
}

#[test]
fn malformed_arns_are_rejected_with_reason() {
    let cases: [(&str, ArnError); 14] = [
        ("", ArnError::MissingPrefix),
        ("arn", ArnError::MissingPrefix),
        ("ARN:aws:s3:::bucket", ArnError::MissingPrefix),
        (" arn:aws:s3:::bucket", ArnError::MissingPrefix),
        ("urn:aws:s3:::bucket", ArnError::MissingPrefix),
        ("arn:", ArnError::TooFewParts { found: 2 }),
        ("arn:aws:s3::", ArnError::TooFewParts { found: 5 }),
        ("arn:aws:s3:::", ArnError::Empty(ArnComponent::Resource)),
        ("arn::s3:::bucket", ArnError::Empty(ArnComponent::Partition)),
        ("arn:aws::::bucket", ArnError::Empty(ArnComponent::Service)),
        (
            "arn:AWS:s3:::bucket",
            ArnError::Invalid {
                component: ArnComponent::Partition,
                value: "AWS".to_owned(),
            },
        ),
        (
            "arn:aws:S3:::bucket",
            ArnError::Invalid {
                component: ArnComponent::Service,
                value: "S3".to_owned(),
            },
        ),
        (
            "arn:aws:backup:US-EAST-1:123456789012:backup-vault:v",
            ArnError::Invalid {
                component: ArnComponent::Region,
                value: "US-EAST-1".to_owned(),
            },
        ),
        (
            "arn:aws:backup:us-east-1:1234 5678:backup-vault:v",
            ArnError::Invalid {
                component: ArnComponent::AccountId,
                value: "1234 5678".to_owned(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(Arn::parse(text).unwrap_err(), expected, "input {text:?}");
    }
}

#[test]
fn non_ascii_and_control_input_does_not_panic() {
    for text in [
        "arn:ä:s3:::b",
        "arn:aws:s3:\u{0}::b",
        "arn:aws:s3:::\u{0}",
        "🦀:🦀:🦀:🦀:🦀:🦀",
    ] {
        let _ = Arn::parse(text);
    }
    assert!(Arn::parse("arn:ä:s3:::b").is_err());
}

#[test]
fn serde_is_a_plain_string() {
    let arn = parse("arn:aws:backup:us-east-1:123456789012:backup-vault:myvault");
    let json = serde_json::to_string(&arn).unwrap();
    assert_eq!(
        json,
        "\"arn:aws:backup:us-east-1:123456789012:backup-vault:myvault\""
    );
    assert_eq!(serde_json::from_str::<Arn>(&json).unwrap(), arn);
    assert!(serde_json::from_str::<Arn>("\"arn:aws:s3\"").is_err());
    assert!(serde_json::from_str::<Arn>("42").is_err());
}

#[test]
fn from_str_matches_parse() {
    let text = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-01";
    assert_eq!(text.parse::<Arn>().unwrap(), parse(text));
}
