//! The AWS-managed `aws/backup` KMS key a vault uses when `CreateBackupVault` names none.
//!
//! AWS creates that key once per account and region, so every vault created without a key
//! shows the same `EncryptionKeyArn`. The emulator derives the key id from the account and
//! region instead of storing it: the ARN stays the same across calls, resets and restarts.

use aws_arn::Arn;
use emulator_core::RequestContext;

/// `arn:{partition}:kms:{region}:{account}:key/{uuid}` of the caller's `aws/backup` key, written
/// in one string: every `CreateBackupVault` without a key asks for it.
pub fn aws_backup_key_arn(ctx: &RequestContext) -> String {
    let mut buffer = uuid::Uuid::encode_buffer();
    let key_id: &str = key_id(&ctx.account_id, &ctx.region)
        .hyphenated()
        .encode_lower(&mut buffer);
    Arn::text("kms", &ctx.region, &ctx.account_id, &["key/", key_id]).unwrap_or_else(|_| {
        // Region and account come from the gateway already validated; this keeps the type total.
        format!("arn:aws:kms:{}:{}:key/{key_id}", ctx.region, ctx.account_id)
    })
}

/// A UUID-shaped key id that depends only on the account and region: FNV-1a of
/// `aws/backup\0{account_id}\0{region}`, hashed piece by piece.
fn key_id(account_id: &str, region: &str) -> uuid::Uuid {
    let seed = [
        b"aws/backup\0".as_slice(),
        account_id.as_bytes(),
        b"\0",
        region.as_bytes(),
    ];
    let high = seed
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, piece| fnv1a(hash, piece));
    let low = seed
        .iter()
        .fold(high ^ 0x9e37_79b9_7f4a_7c15, |hash, piece| {
            fnv1a(hash, piece)
        });
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high.to_be_bytes());
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// FNV-1a, 64-bit: stable across Rust releases, unlike `DefaultHasher`.
fn fnv1a(offset_basis: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(offset_basis, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_stable_per_account_and_region_and_differs_between_them() {
        let ctx = RequestContext::new("111122223333", "us-east-1");
        let arn = aws_backup_key_arn(&ctx);
        assert_eq!(arn, aws_backup_key_arn(&ctx));
        assert!(
            arn.starts_with("arn:aws:kms:us-east-1:111122223333:key/"),
            "{arn}"
        );
        let id = arn.rsplit('/').next().unwrap_or_default();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");

        let other_region = aws_backup_key_arn(&RequestContext::new("111122223333", "eu-west-1"));
        let other_account = aws_backup_key_arn(&RequestContext::new("444455556666", "us-east-1"));
        assert_ne!(arn.rsplit('/').next(), other_region.rsplit('/').next());
        assert_ne!(arn.rsplit('/').next(), other_account.rsplit('/').next());
    }

    #[test]
    fn the_key_id_is_the_hash_of_the_joined_seed() {
        // The ids of keys already shown to users (and stored in their vaults) stay the same.
        let seed = ["aws/backup", "111122223333", "us-east-1"].join("\0");
        let high = fnv1a(0xcbf2_9ce4_8422_2325, seed.as_bytes());
        let low = fnv1a(high ^ 0x9e37_79b9_7f4a_7c15, seed.as_bytes());
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&high.to_be_bytes());
        bytes[8..].copy_from_slice(&low.to_be_bytes());
        assert_eq!(
            key_id("111122223333", "us-east-1"),
            uuid::Builder::from_random_bytes(bytes).into_uuid()
        );
    }

    #[test]
    fn china_regions_use_their_partition() {
        let arn = aws_backup_key_arn(&RequestContext::new("111122223333", "cn-north-1"));
        assert!(arn.starts_with("arn:aws-cn:kms:cn-north-1:"), "{arn}");
    }
}
