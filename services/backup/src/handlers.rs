//! The `BackupApi` implementation: each operation calls the function of the same name in the
//! `ops/` file that defines it (`create_backup_vault` → `ops/vaults.rs`), with the backend, so
//! a reader finds an operation's code in one hop. `crates/service-layers` checks that every
//! path here names the file that defines its function.

use emulator_core::dto::Written;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

#[emulator_core::async_trait]
impl BackupApi for BackupService {
    async fn start_backup_job(
        &self,
        ctx: &RequestContext,
        input: StartBackupJobInput,
    ) -> Result<StartBackupJobOutput, ServiceError> {
        crate::ops::jobs::backup_jobs::start_backup_job(self, ctx, input)
    }

    async fn describe_backup_job(
        &self,
        ctx: &RequestContext,
        input: DescribeBackupJobInput,
    ) -> Result<DescribeBackupJobOutput, ServiceError> {
        crate::ops::jobs::backup_jobs::describe_backup_job(self, ctx, input)
    }

    async fn stop_backup_job(
        &self,
        ctx: &RequestContext,
        input: StopBackupJobInput,
    ) -> Result<(), ServiceError> {
        crate::ops::jobs::backup_jobs::stop_backup_job(self, ctx, input)
    }

    async fn list_backup_jobs(
        &self,
        ctx: &RequestContext,
        input: ListBackupJobsInput,
    ) -> Result<ListBackupJobsOutput, ServiceError> {
        crate::ops::jobs::backup_jobs::list_backup_jobs(self, ctx, input)
    }

    async fn describe_recovery_point(
        &self,
        ctx: &RequestContext,
        input: DescribeRecoveryPointInput,
    ) -> Result<DescribeRecoveryPointOutput, ServiceError> {
        crate::ops::recovery_points::describe_recovery_point(self, ctx, input)
    }

    async fn list_recovery_points_by_backup_vault(
        &self,
        ctx: &RequestContext,
        input: ListRecoveryPointsByBackupVaultInput,
    ) -> Result<ListRecoveryPointsByBackupVaultOutput, ServiceError> {
        crate::ops::recovery_points::listing::list_recovery_points_by_backup_vault(self, ctx, input)
    }

    async fn list_recovery_points_by_resource(
        &self,
        ctx: &RequestContext,
        input: ListRecoveryPointsByResourceInput,
    ) -> Result<ListRecoveryPointsByResourceOutput, ServiceError> {
        crate::ops::recovery_points::listing::list_recovery_points_by_resource(self, ctx, input)
    }

    async fn delete_recovery_point(
        &self,
        ctx: &RequestContext,
        input: DeleteRecoveryPointInput,
    ) -> Result<(), ServiceError> {
        crate::ops::recovery_points::removal::delete_recovery_point(self, ctx, input)
    }

    async fn update_recovery_point_lifecycle(
        &self,
        ctx: &RequestContext,
        input: UpdateRecoveryPointLifecycleInput,
    ) -> Result<UpdateRecoveryPointLifecycleOutput, ServiceError> {
        crate::ops::recovery_points::lifecycle::update_recovery_point_lifecycle(self, ctx, input)
    }

    async fn disassociate_recovery_point(
        &self,
        ctx: &RequestContext,
        input: DisassociateRecoveryPointInput,
    ) -> Result<(), ServiceError> {
        crate::ops::recovery_points::removal::disassociate_recovery_point(self, ctx, input)
    }

    async fn disassociate_recovery_point_from_parent(
        &self,
        ctx: &RequestContext,
        input: DisassociateRecoveryPointFromParentInput,
    ) -> Result<(), ServiceError> {
        crate::ops::recovery_points::removal::disassociate_recovery_point_from_parent(
            self, ctx, input,
        )
    }

    async fn get_recovery_point_restore_metadata(
        &self,
        ctx: &RequestContext,
        input: GetRecoveryPointRestoreMetadataInput,
    ) -> Result<GetRecoveryPointRestoreMetadataOutput, ServiceError> {
        crate::ops::recovery_points::restore_metadata::get_recovery_point_restore_metadata(
            self, ctx, input,
        )
    }

    async fn describe_protected_resource(
        &self,
        ctx: &RequestContext,
        input: DescribeProtectedResourceInput,
    ) -> Result<DescribeProtectedResourceOutput, ServiceError> {
        crate::ops::protected_resources::describe_protected_resource(self, ctx, input)
    }

