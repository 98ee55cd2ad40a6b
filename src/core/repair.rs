//! Repairs of a run folder that a killed process left behind, applied when the run is resumed:
//! an event file whose last row was cut short by the kill loses that partial row, and a file
//! left with no row at all is removed, so Polyaxon's readers accept every file again.

use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use serde_json::Value;

use super::events::EventKind;
use super::summary::parse_float;
use super::timestamp;
use super::{Error, Result};

/// How far back from the end a repair looks for the start of the last row at first.
const TAIL_WINDOW: u64 = 64 * 1024;

/// Repairs the event files under `<run>/events` and `<run>/resources` and the log files under
/// `<run>/plxlogs` whose stem `owns` accepts. In a run shared by several processes each one
/// repairs only its own files: another rank may be writing its files at this very moment, and a
/// file it has just created, or is half way through a write to, is not damaged.
pub fn repair_run(root: &Path, owns: impl Fn(&str) -> bool) -> Result<()> {
    let owned = |path: &Path, extension: &str| {
        path.extension().and_then(|e| e.to_str()) == Some(extension)
            && path.file_stem().and_then(|s| s.to_str()).is_some_and(&owns)
    };
    for folder in ["events", "resources"] {
        let Ok(kinds) = fs::read_dir(root.join(folder)) else {
            continue;
        };
        for kind_dir in kinds.flatten().filter(|e| e.path().is_dir()) {
            let kind = kind_dir.file_name().to_string_lossy().into_owned();
            let Ok(files) = fs::read_dir(kind_dir.path()) else {
                continue;
            };
            for path in files.flatten().map(|f| f.path()) {
                if owned(&path, "plx") {
                    repair_file(&path, &kind, EventKind::is_jsonl_folder(&kind))?;
                }
            }
        }
    }
    if let Ok(logs) = fs::read_dir(root.join("plxlogs")) {
        for path in logs.flatten().map(|f| f.path()) {
            if owned(&path, "jsonl") {
                repair_file(&path, "logs", true)?;
            }
        }
    }
    Ok(())
}

/// Cuts partial rows, and the padding after the last whole row, off the end of `path`, and
/// removes the file when no row is left.
pub fn repair_file(path: &Path, kind: &str, jsonl: bool) -> Result<()> {
    let io = |e: std::io::Error| Error::io("cannot repair", path, &e);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(io)?;
    loop {
        let len = file.metadata().map_err(io)?.len();
        match last_row(&mut file, len).map_err(io)? {
            Some(row) if row_is_whole(&row.text, kind, jsonl) => {
                if row.end < len {
                    file.set_len(row.end).map_err(io)?;
                }
                return Ok(());
            }
            Some(row) => file.set_len(row.start).map_err(io)?,
            None => {
                drop(file);
                return fs::remove_file(path).map_err(io);
            }
        }
    }
}

/// The last non-empty row of a file: where its `\n` is, where it ends, and its text.
struct LastRow {
    start: u64,
    end: u64,
    text: String,
}

/// The last non-empty row, skipping the empty lines (padding) after it, or `None` when the file
/// has no such row (an empty file, only padding, or a lone CSV header).
fn last_row(file: &mut fs::File, len: u64) -> std::io::Result<Option<LastRow>> {
    let mut window = TAIL_WINDOW;
    loop {
        let start = len.saturating_sub(window);
        file.seek(SeekFrom::Start(start))?;
        let mut tail = Vec::with_capacity((len - start) as usize);
        file.read_to_end(&mut tail)?;
        if let Some(end) = tail.iter().rposition(|b| *b != b'\n').map(|i| i + 1) {
            if let Some(at) = tail[..end].iter().rposition(|b| *b == b'\n') {
                return Ok(Some(LastRow {
                    start: start + at as u64,
                    end: start + end as u64,
                    text: String::from_utf8_lossy(&tail[at + 1..end]).into_owned(),
                }));
            }
        }
        if start == 0 {
            return Ok(None);
        }
        window *= 4;
    }
}

