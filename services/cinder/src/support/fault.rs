//! Errors in the shapes the APIs use: Cinder's `{"<name>": {"code": N, "message": ...}}` and
//! Keystone's `{"error": {"code": N, "title": ..., "message": ...}}`.

use serde_json::{json, Value};

/// A Cinder error answer (a `webob` fault): the status picks the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// HTTP status.
    pub status: u16,
    /// The message clients print.
    pub message: String,
}

impl Fault {
    /// A fault with `status` and `message`.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// 400 `badRequest`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }

    /// 400 for Cinder's `InvalidBackup`: "Invalid backup: <reason>".
    pub fn invalid_backup(reason: &str) -> Self {
        Self::bad_request(format!("Invalid backup: {reason}"))
    }

    /// 400 for Cinder's `InvalidVolume`: "Invalid volume: <reason>".
    pub fn invalid_volume(reason: &str) -> Self {
        Self::bad_request(format!("Invalid volume: {reason}"))
    }

    /// 400 for Cinder's `InvalidInput`: "Invalid input received: <reason>".
    pub fn invalid_input(reason: &str) -> Self {
        Self::bad_request(format!("Invalid input received: {reason}"))
    }

    /// 404 `itemNotFound`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }

    /// 404 for a backup id that names nothing (in this project).
    pub fn backup_not_found(id: &str) -> Self {
        Self::not_found(format!("Backup {id} could not be found."))
    }

    /// 404 for a volume id that names nothing (in this project).
    pub fn volume_not_found(id: &str) -> Self {
        Self::not_found(format!("Volume {id} could not be found."))
    }

    /// 404 for a path or a method no route answers (webob's text).
    pub fn no_route() -> Self {
        Self::not_found("The resource could not be found.")
    }

    /// 403 for an action the caller's roles do not allow.
    pub fn policy(rule: &str) -> Self {
        Self::new(403, format!("Policy doesn't allow {rule} to be performed."))
    }

    /// The fault's name, as Cinder's `Fault` maps statuses.
    pub fn name(&self) -> &'static str {
        match self.status {
            400 => "badRequest",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "itemNotFound",
            405 => "badMethod",
            409 => "conflictingRequest",
            413 => "overLimit",
            415 => "badMediaType",
            501 => "notImplemented",
            503 => "serviceUnavailable",
            _ => "computeFault",
        }
    }

    /// The body on the wire.
    pub fn body(&self) -> Value {
        json!({ self.name(): { "code": self.status, "message": self.message } })
    }
}

/// A Keystone error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeystoneError {
    /// HTTP status.
    pub status: u16,
    /// The status's title (`Unauthorized`, `Bad Request`, ...).
    pub title: &'static str,
    /// The message.
    pub message: String,
}

impl KeystoneError {
    /// 401: Keystone says the same for an unknown user, a wrong password, an unknown project
    /// and a missing or expired token, so callers learn nothing about which it was.
    pub fn unauthorized() -> Self {
        Self {
            status: 401,
            title: "Unauthorized",
            message: "The request you have made requires authentication.".into(),
        }
    }

    /// 400 for a request body Keystone's schema refuses.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: 400,
            title: "Bad Request",
            message: message.into(),
        }
    }

    /// 404 for a path Keystone does not serve.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: 404,
            title: "Not Found",
            message: message.into(),
        }
    }

    /// 405 for a method a path does not take.
    pub fn method_not_allowed() -> Self {
        Self {
            status: 405,
            title: "Method Not Allowed",
            message: "The method is not allowed for the requested URL.".into(),
        }
    }

    /// The body on the wire.
    pub fn body(&self) -> Value {
        json!({ "error": { "code": self.status, "title": self.title, "message": self.message } })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_status() {
        assert_eq!(
            Fault::backup_not_found("x").body(),
            json!({"itemNotFound": {"code": 404, "message": "Backup x could not be found."}})
        );
        assert_eq!(Fault::new(406, "v").name(), "computeFault");
        assert_eq!(Fault::new(413, "q").name(), "overLimit");
        assert_eq!(KeystoneError::unauthorized().body()["error"]["code"], 401);
    }
}