    async fn list_protected_resources(
        &self,
        ctx: &RequestContext,
        input: ListProtectedResourcesInput,
    ) -> Result<ListProtectedResourcesOutput, ServiceError> {
        crate::ops::protected_resources::list_protected_resources(self, ctx, input)
    }

    async fn list_protected_resources_by_backup_vault(
        &self,
        ctx: &RequestContext,
        input: ListProtectedResourcesByBackupVaultInput,
    ) -> Result<ListProtectedResourcesByBackupVaultOutput, ServiceError> {
        crate::ops::protected_resources::list_protected_resources_by_backup_vault(self, ctx, input)
    }

    async fn start_restore_job(
        &self,
        ctx: &RequestContext,
        input: StartRestoreJobInput,
    ) -> Result<StartRestoreJobOutput, ServiceError> {
        crate::ops::jobs::restore_jobs::start_restore_job(self, ctx, input)
    }

    async fn describe_restore_job(
        &self,
        ctx: &RequestContext,
        input: DescribeRestoreJobInput,
    ) -> Result<DescribeRestoreJobOutput, ServiceError> {
        crate::ops::jobs::restore_jobs::describe_restore_job(self, ctx, input)
    }

    async fn list_restore_jobs(
        &self,
        ctx: &RequestContext,
        input: ListRestoreJobsInput,
    ) -> Result<ListRestoreJobsOutput, ServiceError> {
        crate::ops::jobs::restore_jobs::listing::list_restore_jobs(self, ctx, input)
    }

    async fn list_restore_jobs_by_protected_resource(
        &self,
        ctx: &RequestContext,
        input: ListRestoreJobsByProtectedResourceInput,
    ) -> Result<ListRestoreJobsByProtectedResourceOutput, ServiceError> {
        crate::ops::jobs::restore_jobs::listing::list_restore_jobs_by_protected_resource(
            self, ctx, input,
        )
    }

    async fn get_restore_job_metadata(
        &self,
        ctx: &RequestContext,
        input: GetRestoreJobMetadataInput,
    ) -> Result<GetRestoreJobMetadataOutput, ServiceError> {
        crate::ops::jobs::restore_jobs::get_restore_job_metadata(self, ctx, input)
    }

    async fn put_restore_validation_result(
        &self,
        ctx: &RequestContext,
        input: PutRestoreValidationResultInput,
    ) -> Result<(), ServiceError> {
        crate::ops::jobs::restore_jobs::put_restore_validation_result(self, ctx, input)
    }

    async fn start_copy_job(
        &self,
        ctx: &RequestContext,
        input: StartCopyJobInput,
    ) -> Result<StartCopyJobOutput, ServiceError> {
        crate::ops::jobs::copy_jobs::start_copy_job(self, ctx, input)
    }

    async fn describe_copy_job(
        &self,
        ctx: &RequestContext,
        input: DescribeCopyJobInput,
    ) -> Result<DescribeCopyJobOutput, ServiceError> {
        crate::ops::jobs::copy_jobs::describe_copy_job(self, ctx, input)
    }

    async fn list_copy_jobs(
        &self,
        ctx: &RequestContext,
        input: ListCopyJobsInput,
    ) -> Result<ListCopyJobsOutput, ServiceError> {
        crate::ops::jobs::copy_jobs::listing::list_copy_jobs(self, ctx, input)
    }

    async fn list_backup_job_summaries(
        &self,
        ctx: &RequestContext,
        input: ListBackupJobSummariesInput,
    ) -> Result<ListBackupJobSummariesOutput, ServiceError> {
        crate::ops::jobs::summaries::list_backup_job_summaries(self, ctx, input)
    }

    async fn list_restore_job_summaries(
        &self,
        ctx: &RequestContext,
        input: ListRestoreJobSummariesInput,
    ) -> Result<ListRestoreJobSummariesOutput, ServiceError> {
        crate::ops::jobs::summaries::list_restore_job_summaries(self, ctx, input)
    }

    async fn list_copy_job_summaries(
        &self,
        ctx: &RequestContext,
        input: ListCopyJobSummariesInput,
    ) -> Result<ListCopyJobSummariesOutput, ServiceError> {
        crate::ops::jobs::summaries::list_copy_job_summaries(self, ctx, input)
    }

