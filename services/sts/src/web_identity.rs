//! `AssumeRoleWithWebIdentity`: any well-formed JWT is accepted (the emulator knows no identity
//! providers and checks no signature); a token past its `exp` is refused as AWS refuses it.

use base64::Engine;
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};
use serde_json::Value;

use crate::api::generated::{AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse};
use crate::assume_role::DEFAULT_ROLE_SECONDS;
use crate::issue::{issue, role_grant};
use crate::roles::RoleArn;
use crate::sessions::SessionKind;
use crate::{errors, session_policies, Core};

/// The claims of a token: `iss`, `sub`, `aud`, `exp`.
struct Claims {
    issuer: Option<String>,
    subject: Option<String>,
    audience: Option<String>,
    expires: Option<f64>,
}

fn segment(text: &str) -> Option<Value> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .filter(Value::is_object)
}

/// Reads a JWT: three base64url segments, a JSON header and a JSON payload.
fn claims(token: &str) -> Result<Claims, ServiceError> {
    let invalid = || {
        errors::invalid_identity_token(
            "The ID Token provided is not a valid JWT: it must be three base64url segments with a JSON header and payload.",
        )
    };
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    segment(header).ok_or_else(invalid)?;
    let payload = segment(payload).ok_or_else(invalid)?;
    let text = |name: &str| payload.get(name).and_then(Value::as_str).map(str::to_owned);
    Ok(Claims {
        issuer: text("iss"),
        subject: text("sub"),
        audience: text("aud").or_else(|| {
            payload
                .get("aud")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_str)
                .map(str::to_owned)
        }),
        expires: payload.get("exp").and_then(Value::as_f64),
    })
}

/// Runs `AssumeRoleWithWebIdentity`.
pub fn assume_role_with_web_identity(
    core: &Core,
    _ctx: &RequestContext,
    input: AssumeRoleWithWebIdentityRequest,
) -> Result<AssumeRoleWithWebIdentityResponse, ServiceError> {
    let role = RoleArn::parse(&input.role_arn)?;
    let claims = claims(&input.web_identity_token)?;
    let now = core.clock.now();
    if let Some(expires) = claims.expires.filter(|exp| *exp <= now.epoch_seconds()) {
        return Err(errors::expired_token(format!(
            "Token expired: current date/time {now} must be before the expiration date/time {}",
            Timestamp::from_epoch_seconds(expires)
        )));
    }
    let extras = session_policies::check(input.policy, input.policy_arns, None, None)?;
    let packed_policy_size = extras.packed_policy_size;
    let duration = input
        .duration_seconds
        .map_or(DEFAULT_ROLE_SECONDS, i64::from);
    let (grant, user) = role_grant(
        SessionKind::WebIdentity,
        &role,
        &input.role_session_name,
        duration,
        extras,
    );
    let credentials = issue(&core.store, now, grant);
    let provider = input.provider_id.or_else(|| {
        claims
            .issuer
            .map(|iss| iss.trim_start_matches("https://").to_owned())
    });
    Ok(AssumeRoleWithWebIdentityResponse {
        credentials: Some(credentials),
        subject_from_web_identity_token: claims.subject,
        assumed_role_user: Some(user),
        packed_policy_size,
        provider,
        audience: claims.audience,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value)
    }

    #[test]
    fn reads_well_formed_tokens_only() {
        let token = format!(
            "{}.{}.sig",
            encode(r#"{"alg":"RS256"}"#),
            encode(r#"{"iss":"https://issuer.example","sub":"user-123","aud":["app"],"exp":99}"#)
        );
        let claims = claims(&token).unwrap();
        assert_eq!(claims.subject.as_deref(), Some("user-123"));
        assert_eq!(claims.audience.as_deref(), Some("app"));
        assert_eq!(claims.expires, Some(99.0));
        for bad in [
            "abcd",
            "a.b.c",
            &format!("{}.{}", encode("{}"), encode("{}")),
        ] {
            assert!(super::claims(bad).is_err(), "{bad}");
        }
    }
}
