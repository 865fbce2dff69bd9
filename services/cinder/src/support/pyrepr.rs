//! Values written the way Python's `repr` writes them: Cinder's validation messages quote the
//! offending value that way (`Value: {'foo': 1}.`).

use serde_json::Value;

/// `value` as Python's `str` writes it: a string bare, anything else as [`repr`] (what a
/// `%s` in Cinder's messages shows).
pub fn str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// `value` as Python would print the decoded JSON.
pub fn repr(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                string(key, out);
                out.push_str(": ");
                write(item, out);
            }
            out.push('}');
        }
    }
}

fn string(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_python_literals() {
        assert_eq!(
            repr(&json!({"a": [1, true, null], "b": "x"})),
            "{'a': [1, True, None], 'b': 'x'}"
        );
        assert_eq!(repr(&json!("it's")), "\"it's\"");
        assert_eq!(str(&json!("x")), "x");
        assert_eq!(str(&json!({"a": "x"})), "{'a': 'x'}");
    }
}