    async fn create_backup_vault(
        &self,
        ctx: &RequestContext,
        input: CreateBackupVaultInput,
    ) -> Result<Written<CreateBackupVaultOutput>, ServiceError> {
        crate::ops::vaults::create_backup_vault(self, ctx, input)
    }

    async fn describe_backup_vault(
        &self,
        ctx: &RequestContext,
        input: DescribeBackupVaultInput,
    ) -> Result<Written<DescribeBackupVaultOutput>, ServiceError> {
        crate::ops::vaults::describe_backup_vault(self, ctx, input)
    }

    async fn list_backup_vaults(
        &self,
        ctx: &RequestContext,
        input: ListBackupVaultsInput,
    ) -> Result<Written<ListBackupVaultsOutput>, ServiceError> {
        crate::ops::vaults::listing::list_backup_vaults(self, ctx, input)
    }

    async fn delete_backup_vault(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupVaultInput,
    ) -> Result<(), ServiceError> {
        crate::ops::vaults::delete_backup_vault(self, ctx, input)
    }

    async fn put_backup_vault_access_policy(
        &self,
        ctx: &RequestContext,
        input: PutBackupVaultAccessPolicyInput,
    ) -> Result<(), ServiceError> {
        crate::ops::vault_access_policy::put_backup_vault_access_policy(self, ctx, input)
    }

    async fn get_backup_vault_access_policy(
        &self,
        ctx: &RequestContext,
        input: GetBackupVaultAccessPolicyInput,
    ) -> Result<GetBackupVaultAccessPolicyOutput, ServiceError> {
        crate::ops::vault_access_policy::get_backup_vault_access_policy(self, ctx, input)
    }

    async fn delete_backup_vault_access_policy(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupVaultAccessPolicyInput,
    ) -> Result<(), ServiceError> {
        crate::ops::vault_access_policy::delete_backup_vault_access_policy(self, ctx, input)
    }

    async fn put_backup_vault_notifications(
        &self,
        ctx: &RequestContext,
        input: PutBackupVaultNotificationsInput,
    ) -> Result<(), ServiceError> {
        crate::ops::vault_notifications::put_backup_vault_notifications(self, ctx, input)
    }

    async fn get_backup_vault_notifications(
        &self,
        ctx: &RequestContext,
        input: GetBackupVaultNotificationsInput,
    ) -> Result<GetBackupVaultNotificationsOutput, ServiceError> {
        crate::ops::vault_notifications::get_backup_vault_notifications(self, ctx, input)
    }

    async fn delete_backup_vault_notifications(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupVaultNotificationsInput,
    ) -> Result<(), ServiceError> {
        crate::ops::vault_notifications::delete_backup_vault_notifications(self, ctx, input)
    }

    async fn put_backup_vault_lock_configuration(
        &self,
        ctx: &RequestContext,
        input: PutBackupVaultLockConfigurationInput,
    ) -> Result<(), ServiceError> {
        crate::ops::vault_lock::put_backup_vault_lock_configuration(self, ctx, input)
    }

    async fn delete_backup_vault_lock_configuration(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupVaultLockConfigurationInput,
    ) -> Result<(), ServiceError> {
        crate::ops::vault_lock::delete_backup_vault_lock_configuration(self, ctx, input)
    }

    async fn create_backup_plan(
        &self,
        ctx: &RequestContext,
        input: CreateBackupPlanInput,
    ) -> Result<CreateBackupPlanOutput, ServiceError> {
        crate::ops::plans::create_backup_plan(self, ctx, input)
    }

    async fn get_backup_plan(
        &self,
        ctx: &RequestContext,
        input: GetBackupPlanInput,
    ) -> Result<GetBackupPlanOutput, ServiceError> {
        crate::ops::plans::get_backup_plan(self, ctx, input)
    }

    async fn update_backup_plan(
        &self,
        ctx: &RequestContext,
        input: UpdateBackupPlanInput,
    ) -> Result<UpdateBackupPlanOutput, ServiceError> {
        crate::ops::plans::update_backup_plan(self, ctx, input)
    }

