//! Block Storage microversions: the `OpenStack-API-Version: volume 3.N` request header, the
//! range this emulator serves and the versions that introduced what it serves.

use std::fmt;

use super::fault::Fault;

/// A `3.N` API version (the major version is always 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiVersion(u16);

impl ApiVersion {
    /// A `3.minor` version.
    pub const fn v3(minor: u16) -> Self {
        Self(minor)
    }

    /// The lowest version served (also what a request without the header gets).
    pub const MIN: Self = Self(0);
    /// The highest version served (`latest`).
    pub const MAX: Self = Self(71);

    /// `PUT /backups/{id}` (name and description).
    pub const BACKUP_UPDATE: Self = Self(9);
    /// `os-backup-project-attr:project_id` in backup details (admin).
    pub const BACKUP_PROJECT: Self = Self(18);
    /// Unknown list filters are refused (non-admin).
    pub const RESOURCE_FILTER: Self = Self(31);
    /// `name~` like-filters.
    pub const LIKE_FILTER: Self = Self(34);
    /// Backups sortable by `name`.
    pub const BACKUP_SORT_NAME: Self = Self(37);
    /// Backup `metadata` (create, update, details).
    pub const BACKUP_METADATA: Self = Self(43);
    /// `with_count` on lists.
    pub const SUPPORT_COUNT_INFO: Self = Self(45);
    /// `backup_id` on volume create.
    pub const VOLUME_CREATE_FROM_BACKUP: Self = Self(47);
    /// `availability_zone` on backup create.
    pub const BACKUP_AZ: Self = Self(51);
    /// `user_id` in backup details (admin).
    pub const BACKUP_PROJECT_USER_ID: Self = Self(56);

    /// Whether this version is `at` or later.
    pub fn at_least(self, at: Self) -> bool {
        self >= at
    }

    /// Reads the request header: absent = 3.0, `latest` = the maximum, `volume X` otherwise;
    /// a malformed version is 400 and one outside the served range is 406.
    pub fn from_header(header: Option<&str>) -> Result<Self, Fault> {
        let Some(header) = header else {
            return Ok(Self::MIN);
        };
        let requested = header
            .split(',')
            .find(|part| part.contains("volume"))
            .and_then(|part| {
                let mut words = part.split_whitespace();
                let (_service, version) = (words.next()?, words.next()?);
                words.next().is_none().then_some(version)
            });
        let Some(requested) = requested else {
            return Err(Fault::bad_request(
                "API version None is not supported on this method.",
            ));
        };
        if requested == "latest" {
            return Ok(Self::MAX);
        }
        let (major, minor) = parse(requested).ok_or_else(|| {
            Fault::bad_request(format!(
                "API Version String {requested} is of invalid format. Must be of format \
                 MajorNum.MinorNum."
            ))
        })?;
        let in_range =
            major == 3 && (u32::from(Self::MIN.0)..=u32::from(Self::MAX.0)).contains(&minor);
        if !in_range {
            return Err(Fault::new(
                406,
                format!(
                    "Version {major}.{minor} is not supported by the API. Minimum is {} and \
                     maximum is {}.",
                    Self::MIN,
                    Self::MAX
                ),
            ));
        }
        Ok(Self(minor as u16))
    }
}

/// `MAJOR.MINOR` as Cinder's `APIVersionRequest` accepts it: `^([1-9]\d*)\.([1-9]\d*|0)$`.
fn parse(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.split_once('.')?;
    let number = |part: &str, zero_ok: bool| -> Option<u32> {
        let digits_only = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        let leading_zero = part.starts_with('0') && !(zero_ok && part == "0");
        (digits_only && !leading_zero).then(|| part.parse().ok())?
    };
    Some((number(major, false)?, number(minor, true)?))
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "3.{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_header() {
        assert_eq!(ApiVersion::from_header(None).unwrap(), ApiVersion::MIN);
        assert_eq!(
            ApiVersion::from_header(Some("volume latest")).unwrap(),
            ApiVersion::MAX
        );
        assert_eq!(
            ApiVersion::from_header(Some("volume 3.43")).unwrap(),
            ApiVersion::v3(43)
        );
        let out_of_range = ApiVersion::from_header(Some("volume 3.99")).unwrap_err();
        assert_eq!(out_of_range.status, 406);
        assert_eq!(
            out_of_range.message,
            "Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is 3.71."
        );
        assert_eq!(
            ApiVersion::from_header(Some("volume 2.0"))
                .unwrap_err()
                .status,
            406
        );
        for bad in [
            "volume 3.x",
            "volume 3",
            "volume 03.1",
            "volume 3.01",
            "compute 2.1",
        ] {
            assert_eq!(
                ApiVersion::from_header(Some(bad)).unwrap_err().status,
                400,
                "{bad}"
            );
        }
    }
}
