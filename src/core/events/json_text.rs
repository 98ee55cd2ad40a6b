//! The two JSON dialects of event files. Object payloads in CSV files are compact, as orjson
//! writes them, with `|` escaped as `\u007c` so the three-column split of the row holds. JSONL
//! rows are written as Python's `json.dumps` writes them: `", "` and `": "` separators and
//! every non-ASCII character escaped.

use std::io::Write;

use super::PushStr;

use serde_json::Value;

/// Appends `value` as compact JSON with every `|` escaped. NaN and infinities cannot be in a
/// `Value`, so they never reach the file.
pub fn push_csv_payload(out: &mut Vec<u8>, value: &Value) {
    let compact = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    if compact.contains('|') {
        out.push_str(&compact.replace('|', "\\u007c"));
    } else {
        out.push_str(&compact);
    }
}

/// Appends `text` as a JSON string the way Python's `json.dumps` with `ensure_ascii` does.
pub fn push_python_json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch as u8),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push(b'"');
}

/// Appends the tail of a JSONL row after `"step": ...`: `, "<key>": "<text>"}`.
pub fn push_jsonl_value(out: &mut Vec<u8>, key: &str, text: &str) {
    out.push_str(", \"");
    out.push_str(key);
    out.push_str("\": ");
    push_python_json_string(out, text);
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_strings_escape_like_json_dumps() {
        let mut out = Vec::new();
        push_python_json_string(&mut out, "hello | world, \"quoted\"\nsecond line");
        assert_eq!(
            String::from_utf8_lossy(&out),
            r#""hello | world, \"quoted\"\nsecond line""#
        );
        out.clear();
        push_python_json_string(&mut out, "é\u{1f600}\u{7f}\u{1}");
        assert_eq!(
            String::from_utf8_lossy(&out),
            r#""\u00e9\ud83d\ude00\u007f\u0001""#
        );
    }

    #[test]
    fn csv_payloads_escape_pipes() {
        let mut out = Vec::new();
        push_csv_payload(&mut out, &json!({"kind": "custom", "annotation": "a|b"}));
        assert_eq!(
            String::from_utf8_lossy(&out),
            r#"{"kind":"custom","annotation":"a\u007cb"}"#
        );
        let back: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back["annotation"], "a|b");
    }
}