    async fn delete_backup_plan(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupPlanInput,
    ) -> Result<DeleteBackupPlanOutput, ServiceError> {
        crate::ops::plans::delete_backup_plan(self, ctx, input)
    }

    async fn list_backup_plans(
        &self,
        ctx: &RequestContext,
        input: ListBackupPlansInput,
    ) -> Result<ListBackupPlansOutput, ServiceError> {
        crate::ops::plans::list_backup_plans(self, ctx, input)
    }

    async fn list_backup_plan_versions(
        &self,
        ctx: &RequestContext,
        input: ListBackupPlanVersionsInput,
    ) -> Result<ListBackupPlanVersionsOutput, ServiceError> {
        crate::ops::plans::list_backup_plan_versions(self, ctx, input)
    }

    async fn export_backup_plan_template(
        &self,
        ctx: &RequestContext,
        input: ExportBackupPlanTemplateInput,
    ) -> Result<ExportBackupPlanTemplateOutput, ServiceError> {
        crate::ops::plan_templates::export_backup_plan_template(self, ctx, input)
    }

    async fn get_backup_plan_from_json(
        &self,
        ctx: &RequestContext,
        input: GetBackupPlanFromJSONInput,
    ) -> Result<GetBackupPlanFromJSONOutput, ServiceError> {
        crate::ops::plan_templates::get_backup_plan_from_json(self, ctx, input)
    }

    async fn list_backup_plan_templates(
        &self,
        ctx: &RequestContext,
        input: ListBackupPlanTemplatesInput,
    ) -> Result<ListBackupPlanTemplatesOutput, ServiceError> {
        crate::ops::plan_templates::list_backup_plan_templates(self, ctx, input)
    }

    // GetBackupPlanFromTemplate is answered ahead of this trait, in `lib.rs`: AWS's document
    // leaves out members the model's typed `BackupPlan` requires
    // (`ops::plan_templates::get_backup_plan_from_template`).

    async fn create_backup_selection(
        &self,
        ctx: &RequestContext,
        input: CreateBackupSelectionInput,
    ) -> Result<CreateBackupSelectionOutput, ServiceError> {
        crate::ops::selections::create_backup_selection(self, ctx, input)
    }

    async fn get_backup_selection(
        &self,
        ctx: &RequestContext,
        input: GetBackupSelectionInput,
    ) -> Result<GetBackupSelectionOutput, ServiceError> {
        crate::ops::selections::get_backup_selection(self, ctx, input)
    }

    async fn delete_backup_selection(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupSelectionInput,
    ) -> Result<(), ServiceError> {
        crate::ops::selections::delete_backup_selection(self, ctx, input)
    }

    async fn list_backup_selections(
        &self,
        ctx: &RequestContext,
        input: ListBackupSelectionsInput,
    ) -> Result<ListBackupSelectionsOutput, ServiceError> {
        crate::ops::selections::list_backup_selections(self, ctx, input)
    }

    async fn tag_resource(
        &self,
        ctx: &RequestContext,
        input: TagResourceInput,
    ) -> Result<(), ServiceError> {
        crate::ops::tags::tag_resource(self, ctx, input)
    }

    async fn untag_resource(
        &self,
        ctx: &RequestContext,
        input: UntagResourceInput,
    ) -> Result<(), ServiceError> {
        crate::ops::tags::untag_resource(self, ctx, input)
    }

    async fn list_tags(
        &self,
        ctx: &RequestContext,
        input: ListTagsInput,
    ) -> Result<ListTagsOutput, ServiceError> {
        crate::ops::tags::list_tags(self, ctx, input)
    }

    async fn get_supported_resource_types(
        &self,
        ctx: &RequestContext,
    ) -> Result<GetSupportedResourceTypesOutput, ServiceError> {
        crate::ops::settings::resource_types::get_supported_resource_types(self, ctx)
    }

    async fn describe_global_settings(
        &self,
        ctx: &RequestContext,
        input: DescribeGlobalSettingsInput,
    ) -> Result<DescribeGlobalSettingsOutput, ServiceError> {
        crate::ops::settings::global::describe_global_settings(self, ctx, input)
    }

    async fn update_global_settings(
        &self,
        ctx: &RequestContext,
        input: UpdateGlobalSettingsInput,
    ) -> Result<(), ServiceError> {
        crate::ops::settings::global::update_global_settings(self, ctx, input)
    }

