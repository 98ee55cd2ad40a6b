//! One open run: its folder, metadata, lineage and event writer.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Map, Value};

use super::assets::{asset_rel_path, copy_asset, write_asset};
use super::capture;
use super::events::{metric, push_row, EventKind, Payload};
use super::lineage::{Artifact, Lineage};
use super::location::Location;
use super::logs::{LogOrigin, LogSink};
use super::merge;
use super::metadata::{FinalStatus, Metadata};
use super::names::{event_name, last_component};
use super::paths::{
    create_dir_inside, join_inside, new_file_options, write_atomically, RUN_SUBFOLDERS,
};
use super::rank::{self, Rank};
use super::refs::{self, RefRequest};
use super::repair;
use super::resources::{ResourceSink, Sampler};
use super::summary::summarise_file;
use super::timestamp::{now_micros, Micros};
use super::writer::{FileSpec, Writer};
use super::{Error, ErrorKind, Result};

/// The metadata file of an offline run.
pub const RUN_FILE: &str = "run.plx.json";
/// The lineage file of an offline run.
pub const LINEAGE_FILE: &str = "lineages.plx.json";
/// The lock the ranks of a shared run take to merge their metadata (ends in `.plx.json` so
/// that `polyaxon ops push` leaves it out).
pub const LOCK_FILE: &str = "run.lock.plx.json";

