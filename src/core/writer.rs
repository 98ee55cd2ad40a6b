//! The background writer of one run: callers append formatted rows to per-file buffers under a
//! short lock; a thread appends each file's pending rows to disk in one write, every flush
//! interval, on request, when the buffers pass a high-water mark, and at close.
//!
//! Every row in a buffer starts with `\n`, as Polyaxon's rows do, so a batch of whole rows is
//! one write and a reader never sees half a row in the middle of a file; rows are placed so that
//! a write cut short by SIGKILL ends with a whole row too (`page_layout`). A file is created with
//! its header and its first rows together, so no empty or header-only CSV file is left on disk.
//! When the thread falls behind, callers wait for room: memory stays bounded.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use super::page_layout::lay_out;
use super::paths::new_file_options;
use super::timestamp::Micros;
use super::{Error, ErrorKind, Result};

/// Pending bytes at which the thread is woken before the interval ends.
const HIGH_WATER_BYTES: usize = 1 << 20;
/// Pending bytes at which callers wait for the thread.
const MAX_PENDING_BYTES: usize = 8 << 20;
/// The largest emptied buffer kept for reuse, and how many are kept.
const SPARE_CAPACITY: usize = 2 << 20;
const SPARE_BUFFERS: usize = 64;
/// The default time between background flushes.
pub const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_secs(1);

/// Where an event stream goes: its file and the text a new file starts with.
pub struct FileSpec {
    pub path: PathBuf,
    /// The text a new file starts with: `step|timestamp|<kind>` for CSV, empty for JSONL.
    pub header: String,
}

struct PendingFile {
    path: PathBuf,
    header: Vec<u8>,
    buf: Vec<u8>,
    touched: bool,
    /// The time of the latest row appended, so rows stay in the order of their times.
    last_at: Micros,
}

struct State {
    files: Vec<PendingFile>,
    by_name: FxHashMap<&'static str, FxHashMap<String, usize>>,
    by_path: HashMap<PathBuf, usize>,
    /// Emptied buffers kept for reuse, so a busy stream does not regrow its buffer every flush.
    spare: Vec<Vec<u8>>,
    pending_bytes: usize,
    peak_pending_bytes: usize,
    requested: u64,
    completed: u64,
    closed: bool,
    error: Option<Error>,
    flush_interval: Duration,
}

