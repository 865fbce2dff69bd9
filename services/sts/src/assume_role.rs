//! `AssumeRole`: temporary credentials that act in the role's account.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{AssumeRoleRequest, AssumeRoleResponse};
use crate::caller::Caller;
use crate::issue::{issue, role_grant};
use crate::roles::RoleArn;
use crate::sessions::SessionKind;
use crate::{errors, session_policies, Core};

/// The default session lifetime of role sessions.
pub const DEFAULT_ROLE_SECONDS: i64 = 3600;
/// The longest session a chained role session may ask for.
const CHAINED_MAX_SECONDS: i64 = 3600;

/// Runs `AssumeRole`.
pub fn assume_role(
    core: &Core,
    ctx: &RequestContext,
    input: AssumeRoleRequest,
) -> Result<AssumeRoleResponse, ServiceError> {
    let role = RoleArn::parse(&input.role_arn)?;
    let caller = Caller::of(ctx, &core.store);
    let duration = input
        .duration_seconds
        .map_or(DEFAULT_ROLE_SECONDS, i64::from);
    let chained = caller.session().filter(|s| s.kind.is_role());
    if chained.is_some() && duration > CHAINED_MAX_SECONDS {
        return Err(errors::validation(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        ));
    }
    let mut extras = session_policies::check(
        input.policy,
        input.policy_arns,
        input.tags,
        input.transitive_tag_keys,
    )?;
    // Transitive tags of the calling role session pass on to the chained one.
    if let Some(session) = chained {
        for key in &session.transitive_tag_keys {
            if let Some(value) = session.tags.get(key) {
                extras
                    .tags
                    .entry(key.clone())
                    .or_insert_with(|| value.clone());
                if !extras.transitive_tag_keys.contains(key) {
                    extras.transitive_tag_keys.push(key.clone());
                }
            }
        }
    }
    let packed_policy_size = extras.packed_policy_size;
    let (mut grant, user) = role_grant(
        SessionKind::AssumedRole,
        &role,
        &input.role_session_name,
        duration,
        extras,
    );
    grant.external_id = input.external_id;
    grant.source_identity = input.source_identity.clone();
    let credentials = issue(&core.store, core.clock.now(), grant);
    Ok(AssumeRoleResponse {
        credentials: Some(credentials),
        assumed_role_user: Some(user),
        packed_policy_size,
        source_identity: input.source_identity,
        ..Default::default()
    })
}
