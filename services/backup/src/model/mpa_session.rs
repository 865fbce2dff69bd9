//! Multi-party approval (MPA) sessions, as far as AWS Backup shows them.
//!
//! On AWS, changing a logically air-gapped vault's approval team, opening a restore access
//! vault on it and revoking one each start an MPA session that the team's approvers approve in
//! the MPA portal. The emulator has no approvers: every session is approved by itself after the
//! job completion delay (`FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS`), on the engine's
//! timer queue, so the pending state and its outcome can both be observed.

use aws_arn::Arn;
use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;
use serde::{Deserialize, Serialize};

use crate::support::errors::invalid_parameter;

/// How long a session waits for its approvers before it expires.
const SESSION_LIFETIME_SECONDS: i64 = 86_400;

/// An approval session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpaSession {
    /// `arn:aws:mpa:{region}:{account}:session/{team id}/{session id}`, in the team's account.
    pub arn: String,
    /// `InitiationDate`.
    pub initiation_date: Timestamp,
    /// `ExpiryDate`.
    pub expiry_date: Timestamp,
    /// The `RequesterComment` the session was started with.
    pub requester_comment: Option<String>,
}

/// The approval team ARN `team_arn` (`arn:aws:mpa:{region}:{account}:approval-team/{id}`)
/// parsed, with its id, or `InvalidParameterValueException` for anything else.
fn parse_team(team_arn: &str) -> Result<(Arn, String), ServiceError> {
    Arn::parse(team_arn)
        .ok()
        .filter(|arn| arn.service() == "mpa")
        .and_then(|arn| {
            let id = arn
                .resource()
                .strip_prefix("approval-team/")
                .filter(|id| !id.is_empty() && !id.contains('/'))?
                .to_owned();
            Some((arn, id))
        })
        .ok_or_else(|| {
            invalid_parameter(format!(
                "MpaApprovalTeamArn must be the ARN of a Multi-party approval team \
                 (arn:aws:mpa:<region>:<account>:approval-team/<id>): {team_arn}"
            ))
        })
}

/// Refuses anything but an approval team ARN.
pub fn check_team_arn(team_arn: &str) -> Result<(), ServiceError> {
    parse_team(team_arn).map(|_| ())
}

/// Starts a session with the team `team_arn` at `now`.
pub fn start(
    team_arn: &str,
    requester_comment: Option<String>,
    now: Timestamp,
) -> Result<MpaSession, ServiceError> {
    let (team, id) = parse_team(team_arn)?;
    let resource = format!("session/{id}/{}", uuid::Uuid::new_v4().simple());
    let arn = Arn::new("mpa", team.region(), team.account_id(), &resource)
        .map_err(|error| invalid_parameter(error.to_string()))?;
    Ok(MpaSession {
        arn: arn.to_string(),
        initiation_date: now,
        expiry_date: now.plus_seconds(SESSION_LIFETIME_SECONDS),
        requester_comment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAM: &str = "arn:aws:mpa:us-east-1:444455556666:approval-team/AbCd1234";

    #[test]
    fn only_approval_team_arns_are_accepted() {
        assert_eq!(
            parse_team(TEAM).ok().map(|(_, id)| id).as_deref(),
            Some("AbCd1234")
        );
        for bad in [
            "AbCd1234",
            "arn:aws:mpa:us-east-1:444455556666:session/AbCd1234/x",
            "arn:aws:mpa:us-east-1:444455556666:approval-team/",
            "arn:aws:backup:us-east-1:444455556666:approval-team/AbCd1234",
        ] {
            assert!(check_team_arn(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sessions_live_in_the_team_account_and_expire_a_day_later() {
        let now = Timestamp::from_epoch_seconds(1_700_000_000.0);
        let session = start(TEAM, Some("why".into()), now).expect("session");
        assert!(
            session
                .arn
                .starts_with("arn:aws:mpa:us-east-1:444455556666:session/AbCd1234/"),
            "{}",
            session.arn
        );
        assert_eq!(session.expiry_date, now.plus_seconds(86_400));
        assert_eq!(session.requester_comment.as_deref(), Some("why"));
    }
}
