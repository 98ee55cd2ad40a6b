//! Exports of the run's life and paths: open, close, flush, uuid, artifacts and outputs paths.

use std::ffi::c_char;
use std::time::Duration;

use super::boundary::call;
use super::strings::{optional, out_pointer, path_text, string_out, string_out_after, write_out};
use super::{exit, plx_run, plx_status};
use crate::core::location::OpenRequest;
use crate::core::{registry, Error};

/// Opens a run and writes its handle to `*out_run`.
///
/// `root` is the offline root; the run folder is `<root>/runs/<uuid>`. NULL means
/// `$POLYAXON_OFFLINE_ROOT`, else `/tmp/plx/offline`. Inside a Polyaxon-managed job
/// (`$POLYAXON_RUN_INSTANCE` set) a NULL `root` and NULL `uuid` open that job's run in its
/// context folder (`$POLYAXON_CONTEXT_ROOT`, default `/plx-context`, then `artifacts/<uuid>`).
/// `project` is `"owner/project"` or `"project"`; NULL means `"default/default"`.
/// `uuid` is 32 hex digits (dashes allowed); NULL creates a new run. A uuid whose folder holds
/// a run resumes it: its metadata and lineage are reloaded and its event files appended to.
/// When open returns, the folders `outputs/`, `assets/`, `events/`, `plxlogs/` and `resources/`
/// exist. `*out_run` is written only on success.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT` (out_run), `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_UUID`,
/// `PLX_ERR_INVALID_ARGUMENT` (project, empty root), `PLX_ERR_ALREADY_OPEN` (the same run is open
/// in this process), `PLX_ERR_INVALID_JSON` (a resumed run's metadata is corrupt), `PLX_ERR_IO`.
/// Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn plx_run_open(
    root: *const c_char,
    project: *const c_char,
    uuid: *const c_char,
    out_run: *mut plx_run,
) -> plx_status {
    call(|| {
        out_pointer(out_run, "out_run")?;
        // SAFETY: the export's contract (see the module doc) covers each pointer.
        let request = unsafe {
            OpenRequest {
                root: optional(root, "root")?,
                project: optional(project, "project")?,
                uuid: optional(uuid, "uuid")?,
            }
        };

        let handle = registry::open(request)?;
        exit::install();

        // SAFETY: checked non-NULL above; the caller provides a writable plx_run.
        unsafe { write_out(out_run, handle) };
        Ok(())
    })
}

/// Closes a run: writes every pending event, fsyncs the event files, adds one lineage entry
/// per event file and each metric's last value to the outputs, marks the run succeeded unless
/// a final status was logged, and writes `run.plx.json` and, when the run has any lineage,
/// `lineages.plx.json` (Polyaxon writes no empty lineage file). The handle is
/// retired whatever the outcome; a second close returns `PLX_ERR_RUN_CLOSED`.
///
/// Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO` (the run is still closed
/// and everything that could be written was). Thread-safe; calls racing with the close on the
/// same handle either complete before it or return `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub extern "C" fn plx_run_close(run: plx_run) -> plx_status {
    call(|| registry::close(run))
}

/// Writes every event logged so far to disk, and the run's metadata and lineage files, before
/// returning. Background flushes happen anyway (every second by default).
///
/// Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO`. Thread-safe.
#[no_mangle]
pub extern "C" fn plx_run_flush(run: plx_run) -> plx_status {
    call(|| registry::get(run)?.flush())
}

/// Sets how often the run's background writer flushes, in milliseconds (1 to 3 600 000; the
/// default is 1000).
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT`, `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub extern "C" fn plx_run_set_flush_interval(run: plx_run, milliseconds: u32) -> plx_status {
    call(|| {
        if !(1..=3_600_000).contains(&milliseconds) {
            return Err(Error::invalid_argument(format!(
                "milliseconds is {milliseconds}; give 1 to 3600000"
            )));
        }
        registry::get(run)?.set_flush_interval(Duration::from_millis(milliseconds.into()))
    })
}

