//! Keystone's records: the configured users and projects, and issued tokens.

use serde::{Deserialize, Serialize};

use crate::support::ids::{ProjectId, TokenId, UserId};
use crate::support::times::Instant;

/// The one domain: Keystone's default.
pub const DOMAIN_ID: &str = "default";
/// Its name.
pub const DOMAIN_NAME: &str = "Default";

/// What a user may do: Keystone's default roles, each implying the ones after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// admin, member and reader.
    Admin,
    /// member and reader.
    Member,
    /// reader only.
    Reader,
}

impl Role {
    /// The role names a token lists.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Self::Admin => &["admin", "member", "reader"],
            Self::Member => &["member", "reader"],
            Self::Reader => &["reader"],
        }
    }
}

/// A configured user with the project it may scope to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its stable id.
    pub id: UserId,
    /// Login name.
    pub name: String,
    /// Password.
    pub password: String,
    /// The project it is a member of.
    pub project: Project,
    /// Its role on that project.
    pub role: Role,
}

/// A project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Its stable hex id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
}

/// An issued token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// The token.
    pub id: TokenId,
    /// Who it was issued to.
    pub user_id: UserId,
    /// The user's name.
    pub user_name: String,
    /// The project it is scoped to (`None`: unscoped).
    pub project: Option<Project>,
    /// The user's role.
    pub role: Role,
    /// Issue time.
    pub issued_at: Instant,
    /// Expiry on the gateway clock.
    pub expires_at: Instant,
    /// Keystone's audit id.
    pub audit_id: String,
}
