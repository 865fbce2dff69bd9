//! AWS OpsWorks CM as a user's SDK sees it: every operation and every documented error, with
//! the real `aws-sdk-opsworkscm` client against a gateway on an ephemeral port. Time moves with
//! the gateway's clock (`POST /_floci/clock`) or not at all (delays of 0); nothing sleeps.

use std::fmt::Debug;

use aws_sdk_opsworkscm::error::ProvideErrorMetadata;
use aws_sdk_opsworkscm::operation::create_server::builders::CreateServerFluentBuilder;
use aws_sdk_opsworkscm::operation::describe_node_association_status::DescribeNodeAssociationStatusOutput;
use aws_sdk_opsworkscm::types::{
    BackupStatus, BackupType, EngineAttribute, MaintenanceStatus, NodeAssociationStatus, Server,
    ServerStatus, Tag,
};
use aws_sdk_opsworkscm::Client;
use base64::Engine as _;
use integration_tests::{
    advance_clock, opsworkscm_client, opsworkscm_client_for, start_gateway, ACCOUNT,
};

/// Every step completes inside the call that starts it.
const INSTANT: &[(&str, &str)] = &[
    (
        "FLOCI_SERVICES_OPSWORKSCM_SERVER_CREATION_DELAY_SECONDS",
        "0",
    ),
    (
        "FLOCI_SERVICES_OPSWORKSCM_BACKUP_COMPLETION_DELAY_SECONDS",
        "0",
    ),
    ("FLOCI_SERVICES_OPSWORKSCM_OPERATION_DELAY_SECONDS", "0"),
];
const PROFILE: &str = "arn:aws:iam::111122223333:instance-profile/aws-opsworks-cm-ec2-role";
const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/aws-opsworks-cm-service-role";
/// The default delay of every step, in seconds.
const DELAY: u64 = 3;
const DAY: u64 = 86_400;

fn create(client: &Client, name: &str, engine: &str) -> CreateServerFluentBuilder {
    client
        .create_server()
        .server_name(name)
        .engine(engine)
        .instance_profile_arn(PROFILE)
        .instance_type("m5.large")
        .service_role_arn(ROLE)
}

async fn chef(client: &Client, name: &str) -> Server {
    create(client, name, "ChefAutomate")
        .send()
        .await
        .expect("CreateServer")
        .server
        .expect("a server")
}

async fn status(client: &Client, name: &str) -> ServerStatus {
    let servers = client
        .describe_servers()
        .server_name(name)
        .send()
        .await
        .expect("DescribeServers");
    servers.servers()[0].status().expect("a status").clone()
}

/// The exception a failed call names.
fn code<T: Debug, E: ProvideErrorMetadata + Debug>(result: Result<T, E>) -> String {
    result
        .expect_err("the call should fail")
        .code()
        .unwrap_or_default()
        .to_owned()
}

fn attribute(name: &str, value: &str) -> EngineAttribute {
    EngineAttribute::builder().name(name).value(value).build()
}

fn value_of<'a>(attributes: &'a [EngineAttribute], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|attribute| attribute.name() == Some(name))
        .and_then(EngineAttribute::value)
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().expect("a tag")
}

/// DescribeNodeAssociationStatus of a token the server returned.
async fn association_status(
    client: &Client,
    server: &str,
    token: &str,
) -> DescribeNodeAssociationStatusOutput {
    client
        .describe_node_association_status()
        .server_name(server)
        .node_association_status_token(token)
        .send()
        .await
        .expect("DescribeNodeAssociationStatus")
}

/// Disassociates `node` from Chef server `server`; answers the request's status.
async fn disassociate(client: &Client, server: &str, node: &str) -> Option<NodeAssociationStatus> {
    let token = client
        .disassociate_node()
        .server_name(server)
        .node_name(node)
        .engine_attributes(attribute("CHEF_ORGANIZATION", "default"))
        .send()
        .await
        .expect("DisassociateNode")
        .node_association_status_token
        .expect("a token");
    association_status(client, server, &token)
        .await
        .node_association_status()
        .cloned()
}

