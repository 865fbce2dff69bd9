//! `POST /backups/{id}/action`: `os-reset_status` and `os-force_delete` (admin actions).

use serde_json::Value;

use crate::model::backup::BackupStatus;
use crate::ops::Call;
use crate::support::fault::Fault;
use crate::support::pyrepr::{self, repr};
use crate::support::reply::Reply;

/// Runs the one action the body names: 202, empty body.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    let body = call.json()?;
    let Some(Value::Object(body)) = body else {
        return Err(Fault::bad_request("Malformed request body"));
    };
    if body.len() != 1 {
        return Err(Fault::bad_request("Malformed request body"));
    }
    let (action, argument) = body.iter().next().expect("one key");
    match action.as_str() {
        "os-reset_status" => reset_status(call, id, argument),
        // The schema takes any value: `{}` and `null` alike.
        "os-force_delete" => force_delete(call, id),
        other => Err(Fault::bad_request(format!(
            "There is no such action: {other}. Verify the request body and Content-Type header \
             and try again."
        ))),
    }
}

fn reset_status(call: &Call<'_>, id: &str, argument: &Value) -> Result<Reply, Fault> {
    let Value::Object(argument) = argument else {
        return Err(Fault::bad_request(format!(
            "Invalid input for field/attribute os-reset_status. Value: {}. {} is not of type 'object'",
            pyrepr::str(argument),
            repr(argument)
        )));
    };
    if let Some(extra) = argument.keys().find(|key| *key != "status") {
        return Err(Fault::bad_request(format!(
            "Invalid input for field/attribute os-reset_status. Value: {}. Additional properties \
             are not allowed ('{extra}' was unexpected)",
            repr(&Value::Object(argument.clone()))
        )));
    }
    let Some(status) = argument.get("status") else {
        return Err(Fault::bad_request(format!(
            "Invalid input for field/attribute os-reset_status. Value: {}. 'status' is a \
             required property",
            repr(&Value::Object(argument.clone()))
        )));
    };
    let Some(text) = status.as_str() else {
        return Err(Fault::bad_request(format!(
            "Invalid input for field/attribute status. Value: {}. {} is not of type 'string'",
            pyrepr::str(status),
            repr(status)
        )));
    };
    let status = match text.to_ascii_lowercase().as_str() {
        "available" => BackupStatus::Available,
        "error" => BackupStatus::Error,
        _ => {
            return Err(Fault::bad_request(format!(
                "Backup status: {text} is invalid, valid statuses are: ['available', 'error']."
            )))
        }
    };
    let now = call.now;
    call.core.store.with(|inner| {
        super::find(inner.project(call.project), id)?;
        call.require_admin("volume_extension:backup_admin_actions:reset_status")?;
        let backup = super::find_mut(inner.project_mut(call.project), id)?;
        backup.status = status;
        backup.updated_at = now;
        Ok::<_, Fault>(())
    })?;
    Ok(Reply::empty(202))
}

fn force_delete(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    call.core
        .store
        .with(|inner| super::find(inner.project(call.project), id).map(|_| ()))?;
    call.require_admin("volume_extension:backup_admin_actions:force_delete")?;
    super::delete::delete(call, id, true)?;
    Ok(Reply::empty(202))
}
