//! Process exit: open runs are flushed and closed by an `atexit` handler, and panics inside
//! plx are routed to the `log` facade instead of being printed.

use std::sync::Once;

use super::boundary::inside_export;
use crate::core::registry;

static INSTALL: Once = Once::new();

/// Installs the exit handler and the quiet panic hook, once per process.
pub(crate) fn install() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_plx_thread = std::thread::current()
                .name()
                .is_some_and(|name| name.starts_with("plx-"));
            if inside_export() || on_plx_thread {
                log::error!("plx: internal panic: {info}");
            } else {
                previous(info);
            }
        }));
        // SAFETY: `close_at_exit` is a plain C-ABI function with no arguments that never
        // unwinds; registering it has no other precondition.
        unsafe {
            libc::atexit(close_at_exit);
        }
    });
}

extern "C" fn close_at_exit() {
    let _ = std::panic::catch_unwind(|| {
        for (handle, error) in registry::close_all() {
            log::error!("plx: closing run {handle} at exit failed: {error}");
        }
    });
}
