//! `GetFederationToken`: temporary credentials for a federated user of the caller's account,
//! `arn:aws:sts::ACCOUNT:federated-user/NAME`.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{FederatedUser, GetFederationTokenRequest, GetFederationTokenResponse};
use crate::caller::Caller;
use crate::issue::{issue, Grant};
use crate::session_token::DEFAULT_TOKEN_SECONDS;
use crate::sessions::SessionKind;
use crate::{errors, session_policies, Core};

/// Runs `GetFederationToken`.
pub fn get_federation_token(
    core: &Core,
    ctx: &RequestContext,
    input: GetFederationTokenRequest,
) -> Result<GetFederationTokenResponse, ServiceError> {
    if Caller::of(ctx, &core.store).session().is_some() {
        return Err(errors::access_denied(
            "Cannot call GetFederationToken with session credentials",
        ));
    }
    let extras = session_policies::check(input.policy, input.policy_arns, input.tags, None)?;
    let packed_policy_size = extras.packed_policy_size;
    let user = FederatedUser {
        arn: format!(
            "arn:{}:sts::{}:federated-user/{}",
            aws_arn::partition_for_region(&ctx.region),
            ctx.account_id,
            input.name
        ),
        federated_user_id: format!("{}:{}", ctx.account_id, input.name),
    };
    let grant = Grant {
        kind: SessionKind::FederationToken,
        account_id: ctx.account_id.clone(),
        principal_arn: user.arn.clone(),
        user_id: user.federated_user_id.clone(),
        duration_seconds: input
            .duration_seconds
            .map_or(DEFAULT_TOKEN_SECONDS, i64::from),
        role_arn: None,
        session_name: Some(input.name),
        external_id: None,
        source_identity: None,
        extras,
    };
    Ok(GetFederationTokenResponse {
        credentials: Some(issue(&core.store, core.clock.now(), grant)),
        federated_user: Some(user),
        packed_policy_size,
        ..Default::default()
    })
}