struct Shared {
    state: Mutex<State>,
    wake_thread: Condvar,
    wake_callers: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The writer of one run's event files.
pub struct Writer {
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Starts the writer's thread.
    pub fn start(thread_name: String) -> Result<Writer> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                files: Vec::new(),
                by_name: FxHashMap::default(),
                by_path: HashMap::new(),
                spare: Vec::new(),
                pending_bytes: 0,
                peak_pending_bytes: 0,
                requested: 0,
                completed: 0,
                closed: false,
                error: None,
                flush_interval: DEFAULT_FLUSH_INTERVAL,
            }),
            wake_thread: Condvar::new(),
            wake_callers: Condvar::new(),
        });
        let for_thread = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(thread_name)
            .spawn(move || run_thread(&for_thread))
            .map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!("cannot start the writer thread: {e}"),
                )
            })?;
        Ok(Writer {
            shared,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Appends one row to each stream (`kind`, `names[i]`), all under one lock so a batch is
    /// never split. `resolve` runs the first time a name is seen, to say where its stream goes;
    /// `fill(i, at, buf)` appends row `i` at time `at`, starting with `\n`. The time comes from
    /// `clock`, read once under the lock, so rows land in a file in the order of their times.
    /// When a name does not resolve, no row of the batch is appended.
    pub fn append(
        &self,
        kind: &'static str,
        names: &[&str],
        mut resolve: impl FnMut(&str) -> Result<FileSpec>,
        clock: impl FnOnce() -> Micros,
        mut fill: impl FnMut(usize, Micros, &mut Vec<u8>),
    ) -> Result<()> {
        let mut state = self.lock_for_append()?;
        let pending_before = state.pending_bytes;
        // One name is the common case: its id stays on the stack.
        let mut one = [0usize; 1];
        let mut many = Vec::new();
        let ids: &mut [usize] = if names.len() == 1 {
            &mut one
        } else {
            many.resize(names.len(), 0);
            &mut many
        };
        for (slot, name) in ids.iter_mut().zip(names) {
            *slot = stream_id(&mut state, kind, name, &mut resolve)?;
        }
        let at = clock();
        for (i, id) in ids.iter().enumerate() {
            let file = &mut state.files[*id];
            let before = file.buf.len();
            fill(i, at, &mut file.buf);
            file.last_at = file.last_at.max(at);
            let added = file.buf.len() - before;
            state.pending_bytes += added;
        }
        self.appended(&mut state, pending_before);
        Ok(())
    }

    /// Appends one row that the caller made before the lock, for time `at`, to the stream
    /// (`kind`, `name`), so the lock is held only to copy it in. When another thread has put a
    /// later row into the same file meanwhile, the row is made again by `remake` with that later
    /// time, so the rows of a file stay in the order of their times.
    pub fn append_made(
        &self,
        kind: &'static str,
        name: &str,
        resolve: impl FnOnce(&str) -> Result<FileSpec>,
        at: Micros,
        row: &[u8],
        remake: impl FnOnce(Micros, &mut Vec<u8>),
    ) -> Result<()> {
        let mut state = self.lock_for_append()?;
        let pending_before = state.pending_bytes;
        let id = stream_id(&mut state, kind, name, resolve)?;
        let file = &mut state.files[id];
        let before = file.buf.len();
        if at >= file.last_at {
            file.buf.extend_from_slice(row);
            file.last_at = at;
        } else {
            remake(file.last_at, &mut file.buf);
        }
        let added = file.buf.len() - before;
        state.pending_bytes += added;
        self.appended(&mut state, pending_before);
        Ok(())
    }

    /// Bookkeeping after rows went in: the peak, and waking the writer once, when the
    /// high-water mark is crossed, not on every call above it.
    fn appended(&self, state: &mut State, pending_before: usize) {
        state.peak_pending_bytes = state.peak_pending_bytes.max(state.pending_bytes);
        if pending_before < HIGH_WATER_BYTES && state.pending_bytes >= HIGH_WATER_BYTES {
            self.shared.wake_thread.notify_one();
        }
    }

    /// The most bytes that were ever waiting in memory at once.
    pub fn peak_pending_bytes(&self) -> usize {
        self.shared.lock().peak_pending_bytes
    }

    /// Locks the state once there is room for more rows. While writes to disk fail, every call
    /// gets that failure (the file and the system's reason) and its row is refused; the rows
    /// accepted before stay in memory and are written when the disk accepts them again.
    fn lock_for_append(&self) -> Result<MutexGuard<'_, State>> {
        let mut state = self.shared.lock();
        loop {
            if state.closed {
                return Err(Error::new(ErrorKind::RunClosed, "the run is closed"));
            }
            if let Some(error) = &state.error {
                return Err(error.clone());
            }
            if state.pending_bytes < MAX_PENDING_BYTES {
                return Ok(state);
            }
            self.shared.wake_thread.notify_one();
            state = self
                .shared
                .wake_callers
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Writes everything appended so far and waits until it is on disk (not fsynced).
    pub fn flush(&self) -> Result<()> {
        let mut state = self.shared.lock();
        if state.closed {
            return Err(Error::new(ErrorKind::RunClosed, "the run is closed"));
        }
        state.requested += 1;
        let target = state.requested;
        self.shared.wake_thread.notify_one();
        while state.completed < target && !state.closed {
            state = self
                .shared
                .wake_callers
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
        }
        match &state.error {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }

    /// Sets the time between background flushes.
    pub fn set_flush_interval(&self, interval: Duration) {
        self.shared.lock().flush_interval = interval;
        self.shared.wake_thread.notify_one();
    }

    /// Refuses further rows, writes what is pending (one last try when writes fail), stops the
    /// thread and fsyncs every file written. Safe to call more than once; later calls do
    /// nothing.
    pub fn close(&self) -> Result<()> {
        self.shared.lock().closed = true;
        self.shared.wake_thread.notify_one();
        self.shared.wake_callers.notify_all();
        let thread = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        let Some(thread) = thread else {
            return Ok(());
        };
        if thread.join().is_err() {
            return Err(Error::new(
                ErrorKind::Internal,
                "the writer thread panicked",
            ));
        }

        let mut state = self.shared.lock();
        let mut result = match state.error.take() {
            Some(error) => Err(error),
            None => Ok(()),
        };
        for file in state.files.iter_mut().filter(|f| f.touched) {
            let synced = File::open(&file.path).and_then(|f| f.sync_all());
            if let (Err(e), Ok(())) = (synced, &result) {
                result = Err(Error::io("cannot sync", &file.path, &e));
            }
        }
        result
    }
}

/// The id of the stream (`kind`, `name`), registering it (where `resolve` says) on first sight.
fn stream_id(
    state: &mut State,
    kind: &'static str,
    name: &str,
    resolve: impl FnOnce(&str) -> Result<FileSpec>,
) -> Result<usize> {
    match state.by_name.get(kind).and_then(|known| known.get(name)) {
        Some(&id) => Ok(id),
        None => Ok(register(state, kind, name, resolve(name)?)),
    }
}

fn register(state: &mut State, kind: &'static str, name: &str, spec: FileSpec) -> usize {
    let id = match state.by_path.get(&spec.path) {
        Some(&id) => id,
        None => {
            let id = state.files.len();
            state.files.push(PendingFile {
                path: spec.path.clone(),
                header: spec.header.into_bytes(),
                buf: Vec::new(),
                touched: false,
                last_at: Micros::MIN,
            });
            state.by_path.insert(spec.path, id);
            id
        }
    };
    state
        .by_name
        .entry(kind)
        .or_default()
        .insert(name.to_string(), id);
    id
}

struct Batch {
    id: usize,
    path: PathBuf,
    header: Vec<u8>,
    rows: Vec<u8>,
}

fn run_thread(shared: &Shared) {
    crate::sys::block_termination_signals();
    // The bytes of one append, laid out; kept across flushes.
    let mut bytes = Vec::new();
    loop {
        let mut state = shared.lock();
        // While writes fail, the next try waits for the interval (or a flush), not for memory.
        while !state.closed
            && state.requested == state.completed
            && (state.error.is_some() || state.pending_bytes < HIGH_WATER_BYTES)
        {
            let interval = state.flush_interval;
            let (next, timeout) = shared
                .wake_thread
                .wait_timeout(state, interval)
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            if timeout.timed_out() {
                break;
            }
        }
        let target = state.requested;
        let closing = state.closed;
        let State { files, spare, .. } = &mut *state;
        let batches: Vec<Batch> = files
            .iter_mut()
            .enumerate()
            .filter(|(_, f)| !f.buf.is_empty())
            .map(|(id, f)| Batch {
                id,
                path: f.path.clone(),
                header: f.header.clone(),
                rows: std::mem::replace(&mut f.buf, spare.pop().unwrap_or_default()),
            })
            .collect();
        drop(state);

        let mut outcomes = Vec::with_capacity(batches.len());
        for batch in batches {
            let outcome = append_rows(&batch.path, &batch.header, &batch.rows, &mut bytes)
                .map_err(|e| Error::io("cannot append to", &batch.path, &e));
            outcomes.push((batch, outcome));
        }
        bytes.shrink_to(SPARE_CAPACITY);

        let mut state = shared.lock();
        let mut failure = None;
        for (batch, outcome) in outcomes {
            let file = &mut state.files[batch.id];
            match outcome {
                Ok(()) => {
                    file.touched = true;
                    state.pending_bytes -= batch.rows.len();
                    let mut rows = batch.rows;
                    if rows.capacity() <= SPARE_CAPACITY && state.spare.len() < SPARE_BUFFERS {
                        rows.clear();
                        state.spare.push(rows);
                    }
                }
                // Kept for the next try, ahead of the rows appended since.
                Err(error) if !closing => {
                    file.buf.splice(0..0, batch.rows);
                    failure.get_or_insert(error);
                }
                Err(error) => {
                    state.pending_bytes -= batch.rows.len();
                    failure.get_or_insert(error);
                }
            }
        }
        state.error = failure;
        state.completed = target;
        shared.wake_callers.notify_all();
        if closing {
            return;
        }
    }
}

/// Appends `rows` to `path` in one write, with `header` first when the file is new or empty,
/// laid out in `bytes` so that a SIGKILL during the write leaves whole rows (see
/// `page_layout`). A failed write is cut back to the old length so no torn row stays behind.
fn append_rows(
    path: &Path,
    header: &[u8],
    rows: &[u8],
    bytes: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut file = new_file_options().create(true).append(true).open(path)?;
    let old_len = file.metadata()?.len();
    bytes.clear();
    if old_len == 0 {
        bytes.extend_from_slice(header);
    }
    lay_out(old_len + bytes.len() as u64, rows, bytes);
    let result = file.write_all(bytes);
    if result.is_err() {
        let _ = file.set_len(old_len);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::events::PushStr;

    fn spec(path: &Path) -> FileSpec {
        FileSpec {
            path: path.to_path_buf(),
            header: "step|timestamp|metric".into(),
        }
    }

    #[test]
    fn rows_arrive_after_flush_with_one_header() {
        let dir = std::env::temp_dir().join(format!("plx-writer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("loss.plx");
        let _ = std::fs::remove_file(&path);
        let writer = Writer::start("plx-test".into()).unwrap();
        for i in 0..3 {
            writer
                .append(
                    "metric",
                    &["loss"],
                    |_| Ok(spec(&path)),
                    || 0,
                    |_, _, b| b.push_str(&format!("\n{i}|t|1.0")),
                )
                .unwrap();
        }
        writer.flush().unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "step|timestamp|metric\n0|t|1.0\n1|t|1.0\n2|t|1.0"
        );
        writer
            .append(
                "metric",
                &["loss"],
                |_| Ok(spec(&path)),
                || 0,
                |_, _, b| b.push_str("\n3|t|2.0"),
            )
            .unwrap();
        writer.close().unwrap();
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("\n2|t|1.0\n3|t|2.0"));
        let closed = writer.append("metric", &["loss"], |_| Ok(spec(&path)), || 0, |_, _, _| {});
        assert_eq!(closed.unwrap_err().kind, ErrorKind::RunClosed);
        assert!(writer.close().is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn memory_stays_bounded_when_callers_outpace_the_disk() {
        let dir = std::env::temp_dir().join(format!("plx-writer-bound-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.plx");
        let writer = Writer::start("plx-test-bound".into()).unwrap();
        writer.set_flush_interval(Duration::from_secs(3600));
        let row = format!("\n{}", "x".repeat(4096));
        let rows = 3 * MAX_PENDING_BYTES / row.len();
        for _ in 0..rows {
            writer
                .append(
                    "metric",
                    &["big"],
                    |_| Ok(spec(&path)),
                    || 0,
                    |_, _, b| b.push_str(&row),
                )
                .unwrap();
        }
        writer.close().unwrap();
        assert!(writer.peak_pending_bytes() < MAX_PENDING_BYTES + row.len());
        let written = std::fs::metadata(&path).unwrap().len() as usize;
        assert_eq!(written, "step|timestamp|metric".len() + rows * row.len());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
