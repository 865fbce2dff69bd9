//! [`JobId`]: a backup job's id, held as its 16 bytes.

use std::fmt;
use std::str::FromStr;

use emulator_core::storage::RecordKey;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// A backup job's id: an upper-case UUID as AWS shows them (`BackupJobId`), held as the 16
/// bytes of the UUID rather than its 36 characters. A million jobs hold their id four times (the
/// job map's key, the job, its recovery point, the idempotency index): 64 bytes in all instead
/// of about 290 as strings (issue 20).
///
/// It is shown, sent and stored as the string, and only the string a job was given reads back
/// as its id: [`JobId::from_str`] takes the upper-case hyphenated form alone, so an id a caller
/// spells otherwise (lower case, braces) names no job, as before. Ids compare as their strings
/// do (the bytes of a UUID order as its upper-case hex digits).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobId(Uuid);

impl JobId {
    /// A new random id.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }

    /// Calls `f` with the id's text, written on the stack.
    pub fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let mut buffer = Uuid::encode_buffer();
        f(self.0.hyphenated().encode_upper(&mut buffer))
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_str(|text| f.write_str(text))
    }
}

impl fmt::Debug for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_str(|text| fmt::Debug::fmt(text, f))
    }
}

/// Why a text is not a backup job id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAJobId;

impl fmt::Display for NotAJobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an upper-case hyphenated UUID")
    }
}

impl FromStr for JobId {
    type Err = NotAJobId;

    fn from_str(text: &str) -> Result<Self, NotAJobId> {
        let id = Uuid::try_parse(text).map(Self).map_err(|_| NotAJobId)?;
        // `try_parse` also takes lower case, braces and the simple form: only the form a job
        // is shown in names it.
        if id.with_str(|canonical| canonical == text) {
            Ok(id)
        } else {
            Err(NotAJobId)
        }
    }
}

impl PartialEq<str> for JobId {
    fn eq(&self, other: &str) -> bool {
        self.with_str(|text| text == other)
    }
}

impl PartialEq<&str> for JobId {
    fn eq(&self, other: &&str) -> bool {
        self.with_str(|text| text == *other)
    }
}

impl PartialEq<String> for JobId {
    fn eq(&self, other: &String) -> bool {
        self.with_str(|text| text == other)
    }
}

impl Serialize for JobId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.with_str(|text| serializer.serialize_str(text))
    }
}

impl<'de> Deserialize<'de> for JobId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom(format!("backup job id {text:?}: {}", NotAJobId)))
    }
}

/// Backup jobs are stored one record per job, under the id's text.
impl RecordKey for JobId {
    type Ref = JobId;

    fn with_record_id<R>(key: &JobId, f: impl FnOnce(&str) -> R) -> R {
        key.with_str(f)
    }

    fn from_record_id(id: &str) -> Option<Self> {
        id.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_only_from_the_text_it_is_shown_as() {
        let id = JobId::random();
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text, text.to_uppercase());
        assert_eq!(text.parse(), Ok(id));
        assert_eq!(id, text);
        assert_eq!(format!("{id:?}"), format!("{text:?}"));
        for other in [
            text.to_lowercase(),
            format!("{{{text}}}"),
            text.replace('-', ""),
            String::new(),
            "JOB".to_owned(),
        ] {
            assert_eq!(other.parse::<JobId>(), Err(NotAJobId), "{other}");
        }
        assert_eq!(std::mem::size_of::<JobId>(), 16);
    }

    #[test]
    fn ids_order_and_serialize_as_their_text() {
        let mut ids: Vec<JobId> = (0..50).map(|_| JobId::random()).collect();
        let mut texts: Vec<String> = ids.iter().map(JobId::to_string).collect();
        ids.sort();
        texts.sort();
        assert_eq!(ids.iter().map(JobId::to_string).collect::<Vec<_>>(), texts);
        let json = serde_json::to_string(&ids[0]).unwrap();
        assert_eq!(json, format!("\"{}\"", texts[0]));
        assert_eq!(serde_json::from_str::<JobId>(&json).unwrap(), ids[0]);
        assert!(serde_json::from_str::<JobId>("\"job-1\"").is_err());
    }
}