    async fn describe_region_settings(
        &self,
        ctx: &RequestContext,
        input: DescribeRegionSettingsInput,
    ) -> Result<DescribeRegionSettingsOutput, ServiceError> {
        crate::ops::settings::region::describe_region_settings(self, ctx, input)
    }

    async fn update_region_settings(
        &self,
        ctx: &RequestContext,
        input: UpdateRegionSettingsInput,
    ) -> Result<(), ServiceError> {
        crate::ops::settings::region::update_region_settings(self, ctx, input)
    }

    async fn create_backup_access_point(
        &self,
        ctx: &RequestContext,
        input: CreateBackupAccessPointRequest,
    ) -> Result<CreateBackupAccessPointResponse, ServiceError> {
        crate::ops::access_points::create_backup_access_point(self, ctx, input)
    }

    async fn describe_backup_access_point(
        &self,
        ctx: &RequestContext,
        input: DescribeBackupAccessPointInput,
    ) -> Result<DescribeBackupAccessPointResponse, ServiceError> {
        crate::ops::access_points::describe_backup_access_point(self, ctx, input)
    }

    async fn delete_backup_access_point(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupAccessPointInput,
    ) -> Result<(), ServiceError> {
        crate::ops::access_points::delete_backup_access_point(self, ctx, input)
    }

    async fn list_backup_access_points(
        &self,
        ctx: &RequestContext,
        input: ListBackupAccessPointsRequest,
    ) -> Result<ListBackupAccessPointsResponse, ServiceError> {
        crate::ops::access_points::listing::list_backup_access_points(self, ctx, input)
    }

    async fn list_backup_access_points_by_recovery_point(
        &self,
        ctx: &RequestContext,
        input: ListBackupAccessPointsByRecoveryPointRequest,
    ) -> Result<ListBackupAccessPointsByRecoveryPointResponse, ServiceError> {
        crate::ops::access_points::listing::list_backup_access_points_by_recovery_point(
            self, ctx, input,
        )
    }

    async fn list_backup_access_points_by_resource(
        &self,
        ctx: &RequestContext,
        input: ListBackupAccessPointsByResourceRequest,
    ) -> Result<ListBackupAccessPointsByResourceResponse, ServiceError> {
        crate::ops::access_points::listing::list_backup_access_points_by_resource(self, ctx, input)
    }

    async fn create_tiering_configuration(
        &self,
        ctx: &RequestContext,
        input: CreateTieringConfigurationInput,
    ) -> Result<CreateTieringConfigurationOutput, ServiceError> {
        crate::ops::tiering_configurations::create_tiering_configuration(self, ctx, input)
    }

    async fn get_tiering_configuration(
        &self,
        ctx: &RequestContext,
        input: GetTieringConfigurationInput,
    ) -> Result<GetTieringConfigurationOutput, ServiceError> {
        crate::ops::tiering_configurations::get_tiering_configuration(self, ctx, input)
    }

    async fn update_tiering_configuration(
        &self,
        ctx: &RequestContext,
        input: UpdateTieringConfigurationInput,
    ) -> Result<UpdateTieringConfigurationOutput, ServiceError> {
        crate::ops::tiering_configurations::update_tiering_configuration(self, ctx, input)
    }

    async fn delete_tiering_configuration(
        &self,
        ctx: &RequestContext,
        input: DeleteTieringConfigurationInput,
    ) -> Result<DeleteTieringConfigurationOutput, ServiceError> {
        crate::ops::tiering_configurations::delete_tiering_configuration(self, ctx, input)
    }

    async fn list_tiering_configurations(
        &self,
        ctx: &RequestContext,
        input: ListTieringConfigurationsInput,
    ) -> Result<ListTieringConfigurationsOutput, ServiceError> {
        crate::ops::tiering_configurations::list_tiering_configurations(self, ctx, input)
    }

    async fn start_scan_job(
        &self,
        ctx: &RequestContext,
        input: StartScanJobInput,
    ) -> Result<StartScanJobOutput, ServiceError> {
        crate::ops::jobs::scan_jobs::start_scan_job(self, ctx, input)
    }

    async fn describe_scan_job(
        &self,
        ctx: &RequestContext,
        input: DescribeScanJobInput,
    ) -> Result<DescribeScanJobOutput, ServiceError> {
        crate::ops::jobs::scan_jobs::describe_scan_job(self, ctx, input)
    }

