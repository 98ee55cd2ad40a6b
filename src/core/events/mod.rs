//! Event rows, byte for byte as Polyaxon writes them. One module per payload kind; this file
//! holds what every kind shares: the folder, the file format and the row prefix.

pub mod metric;

use super::timestamp::{push_event_timestamp, Micros};

/// One kind of event stream: the folder under `events/` and whether its file is JSONL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventKind {
    pub folder: &'static str,
    pub jsonl: bool,
}

impl EventKind {
    pub const METRIC: EventKind = EventKind {
        folder: "metric",
        jsonl: false,
    };

    /// What a new file of this kind starts with: the CSV header, or nothing for JSONL.
    pub fn header(&self) -> String {
        if self.jsonl {
            String::new()
        } else {
            format!("step|timestamp|{}", self.folder)
        }
    }
}

/// Appends the start of a CSV row: `\n<step>|<timestamp>|`, with an empty step cell for `None`.
pub fn push_csv_prefix(out: &mut String, step: Option<i64>, timestamp: Micros) {
    out.push('\n');
    if let Some(step) = step {
        push_int(out, step);
    }
    out.push('|');
    push_event_timestamp(out, timestamp);
    out.push('|');
}

/// Appends a decimal integer without going through the formatting machinery.
pub fn push_int(out: &mut String, value: i64) {
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
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_format_like_display() {
        for v in [0, 7, -7, 1234567890, i64::MIN, i64::MAX] {
            let mut out = String::new();
            push_int(&mut out, v);
            assert_eq!(out, v.to_string());
        }
    }
}
