//! The driver: from a raw request under `/identity` or `/volume` to an operation, with what
//! every answer of each API carries (authentication, microversion negotiation, request ids,
//! error shapes).

use emulator_core::{PathContext, PathRequest, PathResponse};
use http::Method;

use crate::model::token::Token;
use crate::ops::{self, backups, identity, volumes, Call};
use crate::shared::Core;
use crate::support::fault::{Fault, KeystoneError};
use crate::support::ids::ProjectId;
use crate::support::microversion::ApiVersion;
use crate::support::query;
use crate::support::reply::Reply;
use crate::support::schema::parse_body;

/// Answers one request.
pub fn handle(core: &Core, ctx: &PathContext, request: &PathRequest<'_>) -> PathResponse {
    let host_base = format!(
        "http://{}",
        request.header("host").unwrap_or("localhost:4566")
    );
    let reply = if request.prefix == "/identity" {
        identity_route(core, &host_base, request)
    } else {
        volume_route(core, &host_base, request)
    };
    reply
        .with_header("x-openstack-request-id", format!("req-{}", ctx.request_id))
        .into_response()
}

fn keystone_error(error: &KeystoneError, host_base: &str) -> Reply {
    let reply = Reply::json(error.status, error.body());
    if error.status == 401 {
        reply.with_header(
            "www-authenticate",
            format!("Keystone uri=\"{host_base}/identity\""),
        )
    } else {
        reply
    }
}

fn identity_route(core: &Core, host_base: &str, request: &PathRequest<'_>) -> Reply {
    let identity_base = format!("{host_base}/identity");
    let path = request.rest().trim_end_matches('/');
    let method = request.method;
    let read = method == Method::GET || method == Method::HEAD;
    let pairs = query::parse(request.raw_query);
    let nocatalog = pairs.iter().any(|(k, _)| k == "nocatalog");
    let result = match path {
        "" if read => Ok(identity::versions::all(&identity_base)),
        "/v3" if read => Ok(identity::versions::version(&identity_base)),
        "/v3/auth/tokens" => match *method {
            Method::POST => match parse_body(request.body) {
                Ok(body) => identity::tokens::issue(core, host_base, nocatalog, body),
                Err(_) => Err(KeystoneError::bad_request("Malformed request body")),
            },
            Method::GET | Method::HEAD => identity::tokens::validate(
                core,
                host_base,
                request.header("x-auth-token"),
                request.header("x-subject-token"),
                nocatalog,
            ),
            Method::DELETE => identity::tokens::revoke(
                core,
                request.header("x-auth-token"),
                request.header("x-subject-token"),
            ),
            _ => Err(KeystoneError::method_not_allowed()),
        },
        "" | "/v3" => Err(KeystoneError::method_not_allowed()),
        _ => Err(KeystoneError::not_found("The resource could not be found.")),
    };
    result.unwrap_or_else(|error| keystone_error(&error, host_base))
}

