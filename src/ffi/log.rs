//! Exports that log events.

use std::ffi::c_char;

use super::boundary::call;
use super::strings::{array, required, string_array};
use super::{plx_run, plx_status, step_arg};
use crate::core::registry;

/// Logs a metric value at `step` (or `PLX_NO_STEP`) with the current time, as a row of
/// `events/metric/<name>.plx`. `name` is sanitised as Polyaxon sanitises it (`train/loss`
/// becomes `train__loss`). Any double is accepted, NaN and infinities included. The row is
/// formatted now and written by the run's background writer.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_NAME` (empty, over
/// 200 bytes, or nothing left after sanitising), `PLX_ERR_INVALID_HANDLE`,
/// `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO` (an earlier background write failed; its message names
/// the file). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn plx_log_metric(
    run: plx_run,
    name: *const c_char,
    value: f64,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `name`.
        let name = unsafe { required(name, "name") }?;
        registry::get(run)?.log_metric(name, value, step_arg(step), None)
    })
}

/// Logs `count` metrics at one step and one time: `names[i]` takes `values[i]`. When any name
/// is refused, nothing is logged. `count` 0 logs nothing and succeeds.
///
/// Errors: those of `plx_log_metric`; `PLX_ERR_NULL_ARGUMENT` also for a NULL array or element.
#[no_mangle]
pub unsafe extern "C" fn plx_log_metrics(
    run: plx_run,
    names: *const *const c_char,
    values: *const f64,
    count: usize,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both arrays of `count` items.
        let (names, values) = unsafe {
            (
                string_array(names, count, "names")?,
                array(values, count, "values")?,
            )
        };
        registry::get(run)?.log_metrics(&names, values, step_arg(step), None)
    })
}
