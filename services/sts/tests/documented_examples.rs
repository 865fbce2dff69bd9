//! STS answers compared with the examples of AWS's STS API reference (API_GetCallerIdentity,
//! API_AssumeRole): the same documents, byte for byte, once both are put in canonical form.
//!
//! The canonical form drops the whitespace AWS's pages use for layout (indentation between
//! elements, and the line breaks the AssumeRole page wraps its session token with) and lists
//! each element's children by name: the emulator writes members in model order, where AWS's
//! examples show another order (docs/services/sts.md, "Known differences"); XML clients read
//! members by name. Everything else (names, namespace, nesting, text, escaping, the timestamp
//! form) must be identical.

use emulator_core::model::Model;
use emulator_core::protocol::Codec;
use emulator_core::Protocol;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::json;

fn codec() -> Codec {
    Codec::new(
        Model::parse(sts::MODEL_JSON).expect("the vendored model parses"),
        Protocol::AwsQuery,
        sts::VALIDATION_ERRORS,
    )
}

/// One element: its start tag as written, its text, its children.
struct Element {
    start: String,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.start);
        out.push('>');
        out.push_str(&self.text);
        let mut children: Vec<&Element> = self.children.iter().collect();
        children.sort_by(|a, b| a.start.cmp(&b.start));
        for child in children {
            child.write(out);
        }
        let name = self.start.split(' ').next().unwrap_or_default();
        out.push_str(&format!("</{name}>"));
    }
}

/// `xml` in canonical form (see the module comment).
fn canonical(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element {
        start: "document".to_owned(),
        text: String::new(),
        children: Vec::new(),
    }];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(Element {
                start: String::from_utf8(start.to_vec()).unwrap(),
                text: String::new(),
                children: Vec::new(),
            }),
            Event::Empty(start) => stack.last_mut().unwrap().children.push(Element {
                start: String::from_utf8(start.to_vec()).unwrap(),
                text: String::new(),
                children: Vec::new(),
            }),
            Event::Text(text) => {
                // Escaped as written: `&lt;` stays `&lt;`, so escaping is compared too.
                let raw = String::from_utf8(text.to_vec()).unwrap();
                stack
                    .last_mut()
                    .unwrap()
                    .text
                    .extend(raw.chars().filter(|c| !c.is_whitespace()));
            }
            Event::GeneralRef(reference) => {
                let raw = String::from_utf8(reference.to_vec()).unwrap();
                stack.last_mut().unwrap().text.push_str(&format!("&{raw};"));
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = String::new();
    for child in &stack[0].children {
        child.write(&mut out);
    }
    out
}

fn body(response: &emulator_core::protocol::WireResponse) -> String {
    String::from_utf8(response.body.to_vec()).unwrap()
}

/// API_GetCallerIdentity, "Example 1 - Called by an IAM user".
const GET_CALLER_IDENTITY: &str = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
   <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>"#;

/// API_AssumeRole, the example response.
const ASSUME_ROLE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
  <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>
       AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW
       LWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGd
       QrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU
       9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz
       +scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==
      </SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

#[test]
fn get_caller_identity_is_written_as_the_api_reference_shows_it() {
    let codec = codec();
    let operation = codec.model().operation("GetCallerIdentity").unwrap();
    let output = json!({
        "Arn": "arn:aws:iam::123456789012:user/Alice",
        "UserId": "AIDACKCEVSQ6C2EXAMPLE",
        "Account": "123456789012"
    });
    let response = codec
        .encode_for(
            operation,
            emulator_core::dto::Output::Value(output),
            "01234567-89ab-cdef-0123-456789abcdef",
        )
        .unwrap();
    assert_eq!(response.status, 200);
    let written = body(&response);
    assert_eq!(canonical(&written), canonical(GET_CALLER_IDENTITY));
    // Model order, two-space indentation, one closing newline.
    assert_eq!(
        written,
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  \
         <GetCallerIdentityResult>\n    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>\n    \
         <Account>123456789012</Account>\n    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>\n  \
         </GetCallerIdentityResult>\n  <ResponseMetadata>\n    \
         <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n  </ResponseMetadata>\n\
         </GetCallerIdentityResponse>\n"
    );
}

#[test]
fn assume_role_is_written_as_the_api_reference_shows_it() {
    let codec = codec();
    let operation = codec.model().operation("AssumeRole").unwrap();
    let token: String = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW
       LWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGd
       QrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU
       9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz
       +scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
        .split_whitespace()
        .collect();
    // The service hands over timestamps as epoch seconds: 2019-11-09T13:34:41Z.
    let output = json!({
        "Credentials": {
            "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
            "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
            "SessionToken": token,
            "Expiration": 1_573_306_481
        },
        "AssumedRoleUser": {
            "Arn": "arn:aws:sts::123456789012:assumed-role/demo/TestAR",
            "AssumedRoleId": "ARO123EXAMPLE123:TestAR"
        },
        "PackedPolicySize": 6,
        "SourceIdentity": "Alice"
    });
    let response = codec
        .encode_for(
            operation,
            emulator_core::dto::Output::Value(output),
            "c6104cbe-af31-11e0-8154-cbc7ccf896c7",
        )
        .unwrap();
    assert_eq!(canonical(&body(&response)), canonical(ASSUME_ROLE));
}

#[test]
fn errors_are_written_as_the_common_errors_page_shows_them() {
    let codec = codec();
    let error = emulator_core::ServiceError::new(
        "MalformedPolicyDocumentException",
        "The policy is not in the valid JSON format.",
    );
    let response = codec.encode_error_for(&error, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
    assert_eq!(response.status, 400);
    assert_eq!(
        canonical(&body(&response)),
        canonical(
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MalformedPolicyDocument</Code>
    <Message>The policy is not in the valid JSON format.</Message>
  </Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>"#
        )
    );
}
