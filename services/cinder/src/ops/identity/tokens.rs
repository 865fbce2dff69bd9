//! `/identity/v3/auth/tokens`: issue (POST, password or token method, project scope by id or
//! by name and domain, `?nocatalog`), validate (GET), check (HEAD) and revoke (DELETE).

use serde_json::{json, Map, Value};

use super::catalog;
use crate::model::token::{Project, Token, User, DOMAIN_ID, DOMAIN_NAME};
use crate::shared::Core;
use crate::support::fault::KeystoneError;
use crate::support::ids::{stable_hex_id, TokenId};
use crate::support::reply::Reply;

fn expecting(attribute: &str, target: &str) -> KeystoneError {
    KeystoneError::bad_request(format!(
        "Expecting to find {attribute} in {target}. The server could not comply with the \
         request since it is either malformed or otherwise incorrect. The client is assumed \
         to be in error."
    ))
}

fn object<'v>(
    parent: &'v Map<String, Value>,
    key: &str,
    target: &str,
) -> Result<&'v Map<String, Value>, KeystoneError> {
    parent
        .get(key)
        .and_then(Value::as_object)
        .ok_or_else(|| expecting(key, target))
}

fn domain_matches(domain: Option<&Value>) -> bool {
    match domain {
        None => false,
        Some(domain) => {
            domain.get("id").and_then(Value::as_str) == Some(DOMAIN_ID)
                || domain.get("name").and_then(Value::as_str) == Some(DOMAIN_NAME)
        }
    }
}

/// The token body.
pub fn view(token: &Token, host_base: &str, catalog: bool) -> Value {
    let domain = json!({"id": DOMAIN_ID, "name": DOMAIN_NAME});
    let mut body = json!({
        "methods": ["password"],
        "user": {
            "domain": domain,
            "id": token.user_id.as_str(),
            "name": token.user_name,
            "password_expires_at": null,
        },
        "audit_ids": [token.audit_id],
        "expires_at": token.expires_at.keystone(),
        "issued_at": token.issued_at.keystone(),
    });
    if let Some(project) = &token.project {
        body["project"] = json!({
            "domain": domain,
            "id": project.id.as_str(),
            "name": project.name,
        });
        body["is_domain"] = json!(false);
        body["roles"] = token
            .role
            .names()
            .iter()
            .map(|name| json!({"id": stable_hex_id(&format!("role:{name}")), "name": name}))
            .collect();
        if catalog {
            body["catalog"] = catalog::for_project(host_base, &project.id);
        }
    }
    json!({ "token": body })
}

/// Finds the user the `password` method names and checks the password.
fn password_user<'u>(
    core: &'u Core,
    identity: &Map<String, Value>,
) -> Result<&'u User, KeystoneError> {
    let password = object(identity, "password", "identity")?;
    let user = object(password, "user", "password")?;
    let secret = user
        .get("password")
        .and_then(Value::as_str)
        .ok_or_else(|| expecting("password", "user"))?;
    let found = match (user.get("id").and_then(Value::as_str), user.get("name")) {
        (Some(id), _) => core.settings.users.iter().find(|u| u.id.as_str() == id),
        (None, Some(Value::String(name))) => {
            if !domain_matches(user.get("domain")) {
                return Err(KeystoneError::unauthorized());
            }
            core.settings.users.iter().find(|u| u.name == *name)
        }
        (None, _) => return Err(expecting("id or name", "user")),
    };
    found
        .filter(|u| u.password == secret)
        .ok_or_else(KeystoneError::unauthorized)
}

/// Re-scoping with the `token` method: the user of a valid token.
fn token_user<'u>(
    core: &'u Core,
    identity: &Map<String, Value>,
) -> Result<&'u User, KeystoneError> {
    let token = object(identity, "token", "identity")?;
    let id = token
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| expecting("id", "token"))?;
    let valid = core
        .valid_token(id)
        .ok_or_else(KeystoneError::unauthorized)?;
    core.settings
        .users
        .iter()
        .find(|u| u.id == valid.user_id)
        .ok_or_else(KeystoneError::unauthorized)
}

