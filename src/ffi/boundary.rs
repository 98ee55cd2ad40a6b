//! The one helper every export runs through: it clears this thread's last error, catches any
//! panic, and maps a core error to its status while keeping its message for
//! `plx_last_error_message`.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::plx_status;
use super::status::{status_of, PLX_ERR_INTERNAL, PLX_OK};
use crate::core::Result;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// Runs an export's body: clears the last error, then returns `PLX_OK` or the error's status
/// with its message kept.
pub fn call(body: impl FnOnce() -> Result<()>) -> plx_status {
    set_last_error("");
    run(body, true)
}

/// Like [`call`] but leaves the last error as it was, for the getter of that error.
pub fn call_keeping_error(body: impl FnOnce() -> Result<()>) -> plx_status {
    run(body, false)
}

/// Runs an export that returns a plain value, giving `fallback` if it panics.
pub fn value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    let was_inside = enter();
    let result = catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback);
    leave(was_inside);
    result
}

fn run(body: impl FnOnce() -> Result<()>, record: bool) -> plx_status {
    let was_inside = enter();
    let outcome = catch_unwind(AssertUnwindSafe(body));
    leave(was_inside);
    match outcome {
        Ok(Ok(())) => PLX_OK,
        Ok(Err(error)) => {
            if record {
                set_last_error(&error.message);
            }
            status_of(error.kind)
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            set_last_error(&format!("internal error in plx (please report it): {what}"));
            PLX_ERR_INTERNAL
        }
    }
}

fn enter() -> bool {
    INSIDE
        .try_with(|inside| inside.replace(true))
        .unwrap_or(false)
}

fn leave(was_inside: bool) {
    let _ = INSIDE.try_with(|inside| inside.set(was_inside));
}

/// Whether this thread is inside an export (the panic hook stays quiet there).
pub(crate) fn inside_export() -> bool {
    INSIDE.try_with(Cell::get).unwrap_or(false)
}

fn set_last_error(message: &str) {
    let _ = LAST_ERROR.try_with(|last| {
        let mut last = last.borrow_mut();
        last.clear();
        last.push_str(message);
    });
}

/// A copy of this thread's last error message (empty when the last call succeeded).
pub(crate) fn last_error() -> String {
    LAST_ERROR
        .try_with(|last| last.borrow().clone())
        .unwrap_or_default()
}
