//! Issue 22, "Backup fidelity, round 2", continued: what AWS shows per state of a copy job, a
//! restore job and a recovery point being deleted, and GetBackupPlanFromTemplate's document,
//! end to end with aws-sdk-backup against a gateway started in the test. Time moves through the
//! admin clock endpoint, never by sleeping. Each test names the source it follows.

use std::sync::{Arc, Mutex};

use aws_sdk_backup::config::interceptors::AfterDeserializationInterceptorContextRef;
use aws_sdk_backup::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::Client;
use integration_tests::{backup_client, start_gateway, GatewayHandle};

/// Every job (and a point's deletion) takes an hour: half to start, half to finish.
const DELAY: u64 = 3600;

async fn slow_gateway() -> (GatewayHandle, Client) {
    let gateway = start_gateway(&[(
        "FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS",
        &DELAY.to_string(),
    )])
    .await;
    let client = backup_client(&gateway).await;
    (gateway, client)
}

// GetBackupPlanFromTemplate: the AWS CLI's documented example
// (https://docs.aws.amazon.com/cli/latest/reference/backup/get-backup-plan-from-template.html)
// answers the template's rules only: no BackupPlanName, no TargetBackupVaultName.

/// Keeps the body of the response it sees, as the SDK received it.
#[derive(Debug, Default)]
struct RawBody(Arc<Mutex<Vec<u8>>>);

impl Intercept for RawBody {
    fn name(&self) -> &'static str {
        "RawBody"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        if let Some(bytes) = context.response().body().bytes() {
            *self.0.lock().unwrap() = bytes.to_vec();
        }
        Ok(())
    }
}

#[tokio::test]
async fn get_backup_plan_from_template_answers_the_documented_document() {
    let (_gateway, client) = slow_gateway().await;
    let body = Arc::new(Mutex::new(Vec::new()));
    let answer = client
        .get_backup_plan_from_template()
        .backup_plan_template_id("87c0c1ef-254d-4180-8fef-2e76a2c38aaa")
        .customize()
        .interceptor(RawBody(body.clone()))
        .send()
        .await
        .expect("the documented template");
    let raw: serde_json::Value =
        serde_json::from_slice(&body.lock().unwrap()).expect("a JSON body");
    assert_eq!(
        raw,
        serde_json::json!({"BackupPlanDocument": {"Rules": [{
            "RuleName": "DailyBackups",
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "StartWindowMinutes": 480,
            "Lifecycle": {"DeleteAfterDays": 35}
        }]}})
    );
    // The SDK reads AWS's answer: the members the model requires come back empty.
    let plan = answer.backup_plan_document().expect("a document");
    assert_eq!(plan.backup_plan_name(), "");
    assert_eq!(plan.rules()[0].rule_name(), "DailyBackups");
    assert_eq!(plan.rules()[0].target_backup_vault_name(), "");
    // Every listed template answers a document with rules and nothing the example lacks.
    let templates = client
        .list_backup_plan_templates()
        .send()
        .await
        .expect("templates");
    for template in templates.backup_plan_templates_list() {
        let id = template.backup_plan_template_id().expect("id");
        client
            .get_backup_plan_from_template()
            .backup_plan_template_id(id)
            .customize()
            .interceptor(RawBody(body.clone()))
            .send()
            .await
            .expect("a listed template");
        let raw: serde_json::Value = serde_json::from_slice(&body.lock().unwrap()).unwrap();
        let document = raw["BackupPlanDocument"].as_object().expect("a document");
        assert_eq!(document.keys().collect::<Vec<_>>(), ["Rules"], "{id}");
        for rule in raw["BackupPlanDocument"]["Rules"].as_array().unwrap() {
            let mut members: Vec<_> = rule.as_object().unwrap().keys().cloned().collect();
            members.sort();
            assert_eq!(
                members,
                [
                    "Lifecycle",
                    "RuleName",
                    "ScheduleExpression",
                    "StartWindowMinutes"
                ],
                "{id}"
            );
        }
    }
    let error = client
        .get_backup_plan_from_template()
        .backup_plan_template_id("00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .expect_err("unknown template");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
}

