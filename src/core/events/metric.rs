//! Metric rows: `\n<step>|<timestamp>|<value as Python's repr>`.

use super::{push_csv_prefix, Micros};
use crate::core::float_text::push_python_float;

/// Appends one metric row. This is the hot path, so it skips the generic payload.
pub fn push_row(out: &mut Vec<u8>, step: Option<i64>, timestamp: Micros, value: f64) {
    push_csv_prefix(out, step, timestamp);
    push_python_float(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::timestamp::parse;

    #[test]
    fn rows_match_the_format_document() {
        let t = parse("2026-12-03 15:28:05.452294+00:00").unwrap();
        let mut out = Vec::new();
        push_row(&mut out, Some(1), t, 0.9);
        push_row(&mut out, None, t, 1.5);
        push_row(&mut out, Some(0), t, 0.001);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\n1|2026-12-03 15:28:05.452294+00:00|0.9\
             \n|2026-12-03 15:28:05.452294+00:00|1.5\
             \n0|2026-12-03 15:28:05.452294+00:00|0.001"
        );
    }
}
