//! The C ABI under bad input: each bad argument gets its own status and a message naming it,
//! and the process carries on.

mod common;

use std::ffi::c_char;
use std::ptr::null;

use common::{c, last_error, open, uuid_of, TempRoot};
use plx::ffi::lineage::plx_log_artifact_ref;
use plx::ffi::log::{plx_log_metric, plx_log_metrics};
use plx::ffi::metadata::{
    plx_log_final_status, plx_log_inputs, plx_log_progress, plx_log_tags, PLX_FINAL_FAILED,
};
use plx::ffi::run::{
    plx_artifacts_path, plx_outputs_path, plx_run_close, plx_run_flush, plx_run_open, plx_run_uuid,
};
use plx::ffi::status::*;
use plx::ffi::version::{plx_last_error_message, plx_status_str};
use plx::ffi::PLX_NO_STEP;

#[test]
fn null_arguments_are_refused_by_name() {
    let root = TempRoot::new("null");
    let run = open(&root, None);
    let cases: Vec<(i32, &str)> = unsafe {
        vec![
            (
                plx_run_open(null(), null(), null(), std::ptr::null_mut()),
                "out_run",
            ),
            (plx_log_metric(run, null(), 1.0, 0), "name"),
            (
                plx_log_artifact_ref(run, null(), null(), null(), null(), false),
                "path",
            ),
            (plx_log_inputs(run, null()), "json_object"),
            (plx_log_metrics(run, null(), null(), 2, 0), "names"),
            (
                plx_run_uuid(run, std::ptr::null_mut(), 10, std::ptr::null_mut()),
                "buf",
            ),
        ]
    };
    for (status, what) in cases {
        assert_eq!(status, PLX_ERR_NULL_ARGUMENT, "{what}");
    }
    unsafe { plx_log_metric(run, null(), 1.0, 0) };
    assert!(last_error().contains("name is NULL"), "{}", last_error());
    assert_eq!(plx_run_close(run), PLX_OK);
}

#[test]
fn handles_that_are_zero_unknown_or_closed() {
    let root = TempRoot::new("handles");
    let name = c("loss");
    assert_eq!(
        unsafe { plx_log_metric(0, name.as_ptr(), 1.0, 0) },
        PLX_ERR_INVALID_HANDLE
    );
    assert!(last_error().contains("handle 0"));
    assert_eq!(
        unsafe { plx_log_metric(u64::MAX, name.as_ptr(), 1.0, 0) },
        PLX_ERR_INVALID_HANDLE
    );
    assert!(last_error().contains("never issued"));
    let run = open(&root, None);
    assert_eq!(plx_run_close(run), PLX_OK);
    assert_eq!(plx_run_close(run), PLX_ERR_RUN_CLOSED);
    assert!(last_error().contains("is closed"));
    assert_eq!(
        unsafe { plx_log_metric(run, name.as_ptr(), 1.0, 0) },
        PLX_ERR_RUN_CLOSED
    );
    assert_eq!(plx_run_flush(run), PLX_ERR_RUN_CLOSED);
}

#[test]
fn string_out_protocol_queries_and_never_truncates() {
    let root = TempRoot::new("strings");
    let run = open(&root, None);
    let mut len = 0usize;
    assert_eq!(
        unsafe { plx_run_uuid(run, std::ptr::null_mut(), 0, &mut len) },
        PLX_OK
    );
    assert_eq!(len, 32);
    let mut small = [b'x' as c_char; 32];
    let mut needed = 0usize;
    let status = unsafe { plx_run_uuid(run, small.as_mut_ptr(), small.len(), &mut needed) };
    assert_eq!(status, PLX_ERR_BUFFER_TOO_SMALL);
    assert_eq!(needed, 32);
    assert!(
        small.iter().all(|&b| b == b'x' as c_char),
        "a refused call wrote into the buffer"
    );
    assert!(last_error().contains("33 bytes are needed"));
    assert_eq!(uuid_of(run).len(), 32);
    assert_eq!(plx_run_close(run), PLX_OK);
}

