//! `AssumeRoleWithSAML`: any well-formed assertion is accepted (base64 of an XML document; the
//! emulator knows no identity providers and checks no signature). Subject, its type, issuer and
//! audience are read from the assertion.

use base64::Engine;
use emulator_core::{RequestContext, ServiceError};
use quick_xml::events::Event;
use quick_xml::Reader;
use sha2::{Digest, Sha256};

use crate::api::generated::{AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse};
use crate::assume_role::DEFAULT_ROLE_SECONDS;
use crate::issue::{issue, role_grant};
use crate::roles::RoleArn;
use crate::sessions::SessionKind;
use crate::{errors, session_policies, Core};

/// AWS's sign-in audience, the one SAML providers name for AWS.
const AWS_AUDIENCE: &str = "https://signin.aws.amazon.com/saml";

/// What the emulator reads from an assertion.
#[derive(Debug, Default, PartialEq)]
struct Assertion {
    issuer: Option<String>,
    subject: Option<String>,
    subject_format: Option<String>,
    audience: Option<String>,
}

/// Decodes and reads an assertion; anything but base64 of well-formed XML is refused.
fn read(encoded: &str) -> Result<Assertion, ServiceError> {
    let invalid = |why: &str| {
        errors::invalid_identity_token(format!("The SAML assertion is not well-formed: {why}."))
    };
    let compact: String = encoded.split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|_| invalid("it is not base64"))?;
    let text = String::from_utf8(bytes).map_err(|_| invalid("it is not UTF-8 text"))?;
    let mut reader = Reader::from_str(&text);
    let mut assertion = Assertion::default();
    let mut open: Vec<String> = Vec::new();
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) => {
                elements += 1;
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if name == "NameID" {
                    assertion.subject_format = start
                        .try_get_attribute("Format")
                        .ok()
                        .flatten()
                        .and_then(|a| a.unescape_value().ok())
                        .map(|v| v.into_owned());
                }
                open.push(name);
            }
            Ok(Event::Empty(_)) => elements += 1,
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Text(text)) => {
                let value = text
                    .decode()
                    .map(|t| t.trim().to_owned())
                    .unwrap_or_default();
                if value.is_empty() {
                    continue;
                }
                let slot = match open.last().map(String::as_str) {
                    Some("Issuer") => &mut assertion.issuer,
                    Some("NameID") => &mut assertion.subject,
                    Some("Audience") => &mut assertion.audience,
                    _ => continue,
                };
                slot.get_or_insert(value);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => return Err(invalid(&error.to_string())),
        }
    }
    if elements == 0 || !open.is_empty() {
        return Err(invalid("it holds no complete XML document"));
    }
    Ok(assertion)
}

/// `persistent`, `transient`, or the format URI as given.
fn subject_type(format: Option<&str>) -> String {
    match format {
        Some("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent") => "persistent".to_owned(),
        Some("urn:oasis:names:tc:SAML:2.0:nameid-format:transient") | None => {
            "transient".to_owned()
        }
        Some(other) => other.to_owned(),
    }
}

/// Runs `AssumeRoleWithSAML`.
pub fn assume_role_with_saml(
    core: &Core,
    _ctx: &RequestContext,
    input: AssumeRoleWithSAMLRequest,
) -> Result<AssumeRoleWithSAMLResponse, ServiceError> {
    let role = RoleArn::parse(&input.role_arn)?;
    let assertion = read(&input.saml_assertion)?;
    let extras = session_policies::check(input.policy, input.policy_arns, None, None)?;
    let packed_policy_size = extras.packed_policy_size;
    let subject = assertion.subject.unwrap_or_else(|| "saml-user".to_owned());
    let issuer = assertion.issuer.unwrap_or_default();
    let provider = input
        .principal_arn
        .rsplit_once("saml-provider/")
        .map_or("", |(_, name)| name);
    // AWS documents SHA-1 here; the emulator hashes the same text with SHA-256 (docs/services/sts.md).
    let qualifier = Sha256::digest(format!("{issuer}{}/{provider}", role.account_id));
    let duration = input
        .duration_seconds
        .map_or(DEFAULT_ROLE_SECONDS, i64::from);
    let (grant, user) = role_grant(SessionKind::Saml, &role, &subject, duration, extras);
    let credentials = issue(&core.store, core.clock.now(), grant);
    Ok(AssumeRoleWithSAMLResponse {
        credentials: Some(credentials),
        assumed_role_user: Some(user),
        packed_policy_size,
        subject_type: Some(subject_type(assertion.subject_format.as_deref())),
        subject: Some(subject),
        issuer: Some(issuer),
        audience: Some(
            assertion
                .audience
                .unwrap_or_else(|| AWS_AUDIENCE.to_owned()),
        ),
        name_qualifier: Some(base64::engine::general_purpose::STANDARD.encode(&qualifier[..20])),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(xml: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(xml)
    }

    #[test]
    fn reads_subject_issuer_and_audience() {
        let xml = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
  <saml:Issuer>https://idp.example.com</saml:Issuer>
  <saml:Assertion><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice</saml:NameID></saml:Subject>
  <saml:Conditions><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>
  </saml:Assertion></samlp:Response>"#;
        let assertion = read(&encode(xml)).unwrap();
        assert_eq!(assertion.issuer.as_deref(), Some("https://idp.example.com"));
        assert_eq!(assertion.subject.as_deref(), Some("alice"));
        assert_eq!(
            subject_type(assertion.subject_format.as_deref()),
            "persistent"
        );
        assert!(read("!!!").is_err());
        assert!(read(&encode("just text")).is_err());
        assert!(read(&encode("<a><b></a>")).is_err());
    }
}
