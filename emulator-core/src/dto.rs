//! Primitive types used by the typed request and response structures that services generate
//! from their models, and the conversions between those structures and the protocol layer's
//! JSON values.
//!
//! Between the protocol layer and a service, an operation's input and output are JSON objects
//! keyed by the model's member names, with timestamps as epoch seconds and blobs as base64.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use time::OffsetDateTime;

use crate::ServiceError;

mod shared_str;
mod write_json;

pub use shared_str::{Interner, SharedStr};
pub use write_json::{written_both_ways, JsonObject, WriteJson, WritesAs};

/// A point in time, carried as epoch seconds with millisecond precision, which is how AWS JSON
/// protocols send timestamps by default. It holds the whole milliseconds: every value it can
/// take is one, and an integer writes its digits without float arithmetic (a listing page
/// writes a hundred of them, docs/benchmarks.md session 9).
///
/// Every timestamp lies between [`Timestamp::MIN_MILLIS`] (0001-01-01) and
/// [`Timestamp::MAX_MILLIS`] (9999-12-31T23:59:59.999Z), the years every SDK parses (Python's
/// `datetime` stops at 9999, Java's ISO formatter writes a `+` beyond it): a value outside is
/// clamped when the timestamp is made, so no arithmetic on dates can write one that breaks a
/// client's listing. Validation keeps inputs far inside (the clock's own bound, services'
/// bounds on durations); the clamp is the last line.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The earliest timestamp: 0001-01-01T00:00:00Z.
    pub const MIN_MILLIS: i64 = -62_135_596_800_000;
    /// The latest timestamp: 9999-12-31T23:59:59.999Z.
    pub const MAX_MILLIS: i64 = 253_402_300_799_999;

    /// From epoch seconds, rounded to milliseconds so every read path shows the same value;
    /// clamped to the parseable years (NaN reads as the epoch).
    pub fn from_epoch_seconds(seconds: f64) -> Self {
        let millis = (seconds * 1000.0).round();
        if millis.is_nan() {
            return Self(0);
        }
        // Whole and within the bounds, so the conversion is exact.
        Self(millis.clamp(Self::MIN_MILLIS as f64, Self::MAX_MILLIS as f64) as i64)
    }

    /// From epoch milliseconds, clamped to the parseable years.
    pub fn from_epoch_millis(millis: i64) -> Self {
        Self(millis.clamp(Self::MIN_MILLIS, Self::MAX_MILLIS))
    }

    /// This instant moved by `millis`, or `None` when the result would leave the parseable
    /// years: for validating a duration a caller gives before storing the date it makes.
    pub fn checked_plus_millis(self, millis: i64) -> Option<Self> {
        self.epoch_millis()
            .checked_add(millis)
            .filter(|m| (Self::MIN_MILLIS..=Self::MAX_MILLIS).contains(m))
            .map(Self::from_epoch_millis)
    }

    /// Epoch seconds.
    pub fn epoch_seconds(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Epoch milliseconds.
    pub fn epoch_millis(self) -> i64 {
        self.0
    }

    /// The same instant as an [`OffsetDateTime`] in UTC.
    pub fn to_offset_date_time(self) -> OffsetDateTime {
        let nanos = i128::from(self.epoch_millis()) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// This instant moved by a number of milliseconds (negative moves back).
    pub fn plus_millis(self, millis: i64) -> Self {
        Self::from_epoch_millis(self.epoch_millis().saturating_add(millis))
    }

    /// The later of two instants.
    pub fn latest(self, other: Self) -> Self {
        if other > self {
            other
        } else {
            self
        }
    }

    /// This instant moved by a whole number of seconds (negative moves back).
    pub fn plus_seconds(self, seconds: i64) -> Self {
        Self::from_epoch_millis(
            self.epoch_millis()
                .saturating_add(seconds.saturating_mul(1000)),
        )
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Self::from_epoch_millis((value.unix_timestamp_nanos() / 1_000_000) as i64)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self
            .to_offset_date_time()
            .format(&time::format_description::well_known::Rfc3339)
        {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.epoch_seconds()),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let millis = self.epoch_millis();
        if millis % 1000 == 0 {
            serializer.serialize_i64(millis / 1000)
        } else {
            serializer.serialize_f64(self.epoch_seconds())
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer).map(Self::from_epoch_seconds)
    }
}

/// Decodes an operation's validated input object into its typed structure.
///
/// The protocol layer has already checked the input against the model, so a failure here means
/// a value the model allows but the type cannot hold (an integer out of range): the caller gets
/// the service's invalid-parameter error.
pub fn from_input<T: DeserializeOwned>(input: Value) -> Result<T, ServiceError> {
    serde_json::from_value(input)
        .map_err(|err| ServiceError::invalid_parameter(format!("Invalid request: {err}")))
}

/// The error for an output that does not serialize (a service defect).
pub(crate) fn encode_failure(err: &serde_json::Error) -> ServiceError {
    ServiceError::internal(format!("could not encode the response: {err}"))
}

/// An operation's output as a service hands it to the gateway.
pub enum Output {
    /// An object keyed by member names.
    Value(Value),
    /// The operation's typed output structure. Its serde form (member names, absent members
    /// left out, timestamps as epoch seconds) is the wire form of most outputs, and then the
    /// gateway writes it straight to the body instead of building a JSON value first.
    Typed(Box<dyn TypedOutput>),
    /// The operation's output already written in its serde JSON form ([`Written`]).
    Written(Vec<u8>),
}

impl Output {
    /// A typed output structure.
    pub fn typed<T: Serialize + WriteJson + Send + 'static>(output: T) -> Self {
        Self::Typed(Box::new(output))
    }

    /// An output written ahead by the service.
    pub fn written<T>(output: Written<T>) -> Self {
        Self::Written(output.body)
    }

    /// The output of an operation that has none: an empty object.
    pub fn empty() -> Self {
        Self::Value(Value::Object(serde_json::Map::new()))
    }

    /// The output as an object keyed by member names.
    pub fn into_value(self) -> Result<Value, ServiceError> {
        match self {
            Self::Value(value) => Ok(value),
            Self::Typed(typed) => typed.to_value().map_err(|err| encode_failure(&err)),
            Self::Written(body) => {
                serde_json::from_slice(&body).map_err(|err| encode_failure(&err))
            }
        }
    }
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Value(value) => f.debug_tuple("Value").field(value).finish(),
            Self::Typed(_) => f.write_str("Typed(..)"),
            Self::Written(body) => f
                .debug_tuple("Written")
                .field(&String::from_utf8_lossy(body))
                .finish(),
        }
    }
}

