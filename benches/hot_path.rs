//! The hot-path benchmark: what `plx_log_metric` costs, side by side with a floor measured in
//! the same process. Not a test: it prints a table and a block of targets, and exits 0 whether
//! the targets are met or not.
//!
//! The library is called through its exported C functions with names prepared once as
//! NUL-terminated strings, as a C program calls it. The floor writes the same rows, formatted by
//! plx's own row code, through a plain `BufWriter<File>`: no registry, no name sanitising, no
//! background thread. Every case runs several times, plx and floor alternating, and the medians
//! are reported.
//!
//! Run: `cargo bench --bench hot_path -- [all|memory|metric] [options]` (see `--help`).
//! `scripts/bench.sh` runs it with the Python peers (`bench/peers.py`) and passes their results
//! in with `--peers`, so the ratios to traceml, tensorboardX and Pillow print in the same table.

use std::ffi::{c_char, CStr, CString};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use plx::core::events::metric::push_row;
use plx::core::timestamp::now_micros;
use plx::ffi::assets::plx_log_image;
use plx::ffi::log::plx_log_metric;
use plx::ffi::run::{
    plx_artifacts_path, plx_run_close, plx_run_flush, plx_run_open, plx_run_set_flush_interval,
};
use plx::ffi::version::plx_last_error_message;
use plx::ffi::{plx_run, plx_status};
use serde_json::{json, Value};

/// Values are taken from a table so that computing them costs both sides nothing; they have
/// full-precision text, as computed losses do.
const VALUE_COUNT: usize = 4096;
const IMAGE_SIDE: u32 = 256;

/// The targets.
const MAX_FLOOR_RATIO: f64 = 1.5;
const MIN_TRACEML_RATIO: f64 = 200.0;
const MAX_P999_NS: f64 = 20_000.0;
const MIN_IMAGE_RATIO: f64 = 2.0;
const MAX_PEAK_MIB: f64 = 64.0;
/// How many more descriptors than before the run counts as bounded in the 10 000-name case.
const MAX_EXTRA_FDS: usize = 64;

struct Options {
    mode: String,
    rows: usize,
    reps: usize,
    latency_calls: usize,
    images: usize,
    memory_rows: usize,
    memory: bool,
    peers: Option<PathBuf>,
}

impl Options {
    fn parse() -> Options {
        let mut options = Options {
            mode: String::new(),
            rows: 1_000_000,
            reps: 5,
            latency_calls: 2_000_000,
            images: 100,
            memory_rows: 10_000_000,
            memory: true,
            peers: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut number = |what: &str| -> usize {
                let text = args
                    .next()
                    .unwrap_or_else(|| usage(&format!("{what} needs a value")));
                let text = text.replace('_', "");
                text.parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .unwrap_or_else(|| usage(&format!("{what}: '{text}' is not a count")))
            };
            match arg.as_str() {
                // cargo bench passes --bench to every bench target; cargo test does not.
                "--bench" if options.mode.is_empty() => options.mode = "all".into(),
                "--bench" => {}
                "all" | "memory" | "metric" => options.mode = arg,
                "--rows" => options.rows = number("--rows"),
                "--reps" => options.reps = number("--reps"),
                "--latency-calls" => options.latency_calls = number("--latency-calls"),
                "--images" => options.images = number("--images"),
                "--memory-rows" => options.memory_rows = number("--memory-rows"),
                "--no-memory" => options.memory = false,
                "--peers" => {
                    let path = args.next().unwrap_or_else(|| usage("--peers needs a file"));
                    options.peers = Some(PathBuf::from(path));
                }
                "--quick" => {
                    options.rows = 100_000;
                    options.reps = 2;
                    options.latency_calls = 200_000;
                    options.images = 10;
                    options.memory_rows = 1_000_000;
                }
                "-h" | "--help" => {
                    println!("{HELP}");
                    std::process::exit(0);
                }
                other => usage(&format!("unknown argument '{other}'")),
            }
        }
        options
    }
}

const HELP: &str = "\
usage: cargo bench --bench hot_path -- [all|memory|metric] [options]

  all                 every case, then the memory case in a child process (the default
                      under cargo bench; run without --bench or a mode, as cargo test
                      runs it, the program only says it is a benchmark)
  memory              only the memory case: log --memory-rows rows, print peak RSS
  metric              only plx_log_metric with one name, --reps x --rows rows (for perf record)
  --rows N            rows per metric case (default 1000000)
  --reps K            repetitions of each case; medians are reported (default 5)
  --latency-calls N   calls timed one by one in the latency case (default 2000000)
  --images N          images per image case (default 100)
  --memory-rows N     rows of the memory case (default 10000000)
  --no-memory         skip the memory case
  --peers FILE        JSON printed by bench/peers.py, for the ratios to the Python peers
  --quick             small sizes, for a smoke run";

fn usage(problem: &str) -> ! {
    eprintln!("hot_path: {problem}\n\n{HELP}");
    std::process::exit(2);
}

