//! The summary Polyaxon computes of an event file (`V1Events.get_summary`): step count and the
//! first and last step, the first and last timestamp, and for metrics pandas' `describe()` plus
//! the last value. "min" and "max" of step and timestamp are the first and last rows, as in
//! Polyaxon.
//!
//! Files are read as streams, so memory stays bounded however long a run was: up to
//! [`IN_MEMORY_VALUES`] metric values are kept and sorted for the quartiles; past that, the exact
//! quartiles are found in a few more passes over the file, narrowing each one down by the bits of
//! its value.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde_json::{Map, Value};

use super::timestamp::{iso, parse};

/// The most metric values kept in memory at once (16 MiB of them).
pub(crate) const IN_MEMORY_VALUES: usize = 2 << 20;

/// Something to read the rows of an event file from, once per pass.
pub trait Rows {
    fn reader(&self) -> io::Result<Box<dyn BufRead + '_>>;
}

struct FileRows<'a>(&'a Path);

impl Rows for FileRows<'_> {
    fn reader(&self) -> io::Result<Box<dyn BufRead + '_>> {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            File::open(self.0)?,
        )))
    }
}

struct TextRows<'a>(&'a str);

impl Rows for TextRows<'_> {
    fn reader(&self) -> io::Result<Box<dyn BufRead + '_>> {
        Ok(Box::new(self.0.as_bytes()))
    }
}

/// One row, as far as the summary needs it.
struct Row<'a> {
    step: Option<i64>,
    timestamp: &'a str,
    value: &'a str,
}

