//! Whole runs through the C ABI: concurrency, close, resume, lineage and outputs.

mod common;

use std::sync::Arc;
use std::thread;

use common::{c, open, uuid_of, TempRoot};
use plx::ffi::lineage::plx_log_file_ref;
use plx::ffi::log::plx_log_metric;
use plx::ffi::run::plx_run_close;
use plx::ffi::status::PLX_OK;
use serde_json::Value;

/// The header and the rows of an event file; the empty lines plx pads with are left out.
fn rows(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.ends_with('\n'), "no trailing newline");
    text.split('\n')
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn threads_logging_into_two_runs_lose_no_row() {
    let root = Arc::new(TempRoot::new("threads"));
    let runs = [open(&root, None), open(&root, None)];
    let threads: Vec<_> = (0..4)
        .map(|t| {
            thread::spawn(move || {
                let name = c("loss");
                for i in 0..2000 {
                    for run in runs {
                        let status = unsafe {
                            plx_log_metric(run, name.as_ptr(), (t * 10000 + i) as f64, i)
                        };
                        assert_eq!(status, PLX_OK);
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    for run in runs {
        let folder = root.0.join("runs").join(uuid_of(run));
        assert_eq!(plx_run_close(run), PLX_OK);
        let lines = rows(&folder.join("events/metric/loss.plx"));
        assert_eq!(lines[0], "step|timestamp|metric");
        assert_eq!(lines.len(), 1 + 4 * 2000);
        let times: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.split('|').nth(1).unwrap())
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "rows are in the order of their times"
        );
        let mut values: Vec<i64> = lines[1..]
            .iter()
            .map(|l| l.rsplit('|').next().unwrap().parse::<f64>().unwrap() as i64)
            .collect();
        values.sort();
        let mut expected: Vec<i64> = (0..4)
            .flat_map(|t| (0..2000).map(move |i| t * 10000 + i))
            .collect();
        expected.sort();
        assert_eq!(values, expected);
    }
}

#[test]
fn resuming_appends_without_a_second_header_and_keeps_lineage() {
    let root = TempRoot::new("resume");
    let run = open(&root, None);
    let uuid = uuid_of(run);
    let folder = root.0.join("runs").join(&uuid);
    let name = c("loss");
    let outside = root.0.join("config.yaml");
    std::fs::write(&outside, "lr: 0.1\n").unwrap();
    let outside_c = c(outside.to_str().unwrap());
    unsafe {
        assert_eq!(plx_log_metric(run, name.as_ptr(), 0.9, 1), PLX_OK);
        assert_eq!(
            plx_log_file_ref(
                run,
                outside_c.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                true
            ),
            PLX_OK
        );
    }
    assert_eq!(plx_run_close(run), PLX_OK);

    let run = open(&root, Some(&uuid));
    unsafe { assert_eq!(plx_log_metric(run, name.as_ptr(), 0.4, 2), PLX_OK) };
    assert_eq!(plx_run_close(run), PLX_OK);

    let lines = rows(&folder.join("events/metric/loss.plx"));
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines.iter().filter(|l| l.starts_with("step|")).count(), 1);

    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("run.plx.json")).unwrap())
            .unwrap();
    assert_eq!(meta["status"], "succeeded");
    assert_eq!(meta["outputs"]["loss"], 0.4);
    assert_eq!(meta["meta_info"]["has_metrics"], true);
    let kinds: Vec<&str> = meta["status_conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["created", "running", "succeeded", "running", "succeeded"]
    );

    let lineage: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("lineages.plx.json")).unwrap())
            .unwrap();
    let entries = lineage.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{lineage}");
    assert_eq!(entries[0]["name"], "config");
    assert_eq!(entries[0]["is_input"], true);
    assert_eq!(
        entries[0]["path"],
        outside.canonicalize().unwrap().to_str().unwrap()
    );
    assert_eq!(entries[1]["name"], "loss");
    assert_eq!(entries[1]["summary"]["metric"]["count"], 2.0);
    assert_eq!(entries[1]["summary"]["metric"]["last"], 0.4);
}

#[test]
fn an_event_file_does_not_replace_a_users_ref_of_the_same_name() {
    let root = TempRoot::new("collide");
    let run = open(&root, None);
    let folder = root.0.join("runs").join(uuid_of(run));
    let file = folder.join("outputs/loss.txt");
    std::fs::write(&file, "x").unwrap();
    let path = c(file.to_str().unwrap());
    let name = c("loss");
    unsafe {
        assert_eq!(
            plx_log_file_ref(
                run,
                path.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                false
            ),
            PLX_OK
        );
        assert_eq!(plx_log_metric(run, name.as_ptr(), 1.0, 0), PLX_OK);
    }
    assert_eq!(plx_run_close(run), PLX_OK);
    let lineage: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("lineages.plx.json")).unwrap())
            .unwrap();
    let names: Vec<&str> = lineage
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["loss", "metric-loss"]);
    assert_eq!(lineage[0]["path"], "outputs/loss.txt");
}

#[test]
fn a_close_racing_the_loggers_keeps_exactly_the_rows_that_were_accepted() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let root = TempRoot::new("race");
    let runs = [open(&root, None), open(&root, None), open(&root, None)];
    let accepted = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..6)
        .map(|t| {
            let run = runs[t % runs.len()];
            let accepted = Arc::clone(&accepted);
            thread::spawn(move || {
                let name = c("loss");
                let mut ok = 0usize;
                for i in 0.. {
                    let status = unsafe { plx_log_metric(run, name.as_ptr(), i as f64, i) };
                    if status != PLX_OK {
                        assert_eq!(status, plx::ffi::status::PLX_ERR_RUN_CLOSED);
                        break;
                    }
                    ok += 1;
                    accepted.fetch_add(1, Ordering::Relaxed);
                }
                (run, ok)
            })
        })
        .collect();
    while accepted.load(Ordering::Relaxed) < 30_000 {
        thread::yield_now();
    }
    let folders: Vec<_> = runs
        .iter()
        .map(|r| root.0.join("runs").join(uuid_of(*r)))
        .collect();
    for run in runs {
        assert_eq!(plx_run_close(run), PLX_OK);
    }
    let mut per_run = std::collections::HashMap::new();
    for thread in threads {
        let (run, ok) = thread.join().unwrap();
        *per_run.entry(run).or_insert(0usize) += ok;
    }
    for (run, folder) in runs.iter().zip(&folders) {
        let lines = rows(&folder.join("events/metric/loss.plx"));
        assert_eq!(lines.len() - 1, per_run[run], "every accepted row, once");
        assert!(lines[1..]
            .iter()
            .all(|l| l.split('|').count() == 3 && !l.is_empty()));
    }
}