#[tokio::test]
async fn a_server_is_created_described_updated_and_deleted() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    let server = chef(&client, "chef-1").await;
    assert_eq!(server.status(), Some(&ServerStatus::Healthy));
    let arn = server.server_arn().unwrap();
    assert!(
        arn.starts_with(&format!(
            "arn:aws:opsworks-cm:us-east-1:{ACCOUNT}:server/chef-1/"
        )),
        "{arn}"
    );
    assert_eq!(arn.rsplit('/').next().unwrap().len(), 36, "a uuid: {arn}");
    assert_eq!(server.engine(), Some("ChefAutomate"));
    assert_eq!(server.engine_model(), Some("Single"));
    assert_eq!(server.engine_version(), Some("2"));
    assert_eq!(server.backup_retention_count(), Some(1));
    assert_eq!(server.disable_automated_backup(), Some(false));
    assert_eq!(server.associate_public_ip_address(), Some(true));
    assert!(server
        .endpoint()
        .unwrap()
        .ends_with(".us-east-1.opsworks-cm.io"));
    assert!(server.created_at().is_some());
    assert_eq!(
        server.security_group_ids().len(),
        1,
        "a security group is created"
    );
    let backup_window = server.preferred_backup_window().unwrap();
    assert!(
        backup_window.len() == 5 && backup_window.ends_with(":00"),
        "{backup_window}"
    );
    let maintenance_window = server.preferred_maintenance_window().unwrap();
    assert!(
        ["Tue:", "Wed:", "Fri:"].contains(&&maintenance_window[..4]),
        "{maintenance_window}"
    );
    // The credentials come back once, from CreateServer.
    let credentials = server.engine_attributes();
    let key = value_of(credentials, "CHEF_AUTOMATE_PIVOTAL_KEY").unwrap();
    assert!(key.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let password = value_of(credentials, "CHEF_AUTOMATE_ADMIN_PASSWORD").unwrap();
    assert!((8..=32).contains(&password.len()));
    let kit = value_of(credentials, "CHEF_STARTER_KIT").unwrap();
    let zip = base64::engine::general_purpose::STANDARD
        .decode(kit)
        .unwrap();
    assert_eq!(&zip[..4], b"PK\x03\x04");

    let described = client.describe_servers().send().await.unwrap();
    assert_eq!(described.servers().len(), 1);
    let listed = &described.servers()[0];
    assert_eq!(listed.server_arn(), Some(arn));
    assert!(
        listed.engine_attributes().is_empty(),
        "credentials are not stored"
    );

    let updated = client
        .update_server()
        .server_name("chef-1")
        .backup_retention_count(5)
        .preferred_backup_window("Sun:02:00")
        .preferred_maintenance_window("Mon:08:00")
        .disable_automated_backup(true)
        .send()
        .await
        .unwrap()
        .server
        .unwrap();
    assert_eq!(updated.backup_retention_count(), Some(5));
    assert_eq!(updated.preferred_backup_window(), Some("Sun:02:00"));
    assert_eq!(updated.preferred_maintenance_window(), Some("Mon:08:00"));
    assert_eq!(updated.disable_automated_backup(), Some(true));

    client
        .delete_server()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    let gone = client.describe_servers().server_name("chef-1").send().await;
    assert_eq!(code(gone), "ResourceNotFoundException");
    let again = client.delete_server().server_name("chef-1").send().await;
    assert_eq!(code(again), "ResourceNotFoundException");
}

#[tokio::test]
async fn puppet_servers_return_their_own_attributes() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    let server = create(&client, "puppet-1", "Puppet")
        .engine_version("2017")
        .send()
        .await
        .unwrap()
        .server
        .unwrap();
    assert_eq!(server.engine_model(), Some("Monolithic"));
    assert_eq!(server.engine_version(), Some("2017"));
    let attributes = server.engine_attributes();
    assert!(value_of(attributes, "PUPPET_ADMIN_PASSWORD").is_some());
    assert!(value_of(attributes, "PUPPET_STARTER_KIT").is_some());
    let listed = client
        .describe_servers()
        .server_name("puppet-1")
        .send()
        .await
        .unwrap();
    let described = listed.servers()[0].engine_attributes();
    assert!(value_of(described, "PUPPET_API_CA_CERT")
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(value_of(described, "PUPPET_API_CRL").is_some());
    assert!(value_of(described, "PUPPET_ADMIN_PASSWORD").is_none());
}

