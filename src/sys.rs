//! The few POSIX calls the core needs that the standard library does not offer, each wrapped
//! in a safe function. Besides the C boundary, this is the only place with `unsafe` code.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};

/// Flushes every C stdio stream (`fflush(NULL)`), so text a C or C++ program printed but its
/// runtime still buffers reaches the file descriptors.
pub fn flush_c_stdio() {
    // SAFETY: fflush(NULL) takes no pointer from us and flushes every open output stream.
    unsafe {
        libc::fflush(std::ptr::null_mut());
    }
}

/// Makes `target` (such as 1 for stdout) refer to what `source` refers to, as `dup2` does.
pub fn redirect(source: BorrowedFd<'_>, target: RawFd) -> io::Result<()> {
    loop {
        // SAFETY: dup2 only reads two descriptor numbers; `source` is open for the call.
        let result = unsafe { libc::dup2(source.as_raw_fd(), target) };
        if result >= 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Puts a descriptor in non-blocking mode.
pub fn set_nonblocking(fd: BorrowedFd<'_>) -> io::Result<()> {
    // SAFETY: fcntl with F_GETFL/F_SETFL on an open descriptor has no memory effects.
    unsafe {
        let flags = libc::fcntl(fd.as_raw_fd(), libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Waits until one of `fds` is readable (or hung up), or `timeout_ms` passes (-1: no limit).
/// Returns, for each descriptor, whether it has something to read or reached its end.
pub fn poll_readable(fds: &[BorrowedFd<'_>], timeout_ms: i32) -> io::Result<Vec<bool>> {
    let mut entries: Vec<libc::pollfd> = fds
        .iter()
        .map(|fd| libc::pollfd {
            fd: fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    loop {
        // SAFETY: `entries` is a valid array of `entries.len()` pollfd structures for the call.
        let result = unsafe {
            libc::poll(
                entries.as_mut_ptr(),
                entries.len() as libc::nfds_t,
                timeout_ms,
            )
        };
        if result >= 0 {
            let ready = libc::POLLIN | libc::POLLHUP | libc::POLLERR;
            return Ok(entries.iter().map(|e| e.revents & ready != 0).collect());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Blocks, in the calling thread, the signals a program may ask plx to handle (SIGTERM, SIGINT,
/// SIGHUP), so they are delivered to the program's own threads and never interrupt one of plx's
/// threads while it holds the work the handler waits for.
pub fn block_termination_signals() {
    // SAFETY: the set is a local initialised by sigemptyset before use; pthread_sigmask only
    // changes this thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
            libc::sigaddset(&mut set, signal);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
