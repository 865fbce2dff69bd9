//! The decision for one request against one resource policy.

use crate::document::{Effect, OneOrMany, PolicyDocument, Principal, Statement};
use crate::pattern::matches;

/// What a request asks: who, what and on which resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request<'a> {
    /// The caller's account (matches `"111111111111"` and `arn:aws:iam::111111111111:root`).
    pub account_id: &'a str,
    /// The caller's role or user ARN, when known (matches that ARN).
    pub principal_arn: Option<&'a str>,
    /// `service:Operation`.
    pub action: &'a str,
    /// The resource's ARN.
    pub resource: &'a str,
}

/// The outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// An applying `Allow` and no applying `Deny`.
    Allow,
    /// An applying `Deny`.
    ExplicitDeny,
    /// No applying statement.
    ImplicitDeny,
}

impl Decision {
    /// Whether the request may go ahead.
    pub fn is_allowed(self) -> bool {
        self == Self::Allow
    }
}

impl PolicyDocument {
    /// Evaluates `request`: an applying `Deny` wins, then an applying `Allow`, else an
    /// implicit deny.
    pub fn evaluate(&self, request: &Request<'_>) -> Decision {
        let mut allowed = false;
        for statement in self.statements() {
            if !statement.applies(request) {
                continue;
            }
            match statement.effect {
                Effect::Deny => return Decision::ExplicitDeny,
                Effect::Allow => allowed = true,
            }
        }
        if allowed {
            Decision::Allow
        } else {
            Decision::ImplicitDeny
        }
    }
}

impl Statement {
    fn applies(&self, request: &Request<'_>) -> bool {
        if self.condition.is_some() && self.effect == Effect::Allow {
            return false;
        }
        let principal = match (&self.principal, &self.not_principal) {
            (Some(p), None) => principal_matches(p, request),
            (None, Some(p)) => !principal_matches(p, request),
            _ => false,
        };
        let action = either(&self.action, &self.not_action, |a| {
            matches(a, request.action, true)
        });
        let resource = either(&self.resource, &self.not_resource, |r| {
            matches(r, request.resource, false)
        });
        principal && action && resource
    }
}

/// Whether exactly one of `positive`/`negative` is given and says yes for some (or, negated,
/// no) item.
fn either(
    positive: &Option<OneOrMany<String>>,
    negative: &Option<OneOrMany<String>>,
    hit: impl Fn(&str) -> bool,
) -> bool {
    match (positive, negative) {
        (Some(items), None) => items.as_slice().iter().any(|i| hit(i)),
        (None, Some(items)) => !items.as_slice().iter().any(|i| hit(i)),
        _ => false,
    }
}

fn principal_matches(principal: &Principal, request: &Request<'_>) -> bool {
    match principal {
        Principal::Any(star) => star == "*",
        Principal::Typed(types) => types
            .get("AWS")
            .is_some_and(|ids| ids.as_slice().iter().any(|id| aws_id_matches(id, request))),
    }
}

/// `*`, the account id, the account's root ARN, or the caller's own ARN.
fn aws_id_matches(id: &str, request: &Request<'_>) -> bool {
    id == "*"
        || id == request.account_id
        || id
            .strip_prefix("arn:")
            .and_then(|rest| rest.split_once(":iam::"))
            .is_some_and(|(_partition, tail)| tail == format!("{}:root", request.account_id))
        || request.principal_arn == Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VAULT: &str = "arn:aws:backup:us-east-1:222222222222:backup-vault:v";

    fn request(account: &str) -> Request<'_> {
        Request {
            account_id: account,
            principal_arn: Some("arn:aws:iam::111111111111:role/copy"),
            action: "backup:CopyIntoBackupVault",
            resource: VAULT,
        }
    }

    fn decide(policy: &str, account: &str) -> Decision {
        PolicyDocument::parse(policy)
            .unwrap()
            .evaluate(&request(account))
    }

    #[test]
    fn principals_accounts_roots_roles_and_stars() {
        for principal in [
            r#""*""#,
            r#"{"AWS":"*"}"#,
            r#"{"AWS":"111111111111"}"#,
            r#"{"AWS":"arn:aws:iam::111111111111:root"}"#,
            r#"{"AWS":["arn:aws:iam::333333333333:root","arn:aws:iam::111111111111:role/copy"]}"#,
        ] {
            let policy = format!(
                r#"{{"Statement":{{"Effect":"Allow","Principal":{principal},"Action":"backup:CopyIntoBackupVault","Resource":"*"}}}}"#
            );
            assert_eq!(
                decide(&policy, "111111111111"),
                Decision::Allow,
                "{principal}"
            );
        }
        let other = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"backup:*","Resource":"*"}]}"#;
        assert_eq!(decide(other, "111111111111"), Decision::ImplicitDeny);
        let service = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Action":"backup:*","Resource":"*"}]}"#;
        assert_eq!(decide(service, "111111111111"), Decision::ImplicitDeny);
    }

    #[test]
    fn actions_and_resources_with_wildcards() {
        let policy = |action: &str, resource: &str| {
            format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":{action},"Resource":{resource}}}]}}"#
            )
        };
        assert!(decide(
            &policy(
                r#""backup:copy*""#,
                r#""arn:aws:backup:*:222222222222:backup-vault:*""#
            ),
            "1"
        )
        .is_allowed());
        assert!(!decide(&policy(r#""backup:Delete*""#, r#""*""#), "1").is_allowed());
        assert!(!decide(
            &policy(
                r#""*""#,
                r#""arn:aws:backup:*:222222222222:backup-vault:other""#
            ),
            "1"
        )
        .is_allowed());
        assert!(!decide(
            &policy(
                r#""*""#,
                r#""ARN:aws:backup:*:222222222222:backup-vault:v""#
            ),
            "1"
        )
        .is_allowed());
        let not_action = r#"{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":"backup:Delete*","Resource":"*"}]}"#;
        assert!(decide(not_action, "1").is_allowed());
    }

    #[test]
    fn deny_wins_and_conditions_fail_closed() {
        let deny = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*"},
            {"Effect":"Deny","Principal":{"AWS":"111111111111"},"Action":"backup:CopyIntoBackupVault","Resource":"*"}]}"#;
        assert_eq!(decide(deny, "111111111111"), Decision::ExplicitDeny);
        assert_eq!(decide(deny, "444444444444"), Decision::Allow);
        let conditional = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}"#;
        assert_eq!(decide(conditional, "1"), Decision::ImplicitDeny);
        let conditional_deny = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        assert_eq!(decide(conditional_deny, "1"), Decision::ExplicitDeny);
    }

    #[test]
    fn empty_or_odd_documents_deny() {
        assert!(PolicyDocument::parse("{}").is_err());
        assert_eq!(decide(r#"{"Statement":[]}"#, "1"), Decision::ImplicitDeny);
        let no_principal = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
        assert_eq!(decide(no_principal, "1"), Decision::ImplicitDeny);
        assert!(PolicyDocument::parse(r#"{"Statement":{"Effect":"Maybe"}}"#).is_err());
    }
}