#[tokio::test]
async fn create_server_refuses_what_aws_refuses() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    let duplicate = create(&client, "chef-1", "ChefAutomate").send().await;
    assert_eq!(code(duplicate), "ResourceAlreadyExistsException");
    let cases: Vec<(&str, CreateServerFluentBuilder)> = vec![
        ("engine", create(&client, "a", "Chef")),
        (
            "engine version",
            create(&client, "b", "ChefAutomate").engine_version("12"),
        ),
        (
            "engine model",
            create(&client, "c", "Puppet").engine_model("Single"),
        ),
        (
            "server name pattern",
            create(&client, "1-starts-with-a-digit", "Puppet"),
        ),
        (
            "window minutes",
            create(&client, "d", "Puppet").preferred_backup_window("08:30"),
        ),
        (
            "window pattern",
            create(&client, "e", "Puppet").preferred_maintenance_window("Thr:08:00"),
        ),
        (
            "custom domain alone",
            create(&client, "f", "ChefAutomate").custom_domain("chef.example.com"),
        ),
        (
            "admin password",
            create(&client, "g", "ChefAutomate")
                .engine_attributes(attribute("CHEF_AUTOMATE_ADMIN_PASSWORD", "password")),
        ),
        (
            "unknown attribute",
            create(&client, "h", "ChefAutomate").engine_attributes(attribute("FOO", "bar")),
        ),
        (
            "retention count",
            create(&client, "i", "ChefAutomate").backup_retention_count(0),
        ),
        (
            "tag key",
            create(&client, "j", "ChefAutomate").tags(tag(&"k".repeat(128), "v")),
        ),
        (
            "instance profile",
            create(&client, "k", "ChefAutomate").instance_profile_arn("nope"),
        ),
    ];
    for (what, request) in cases {
        assert_eq!(code(request.send().await), "ValidationException", "{what}");
    }
    let from_nothing = create(&client, "l", "ChefAutomate")
        .backup_id("chef-1-20240101000000000")
        .send()
        .await;
    assert_eq!(code(from_nothing), "ResourceNotFoundException");
    for index in 2..=10 {
        chef(&client, &format!("chef-{index}")).await;
    }
    let eleventh = create(&client, "chef-11", "ChefAutomate").send().await;
    assert_eq!(code(eleventh), "LimitExceededException");
    let servers = client.describe_servers().send().await.unwrap();
    assert_eq!(servers.servers().len(), 10, "failed calls created nothing");
}

