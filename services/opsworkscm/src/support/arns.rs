//! ARNs of OpsWorks CM resources: `arn:aws:opsworks-cm:{region}:{account}:server/{name}/{id}`
//! and `…:backup/{backup id}`.

use aws_arn::Arn;
use emulator_core::ServiceError;

use crate::support::errors;
use crate::support::region::RegionKey;

const SERVICE: &str = "opsworks-cm";

/// A resource an ARN names, before looking it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `server/{name}/{id}`.
    Server {
        /// The server's name.
        name: String,
    },
    /// `backup/{backup id}`.
    Backup {
        /// The backup's id.
        id: String,
    },
}

fn build(key: &RegionKey, resource: String) -> Result<String, ServiceError> {
    let (account, region) = key;
    Arn::new(SERVICE, region, account, resource)
        .map(|arn| arn.to_string())
        .map_err(|err| {
            errors::validation(format!("Cannot form an ARN in region '{region}': {err}"))
        })
}

/// The ARN of server `name` with unique id `id`.
pub fn server(key: &RegionKey, name: &str, id: &str) -> Result<String, ServiceError> {
    build(key, format!("server/{name}/{id}"))
}

/// The ARN of backup `id`.
pub fn backup(key: &RegionKey, id: &str) -> Result<String, ServiceError> {
    build(key, format!("backup/{id}"))
}

/// What `text` names in the caller's account and region. An OpsWorks CM ARN of another account
/// or region names nothing here (ResourceNotFoundException); other text is not an OpsWorks CM
/// resource ARN (ValidationException).
pub fn parse(key: &RegionKey, text: &str) -> Result<Resource, ServiceError> {
    let invalid = || {
        errors::validation(format!(
            "'{text}' is not an OpsWorks CM server or backup ARN."
        ))
    };
    let arn = Arn::parse(text).map_err(|_| invalid())?;
    if arn.service() != SERVICE {
        return Err(invalid());
    }
    let resource = match arn.resource_type_and_id() {
        Some(("server", rest)) => match rest.split_once('/') {
            Some((name, id)) if !name.is_empty() && !id.is_empty() => Resource::Server {
                name: name.to_owned(),
            },
            _ => return Err(invalid()),
        },
        Some(("backup", id)) if !id.is_empty() => Resource::Backup { id: id.to_owned() },
        _ => return Err(invalid()),
    };
    let (account, region) = key;
    if arn.account_id() != account || arn.region() != region {
        return Err(errors::not_found(format!(
            "Resource {text} does not exist in account {account}, region {region}."
        )));
    }
    Ok(resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> RegionKey {
        ("123456789012".to_owned(), "us-west-2".to_owned())
    }

    #[test]
    fn formats_and_parses_server_and_backup_arns() {
        let server = server(&key(), "test-owcm-server", "66b0-4196").unwrap();
        assert_eq!(
            server,
            "arn:aws:opsworks-cm:us-west-2:123456789012:server/test-owcm-server/66b0-4196"
        );
        assert_eq!(
            parse(&key(), &server),
            Ok(Resource::Server {
                name: "test-owcm-server".to_owned()
            })
        );
        let backup = backup(&key(), "srv-20240102030405678").unwrap();
        assert_eq!(
            parse(&key(), &backup),
            Ok(Resource::Backup {
                id: "srv-20240102030405678".to_owned()
            })
        );
    }

    #[test]
    fn foreign_and_malformed_arns_are_rejected() {
        let elsewhere = "arn:aws:opsworks-cm:eu-west-1:123456789012:server/a/b";
        assert_eq!(
            parse(&key(), elsewhere).unwrap_err().code(),
            errors::not_found("").code()
        );
        for bad in [
            "arn:aws:opsworks-cm:us-west-2:123456789012:server/a",
            "arn:aws:opsworks-cm:us-west-2:123456789012:stack/a/b",
            "arn:aws:opsworks:us-west-2:123456789012:server/a/b",
            "not an arn",
        ] {
            assert_eq!(
                parse(&key(), bad).unwrap_err().code(),
                errors::validation("").code(),
                "{bad}"
            );
        }
    }
}