    async fn list_scan_jobs(
        &self,
        ctx: &RequestContext,
        input: ListScanJobsInput,
    ) -> Result<ListScanJobsOutput, ServiceError> {
        crate::ops::jobs::scan_jobs::listing::list_scan_jobs(self, ctx, input)
    }

    async fn list_scan_job_summaries(
        &self,
        ctx: &RequestContext,
        input: ListScanJobSummariesInput,
    ) -> Result<ListScanJobSummariesOutput, ServiceError> {
        crate::ops::jobs::summaries::list_scan_job_summaries(self, ctx, input)
    }

    async fn get_pitr_malware_scan_results(
        &self,
        ctx: &RequestContext,
        input: GetPITRMalwareScanResultsInput,
    ) -> Result<GetPITRMalwareScanResultsOutput, ServiceError> {
        crate::ops::jobs::scan_jobs::get_pitr_malware_scan_results(self, ctx, input)
    }

    async fn get_recovery_point_index_details(
        &self,
        ctx: &RequestContext,
        input: GetRecoveryPointIndexDetailsInput,
    ) -> Result<GetRecoveryPointIndexDetailsOutput, ServiceError> {
        crate::ops::indexes::get_recovery_point_index_details(self, ctx, input)
    }

    async fn update_recovery_point_index_settings(
        &self,
        ctx: &RequestContext,
        input: UpdateRecoveryPointIndexSettingsInput,
    ) -> Result<UpdateRecoveryPointIndexSettingsOutput, ServiceError> {
        crate::ops::indexes::update_recovery_point_index_settings(self, ctx, input)
    }

    async fn list_indexed_recovery_points(
        &self,
        ctx: &RequestContext,
        input: ListIndexedRecoveryPointsInput,
    ) -> Result<ListIndexedRecoveryPointsOutput, ServiceError> {
        crate::ops::indexes::listing::list_indexed_recovery_points(self, ctx, input)
    }

    async fn create_restore_testing_plan(
        &self,
        ctx: &RequestContext,
        input: CreateRestoreTestingPlanInput,
    ) -> Result<CreateRestoreTestingPlanOutput, ServiceError> {
        crate::ops::restore_testing::plans::create_restore_testing_plan(self, ctx, input)
    }

    async fn get_restore_testing_plan(
        &self,
        ctx: &RequestContext,
        input: GetRestoreTestingPlanInput,
    ) -> Result<GetRestoreTestingPlanOutput, ServiceError> {
        crate::ops::restore_testing::plans::get_restore_testing_plan(self, ctx, input)
    }

    async fn update_restore_testing_plan(
        &self,
        ctx: &RequestContext,
        input: UpdateRestoreTestingPlanInput,
    ) -> Result<UpdateRestoreTestingPlanOutput, ServiceError> {
        crate::ops::restore_testing::plans::update_restore_testing_plan(self, ctx, input)
    }

    async fn delete_restore_testing_plan(
        &self,
        ctx: &RequestContext,
        input: DeleteRestoreTestingPlanInput,
    ) -> Result<(), ServiceError> {
        crate::ops::restore_testing::plans::delete_restore_testing_plan(self, ctx, input)
    }

    async fn list_restore_testing_plans(
        &self,
        ctx: &RequestContext,
        input: ListRestoreTestingPlansInput,
    ) -> Result<ListRestoreTestingPlansOutput, ServiceError> {
        crate::ops::restore_testing::plans::list_restore_testing_plans(self, ctx, input)
    }

    async fn create_restore_testing_selection(
        &self,
        ctx: &RequestContext,
        input: CreateRestoreTestingSelectionInput,
    ) -> Result<CreateRestoreTestingSelectionOutput, ServiceError> {
        crate::ops::restore_testing::selections::create_restore_testing_selection(self, ctx, input)
    }

    async fn get_restore_testing_selection(
        &self,
        ctx: &RequestContext,
        input: GetRestoreTestingSelectionInput,
    ) -> Result<GetRestoreTestingSelectionOutput, ServiceError> {
        crate::ops::restore_testing::selections::get_restore_testing_selection(self, ctx, input)
    }