/// An output structure of type `T` already written in its serde JSON form, by a view of it
/// that borrows its strings ([`WritesAs`]).
///
/// A listing builds its page this way while it holds its store's lock: the view borrows from
/// the stored records, where building a `T` would copy every string of the page into it, only
/// to free them all once the body is written.
pub struct Written<T> {
    body: Vec<u8>,
    shape: PhantomData<fn() -> T>,
}

impl<T> Written<T> {
    /// Writes `view`, into a buffer sized from the last body its output type wrote.
    pub fn new<V: WritesAs<T>>(view: &V) -> Self {
        let hint = V::size_hint();
        let mut body = Vec::with_capacity(hint.capacity(WRITTEN_CAPACITY));
        view.write_json(&mut body);
        hint.remember(body.len());
        Self {
            body,
            shape: PhantomData,
        }
    }

    /// The JSON bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.body
    }

    /// Reads the body back as a `T`: what a client would decode (tests look at outputs so).
    pub fn to_output(&self) -> Result<T, serde_json::Error>
    where
        T: DeserializeOwned,
    {
        serde_json::from_slice(&self.body)
    }
}

impl<T> fmt::Debug for Written<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Written")
            .field(&String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// The room a written output starts with before its type has written one.
const WRITTEN_CAPACITY: usize = 1024;

/// Room a body needs past its end to escape one more string: `json-escape-simd` reserves six
/// bytes per byte of the string plus 35 (every byte escaped, its worst case) before it writes,
/// so a buffer sized to the last body's length alone was regrown, and copied, at its last ARN:
/// one `realloc` per answer, about 700 instructions of a DescribeBackupVault's 36,000
/// (docs/benchmarks.md, session 8). 512 covers strings of up to 79 bytes (ARNs, names, ids).
pub const ESCAPE_ROOM: usize = 512;

/// The length of the last body written for one operation or output type. The next one starts
/// with a little more room, so a large answer (a page of a listing) is written without regrowing
/// and copying its buffer on the way, while a small one does not inherit a listing's room.
#[derive(Debug, Default)]
pub struct BodySizeHint(AtomicUsize);

impl BodySizeHint {
    /// No body written yet.
    pub const fn new() -> Self {
        Self(AtomicUsize::new(0))
    }

    /// The room to start the next body with: a little more than the last one and the room
    /// escaping one more string asks for ([`ESCAPE_ROOM`]), never less than `default`; `default`
    /// before the first.
    pub fn capacity(&self, default: usize) -> usize {
        match self.0.load(Ordering::Relaxed) {
            0 => default,
            last => (last + last / 8 + ESCAPE_ROOM).max(default),
        }
    }

    /// Records the length of a body written.
    pub fn remember(&self, len: usize) {
        self.0.store(len, Ordering::Relaxed);
    }
}

/// A typed output structure, written either way: to a body by its [`WriteJson`] (its serde
/// JSON form), or as a JSON value.
pub trait TypedOutput: WriteJson + Send {
    /// As an object keyed by member names.
    fn to_value(&self) -> Result<Value, serde_json::Error>;
}

impl<T: Serialize + WriteJson + Send> TypedOutput for T {
    fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated-style output structure, generic over its string type.
    #[derive(Serialize)]
    struct Page<S> {
        #[serde(rename = "Names")]
        names: Vec<S>,
    }

    impl<S: WriteJson> WriteJson for Page<S> {
        fn write_json(&self, out: &mut Vec<u8>) {
            let mut object = JsonObject::begin(out);
            object.member("\"Names\":", &self.names);
            object.end();
        }
    }

    impl<S: WriteJson> WritesAs<Page<String>> for Page<S> {
        fn size_hint() -> &'static BodySizeHint {
            static HINT: BodySizeHint = BodySizeHint::new();
            &HINT
        }
    }

    #[test]
    fn a_view_is_written_as_the_owned_structure_and_read_back_as_its_value() {
        let stored = ["vault \"one\"".to_owned(), "two\n".to_owned()];
        let view = Page {
            names: stored.iter().map(String::as_str).collect(),
        };
        let written: Written<Page<String>> = Written::new(&view);
        let owned = Page {
            names: stored.to_vec(),
        };
        assert_eq!(written.as_bytes(), serde_json::to_vec(&owned).unwrap());
        let len = written.as_bytes().len();
        assert_eq!(
            Page::<String>::size_hint().capacity(0),
            len + len / 8 + ESCAPE_ROOM
        );
        let value = Output::written(written).into_value().unwrap();
        assert_eq!(
            value,
            serde_json::json!({"Names": ["vault \"one\"", "two\n"]})
        );
    }

    /// A second output type, so that its size hint is its own.
    struct Arns<S>(Vec<S>);

    impl<S: WriteJson> WriteJson for Arns<S> {
        fn write_json(&self, out: &mut Vec<u8>) {
            let mut object = JsonObject::begin(out);
            object.member("\"Arns\":", &self.0);
            object.end();
        }
    }

    impl<S: WriteJson> WritesAs<Arns<String>> for Arns<S> {
        fn size_hint() -> &'static BodySizeHint {
            static HINT: BodySizeHint = BodySizeHint::new();
            &HINT
        }
    }

    #[test]
    fn a_body_like_the_last_one_is_written_without_regrowing_its_buffer() {
        // Longer than the default room, and ending in a long string: the escaper asks for six
        // times its length past the end before it writes.
        let arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:a-vault-name-of-some-length";
        let view = Arns(vec![arn; 40]);
        let first: Written<Arns<String>> = Written::new(&view);
        let room = Arns::<&str>::size_hint().capacity(WRITTEN_CAPACITY);
        assert!(room > first.as_bytes().len() + ESCAPE_ROOM, "{room}");
        let second: Written<Arns<String>> = Written::new(&view);
        assert_eq!(second.as_bytes(), first.as_bytes());
        assert_eq!(second.body.capacity(), room, "the buffer was regrown");
    }

    #[test]
    fn timestamps_round_to_milliseconds_and_serialize_as_numbers() {
        let ts = Timestamp::from_epoch_seconds(1_700_000_000.123_456);
        assert_eq!(ts.epoch_millis(), 1_700_000_000_123);
        assert_eq!(serde_json::to_string(&ts).unwrap(), "1700000000.123");
        let whole = Timestamp::from_epoch_seconds(1_700_000_000.0);
        assert_eq!(serde_json::to_string(&whole).unwrap(), "1700000000");
        let back: Timestamp = serde_json::from_str("1700000000.5").unwrap();
        assert_eq!(back.epoch_millis(), 1_700_000_000_500);
    }

    #[test]
    fn timestamps_convert_to_and_from_offset_date_time() {
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let ts = Timestamp::from(now);
        assert_eq!(ts.to_offset_date_time(), now);
        assert_eq!(ts.plus_seconds(60).epoch_millis(), 1_700_000_060_000);
        assert_eq!(ts.to_string(), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn timestamps_stay_within_the_years_sdks_parse() {
        let latest = Timestamp::from_epoch_millis(Timestamp::MAX_MILLIS);
        assert_eq!(latest.to_string(), "9999-12-31T23:59:59.999Z");
        assert_eq!(
            latest.plus_seconds(i64::MAX).epoch_millis(),
            Timestamp::MAX_MILLIS
        );
        assert_eq!(
            latest.plus_millis(1).to_string(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(latest.checked_plus_millis(1), None);
        assert_eq!(
            Timestamp::from_epoch_seconds(-1e300).epoch_millis(),
            Timestamp::MIN_MILLIS
        );
        assert_eq!(Timestamp::from_epoch_seconds(f64::NAN).epoch_millis(), 0);
        let stored: Timestamp = serde_json::from_str("1e300").unwrap();
        assert_eq!(stored.epoch_millis(), Timestamp::MAX_MILLIS);
        assert_eq!(
            Timestamp::default().checked_plus_millis(86_400_000),
            Some(Timestamp::from_epoch_millis(86_400_000))
        );
    }
}