fn main() {
    let options = Options::parse();
    if options.mode.is_empty() {
        println!("hot_path is a benchmark, not a test: run it with cargo bench --bench hot_path");
        return;
    }
    let scratch = std::env::temp_dir().join(format!("plx-bench-{}", std::process::id()));
    fs::create_dir_all(&scratch).expect("cannot create the scratch folder");
    match options.mode.as_str() {
        "memory" => {
            let result = memory_case(&scratch, options.memory_rows);
            println!("MEMORY_RESULT {result}");
        }
        "metric" => {
            let bench = Bench::new(&scratch);
            let samples: Vec<Sample> = (0..options.reps)
                .map(|_| bench.plx_rows(&names(1), options.rows))
                .collect();
            let plx = summarise(&samples);
            println!(
                "plx_log_metric, 1 name: {:.1} ns per call, {} rows/s with close",
                plx.ns_per_row,
                rate(plx.rows_per_s_with_close)
            );
        }
        _ => run_all(&options, &scratch),
    }
    let _ = fs::remove_dir_all(&scratch);
}

// ---------------------------------------------------------------------------------------------
// The cases

/// What one repetition of a metric case measured.
#[derive(Clone, Copy, Default)]
struct Sample {
    rows: usize,
    /// Wall time of the calls: what the caller waits.
    logged: Duration,
    /// CPU time of the whole process (every thread) during the calls: what the rows cost the
    /// machine, and a figure that other processes on the machine disturb less.
    cpu: Duration,
    /// Wall time of the calls and the close (plx) or the flush (floor).
    closed: Duration,
    bytes: u64,
}

impl Sample {
    fn ns_per_row(&self) -> f64 {
        self.logged.as_nanos() as f64 / self.rows as f64
    }

    fn cpu_ns_per_row(&self) -> f64 {
        self.cpu.as_nanos() as f64 / self.rows as f64
    }

    fn rows_per_s(&self) -> f64 {
        self.rows as f64 / self.logged.as_secs_f64()
    }

    fn rows_per_s_with_close(&self) -> f64 {
        self.rows as f64 / self.closed.as_secs_f64()
    }

    fn bytes_per_row(&self) -> f64 {
        self.bytes as f64 / self.rows as f64
    }
}

/// The medians of a case's repetitions, each measure on its own.
#[derive(Clone, Copy, Default)]
struct Summary {
    ns_per_row: f64,
    cpu_ns_per_row: f64,
    rows_per_s: f64,
    rows_per_s_with_close: f64,
    bytes_per_row: f64,
}