    async fn update_restore_testing_selection(
        &self,
        ctx: &RequestContext,
        input: UpdateRestoreTestingSelectionInput,
    ) -> Result<UpdateRestoreTestingSelectionOutput, ServiceError> {
        crate::ops::restore_testing::selections::update_restore_testing_selection(self, ctx, input)
    }

    async fn delete_restore_testing_selection(
        &self,
        ctx: &RequestContext,
        input: DeleteRestoreTestingSelectionInput,
    ) -> Result<(), ServiceError> {
        crate::ops::restore_testing::selections::delete_restore_testing_selection(self, ctx, input)
    }

    async fn list_restore_testing_selections(
        &self,
        ctx: &RequestContext,
        input: ListRestoreTestingSelectionsInput,
    ) -> Result<ListRestoreTestingSelectionsOutput, ServiceError> {
        crate::ops::restore_testing::selections::list_restore_testing_selections(self, ctx, input)
    }

    async fn get_restore_testing_inferred_metadata(
        &self,
        ctx: &RequestContext,
        input: GetRestoreTestingInferredMetadataInput,
    ) -> Result<GetRestoreTestingInferredMetadataOutput, ServiceError> {
        crate::ops::restore_testing::inferred_metadata::get_restore_testing_inferred_metadata(
            self, ctx, input,
        )
    }

    async fn create_legal_hold(
        &self,
        ctx: &RequestContext,
        input: CreateLegalHoldInput,
    ) -> Result<CreateLegalHoldOutput, ServiceError> {
        crate::ops::legal_holds::create_legal_hold(self, ctx, input)
    }

    async fn get_legal_hold(
        &self,
        ctx: &RequestContext,
        input: GetLegalHoldInput,
    ) -> Result<GetLegalHoldOutput, ServiceError> {
        crate::ops::legal_holds::get_legal_hold(self, ctx, input)
    }

    async fn list_legal_holds(
        &self,
        ctx: &RequestContext,
        input: ListLegalHoldsInput,
    ) -> Result<ListLegalHoldsOutput, ServiceError> {
        crate::ops::legal_holds::list_legal_holds(self, ctx, input)
    }

    async fn cancel_legal_hold(
        &self,
        ctx: &RequestContext,
        input: CancelLegalHoldInput,
    ) -> Result<CancelLegalHoldOutput, ServiceError> {
        crate::ops::legal_holds::cancel_legal_hold(self, ctx, input)
    }

    async fn list_recovery_points_by_legal_hold(
        &self,
        ctx: &RequestContext,
        input: ListRecoveryPointsByLegalHoldInput,
    ) -> Result<ListRecoveryPointsByLegalHoldOutput, ServiceError> {
        crate::ops::legal_holds::list_recovery_points_by_legal_hold(self, ctx, input)
    }

    async fn create_logically_air_gapped_backup_vault(
        &self,
        ctx: &RequestContext,
        input: CreateLogicallyAirGappedBackupVaultInput,
    ) -> Result<CreateLogicallyAirGappedBackupVaultOutput, ServiceError> {
        crate::ops::air_gapped_vaults::create_logically_air_gapped_backup_vault(self, ctx, input)
    }

    async fn create_local_backup_vault(
        &self,
        ctx: &RequestContext,
        input: CreateLocalBackupVaultInput,
    ) -> Result<CreateLocalBackupVaultOutput, ServiceError> {
        crate::ops::local_vaults::create_local_backup_vault(self, ctx, input)
    }

    async fn create_restore_access_backup_vault(
        &self,
        ctx: &RequestContext,
        input: CreateRestoreAccessBackupVaultInput,
    ) -> Result<CreateRestoreAccessBackupVaultOutput, ServiceError> {
        crate::ops::restore_access_vaults::create_restore_access_backup_vault(self, ctx, input)
    }

    async fn list_restore_access_backup_vaults(
        &self,
        ctx: &RequestContext,
        input: ListRestoreAccessBackupVaultsInput,
    ) -> Result<ListRestoreAccessBackupVaultsOutput, ServiceError> {
        crate::ops::restore_access_vaults::list_restore_access_backup_vaults(self, ctx, input)
    }

    async fn revoke_restore_access_backup_vault(
        &self,
        ctx: &RequestContext,
        input: RevokeRestoreAccessBackupVaultInput,
    ) -> Result<(), ServiceError> {
        crate::ops::restore_access_vaults::revoke_restore_access_backup_vault(self, ctx, input)
    }

