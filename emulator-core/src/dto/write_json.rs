//! The JSON writer behind typed outputs: generated code writes each output structure straight
//! into the response body, with its member names already quoted at generation time.
//!
//! The bytes are exactly the structure's serde JSON form (`serde_json::to_vec`), which the
//! gateway relies on when it writes typed outputs in wire form ([`super::Output::Typed`]): member
//! names in model order, absent members left out, strings escaped as serde_json escapes them,
//! numbers, timestamps and documents written by serde_json itself. It is faster because a
//! structure writes its quoted names as constants instead of escaping them on every call, and
//! strings are escaped with SIMD (`json-escape-simd`) instead of a byte at a time.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::Timestamp;

/// A value that writes its own JSON form, byte for byte the same as `serde_json::to_vec`.
pub trait WriteJson {
    /// Appends the JSON form of `self` to `out`.
    fn write_json(&self, out: &mut Vec<u8>);
}

/// A value written exactly as a `T` holding the same data is: a generated view of an output
/// structure, which borrows its strings (`ListBackupVaultsOutput<&str>` writes as a
/// `ListBackupVaultsOutput`). [`super::Written`] takes these.
pub trait WritesAs<T>: WriteJson {
    /// The size of the last body written as a `T`, shared by every view of it (the generated
    /// impl holds it in a static).
    fn size_hint() -> &'static super::BodySizeHint;
}

/// Writes an object's members one by one, commas between them.
pub struct JsonObject<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> JsonObject<'o> {
    /// Opens an object in `out`.
    pub fn begin(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, empty: true }
    }

    /// Writes one member. `quoted_name` is the member name as a JSON string followed by `:`,
    /// escaped at generation time (`"BackupVaultName":`).
    pub fn member<T: WriteJson + ?Sized>(&mut self, quoted_name: &str, value: &T) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.extend_from_slice(quoted_name.as_bytes());
        value.write_json(self.out);
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push(b'}');
    }
}

/// Decodes `sample` into `T`, then writes it by [`WriteJson`] and by serde_json: for tests that
/// hold generated writers to serde's form (see [`crate::model::samples`]).
pub fn written_both_ways<T>(sample: Value) -> Result<(Vec<u8>, Vec<u8>), serde_json::Error>
where
    T: DeserializeOwned + Serialize + WriteJson,
{
    let typed: T = serde_json::from_value(sample)?;
    let mut ours = Vec::new();
    typed.write_json(&mut ours);
    Ok((ours, serde_json::to_vec(&typed)?))
}

impl WriteJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        json_escape_simd::escape_into(self, out);
    }
}

impl WriteJson for String {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_str().write_json(out);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

/// Numbers, timestamps and documents are rare in outputs and carry no strings worth a fast
/// path: serde_json writes them, so their form cannot drift from serde's.
macro_rules! through_serde_json {
    ($($ty:ty),*) => {$(
        impl WriteJson for $ty {
            fn write_json(&self, out: &mut Vec<u8>) {
                // Writing into a Vec cannot fail, and none of these types has a serde form
                // that can (documents are JSON values, whose keys are strings).
                let _ = serde_json::to_writer(&mut *out, self);
            }
        }
    )*};
}

through_serde_json!(i32, i64, f64, Value);

/// The epoch seconds below which a timestamp is written without formatting a float: there,
/// the shortest decimal of `millis / 1000.0` is the exact decimal `seconds.mmm` (trailing
/// zeros dropped), since a double near 10¹¹ is finer than 10⁻⁵. That covers every date before
/// the year 5138.
const PLAIN_SECONDS: i64 = 100_000_000_000;

impl WriteJson for Timestamp {
    fn write_json(&self, out: &mut Vec<u8>) {
        let millis = self.epoch_millis();
        match u64::try_from(millis) {
            Ok(millis) if (1000..PLAIN_SECONDS as u64 * 1000).contains(&millis) => {
                write_plain_seconds(millis, out);
            }
            _ => {
                let _ = serde_json::to_writer(&mut *out, self);
            }
        }
    }
}

/// Writes `millis / 1000.0` as serde writes it, for `millis` in the plain range: whole seconds
/// as an integer, others with a point and the milliseconds' three digits, less their trailing
/// zeros.
fn write_plain_seconds(millis: u64, out: &mut Vec<u8>) {
    let whole = millis / 1000;
    let fraction = (millis % 1000) as u16;
    let mut digits = itoa::Buffer::new();
    // Dates before 2106 fit in 32 bits, whose digits itoa writes with cheaper arithmetic.
    let whole = match u32::try_from(whole) {
        Ok(whole) => digits.format(whole),
        Err(_) => digits.format(whole),
    };
    let point = [
        b'.',
        b'0' + (fraction / 100) as u8,
        b'0' + (fraction / 10 % 10) as u8,
        b'0' + (fraction % 10) as u8,
    ];
    let point_len = match fraction {
        0 => 0,
        _ if fraction.is_multiple_of(100) => 2,
        _ if fraction.is_multiple_of(10) => 3,
        _ => 4,
    };
    out.reserve(whole.len() + point.len());
    out.extend_from_slice(whole.as_bytes());
    out.extend_from_slice(&point[..point_len]);
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            item.write_json(out);
        }
        out.push(b']');
    }
}