/// Whether a row is whole: a JSON object for the JSONL kinds; otherwise `step|timestamp|value`
/// with a valid step and time and a value that parses as the kind's payload.
fn row_is_whole(row: &str, kind: &str, jsonl: bool) -> bool {
    if jsonl {
        return serde_json::from_str::<Value>(row).is_ok_and(|v| v.is_object());
    }
    let mut cells = row.splitn(3, '|');
    let (Some(step), Some(time), Some(value)) = (cells.next(), cells.next(), cells.next()) else {
        return false;
    };
    let step_ok = step.is_empty() || step.parse::<i64>().is_ok();
    let time_ok = timestamp::parse(time).is_some() && time.len() >= 32;
    let value_ok = if kind == "metric" {
        !parse_float(value).is_nan() || value.trim() == "nan"
    } else {
        serde_json::from_str::<Value>(value).is_ok_and(|v| v.is_object())
    };
    step_ok && time_ok && value_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, kind: &str, jsonl: bool, text: &str) -> Option<String> {
        let dir = std::env::temp_dir().join(format!("plx-repair-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        repair_file(&path, kind, jsonl).unwrap();
        fs::read_to_string(&path).ok()
    }

    const T: &str = "2026-12-03 15:28:05.452294+00:00";

    #[test]
    fn whole_files_are_left_alone() {
        let text = format!("step|timestamp|metric\n1|{T}|0.5\n2|{T}|nan");
        assert_eq!(
            case("whole.plx", "metric", false, &text).as_deref(),
            Some(text.as_str())
        );
        let jsonl = format!("\n{{\"timestamp\": \"{T}\", \"step\": 1, \"text\": \"a\"}}");
        assert_eq!(
            case("whole.jsonl", "text", true, &jsonl).as_deref(),
            Some(jsonl.as_str())
        );
    }

    #[test]
    fn a_cut_last_row_is_removed() {
        let good = format!("step|timestamp|metric\n1|{T}|0.5");
        for cut in [
            format!("{good}\n2|2026-12-03 15:2"),
            format!("{good}\n2|{T}|"),
            format!("{good}\n"),
        ] {
            assert_eq!(
                case("cut.plx", "metric", false, &cut).as_deref(),
                Some(good.as_str()),
                "{cut}"
            );
        }
        let image = format!("step|timestamp|image\n1|{T}|{{\"path\":\"a.png\"}}");
        let cut = format!("{image}\n2|{T}|{{\"path\":\"b.p");
        assert_eq!(
            case("cut-image.plx", "image", false, &cut).as_deref(),
            Some(image.as_str())
        );
        let jsonl = format!("\n{{\"timestamp\": \"{T}\", \"step\": 1, \"text\": \"a\"}}");
        let cut = format!("{jsonl}\n{{\"timestamp\": \"{T}\", \"st");
        assert_eq!(
            case("cut.jsonl", "text", true, &cut).as_deref(),
            Some(jsonl.as_str())
        );
    }

    #[test]
    fn files_without_rows_are_removed() {
        assert_eq!(case("empty.plx", "metric", false, ""), None);
        assert_eq!(
            case("header.plx", "metric", false, "step|timestamp|metric"),
            None
        );
        assert_eq!(
            case(
                "one-cut.plx",
                "metric",
                false,
                &format!("step|timestamp|metric\n1|{T}")
            ),
            None
        );
        assert_eq!(case("empty.jsonl", "text", true, ""), None);
        assert_eq!(case("padding.jsonl", "text", true, "\n\n\n"), None);
        assert_eq!(
            case("padding.plx", "metric", false, "step|timestamp|metric\n\n"),
            None
        );
    }

    #[test]
    fn only_the_files_the_caller_owns_are_repaired() {
        let root = std::env::temp_dir().join(format!("plx-repair-own-{}", std::process::id()));
        let metric = root.join("events/metric");
        fs::create_dir_all(&metric).unwrap();
        fs::create_dir_all(root.join("plxlogs")).unwrap();
        let cut = format!("step|timestamp|metric\n1|{T}|0.5\n2|2026-12");
        for stem in ["loss", "loss__rank1"] {
            fs::write(metric.join(format!("{stem}.plx")), &cut).unwrap();
            fs::write(metric.join(format!("new{stem}.plx")), "").unwrap();
            fs::write(root.join(format!("plxlogs/{stem}.jsonl")), "").unwrap();
        }
        repair_run(&root, |stem| stem.ends_with("__rank1")).unwrap();
        let read = |rel: &str| fs::read_to_string(root.join(rel)).ok();
        // Another rank's files, as it may be writing them, are left exactly as they are.
        assert_eq!(read("events/metric/loss.plx"), Some(cut.clone()));
        assert_eq!(read("events/metric/newloss.plx").as_deref(), Some(""));
        assert_eq!(read("plxlogs/loss.jsonl").as_deref(), Some(""));
        // The caller's own are repaired.
        assert_eq!(
            read("events/metric/loss__rank1.plx"),
            Some(format!("step|timestamp|metric\n1|{T}|0.5"))
        );
        assert_eq!(read("events/metric/newloss__rank1.plx"), None);
        assert_eq!(read("plxlogs/loss__rank1.jsonl"), None);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn padding_after_the_last_whole_row_is_cut_and_padding_before_it_kept() {
        let good = format!("step|timestamp|metric\n1|{T}|0.5\n\n\n2|{T}|1.0");
        let padded = format!("{good}{}", "\n".repeat(70_000));
        assert_eq!(
            case("padded.plx", "metric", false, &padded).as_deref(),
            Some(good.as_str())
        );
        let cut = format!("{good}\n\n\n3|2026-12-03 15:2");
        let cut = format!("{cut}{}", "\n".repeat(10));
        assert_eq!(
            case("padded-cut.plx", "metric", false, &cut).as_deref(),
            Some(good.as_str())
        );
    }
}
