//! What the listings share: `MessageCategory` and its filter, page sizes, and the time filters
//! (`By…After` / `By…Before`) as windows and as the millis a page token's scope records.

use emulator_core::dto::Timestamp;

/// The page size when a listing gets no `MaxResults`.
const DEFAULT_MAX_RESULTS: usize = 1000;

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

#[cfg(test)]
mod tests {
    use super::*;

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