/// The project the scope names, which must be the user's.
fn scope(user: &User, auth: &Map<String, Value>) -> Result<Option<Project>, KeystoneError> {
    let Some(scope) = auth.get("scope") else {
        // Keystone scopes a token to the user's default project when none is asked for.
        return Ok(Some(user.project.clone()));
    };
    if scope.as_str() == Some("unscoped") {
        return Ok(None);
    }
    let Some(project) = scope.get("project").and_then(Value::as_object) else {
        return Err(KeystoneError::unauthorized());
    };
    let matches = match (
        project.get("id").and_then(Value::as_str),
        project.get("name"),
    ) {
        (Some(id), _) => id == user.project.id.as_str(),
        (None, Some(Value::String(name))) => {
            domain_matches(project.get("domain")) && *name == user.project.name
        }
        (None, _) => return Err(expecting("id or name", "project")),
    };
    if matches {
        Ok(Some(user.project.clone()))
    } else {
        Err(KeystoneError::unauthorized())
    }
}

/// `POST /identity/v3/auth/tokens`: 201 with `X-Subject-Token`.
pub fn issue(
    core: &Core,
    host_base: &str,
    nocatalog: bool,
    body: Option<Value>,
) -> Result<Reply, KeystoneError> {
    let body = body.ok_or_else(|| expecting("auth", "request body"))?;
    let auth = body
        .get("auth")
        .and_then(Value::as_object)
        .ok_or_else(|| expecting("auth", "request body"))?;
    let identity = object(auth, "identity", "auth")?;
    let methods: Vec<&str> = identity
        .get("methods")
        .and_then(Value::as_array)
        .ok_or_else(|| expecting("methods", "identity"))?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let user = if methods.contains(&"password") {
        password_user(core, identity)?
    } else if methods.contains(&"token") {
        token_user(core, identity)?
    } else {
        return Err(KeystoneError::unauthorized());
    };
    let project = scope(user, auth)?;
    let now = core.now();
    let token = Token {
        id: TokenId::generate(),
        user_id: user.id.clone(),
        user_name: user.name.clone(),
        project,
        role: user.role,
        issued_at: now,
        expires_at: now.plus_seconds(core.settings.token_seconds),
        audit_id: uuid::Uuid::new_v4().simple().to_string()[..22].to_owned(),
    };
    core.store.with(|inner| {
        let tokens = inner.tokens_mut();
        // Expired tokens are of no use to anyone: drop them as new ones are issued.
        tokens.retain(|_, t| t.expires_at > now);
        tokens.insert(token.id.clone(), token.clone());
    });
    Ok(Reply::json(201, view(&token, host_base, !nocatalog))
        .with_header("x-subject-token", token.id.as_str()))
}

/// `GET` / `HEAD /identity/v3/auth/tokens`: the token `X-Subject-Token` names, for a caller
/// with a valid `X-Auth-Token`.
pub fn validate(
    core: &Core,
    host_base: &str,
    auth: Option<&str>,
    subject: Option<&str>,
    nocatalog: bool,
) -> Result<Reply, KeystoneError> {
    auth.and_then(|t| core.valid_token(t))
        .ok_or_else(KeystoneError::unauthorized)?;
    let subject = subject.unwrap_or_default();
    let token = core
        .valid_token(subject)
        .ok_or_else(|| KeystoneError::not_found(format!("Could not find token: {subject}.")))?;
    Ok(Reply::json(200, view(&token, host_base, !nocatalog))
        .with_header("x-subject-token", token.id.as_str()))
}

/// `DELETE /identity/v3/auth/tokens`: 204.
pub fn revoke(
    core: &Core,
    auth: Option<&str>,
    subject: Option<&str>,
) -> Result<Reply, KeystoneError> {
    auth.and_then(|t| core.valid_token(t))
        .ok_or_else(KeystoneError::unauthorized)?;
    let subject = subject.unwrap_or_default().to_owned();
    let removed = core.store.with(|inner| {
        inner
            .tokens_mut()
            .remove(&TokenId::from_wire(subject.clone()))
    });
    match removed {
        Some(_) => Ok(Reply::empty(204)),
        None => Err(KeystoneError::not_found(format!(
            "Could not find token: {subject}."
        ))),
    }
}
