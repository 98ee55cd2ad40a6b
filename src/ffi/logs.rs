//! Exports that fill the run's `plxlogs/` and `resources/` folders: log lines, output capture
//! and system resource sampling. Capture and sampling are off unless asked for.

use std::ffi::c_char;
use std::time::Duration;

use super::boundary::call;
use super::strings::required;
use super::{plx_run, plx_status};
use crate::core::{registry, Error};

/// Appends text to the run's log, `plxlogs/logs.jsonl`, one Polyaxon log row per line (line
/// breaks split the text; empty lines are left out; lines over 32 KiB are split).
///
/// Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_HANDLE`,
/// `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO` (an earlier background write failed). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn plx_log_line(run: plx_run, text: *const c_char) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `text`.
        let text = unsafe { required(text, "text") }?;
        registry::get(run)?.log_lines(text)
    })
}

/// Copies everything the process writes to its file descriptors 1 and 2 (C `printf`, C++
/// streams, Go and Julia output alike) into the run's log, line by line, while it still reaches
/// the original terminal or file. It lasts until `plx_run_stop_output_capture` or close, which
/// flush C's stdio buffers and restore both descriptors exactly. `plx_run_flush` also drains the
/// capture. When stdout and stderr lead to the same file their lines keep their exact order;
/// otherwise each keeps its own. Starting it twice is harmless. Capture is process-wide: only one
/// run may capture at a time.
///
/// Errors: `PLX_ERR_BUSY` (another run captures), `PLX_ERR_IO`, `PLX_ERR_INVALID_HANDLE`,
/// `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub extern "C" fn plx_run_start_output_capture(run: plx_run) -> plx_status {
    call(|| registry::get(run)?.start_capture())
}

/// Stops the output capture of the run and restores descriptors 1 and 2; harmless when the run
/// does not capture.
///
/// Errors: `PLX_ERR_IO` (a descriptor could not be restored), `PLX_ERR_INVALID_HANDLE`,
/// `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub extern "C" fn plx_run_stop_output_capture(run: plx_run) -> plx_status {
    call(|| registry::get(run)?.stop_capture())
}

/// Samples system resources every `interval_ms` milliseconds (10 to 86 400 000; Polyaxon uses
/// 10 000) into `resources/metric/`: `cpu` and `memory` (percent), `load` (1-minute load
/// average), `process_cpu` (percent of one core) and `process_memory` (resident bytes) of this
/// process, and, when an NVIDIA driver is present, `gpu_<i>_utilization`,
/// `gpu_<i>_memory_used` and `gpu_<i>_memory_free` (bytes). The first sample is taken at once.
/// Calling it again changes the interval. Sampling stops at close.
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT` (interval), `PLX_ERR_IO`, `PLX_ERR_INVALID_HANDLE`,
/// `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub extern "C" fn plx_run_start_resource_sampling(run: plx_run, interval_ms: u32) -> plx_status {
    call(|| {
        if !(10..=86_400_000).contains(&interval_ms) {
            return Err(Error::invalid_argument(format!(
                "interval_ms is {interval_ms}; give 10 to 86400000"
            )));
        }
        registry::get(run)?.start_resources(Duration::from_millis(interval_ms.into()))
    })
}

/// Stops sampling system resources; harmless when the run does not sample.
///
/// Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub extern "C" fn plx_run_stop_resource_sampling(run: plx_run) -> plx_status {
    call(|| registry::get(run)?.stop_resources())
}
