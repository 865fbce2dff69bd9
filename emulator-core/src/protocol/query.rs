//! Query strings as AWS clients send them.

use percent_encoding::percent_decode_str;

use crate::ServiceError;

/// Splits and percent-decodes a query string. `+` stays a plus sign: AWS clients encode spaces
/// as `%20`.
pub fn parse_query(raw: Option<&str>) -> Result<Vec<(String, String)>, ServiceError> {
    let decode = |text: &str| {
        percent_decode_str(text)
            .decode_utf8()
            .map(|t| t.into_owned())
            .map_err(|_| {
                ServiceError::new(
                    "MalformedQueryString",
                    "The query string is not valid UTF-8 once percent-decoded",
                )
            })
    };
    raw.unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(key)?, decode(value)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_query;

    #[test]
    fn query_strings_are_decoded_pairwise() {
        let q = parse_query(Some("a=1&b=x%3Ay%2Fz&flag&c=a+b&&d=")).unwrap();
        assert_eq!(
            q,
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x:y/z".into()),
                ("flag".into(), String::new()),
                ("c".into(), "a+b".into()),
                ("d".into(), String::new()),
            ]
        );
        assert!(parse_query(Some("a=%FF")).is_err());
        assert!(parse_query(None).unwrap().is_empty());
    }
}