/// Calls `each` for every row (header skipped, blank lines ignored as pandas does).
fn for_each_row(rows: &dyn Rows, jsonl: bool, mut each: impl FnMut(Row<'_>)) -> io::Result<()> {
    let mut reader = rows.reader()?;
    let mut line = Vec::with_capacity(256);
    let mut first = true;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let header = std::mem::replace(&mut first, false) && !jsonl;
        // plx writes UTF-8; a line that is not is no row pandas would read either.
        let Ok(text) = std::str::from_utf8(&line) else {
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
        if header || text.trim().is_empty() {
            continue;
        }
        if jsonl {
            let Ok(row) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let step = row.get("step").and_then(Value::as_i64);
            let timestamp = row.get("timestamp").and_then(Value::as_str).unwrap_or("");
            each(Row {
                step,
                timestamp,
                value: "",
            });
        } else {
            let mut cells = text.splitn(3, '|');
            let step = cells.next().and_then(|s| s.trim().parse().ok());
            let timestamp = cells.next().unwrap_or("");
            each(Row {
                step,
                timestamp,
                value: cells.next().unwrap_or(""),
            });
        }
    }
}

/// What one pass over the rows learns.
#[derive(Default)]
struct FirstPass {
    rows: usize,
    steps: usize,
    first_step: Option<i64>,
    last_step: Option<i64>,
    first_time: String,
    last_time: String,
    present: usize,
    sum: f64,
    values: Vec<f64>,
    last_value: f64,
}

/// A file's summary and, for metrics, its last value (for the run's outputs).
pub struct FileSummary {
    pub summary: Map<String, Value>,
    pub last_metric: Option<f64>,
}

/// The summary of the event file at `path`; `None` when it has no row (Polyaxon skips such
/// files).
pub fn summarise_file(path: &Path, kind: &str, jsonl: bool) -> io::Result<Option<FileSummary>> {
    summarise_rows(&FileRows(path), kind, jsonl, IN_MEMORY_VALUES)
}

/// The summary of an event file's text.
pub fn summarise(kind: &str, jsonl: bool, text: &str) -> Option<Map<String, Value>> {
    summarise_rows(&TextRows(text), kind, jsonl, IN_MEMORY_VALUES)
        .ok()
        .flatten()
        .map(|s| s.summary)
}

/// The summary, keeping at most `cap` metric values in memory.
fn summarise_rows(
    rows: &dyn Rows,
    kind: &str,
    jsonl: bool,
    cap: usize,
) -> io::Result<Option<FileSummary>> {
    let metric = kind == "metric" && !jsonl;
    let mut pass = FirstPass {
        last_value: f64::NAN,
        ..FirstPass::default()
    };
    for_each_row(rows, jsonl, |row| {
        if pass.rows == 0 {
            pass.first_step = row.step;
            pass.first_time = row.timestamp.to_string();
        }
        pass.rows += 1;
        pass.steps += usize::from(row.step.is_some());
        pass.last_step = row.step;
        pass.last_time.clear();
        pass.last_time.push_str(row.timestamp);
        if metric {
            let value = parse_float(row.value);
            pass.last_value = value;
            if !value.is_nan() {
                pass.present += 1;
                pass.sum += value;
                if pass.values.len() < cap {
                    pass.values.push(value);
                }
            }
        }
    })?;
    if pass.rows == 0 {
        return Ok(None);
    }

    let mut summary = Map::new();
    summary.insert("is_event".into(), Value::Bool(true));
    if let Some(step) = step_summary(&pass) {
        summary.insert("step".into(), Value::Object(step));
    }
    if let Some(ts) = timestamp_summary(&pass.first_time, &pass.last_time) {
        summary.insert("timestamp".into(), Value::Object(ts));
    }
    let last_metric = metric.then_some(pass.last_value);
    if metric {
        summary.insert(
            "metric".into(),
            Value::Object(describe(rows, &mut pass, cap)?),
        );
    }
    Ok(Some(FileSummary {
        summary,
        last_metric,
    }))
}

fn step_summary(pass: &FirstPass) -> Option<Map<String, Value>> {
    if pass.steps == 0 {
        return None;
    }
    // pandas reads a step column with a blank cell as floats.
    let as_floats = pass.steps < pass.rows;
    let cell = |step: Option<i64>| match (step, as_floats) {
        (Some(s), false) => Value::from(s),
        (Some(s), true) => Value::from(s as f64),
        (None, _) => Value::Null,
    };
    let mut out = Map::new();
    out.insert("count".into(), Value::from(pass.steps));
    out.insert("min".into(), cell(pass.first_step));
    out.insert("max".into(), cell(pass.last_step));
    Some(out)
}

fn timestamp_summary(first: &str, last: &str) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    out.insert("min".into(), Value::String(iso(parse(first)?)));
    out.insert("max".into(), Value::String(iso(parse(last)?)));
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

/// The values of the metric column, read again from `rows`.
fn for_each_value(rows: &dyn Rows, mut each: impl FnMut(f64)) -> io::Result<()> {
    for_each_row(rows, false, |row| {
        let value = parse_float(row.value);
        if !value.is_nan() {
            each(value);
        }
    })
}

/// pandas' `Series.describe()` of the metric column plus `last`.
fn describe(rows: &dyn Rows, pass: &mut FirstPass, cap: usize) -> io::Result<Map<String, Value>> {
    let n = pass.present;
    let mean = if n == 0 {
        f64::NAN
    } else {
        pass.sum / n as f64
    };
    let in_memory = n <= cap;
    let squares = if in_memory {
        pass.values
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .sum::<f64>()
    } else {
        let mut squares = 0.0;
        for_each_value(rows, |v| squares += (v - mean) * (v - mean))?;
        squares
    };
    let std = if n < 2 {
        f64::NAN
    } else {
        (squares / (n - 1) as f64).sqrt()
    };

    let quartiles = [0.0, 0.25, 0.5, 0.75, 1.0];
    let ranks: Vec<usize> = quartiles
        .iter()
        .flat_map(|q| {
            let lower = (q * n.saturating_sub(1) as f64).floor() as usize;
            [lower, (lower + 1).min(n.saturating_sub(1))]
        })
        .collect();
    let ranked = if n == 0 {
        Vec::new()
    } else if in_memory {
        pass.values.sort_by(f64::total_cmp);
        ranks.iter().map(|r| pass.values[*r]).collect()
    } else {
        pass.values = Vec::new();
        select_ranks(rows, &ranks, cap)?
    };
    let quantile = |i: usize| -> f64 {
        if n == 0 {
            return f64::NAN;
        }
        let position = quartiles[i] * (n - 1) as f64;
        let fraction = position - position.floor();
        let (a, b) = (ranked[2 * i], ranked[2 * i + 1]);
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
    for (i, key) in ["min", "25%", "50%", "75%", "max"].into_iter().enumerate() {
        out.insert(key.into(), number(quantile(i)));
    }
    out.insert("last".into(), number(pass.last_value));
    Ok(out)
}

/// A key whose order is the order of the floats (for non-NaN values).
fn order_key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

fn from_order_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// The values at `ranks` (0-based) of the sorted metric column, in bounded memory: each pass
/// counts the values that share a candidate's leading key bits by the next 16 bits, until a
/// candidate's group is small enough to sort or its key is whole.
fn select_ranks(rows: &dyn Rows, ranks: &[usize], cap: usize) -> io::Result<Vec<f64>> {
    const STEP: u32 = 16;
    // Per rank: the key prefix narrowed so far, its length in bits, the rank within it.
    let mut narrowed: Vec<(u64, u32, usize)> = ranks.iter().map(|r| (0, 0, *r)).collect();
    let mut found: Vec<Option<f64>> = vec![None; ranks.len()];
    while found.iter().any(Option::is_none) {
        let open: Vec<usize> = (0..ranks.len()).filter(|i| found[*i].is_none()).collect();
        let mut counts = vec![vec![0usize; 1 << STEP]; open.len()];
        for_each_value(rows, |v| {
            let key = order_key(v);
            for (slot, i) in open.iter().enumerate() {
                let (prefix, bits, _) = narrowed[*i];
                if bits == 0 || key >> (64 - bits) == prefix {
                    counts[slot][((key << bits) >> (64 - STEP)) as usize] += 1;
                }
            }
        })?;
        let mut small = Vec::new();
        for (slot, i) in open.iter().enumerate() {
            let (prefix, bits, rank) = narrowed[*i];
            let mut before = 0;
            let bucket = counts[slot]
                .iter()
                .position(|c| {
                    before += c;
                    before > rank
                })
                .unwrap_or(0);
            let size = counts[slot][bucket];
            let prefix = (prefix << STEP) | bucket as u64;
            narrowed[*i] = (prefix, bits + STEP, rank - (before - size));
            if bits + STEP == 64 {
                found[*i] = Some(from_order_key(prefix));
            } else if size <= cap / ranks.len() {
                small.push(*i);
            }
        }
        if small.is_empty() {
            continue;
        }
        let mut groups: Vec<Vec<f64>> = vec![Vec::new(); small.len()];
        for_each_value(rows, |v| {
            let key = order_key(v);
            for (slot, i) in small.iter().enumerate() {
                let (prefix, bits, _) = narrowed[*i];
                if key >> (64 - bits) == prefix {
                    groups[slot].push(v);
                }
            }
        })?;
        for (slot, i) in small.iter().enumerate() {
            groups[slot].sort_by(f64::total_cmp);
            found[*i] = groups[slot].get(narrowed[*i].2).copied();
        }
    }
    Ok(found.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
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

    #[test]
    // The selection counts into 65 536 buckets per pass, far too slow under Miri, and has no
    // unsafe code of its own for Miri to check.
    #[cfg_attr(miri, ignore)]
    fn quartiles_past_the_memory_cap_are_exact() {
        let mut text = String::from("step|timestamp|metric");
        let mut state = 7u64;
        let rows = 3000;
        for step in 0..rows {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let value = match step % 7 {
                0 => 1.5,
                1 => -((state >> 40) as f64) / 1e3,
                _ => (state >> 11) as f64 / (1u64 << 53) as f64,
            };
            text.push_str(&format!(
                "\n{step}|2026-12-03 15:28:05.452294+00:00|{value}"
            ));
        }
        let whole = summarise_rows(&TextRows(&text), "metric", false, 1 << 20)
            .unwrap()
            .unwrap();
        for cap in [6, 60, rows / 5] {
            let capped = summarise_rows(&TextRows(&text), "metric", false, cap)
                .unwrap()
                .unwrap();
            let (a, b) = (&whole.summary["metric"], &capped.summary["metric"]);
            for key in ["count", "min", "25%", "50%", "75%", "max", "last"] {
                assert_eq!(a[key], b[key], "{key} with a cap of {cap}");
            }
            let (sa, sb) = (a["std"].as_f64().unwrap(), b["std"].as_f64().unwrap());
            assert!((sa - sb).abs() <= 1e-12 * sa.abs(), "std {sa} vs {sb}");
        }
    }
}
