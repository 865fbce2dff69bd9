//! Amazon Resource Names: parsing, building, formatting and the small
//! identifiers that appear inside them (account ids, regions, partitions).
//!
//! This crate owns the textual shape of an ARN and nothing else. It must not
//! know HTTP, any wire protocol, or the resource formats of a specific
//! service: the resource part is kept as an opaque string, with only a
//! generic `type:id` / `type/id` splitting helper.
//!
//! ```
//! use aws_arn::Arn;
//!
//! let arn = Arn::new("backup", "cn-north-1", "123456789012", "backup-vault:v").unwrap();
//! assert_eq!(arn.to_string(), "arn:aws-cn:backup:cn-north-1:123456789012:backup-vault:v");
//! assert_eq!(arn.resource_type_and_id(), Some(("backup-vault", "v")));
//! assert_eq!(Arn::parse(&arn.to_string()), Ok(arn));
//! ```

#![warn(missing_docs)]

mod account_id;
mod arn;
mod charset;
mod error;
mod partition;
mod region;

pub use account_id::AccountId;
pub use arn::Arn;
pub use error::{ArnComponent, ArnError};
pub use partition::partition_for_region;
pub use region::Region;
