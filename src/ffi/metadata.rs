//! Exports that set the run's metadata: inputs, outputs, tags, name, description, meta,
//! progress and the final status. Everything lands in `run.plx.json`.

use std::ffi::c_char;

use serde_json::{Map, Value};

use super::boundary::call;
use super::strings::{optional, required, string_array};
use super::{plx_run, plx_status};
use crate::core::json::parse_object;
use crate::core::metadata::FinalStatus;
use crate::core::{registry, Error, Result};

/// A final status: the run succeeded.
pub const PLX_FINAL_SUCCEEDED: i32 = 1;
/// A final status: the run failed.
pub const PLX_FINAL_FAILED: i32 = 2;
/// A final status: the run was stopped.
pub const PLX_FINAL_STOPPED: i32 = 3;

fn number(value: f64, what: &str) -> Result<Value> {
    serde_json::Number::from_f64(value)
        .map(Value::Number)
        .ok_or_else(|| {
            Error::invalid_argument(format!("{what} is {value}; JSON has no NaN or infinity"))
        })
}

unsafe fn object_arg(json: *const c_char, what: &str) -> Result<Map<String, Value>> {
    // SAFETY: forwarded contract.
    let text = unsafe { required(json, what) }?;
    parse_object(text, what)
}

fn merge_inputs(run: plx_run, values: Map<String, Value>) -> Result<()> {
    registry::get(run)?.merge_values(false, values)
}

fn merge_outputs(run: plx_run, values: Map<String, Value>) -> Result<()> {
    registry::get(run)?.merge_values(true, values)
}

fn single(name: &str, value: Value) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(name.to_string(), value);
    map
}

/// Merges a JSON object into the run's inputs (its parameters). Keys are sanitised as event
/// names are; a key logged again takes the new value.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_JSON` (not a JSON
/// object), `PLX_ERR_INVALID_NAME` (a key), `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_inputs(run: plx_run, json_object: *const c_char) -> plx_status {
    // SAFETY: the export's contract covers `json_object`.
    call(|| merge_inputs(run, unsafe { object_arg(json_object, "json_object") }?))
}

/// Merges a JSON object into the run's outputs, as `plx_log_inputs` does for inputs. At close
/// the last value of each metric is added too.
#[no_mangle]
pub unsafe extern "C" fn plx_log_outputs(run: plx_run, json_object: *const c_char) -> plx_status {
    // SAFETY: the export's contract covers `json_object`.
    call(|| merge_outputs(run, unsafe { object_arg(json_object, "json_object") }?))
}

/// Sets one numeric input. NaN and infinities are refused (`PLX_ERR_INVALID_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn plx_log_input_number(
    run: plx_run,
    name: *const c_char,
    value: f64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `name`.
        let name = unsafe { required(name, "name") }?;
        merge_inputs(run, single(name, number(value, "value")?))
    })
}

/// Sets one text input.
#[no_mangle]
pub unsafe extern "C" fn plx_log_input_string(
    run: plx_run,
    name: *const c_char,
    value: *const c_char,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both strings.
        let (name, value) = unsafe { (required(name, "name")?, required(value, "value")?) };
        merge_inputs(run, single(name, Value::String(value.into())))
    })
}

/// Sets one numeric output. NaN and infinities are refused (`PLX_ERR_INVALID_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn plx_log_output_number(
    run: plx_run,
    name: *const c_char,
    value: f64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `name`.
        let name = unsafe { required(name, "name") }?;
        merge_outputs(run, single(name, number(value, "value")?))
    })
}

/// Sets one text output.
#[no_mangle]
pub unsafe extern "C" fn plx_log_output_string(
    run: plx_run,
    name: *const c_char,
    value: *const c_char,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both strings.
        let (name, value) = unsafe { (required(name, "name")?, required(value, "value")?) };
        merge_outputs(run, single(name, Value::String(value.into())))
    })
}

/// Adds `count` tags to the run; tags it has already are not repeated. An empty tag is refused
/// (`PLX_ERR_INVALID_ARGUMENT`) and then no tag of the call is added.
#[no_mangle]
pub unsafe extern "C" fn plx_log_tags(
    run: plx_run,
    tags: *const *const c_char,
    count: usize,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers the array of `count` strings.
        let tags = unsafe { string_array(tags, count, "tags") }?;
        if let Some(i) = tags.iter().position(|t| t.is_empty()) {
            return Err(Error::invalid_argument(format!("tags[{i}] is empty")));
        }
        registry::get(run)?.update_meta(|meta| {
            meta.add_tags(tags.iter().copied());
            Ok(())
        })
    })
}

/// Sets the run's display name.
#[no_mangle]
pub unsafe extern "C" fn plx_set_name(run: plx_run, name: *const c_char) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `name`.
        let name = unsafe { required(name, "name") }?;
        if name.is_empty() {
            return Err(Error::invalid_argument("name is empty"));
        }
        registry::get(run)?.update_meta(|meta| {
            meta.name = Some(name.to_string());
            Ok(())
        })
    })
}

/// Sets the run's description; NULL removes it.
#[no_mangle]
pub unsafe extern "C" fn plx_set_description(
    run: plx_run,
    description: *const c_char,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `description`.
        let description = unsafe { optional(description, "description") }?;
        registry::get(run)?.update_meta(|meta| {
            meta.description = description.map(str::to_string);
            Ok(())
        })
    })
}

/// Merges a JSON object into the run's `meta_info`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_meta(run: plx_run, json_object: *const c_char) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `json_object`.
        let values = unsafe { object_arg(json_object, "json_object") }?;
        registry::get(run)?.update_meta(|meta| {
            meta.meta_info.extend(values);
            Ok(())
        })
    })
}

/// Sets the run's progress, from 0 to 1 (`meta_info.progress`).
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT` outside [0, 1] or NaN, and the handle errors.
#[no_mangle]
pub extern "C" fn plx_log_progress(run: plx_run, progress: f64) -> plx_status {
    call(|| {
        if !(0.0..=1.0).contains(&progress) {
            return Err(Error::invalid_argument(format!(
                "progress is {progress}; give 0 to 1"
            )));
        }
        registry::get(run)?.update_meta(|meta| {
            meta.meta_info
                .insert("progress".into(), number(progress, "progress")?);
            Ok(())
        })
    })
}

/// Gives the run its final status: `PLX_FINAL_SUCCEEDED`, `PLX_FINAL_FAILED` or
/// `PLX_FINAL_STOPPED`, with a message (NULL for Polyaxon's default text). Close then keeps this
/// status instead of marking the run succeeded. Logging continues to work until close.
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT` (unknown status), `PLX_ERR_ALREADY_FINISHED` (a final status
/// was given already), `PLX_ERR_INVALID_UTF8`, and the handle errors.
#[no_mangle]
pub unsafe extern "C" fn plx_log_final_status(
    run: plx_run,
    status: i32,
    message: *const c_char,
) -> plx_status {
    call(|| {
        let status = match status {
            PLX_FINAL_SUCCEEDED => FinalStatus::Succeeded,
            PLX_FINAL_FAILED => FinalStatus::Failed,
            PLX_FINAL_STOPPED => FinalStatus::Stopped,
            other => {
                return Err(Error::invalid_argument(format!(
                "status {other} is not PLX_FINAL_SUCCEEDED, PLX_FINAL_FAILED or PLX_FINAL_STOPPED"
            )))
            }
        };
        // SAFETY: the export's contract covers `message`.
        let message = unsafe { optional(message, "message") }?;
        registry::get(run)?.finish(status, None, message)
    })
}
