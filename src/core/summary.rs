//! The summary Polyaxon computes of an event file (`V1Events.get_summary`): step count and the
//! first and last step, the first and last timestamp, and for metrics pandas' `describe()` plus
//! the last value. "min" and "max" of step and timestamp are the first and last rows, as in
//! Polyaxon.

use serde_json::{Map, Value};

use super::timestamp::{iso, parse};

/// One row of an event file, as far as the summary needs it.
struct Row<'a> {
    step: Option<i64>,
    timestamp: Option<&'a str>,
    value: &'a str,
}

/// The rows of a CSV event file (header skipped, blank lines ignored as pandas does).
fn csv_rows(text: &str) -> Vec<Row<'_>> {
    text.split('\n')
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut cells = line.splitn(3, '|');
            let step = cells.next().and_then(|s| s.trim().parse().ok());
            let timestamp = cells.next();
            Row {
                step,
                timestamp,
                value: cells.next().unwrap_or(""),
            }
        })
        .collect()
}

/// The rows of a JSONL event file.
fn jsonl_rows(text: &str) -> Vec<(Option<i64>, Option<String>)> {
    text.split('\n')
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|row| {
            let step = row.get("step").and_then(Value::as_i64);
            let ts = row
                .get("timestamp")
                .and_then(Value::as_str)
                .map(str::to_string);
            (step, ts)
        })
        .collect()
}

/// The summary of an event file's text; `None` when it has no row (Polyaxon skips such files).
pub fn summarise(kind: &str, jsonl: bool, text: &str) -> Option<Map<String, Value>> {
    let (steps, timestamps, values): (Vec<Option<i64>>, Vec<Option<String>>, Vec<&str>) = if jsonl {
        let rows = jsonl_rows(text);
        let (steps, ts) = rows.into_iter().unzip();
        (steps, ts, Vec::new())
    } else {
        let rows = csv_rows(text);
        let steps = rows.iter().map(|r| r.step).collect();
        let ts = rows
            .iter()
            .map(|r| r.timestamp.map(str::to_string))
            .collect();
        let values = rows.iter().map(|r| r.value).collect();
        (steps, ts, values)
    };
    if steps.is_empty() {
        return None;
    }

    let mut summary = Map::new();
    summary.insert("is_event".into(), Value::Bool(true));
    if let Some(step) = step_summary(&steps) {
        summary.insert("step".into(), Value::Object(step));
    }
    if let Some(ts) = timestamp_summary(&timestamps) {
        summary.insert("timestamp".into(), Value::Object(ts));
    }
    if kind == "metric" {
        let numbers: Vec<f64> = values.iter().map(|v| parse_float(v)).collect();
        summary.insert("metric".into(), Value::Object(describe(&numbers)));
    }
    Some(summary)
}

fn step_summary(steps: &[Option<i64>]) -> Option<Map<String, Value>> {
    let count = steps.iter().filter(|s| s.is_some()).count();
    if count == 0 {
        return None;
    }
    // pandas reads a step column with a blank cell as floats.
    let as_floats = count < steps.len();
    let cell = |step: Option<i64>| match (step, as_floats) {
        (Some(s), false) => Value::from(s),
        (Some(s), true) => Value::from(s as f64),
        (None, _) => Value::Null,
    };
    let mut out = Map::new();
    out.insert("count".into(), Value::from(count));
    out.insert("min".into(), cell(steps[0]));
    out.insert("max".into(), cell(steps[steps.len() - 1]));
    Some(out)
}

fn timestamp_summary(timestamps: &[Option<String>]) -> Option<Map<String, Value>> {
    let first = timestamps.first()?.as_deref().and_then(parse)?;
    let last = timestamps.last()?.as_deref().and_then(parse)?;
    let mut out = Map::new();
    out.insert("min".into(), Value::String(iso(first)));
    out.insert("max".into(), Value::String(iso(last)));
    Some(out)
}

/// Parses a metric cell as pandas does: Python float text, `nan`, `inf`; anything else is NaN.
pub fn parse_float(text: &str) -> f64 {
    text.trim().parse().unwrap_or(f64::NAN)
}

