//! The service's settings, from `FLOCI_SERVICES_CINDER_*` variables (docs/services/cinder.md).

use emulator_core::ServiceSettings;

use crate::model::token::{Project, Role, User};
use crate::support::ids::{stable_hex_id, ProjectId, UserId};

/// The users a fresh gateway knows: `name:password:project:role`, comma-separated.
pub const DEFAULT_USERS: &str = "admin:secret:admin:admin";

/// Settings read at start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Seconds each state change takes on the gateway clock (`STATE_DELAY_SECONDS`, default
    /// 1; 0 completes it inside the call that starts it).
    pub delay_seconds: f64,
    /// Token lifetime in seconds (`TOKEN_EXPIRATION_SECONDS`, default 3600).
    pub token_seconds: f64,
    /// Users, passwords, projects and roles (`USERS`).
    pub users: Vec<User>,
}

fn non_negative(settings: &ServiceSettings, key: &str, default: f64) -> Result<f64, String> {
    let value: f64 = settings.parse_or(key, default)?;
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!(
            "{}={value} must be a number of seconds >= 0",
            settings.var_name(key)
        ))
    }
}

/// The project named `name`, with its stable id.
pub fn project(name: &str) -> Project {
    Project {
        id: ProjectId::from_wire(stable_hex_id(&format!("project:{name}"))),
        name: name.to_owned(),
    }
}

/// Parses the `USERS` list.
pub fn parse_users(text: &str) -> Result<Vec<User>, String> {
    let mut users: Vec<User> = Vec::new();
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let parts: Vec<&str> = entry.split(':').collect();
        let (name, password, project_name, role) = match parts.as_slice() {
            [name, password, project] => (*name, *password, *project, "admin"),
            [name, password, project, role] => (*name, *password, *project, *role),
            _ => {
                return Err(format!(
                    "user entry {entry:?} is not name:password:project[:role]"
                ))
            }
        };
        let role = match role {
            "admin" => Role::Admin,
            "member" => Role::Member,
            "reader" => Role::Reader,
            other => return Err(format!("role {other:?} is not admin, member or reader")),
        };
        if name.is_empty() || project_name.is_empty() {
            return Err(format!("user entry {entry:?} has an empty name or project"));
        }
        if users.iter().any(|u| u.name == name) {
            return Err(format!("user {name:?} is listed twice"));
        }
        users.push(User {
            id: UserId::from_wire(stable_hex_id(&format!("user:{name}"))),
            name: name.to_owned(),
            password: password.to_owned(),
            project: project(project_name),
            role,
        });
    }
    if users.is_empty() {
        return Err("no users".into());
    }
    Ok(users)
}

impl Settings {
    /// Reads the settings; a bad value is a configuration error naming the variable.
    pub fn from_settings(settings: &ServiceSettings) -> Result<Self, String> {
        let users = parse_users(settings.get("USERS").unwrap_or(DEFAULT_USERS))
            .map_err(|error| format!("{}: {error}", settings.var_name("USERS")))?;
        Ok(Self {
            delay_seconds: non_negative(settings, "STATE_DELAY_SECONDS", 1.0)?,
            token_seconds: non_negative(settings, "TOKEN_EXPIRATION_SECONDS", 3600.0)?,
            users,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_users() {
        let users = parse_users("admin:secret:admin, demo:pw:demo:member").unwrap();
        assert_eq!(users.len(), 2);
        assert_eq!(users[1].role, Role::Member);
        assert_eq!(users[0].project, project("admin"));
        assert!(parse_users("x").is_err());
        assert!(parse_users("a:b:c:boss").is_err());
        assert!(parse_users("a:b:c,a:d:e").is_err());
    }
}
