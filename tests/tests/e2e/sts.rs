//! AWS STS with the real `aws-sdk-sts` client and the Rust SDK's credential chain
//! (`aws_config::sts::AssumeRoleProvider`): caller identity, temporary credentials that act in
//! the role's account (a Backup client signed with them sees that account's vaults), expiry on
//! the gateway clock, strict mode, persistence, unsigned calls and the raw awsQuery wire.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sdk_sts::error::ProvideErrorMetadata;
use aws_sdk_sts::types::{PolicyDescriptorType, Tag};
use base64::Engine;
use integration_tests::{
    admin_request, advance_clock, create_vault, sdk_config, sdk_config_with_secret, start_gateway,
    sts_client, GatewayHandle, ACCOUNT,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ROLE_ACCOUNT: &str = "999988887777";
const ROLE: &str = "arn:aws:iam::999988887777:role/ops/backup-admin";

/// A Backup client signed with temporary credentials.
async fn backup_with(
    gateway: &GatewayHandle,
    creds: &aws_sdk_sts::types::Credentials,
) -> aws_sdk_backup::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(gateway.endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
            None,
            "assumed",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    aws_sdk_backup::Client::new(&config)
}

/// An STS client signed with temporary credentials.
async fn sts_with(
    gateway: &GatewayHandle,
    creds: &aws_sdk_sts::types::Credentials,
) -> aws_sdk_sts::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(gateway.endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
            None,
            "assumed",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    aws_sdk_sts::Client::new(&config)
}

async fn vault_names(client: &aws_sdk_backup::Client) -> Vec<String> {
    client
        .list_backup_vaults()
        .send()
        .await
        .expect("list vaults")
        .backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name().map(str::to_owned))
        .collect()
}

async fn assume(client: &aws_sdk_sts::Client, seconds: i32) -> aws_sdk_sts::types::Credentials {
    client
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("e2e-session")
        .duration_seconds(seconds)
        .send()
        .await
        .expect("assume role")
        .credentials()
        .expect("credentials")
        .clone()
}

/// Status, error code and message of a failed SDK call.
fn failure<T: std::fmt::Debug, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, aws_sdk_sts::error::SdkError<E>>,
) -> (u16, String, String) {
    let err = result.expect_err("the call must fail");
    (
        err.raw_response().expect("a response").status().as_u16(),
        err.code().unwrap_or_default().to_owned(),
        err.message().unwrap_or_default().to_owned(),
    )
}