#[tokio::test]
async fn a_server_moves_through_its_states_as_the_clock_moves() {
    let gateway = start_gateway(&[]).await;
    let client = opsworkscm_client(&gateway).await;
    assert_eq!(
        chef(&client, "chef-1").await.status(),
        Some(&ServerStatus::Creating)
    );
    let early = client.create_backup().server_name("chef-1").send().await;
    assert_eq!(code(early), "InvalidStateException");
    let early_export = client
        .export_server_engine_attribute()
        .server_name("chef-1")
        .export_attribute_name("Userdata")
        .send()
        .await;
    assert_eq!(code(early_export), "InvalidStateException");
    advance_clock(&gateway, DELAY).await;
    assert_eq!(status(&client, "chef-1").await, ServerStatus::Healthy);

    let backup = client
        .create_backup()
        .server_name("chef-1")
        .send()
        .await
        .unwrap()
        .backup
        .unwrap();
    assert_eq!(backup.status(), Some(&BackupStatus::InProgress));
    assert_eq!(status(&client, "chef-1").await, ServerStatus::BackingUp);
    let second = client.create_backup().server_name("chef-1").send().await;
    assert_eq!(code(second), "InvalidStateException");
    let change = client
        .update_server()
        .server_name("chef-1")
        .backup_retention_count(3)
        .send()
        .await;
    assert_eq!(code(change), "InvalidStateException");
    let early_delete = client
        .delete_backup()
        .backup_id(backup.backup_id().unwrap())
        .send()
        .await;
    assert_eq!(code(early_delete), "InvalidStateException");
    advance_clock(&gateway, DELAY).await;
    assert_eq!(status(&client, "chef-1").await, ServerStatus::Healthy);
    let done = client
        .describe_backups()
        .backup_id(backup.backup_id().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(done.backups()[0].status(), Some(&BackupStatus::Ok));

    let maintenance = client
        .start_maintenance()
        .server_name("chef-1")
        .send()
        .await
        .unwrap()
        .server
        .unwrap();
    assert_eq!(maintenance.status(), Some(&ServerStatus::UnderMaintenance));
    let busy = client
        .start_maintenance()
        .server_name("chef-1")
        .send()
        .await;
    assert_eq!(code(busy), "InvalidStateException");
    advance_clock(&gateway, DELAY).await;
    let after = client
        .describe_servers()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    assert_eq!(after.servers()[0].status(), Some(&ServerStatus::Healthy));
    assert_eq!(
        after.servers()[0].maintenance_status(),
        Some(&MaintenanceStatus::Success)
    );

    let modifying = client
        .update_server_engine_attributes()
        .server_name("chef-1")
        .attribute_name("CHEF_PIVOTAL_KEY")
        .send()
        .await
        .unwrap()
        .server
        .unwrap();
    assert_eq!(modifying.status(), Some(&ServerStatus::Modifying));
    assert!(value_of(modifying.engine_attributes(), "CHEF_PIVOTAL_KEY").is_some());
    let twice = client
        .update_server_engine_attributes()
        .server_name("chef-1")
        .attribute_name("CHEF_PIVOTAL_KEY")
        .attribute_value("a-public-key")
        .send()
        .await;
    assert_eq!(code(twice), "InvalidStateException");
    advance_clock(&gateway, DELAY).await;

    let restoring = client
        .restore_server()
        .server_name("chef-1")
        .backup_id(backup.backup_id().unwrap())
        .instance_type("r5.xlarge")
        .send()
        .await
        .unwrap()
        .server
        .unwrap();
    assert_eq!(restoring.status(), Some(&ServerStatus::Restoring));
    assert_eq!(restoring.instance_type(), Some("r5.xlarge"));
    let busy_restore = client
        .restore_server()
        .server_name("chef-1")
        .backup_id(backup.backup_id().unwrap())
        .send()
        .await;
    assert_eq!(code(busy_restore), "InvalidStateException");
    advance_clock(&gateway, DELAY).await;
    assert_eq!(status(&client, "chef-1").await, ServerStatus::Healthy);

    client
        .delete_server()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    assert_eq!(status(&client, "chef-1").await, ServerStatus::Deleting);
    let twice = client.delete_server().server_name("chef-1").send().await;
    assert_eq!(code(twice), "InvalidStateException");
    let tag_deleting = client
        .tag_resource()
        .resource_arn(restoring.server_arn().unwrap())
        .tags(tag("k", "v"))
        .send()
        .await;
    assert_eq!(code(tag_deleting), "InvalidStateException");
    advance_clock(&gateway, DELAY).await;
    let gone = client.describe_servers().server_name("chef-1").send().await;
    assert_eq!(code(gone), "ResourceNotFoundException");
    let kept = client.describe_backups().send().await.unwrap();
    assert_eq!(
        kept.backups().len(),
        1,
        "the manual backup outlives its server"
    );
}

#[tokio::test]
async fn manual_backups_are_described_paged_limited_and_deleted() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    let backup = client
        .create_backup()
        .server_name("chef-1")
        .description("before the upgrade")
        .tags(tag("stage", "prod"))
        .send()
        .await
        .unwrap()
        .backup
        .unwrap();
    let id = backup.backup_id().unwrap();
    let stamp = id.strip_prefix("chef-1-").expect("ServerName-timestamp");
    assert!(
        stamp.len() == 17 && stamp.chars().all(|c| c.is_ascii_digit()),
        "{id}"
    );
    assert_eq!(
        backup.backup_arn(),
        Some(format!("arn:aws:opsworks-cm:us-east-1:{ACCOUNT}:backup/{id}").as_str())
    );
    assert_eq!(backup.backup_type(), Some(&BackupType::Manual));
    assert_eq!(backup.status(), Some(&BackupStatus::Ok));
    assert_eq!(backup.description(), Some("before the upgrade"));
    assert_eq!(backup.engine(), Some("ChefAutomate"));
    assert_eq!(backup.instance_type(), Some("m5.large"));
    assert_eq!(backup.service_role_arn(), Some(ROLE));
    assert!(backup.user_arn().is_some());
    for _ in 0..2 {
        client
            .create_backup()
            .server_name("chef-1")
            .send()
            .await
            .unwrap();
    }

    let all = client.describe_backups().send().await.unwrap();
    assert_eq!(all.backups().len(), 3);
    let created: Vec<f64> = all
        .backups()
        .iter()
        .map(|b| b.created_at().unwrap().as_secs_f64())
        .collect();
    assert!(
        created.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );
    let first = client
        .describe_backups()
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.backups().len(), 2);
    let rest = client
        .describe_backups()
        .max_results(2)
        .next_token(first.next_token().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.backups().len(), 1);
    assert!(rest.next_token().is_none());
    let mut paged = Vec::new();
    let mut pages = client
        .describe_backups()
        .max_results(1)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        paged.extend(
            page.unwrap()
                .backups()
                .iter()
                .map(|b| b.backup_id().unwrap().to_owned()),
        );
    }
    assert_eq!(paged.len(), 3);
    let bad_token = client.describe_backups().next_token("garbage").send().await;
    assert_eq!(code(bad_token), "InvalidNextTokenException");
    let by_server = client
        .describe_backups()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    assert_eq!(by_server.backups().len(), 3);
    let one = client
        .describe_backups()
        .backup_id(id)
        .send()
        .await
        .unwrap();
    assert_eq!(one.backups().len(), 1);
    let unknown = client.describe_backups().backup_id("chef-1-1").send().await;
    assert_eq!(code(unknown), "ResourceNotFoundException");
    let unknown_server = client.describe_backups().server_name("nobody").send().await;
    assert_eq!(code(unknown_server), "ResourceNotFoundException");
    let no_server = client.create_backup().server_name("nobody").send().await;
    assert_eq!(code(no_server), "ResourceNotFoundException");
    let bad_tag = client
        .create_backup()
        .server_name("chef-1")
        .tags(tag("k", "no*stars"))
        .send()
        .await;
    assert_eq!(code(bad_tag), "ValidationException");

    client.delete_backup().backup_id(id).send().await.unwrap();
    let deleted = client.describe_backups().backup_id(id).send().await;
    assert_eq!(code(deleted), "ResourceNotFoundException");
    let twice = client.delete_backup().backup_id(id).send().await;
    assert_eq!(code(twice), "ResourceNotFoundException");
}