    async fn associate_backup_vault_mpa_approval_team(
        &self,
        ctx: &RequestContext,
        input: AssociateBackupVaultMpaApprovalTeamInput,
    ) -> Result<(), ServiceError> {
        crate::ops::mpa_approval_teams::associate_backup_vault_mpa_approval_team(self, ctx, input)
    }

    async fn disassociate_backup_vault_mpa_approval_team(
        &self,
        ctx: &RequestContext,
        input: DisassociateBackupVaultMpaApprovalTeamInput,
    ) -> Result<(), ServiceError> {
        crate::ops::mpa_approval_teams::disassociate_backup_vault_mpa_approval_team(
            self, ctx, input,
        )
    }

    async fn create_framework(
        &self,
        ctx: &RequestContext,
        input: CreateFrameworkInput,
    ) -> Result<CreateFrameworkOutput, ServiceError> {
        crate::ops::audit::frameworks::create_framework(self, ctx, input)
    }

    async fn describe_framework(
        &self,
        ctx: &RequestContext,
        input: DescribeFrameworkInput,
    ) -> Result<DescribeFrameworkOutput, ServiceError> {
        crate::ops::audit::frameworks::describe_framework(self, ctx, input)
    }

    async fn update_framework(
        &self,
        ctx: &RequestContext,
        input: UpdateFrameworkInput,
    ) -> Result<UpdateFrameworkOutput, ServiceError> {
        crate::ops::audit::frameworks::update_framework(self, ctx, input)
    }

    async fn delete_framework(
        &self,
        ctx: &RequestContext,
        input: DeleteFrameworkInput,
    ) -> Result<(), ServiceError> {
        crate::ops::audit::frameworks::delete_framework(self, ctx, input)
    }

    async fn list_frameworks(
        &self,
        ctx: &RequestContext,
        input: ListFrameworksInput,
    ) -> Result<ListFrameworksOutput, ServiceError> {
        crate::ops::audit::frameworks::list_frameworks(self, ctx, input)
    }

    async fn create_report_plan(
        &self,
        ctx: &RequestContext,
        input: CreateReportPlanInput,
    ) -> Result<CreateReportPlanOutput, ServiceError> {
        crate::ops::audit::report_plans::create_report_plan(self, ctx, input)
    }

    async fn describe_report_plan(
        &self,
        ctx: &RequestContext,
        input: DescribeReportPlanInput,
    ) -> Result<DescribeReportPlanOutput, ServiceError> {
        crate::ops::audit::report_plans::describe_report_plan(self, ctx, input)
    }

    async fn update_report_plan(
        &self,
        ctx: &RequestContext,
        input: UpdateReportPlanInput,
    ) -> Result<UpdateReportPlanOutput, ServiceError> {
        crate::ops::audit::report_plans::update_report_plan(self, ctx, input)
    }

    async fn delete_report_plan(
        &self,
        ctx: &RequestContext,
        input: DeleteReportPlanInput,
    ) -> Result<(), ServiceError> {
        crate::ops::audit::report_plans::delete_report_plan(self, ctx, input)
    }

    async fn list_report_plans(
        &self,
        ctx: &RequestContext,
        input: ListReportPlansInput,
    ) -> Result<ListReportPlansOutput, ServiceError> {
        crate::ops::audit::report_plans::list_report_plans(self, ctx, input)
    }

    async fn start_report_job(
        &self,
        ctx: &RequestContext,
        input: StartReportJobInput,
    ) -> Result<StartReportJobOutput, ServiceError> {
        crate::ops::audit::report_jobs::start_report_job(self, ctx, input)
    }

    async fn describe_report_job(
        &self,
        ctx: &RequestContext,
        input: DescribeReportJobInput,
    ) -> Result<DescribeReportJobOutput, ServiceError> {
        crate::ops::audit::report_jobs::describe_report_job(self, ctx, input)
    }

    async fn list_report_jobs(
        &self,
        ctx: &RequestContext,
        input: ListReportJobsInput,
    ) -> Result<ListReportJobsOutput, ServiceError> {
        crate::ops::audit::report_jobs::list_report_jobs(self, ctx, input)
    }
}
