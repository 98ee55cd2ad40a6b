//! Output capture: what the process writes to its file descriptors 1 and 2 (C `printf`, C++
//! streams, Go and Julia output alike) is copied, line by line, into a run's log while it still
//! reaches the original terminal or file.
//!
//! Descriptors 1 and 2 are pointed at pipes that one thread reads. When both descriptors lead to
//! the same file (a terminal, or `> out 2>&1`), they share one pipe, so lines keep the exact order
//! in which they were written; otherwise each stream keeps its own order, and a flush drains both
//! pipes so that everything written before it is in the log. Capture is process-wide: one run
//! at a time may hold it. Stopping flushes C's stdio buffers, restores both descriptors exactly
//! and writes a last unfinished line.

use std::fs::File;
use std::io::{self, PipeReader, PipeWriter, Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::logs::{LogSink, MAX_LINE_BYTES};
use super::{Error, ErrorKind, Result};
use crate::sys::{flush_c_stdio, poll_readable, redirect, set_nonblocking};

const FLUSH: u8 = b'f';
const STOP: u8 = b's';

/// One captured stream: the pipe plx reads and where the bytes went before.
struct Stream {
    pipe: PipeReader,
    original: File,
    pending: Vec<u8>,
    open: bool,
}

#[derive(Default)]
struct Acks {
    done: u64,
}

struct Active {
    owner: PathBuf,
    control: PipeWriter,
    requested: u64,
    acks: Arc<(Mutex<Acks>, Condvar)>,
    saved_stdout: OwnedFd,
    saved_stderr: OwnedFd,
    thread: Option<JoinHandle<()>>,
}

static ACTIVE: Mutex<Option<Active>> = Mutex::new(None);

fn active() -> MutexGuard<'static, Option<Active>> {
    ACTIVE.lock().unwrap_or_else(|p| p.into_inner())
}

fn io_error(what: &str, err: io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("output capture: {what}: {err}"))
}

/// Starts capturing into `sink` for the run at `owner`. Starting again for the same run does
/// nothing; another run's capture must stop first.
pub fn start(owner: &Path, sink: LogSink) -> Result<()> {
    let mut guard = active();
    if let Some(active) = guard.as_ref() {
        if active.owner == owner {
            return Ok(());
        }
        return Err(Error::new(
            ErrorKind::Busy,
            format!(
                "the output is captured already, by the run in '{}'",
                active.owner.display()
            ),
        ));
    }

    flush_c_stdio();
    let saved_stdout = io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| io_error("dup", e))?;
    let saved_stderr = io::stderr()
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| io_error("dup", e))?;
    let shared = same_file(&saved_stdout, &saved_stderr);
    let (out_read, out_write) = io::pipe().map_err(|e| io_error("pipe", e))?;
    let mut streams = vec![stream(out_read, &saved_stdout)?];
    if shared {
        redirect(out_write.as_fd(), 1).map_err(|e| io_error("dup2", e))?;
        redirect(out_write.as_fd(), 2).map_err(|e| io_error("dup2", e))?;
    } else {
        let (err_read, err_write) = io::pipe().map_err(|e| io_error("pipe", e))?;
        streams.push(stream(err_read, &saved_stderr)?);
        redirect(out_write.as_fd(), 1).map_err(|e| io_error("dup2", e))?;
        redirect(err_write.as_fd(), 2).map_err(|e| io_error("dup2", e))?;
    }
    let (control_read, control) = io::pipe().map_err(|e| io_error("pipe", e))?;
    let acks = Arc::new((Mutex::new(Acks::default()), Condvar::new()));
    let thread_acks = Arc::clone(&acks);
    let thread = std::thread::Builder::new()
        .name("plx-capture".into())
        .spawn(move || run_thread(streams, control_read, &sink, &thread_acks));
    let thread = match thread {
        Ok(thread) => thread,
        Err(e) => {
            let _ = redirect(saved_stdout.as_fd(), 1);
            let _ = redirect(saved_stderr.as_fd(), 2);
            return Err(io_error("thread", e));
        }
    };
    *guard = Some(Active {
        owner: owner.to_path_buf(),
        control,
        requested: 0,
        acks,
        saved_stdout,
        saved_stderr,
        thread: Some(thread),
    });
    Ok(())
}

fn stream(pipe: PipeReader, original: &OwnedFd) -> Result<Stream> {
    let original = File::from(original.try_clone().map_err(|e| io_error("dup", e))?);
    set_nonblocking(pipe.as_fd()).map_err(|e| io_error("fcntl", e))?;
    Ok(Stream {
        pipe,
        original,
        pending: Vec::new(),
        open: true,
    })
}