#[test]
fn paths_cannot_escape_the_run() {
    let root = TempRoot::new("paths");
    let run = open(&root, None);
    let mut buf = vec![0 as c_char; 4096];
    let mut len = 0usize;
    for bad in ["../x", "a/../../x", "/etc/passwd"] {
        let rel = c(bad);
        let status =
            unsafe { plx_outputs_path(run, rel.as_ptr(), buf.as_mut_ptr(), buf.len(), &mut len) };
        assert_eq!(status, PLX_ERR_PATH_ESCAPE, "{bad}");
        assert!(last_error().contains(bad), "{}", last_error());
    }
    let rel = c("ckpt/model.bin");
    let status =
        unsafe { plx_outputs_path(run, rel.as_ptr(), buf.as_mut_ptr(), buf.len(), &mut len) };
    assert_eq!(status, PLX_OK);
    let path: String = buf[..len].iter().map(|&b| b as u8 as char).collect();
    assert!(path.ends_with("/outputs/ckpt/model.bin"), "{path}");
    assert!(
        std::path::Path::new(&path).parent().unwrap().is_dir(),
        "parent folder created"
    );
    let status = unsafe { plx_artifacts_path(run, null(), buf.as_mut_ptr(), buf.len(), &mut len) };
    assert_eq!(status, PLX_OK);
    assert!(root
        .0
        .join("runs")
        .join(uuid_of(run))
        .join("outputs")
        .is_dir());
    assert_eq!(plx_run_close(run), PLX_OK);
}

#[test]
fn invalid_utf8_names_and_vanishing_names_write_nothing() {
    let root = TempRoot::new("utf8");
    let run = open(&root, None);
    let bad = [0xffu8 as c_char, 0xfe_u8 as c_char, 0];
    assert_eq!(
        unsafe { plx_log_metric(run, bad.as_ptr(), 1.0, 0) },
        PLX_ERR_INVALID_UTF8
    );
    assert!(last_error().contains("name is not valid UTF-8"));
    for name in ["", "@@", &"n".repeat(300)] {
        let name = c(name);
        assert_eq!(
            unsafe { plx_log_metric(run, name.as_ptr(), 1.0, 0) },
            PLX_ERR_INVALID_NAME
        );
    }
    let good = c("ok");
    let bad_name = c("@@");
    let names = [good.as_ptr(), bad_name.as_ptr()];
    let values = [1.0, 2.0];
    assert_eq!(
        unsafe { plx_log_metrics(run, names.as_ptr(), values.as_ptr(), 2, 0) },
        PLX_ERR_INVALID_NAME
    );
    assert_eq!(plx_run_flush(run), PLX_OK);
    let metric_dir = root.0.join("runs").join(uuid_of(run)).join("events/metric");
    let files: Vec<_> = std::fs::read_dir(&metric_dir)
        .map(|d| d.flatten().collect())
        .unwrap_or_default();
    assert!(files.is_empty(), "a refused call wrote {files:?}");
    assert_eq!(plx_run_close(run), PLX_OK);
}

