//! The order every job listing shares (ListBackupJobs, ListCopyJobs, ListRestoreJobs and
//! ListRestoreJobsByProtectedResource, ListScanJobs, ListReportJobs): newest first by creation
//! date, ties broken by id, so that a page token (the last job's key) resumes exactly after it.

use aws_pagination::{paginate_sorted, Order, Page, PaginationError};
use emulator_core::dto::Timestamp;

/// A job as its listing orders it.
pub trait ListedJob {
    /// The job's id, which orders jobs created in the same millisecond.
    fn id(&self) -> String;
    /// When the job was created.
    fn created(&self) -> Timestamp;
}

/// One page of `jobs` that pass `keep`, newest first. The key a token carries is the one the
/// listings had before they shared this: `(creation millis, id)`.
pub fn newest_first<'a, J: ListedJob>(
    jobs: impl Iterator<Item = &'a J>,
    token: Option<&str>,
    scope: &str,
    max: usize,
    keep: impl FnMut(&J) -> bool,
) -> Result<Page<'a, J>, PaginationError> {
    let mut sorted: Vec<_> = jobs
        .map(|job| ((job.created().epoch_millis(), job.id()), job))
        .collect();
    // paginate_sorted takes entries already in the listing's order.
    sorted.sort_by(|a, b| b.0.cmp(&a.0));
    paginate_sorted(sorted, Order::Descending, token, scope, max, keep)
}

/// Implements [`ListedJob`] for job records with an `id` field and the named creation date
/// (each record file says it of its own record).
macro_rules! listed_job {
    ($($job:ty => $created:ident),+ $(,)?) => {$(
        impl $crate::support::newest_first::ListedJob for $job {
            fn id(&self) -> String {
                self.id.to_string()
            }

            fn created(&self) -> emulator_core::dto::Timestamp {
                self.$created
            }
        }
    )+};
}
pub(crate) use listed_job;

#[cfg(test)]
mod tests {
    use super::*;

    /// A job with only what the order reads: an id and a creation time in millis.
    struct Job(&'static str, i64);

    impl ListedJob for Job {
        fn id(&self) -> String {
            self.0.to_owned()
        }

        fn created(&self) -> Timestamp {
            Timestamp::from_epoch_millis(self.1)
        }
    }

    fn ids(page: &Page<'_, Job>) -> Vec<&'static str> {
        page.items.iter().map(|job| job.0).collect()
    }

    #[test]
    fn newest_first_then_by_id_and_a_token_resumes_after_the_last_job() {
        let jobs = [Job("a", 1), Job("c", 2), Job("b", 2), Job("d", 0)];
        let first = newest_first(jobs.iter(), None, "s", 2, |_| true).unwrap();
        assert_eq!(ids(&first), ["c", "b"]);
        let token = first.next_token.as_deref();
        let rest = newest_first(jobs.iter(), token, "s", 2, |_| true).unwrap();
        assert_eq!(ids(&rest), ["a", "d"]);
        assert_eq!(rest.next_token, None);
        let kept = newest_first(jobs.iter(), None, "s", 10, |job| job.0 != "b").unwrap();
        assert_eq!(ids(&kept), ["c", "a", "d"]);
        assert!(newest_first(jobs.iter(), token, "other", 2, |_| true).is_err());
    }
}