impl<T: WriteJson> WriteJson for BTreeMap<String, T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        for (i, (key, value)) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            key.write_json(out);
            out.push(b':');
            value.write_json(out);
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde<T: WriteJson + serde::Serialize>(value: &T) {
        let mut ours = Vec::new();
        value.write_json(&mut ours);
        let serde = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde)
        );
    }

    #[test]
    fn strings_escape_every_character_as_serde_json_does() {
        let every_ascii: String = (0u8..=0x7f).map(char::from).collect();
        same_as_serde(&every_ascii);
        for text in [
            "",
            "plain",
            "quote \" backslash \\ slash / tab \t newline \n",
            "\u{2028}\u{2029} é ü 漢字 🦀 \u{7f} \u{80} \u{ffff}",
            "a long run of text that spans more than one SIMD block of thirty-two bytes\u{1}",
        ] {
            same_as_serde(&text.to_owned());
        }
    }

    #[test]
    fn numbers_timestamps_and_documents_match_serde_json() {
        for n in [0, -1, i64::MAX, i64::MIN] {
            same_as_serde(&n);
        }
        same_as_serde(&i32::MIN);
        for x in [0.0, -0.5, 1e21, 1.5e-7, f64::NAN, f64::INFINITY] {
            same_as_serde(&x);
        }
        same_as_serde(&Timestamp::from_epoch_seconds(1_700_000_000.0));
        same_as_serde(&Timestamp::from_epoch_seconds(1_700_000_000.25));
        same_as_serde(&serde_json::json!({"b": [1, "two", null], "a": {"c": 1.5}}));
        same_as_serde(&true);
    }

    #[test]
    fn timestamps_match_serde_json_on_both_sides_of_the_plain_range() {
        let mut rng = fastrand::Rng::with_seed(7);
        let edges = [
            0,
            1,
            10,
            100,
            999,
            1000,
            1001,
            1_700_000_000_000,
            1_700_000_000_100,
            1_700_000_000_120,
            1_700_000_000_123,
            PLAIN_SECONDS * 1000 - 1,
            PLAIN_SECONDS * 1000,
            PLAIN_SECONDS * 1000 + 1,
            -1,
            -1_500,
            i64::from(i32::MAX) * 1000 + 7,
        ];
        let random = (0..20_000).map(|_| match rng.u8(0..4) {
            0 => rng.i64(0..3_000_000_000_000),
            1 => rng.i64(0..PLAIN_SECONDS * 1000),
            2 => rng.i64(0..1_000_000),
            _ => rng.i64(-10_000_000_000_000..100_000_000_000_000_000),
        });
        for millis in edges.into_iter().chain(random) {
            same_as_serde(&Timestamp::from_epoch_millis(millis));
        }
        for seconds in [1e-7, 0.5e-3, 1e17, -0.25, 1_700_000_000.123_456] {
            same_as_serde(&Timestamp::from_epoch_seconds(seconds));
        }
    }

    #[test]
    fn timestamps_match_serde_json_for_every_millisecond_in_long_runs() {
        let runs = [
            0..20_000,
            1_699_999_990_000..1_700_000_010_000,
            // Seconds on both sides of 2³², where the writer changes its integer width.
            4_294_967_290_000..4_294_967_300_000,
            PLAIN_SECONDS * 1000 - 10_000..PLAIN_SECONDS * 1000 + 10_000,
            Timestamp::MAX_MILLIS - 10_000..Timestamp::MAX_MILLIS + 1,
            Timestamp::MIN_MILLIS..Timestamp::MIN_MILLIS + 10_000,
            -10_000..0,
        ];
        for millis in runs.into_iter().flatten() {
            same_as_serde(&Timestamp::from_epoch_millis(millis));
        }
        // Powers of ten and their neighbours: every length of the seconds' digits.
        for power in 0..15 {
            let n = 10_i64.pow(power);
            for millis in [n - 1, n, n + 1, 3 * n, 9 * n + 999] {
                same_as_serde(&Timestamp::from_epoch_millis(millis));
            }
        }
    }

    #[test]
    fn lists_maps_and_boxes_match_serde_json() {
        same_as_serde(&Vec::<String>::new());
        same_as_serde(&vec!["a".to_owned(), "\"b\"".to_owned()]);
        let map: BTreeMap<String, Vec<i32>> =
            [("k\n".to_owned(), vec![1, 2]), ("a".to_owned(), vec![])].into();
        same_as_serde(&map);
        same_as_serde(&BTreeMap::<String, bool>::new());
        same_as_serde(&Box::new("boxed".to_owned()));
    }

    #[test]
    fn objects_separate_members_with_commas() {
        let mut out = Vec::new();
        let mut object = JsonObject::begin(&mut out);
        object.member("\"A\":", "x");
        object.member("\"B\":", &1_i64);
        object.end();
        assert_eq!(out, br#"{"A":"x","B":1}"#);
        let mut out = Vec::new();
        JsonObject::begin(&mut out).end();
        assert_eq!(out, b"{}");
    }
}