#[tokio::test]
async fn the_fifty_first_manual_backup_is_refused_and_attributes_count_usage() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    for _ in 0..50 {
        client
            .create_backup()
            .server_name("chef-1")
            .send()
            .await
            .unwrap();
    }
    let over = client.create_backup().server_name("chef-1").send().await;
    assert_eq!(code(over), "LimitExceededException");
    let attributes = client.describe_account_attributes().send().await.unwrap();
    let find = |name: &str| {
        attributes
            .attributes()
            .iter()
            .find(|a| a.name() == Some(name))
            .map(|a| (a.maximum(), a.used()))
    };
    assert_eq!(find("ServerLimit"), Some((Some(10), Some(1))));
    assert_eq!(find("ManualBackupLimit"), Some((Some(50), Some(50))));
}

#[tokio::test]
async fn automated_backups_run_in_the_backup_window_and_go_with_their_server() {
    let gateway = start_gateway(&[]).await;
    let client = opsworkscm_client(&gateway).await;
    create(&client, "chef-1", "ChefAutomate")
        .preferred_backup_window("00:00")
        .backup_retention_count(2)
        .send()
        .await
        .unwrap();
    advance_clock(&gateway, 3 * DAY).await;
    let backups = client
        .describe_backups()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    assert_eq!(backups.backups().len(), 2, "three windows, two kept");
    for backup in backups.backups() {
        assert_eq!(backup.backup_type(), Some(&BackupType::Automated));
        assert_eq!(backup.status(), Some(&BackupStatus::Ok));
        assert!(backup.backup_id().unwrap().ends_with("000000000"));
    }
    client
        .delete_server()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    advance_clock(&gateway, DELAY).await;
    let left = client.describe_backups().send().await.unwrap();
    assert!(
        left.backups().is_empty(),
        "automated backups go with their server"
    );
}

#[tokio::test]
async fn restore_server_checks_the_server_and_the_backup() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    create(&client, "puppet-1", "Puppet").send().await.unwrap();
    let chef_backup = client
        .create_backup()
        .server_name("chef-1")
        .send()
        .await
        .unwrap()
        .backup
        .unwrap();
    let puppet_backup = client
        .create_backup()
        .server_name("puppet-1")
        .send()
        .await
        .unwrap()
        .backup
        .unwrap();
    let restored = client
        .restore_server()
        .server_name("chef-1")
        .backup_id(chef_backup.backup_id().unwrap())
        .key_pair("my-key")
        .send()
        .await
        .unwrap()
        .server
        .unwrap();
    assert_eq!(restored.status(), Some(&ServerStatus::Healthy));
    assert_eq!(restored.key_pair(), Some("my-key"));
    let wrong_engine = client
        .restore_server()
        .server_name("chef-1")
        .backup_id(puppet_backup.backup_id().unwrap())
        .send()
        .await;
    assert_eq!(code(wrong_engine), "ValidationException");
    let no_backup = client
        .restore_server()
        .server_name("chef-1")
        .backup_id("chef-1-20240101000000000")
        .send()
        .await;
    assert_eq!(code(no_backup), "ResourceNotFoundException");
    let no_server = client
        .restore_server()
        .server_name("nobody")
        .backup_id(chef_backup.backup_id().unwrap())
        .send()
        .await;
    assert_eq!(code(no_server), "ResourceNotFoundException");
    let from_backup = create(&client, "chef-2", "ChefAutomate")
        .backup_id(chef_backup.backup_id().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        from_backup.server().unwrap().status(),
        Some(&ServerStatus::Healthy)
    );
    let other_engine = create(&client, "chef-3", "ChefAutomate")
        .backup_id(puppet_backup.backup_id().unwrap())
        .send()
        .await;
    assert_eq!(code(other_engine), "ValidationException");
}