#[test]
fn bad_uuids_json_tags_progress_and_statuses() {
    let root = TempRoot::new("misc");
    let mut run = 0;
    let bad_uuid = c("not-a-uuid");
    let status = unsafe { plx_run_open(root.c().as_ptr(), null(), bad_uuid.as_ptr(), &mut run) };
    assert_eq!(status, PLX_ERR_INVALID_UUID);
    assert_eq!(run, 0, "out_run is written only on success");
    let run = open(&root, None);
    let uuid = c(&uuid_of(run));
    let mut again = 0;
    let status = unsafe { plx_run_open(root.c().as_ptr(), null(), uuid.as_ptr(), &mut again) };
    assert_eq!(status, PLX_ERR_ALREADY_OPEN);
    for json in ["{", "[1,2]", "3"] {
        let json = c(json);
        assert_eq!(
            unsafe { plx_log_inputs(run, json.as_ptr()) },
            PLX_ERR_INVALID_JSON
        );
    }
    let empty = c("");
    let tags = [empty.as_ptr()];
    assert_eq!(
        unsafe { plx_log_tags(run, tags.as_ptr(), 1) },
        PLX_ERR_INVALID_ARGUMENT
    );
    assert_eq!(plx_log_progress(run, 1.5), PLX_ERR_INVALID_ARGUMENT);
    assert_eq!(plx_log_progress(run, f64::NAN), PLX_ERR_INVALID_ARGUMENT);
    assert_eq!(
        unsafe { plx_log_final_status(run, 99, null()) },
        PLX_ERR_INVALID_ARGUMENT
    );
    assert_eq!(
        unsafe { plx_log_final_status(run, PLX_FINAL_FAILED, null()) },
        PLX_OK
    );
    assert_eq!(
        unsafe { plx_log_final_status(run, PLX_FINAL_FAILED, null()) },
        PLX_ERR_ALREADY_FINISHED
    );
    let empty = c("");
    let status =
        unsafe { plx_log_artifact_ref(run, empty.as_ptr(), null(), null(), null(), false) };
    assert_eq!(
        status, PLX_ERR_INVALID_ARGUMENT,
        "an empty path, with no name"
    );
    let kind = c("nonsense");
    let path = c("/tmp/x");
    let status =
        unsafe { plx_log_artifact_ref(run, path.as_ptr(), kind.as_ptr(), null(), null(), false) };
    assert_eq!(status, PLX_ERR_INVALID_ARGUMENT);
    assert!(last_error().contains("nonsense"));
    assert_eq!(plx_run_close(run), PLX_OK);
    let meta = std::fs::read_to_string(
        root.0
            .join("runs")
            .join(uuid.to_str().unwrap())
            .join("run.plx.json"),
    )
    .unwrap();
    assert!(meta.contains(r#""status":"failed""#), "{meta}");
}

#[test]
fn the_error_getter_keeps_the_message_and_reports_its_length() {
    let name = c("loss");
    assert_eq!(
        unsafe { plx_log_metric(0, name.as_ptr(), 1.0, 0) },
        PLX_ERR_INVALID_HANDLE
    );
    let mut len = 0usize;
    let status = unsafe { plx_last_error_message(std::ptr::null_mut(), 0, &mut len) };
    assert_eq!(status, PLX_OK);
    let mut tiny = [0 as c_char; 4];
    let status = unsafe { plx_last_error_message(tiny.as_mut_ptr(), tiny.len(), &mut len) };
    assert_eq!(status, PLX_ERR_BUFFER_TOO_SMALL);
    assert_eq!(
        last_error().len(),
        len,
        "a too-small buffer did not replace the message"
    );
    assert_eq!(last_error(), "run handle 0 is never valid");
}

#[test]
fn every_status_has_text() {
    for status in 0..=19 {
        let text = unsafe { std::ffi::CStr::from_ptr(plx_status_str(status)) };
        assert!(!text.to_bytes().is_empty());
        assert_ne!(text.to_str().unwrap(), "unknown status code", "{status}");
    }
    let unknown = unsafe { std::ffi::CStr::from_ptr(plx_status_str(-5)) };
    assert_eq!(unknown.to_str().unwrap(), "unknown status code");
}

#[test]
fn stepless_metrics_have_an_empty_step_cell() {
    let root = TempRoot::new("nostep");
    let run = open(&root, None);
    let name = c("lr");
    assert_eq!(
        unsafe { plx_log_metric(run, name.as_ptr(), 0.5, PLX_NO_STEP) },
        PLX_OK
    );
    assert_eq!(plx_run_flush(run), PLX_OK);
    let text = std::fs::read_to_string(
        root.0
            .join("runs")
            .join(uuid_of(run))
            .join("events/metric/lr.plx"),
    )
    .unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(row.starts_with('|') && row.ends_with("|0.5"), "{row}");
    assert_eq!(plx_run_close(run), PLX_OK);
}

#[test]
fn hostile_sizes_names_and_numbers_are_refused_without_writing() {
    use plx::ffi::assets::plx_log_image;
    use plx::ffi::log::{plx_log_curve, plx_log_histogram};
    use plx::ffi::metadata::plx_log_input_number;
    let root = TempRoot::new("hostile");
    let run = open(&root, None);
    let huge_name = c(&"x".repeat(4 << 20));
    assert_eq!(
        unsafe { plx_log_metric(run, huge_name.as_ptr(), 1.0, 0) },
        PLX_ERR_INVALID_NAME
    );
    assert!(last_error().contains("bytes long"));
    let name = c("img");
    let pixel = [0u8; 4];
    // u32::MAX squared times 4 overflows any buffer: refused before the pointer is read.
    let status =
        unsafe { plx_log_image(run, name.as_ptr(), pixel.as_ptr(), u32::MAX, u32::MAX, 4, 0) };
    assert_eq!(status, PLX_ERR_LIMIT);
    let values = [1.0f64];
    // A "negative" count from C arrives as a huge size_t.
    let negative = (-1isize) as usize;
    assert_eq!(
        unsafe { plx_log_histogram(run, name.as_ptr(), values.as_ptr(), negative, 4, 0) },
        PLX_ERR_INVALID_ARGUMENT
    );
    let x = [0.0, f64::NAN];
    assert_eq!(
        unsafe { plx_log_curve(run, name.as_ptr(), x.as_ptr(), x.as_ptr(), 2, null(), 0) },
        PLX_ERR_INVALID_ARGUMENT
    );
    assert!(last_error().contains("x[1]"));
    assert_eq!(
        unsafe { plx_log_input_number(run, name.as_ptr(), f64::INFINITY) },
        PLX_ERR_INVALID_ARGUMENT
    );
    assert_eq!(plx_run_flush(run), PLX_OK);
    let folder = root.0.join("runs").join(uuid_of(run));
    for sub in ["events", "assets"] {
        let files: Vec<_> = walk(&folder.join(sub));
        assert!(files.is_empty(), "refused calls wrote {files:?}");
    }
    assert_eq!(plx_run_close(run), PLX_OK);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