thread_local! {
    /// Where a metric row is made, reused by every call on the thread.
    static ROW: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

struct RunState {
    meta: Metadata,
    lineage: Lineage,
    closed: bool,
}

/// An open run.
pub struct Run {
    uuid: String,
    root: PathBuf,
    writer: Arc<Writer>,
    rank: Rank,
    logs: LogSink,
    sampler: Mutex<Option<Sampler>>,
    state: Mutex<RunState>,
    /// The time given to new events, or `i64::MIN` for the clock.
    event_time: AtomicI64,
}

impl Run {
    /// Opens the run at `location`: creates its folder tree, or resumes it when it has metadata
    /// already (cutting off any row a killed process left half-written), and starts its writer.
    pub fn open(location: &Location) -> Result<Run> {
        let root = location.folder.clone();
        for sub in RUN_SUBFOLDERS {
            create_dir_inside(&root, &root.join(sub))?;
        }

        let rank = rank::current(|key| std::env::var(key).ok());
        // In a shared run the other ranks may be writing their files right now: only this
        // rank's own files are repaired.
        repair::repair_run(&root, |stem| !rank.is_shared() || rank.owns_stem(stem))?;
        let now = now_micros();
        // In a shared run each rank holds only its own contribution; rank 0 also the status.
        let on_disk = |file: &str| -> Result<Option<String>> {
            match rank.is_shared() && !rank.owns_run() {
                true => Ok(None),
                false => read_optional(&root.join(file)),
            }
        };
        let meta = match on_disk(RUN_FILE)? {
            Some(text) => {
                let mut meta =
                    Metadata::from_json(&text).map_err(|e| corrupt(&root, RUN_FILE, e))?;
                meta.resume(now);
                meta
            }
            None => Metadata::new(&location.uuid, &location.owner, &location.project, now),
        };
        let lineage = match on_disk(LINEAGE_FILE)?.filter(|_| !rank.is_shared()) {
            Some(text) => Lineage::from_json(&text).map_err(|e| corrupt(&root, LINEAGE_FILE, e))?,
            None => Lineage::default(),
        };
        let writer = Arc::new(Writer::start(format!("plx-{}", &location.uuid[..8]))?);
        let origin = LogOrigin::from_env(|key| std::env::var(key).ok());
        let log_file = root.join(format!("plxlogs/logs{}.jsonl", rank.suffix()));
        let logs = LogSink::new(Arc::clone(&writer), origin, log_file);

        let run = Run {
            uuid: location.uuid.clone(),
            root,
            writer,
            rank,
            logs,
            sampler: Mutex::new(None),
            state: Mutex::new(RunState {
                meta,
                lineage,
                closed: false,
            }),
            event_time: AtomicI64::new(i64::MIN),
        };
        run.persist(&run.lock(), true)?;
        Ok(run)
    }

    pub fn uuid(&self) -> &str {
        &self.uuid
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn lock(&self) -> MutexGuard<'_, RunState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `change` on the state of a run that is still open.
    fn with_open_state<T>(&self, change: impl FnOnce(&mut RunState) -> Result<T>) -> Result<T> {
        let mut state = self.lock();
        if state.closed {
            return Err(Error::new(ErrorKind::RunClosed, "the run is closed"));
        }
        change(&mut state)
    }

    /// A path under the run folder; `None` or empty gives the folder itself.
    pub fn artifacts_path(&self, rel: Option<&str>) -> Result<PathBuf> {
        self.path_under(&self.root, rel)
    }

    /// A path under the run's `outputs/` (`outputs/rank<r>/` for rank r > 0 of a shared run).
    pub fn outputs_path(&self, rel: Option<&str>) -> Result<PathBuf> {
        self.path_under(&self.outputs_dir(), rel)
    }

    fn outputs_dir(&self) -> PathBuf {
        match self.rank.index {
            0 => self.root.join("outputs"),
            r => self.root.join("outputs").join(format!("rank{r}")),
        }
    }

    /// The name under which this process's `name` is stored: suffixed for ranks other than 0.
    pub fn ranked(&self, name: &str) -> String {
        format!("{name}{}", self.rank.suffix())
    }

    fn path_under(&self, base: &Path, rel: Option<&str>) -> Result<PathBuf> {
        self.with_open_state(|_| Ok(()))?;
        join_inside(base, rel.unwrap_or(""), "relative path")
    }

    /// Creates the parent folders of a path handed out by `artifacts_path` or `outputs_path`,
    /// as Polyaxon's `get_outputs_path` does.
    pub fn create_parent(&self, path: &Path) -> Result<()> {
        match path.parent() {
            Some(parent) if path != self.root => create_dir_inside(&self.root, parent),
            _ => Ok(()),
        }
    }

    /// Where the stream of `kind` named `name` goes, creating its folder.
    fn event_file(&self, kind: EventKind, name: &str) -> Result<FileSpec> {
        let fqn = self.ranked(&event_name(&format!("{} name", kind.folder), name)?);
        let dir = self.root.join("events").join(kind.folder);
        create_dir_inside(&self.root, &dir)?;
        Ok(FileSpec {
            path: dir.join(format!("{fqn}.plx")),
            header: kind.header(),
        })
    }

    /// Sets the time of the events logged from now on; `None` goes back to the clock.
    pub fn set_event_time(&self, at: Option<Micros>) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        self.event_time
            .store(at.unwrap_or(i64::MIN), Ordering::Relaxed);
        Ok(())
    }

    /// The time of an event logged now.
    fn event_time(&self) -> Micros {
        match self.event_time.load(Ordering::Relaxed) {
            i64::MIN => now_micros(),
            fixed => fixed,
        }
    }

    /// Logs one metric value.
    pub fn log_metric(&self, name: &str, value: f64, step: Option<i64>) -> Result<()> {
        // The row is made before the writer's lock is taken, so threads logging into one run
        // hold the lock only to copy their rows in.
        let at = self.event_time();
        let log = |row: &[u8]| {
            self.writer.append_made(
                EventKind::METRIC.folder,
                name,
                |n| self.event_file(EventKind::METRIC, n),
                at,
                row,
                |later, buf| metric::push_row(buf, step, later, value),
            )
        };
        let with_scratch = ROW.try_with(|scratch| {
            let mut row = scratch.borrow_mut();
            row.clear();
            metric::push_row(&mut row, step, at, value);
            log(&row)
        });
        with_scratch.unwrap_or_else(|_| {
            let mut row = Vec::with_capacity(64);
            metric::push_row(&mut row, step, at, value);
            log(&row)
        })
    }

    /// Logs several metrics at one step and time; when a name is refused, none is logged.
    pub fn log_metrics(&self, names: &[&str], values: &[f64], step: Option<i64>) -> Result<()> {
        if names.len() != values.len() {
            return Err(Error::new(
                ErrorKind::ShapeMismatch,
                "names and values differ in length",
            ));
        }
        self.writer.append(
            EventKind::METRIC.folder,
            names,
            |n| self.event_file(EventKind::METRIC, n),
            || self.event_time(),
            |i, at, buf| metric::push_row(buf, step, at, values[i]),
        )
    }

    /// Logs one event of any kind.
    pub fn log_event(
        &self,
        kind: EventKind,
        name: &str,
        step: Option<i64>,
        payload: &Payload,
    ) -> Result<()> {
        self.writer.append(
            kind.folder,
            &[name],
            |n| self.event_file(kind, n),
            || self.event_time(),
            |_, at, buf| push_row(buf, kind, step, at, payload),
        )
    }

    /// Writes a versioned asset, `assets/<kind>/<name>[_<step>][.<ext>]`, with `write`, then logs
    /// the event whose payload `payload` builds from the asset's path relative to the run.
    pub fn log_asset(
        &self,
        kind: EventKind,
        name: &str,
        step: Option<i64>,
        ext: Option<&str>,
        write: impl FnOnce(&Path) -> Result<()>,
        payload: impl FnOnce(String) -> Value,
    ) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        let fqn = self.ranked(&event_name(&format!("{} name", kind.folder), name)?);
        let rel = asset_rel_path(kind.folder, &fqn, step, ext);
        let dest = self.root.join(&rel);
        create_dir_inside(&self.root, dest.parent().unwrap_or(&self.root))?;
        write(&dest)?;
        self.log_event(kind, name, step, &Payload::Object(payload(rel)))
    }

    /// Writes encoded bytes as a versioned asset.
    pub fn log_encoded_asset(
        &self,
        kind: EventKind,
        name: &str,
        step: Option<i64>,
        ext: &str,
        bytes: &[u8],
        payload: impl FnOnce(String) -> Value,
    ) -> Result<()> {
        self.log_asset(
            kind,
            name,
            step,
            Some(ext),
            |dest| write_asset(dest, bytes),
            payload,
        )
    }

    /// Copies a file or folder into `outputs/` under its own name, giving the copy's path.
    pub fn copy_to_outputs(&self, source: &Path) -> Result<PathBuf> {
        self.with_open_state(|_| Ok(()))?;
        let text = source.to_string_lossy();
        let dest = self.outputs_dir().join(last_component(&text));
        create_dir_inside(&self.root, &self.outputs_dir())?;
        copy_asset(source, &dest)?;
        Ok(dest)
    }

    /// Records a lineage ref. Hashing happens before the run's lock is taken.
    pub fn log_ref(&self, request: RefRequest<'_>, flag: Option<&str>) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        let mut artifact = refs::build(&self.root, request)?;
        artifact.name = self.ranked(&artifact.name);
        self.with_open_state(|state| {
            if let Some(flag) = flag {
                state.meta.set_flag(flag);
            }
            state.lineage.upsert(artifact);
            Ok(())
        })
    }

    /// Merges values into the run's inputs (`outputs` false) or outputs, keys sanitised and, in
    /// a shared run, suffixed with this process's rank.
    pub fn merge_values(&self, outputs: bool, values: Map<String, Value>) -> Result<()> {
        let suffix = self.rank.suffix();
        self.update_meta(|meta| {
            let target = if outputs {
                &mut meta.outputs
            } else {
                &mut meta.inputs
            };
            Metadata::merge_values(target, values, &suffix)
        })
    }

    /// Changes the run's metadata.
    pub fn update_meta(&self, change: impl FnOnce(&mut Metadata) -> Result<()>) -> Result<()> {
        self.with_open_state(|state| change(&mut state.meta))
    }

    /// Gives the run its final status.
    pub fn finish(
        &self,
        status: FinalStatus,
        reason: Option<&str>,
        message: Option<&str>,
    ) -> Result<()> {
        self.update_meta(|meta| meta.finish(status, reason, message, now_micros()))
    }

    /// Appends the lines of `text` to the run's log, `plxlogs/logs.jsonl`.
    pub fn log_lines(&self, text: &str) -> Result<()> {
        self.logs.write(text)
    }

    /// Copies what the process writes to descriptors 1 and 2 into the run's log until the run
    /// closes or `stop_capture` is called. Starting it again does nothing.
    pub fn start_capture(&self) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        capture::start(&self.root, self.logs.clone())
    }

    /// Stops copying the process's output; descriptors 1 and 2 are restored.
    pub fn stop_capture(&self) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        capture::stop(&self.root)
    }

    /// Samples system resources every `interval` until the run closes or `stop_resources` is
    /// called; called again, it changes the interval.
    pub fn start_resources(&self, interval: Duration) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        let mut sampler = self.sampler.lock().unwrap_or_else(|p| p.into_inner());
        match sampler.as_ref() {
            Some(running) => running.set_interval(interval),
            None => {
                let folder = self.root.join("resources/metric");
                create_dir_inside(&self.root, &folder)?;
                let sink = ResourceSink {
                    writer: Arc::clone(&self.writer),
                    folder,
                    suffix: self.rank.suffix(),
                };
                *sampler = Some(Sampler::start(sink, interval)?);
            }
        }
        Ok(())
    }

    /// Stops sampling system resources.
    pub fn stop_resources(&self) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        self.stop_sampler();
        Ok(())
    }

    /// Stops the resource sampler's thread, if one runs.
    fn stop_sampler(&self) {
        let sampler = self
            .sampler
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(mut sampler) = sampler {
            sampler.stop();
        }
    }

    /// Sets the time between background flushes.
    pub fn set_flush_interval(&self, interval: Duration) -> Result<()> {
        self.with_open_state(|_| Ok(()))?;
        self.writer.set_flush_interval(interval);
        Ok(())
    }

    /// Writes every logged row to disk (with the output captured so far) and the metadata and
    /// lineage files.
    pub fn flush(&self) -> Result<()> {
        capture::flush(&self.root);
        self.writer.flush()?;
        self.with_open_state(|state| self.persist(state, false))
    }

    /// Closes the run: drains the writer, adds the event lineage and last metric values, sets
    /// the final status (succeeded unless one was given) and writes the metadata files. The
    /// first failure is returned, after every step has been tried.
    pub fn close(&self) -> Result<()> {
        self.with_open_state(|state| {
            state.closed = true;
            Ok(())
        })?;
        let captured = capture::stop(&self.root);
        self.stop_sampler();
        let drained = self.writer.close();

        let mut state = self.lock();
        let events = self.add_event_lineage(&mut state);
        if !state.meta.is_done() && self.rank.owns_run() {
            let _ = state
                .meta
                .finish(FinalStatus::Succeeded, None, None, now_micros());
        }
        let persisted = self.persist(&state, true);
        captured.and(drained).and(events).and(persisted)
    }

    /// Adds one lineage entry per event and resource file, and each metric's last value to the
    /// outputs.
    fn add_event_lineage(&self, state: &mut RunState) -> Result<()> {
        let connection = std::env::var("POLYAXON_ARTIFACTS_STORE_NAME")
            .ok()
            .filter(|c| !c.is_empty());
        let mut first_error = Ok(());
        for (folder, system) in [("events", false), ("resources", true)] {
            let files = match event_files(&self.root.join(folder)) {
                Ok(files) => files,
                Err(e) => {
                    first_error = first_error.and(Err(e));
                    continue;
                }
            };
            let own = |stem: &String| !self.rank.is_shared() || self.rank.owns_stem(stem);
            for (kind, stem, path) in files.into_iter().filter(|(_, stem, _)| own(stem)) {
                let jsonl = EventKind::is_jsonl_folder(&kind);
                let summarised = match summarise_file(&path, &kind, jsonl) {
                    Ok(Some(summarised)) => summarised,
                    Ok(None) => continue,
                    Err(e) => {
                        first_error = first_error.and(Err(Error::io("cannot read", &path, &e)));
                        continue;
                    }
                };
                let summary = summarised.summary;
                if !system {
                    state.meta.set_flag("has_events");
                    if let Some(last) = summarised.last_metric {
                        state.meta.set_flag("has_metrics");
                        let value = serde_json::Number::from_f64(last)
                            .map(Value::Number)
                            .unwrap_or(Value::Null);
                        state.meta.outputs.insert(stem.clone(), value);
                    }
                }
                state.lineage.upsert_event(Artifact {
                    name: stem.clone(),
                    kind: if system {
                        "system".into()
                    } else {
                        kind.clone()
                    },
                    path: Some(format!("{folder}/{kind}/{stem}.plx")),
                    summary,
                    connection: connection.clone(),
                    is_input: false,
                    extra: Map::new(),
                });
            }
        }
        first_error
    }

    /// Writes `run.plx.json` and `lineages.plx.json`. In a shared run this process's part is
    /// merged into what the other ranks wrote, under an exclusive lock of `run.lock.plx.json`
    /// (a name Polyaxon's push leaves out).
    fn persist(&self, state: &RunState, durable: bool) -> Result<()> {
        if !self.rank.is_shared() {
            return self.write_metadata(&state.meta, &state.lineage, durable);
        }
        let lock_path = self.root.join(LOCK_FILE);
        let lock = new_file_options()
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| Error::io("cannot open", &lock_path, &e))?;
        lock.lock()
            .map_err(|e| Error::io("cannot lock", &lock_path, &e))?;
        let disk_meta = read_optional(&self.root.join(RUN_FILE))?
            .and_then(|text| Metadata::from_json(&text).ok());
        let disk_lineage = read_optional(&self.root.join(LINEAGE_FILE))?
            .and_then(|text| Lineage::from_json(&text).ok());
        let meta = merge::metadata(disk_meta, &state.meta, self.rank);
        let lineage = merge::lineage(disk_lineage, &state.lineage, self.rank);
        let written = self.write_metadata(&meta, &lineage, durable);
        let _ = lock.unlock();
        written
    }

    /// Writes both files; `durable` (at open and close) fsyncs them, while a flush leaves that
    /// to the system so frequent flushes stay cheap.
    fn write_metadata(&self, meta: &Metadata, lineage: &Lineage, durable: bool) -> Result<()> {
        let lineage_path = self.root.join(LINEAGE_FILE);
        write_atomically(
            &self.root.join(RUN_FILE),
            meta.to_json().as_bytes(),
            durable,
        )?;
        if !lineage.is_empty() {
            write_atomically(&lineage_path, lineage.to_json().as_bytes(), durable)?;
        }
        Ok(())
    }
}

/// The `.plx` files under `<dir>/<kind>/`, sorted, as (kind, stem, path).
fn event_files(dir: &Path) -> Result<Vec<(String, String, PathBuf)>> {
    let mut found = Vec::new();
    let kinds = match fs::read_dir(dir) {
        Ok(kinds) => kinds,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(Error::io("cannot list", dir, &e)),
    };
    for kind_dir in kinds.flatten().filter(|e| e.path().is_dir()) {
        let kind = kind_dir.file_name().to_string_lossy().into_owned();
        let files = fs::read_dir(kind_dir.path())
            .map_err(|e| Error::io("cannot list", &kind_dir.path(), &e))?;
        for file in files.flatten() {
            let path = file.path();
            if path.extension().and_then(|e| e.to_str()) != Some("plx") {
                continue;
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            found.push((kind.clone(), stem, path));
        }
    }
    found.sort();
    Ok(found)
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("cannot read", path, &e)),
    }
}

fn corrupt(root: &Path, file: &str, err: serde_json::Error) -> Error {
    Error::new(
        ErrorKind::InvalidJson,
        format!(
            "cannot resume: '{}' is not valid: {err}",
            root.join(file).display()
        ),
    )
}