#[tokio::test]
async fn maintenance_and_engine_attribute_errors() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    create(&client, "puppet-1", "Puppet").send().await.unwrap();
    let upgrade = client
        .start_maintenance()
        .server_name("chef-1")
        .engine_attributes(attribute("CHEF_MAJOR_UPGRADE", "true"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        upgrade.server().unwrap().maintenance_status(),
        Some(&MaintenanceStatus::Success)
    );
    let puppet_upgrade = client
        .start_maintenance()
        .server_name("puppet-1")
        .engine_attributes(attribute("CHEF_MAJOR_UPGRADE", "true"))
        .send()
        .await;
    assert_eq!(code(puppet_upgrade), "ValidationException");
    let nobody = client
        .start_maintenance()
        .server_name("nobody")
        .send()
        .await;
    assert_eq!(code(nobody), "ResourceNotFoundException");

    let wrong_name = client
        .update_server_engine_attributes()
        .server_name("chef-1")
        .attribute_name("PUPPET_ADMIN_PASSWORD")
        .attribute_value("Secret123!")
        .send()
        .await;
    assert_eq!(code(wrong_name), "ValidationException");
    let short = client
        .update_server_engine_attributes()
        .server_name("puppet-1")
        .attribute_name("PUPPET_ADMIN_PASSWORD")
        .attribute_value("short")
        .send()
        .await;
    assert_eq!(code(short), "ValidationException");
    let set = client
        .update_server_engine_attributes()
        .server_name("puppet-1")
        .attribute_name("PUPPET_ADMIN_PASSWORD")
        .attribute_value("Longer-Secret-1")
        .send()
        .await
        .unwrap();
    let server = set.server().unwrap();
    assert_eq!(server.status(), Some(&ServerStatus::Healthy));
    assert!(value_of(server.engine_attributes(), "PUPPET_ADMIN_PASSWORD").is_none());
    let nobody = client
        .update_server_engine_attributes()
        .server_name("nobody")
        .attribute_name("CHEF_PIVOTAL_KEY")
        .send()
        .await;
    assert_eq!(code(nobody), "ResourceNotFoundException");

    let exported = client
        .export_server_engine_attribute()
        .server_name("chef-1")
        .export_attribute_name("Userdata")
        .input_attributes(attribute("RunList", "role[webserver]"))
        .input_attributes(attribute("NodeEnvironment", "staging"))
        .send()
        .await
        .unwrap();
    assert_eq!(exported.server_name(), Some("chef-1"));
    let userdata = exported.engine_attribute().unwrap();
    assert_eq!(userdata.name(), Some("Userdata"));
    let script = base64::engine::general_purpose::STANDARD
        .decode(userdata.value().unwrap())
        .unwrap();
    let script = String::from_utf8(script).unwrap();
    assert!(script.starts_with("#!/bin/bash"));
    assert!(script.contains("role[webserver]") && script.contains("staging"));
    for (name, attributes) in [
        ("Userdata2", vec![]),
        ("Userdata", vec![attribute("Colour", "blue")]),
        ("Userdata", vec![attribute("NodeClientVersion", "13.8")]),
    ] {
        let refused = client
            .export_server_engine_attribute()
            .server_name("chef-1")
            .export_attribute_name(name)
            .set_input_attributes(Some(attributes))
            .send()
            .await;
        assert_eq!(code(refused), "ValidationException", "{name}");
    }
    let nobody = client
        .export_server_engine_attribute()
        .server_name("nobody")
        .export_attribute_name("Userdata")
        .send()
        .await;
    assert_eq!(code(nobody), "ResourceNotFoundException");
}

#[tokio::test]
async fn nodes_associate_and_disassociate_with_status_tokens() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    let token = client
        .associate_node()
        .server_name("chef-1")
        .node_name("web-01.example.com")
        .engine_attributes(attribute("CHEF_ORGANIZATION", "default"))
        .engine_attributes(attribute(
            "CHEF_NODE_PUBLIC_KEY",
            "-----BEGIN PUBLIC KEY-----",
        ))
        .send()
        .await
        .unwrap()
        .node_association_status_token
        .unwrap();
    let associated = association_status(&client, "chef-1", &token).await;
    assert_eq!(
        associated.node_association_status(),
        Some(&NodeAssociationStatus::Success)
    );
    let missing_key = client
        .associate_node()
        .server_name("chef-1")
        .node_name("web-02")
        .engine_attributes(attribute("CHEF_ORGANIZATION", "default"))
        .send()
        .await;
    assert_eq!(code(missing_key), "ValidationException");
    let bad_name = client
        .associate_node()
        .server_name("chef-1")
        .node_name("web 02!")
        .engine_attributes(attribute("CHEF_ORGANIZATION", "default"))
        .engine_attributes(attribute("CHEF_NODE_PUBLIC_KEY", "key"))
        .send()
        .await;
    assert_eq!(code(bad_name), "ValidationException", "NodeName's pattern");
    let nobody = client
        .associate_node()
        .server_name("nobody")
        .node_name("web-02")
        .engine_attributes(attribute("CHEF_ORGANIZATION", "default"))
        .send()
        .await;
    assert_eq!(code(nobody), "ResourceNotFoundException");

    assert_eq!(
        disassociate(&client, "chef-1", "web-01.example.com").await,
        Some(NodeAssociationStatus::Success)
    );
    assert_eq!(
        disassociate(&client, "chef-1", "never-associated").await,
        Some(NodeAssociationStatus::Failed)
    );
    let no_org = client
        .disassociate_node()
        .server_name("chef-1")
        .node_name("web-01")
        .send()
        .await;
    assert_eq!(code(no_org), "ValidationException");
    let unknown = client
        .describe_node_association_status()
        .server_name("chef-1")
        .node_association_status_token("not-a-token")
        .send()
        .await;
    assert_eq!(code(unknown), "ResourceNotFoundException");
    let nobody = client
        .describe_node_association_status()
        .server_name("nobody")
        .node_association_status_token("not-a-token")
        .send()
        .await;
    assert_eq!(code(nobody), "ResourceNotFoundException");

    create(&client, "puppet-1", "Puppet").send().await.unwrap();
    let token = client
        .associate_node()
        .server_name("puppet-1")
        .node_name("agent-1")
        .engine_attributes(attribute(
            "PUPPET_NODE_CSR",
            "-----BEGIN CERTIFICATE REQUEST-----",
        ))
        .send()
        .await
        .unwrap()
        .node_association_status_token
        .unwrap();
    let signed = association_status(&client, "puppet-1", &token).await;
    assert!(value_of(signed.engine_attributes(), "PUPPET_NODE_CERT").is_some());
}