/// A Block Storage operation, chosen from the method and path before the version is read.
enum Op<'p> {
    ListBackups { detail: bool },
    CreateBackup,
    ImportRecord,
    ShowBackup(&'p str),
    UpdateBackup(&'p str),
    DeleteBackup(&'p str),
    Restore(&'p str),
    ExportRecord(&'p str),
    BackupAction(&'p str),
    ListVolumes { detail: bool },
    CreateVolume,
    ShowVolume(&'p str),
    DeleteVolume(&'p str),
}

fn operation<'p>(method: &Method, segments: &[&'p str]) -> Option<Op<'p>> {
    use Method as M;
    Some(match (method.clone(), segments) {
        (M::GET, ["backups"]) => Op::ListBackups { detail: false },
        (M::POST, ["backups"]) => Op::CreateBackup,
        (M::GET, ["backups", "detail"]) => Op::ListBackups { detail: true },
        (M::POST, ["backups", "import_record"]) => Op::ImportRecord,
        (M::GET, ["backups", id]) => Op::ShowBackup(id),
        (M::PUT, ["backups", id]) => Op::UpdateBackup(id),
        (M::DELETE, ["backups", id]) => Op::DeleteBackup(id),
        (M::POST, ["backups", id, "restore"]) => Op::Restore(id),
        (M::GET, ["backups", id, "export_record"]) => Op::ExportRecord(id),
        (M::POST, ["backups", id, "action"]) => Op::BackupAction(id),
        (M::GET, ["volumes"]) => Op::ListVolumes { detail: false },
        (M::POST, ["volumes"]) => Op::CreateVolume,
        (M::GET, ["volumes", "detail"]) => Op::ListVolumes { detail: true },
        (M::GET, ["volumes", id]) => Op::ShowVolume(id),
        (M::DELETE, ["volumes", id]) => Op::DeleteVolume(id),
        _ => return None,
    })
}

fn run(op: Op<'_>, call: &Call<'_>) -> Result<Reply, Fault> {
    match op {
        Op::ListBackups { detail } => backups::list::run(call, detail),
        Op::CreateBackup => backups::create::run(call),
        Op::ImportRecord => backups::import_record::run(call),
        Op::ShowBackup(id) => backups::show::run(call, id),
        Op::UpdateBackup(id) => backups::update::run(call, id),
        Op::DeleteBackup(id) => backups::delete::run(call, id),
        Op::Restore(id) => backups::restore::run(call, id),
        Op::ExportRecord(id) => backups::export_record::run(call, id),
        Op::BackupAction(id) => backups::actions::run(call, id),
        Op::ListVolumes { detail } => volumes::list::run(call, detail),
        Op::CreateVolume => volumes::create::run(call),
        Op::ShowVolume(id) => volumes::show::run(call, id),
        Op::DeleteVolume(id) => volumes::delete::run(call, id),
    }
}

fn fault(error: &Fault) -> Reply {
    Reply::json(error.status, error.body())
}

fn versioned(reply: Reply, version: ApiVersion) -> Reply {
    reply
        .with_header("openstack-api-version", format!("volume {version}"))
        .with_header("vary", "OpenStack-API-Version")
}

fn volume_route(core: &Core, host_base: &str, request: &PathRequest<'_>) -> Reply {
    let volume_base = format!("{host_base}/volume");
    let path = request.rest();
    let trimmed = path.trim_end_matches('/');
    let read = request.method == Method::GET || request.method == Method::HEAD;
    if trimmed.is_empty() || trimmed == "/v3" {
        if !read {
            return fault(&Fault::no_route());
        }
        return match ApiVersion::from_header(request.header("openstack-api-version")) {
            Err(error) => fault(&error),
            Ok(version) if trimmed.is_empty() => {
                versioned(ops::versions::all(&volume_base), version)
            }
            Ok(version) => versioned(ops::versions::v3(&volume_base), version),
        };
    }
    let Some(tail) = path.strip_prefix("/v3/") else {
        return fault(&Fault::no_route());
    };
    // keystonemiddleware runs before Cinder sees the request.
    let Some(token) = request
        .header("x-auth-token")
        .and_then(|id| core.valid_token(id))
    else {
        return keystone_error(&KeystoneError::unauthorized(), host_base);
    };
    let segments: Vec<&str> = tail.trim_end_matches('/').split('/').collect();
    // Since 3.67 the project id may be left out of the path.
    let (path_project, segments) = match segments.split_first() {
        Some((first, rest)) if !matches!(*first, "backups" | "volumes") => (Some(*first), rest),
        _ => (None, segments.as_slice()),
    };
    let Some(op) = operation(request.method, segments) else {
        return fault(&Fault::no_route());
    };
    let version = match ApiVersion::from_header(request.header("openstack-api-version")) {
        Ok(version) => version,
        Err(error) => return fault(&error),
    };
    let Some(project) = token.project.as_ref().map(|p| p.id.clone()) else {
        return versioned(fault(&Fault::bad_request("Malformed request url")), version);
    };
    if path_project.is_some_and(|p| p != project.as_str()) {
        return versioned(fault(&Fault::bad_request("Malformed request url")), version);
    }
    let in_url = path_project.is_some();
    let reply = call_op(
        core,
        op,
        (version, in_url),
        &project,
        &token,
        &volume_base,
        request,
    );
    versioned(reply, version)
}

fn call_op(
    core: &Core,
    op: Op<'_>,
    (version, project_in_url): (ApiVersion, bool),
    project: &ProjectId,
    token: &Token,
    volume_base: &str,
    request: &PathRequest<'_>,
) -> Reply {
    let pairs = query::parse(request.raw_query);
    let call = Call {
        core,
        version,
        project,
        token,
        base: volume_base,
        project_in_url,
        query: &pairs,
        body: request.body,
        now: core.now(),
    };
    run(op, &call).unwrap_or_else(|error| fault(&error))
}
