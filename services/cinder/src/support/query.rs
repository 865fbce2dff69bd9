//! Query strings as OpenStack's Python clients write them (`+` for a space).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Splits and form-decodes `raw` into pairs, in order.
pub fn parse(raw: Option<&str>) -> Vec<(String, String)> {
    let decode = |text: &str| {
        let spaced = text.replace('+', " ");
        percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
    };
    raw.unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// What Python's `urllib.parse.urlencode` leaves unescaped.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `pairs` as `urlencode` writes them.
pub fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(key, UNRESERVED),
                utf8_percent_encode(value, UNRESERVED)
                    .to_string()
                    .replace("%20", "+")
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_form_encoding() {
        let pairs = parse(Some("name=my+backup&limit=2&sort=created_at%3Adesc"));
        assert_eq!(pairs[0], ("name".into(), "my backup".into()));
        assert_eq!(pairs[2].1, "created_at:desc");
        assert_eq!(
            encode(&pairs),
            "name=my+backup&limit=2&sort=created_at%3Adesc"
        );
    }
}
