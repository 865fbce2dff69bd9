//! [`ResourceName`]: a protected resource's `ResourceName` as a record holds it, usually as the
//! end of the resource's ARN.

use std::fmt;

use emulator_core::dto::SharedStr;

/// `ResourceName` beside the resource's ARN in a record. The name is nearly always the ARN's
/// last element (`vol-0123…` of `…:volume/vol-0123…`, `Orders` of `…:table/Orders`), and is
/// then held as its length: a million points with their jobs would otherwise hold a million
/// copies of names their ARNs already spell (issue 20). Any other name is held as it is.
///
/// It is read against the ARN it was made with ([`ResourceName::read`]); records keep their
/// resource ARN for life (the point indexes depend on it too).
#[derive(Clone, PartialEq, Eq)]
pub enum ResourceName {
    /// The last this many bytes of the resource ARN.
    EndOfArn(u32),
    /// A name the ARN does not end with.
    Own(SharedStr),
}

impl ResourceName {
    /// The name `name` of the resource `resource_arn`.
    pub fn new(resource_arn: &str, name: &str) -> Self {
        match u32::try_from(name.len()) {
            Ok(len) if len > 0 && resource_arn.ends_with(name) => Self::EndOfArn(len),
            _ => Self::Own(name.into()),
        }
    }

    /// The name, read against the resource ARN it was made with.
    pub fn read<'a>(&'a self, resource_arn: &'a str) -> &'a str {
        match self {
            Self::EndOfArn(len) => usize::try_from(*len)
                .ok()
                .and_then(|len| resource_arn.len().checked_sub(len))
                .and_then(|start| resource_arn.get(start..))
                .unwrap_or_default(),
            Self::Own(name) => name,
        }
    }
}

/// A name held as it is, whatever the ARN (tests that give a record a name of their own).
impl From<&str> for ResourceName {
    fn from(name: &str) -> Self {
        Self::Own(name.into())
    }
}

impl fmt::Debug for ResourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EndOfArn(len) => write!(f, "EndOfArn({len})"),
            Self::Own(name) => fmt::Debug::fmt(name, f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_the_arn_ends_with_is_held_as_its_length() {
        let arn = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
        let name = ResourceName::new(arn, "vol-0123456789abcdef0");
        assert_eq!(name, ResourceName::EndOfArn(21));
        assert_eq!(name.read(arn), "vol-0123456789abcdef0");
        let stack = "arn:aws:cloudformation:us-east-1:111122223333:stack/app/1e2d";
        let own = ResourceName::new(stack, "app");
        assert!(matches!(own, ResourceName::Own(_)));
        assert_eq!(own.read(stack), "app");
        assert_eq!(ResourceName::new(arn, "").read(arn), "");
        assert_eq!(std::mem::size_of::<ResourceName>(), 16);
    }
}
