//! System resources: a thread that samples the machine's and the process's figures every
//! interval and writes them as step-less metric rows under `resources/metric/`, as Polyaxon's
//! resource writer does (`cpu`, `memory`, `load`, plus `process_cpu` and `process_memory` for the
//! program itself, and `gpu_<i>_utilization`, `gpu_<i>_memory_used`, `gpu_<i>_memory_free` when
//! an NVIDIA driver is present). Between samples the thread sleeps on a condition variable.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};

use super::events::metric;
use super::timestamp::now_micros;
use super::writer::{FileSpec, Writer};
use super::{Error, ErrorKind, Result};

struct Control {
    stop: bool,
    interval: Duration,
}

/// A running sampler; stopping it (or dropping it) ends its thread.
pub struct Sampler {
    control: Arc<(Mutex<Control>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

/// Where samples go.
#[derive(Clone)]
pub struct ResourceSink {
    pub writer: Arc<Writer>,
    pub folder: PathBuf,
    /// Added to every name: the rank's suffix in a shared run.
    pub suffix: String,
}

impl ResourceSink {
    fn write(&self, samples: &[(String, f64)]) {
        let names: Vec<&str> = samples.iter().map(|(n, _)| n.as_str()).collect();
        let _ = self.writer.append(
            "resources",
            &names,
            |name| {
                Ok(FileSpec {
                    path: self.folder.join(format!("{name}{}.plx", self.suffix)),
                    header: "step|timestamp|metric".into(),
                })
            },
            now_micros,
            |i, at, buf| metric::push_row(buf, None, at, samples[i].1),
        );
    }
}

impl Sampler {
    /// Starts sampling every `interval`, with a first sample right away.
    pub fn start(sink: ResourceSink, interval: Duration) -> Result<Sampler> {
        let control = Arc::new((
            Mutex::new(Control {
                stop: false,
                interval,
            }),
            Condvar::new(),
        ));
        let for_thread = Arc::clone(&control);
        let thread = std::thread::Builder::new()
            .name("plx-resources".into())
            .spawn(move || run_thread(&sink, &for_thread))
            .map_err(|e| Error::new(ErrorKind::Io, format!("cannot start the sampler: {e}")))?;
        Ok(Sampler {
            control,
            thread: Some(thread),
        })
    }

    /// Changes the interval; the next sample comes one new interval after the last.
    pub fn set_interval(&self, interval: Duration) {
        let (lock, wake) = &*self.control;
        lock.lock().unwrap_or_else(|p| p.into_inner()).interval = interval;
        wake.notify_all();
    }

    /// Stops the thread and waits for it.
    pub fn stop(&mut self) {
        let (lock, wake) = &*self.control;
        lock.lock().unwrap_or_else(|p| p.into_inner()).stop = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Sampler {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run_thread(sink: &ResourceSink, control: &(Mutex<Control>, Condvar)) {
    crate::sys::block_termination_signals();
    let mut probe = Probe::new();
    let (lock, wake) = control;
    loop {
        sink.write(&probe.sample());
        let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
        let interval = state.interval;
        let mut waited = Duration::ZERO;
        while !state.stop && waited < state.interval {
            let started = std::time::Instant::now();
            let (next, _) = wake
                .wait_timeout(state, interval.saturating_sub(waited))
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            waited += started.elapsed();
        }
        if state.stop {
            return;
        }
    }
}

/// Reads the figures; the first CPU figures are 0, as in Polyaxon, since CPU use is measured
/// between two samples.
struct Probe {
    system: System,
    pid: Option<sysinfo::Pid>,
    gpus: Option<nvml_wrapper::Nvml>,
}

impl Probe {
    fn new() -> Probe {
        Probe {
            system: System::new(),
            pid: sysinfo::get_current_pid().ok(),
            // No driver, no GPU rows: loading NVML at run time fails quietly without one.
            gpus: nvml_wrapper::Nvml::init().ok(),
        }
    }

    fn sample(&mut self) -> Vec<(String, f64)> {
        self.system.refresh_cpu_usage();
        self.system.refresh_memory();
        let total = self.system.total_memory() as f64;
        let memory = if total > 0.0 {
            self.system.used_memory() as f64 / total * 100.0
        } else {
            0.0
        };
        let mut samples = vec![
            ("cpu".to_string(), f64::from(self.system.global_cpu_usage())),
            ("memory".to_string(), memory),
            ("load".to_string(), System::load_average().one),
        ];
        if let Some(pid) = self.pid {
            let refresh = ProcessRefreshKind::nothing().with_cpu().with_memory();
            self.system
                .refresh_processes_specifics(ProcessesToUpdate::Some(&[pid]), true, refresh);
            if let Some(process) = self.system.process(pid) {
                samples.push(("process_cpu".into(), f64::from(process.cpu_usage())));
                samples.push(("process_memory".into(), process.memory() as f64));
            }
        }
        if let Some(nvml) = &self.gpus {
            let count = nvml.device_count().unwrap_or(0);
            for i in 0..count {
                let Ok(device) = nvml.device_by_index(i) else {
                    continue;
                };
                if let Ok(rates) = device.utilization_rates() {
                    samples.push((format!("gpu_{i}_utilization"), f64::from(rates.gpu)));
                }
                if let Ok(memory) = device.memory_info() {
                    samples.push((format!("gpu_{i}_memory_used"), memory.used as f64));
                    samples.push((format!("gpu_{i}_memory_free"), memory.free as f64));
                }
            }
        }
        samples
    }
}