fn summarise(samples: &[Sample]) -> Summary {
    Summary {
        ns_per_row: median(samples.iter().map(Sample::ns_per_row)),
        cpu_ns_per_row: median(samples.iter().map(Sample::cpu_ns_per_row)),
        rows_per_s: median(samples.iter().map(Sample::rows_per_s)),
        rows_per_s_with_close: median(samples.iter().map(Sample::rows_per_s_with_close)),
        bytes_per_row: median(samples.iter().map(Sample::bytes_per_row)),
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The samples of plx and of the floor, taken in pairs.
#[derive(Default)]
struct Pairs {
    floor: Vec<Sample>,
    plx: Vec<Sample>,
}

impl Pairs {
    /// Runs one pair, the floor first on even repetitions and plx first on odd ones.
    fn push(&mut self, rep: usize, floor: impl FnOnce() -> Sample, plx: impl FnOnce() -> Sample) {
        if rep.is_multiple_of(2) {
            self.floor.push(floor());
            self.plx.push(plx());
        } else {
            self.plx.push(plx());
            self.floor.push(floor());
        }
    }

    /// The median over pairs of plx's `measure` over the floor's.
    fn ratio(&self, measure: fn(&Sample) -> f64) -> f64 {
        median(
            self.plx
                .iter()
                .zip(&self.floor)
                .map(|(plx, floor)| measure(plx) / measure(floor)),
        )
    }
}

struct Bench {
    scratch: PathBuf,
    root: CString,
    values: Vec<f64>,
    next_folder: AtomicUsize,
}

impl Bench {
    fn new(scratch: &Path) -> Bench {
        let root = scratch.join("offline");
        Bench {
            scratch: scratch.to_path_buf(),
            root: CString::new(root.to_str().expect("a UTF-8 temp folder")).expect("no NUL"),
            values: (0..VALUE_COUNT)
                .map(|i| 1.0 / (1.0 + i as f64 * 1e-4))
                .collect(),
            next_folder: AtomicUsize::new(0),
        }
    }

    fn value(&self, i: usize) -> f64 {
        self.values[i & (VALUE_COUNT - 1)]
    }

    fn open(&self) -> (plx_run, PathBuf) {
        let project = c"bench/hot-path";
        let mut run: plx_run = 0;
        // SAFETY: every pointer is a valid NUL-terminated string or a writable handle.
        check(unsafe {
            plx_run_open(
                self.root.as_ptr(),
                project.as_ptr(),
                std::ptr::null(),
                &mut run,
            )
        });
        (run, artifacts_path(run))
    }

    /// A new empty folder for the floor's files.
    fn floor_folder(&self) -> PathBuf {
        let n = self.next_folder.fetch_add(1, Ordering::Relaxed);
        let dir = self.scratch.join(format!("floor-{n}"));
        fs::create_dir_all(&dir).expect("cannot create a floor folder");
        dir
    }

    /// Logs `rows` metric rows through `plx_log_metric` into a new run, row `i` under name
    /// `i % names`, then closes the run.
    fn plx_rows(&self, names: &[CString], rows: usize) -> Sample {
        let (run, dir) = self.open();
        let timed = self.log_rows(&[run], names, rows);
        check(plx_run_close(run));
        let closed = timed.start.elapsed();
        Sample {
            rows,
            logged: timed.wall,
            cpu: timed.cpu,
            closed,
            bytes: folder_bytes(&dir.join("events/metric")),
        }
    }

    /// The timed loop: row `i` goes to run `i % runs` under name `i % names`, counted without a
    /// division.
    fn log_rows(&self, runs: &[plx_run], names: &[CString], rows: usize) -> Timed {
        let name_ptrs: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
        let cpu_start = process_cpu_time();
        let start = Instant::now();
        let (mut r, mut n) = (0, 0);
        for i in 0..rows {
            // SAFETY: the names are live NUL-terminated strings.
            let status = unsafe { plx_log_metric(runs[r], name_ptrs[n], self.value(i), i as i64) };
            if status != 0 {
                fail(status);
            }
            r += 1;
            if r == runs.len() {
                r = 0;
            }
            n += 1;
            if n == name_ptrs.len() {
                n = 0;
            }
        }
        Timed {
            wall: start.elapsed(),
            cpu: process_cpu_time().saturating_sub(cpu_start),
            start,
        }
    }

    /// The cost per call in the steady state: opens `run_count` runs, logs one row per name and
    /// run (untimed), then times `reps` batches of `rows` rows into the same runs. With
    /// `count_fds`, one more batch is logged while a thread samples the open descriptors. The
    /// close is timed on its own: it fsyncs every event file.
    fn plx_scaling(
        &self,
        run_count: usize,
        names: &[CString],
        rows: usize,
        reps: usize,
        count_fds: bool,
    ) -> Scaling {
        let before = open_fds();
        let runs: Vec<plx_run> = (0..run_count).map(|_| self.open().0).collect();
        for &run in &runs {
            for name in names {
                log_metric(run, name, 0.0, -1);
            }
        }
        let ns_per_call = (0..reps)
            .map(|_| self.log_rows(&runs, names, rows).wall.as_nanos() as f64 / rows as f64)
            .collect();

        let fds = count_fds.then(|| {
            let stop = AtomicBool::new(false);
            let most = AtomicUsize::new(0);
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    while !stop.load(Ordering::Relaxed) {
                        most.fetch_max(open_fds(), Ordering::Relaxed);
                        std::thread::sleep(Duration::from_micros(200));
                    }
                });
                self.log_rows(&runs, names, rows);
                for &run in &runs {
                    check(plx_run_flush(run));
                }
                stop.store(true, Ordering::Relaxed);
            });
            FdCounts {
                before,
                most: most.load(Ordering::Relaxed),
                after_flush: open_fds(),
                after_close: 0,
            }
        });

        let start = Instant::now();
        for &run in &runs {
            check(plx_run_close(run));
        }
        let close = start.elapsed();
        Scaling {
            ns_per_call,
            close,
            fds: fds.map(|fds| FdCounts {
                after_close: open_fds(),
                ..fds
            }),
        }
    }

    /// The floor: the same rows, formatted by plx's row code, written by one `BufWriter<File>`
    /// per name. Its "close" is the flush and the close of the files.
    fn floor_rows(&self, name_count: usize, rows: usize) -> Sample {
        let dir = self.floor_folder();
        let mut writers: Vec<BufWriter<File>> = (0..name_count)
            .map(|k| {
                let mut file = File::create(dir.join(format!("metric_{k}.plx"))).expect("create");
                file.write_all(b"step|timestamp|metric").expect("header");
                BufWriter::new(file)
            })
            .collect();
        let mut row = Vec::with_capacity(64);

        let cpu_start = process_cpu_time();
        let start = Instant::now();
        let mut n = 0;
        for i in 0..rows {
            row.clear();
            push_row(&mut row, Some(i as i64), now_micros(), self.value(i));
            writers[n].write_all(&row).expect("floor write");
            n += 1;
            if n == name_count {
                n = 0;
            }
        }
        let logged = start.elapsed();
        let cpu = process_cpu_time().saturating_sub(cpu_start);
        for writer in &mut writers {
            writer.flush().expect("floor flush");
        }
        drop(writers);
        let closed = start.elapsed();

        let bytes = folder_bytes(&dir);
        let _ = fs::remove_dir_all(&dir);
        Sample {
            rows,
            logged,
            cpu,
            closed,
            bytes,
        }
    }

    /// Two threads log `rows` rows each into one run, each under its own name. `logged` runs
    /// from the first thread's start to the last one's end, so rows / logged is the aggregate.
    fn plx_two_threads(&self, rows: usize) -> Sample {
        let (run, dir) = self.open();
        let names = [c"loss_thread_0", c"loss_thread_1"];
        let barrier = Barrier::new(names.len());
        let cpu_start = process_cpu_time();
        let spans: Vec<(Instant, Instant)> = std::thread::scope(|scope| {
            let workers: Vec<_> = names
                .iter()
                .map(|name| {
                    let barrier = &barrier;
                    scope.spawn(move || {
                        barrier.wait();
                        let start = Instant::now();
                        for i in 0..rows {
                            log_metric(run, name, self.value(i), i as i64);
                        }
                        (start, Instant::now())
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a worker panicked"))
                .collect()
        });
        let first = spans.iter().map(|s| s.0).min().expect("two spans");
        let last = spans.iter().map(|s| s.1).max().expect("two spans");
        let cpu = process_cpu_time().saturating_sub(cpu_start);
        check(plx_run_close(run));
        let closed = first.elapsed();
        Sample {
            rows: rows * names.len(),
            logged: last - first,
            cpu,
            closed,
            bytes: folder_bytes(&dir.join("events/metric")),
        }
    }

    /// Times `calls` calls one by one, with the background writer flushing every 100 ms (and
    /// whenever 1 MiB is pending). Returns the latencies in nanoseconds, sorted.
    fn plx_latencies(&self, calls: usize) -> Vec<u64> {
        let (run, _) = self.open();
        check(plx_run_set_flush_interval(run, 100));
        let name = c"loss";
        log_metric(run, name, 0.0, -1);
        let mut latencies = vec![0u64; calls];
        for (i, slot) in latencies.iter_mut().enumerate() {
            let start = Instant::now();
            // SAFETY: `name` is a live NUL-terminated string.
            let status = unsafe { plx_log_metric(run, name.as_ptr(), self.value(i), i as i64) };
            *slot = start.elapsed().as_nanos() as u64;
            if status != 0 {
                fail(status);
            }
        }
        check(plx_run_close(run));
        latencies.sort_unstable();
        latencies
    }

    /// The floor's latencies, timed the same way: most calls copy into the buffer, one in
    /// about 140 writes the 8 KiB buffer to the file.
    fn floor_latencies(&self, calls: usize) -> Vec<u64> {
        let dir = self.floor_folder();
        let mut writer = BufWriter::new(File::create(dir.join("loss.plx")).expect("create"));
        let mut row = Vec::with_capacity(64);
        let mut latencies = vec![0u64; calls];
        for (i, slot) in latencies.iter_mut().enumerate() {
            let start = Instant::now();
            row.clear();
            push_row(&mut row, Some(i as i64), now_micros(), self.value(i));
            writer.write_all(&row).expect("floor write");
            *slot = start.elapsed().as_nanos() as u64;
        }
        writer.flush().expect("floor flush");
        drop(writer);
        let _ = fs::remove_dir_all(&dir);
        latencies.sort_unstable();
        latencies
    }

    /// Logs `count` 256 x 256 RGB images; returns the time of the calls and with the close.
    fn plx_images(&self, count: usize, pixels: &[u8]) -> (Duration, Duration, u64) {
        let (run, dir) = self.open();
        let name = c"frame";
        let start = Instant::now();
        for step in 0..count {
            // SAFETY: `pixels` holds height * width * 3 bytes; `name` is NUL-terminated.
            check(unsafe {
                plx_log_image(
                    run,
                    name.as_ptr(),
                    pixels.as_ptr(),
                    IMAGE_SIDE,
                    IMAGE_SIDE,
                    3,
                    step as i64,
                )
            });
        }
        let logged = start.elapsed();
        check(plx_run_close(run));
        let closed = start.elapsed();
        (
            logged,
            closed,
            folder_bytes(&dir.join("assets/image")) / count as u64,
        )
    }
}

/// One timed loop of `log_rows`.
struct Timed {
    wall: Duration,
    cpu: Duration,
    start: Instant,
}

struct Scaling {
    ns_per_call: Vec<f64>,
    close: Duration,
    fds: Option<FdCounts>,
}

struct FdCounts {
    before: usize,
    most: usize,
    after_flush: usize,
    after_close: usize,
}

/// The memory case, run in its own process so that nothing else raised its peak: logs `rows`
/// rows under one name and reads the peak resident set (VmHWM) along the way and after close.
fn memory_case(scratch: &Path, rows: usize) -> Value {
    let bench = Bench::new(scratch);
    let checkpoints = [rows / 10, rows / 2, rows];
    let at_start = status_kib("VmHWM");
    let (run, _) = bench.open();
    let name = c"loss";
    let start = Instant::now();
    let mut marks = Vec::new();
    println!("memory: {rows} rows of one metric into one run, peak RSS (VmHWM) as they go");
    for i in 0..rows {
        log_metric(run, name, bench.value(i), i as i64);
        if checkpoints.contains(&(i + 1)) {
            let (hwm, rss) = (status_kib("VmHWM"), status_kib("VmRSS"));
            println!(
                "  after {:>11} rows: VmHWM {:7.1} MiB, VmRSS {:7.1} MiB, {:6.2} s",
                i + 1,
                hwm as f64 / 1024.0,
                rss as f64 / 1024.0,
                start.elapsed().as_secs_f64()
            );
            marks.push(json!({"rows": i + 1, "hwm_kib": hwm, "rss_kib": rss}));
        }
    }
    let logged = start.elapsed();
    check(plx_run_close(run));
    let closed = start.elapsed();
    let after_close = status_kib("VmHWM");
    println!(
        "  after close:             VmHWM {:7.1} MiB (close took {:.2} s)",
        after_close as f64 / 1024.0,
        (closed - logged).as_secs_f64()
    );
    json!({
        "rows": rows,
        "start_hwm_kib": at_start,
        "marks": marks,
        "close_hwm_kib": after_close,
        "logged_s": logged.as_secs_f64(),
        "closed_s": closed.as_secs_f64(),
    })
}

/// Runs this program again in `memory` mode and reads its result line.
fn memory_in_child(rows: usize) -> Option<Value> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new(exe)
        .args(["memory", "--memory-rows", &rows.to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut result = None;
    for line in text.lines() {
        match line.strip_prefix("MEMORY_RESULT ") {
            Some(json) => result = serde_json::from_str(json).ok(),
            None => println!("{line}"),
        }
    }
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    result
}

// ---------------------------------------------------------------------------------------------
// The report

fn run_all(options: &Options, scratch: &Path) {
    let bench = Bench::new(scratch);
    let peers = options.peers.as_ref().map(|path| read_peers(path));
    let reps = options.reps;
    let rows = options.rows;
    let one = names(1);
    let hundred = names(100);
    let ten_thousand = names(10_000);
    println!("plx hot-path benchmark: {rows} rows per case, {reps} repetitions, medians reported");
    println!("(plx: plx_log_metric through the C ABI; floor: the same rows via BufWriter<File>)");

    // plx and the floor run in pairs, in alternating order, and each ratio is the median of
    // the ratios within pairs: load from other processes, which comes and goes over seconds,
    // then moves both sides of a pair alike.
    let mut single = Pairs::default();
    let mut many = Pairs::default();
    let mut two = Vec::new();
    for rep in 0..reps {
        single.push(
            rep,
            || bench.floor_rows(1, rows),
            || bench.plx_rows(&one, rows),
        );
        many.push(
            rep,
            || bench.floor_rows(100, rows),
            || bench.plx_rows(&hundred, rows),
        );
        two.push(bench.plx_two_threads(rows));
    }
    let floor_1 = summarise(&single.floor);
    let plx_1 = summarise(&single.plx);
    let floor_100 = summarise(&many.floor);
    let plx_100 = summarise(&many.plx);
    let plx_two = summarise(&two);
    let two_vs_one = median(
        two.iter()
            .zip(&single.plx)
            .map(|(two, one)| two.rows_per_s() / one.rows_per_s()),
    );

    // The runs of a case take every batch, so their close grows with the batches: three are
    // enough for a median.
    let scaling_reps = reps.min(3);
    let mut scaling = Vec::new();
    let mut fds = None;
    for (label, runs, names) in [
        ("1 name, 1 run", 1, &one),
        ("100 names, 1 run", 1, &hundred),
        ("10 000 names, 1 run", 1, &ten_thousand),
        ("1 name each, 100 runs", 100, &one),
    ] {
        let count_fds = names.len() == 10_000;
        let mut result = bench.plx_scaling(runs, names, rows, scaling_reps, count_fds);
        if count_fds {
            fds = result.fds.take();
        }
        scaling.push((label, names.len() * runs, result));
    }
    let fds = fds.expect("the 10 000-name case counts descriptors");

    let latency_reps = reps.clamp(1, 3);
    let mut plx_lat = Vec::new();
    let mut floor_lat = Vec::new();
    for _ in 0..latency_reps {
        floor_lat.push(Percentiles::of(
            &bench.floor_latencies(options.latency_calls),
        ));
        plx_lat.push(Percentiles::of(&bench.plx_latencies(options.latency_calls)));
    }
    let plx_lat = Percentiles::median(&plx_lat);
    let floor_lat = Percentiles::median(&floor_lat);
    let timer = timer_overhead_ns();

    let pixels = bench_pixels();
    let images: Vec<_> = (0..reps)
        .map(|_| bench.plx_images(options.images, &pixels))
        .collect();
    let image_us = median(
        images
            .iter()
            .map(|i| i.0.as_secs_f64() * 1e6 / options.images as f64),
    );
    let image_close_us = median(
        images
            .iter()
            .map(|i| i.1.as_secs_f64() * 1e6 / options.images as f64),
    );
    let image_bytes = median(images.iter().map(|i| i.2 as f64));

    let memory = if options.memory {
        println!();
        memory_in_child(options.memory_rows)
    } else {
        None
    };

    println!();
    println!("== Metrics: plx vs the floor ==");
    let header = format!(
        "{:<24} {:>9} {:>9} {:>8} {:>9} {:>9} {:>8}",
        "case", "plx ns", "floor ns", "ratio", "plx CPU", "floor CPU", "ratio"
    );
    println!("{header}");
    println!(
        "{:<24} {:>9} {:>9} {:>8} {:>9} {:>9} {:>8}",
        "", "per call", "per row", "plx/flr", "ns/row", "ns/row", "CPU"
    );
    println!("{}", "-".repeat(header.len()));
    for (label, plx, floor, pairs) in [
        ("1 name, 1 thread", plx_1, floor_1, &single),
        ("100 names, 1 thread", plx_100, floor_100, &many),
    ] {
        println!(
            "{:<24} {:>9.1} {:>9.1} {:>7.2}x {:>9.1} {:>9.1} {:>7.2}x",
            label,
            plx.ns_per_row,
            floor.ns_per_row,
            pairs.ratio(Sample::ns_per_row),
            plx.cpu_ns_per_row,
            floor.cpu_ns_per_row,
            pairs.ratio(Sample::cpu_ns_per_row)
        );
    }
    println!(
        "{:<24} {:>9.1} {:>9} {:>8} {:>9.1} {:>9} {:>8}",
        "2 threads, 1 run, aggr.", plx_two.ns_per_row, "", "", plx_two.cpu_ns_per_row, "", ""
    );
    println!("(ns per call: wall time of the calls / rows; CPU: all threads of the process,");
    println!(" plx's writer included; ratios: median of the ratios within pairs run back to back)");
    println!();
    println!(
        "{:<24} {:>13} {:>13} {:>13} {:>9} {:>9}",
        "case", "plx rows/s", "plx rows/s", "floor rows/s", "plx", "floor"
    );
    println!(
        "{:<24} {:>13} {:>13} {:>13} {:>9} {:>9}",
        "", "calls only", "incl. close", "incl. flush", "B/row", "B/row"
    );
    for (label, plx, floor) in [
        ("1 name, 1 thread", plx_1, Some(floor_1)),
        ("100 names, 1 thread", plx_100, Some(floor_100)),
        ("2 threads, 1 run, aggr.", plx_two, None),
    ] {
        println!(
            "{:<24} {:>13} {:>13} {:>13} {:>9.1} {:>9}",
            label,
            rate(plx.rows_per_s),
            rate(plx.rows_per_s_with_close),
            floor.map_or(String::new(), |f| rate(f.rows_per_s_with_close)),
            plx.bytes_per_row,
            floor.map_or(String::new(), |f| format!("{:.1}", f.bytes_per_row))
        );
    }
    println!(
        "2 threads into 1 run vs 1 thread, aggregate rows/s: {two_vs_one:.2}x (median of pairs)"
    );

    if let Some(peers) = &peers {
        println!();
        println!("== Metrics: the Python peers on the same workload (bench/peers.py) ==");
        println!(
            "{:<34} {:>8} {:>8} {:>12} {:>6} {:>8} {:>8} {:>8}",
            "peer", "us/call", "CPU us", "rows/s", "B/row", "peer/plx", "peer/plx", "peer/flr"
        );
        println!(
            "{:<34} {:>8} {:>8} {:>12} {:>6} {:>8} {:>8} {:>8}",
            "", "", "per call", "incl. close", "", "", "CPU", ""
        );
        for (key, label, plx, floor) in [
            (
                "traceml_metric_1",
                "traceml log_metric, 1 name",
                plx_1,
                floor_1,
            ),
            (
                "traceml_metric_100",
                "traceml log_metric, 100 names",
                plx_100,
                floor_100,
            ),
            (
                "tensorboardx_scalar_1",
                "tensorboardX add_scalar, 1 name",
                plx_1,
                floor_1,
            ),
            (
                "tensorboardx_scalar_100",
                "tensorboardX add_scalar, 100 names",
                plx_100,
                floor_100,
            ),
        ] {
            let us = number(peers, &[key, "per_call_us"]);
            let cpu_us = number(peers, &[key, "cpu_per_call_us"]);
            println!(
                "{:<34} {:>8.2} {:>8.2} {:>12} {:>6.1} {:>7.0}x {:>7.0}x {:>7.0}x",
                label,
                us,
                cpu_us,
                rate(number(peers, &[key, "rows_per_s_with_close"])),
                number(peers, &[key, "bytes_per_row"]),
                us * 1000.0 / plx.ns_per_row,
                cpu_us * 1000.0 / plx.cpu_ns_per_row,
                us * 1000.0 / floor.ns_per_row
            );
        }
        println!("(peer/plx: how many times more a peer's call costs than plx_log_metric's, in");
        println!(" wall time and in CPU time; peer/flr: than the floor's row, in wall time; the");
        println!(" peers ran in their own process just before this one)");
    }

    println!();
    println!("== Scaling: plx_log_metric per call, every name and run warmed up first ==");
    println!(
        "{:<26} {:>9} {:>10} {:>12} {:>9}",
        "case", "ns/call", "vs 1 name", "event files", "close s"
    );
    let base = median(scaling[0].2.ns_per_call.iter().copied());
    for (label, files, result) in &scaling {
        let ns = median(result.ns_per_call.iter().copied());
        println!(
            "{:<26} {:>9.1} {:>9.2}x {:>12} {:>9.2}",
            label,
            ns,
            ns / base,
            files,
            result.close.as_secs_f64()
        );
    }
    println!("(one set of runs per case: {scaling_reps} timed batches of {rows} rows, median;");
    println!(" 100 runs: rows go round-robin, so every call switches run, the worst case;");
    println!(" close s: closing the case's runs, which reads, summarises and fsyncs every file)");
    println!(
        "open descriptors, 10 000 names in one run: {} before; while logging, sampled every \
         200 us,",
        fds.before
    );
    println!(
        "at most {}; {} after a flush; {} after close",
        fds.most, fds.after_flush, fds.after_close
    );

    println!();
    println!(
        "== Latency: {} calls timed one by one, flush interval 100 ms; median of {} runs ==",
        options.latency_calls, latency_reps
    );
    println!(
        "{:<12} {:>8} {:>8} {:>9} {:>9} {:>10} {:>12}",
        "", "p50 ns", "p99 ns", "p99.9 ns", "p99.99 ns", "max ns", "calls >20us"
    );
    for (label, p) in [("plx", &plx_lat), ("floor", &floor_lat)] {
        println!(
            "{:<12} {:>8.0} {:>8.0} {:>9.0} {:>9.0} {:>10.0} {:>12.0}",
            label, p.p50, p.p99, p.p999, p.p9999, p.max, p.over_20us
        );
    }
    println!("(each includes the cost of reading the clock twice: about {timer:.0} ns)");

    println!();
    println!("== Images: 256 x 256 RGB, {} per run ==", options.images);
    println!(
        "plx_log_image: {:.0} us per image, {:.0} us with close; PNG {:.0} bytes",
        image_us, image_close_us, image_bytes
    );
    if let Some(peers) = &peers {
        let pillow = number(peers, &["pillow_png_encode", "per_image_us"]);
        let traceml = number(peers, &["traceml_log_image", "per_image_us"]);
        let traceml_close = number(peers, &["traceml_log_image", "per_image_with_close_us"]);
        println!(
            "Pillow PNG encode alone: {:.0} us per image, PNG {:.0} bytes",
            pillow,
            number(peers, &["pillow_png_encode", "png_bytes"]),
        );
        println!(
            "traceml log_image (Pillow + traceml): {traceml:.0} us per image, \
             {traceml_close:.0} us with close"
        );
        println!(
            "ratios: Pillow + traceml / plx = {:.1}x per image ({:.1}x with close); \
             Pillow alone / plx = {:.1}x",
            traceml / image_us,
            traceml_close / image_close_us,
            pillow / image_us
        );
    }

    if let Some(memory) = &memory {
        println!();
        println!("== Memory: peak resident set (VmHWM) of a process logging one metric ==");
        let start = number(memory, &["start_hwm_kib"]) / 1024.0;
        println!("before the run opens: {start:.1} MiB");
        for mark in memory["marks"].as_array().into_iter().flatten() {
            println!(
                "after {:>11} rows: {:.1} MiB",
                mark["rows"].as_u64().unwrap_or(0),
                number(mark, &["hwm_kib"]) / 1024.0
            );
        }
        println!(
            "after close:            {:.1} MiB",
            number(memory, &["close_hwm_kib"]) / 1024.0
        );
        println!(
            "time: {:.2} s to log, {:.2} s with close",
            number(memory, &["logged_s"]),
            number(memory, &["closed_s"])
        );
    }

    println!();
    println!("== Targets (informative: this program exits 0 either way) ==");
    let ratio = single.ratio(Sample::ns_per_row);
    target(
        &format!("plx_log_metric <= {MAX_FLOOR_RATIO}x the floor per row, 1 thread"),
        format!("{ratio:.2}x"),
        Some(ratio <= MAX_FLOOR_RATIO),
    );
    match &peers {
        Some(peers) => {
            let cheaper =
                number(peers, &["traceml_metric_1", "per_call_us"]) * 1000.0 / plx_1.ns_per_row;
            target(
                &format!("plx >= {MIN_TRACEML_RATIO}x cheaper per row than traceml"),
                format!("{cheaper:.0}x"),
                Some(cheaper >= MIN_TRACEML_RATIO),
            );
        }
        None => target(
            "plx >= 200x cheaper per row than traceml",
            "no --peers".into(),
            None,
        ),
    }
    let scale = two_vs_one;
    target(
        "2 threads into 1 run: aggregate >= 1 thread",
        format!("{scale:.2}x"),
        Some(scale >= 1.0),
    );
    target(
        "p99.9 call latency < 20 us while flushing",
        format!("{:.1} us", plx_lat.p999 / 1000.0),
        Some(plx_lat.p999 < MAX_P999_NS),
    );
    match &peers {
        Some(peers) => {
            let faster = number(peers, &["traceml_log_image", "per_image_us"]) / image_us;
            target(
                &format!("image >= {MIN_IMAGE_RATIO}x faster than Pillow + traceml"),
                format!("{faster:.1}x"),
                Some(faster >= MIN_IMAGE_RATIO),
            );
        }
        None => target(
            "image >= 2x faster than Pillow + traceml",
            "no --peers".into(),
            None,
        ),
    }
    match &memory {
        Some(memory) => {
            let rows = number(memory, &["rows"]);
            let marks = memory["marks"].as_array().cloned().unwrap_or_default();
            let logging = marks.last().map(|m| number(m, &["hwm_kib"]) / 1024.0);
            let logging = logging.unwrap_or(f64::NAN);
            let with_close = number(memory, &["close_hwm_kib"]) / 1024.0;
            target(
                &format!("peak RSS < {MAX_PEAK_MIB} MiB, {rows:.0} rows, while logging"),
                format!("{logging:.1} MiB"),
                Some(logging < MAX_PEAK_MIB),
            );
            target(
                &format!("peak RSS < {MAX_PEAK_MIB} MiB, {rows:.0} rows, with close"),
                format!("{with_close:.1} MiB"),
                Some(with_close < MAX_PEAK_MIB),
            );
        }
        None => target("peak RSS < 64 MiB for 10M rows", "not run".into(), None),
    }
    target(
        "10 000 names hold few files open",
        format!("+{} fds", fds.most.saturating_sub(fds.before)),
        Some(fds.most.saturating_sub(fds.before) <= MAX_EXTRA_FDS),
    );
}

fn target(what: &str, measured: String, met: Option<bool>) {
    let verdict = match met {
        Some(true) => "PASS",
        Some(false) => "MISS",
        None => "n/a",
    };
    println!("{verdict:<5} {what:<56} {measured}");
}

// ---------------------------------------------------------------------------------------------
// Helpers

#[derive(Clone, Copy)]
struct Percentiles {
    p50: f64,
    p99: f64,
    p999: f64,
    p9999: f64,
    max: f64,
    over_20us: f64,
}

impl Percentiles {
    fn of(sorted: &[u64]) -> Percentiles {
        let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)] as f64;
        Percentiles {
            p50: at(0.5),
            p99: at(0.99),
            p999: at(0.999),
            p9999: at(0.9999),
            max: *sorted.last().unwrap_or(&0) as f64,
            over_20us: sorted.iter().filter(|&&ns| ns > 20_000).count() as f64,
        }
    }

    fn median(runs: &[Percentiles]) -> Percentiles {
        let of = |f: fn(&Percentiles) -> f64| median(runs.iter().map(f));
        Percentiles {
            p50: of(|p| p.p50),
            p99: of(|p| p.p99),
            p999: of(|p| p.p999),
            p9999: of(|p| p.p9999),
            max: of(|p| p.max),
            over_20us: of(|p| p.over_20us),
        }
    }
}

/// The CPU time used so far by every thread of this process.
fn process_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// What timing one call costs by itself: two clock reads.
fn timer_overhead_ns() -> f64 {
    let calls = 1_000_000;
    let mut total = 0u64;
    for _ in 0..calls {
        let start = Instant::now();
        total += start.elapsed().as_nanos() as u64;
    }
    total as f64 / calls as f64
}

/// `count` metric names, as a C program would keep them.
fn names(count: usize) -> Vec<CString> {
    if count == 1 {
        return vec![c"loss".to_owned()];
    }
    (0..count)
        .map(|i| CString::new(format!("metric_{i:05}")).expect("no NUL"))
        .collect()
}

/// The bench image, pixel for pixel as `bench_pixels` in bench/peers.py builds it: a gradient
/// with a little deterministic noise, so PNG compression has work to do.
fn bench_pixels() -> Vec<u8> {
    let side = IMAGE_SIDE as u64;
    let mut pixels = Vec::with_capacity((side * side * 3) as usize);
    for y in 0..side {
        for x in 0..side {
            for c in 0..3u64 {
                let noise = ((x * 7919) ^ (y * 104729) ^ (c * 31)) % 23;
                pixels.push(((x * 3 + y * 5 + c * 85 + noise) % 256) as u8);
            }
        }
    }
    pixels
}

fn log_metric(run: plx_run, name: &CStr, value: f64, step: i64) {
    // SAFETY: `name` is a live NUL-terminated string.
    check(unsafe { plx_log_metric(run, name.as_ptr(), value, step) });
}

fn check(status: plx_status) {
    if status != 0 {
        fail(status);
    }
}

#[cold]
fn fail(status: plx_status) -> ! {
    let mut buf = vec![0 as c_char; 4096];
    let mut len = 0usize;
    // SAFETY: `buf` holds `buf.len()` writable bytes and `len` is a writable size.
    unsafe { plx_last_error_message(buf.as_mut_ptr(), buf.len(), &mut len) };
    // SAFETY: on success the message was written with its NUL; otherwise buf is all NULs.
    let message = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy();
    panic!("plx call failed with status {status}: {message}");
}

fn artifacts_path(run: plx_run) -> PathBuf {
    let mut buf = vec![0 as c_char; 4096];
    let mut len = 0usize;
    // SAFETY: `buf` holds `buf.len()` writable bytes; a NULL rel_path means the run folder.
    check(unsafe {
        plx_artifacts_path(run, std::ptr::null(), buf.as_mut_ptr(), buf.len(), &mut len)
    });
    // SAFETY: the call succeeded, so the path and its NUL were written.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
    PathBuf::from(text.to_str().expect("a UTF-8 path"))
}

fn folder_bytes(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => folder_bytes(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

fn open_fds() -> usize {
    fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

/// A field of /proc/self/status in KiB (VmHWM: the peak resident set; VmRSS: the current one).
fn status_kib(field: &str) -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn read_peers(path: &Path) -> Value {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|e| usage(&format!("cannot read {}: {e}", path.display())));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| usage(&format!("{} is not JSON: {e}", path.display())))
}

fn number(value: &Value, keys: &[&str]) -> f64 {
    keys.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN)
}

/// A rate as text: `12.3 M`, `456.7 k`.
fn rate(per_s: f64) -> String {
    if per_s >= 1e6 {
        format!("{:.2} M", per_s / 1e6)
    } else if per_s >= 1e3 {
        format!("{:.1} k", per_s / 1e3)
    } else {
        format!("{per_s:.0}")
    }
}
