//! The process-wide registry of open runs. Handles are 64-bit numbers counted up from 1 and
//! never reused, so a closed or unknown handle is always recognised as such.

use std::cell::RefCell;
use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use once_cell::sync::Lazy;

use super::location::{resolve, Location, OpenRequest};
use super::metadata::FinalStatus;
use super::paths::create_dir_all;
use super::run::Run;
use super::{Error, ErrorKind, Result};

/// A run handle: never 0, never reused.
pub type Handle = u64;

struct Registry {
    runs: RwLock<FxHashMap<Handle, Arc<Run>>>,
    folders: Mutex<HashSet<PathBuf>>,
    next: AtomicU64,
}

static REGISTRY: Lazy<Registry> = Lazy::new(|| Registry {
    runs: RwLock::new(FxHashMap::default()),
    folders: Mutex::new(HashSet::new()),
    next: AtomicU64::new(1),
});

/// Opens a run as `request` says, with the process environment, and registers it.
pub fn open(request: OpenRequest<'_>) -> Result<Handle> {
    let location = resolve(request, |key| std::env::var(key).ok())?;
    open_at(&location)
}

/// Opens and registers the run at `location`, refusing a folder that is open already. The
/// folder is created and resolved to its canonical absolute path first, so two spellings of one
/// folder are recognised as the same run and every path handed out is absolute.
pub fn open_at(location: &Location) -> Result<Handle> {
    create_dir_all(&location.folder)?;
    let folder = location
        .folder
        .canonicalize()
        .map_err(|e| Error::io("cannot resolve", &location.folder, &e))?;
    let location = Location {
        folder,
        ..location.clone()
    };
    {
        let mut folders = REGISTRY.folders.lock().unwrap_or_else(|p| p.into_inner());
        if !folders.insert(location.folder.clone()) {
            return Err(Error::new(
                ErrorKind::AlreadyOpen,
                format!(
                    "run '{}' is open already in this process",
                    location.folder.display()
                ),
            ));
        }
    }
    let run = match Run::open(&location) {
        Ok(run) => run,
        Err(e) => {
            release_folder(&location.folder);
            return Err(e);
        }
    };
    let handle = REGISTRY.next.fetch_add(1, Ordering::Relaxed);
    REGISTRY
        .runs
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .insert(handle, Arc::new(run));
    Ok(handle)
}

fn release_folder(folder: &PathBuf) {
    REGISTRY
        .folders
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(folder);
}

fn unknown(handle: Handle) -> Error {
    if handle == 0 {
        Error::new(ErrorKind::InvalidHandle, "run handle 0 is never valid")
    } else if handle >= REGISTRY.next.load(Ordering::Relaxed) {
        Error::new(
            ErrorKind::InvalidHandle,
            format!("run handle {handle} was never issued"),
        )
    } else {
        Error::new(
            ErrorKind::RunClosed,
            format!("run handle {handle} is closed"),
        )
    }
}

/// Counts closes, so a thread's cached run is known to be stale after any close.
static CLOSES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The run this thread used last, with the close count it was looked up at: the hot path
    /// finds its run without the registry's lock or a reference count change.
    static LAST_RUN: RefCell<Option<(Handle, u64, Arc<Run>)>> = const { RefCell::new(None) };
}

/// Runs `f` on the open run behind `handle`. A cached run may be one that a racing close just
/// retired; its calls then return `RunClosed`, as they would with `get`.
pub fn with_run<T>(handle: Handle, f: impl FnOnce(&Run) -> Result<T>) -> Result<T> {
    let closes = CLOSES.load(Ordering::Acquire);
    let mut f = Some(f);
    let hit = LAST_RUN.try_with(|last| match &*last.borrow() {
        Some((h, c, run)) if *h == handle && *c == closes => f.take().map(|f| f(run)),
        _ => None,
    });
    if let Ok(Some(result)) = hit {
        return result;
    }
    let run = get(handle)?;
    let _ = LAST_RUN.try_with(|last| {
        *last.borrow_mut() = Some((handle, closes, Arc::clone(&run)));
    });
    match f.take() {
        Some(f) => f(&run),
        None => Err(Error::new(
            ErrorKind::Internal,
            "the run's call was consumed",
        )),
    }
}

/// The open run behind `handle`.
pub fn get(handle: Handle) -> Result<Arc<Run>> {
    let runs = REGISTRY.runs.read().unwrap_or_else(|p| p.into_inner());
    runs.get(&handle).cloned().ok_or_else(|| unknown(handle))
}

/// Closes the run behind `handle` and retires the handle.
pub fn close(handle: Handle) -> Result<()> {
    let run = REGISTRY
        .runs
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&handle);
    let run = run.ok_or_else(|| unknown(handle))?;
    CLOSES.fetch_add(1, Ordering::AcqRel);
    let result = run.close();
    release_folder(&run.root().to_path_buf());
    result
}

/// Closes every open run; used at process exit. Returns the errors met, with their runs.
pub fn close_all() -> Vec<(Handle, Error)> {
    let runs: Vec<(Handle, Arc<Run>)> = REGISTRY
        .runs
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .drain()
        .collect();
    CLOSES.fetch_add(1, Ordering::AcqRel);
    let mut errors = Vec::new();
    for (handle, run) in runs {
        if let Err(e) = run.close() {
            errors.push((handle, e));
        }
        release_folder(&run.root().to_path_buf());
    }
    errors
}

/// Gives every open run that has none yet a final status (for a process that is going down).
pub fn finish_all(status: FinalStatus, message: &str) {
    let runs: Vec<Arc<Run>> = REGISTRY
        .runs
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .values()
        .cloned()
        .collect();
    for run in runs {
        let _ = run.finish(status, None, Some(message));
    }
}