#[tokio::test]
async fn nodes_need_a_healthy_server() {
    let gateway = start_gateway(&[]).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    let creating = client
        .associate_node()
        .server_name("chef-1")
        .node_name("web-01")
        .engine_attributes(attribute("CHEF_ORGANIZATION", "default"))
        .engine_attributes(attribute("CHEF_NODE_PUBLIC_KEY", "key"))
        .send()
        .await;
    assert_eq!(code(creating), "InvalidStateException");
    let creating = client
        .disassociate_node()
        .server_name("chef-1")
        .node_name("web-01")
        .engine_attributes(attribute("CHEF_ORGANIZATION", "default"))
        .send()
        .await;
    assert_eq!(code(creating), "InvalidStateException");
    let creating = client
        .update_server_engine_attributes()
        .server_name("chef-1")
        .attribute_name("CHEF_PIVOTAL_KEY")
        .send()
        .await;
    assert_eq!(code(creating), "InvalidStateException");
}

#[tokio::test]
async fn events_record_what_happened_newest_first() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    chef(&client, "chef-1").await;
    client
        .create_backup()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    let events = client
        .describe_events()
        .server_name("chef-1")
        .send()
        .await
        .unwrap();
    let messages: Vec<&str> = events
        .server_events()
        .iter()
        .map(|event| event.message().unwrap())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].contains("completed"), "{messages:?}");
    assert!(messages[3].contains("creation started"), "{messages:?}");
    assert!(events
        .server_events()
        .iter()
        .all(|event| event.server_name() == Some("chef-1") && event.created_at().is_some()));
    let first = client
        .describe_events()
        .server_name("chef-1")
        .max_results(3)
        .send()
        .await
        .unwrap();
    assert_eq!(first.server_events().len(), 3);
    let rest = client
        .describe_events()
        .server_name("chef-1")
        .max_results(3)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.server_events().len(), 1);
    assert_eq!(rest.server_events()[0].message(), Some(messages[3]));
    let bad = client
        .describe_events()
        .server_name("chef-1")
        .next_token("garbage")
        .send()
        .await;
    assert_eq!(code(bad), "InvalidNextTokenException");
    let nobody = client.describe_events().server_name("nobody").send().await;
    assert_eq!(code(nobody), "ResourceNotFoundException");
}

#[tokio::test]
async fn describe_servers_pages_and_rejects_foreign_tokens() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    for name in ["a", "b", "c"] {
        chef(&client, name).await;
    }
    let first = client
        .describe_servers()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = first
        .servers()
        .iter()
        .filter_map(Server::server_name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    let rest = client
        .describe_servers()
        .max_results(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.servers()[0].server_name(), Some("c"));
    assert!(rest.next_token().is_none());
    let backups_token = {
        client
            .create_backup()
            .server_name("a")
            .send()
            .await
            .unwrap();
        client
            .create_backup()
            .server_name("b")
            .send()
            .await
            .unwrap();
        let page = client
            .describe_backups()
            .max_results(1)
            .send()
            .await
            .unwrap();
        page.next_token().unwrap().to_owned()
    };
    let foreign = client
        .describe_servers()
        .next_token(backups_token)
        .send()
        .await;
    assert_eq!(code(foreign), "InvalidNextTokenException");
    let mut count = 0;
    let mut pages = client
        .describe_servers()
        .max_results(1)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        count += page.unwrap().servers().len();
    }
    assert_eq!(count, 3);
}

