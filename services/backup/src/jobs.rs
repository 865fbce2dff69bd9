//! Pieces every job kind shares (backup, restore, copy, scan and report jobs): identifiers, the
//! caller's region key, checks of common inputs, `MessageCategory`, page sizes and the listings'
//! order (`jobs/newest_first.rs`), and how handlers hand their follow-up events to the engine.

mod newest_first;

use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::engine::{self, RegionKey};
use crate::errors::invalid_parameter;
use crate::BackupService;

pub use newest_first::newest_first;

/// The page size when a listing gets no `MaxResults`.
const DEFAULT_MAX_RESULTS: usize = 1000;

/// A job id as AWS shows them: an upper-case UUID.
pub fn upper_uuid() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

/// `count` random lower-case hex digits, for resource ids such as `vol-0123…`.
pub fn random_hex(count: usize) -> String {
    let mut hex = String::with_capacity(count);
    while hex.len() < count {
        hex.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    hex.truncate(count);
    hex
}

/// The caller's account and region.
pub fn region_key(ctx: &RequestContext) -> RegionKey {
    RegionKey {
        account_id: ctx.account_id.clone(),
        region: ctx.region.clone(),
    }
}

/// Refuses a role that is not an IAM role ARN, as AWS does before starting any job.
pub fn check_role_arn(role_arn: &str) -> Result<(), ServiceError> {
    if role_arn.starts_with("arn:") && role_arn.contains(":role/") {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid IAM role ARN: {role_arn}"
        )))
    }
}

/// `MessageCategory`: AWS reports `SUCCESS` for completed jobs and the state name otherwise.
pub fn message_category(state: &str) -> &str {
    if state == "COMPLETED" {
        "SUCCESS"
    } else {
        state
    }
}

/// Whether a `ByMessageCategory` filter (`ANY` matches everything) admits `category`.
pub fn category_matches(filter: Option<&String>, category: &str) -> bool {
    filter.is_none_or(|wanted| wanted == "ANY" || wanted.eq_ignore_ascii_case(category))
}

/// The page size a listing asked for; the gateway has already checked the model's range.
pub fn max_results(requested: Option<i32>) -> usize {
    requested.map_or(DEFAULT_MAX_RESULTS, |m| usize::try_from(m).unwrap_or(0))
}

/// A time filter as a listing's token scope records it: in epoch millis, so that a token is
/// bound to the filter it was issued for.
pub fn millis(t: Option<Timestamp>) -> Option<i64> {
    t.map(Timestamp::epoch_millis)
}

/// Whether `value` lies strictly between the optional bounds, as the `By…After` and
/// `By…Before` filters compare; a missing value matches no bound.
pub fn within(
    value: Option<Timestamp>,
    after: Option<Timestamp>,
    before: Option<Timestamp>,
) -> bool {
    let after_ok = after.is_none_or(|t| value.is_some_and(|v| v > t));
    let before_ok = before.is_none_or(|t| value.is_some_and(|v| v < t));
    after_ok && before_ok
}

impl BackupService {
    /// Publishes the job states the caller's change recorded, then hands follow-up events of the
    /// caller's region to the engine: those already due are applied before this returns (so a
    /// delay of 0 completes cross-region copies inside the call), later ones go on the timer
    /// queue. Call it without holding a region lock, after every change that ran the engine.
    pub(crate) fn schedule(&self, ctx: &RequestContext, follow_ups: engine::FollowUps) {
        self.store.with_region(ctx, |region| {
            engine::publish_outbox(region, &*self.job_events);
        });
        let key = region_key(ctx);
        let events = follow_ups
            .into_iter()
            .map(|(due, kind)| (due, engine::route(&key, kind)))
            .collect();
        engine::run(
            &self.store,
            &self.timers,
            events,
            &self.clock,
            &self.engine_settings,
            &*self.job_events,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_hex_has_the_asked_length_and_alphabet() {
        for count in [0, 8, 17, 40] {
            let hex = random_hex(count);
            assert_eq!(hex.len(), count);
            assert!(hex
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        }
    }

    #[test]
    fn bounds_are_exclusive_and_need_a_value() {
        let t = |s| Some(Timestamp::from_epoch_seconds(s));
        assert!(within(t(5.0), t(4.0), t(6.0)));
        assert!(!within(t(4.0), t(4.0), None));
        assert!(!within(t(6.0), None, t(6.0)));
        assert!(!within(None, t(1.0), None));
        assert!(within(None, None, None));
    }

    #[test]
    fn categories_follow_states() {
        assert_eq!(message_category("COMPLETED"), "SUCCESS");
        assert_eq!(message_category("FAILED"), "FAILED");
        assert!(category_matches(Some(&"ANY".to_owned()), "FAILED"));
        assert!(category_matches(Some(&"success".to_owned()), "SUCCESS"));
        assert!(!category_matches(Some(&"SUCCESS".to_owned()), "FAILED"));
        assert!(category_matches(None, "FAILED"));
    }
}
