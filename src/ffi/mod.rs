//! The C boundary: thin exports that check their arguments, convert them, call the core and
//! write their outputs. `include/plx.h` is generated from this module by cbindgen.
//!
//! Safety contract of every export, stated once here and in the header: each pointer argument
//! is NULL or points to what its documentation says (a NUL-terminated string, an array of the
//! given count, a writable buffer of the given size) for the duration of the call. NULL is
//! always checked before use.
#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]

pub mod assets;
pub mod boundary;
mod exit;
pub mod lineage;
pub mod log;
pub mod logs;
pub mod metadata;
pub mod run;
pub mod signals;
pub mod status;
pub mod strings;
pub mod version;

/// A run handle from the process-wide registry. 0 is never a valid handle, and a handle is
/// never reused after its run is closed.
pub type plx_run = u64;

/// The result of a call: `PLX_OK` (0) or one of the `PLX_ERR_*` codes. Values are never reused.
pub type plx_status = i32;

/// The step to pass when an event has no step: it is written as an empty step cell.
pub const PLX_NO_STEP: i64 = i64::MIN;

/// Turns the C step convention into the core's.
pub(crate) fn step_arg(step: i64) -> Option<i64> {
    (step != PLX_NO_STEP).then_some(step)
}