/// A raw HTTP/1.1 request; answers (status, head, body).
async fn raw(
    gateway: &GatewayHandle,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(gateway.addr())
        .await
        .expect("connect");
    let mut request = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        request.push_str("Host: localhost\r\n");
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const SIGNED: (&str, &str) = (
    "Authorization",
    "AWS4-HMAC-SHA256 Credential=111122223333/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00",
);

fn jwt(claims: &str) -> String {
    let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    format!(
        "{}.{}.signature",
        encode(r#"{"alg":"RS256","typ":"JWT"}"#),
        encode(claims)
    )
}

#[tokio::test]
async fn get_caller_identity_answers_the_account_the_gateway_maps_the_key_to() {
    let gateway = start_gateway(&[]).await;
    let identity = sts_client(&gateway, ACCOUNT)
        .await
        .get_caller_identity()
        .send()
        .await
        .expect("get caller identity");
    assert_eq!(identity.account(), Some(ACCOUNT));
    assert_eq!(identity.arn(), Some("arn:aws:iam::111122223333:root"));
    assert_eq!(identity.user_id(), Some(ACCOUNT));
    let default = sts_client(&gateway, "test")
        .await
        .get_caller_identity()
        .send()
        .await
        .expect("get caller identity");
    assert_eq!(default.account(), Some("000000000000"));
}

#[tokio::test]
async fn assumed_role_credentials_act_in_the_role_account() {
    let gateway = start_gateway(&[]).await;
    let sts = sts_client(&gateway, ACCOUNT).await;
    let before = SystemTime::now();
    let answer = sts
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("nightly@ci")
        .duration_seconds(900)
        .external_id("ext-123")
        .tags(Tag::builder().key("team").value("storage").build().unwrap())
        .transitive_tag_keys("team")
        .policy_arns(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/AWSBackupFullAccess")
                .build(),
        )
        .send()
        .await
        .expect("assume role");
    let user = answer.assumed_role_user().expect("assumed role user");
    assert_eq!(
        user.arn(),
        "arn:aws:sts::999988887777:assumed-role/backup-admin/nightly@ci"
    );
    assert!(user.assumed_role_id().starts_with("AROA"));
    assert!(user.assumed_role_id().ends_with(":nightly@ci"));
    #[allow(deprecated)] // Still in the model and on the wire; the SDK prefers newer members.
    let packed = answer.packed_policy_size();
    assert!(packed.is_some_and(|percent| percent > 0), "{packed:?}");
    let creds = answer.credentials().expect("credentials");
    assert!(creds.access_key_id().starts_with("ASIA"));
    assert_eq!(creds.access_key_id().len(), 20);
    assert_eq!(creds.secret_access_key().len(), 40);
    let expires = SystemTime::try_from(*creds.expiration()).unwrap();
    let lifetime = expires.duration_since(before).unwrap();
    assert!(
        lifetime > Duration::from_secs(890) && lifetime <= Duration::from_secs(901),
        "{lifetime:?}"
    );

    // Backup calls signed with the temporary key create and list vaults in the role's account.
    let assumed = backup_with(&gateway, creds).await;
    let arn = create_vault(&assumed, "cross-account").await;
    assert!(arn.contains(":999988887777:"), "{arn}");
    assert_eq!(vault_names(&assumed).await, vec!["cross-account"]);
    let own = integration_tests::backup_client(&gateway).await;
    assert!(
        vault_names(&own).await.is_empty(),
        "the caller's account sees nothing"
    );

    let me = sts_with(&gateway, creds)
        .await
        .get_caller_identity()
        .send()
        .await
        .expect("identity of the session");
    assert_eq!(me.account(), Some(ROLE_ACCOUNT));
    assert_eq!(me.arn(), Some(user.arn()));
    assert_eq!(me.user_id(), Some(user.assumed_role_id()));

    // What the caller passed is kept with the session.
    let (status, body) = admin_request(&gateway, "GET", "/_floci/sts/sessions", "").await;
    assert_eq!(status, 200, "{body}");
    let sessions: serde_json::Value = serde_json::from_str(&body).unwrap();
    let session = &sessions["sessions"][0];
    assert_eq!(session["externalId"], "ext-123");
    assert_eq!(session["tags"]["team"], "storage");
    assert_eq!(session["roleArn"], ROLE);
    assert!(!body.contains(creds.secret_access_key()));
}

#[tokio::test]
async fn the_sdk_credential_chain_assumes_a_role_and_lists_its_vaults() {
    let gateway = start_gateway(&[]).await;
    let base = sdk_config(&gateway.endpoint(), "us-east-1", ACCOUNT).await;
    // A vault made in the role's account by a client acting there directly.
    create_vault(
        &integration_tests::backup_client_for(&gateway, "us-east-1", ROLE_ACCOUNT).await,
        "role-vault",
    )
    .await;
    let provider = aws_config::sts::AssumeRoleProvider::builder(ROLE)
        .session_name("credential-chain")
        .configure(&base)
        .build()
        .await;
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(gateway.endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(provider)
        .load()
        .await;
    let backup = aws_sdk_backup::Client::new(&config);
    assert_eq!(vault_names(&backup).await, vec!["role-vault"]);
    let identity = aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
        .expect("identity");
    assert_eq!(
        identity.arn(),
        Some("arn:aws:sts::999988887777:assumed-role/backup-admin/credential-chain")
    );
}

#[tokio::test]
async fn expired_credentials_are_refused_with_expired_token() {
    let gateway = start_gateway(&[]).await;
    let creds = assume(&sts_client(&gateway, ACCOUNT).await, 900).await;
    let sts = sts_with(&gateway, &creds).await;
    sts.get_caller_identity().send().await.expect("still valid");
    advance_clock(&gateway, 901).await;
    let (status, code, message) = failure(sts.get_caller_identity().send().await);
    assert_eq!((status, code.as_str()), (403, "ExpiredToken"));
    assert_eq!(
        message,
        "The security token included in the request is expired"
    );
    let err = backup_with(&gateway, &creds)
        .await
        .list_backup_vaults()
        .send()
        .await
        .expect_err("expired");
    assert_eq!(
        aws_sdk_backup::error::ProvideErrorMetadata::code(&err),
        Some("ExpiredTokenException")
    );
}

#[tokio::test]
async fn assume_role_checks_durations_roles_policies_and_chaining() {
    let gateway = start_gateway(&[]).await;
    let sts = sts_client(&gateway, ACCOUNT).await;
    let call = |seconds: i32| {
        sts.assume_role()
            .role_arn(ROLE)
            .role_session_name("s1")
            .duration_seconds(seconds)
            .send()
    };
    let (status, code, message) = failure(call(899).await);
    assert_eq!((status, code.as_str()), (400, "ValidationError"));
    assert_eq!(
        message,
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
    );
    let (_, _, message) = failure(call(43_201).await);
    assert!(
        message.ends_with("Member must have value less than or equal to 43200"),
        "{message}"
    );
    call(43_200).await.expect("twelve hours");

    let (_, code, _) = failure(
        sts.assume_role()
            .role_arn("arn:aws:iam::999988887777:user/alice")
            .role_session_name("s1")
            .send()
            .await,
    );
    assert_eq!(code, "ValidationError");
    let (status, code, _) = failure(
        sts.assume_role()
            .role_arn(ROLE)
            .role_session_name("s1")
            .policy("{not json")
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (400, "MalformedPolicyDocument"));
    let (_, code, message) = failure(
        sts.assume_role()
            .role_arn(ROLE)
            .role_session_name("bad name!")
            .send()
            .await,
    );
    assert_eq!(code, "ValidationError");
    assert!(message.contains("'roleSessionName'"), "{message}");

    // A role session may chain into another role for one hour at most.
    let creds = assume(&sts, 3600).await;
    let chained = sts_with(&gateway, &creds).await;
    let (_, code, message) = failure(
        chained
            .assume_role()
            .role_arn("arn:aws:iam::123412341234:role/next")
            .role_session_name("chain")
            .duration_seconds(7200)
            .send()
            .await,
    );
    assert_eq!(code, "ValidationError");
    assert!(message.contains("role chaining"), "{message}");
    let next = chained
        .assume_role()
        .role_arn("arn:aws:iam::123412341234:role/next")
        .role_session_name("chain")
        .send()
        .await
        .expect("chained for an hour");
    assert!(next
        .assumed_role_user()
        .unwrap()
        .arn()
        .starts_with("arn:aws:sts::123412341234:"));
}

#[tokio::test]
async fn web_identity_and_saml_are_called_unsigned_and_act_in_the_role_account() {
    let gateway = start_gateway(&[]).await;
    let sts = sts_client(&gateway, ACCOUNT).await;
    let token = jwt(
        r#"{"iss":"https://token.actions.example.com","sub":"repo:org/app","aud":"sts.amazonaws.com","exp":4102444800}"#,
    );
    let answer = sts
        .assume_role_with_web_identity()
        .role_arn(ROLE)
        .role_session_name("gha")
        .web_identity_token(&token)
        .send()
        .await
        .expect("web identity");
    assert_eq!(
        answer.subject_from_web_identity_token(),
        Some("repo:org/app")
    );
    assert_eq!(answer.provider(), Some("token.actions.example.com"));
    assert_eq!(answer.audience(), Some("sts.amazonaws.com"));
    let creds = answer.credentials().unwrap();
    let me = sts_with(&gateway, creds)
        .await
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(me.account(), Some(ROLE_ACCOUNT));

    let (status, code, _) = failure(
        sts.assume_role_with_web_identity()
            .role_arn(ROLE)
            .role_session_name("gha")
            .web_identity_token("not-a-jwt")
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (400, "InvalidIdentityToken"));
    let expired = jwt(r#"{"sub":"someone","exp":1000}"#);
    let (_, code, _) = failure(
        sts.assume_role_with_web_identity()
            .role_arn(ROLE)
            .role_session_name("gha")
            .web_identity_token(expired)
            .send()
            .await,
    );
    assert_eq!(code, "ExpiredTokenException");

    let assertion = base64::engine::general_purpose::STANDARD.encode(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Issuer>https://idp.example.com</saml:Issuer><saml:Assertion><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>"#,
    );
    let saml = sts
        .assume_role_with_saml()
        .role_arn(ROLE)
        .principal_arn("arn:aws:iam::999988887777:saml-provider/corp")
        .saml_assertion(assertion)
        .send()
        .await
        .expect("saml");
    assert_eq!(saml.subject(), Some("alice"));
    assert_eq!(saml.subject_type(), Some("persistent"));
    assert_eq!(saml.issuer(), Some("https://idp.example.com"));
    assert_eq!(
        saml.assumed_role_user().unwrap().arn(),
        "arn:aws:sts::999988887777:assumed-role/backup-admin/alice"
    );

    // The same call with no signature at all, found by the Action of its form body.
    let body = format!(
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn={}&RoleSessionName=raw&WebIdentityToken={token}",
        ROLE.replace(':', "%3A").replace('/', "%2F")
    );
    let (status, _, xml) = raw(&gateway, "POST", "/", &[FORM], &body).await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("<AssumeRoleWithWebIdentityResult>"), "{xml}");
}

#[tokio::test]
async fn session_federation_access_key_and_authorization_message_operations() {
    const MAPPED_KEY: &str = "AKIAMAPPEDEXAMPLE01";
    let gateway = start_gateway(&[(
        "FLOCI_AUTH_CREDENTIALS",
        &format!("{MAPPED_KEY}:s:444455556666"),
    )])
    .await;
    let sts = sts_client(&gateway, ACCOUNT).await;
    let session = sts
        .get_session_token()
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let creds = session.credentials().unwrap();
    let as_session = sts_with(&gateway, creds).await;
    let me = as_session.get_caller_identity().send().await.unwrap();
    assert_eq!(me.account(), Some(ACCOUNT));
    assert_eq!(me.arn(), Some("arn:aws:iam::111122223333:root"));
    let (status, code, message) = failure(as_session.get_session_token().send().await);
    assert_eq!((status, code.as_str()), (403, "AccessDenied"));
    assert_eq!(
        message,
        "Cannot call GetSessionToken with session credentials"
    );

    let federated = sts.get_federation_token().name("bob").send().await.unwrap();
    let user = federated.federated_user().unwrap();
    assert_eq!(user.arn(), "arn:aws:sts::111122223333:federated-user/bob");
    assert_eq!(user.federated_user_id(), "111122223333:bob");
    let as_bob = sts_with(&gateway, federated.credentials().unwrap()).await;
    assert_eq!(
        as_bob.get_caller_identity().send().await.unwrap().arn(),
        Some(user.arn())
    );

    let role_creds = assume(&sts, 900).await;
    let info = |key: String| sts.get_access_key_info().access_key_id(key).send();
    assert_eq!(
        info(role_creds.access_key_id().to_owned())
            .await
            .unwrap()
            .account(),
        Some(ROLE_ACCOUNT)
    );
    assert_eq!(
        info("AKIAIOSFODNN7EXAMPLE".to_owned())
            .await
            .unwrap()
            .account(),
        Some("000000000000")
    );
    assert_eq!(
        info(MAPPED_KEY.to_owned()).await.unwrap().account(),
        Some("444455556666")
    );

    let (status, code, _) = failure(
        sts.decode_authorization_message()
            .encoded_message("not-issued-here")
            .send()
            .await,
    );
    assert_eq!(
        (status, code.as_str()),
        (400, "InvalidAuthorizationMessageException")
    );
}

#[tokio::test]
async fn strict_mode_verifies_temporary_credentials_with_their_secret_and_token() {
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let gateway = start_gateway(&[
        ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
        ("FLOCI_AUTH_CREDENTIALS", &format!("{ACCOUNT}:{SECRET}")),
    ])
    .await;
    let config = sdk_config_with_secret(&gateway.endpoint(), "us-east-1", ACCOUNT, SECRET).await;
    let sts = aws_sdk_sts::Client::new(&config);
    let creds = assume(&sts, 900).await;
    let assumed = backup_with(&gateway, &creds).await;
    create_vault(&assumed, "strict-vault").await;
    assert_eq!(vault_names(&assumed).await, vec!["strict-vault"]);

    // The right key and secret with another session token: refused as an unknown token.
    let forged = aws_sdk_sts::types::Credentials::builder()
        .access_key_id(creds.access_key_id())
        .secret_access_key(creds.secret_access_key())
        .session_token("FwoGZXIvYXdzEforged")
        .expiration(*creds.expiration())
        .build()
        .unwrap();
    let (status, code, message) = failure(
        sts_with(&gateway, &forged)
            .await
            .get_caller_identity()
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (403, "InvalidClientTokenId"));
    assert_eq!(
        message,
        "The security token included in the request is invalid."
    );
    // Another secret: the signature does not match.
    let wrong_secret = aws_sdk_sts::types::Credentials::builder()
        .access_key_id(creds.access_key_id())
        .secret_access_key("x".repeat(40))
        .session_token(creds.session_token())
        .expiration(*creds.expiration())
        .build()
        .unwrap();
    let (status, code, _) = failure(
        sts_with(&gateway, &wrong_secret)
            .await
            .get_caller_identity()
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (403, "SignatureDoesNotMatch"));
    // An access key nobody issued.
    let (status, code, _) = failure(
        aws_sdk_sts::Client::new(
            &sdk_config_with_secret(
                &gateway.endpoint(),
                "us-east-1",
                "ASIANOBODYISSUEDTHIS",
                SECRET,
            )
            .await,
        )
        .get_caller_identity()
        .send()
        .await,
    );
    assert_eq!((status, code.as_str()), (403, "InvalidClientTokenId"));

    // Web identity needs no signature, even in strict mode.
    let token = jwt(r#"{"sub":"strict-subject"}"#);
    let body = format!(
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn={}&RoleSessionName=raw&WebIdentityToken={token}",
        ROLE.replace(':', "%3A").replace('/', "%2F")
    );
    let (status, _, xml) = raw(&gateway, "POST", "/", &[FORM], &body).await;
    assert_eq!(status, 200, "{xml}");
    // Other operations do.
    let (status, _, xml) = raw(
        &gateway,
        "POST",
        "/",
        &[FORM, ("Host", "sts.amazonaws.com")],
        "Action=GetCallerIdentity&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 403, "{xml}");
    assert!(
        xml.contains("<Code>MissingAuthenticationToken</Code>"),
        "{xml}"
    );
}

#[tokio::test]
async fn the_wire_is_awsquery_xml_with_the_request_id_in_body_and_header() {
    let gateway = start_gateway(&[]).await;
    let (status, head, xml) = raw(
        &gateway,
        "POST",
        "/",
        &[FORM, SIGNED],
        "Action=GetCallerIdentity&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 200, "{xml}");
    let request_id = head
        .lines()
        .find_map(|l| l.strip_prefix("x-amzn-requestid: "))
        .expect("request id header");
    assert!(head.contains("content-type: text/xml"), "{head}");
    assert_eq!(
        xml,
        format!(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  \
             <GetCallerIdentityResult>\n    <UserId>111122223333</UserId>\n    \
             <Account>111122223333</Account>\n    <Arn>arn:aws:iam::111122223333:root</Arn>\n  \
             </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  \
             </ResponseMetadata>\n</GetCallerIdentityResponse>\n"
        )
    );
    // A GET query string, and routing by host name without a signature.
    let (status, _, xml) = raw(
        &gateway,
        "GET",
        "/?Action=GetCallerIdentity&Version=2011-06-15",
        &[("Host", "sts.us-west-2.amazonaws.com")],
        "",
    )
    .await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("<Account>000000000000</Account>"), "{xml}");
    // Errors: the model's code and status, the request id.
    let (status, _, xml) = raw(&gateway, "POST", "/", &[FORM, SIGNED], "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A999988887777%3Arole%2Fx&RoleSessionName=s1&Policy=%7Bnope").await;
    assert_eq!(status, 400);
    assert!(xml.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>MalformedPolicyDocument</Code>"), "{xml}");
    let (status, _, xml) = raw(
        &gateway,
        "POST",
        "/",
        &[FORM, SIGNED],
        "Action=Frobnicate&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 400);
    assert!(xml.contains("<Code>InvalidAction</Code>"), "{xml}");
    // A modelled operation without a handler: 501, as every service answers.
    let (status, _, xml) = raw(
        &gateway,
        "POST",
        "/",
        &[FORM, SIGNED],
        "Action=GetScopedCredentials&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 501, "{xml}");
    assert!(
        xml.contains("<Code>NotImplemented</Code>") && xml.contains("<Type>Receiver</Type>"),
        "{xml}"
    );
}

#[tokio::test]
async fn sts_can_be_disabled_and_reset_forgets_issued_credentials() {
    let disabled = start_gateway(&[("FLOCI_SERVICES_STS_ENABLED", "false")]).await;
    let (status, _, body) = raw(
        &disabled,
        "POST",
        "/",
        &[FORM, SIGNED],
        "Action=GetCallerIdentity&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 501, "{body}");
    assert!(body.contains("ServiceDisabled"), "{body}");

    let gateway = start_gateway(&[]).await;
    let creds = assume(&sts_client(&gateway, ACCOUNT).await, 900).await;
    let (status, _) = admin_request(&gateway, "POST", "/_floci/reset", "").await;
    assert_eq!(status, 200);
    // Unknown again, the key is just a name: the default account, as any other key.
    let me = sts_with(&gateway, &creds)
        .await
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(me.account(), Some("000000000000"));
}

#[tokio::test]
async fn issued_credentials_survive_a_restart_and_expire_on_the_restored_clock() {
    let dir = tempfile::tempdir().unwrap();
    let gateway = crate::persistence::gateway_in(dir.path(), "persistent").await;
    let creds = assume(&sts_client(&gateway, ACCOUNT).await, 900).await;
    gateway.shutdown().await;

    let gateway = crate::persistence::gateway_in(dir.path(), "persistent").await;
    let me = sts_with(&gateway, &creds)
        .await
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(me.account(), Some(ROLE_ACCOUNT));
    advance_clock(&gateway, 901).await;
    let (_, code, _) = failure(
        sts_with(&gateway, &creds)
            .await
            .get_caller_identity()
            .send()
            .await,
    );
    assert_eq!(code, "ExpiredToken");
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_profile_with_role_arn_and_source_profile_works_in_the_sdk_credential_chain() {
    use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
    let gateway = start_gateway(&[]).await;
    create_vault(
        &integration_tests::backup_client_for(&gateway, "us-east-1", ROLE_ACCOUNT).await,
        "profile-vault",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    let endpoint = gateway.endpoint();
    std::fs::write(
        &config,
        format!(
            "[profile base]\nregion = us-east-1\nendpoint_url = {endpoint}\n\n\
             [profile backup-admin]\nrole_arn = {ROLE}\nsource_profile = base\n\
             role_session_name = sdk-profile\nregion = us-east-1\nendpoint_url = {endpoint}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        &credentials,
        format!("[base]\naws_access_key_id = {ACCOUNT}\naws_secret_access_key = secret\n"),
    )
    .unwrap();
    let files = EnvConfigFiles::builder()
        .with_file(EnvConfigFileKind::Config, &config)
        .with_file(EnvConfigFileKind::Credentials, &credentials)
        .build();
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .profile_files(files)
        .profile_name("backup-admin")
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    let identity = aws_sdk_sts::Client::new(&sdk)
        .get_caller_identity()
        .send()
        .await
        .expect("identity through the profile chain");
    assert_eq!(
        identity.arn(),
        Some("arn:aws:sts::999988887777:assumed-role/backup-admin/sdk-profile")
    );
    assert_eq!(
        vault_names(&aws_sdk_backup::Client::new(&sdk)).await,
        vec!["profile-vault"]
    );
}