fn same_file(a: &OwnedFd, b: &OwnedFd) -> bool {
    let meta = |fd: &OwnedFd| {
        fd.try_clone()
            .ok()
            .and_then(|fd| File::from(fd).metadata().ok())
    };
    match (meta(a), meta(b)) {
        (Some(a), Some(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Sends a command to the capture thread and waits until it is done.
fn command(active: &mut Active, byte: u8) {
    active.requested += 1;
    let target = active.requested;
    if active.control.write_all(&[byte]).is_err() {
        return;
    }
    let (lock, done) = &*active.acks;
    let mut acks = lock.lock().unwrap_or_else(|p| p.into_inner());
    while acks.done < target {
        acks = done.wait(acks).unwrap_or_else(|p| p.into_inner());
    }
}

/// Drains what the run's capture has not read yet into its log. Does nothing for a run that
/// does not capture.
pub fn flush(owner: &Path) {
    flush_c_stdio();
    if let Some(active) = active().as_mut().filter(|a| a.owner == owner) {
        command(active, FLUSH);
    }
}

/// Stops the run's capture: flushes C's stdio, restores descriptors 1 and 2 and writes what is
/// left. Does nothing for a run that does not capture.
pub fn stop(owner: &Path) -> Result<()> {
    let mut guard = active();
    if guard.as_ref().is_none_or(|a| a.owner != owner) {
        return Ok(());
    }
    let Some(mut active) = guard.take() else {
        return Ok(());
    };
    flush_c_stdio();
    let restored = redirect(active.saved_stdout.as_fd(), 1)
        .and_then(|()| redirect(active.saved_stderr.as_fd(), 2))
        .map_err(|e| io_error("restoring descriptors 1 and 2", e));
    command(&mut active, STOP);
    if let Some(thread) = active.thread.take() {
        let _ = thread.join();
    }
    restored
}

fn run_thread(
    mut streams: Vec<Stream>,
    mut control: PipeReader,
    sink: &LogSink,
    acks: &(Mutex<Acks>, Condvar),
) {
    crate::sys::block_termination_signals();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let ready = {
            let mut fds = vec![control.as_fd()];
            fds.extend(streams.iter().filter(|s| s.open).map(|s| s.pipe.as_fd()));
            poll_readable(&fds, -1).unwrap_or_default()
        };
        drain(&mut streams, &mut buf, sink);
        if ready.first() != Some(&true) {
            continue;
        }
        let mut command = [0u8; 1];
        let stop = match control.read(&mut command) {
            Ok(1) => command[0] == STOP,
            _ => true,
        };
        drain(&mut streams, &mut buf, sink);
        if stop {
            for stream in &mut streams {
                emit(&mut stream.pending, sink, true);
            }
        }
        let (lock, done) = acks;
        lock.lock().unwrap_or_else(|p| p.into_inner()).done += 1;
        done.notify_all();
        if stop {
            return;
        }
    }
}

/// Reads every stream until it has nothing more, forwarding the bytes and logging whole lines.
fn drain(streams: &mut [Stream], buf: &mut [u8], sink: &LogSink) {
    for stream in streams.iter_mut().filter(|s| s.open) {
        loop {
            match stream.pipe.read(buf) {
                Ok(0) => {
                    stream.open = false;
                    break;
                }
                Ok(n) => {
                    let _ = stream.original.write_all(&buf[..n]);
                    stream.pending.extend_from_slice(&buf[..n]);
                    emit(&mut stream.pending, sink, false);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    }
}

/// Logs the whole lines of `pending` (and, when `all`, what is left), keeping the rest.
fn emit(pending: &mut Vec<u8>, sink: &LogSink, all: bool) {
    if let Some(text) = take_lines(pending, all) {
        let _ = sink.write(&text);
    }
}

/// Takes the whole lines off the front of `pending` (everything, when `all`). An unfinished
/// line that is already longer than a log line is taken in whole pieces, cut where
/// `split_lines` would cut it, so the logged pieces do not depend on how the bytes arrived.
fn take_lines(pending: &mut Vec<u8>, all: bool) -> Option<String> {
    let mut end = pending
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |last| last + 1);
    while pending.len() - end > MAX_LINE_BYTES {
        end += piece_len(&pending[end..]);
    }
    if all {
        end = pending.len();
    }
    if end == 0 {
        return None;
    }
    let text = String::from_utf8_lossy(&pending[..end]).into_owned();
    pending.drain(..end);
    Some(text)
}

/// The length of the first log-line piece of `bytes` (longer than `MAX_LINE_BYTES`): the
/// limit, moved back to the start of a UTF-8 character.
fn piece_len(bytes: &[u8]) -> usize {
    let mut cut = MAX_LINE_BYTES;
    while cut > MAX_LINE_BYTES - 4 && bytes[cut] & 0xC0 == 0x80 {
        cut -= 1;
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::logs::split_lines;

    fn logged(input: &[u8], chunk: usize) -> Vec<String> {
        let mut pending = Vec::new();
        let mut lines = Vec::new();
        for piece in input.chunks(chunk) {
            pending.extend_from_slice(piece);
            if let Some(text) = take_lines(&mut pending, false) {
                lines.extend(split_lines(&text).into_iter().map(str::to_string));
            }
        }
        if let Some(text) = take_lines(&mut pending, true) {
            lines.extend(split_lines(&text).into_iter().map(str::to_string));
        }
        lines
    }

    #[test]
    fn lines_do_not_depend_on_how_the_bytes_arrive() {
        let mut input = b"short\n".to_vec();
        input.extend("é".repeat(50_000).as_bytes());
        input.extend(b"\nlast without newline");
        let whole = logged(&input, input.len());
        assert_eq!(whole[0], "short");
        assert_eq!(
            whole.last().map(String::as_str),
            Some("last without newline")
        );
        for chunk in [997, 4096, 40_000, 65_536] {
            assert_eq!(logged(&input, chunk), whole, "chunks of {chunk} bytes");
        }
    }
}