/// A float as JSON, NaN and infinities as null (what orjson writes for them).
fn number(value: f64) -> Value {
    serde_json::Number::from_f64(value)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// pandas' `Series.describe()` of a float column plus `last`.
fn describe(values: &[f64]) -> Map<String, Value> {
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    present.sort_by(f64::total_cmp);
    let n = present.len();
    let mean = if n == 0 {
        f64::NAN
    } else {
        present.iter().sum::<f64>() / n as f64
    };
    let std = if n < 2 {
        f64::NAN
    } else {
        let squares: f64 = present.iter().map(|v| (v - mean) * (v - mean)).sum();
        (squares / (n - 1) as f64).sqrt()
    };
    let quantile = |q: f64| -> f64 {
        if n == 0 {
            return f64::NAN;
        }
        let position = q * (n - 1) as f64;
        let lower = position.floor() as usize;
        let upper = (lower + 1).min(n - 1);
        let fraction = position - lower as f64;
        let (a, b) = (present[lower], present[upper]);
        // numpy's linear interpolation, which pandas uses: from below up to the midpoint,
        // from above past it.
        if fraction >= 0.5 {
            b - (b - a) * (1.0 - fraction)
        } else {
            a + (b - a) * fraction
        }
    };
    let mut out = Map::new();
    out.insert("count".into(), number(n as f64));
    out.insert("mean".into(), number(mean));
    out.insert("std".into(), number(std));
    out.insert("min".into(), number(quantile(0.0)));
    out.insert("25%".into(), number(quantile(0.25)));
    out.insert("50%".into(), number(quantile(0.5)));
    out.insert("75%".into(), number(quantile(0.75)));
    out.insert("max".into(), number(quantile(1.0)));
    out.insert(
        "last".into(),
        number(values.last().copied().unwrap_or(f64::NAN)),
    );
    out
}

/// The last metric value of a metric file, for the run's outputs.
pub fn last_metric(text: &str) -> Option<f64> {
    csv_rows(text).last().map(|row| parse_float(row.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOSS: &str = "step|timestamp|metric\n\
        1|2026-12-03 15:28:05.452294+00:00|0.9\n\
        2|2026-12-03 15:28:05.452476+00:00|0.6\n\
        3|2026-12-03 15:28:05.452550+00:00|0.4";

    #[test]
    fn metric_summary_matches_the_reference_run() {
        let summary = summarise("metric", false, LOSS).unwrap();
        let json = serde_json::to_string(&summary).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"is_event":true,"step":{"count":3,"min":1,"max":3},"#,
                r#""timestamp":{"min":"2026-12-03T15:28:05.452294+00:00","#,
                r#""max":"2026-12-03T15:28:05.452550+00:00"},"metric":{"count":3.0,"#,
                r#""mean":0.6333333333333333,"std":0.2516611478423583,"min":0.4,"#,
                r#""25%":0.5,"50%":0.6,"75%":0.75,"max":0.9,"last":0.4}}"#,
            )
        );
    }

    #[test]
    fn a_single_stepless_value_has_null_std_and_no_step() {
        let text = "step|timestamp|metric\n|2026-12-03 15:28:05.199694+00:00|2.2";
        let summary = summarise("metric", false, text).unwrap();
        assert!(summary.get("step").is_none());
        assert_eq!(summary["metric"]["std"], Value::Null);
        assert_eq!(summary["metric"]["last"], 2.2);
    }

    #[test]
    fn header_only_files_have_no_summary() {
        assert!(summarise("metric", false, "step|timestamp|metric").is_none());
        assert!(summarise("text", true, "").is_none());
    }

    #[test]
    fn jsonl_files_have_step_and_timestamp() {
        let text =
            "\n{\"timestamp\": \"2026-12-03 15:28:05.453330+00:00\", \"step\": 1, \"text\": \"a\"}";
        let summary = summarise("text", true, text).unwrap();
        assert_eq!(summary["step"]["count"], 1);
        assert!(summary.get("text").is_none());
    }
}
