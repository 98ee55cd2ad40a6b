//! Event rows, byte for byte as Polyaxon writes them. One module per payload kind; this file
//! holds what every kind shares: the folder, the file format and the row itself.

pub mod chart;
pub mod confusion;
pub mod curve;
pub mod histogram;
pub mod json_text;
pub mod metric;

use serde_json::Value;

use super::names::ARTIFACT_KINDS;
use super::timestamp::{push_event_timestamp, Micros};
use super::{Error, ErrorKind, Result};
use json_text::{push_csv_payload, push_jsonl_value, push_python_json_string};

/// Text appended to a byte buffer: rows are built as bytes, with no UTF-8 check per piece.
pub trait PushStr {
    fn push_str(&mut self, text: &str);
}

impl PushStr for Vec<u8> {
    fn push_str(&mut self, text: &str) {
        self.extend_from_slice(text.as_bytes());
    }
}

/// One kind of event stream: the folder under `events/` and whether its file is JSONL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventKind {
    pub folder: &'static str,
    pub jsonl: bool,
}

const fn csv(folder: &'static str) -> EventKind {
    EventKind {
        folder,
        jsonl: false,
    }
}

const fn jsonl(folder: &'static str) -> EventKind {
    EventKind {
        folder,
        jsonl: true,
    }
}

impl EventKind {
    pub const METRIC: EventKind = csv("metric");
    pub const TEXT: EventKind = jsonl("text");
    pub const HTML: EventKind = jsonl("html");
    pub const CHART: EventKind = jsonl("chart");
    pub const HISTOGRAM: EventKind = csv("histogram");
    pub const CURVE: EventKind = csv("curve");
    pub const CONFUSION: EventKind = csv("confusion");
    pub const IMAGE: EventKind = csv("image");
    pub const AUDIO: EventKind = csv("audio");
    pub const VIDEO: EventKind = csv("video");
    pub const MODEL: EventKind = csv("model");
    pub const DATAFRAME: EventKind = csv("dataframe");

    /// The kind of stream for a versioned artifact of Polyaxon kind `kind` (`file`, `data`...).
    pub fn artifact(kind: &str) -> Result<EventKind> {
        let folder = ARTIFACT_KINDS.iter().find(|k| **k == kind).ok_or_else(|| {
            Error::invalid_argument(format!("kind '{kind}' is not a Polyaxon artifact kind"))
        })?;
        if matches!(*folder, "html" | "text" | "chart" | "span" | "metric") {
            return Err(Error::invalid_argument(format!(
                "kind '{kind}' is an event kind, not an artifact kind"
            )));
        }
        Ok(csv(folder))
    }

    /// Whether Polyaxon stores files of this folder as JSONL.
    pub fn is_jsonl_folder(folder: &str) -> bool {
        matches!(folder, "html" | "text" | "chart" | "span")
    }

    /// What a new file of this kind starts with: the CSV header, or nothing for JSONL.
    pub fn header(&self) -> String {
        if self.jsonl {
            String::new()
        } else {
            format!("step|timestamp|{}", self.folder)
        }
    }
}

/// The value of one event row.
#[derive(Clone, Debug)]
pub enum Payload {
    /// A metric value, written as Python's float text.
    Metric(f64),
    /// An object, written as compact JSON in the CSV kinds.
    Object(Value),
    /// A string, written as a JSON string in the JSONL kinds.
    Text(String),
}

/// Appends one row of `kind`, starting with `\n`.
pub fn push_row(
    out: &mut Vec<u8>,
    kind: EventKind,
    step: Option<i64>,
    at: Micros,
    payload: &Payload,
) {
    if kind.jsonl {
        out.push_str("\n{\"timestamp\": \"");
        push_event_timestamp(out, at);
        out.push_str("\", \"step\": ");
        match step {
            Some(step) => push_int(out, step),
            None => out.push_str("null"),
        }
        let text = match payload {
            Payload::Text(text) => text.as_str(),
            _ => "",
        };
        push_jsonl_value(out, kind.folder, text);
        return;
    }
    push_csv_prefix(out, step, at);
    match payload {
        Payload::Metric(value) => super::float_text::push_python_float(out, *value),
        Payload::Object(value) => push_csv_payload(out, value),
        Payload::Text(text) => push_python_json_string(out, text),
    }
}

/// Appends the start of a CSV row: `\n<step>|<timestamp>|`, with an empty step cell for `None`.
pub fn push_csv_prefix(out: &mut Vec<u8>, step: Option<i64>, timestamp: Micros) {
    out.push(b'\n');
    if let Some(step) = step {
        push_int(out, step);
    }
    out.push(b'|');
    push_event_timestamp(out, timestamp);
    out.push(b'|');
}

/// Appends a decimal integer without going through the formatting machinery.
pub fn push_int(out: &mut Vec<u8>, value: i64) {
    let mut digits = [0u8; 20];
    let mut n = value.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// A finite float as a JSON number; NaN and infinities are refused, naming `what`.
pub fn finite(value: f64, what: &str) -> Result<Value> {
    serde_json::Number::from_f64(value)
        .map(Value::Number)
        .ok_or_else(|| {
            Error::invalid_argument(format!(
                "{what} is {value}; only finite numbers are allowed"
            ))
        })
}

/// Finite floats as a JSON array, naming the first bad index.
pub fn finite_array(values: &[f64], what: &str) -> Result<Value> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| finite(*v, &format!("{what}[{i}]")))
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

/// Refuses an empty array.
pub fn non_empty<T>(values: &[T], what: &str) -> Result<()> {
    if values.is_empty() {
        Err(Error::new(
            ErrorKind::Empty,
            format!("{what} is empty; give at least one value"),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::timestamp::parse;

    #[test]
    fn integers_format_like_display() {
        for v in [0, 7, -7, 1234567890, i64::MIN, i64::MAX] {
            let mut out = Vec::new();
            push_int(&mut out, v);
            assert_eq!(String::from_utf8_lossy(&out), v.to_string());
        }
    }

    #[test]
    fn jsonl_rows_match_the_format_document() {
        let at = parse("2026-12-03 15:28:05.453330+00:00").unwrap();
        let mut out = Vec::new();
        let text = Payload::Text("hello | world, \"quoted\"\nsecond line".into());
        push_row(&mut out, EventKind::TEXT, Some(1), at, &text);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\n{\"timestamp\": \"2026-12-03 15:28:05.453330+00:00\", \"step\": 1, \"text\": \
             \"hello | world, \\\"quoted\\\"\\nsecond line\"}"
        );
        out.clear();
        push_row(
            &mut out,
            EventKind::TEXT,
            None,
            at,
            &Payload::Text("text without step".into()),
        );
        assert!(String::from_utf8_lossy(&out)
            .contains("\"step\": null, \"text\": \"text without step\"}"));
    }

    #[test]
    fn artifact_kinds_are_checked() {
        assert_eq!(
            EventKind::artifact("file").unwrap().header(),
            "step|timestamp|file"
        );
        assert!(EventKind::artifact("text").is_err());
        assert!(EventKind::artifact("bogus").is_err());
    }
}