#[tokio::test]
async fn tags_on_servers_and_backups() {
    let gateway = start_gateway(INSTANT).await;
    let client = opsworkscm_client(&gateway).await;
    let server = create(&client, "chef-1", "ChefAutomate")
        .tags(tag("  Stage ", " prod "))
        .send()
        .await
        .unwrap()
        .server
        .unwrap();
    let server_arn = server.server_arn().unwrap();
    let listed = client
        .list_tags_for_resource()
        .resource_arn(server_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.tags(), [tag("Stage", "prod")], "trimmed");
    client
        .tag_resource()
        .resource_arn(server_arn)
        .tags(tag("team", "ops"))
        .tags(tag("Stage", "staging"))
        .send()
        .await
        .unwrap();
    let page = client
        .list_tags_for_resource()
        .resource_arn(server_arn)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.tags(), [tag("Stage", "staging")]);
    let rest = client
        .list_tags_for_resource()
        .resource_arn(server_arn)
        .max_results(1)
        .next_token(page.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tags(), [tag("team", "ops")]);
    client
        .untag_resource()
        .resource_arn(server_arn)
        .tag_keys("Stage")
        .tag_keys("absent")
        .send()
        .await
        .unwrap();
    let left = client
        .list_tags_for_resource()
        .resource_arn(server_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(left.tags(), [tag("team", "ops")]);

    let backup = client
        .create_backup()
        .server_name("chef-1")
        .send()
        .await
        .unwrap()
        .backup
        .unwrap();
    let backup_arn = backup.backup_arn().unwrap();
    client
        .tag_resource()
        .resource_arn(backup_arn)
        .tags(tag("kind", "nightly"))
        .send()
        .await
        .unwrap();
    let backup_tags = client
        .list_tags_for_resource()
        .resource_arn(backup_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(backup_tags.tags(), [tag("kind", "nightly")]);

    let too_many = (0..50).fold(
        client.tag_resource().resource_arn(server_arn),
        |request, i| request.tags(tag(&format!("k{i}"), "v")),
    );
    assert_eq!(
        code(too_many.send().await),
        "ValidationException",
        "51 tags"
    );
    for bad in [
        tag(&"k".repeat(128), "v"),
        tag("k", &"v".repeat(256)),
        tag("aws:reserved", "v"),
        tag("k", "semi;colon"),
    ] {
        let refused = client
            .tag_resource()
            .resource_arn(server_arn)
            .tags(bad.clone())
            .send()
            .await;
        assert_eq!(code(refused), "ValidationException", "{bad:?}");
    }
    let unknown = format!("arn:aws:opsworks-cm:us-east-1:{ACCOUNT}:server/nobody/0000");
    for arn in [
        unknown.as_str(),
        &server_arn.replace("us-east-1", "eu-west-1"),
        &server_arn.replace(
            server.server_arn().unwrap().rsplit('/').next().unwrap(),
            "other-id",
        ),
    ] {
        let missing = client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await;
        assert_eq!(code(missing), "ResourceNotFoundException", "{arn}");
    }
    let untag_missing = client
        .untag_resource()
        .resource_arn(&unknown)
        .tag_keys("k")
        .send()
        .await;
    assert_eq!(code(untag_missing), "ResourceNotFoundException");
    let not_an_arn = client
        .tag_resource()
        .resource_arn("arn:aws:s3:::bucket")
        .tags(tag("k", "v"))
        .send()
        .await;
    assert_eq!(code(not_an_arn), "ValidationException");
}

#[tokio::test]
async fn state_is_per_account_and_region() {
    let gateway = start_gateway(INSTANT).await;
    let here = opsworkscm_client(&gateway).await;
    let other_region = opsworkscm_client_for(&gateway, "eu-west-1", ACCOUNT).await;
    let other_account = opsworkscm_client_for(&gateway, "us-east-1", "444455556666").await;
    chef(&here, "chef-1").await;
    for client in [&other_region, &other_account] {
        let servers = client.describe_servers().send().await.unwrap();
        assert!(servers.servers().is_empty());
        chef(client, "chef-1").await;
    }
    let arn = other_account
        .describe_servers()
        .send()
        .await
        .unwrap()
        .servers()[0]
        .server_arn()
        .unwrap()
        .to_owned();
    assert!(arn.contains(":444455556666:server/chef-1/"), "{arn}");
}

#[tokio::test]
async fn the_service_can_be_switched_off() {
    let gateway = start_gateway(&[("FLOCI_SERVICES_OPSWORKSCM_ENABLED", "false")]).await;
    let client = opsworkscm_client(&gateway).await;
    let off = client.describe_servers().send().await;
    assert_eq!(code(off), "ServiceDisabled");
}