/// Copies the run's uuid (32 hex digits) into `buf` with the string-out protocol: the length
/// without the NUL goes to `*out_len` (when not NULL); the text and a NUL are written only when
/// `buf_len` is enough; a NULL `buf` with `buf_len` 0 is a size query.
///
/// Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`, `PLX_ERR_BUFFER_TOO_SMALL`,
/// `PLX_ERR_NULL_ARGUMENT` (NULL `buf` with a non-zero `buf_len`).
#[no_mangle]
pub unsafe extern "C" fn plx_run_uuid(
    run: plx_run,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> plx_status {
    call(|| {
        let run = registry::get(run)?;
        // SAFETY: the export's contract covers `buf` and `out_len`.
        unsafe { string_out(run.uuid(), buf, buf_len, out_len) }
    })
}

/// Gives the absolute path of `rel_path` inside the run folder, with the string-out protocol
/// of `plx_run_uuid`. `rel_path` NULL or `""` gives the run folder itself. When the path is
/// written into `buf`, its parent folders are created (not for a size query). The program
/// writes the file itself; record it with a ref call.
///
/// Errors: `PLX_ERR_PATH_ESCAPE` (absolute, or `..` in `rel_path`), `PLX_ERR_INVALID_UTF8`,
/// `PLX_ERR_IO`, `PLX_ERR_BUFFER_TOO_SMALL`, and those of `plx_run_uuid`.
#[no_mangle]
pub unsafe extern "C" fn plx_artifacts_path(
    run: plx_run,
    rel_path: *const c_char,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `rel_path`.
        let rel = unsafe { optional(rel_path, "rel_path") }?;
        let run = registry::get(run)?;
        let path = run.artifacts_path(rel)?;
        let create = || run.create_parent(&path);
        // SAFETY: the export's contract covers `buf` and `out_len`.
        unsafe { string_out_after(path_text(&path)?, buf, buf_len, out_len, create) }
    })
}

/// Like `plx_artifacts_path`, under the run's `outputs/` folder.
#[no_mangle]
pub unsafe extern "C" fn plx_outputs_path(
    run: plx_run,
    rel_path: *const c_char,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `rel_path`.
        let rel = unsafe { optional(rel_path, "rel_path") }?;
        let run = registry::get(run)?;
        let path = run.outputs_path(rel)?;
        let create = || run.create_parent(&path);
        // SAFETY: the export's contract covers `buf` and `out_len`.
        unsafe { string_out_after(path_text(&path)?, buf, buf_len, out_len, create) }
    })
}

/// Pass to `plx_run_set_event_time` to give events the current time again.
pub const PLX_TIME_NOW: i64 = i64::MIN;

/// Sets the time given to every event the run logs from now on, in microseconds since the Unix
/// epoch (UTC), for programs that replay or import past data; `PLX_TIME_NOW` goes back to the
/// clock. The setting belongs to the run, not the thread: threads that log into the same run
/// share it.
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT` (outside the years 1 to 9999), `PLX_ERR_INVALID_HANDLE`,
/// `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub extern "C" fn plx_run_set_event_time(run: plx_run, unix_micros: i64) -> plx_status {
    call(|| {
        const YEAR_1: i64 = -62_135_596_800_000_000;
        const YEAR_10000: i64 = 253_402_300_800_000_000;
        let at = (unix_micros != PLX_TIME_NOW).then_some(unix_micros);
        if at.is_some_and(|t| !(YEAR_1..YEAR_10000).contains(&t)) {
            return Err(Error::invalid_argument(format!(
                "unix_micros {unix_micros} is outside the years 1 to 9999"
            )));
        }
        registry::get(run)?.set_event_time(at)
    })
}

/// Sets this process's rank in a job of `size` processes that log into one run (MPI, SLURM,
/// Polyaxon distributed jobs), for runs opened afterwards. Without it, plx reads
/// `OMPI_COMM_WORLD_RANK`/`OMPI_COMM_WORLD_SIZE`, `PMI_RANK`/`PMI_SIZE`, `PMIX_RANK`/`PMIX_SIZE`
/// or `SLURM_PROCID`/`SLURM_NTASKS`, else it is a single process. Every process opens the run
/// with the same uuid. Rank 0 writes the job's streams under their plain names and owns the
/// run's status; rank r > 0 writes its own files with the suffix `__rank<r>` (metrics, assets,
/// logs, resources), its outputs under `outputs/rank<r>/`, and its refs, inputs and outputs under
/// suffixed names; no file is appended to by two processes. Metadata and lineage are merged
/// under a file lock at every flush and close, so no rank's contribution is lost.
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT` (`rank` not below `size`, or `size` 0).
#[no_mangle]
pub extern "C" fn plx_set_rank(rank: u32, size: u32) -> plx_status {
    call(|| crate::core::rank::set(rank, size))
}
