//! The opt-in signal handlers: on SIGTERM, SIGINT, SIGHUP or SIGABRT every open run is flushed
//! and closed before the signal takes its course.
//!
//! A signal handler may only do async-signal-safe things, and the thread it interrupts may hold
//! a run's lock, so the handler only writes the signal number into a pipe. A watcher thread reads
//! the pipe and closes the runs with ordinary code. For SIGTERM, SIGINT and SIGHUP the handler
//! returns at once (letting the interrupted thread finish what it holds) after handing the signal
//! to the handler installed before, if any; when there was none, the watcher restores the default
//! action and sends the signal again once the runs are closed, so the process ends as it would
//! have. `abort()` ends the process as soon as its handler returns, so for SIGABRT the handler
//! waits (at most five seconds) for the watcher before it returns.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Once;

use super::boundary::call;
use super::plx_status;
use crate::core::metadata::FinalStatus;
use crate::core::{registry, Error, ErrorKind};

const SIGNALS: [libc::c_int; 4] = [libc::SIGTERM, libc::SIGINT, libc::SIGHUP, libc::SIGABRT];
const ANSWER_TIMEOUT_MS: libc::c_int = 5000;

static WAKE_WRITE: AtomicI32 = AtomicI32::new(-1);
static ANSWER_READ: AtomicI32 = AtomicI32::new(-1);
static INSTALL: Once = Once::new();
// The actions that were installed before plx's, one per entry of SIGNALS.
static mut PREVIOUS: [Option<libc::sigaction>; 4] = [None; 4];

/// Installs handlers for SIGTERM, SIGINT and SIGHUP (runs are marked stopped) and SIGABRT, as
/// raised by `abort()` (runs are marked failed): each open run is flushed and closed, and the
/// signal goes on to the handler installed before, or to its default action once the runs are
/// closed. A signal the program ignores is left ignored. Without this call plx installs no
/// signal handler. Calling it again does nothing. Programs that install their own handlers
/// afterwards replace these. Calls made after the runs were closed return `PLX_ERR_RUN_CLOSED`.
///
/// Errors: `PLX_ERR_IO` (the pipes, the thread or `sigaction` failed).
#[no_mangle]
pub extern "C" fn plx_install_signal_handlers() -> plx_status {
    call(|| {
        let mut result = Ok(());
        INSTALL.call_once(|| result = install());
        result
    })
}

fn install() -> crate::core::Result<()> {
    let failed = |what: &str| {
        Error::new(
            ErrorKind::Io,
            format!("{what}: {}", std::io::Error::last_os_error()),
        )
    };
    let mut wake = [0; 2];
    let mut answer = [0; 2];
    // SAFETY: pipe2 writes two descriptors into each array of two ints.
    let piped = unsafe {
        libc::pipe2(wake.as_mut_ptr(), libc::O_CLOEXEC) == 0
            && libc::pipe2(answer.as_mut_ptr(), libc::O_CLOEXEC) == 0
    };
    if !piped {
        return Err(failed("cannot create the signal pipes"));
    }
    WAKE_WRITE.store(wake[1], Ordering::SeqCst);
    ANSWER_READ.store(answer[0], Ordering::SeqCst);
    std::thread::Builder::new()
        .name("plx-signals".into())
        .spawn(move || watch(wake[0], answer[1]))
        .map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot start the signal thread: {e}"),
            )
        })?;

    for (i, signal) in SIGNALS.iter().enumerate() {
        // SAFETY: a zeroed sigaction is a valid value to fill; `on_signal` has the signature
        // sigaction expects for a plain handler; the old action is written into `old`. PREVIOUS
        // is written here only, once, before any handler that reads it can run.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(*signal, &action, &mut old) != 0 {
                return Err(failed("sigaction"));
            }
            if old.sa_sigaction == libc::SIG_IGN && *signal != libc::SIGABRT {
                libc::sigaction(*signal, &old, std::ptr::null_mut());
                continue;
            }
            (*std::ptr::addr_of_mut!(PREVIOUS))[i] = Some(old);
        }
    }
    Ok(())
}

/// The watcher: closes every run when a signal number arrives; then answers a waiting SIGABRT
/// handler, or ends the process with the signal when no earlier handler takes it.
fn watch(wake: libc::c_int, answer: libc::c_int) {
    crate::sys::block_termination_signals();
    loop {
        let mut signal: libc::c_int = 0;
        // SAFETY: reads at most size_of::<c_int>() bytes into `signal`.
        let n = unsafe {
            libc::read(
                wake,
                std::ptr::addr_of_mut!(signal).cast(),
                std::mem::size_of::<libc::c_int>(),
            )
        };
        if n <= 0 {
            continue;
        }
        let _ = std::panic::catch_unwind(|| close_runs(signal));
        if signal == libc::SIGABRT {
            let byte = 1u8;
            // SAFETY: writes one byte from a valid local.
            unsafe {
                libc::write(answer, std::ptr::addr_of!(byte).cast(), 1);
            }
        } else if !has_earlier_handler(signal) {
            // SAFETY: a zeroed sigaction with SIG_DFL is the default action; kill sends the
            // signal to this process, whose threads other than plx's do not block it.
            unsafe {
                let mut default: libc::sigaction = std::mem::zeroed();
                default.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(signal, &default, std::ptr::null_mut());
                libc::kill(libc::getpid(), signal);
            }
        }
    }
}

fn close_runs(signal: libc::c_int) {
    let (status, message) = match signal {
        libc::SIGABRT => (
            FinalStatus::Failed,
            "Operation was aborted (SIGABRT)".to_string(),
        ),
        other => (
            FinalStatus::Stopped,
            format!("Operation was stopped by signal {other}"),
        ),
    };
    registry::finish_all(status, &message);
    for (handle, error) in registry::close_all() {
        log::error!("plx: closing run {handle} on signal {signal} failed: {error}");
    }
}

/// The action that was installed for `signal` before plx's, when it is a handler function.
fn earlier_handler(signal: libc::c_int) -> Option<libc::sigaction> {
    let index = SIGNALS.iter().position(|s| *s == signal)?;
    // SAFETY: PREVIOUS was fully written before any handler was installed and is never written
    // again, so reading it here cannot race.
    let previous = unsafe { (*std::ptr::addr_of!(PREVIOUS))[index] }?;
    let function = previous.sa_sigaction != libc::SIG_DFL && previous.sa_sigaction != libc::SIG_IGN;
    function.then_some(previous)
}

fn has_earlier_handler(signal: libc::c_int) -> bool {
    earlier_handler(signal).is_some()
}

extern "C" fn on_signal(signal: libc::c_int) {
    // Only async-signal-safe calls from here on: write, poll, read, sigaction, raise.
    let wake = WAKE_WRITE.load(Ordering::SeqCst);
    let answer = ANSWER_READ.load(Ordering::SeqCst);
    // SAFETY: every call gets valid pointers to locals; the earlier action is a handler of the
    // matching signature, as its SA_SIGINFO flag says.
    unsafe {
        let woke = libc::write(
            wake,
            std::ptr::addr_of!(signal).cast(),
            std::mem::size_of::<libc::c_int>(),
        ) > 0;
        if signal == libc::SIGABRT && woke {
            let mut poll = libc::pollfd {
                fd: answer,
                events: libc::POLLIN,
                revents: 0,
            };
            if libc::poll(&mut poll, 1, ANSWER_TIMEOUT_MS) > 0 {
                let mut byte = 0u8;
                libc::read(answer, std::ptr::addr_of_mut!(byte).cast(), 1);
            }
        }
        match earlier_handler(signal) {
            Some(old) if old.sa_flags & libc::SA_SIGINFO != 0 => {
                let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                    std::mem::transmute(old.sa_sigaction);
                handler(signal, std::ptr::null_mut(), std::ptr::null_mut());
            }
            Some(old) => {
                let handler: extern "C" fn(libc::c_int) = std::mem::transmute(old.sa_sigaction);
                handler(signal);
            }
            // abort() raises SIGABRT again with the default action once this returns.
            None => {}
        }
    }
}
