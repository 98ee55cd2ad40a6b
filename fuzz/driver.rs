//! The driver shared by the `api_sequence` fuzz target and the replay test
//! (`tests/fuzz_regressions.rs`): it decodes bytes into a sequence of calls to the C ABI, makes
//! them with honest pointers (every buffer is as long as the count that goes with it), and checks
//! after each call and each input what plx promises:
//!
//! - no call returns `PLX_ERR_INTERNAL` (a panic caught at the boundary) or an unknown status;
//! - the last error message is empty after a success and not empty after a failure;
//! - the string-out protocol: a refused call leaves the caller's buffer as it was, a successful
//!   one writes the text and its NUL within the buffer, and paths given out lie inside the root;
//! - every run that is still open closes with `PLX_OK` or `PLX_ERR_IO` at the end of the input;
//! - plx writes nothing outside the temporary root: the scratch folder that holds the source
//!   files stays exactly as it was, the base folder holds only the root and the scratch folder,
//!   and the default offline root is not created.
//!
//! Every file a call may read or copy lies in the scratch folder, and every root lies in the
//! temporary root, both under one folder in the system's temp folder made once per process.
//! Output capture and signal handlers are left out: both take process-wide resources (file
//! descriptors 1 and 2, signal dispositions) that libFuzzer itself relies on.

use std::collections::BTreeMap;
use std::ffi::{c_char, CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use arbitrary::{Arbitrary, Unstructured};
use plx::ffi::assets::*;
use plx::ffi::lineage::*;
use plx::ffi::log::*;
use plx::ffi::logs::*;
use plx::ffi::metadata::*;
use plx::ffi::run::*;
use plx::ffi::status::*;
use plx::ffi::version::*;
use plx::ffi::{plx_run, plx_status, PLX_NO_STEP};

/// The most runs an input keeps open at once.
const MAX_OPEN_RUNS: usize = 4;
/// The most bytes a repeated text grows to (enough to pass the 32 KiB log line limit).
const MAX_TEXT_BYTES: usize = 96 * 1024;
/// The most pixel values (bytes or floats) of an image; larger claimed sizes are shrunk.
const MAX_PIXELS: u128 = 1 << 18;
/// The most samples of a sound; larger claimed sizes are shrunk.
const MAX_SAMPLES: u128 = 1 << 16;
/// The most cells of a confusion matrix.
const MAX_CELLS: usize = 4096;

/// Texts that reach deeper into plx than random bytes do.
const KNOWN_TEXTS: &[&str] = &[
    "",
    "loss",
    "train/loss",
    "a b|c\"d",
    "ünïcödé",
    "\u{1F600}",
    ".",
    "..",
    "../x",
    "a/../b",
    "./a//b",
    "/abs/path",
    "outputs/model.bin",
    "{}",
    "[1, 2]",
    "{\"a\": 1, \"hash\": \"abc\"}",
    "{\"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\"}",
    "s3://bucket/key",
    "vega",
    "plotly",
    "bokeh",
    "model",
    "data",
    "dir",
    "file",
    "tensorboard",
    "text",
    "audio/wav",
    "mp4",
    "owner/project",
    "a/b/c",
    "0123456789abcdef0123456789abcdef",
    "line one\nline two\r\n\nline three",
    "x,y\n1,2\n",
    "NaN",
];

/// The run uuids an input can name, so that runs are resumed and opened twice.
const KNOWN_UUIDS: &[&str] = &[
    "00000000000000000000000000000001",
    "00000000-0000-0000-0000-000000000001",
    "ABCDEF0123456789ABCDEF0123456789",
    "abcdef0123456789abcdef0123456789",
];

/// A C string argument: NULL, a known text, raw bytes (cut at the first NUL, as a C string
/// would be), or a unit repeated into a long text.
#[derive(Arbitrary, Debug)]
pub enum Text {
    Null,
    Known(u8),
    Raw(Vec<u8>),
    Repeated { unit: Vec<u8>, times: u16 },
}

impl Text {
    fn bytes(&self) -> Option<Vec<u8>> {
        let mut bytes = match self {
            Text::Null => return None,
            Text::Known(i) => KNOWN_TEXTS[*i as usize % KNOWN_TEXTS.len()]
                .as_bytes()
                .to_vec(),
            Text::Raw(bytes) => bytes.clone(),
            Text::Repeated { unit, times } => {
                let most = MAX_TEXT_BYTES / unit.len().max(1);
                unit.repeat((*times as usize).min(most))
            }
        };
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            bytes.truncate(nul);
        }
        Some(bytes)
    }

    fn c(&self) -> Option<CString> {
        self.bytes()
            .map(|b| CString::new(b).expect("cut at the first NUL"))
    }
}

/// A JSON argument: any text, or a JSON value written out (so that it parses).
#[derive(Arbitrary, Debug)]
pub enum JsonArg {
    Text(Text),
    Value(Json),
}

impl JsonArg {
    fn c(&self) -> Option<CString> {
        match self {
            JsonArg::Text(text) => text.c(),
            JsonArg::Value(value) => {
                let mut out = String::new();
                value.write(&mut out);
                Some(CString::new(out.replace('\0', "")).expect("NULs removed"))
            }
        }
    }
}

/// A JSON value; numbers may be NaN or infinite, written as Rust prints them (not JSON).
#[derive(Arbitrary, Debug)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => out.push_str(&i.to_string()),
            Json::Float(f) => out.push_str(&f.to_string()),
            Json::Str(s) => write_json_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A run handle: one this input opened (closed or not), 0, or any number.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum HandleArg {
    Opened(u8),
    Zero,
    Raw(u64),
}

/// A step: none, a small one (so that versioned assets meet again), or any.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum StepArg {
    None,
    Small(u8),
    Raw(i64),
}

impl StepArg {
    fn value(self) -> i64 {
        match self {
            StepArg::None => PLX_NO_STEP,
            StepArg::Small(s) => s.into(),
            StepArg::Raw(s) => s,
        }
    }
}

/// The offline root of an open: the temporary root, NULL (the environment names the temporary
/// root), an empty text, or a folder under the temporary root.
#[derive(Arbitrary, Debug)]
pub enum RootArg {
    Main,
    Null,
    Empty,
    Sub(Vec<u8>),
}

/// The uuid of an open: NULL (a new run), a known uuid, the uuid of a run this input opened, or
/// any text.
#[derive(Arbitrary, Debug)]
pub enum UuidArg {
    New,
    Known(u8),
    Opened(u8),
    Raw(Text),
}

/// A caller's output buffer for the string-out protocol.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum BufArg {
    /// A size query: NULL and 0.
    Query,
    /// NULL with a size, which plx must refuse.
    NullWithSize(u16),
    /// A real buffer of this many bytes.
    Sized(u16),
}

/// A file or folder to read or copy: one of the scratch entries, a path under the scratch
/// folder (refused when it would leave it), a missing file, NULL or an empty text.
#[derive(Arbitrary, Debug)]
pub enum SourceArg {
    Scratch(u8),
    UnderScratch(Vec<u8>),
    Missing,
    Null,
    Empty,
}

/// A path for a ref, which plx hashes when it exists: as [`SourceArg`], or the same path written
/// relative to the current folder, or a folder under the temporary root, or a URI.
#[derive(Arbitrary, Debug)]
pub enum RefPathArg {
    Source(SourceArg),
    Relative(u8),
    UnderRoot(Vec<u8>),
    Uri(Text),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum FileAsset {
    Image,
    Audio,
    Video,
    Model,
    Artifact,
    Dataframe,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum RefKind {
    Artifact,
    Model,
    File,
    Dir,
    Data,
    Code,
    Tensorboard,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum CurveKind {
    Roc,
    Pr,
    Custom,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum JsonTarget {
    Inputs,
    Outputs,
    Meta,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ValueTarget {
    InputNumber,
    OutputNumber,
    InputString,
    OutputString,
}

/// One call (or, for the string-out calls, one call with its checks).
#[derive(Arbitrary, Debug)]
pub enum Op {
    Open {
        root: RootArg,
        project: Text,
        uuid: UuidArg,
        null_out: bool,
    },
    Close(HandleArg),
    Flush(HandleArg),
    SetFlushInterval(HandleArg, u32),
    SetEventTime(HandleArg, i64),
    Uuid {
        run: HandleArg,
        buf: BufArg,
        null_len: bool,
    },
    Path {
        run: HandleArg,
        outputs: bool,
        rel: Text,
        buf: BufArg,
        null_len: bool,
    },
    LastError {
        buf: BufArg,
        null_len: bool,
    },
    StatusText(i32),
    Version,
    Metric {
        run: HandleArg,
        name: Text,
        value: f64,
        step: StepArg,
    },
    Metrics {
        run: HandleArg,
        entries: Vec<(Text, f64)>,
        null_names: bool,
        null_values: bool,
        step: StepArg,
    },
    Text {
        run: HandleArg,
        html: bool,
        name: Text,
        text: Text,
        step: StepArg,
    },
    Histogram {
        run: HandleArg,
        name: Text,
        values: Vec<f64>,
        bins: u32,
        null_values: bool,
        step: StepArg,
    },
    HistogramCounts {
        run: HandleArg,
        name: Text,
        bin_count: u16,
        counts: Vec<f64>,
        edges: Vec<f64>,
        null_counts: bool,
        null_edges: bool,
        step: StepArg,
    },
    Curve {
        run: HandleArg,
        kind: CurveKind,
        name: Text,
        points: Vec<(f64, f64)>,
        null_points: bool,
        score: f64,
        annotation: Text,
        step: StepArg,
    },
    ConfusionMatrix {
        run: HandleArg,
        name: Text,
        x_labels: Vec<Text>,
        y_labels: Vec<Text>,
        rows: u8,
        cols: u8,
        cells: Vec<f64>,
        null_arrays: u8,
        step: StepArg,
    },
    Chart {
        run: HandleArg,
        name: Text,
        kind: Text,
        figure: JsonArg,
        step: StepArg,
    },
    Image {
        run: HandleArg,
        name: Text,
        height: u32,
        width: u32,
        channels: u32,
        pixels: Vec<u8>,
        null_pixels: bool,
        step: StepArg,
    },
    ImageFloat {
        run: HandleArg,
        name: Text,
        height: u32,
        width: u32,
        channels: u32,
        pixels: Vec<f32>,
        null_pixels: bool,
        step: StepArg,
    },
    Audio {
        run: HandleArg,
        name: Text,
        frames: u32,
        channels: u32,
        sample_rate: u32,
        samples: Vec<f32>,
        null_samples: bool,
        step: StepArg,
    },
    AudioInt16 {
        run: HandleArg,
        name: Text,
        frames: u32,
        channels: u32,
        sample_rate: u32,
        samples: Vec<i16>,
        null_samples: bool,
        step: StepArg,
    },
    AssetFile {
        run: HandleArg,
        what: FileAsset,
        name: Text,
        source: SourceArg,
        extra: Text,
        spec: JsonArg,
        step: StepArg,
    },
    DataframeCsv {
        run: HandleArg,
        name: Text,
        csv: Text,
        step: StepArg,
    },
    Ref {
        run: HandleArg,
        kind: RefKind,
        path: RefPathArg,
        first: Text,
        second: Text,
        summary: JsonArg,
        flag: bool,
    },
    LogLine {
        run: HandleArg,
        text: Text,
    },
    JsonObject {
        run: HandleArg,
        target: JsonTarget,
        json: JsonArg,
    },
    Value {
        run: HandleArg,
        target: ValueTarget,
        name: Text,
        number: f64,
        text: Text,
    },
    Tags {
        run: HandleArg,
        tags: Vec<Text>,
        null_array: bool,
    },
    SetName(HandleArg, Text),
    SetDescription(HandleArg, Text),
    Progress(HandleArg, f64),
    FinalStatus {
        run: HandleArg,
        status: i32,
        message: Text,
    },
    ResourceSampling {
        run: HandleArg,
        interval_ms: u32,
        stop: bool,
    },
}

/// A whole input: the calls, made in order.
#[derive(Arbitrary, Debug)]
pub struct Script {
    pub ops: Vec<Op>,
}

/// The folders every input works in, made once per process.
struct Dirs {
    base: PathBuf,
    root: PathBuf,
    scratch: PathBuf,
    /// The scratch entries a source can name, relative to `scratch`.
    sources: Vec<&'static str>,
    /// What the scratch folder holds, to compare after each input.
    scratch_listing: BTreeMap<PathBuf, String>,
    /// Whether the default offline root existed before the first input.
    default_root_existed: bool,
    /// `..` enough times to go from the current folder to `/`.
    up_to_slash: String,
}

static DIRS: OnceLock<Dirs> = OnceLock::new();

fn dirs() -> &'static Dirs {
    DIRS.get_or_init(make_dirs)
}

fn make_dirs() -> Dirs {
    let base = std::env::temp_dir().join(format!("plx-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&base).expect("create the base folder");
    let base = base.canonicalize().expect("resolve the base folder");
    let root = base.join("root");
    let scratch = base.join("scratch");
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&root).expect("create the root");
    let files: &[(&str, &[u8])] = &[
        ("image.png", b"\x89PNG\r\n\x1a\nnot really a png"),
        ("sound.wav", b"RIFF\0\0\0\0WAVE"),
        ("clip.mp4", b"\0\0\0\x18ftypmp42"),
        ("table.csv", b"x,y\n1,2\n3,4\n"),
        ("table.html", b"<table><tr><td>1</td></tr></table>"),
        ("table.txt", b"not a table"),
        ("empty.csv", b""),
        ("model.onnx", b"weights"),
        ("no_extension", b"data"),
        (".hidden", b"hidden"),
        ("name with spaces.v1.tar.gz", b"archive"),
        ("\u{fc}n\u{ef}code.csv", b"a\n1\n"),
        ("model_dir/weights.bin", b"\x01\x02\x03"),
        ("model_dir/sub/config.json", b"{\"layers\": 3}"),
        ("model_dir/sub/deeper/notes.txt", b"notes"),
        ("loop_dir/file.txt", b"in a loop"),
    ];
    for (rel, bytes) in files {
        let path = scratch.join(rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("scratch folder");
        std::fs::write(&path, bytes).expect("scratch file");
    }
    std::fs::create_dir_all(scratch.join("empty_dir")).expect("scratch folder");
    // Links that stay inside the scratch folder: one to a file and one that makes a cycle.
    std::os::unix::fs::symlink("table.csv", scratch.join("link.csv")).expect("symlink");
    std::os::unix::fs::symlink(".", scratch.join("loop_dir/self")).expect("symlink");
    let sources = vec![
        "image.png",
        "sound.wav",
        "clip.mp4",
        "table.csv",
        "table.html",
        "table.txt",
        "empty.csv",
        "model.onnx",
        "no_extension",
        ".hidden",
        "name with spaces.v1.tar.gz",
        "\u{fc}n\u{ef}code.csv",
        "model_dir",
        "model_dir/sub",
        "empty_dir",
        "link.csv",
        "loop_dir",
        "",
    ];
    // Inside a Polyaxon job a NULL root opens elsewhere; the fuzzer must not, and a NULL root
    // must name the temporary root. This runs once, before plx has started any thread.
    std::env::remove_var("POLYAXON_RUN_INSTANCE");
    std::env::set_var("POLYAXON_OFFLINE_ROOT", &root);
    let cwd = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .expect("current folder");
    let depth = cwd.components().count();
    Dirs {
        scratch_listing: listing(&scratch),
        default_root_existed: Path::new("/tmp/plx/offline").exists(),
        up_to_slash: "../".repeat(depth + 1),
        base,
        root,
        scratch,
        sources,
    }
}

/// Every entry under `dir` (not following links) with its type, size and modification time.
fn listing(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let modified = meta.modified().ok();
            out.insert(
                path.clone(),
                format!("{:?} {} {:?}", meta.file_type(), meta.len(), modified),
            );
            if meta.is_dir() {
                stack.push(path);
            }
        }
    }
    out
}

/// `base` joined with `rel` when the result stays inside `base` by its components alone (no
/// folder in these trees is a link that leaves them); `None` otherwise.
fn under(base: &Path, rel: &[u8]) -> Option<PathBuf> {
    let rel = &rel[..rel.iter().position(|&b| b == 0).unwrap_or(rel.len())];
    let rel = Path::new(std::ffi::OsStr::from_bytes(rel));
    let mut depth = 0usize;
    for component in rel.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => depth = depth.checked_sub(1)?,
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let mut joined = base.as_os_str().as_bytes().to_vec();
    joined.push(b'/');
    joined.extend_from_slice(rel.as_os_str().as_bytes());
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(&joined)))
}

fn path_c(path: &Path) -> CString {
    CString::new(path.as_os_str().as_bytes()).expect("paths built here have no NUL")
}

fn ptr(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(std::ptr::null(), |t| t.as_ptr())
}

fn array_ptr<T>(items: &[T], null: bool) -> *const T {
    if null {
        std::ptr::null()
    } else {
        items.as_ptr()
    }
}

/// Values cycled (or zeros) to exactly `len` items, so that the array is as long as claimed.
fn fill<T: Copy + Default>(values: &[T], len: usize) -> Vec<T> {
    if values.is_empty() {
        return vec![T::default(); len];
    }
    values.iter().copied().cycle().take(len).collect()
}

/// Claimed sizes that would need a larger buffer than the driver allocates are shrunk, so plx
/// is never told a buffer is longer than it is.
fn shrink3(a: u32, b: u32, c: u32, most: u128) -> (u32, u32, u32) {
    if u128::from(a) * u128::from(b) * u128::from(c) <= most {
        (a, b, c)
    } else {
        (a % 65, b % 65, c % 6)
    }
}

/// The product of claimed sizes (within the limits above, or with a zero factor).
fn count(sizes: &[u32]) -> usize {
    let product = sizes.iter().map(|&s| u128::from(s)).product::<u128>();
    usize::try_from(product).expect("shrunk sizes fit")
}

fn shrink2(a: u32, b: u32, most: u128) -> (u32, u32) {
    if u128::from(a) * u128::from(b) <= most {
        (a, b)
    } else {
        (a % 257, b % 9)
    }
}

/// The state of one input: the handles it opened and which of them it still holds open.
struct Session {
    opened: Vec<plx_run>,
    open: Vec<plx_run>,
    uuids: Vec<String>,
}

impl Session {
    fn handle(&self, arg: HandleArg) -> plx_run {
        match arg {
            HandleArg::Opened(i) if !self.opened.is_empty() => {
                self.opened[i as usize % self.opened.len()]
            }
            HandleArg::Opened(_) => u64::MAX,
            HandleArg::Zero => 0,
            HandleArg::Raw(h) => h,
        }
    }
}

/// The checks every call's status gets: no internal error, a known code, and a last error
/// message that is empty exactly when the call succeeded.
fn check(status: plx_status, what: &str) {
    let message = last_error();
    if status == PLX_ERR_INTERNAL {
        panic!("{what}: PLX_ERR_INTERNAL: {message}");
    }
    assert!(
        (PLX_OK..=PLX_ERR_BUSY).contains(&status),
        "{what}: unknown status {status}"
    );
    if status == PLX_OK {
        assert!(
            message.is_empty(),
            "{what}: succeeded with message {message:?}"
        );
    } else {
        assert!(
            !message.is_empty(),
            "{what}: failed ({status}) without a message"
        );
    }
}

fn last_error() -> String {
    let mut len = 0usize;
    // SAFETY: a size query: NULL and 0, and a writable length.
    let status = unsafe { plx_last_error_message(std::ptr::null_mut(), 0, &mut len) };
    assert_eq!(status, PLX_OK, "size query of the last error");
    let mut buf = vec![0 as c_char; len + 1];
    // SAFETY: `buf` is writable for its length.
    let status = unsafe { plx_last_error_message(buf.as_mut_ptr(), buf.len(), &mut len) };
    assert_eq!(status, PLX_OK, "reading the last error");
    // SAFETY: plx wrote a NUL-terminated text into `buf`.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
    assert_eq!(text.to_bytes().len(), len, "last error length");
    String::from_utf8(text.to_bytes().to_vec()).expect("the last error is UTF-8")
}

const SENTINEL: c_char = 0x5a;
const LEN_SENTINEL: usize = usize::MAX - 7;

/// A caller buffer for a string-out call, and the checks of the protocol afterwards.
struct OutBuf {
    arg: BufArg,
    buf: Vec<c_char>,
    len: usize,
    null_len: bool,
}

impl OutBuf {
    fn new(arg: BufArg, null_len: bool) -> OutBuf {
        let size = match arg {
            BufArg::Sized(size) => size as usize,
            _ => 0,
        };
        OutBuf {
            arg,
            buf: vec![SENTINEL; size],
            len: LEN_SENTINEL,
            null_len,
        }
    }

    /// The buffer pointer, its stated size and the length pointer to pass.
    fn args(&mut self) -> (*mut c_char, usize, *mut usize) {
        let len = if self.null_len {
            std::ptr::null_mut()
        } else {
            &mut self.len as *mut usize
        };
        match self.arg {
            BufArg::Query => (std::ptr::null_mut(), 0, len),
            BufArg::NullWithSize(size) => (std::ptr::null_mut(), size as usize, len),
            BufArg::Sized(_) => (self.buf.as_mut_ptr(), self.buf.len(), len),
        }
    }

    /// Checks the protocol and gives the text written, if any.
    fn verify(&self, status: plx_status, what: &str) -> Option<Vec<u8>> {
        let untouched = self.buf.iter().all(|&b| b == SENTINEL);
        match (status, self.arg) {
            (PLX_OK, BufArg::Sized(_)) => {
                let nul = self.buf.iter().position(|&b| b == 0);
                let nul = nul.unwrap_or_else(|| panic!("{what}: success without a NUL"));
                if !self.null_len {
                    assert_eq!(self.len, nul, "{what}: reported length and NUL disagree");
                }
                Some(self.buf[..nul].iter().map(|&b| b as u8).collect())
            }
            (PLX_OK, BufArg::NullWithSize(size)) if size > 0 => {
                panic!("{what}: NULL buffer of size {size} accepted")
            }
            (PLX_OK, _) => {
                assert!(
                    self.null_len || self.len != LEN_SENTINEL,
                    "{what}: a size query reported no length"
                );
                None
            }
            (PLX_ERR_BUFFER_TOO_SMALL, _) => {
                assert!(untouched, "{what}: a buffer too small was written to");
                if !self.null_len {
                    assert!(
                        self.len != LEN_SENTINEL && self.len + 1 > self.buf.len(),
                        "{what}: buffer too small but length {} fits {}",
                        self.len,
                        self.buf.len()
                    );
                }
                None
            }
            _ => {
                assert!(untouched, "{what}: a failed call wrote into the buffer");
                None
            }
        }
    }
}

/// Decodes `data` and runs it; panics on any broken promise. The entry point of the fuzz
/// target and of the replay test.
pub fn run_bytes(data: &[u8]) {
    if let Some(script) = decode(data) {
        run_script(&script);
    }
}

/// The calls `data` stands for (`None` when the bytes do not decode).
pub fn decode(data: &[u8]) -> Option<Script> {
    Script::arbitrary_take_rest(Unstructured::new(data)).ok()
}

/// Runs `script` in a fresh session, closes what it left open, checks the folders and empties
/// the root for the next input.
pub fn run_script(script: &Script) {
    // Inputs share the root, which is emptied after each: one input at a time per process.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dirs = dirs();
    let mut session = Session {
        opened: Vec::new(),
        open: Vec::new(),
        uuids: Vec::new(),
    };
    for op in &script.ops {
        run_op(dirs, &mut session, op);
    }
    for run in std::mem::take(&mut session.open) {
        let status = plx_run_close(run);
        check(status, "final close");
        assert!(
            status == PLX_OK || status == PLX_ERR_IO,
            "closing an open run at the end gave {status}: {}",
            last_error()
        );
    }
    check_folders(dirs);
    std::fs::remove_dir_all(&dirs.root).expect("empty the root");
    std::fs::create_dir_all(&dirs.root).expect("recreate the root");
}

/// Removes the folder the inputs of this process worked in (the replay test calls it at the end;
/// the fuzzer never ends cleanly, so its folders stay until /tmp is cleaned).
pub fn remove_work_folder() {
    if let Some(dirs) = DIRS.get() {
        let _ = std::fs::remove_dir_all(&dirs.base);
    }
}

fn check_folders(dirs: &Dirs) {
    let now = listing(&dirs.scratch);
    if now != dirs.scratch_listing {
        let added: Vec<_> = now
            .keys()
            .filter(|k| !dirs.scratch_listing.contains_key(*k))
            .collect();
        panic!("the scratch folder changed; new entries: {added:?}");
    }
    let mut names: Vec<_> = std::fs::read_dir(&dirs.base)
        .expect("read the base folder")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["root", "scratch"], "entries of the base folder");
    if !dirs.default_root_existed {
        assert!(
            !Path::new("/tmp/plx/offline").exists(),
            "the default offline root was created"
        );
    }
}

fn source_path(dirs: &Dirs, arg: &SourceArg) -> Option<CString> {
    match arg {
        SourceArg::Scratch(i) => {
            let rel = dirs.sources[*i as usize % dirs.sources.len()];
            Some(path_c(&dirs.scratch.join(rel)))
        }
        SourceArg::UnderScratch(rel) => {
            let path = under(&dirs.scratch, rel).unwrap_or_else(|| dirs.scratch.clone());
            Some(path_c(&path))
        }
        SourceArg::Missing => Some(path_c(&dirs.scratch.join("missing.csv"))),
        SourceArg::Null => None,
        SourceArg::Empty => Some(CString::default()),
    }
}

fn ref_path(dirs: &Dirs, arg: &RefPathArg) -> Option<CString> {
    match arg {
        RefPathArg::Source(source) => source_path(dirs, source),
        RefPathArg::Relative(i) => {
            let rel = dirs.sources[*i as usize % dirs.sources.len()];
            let absolute = dirs.scratch.join(rel);
            let text = format!(
                "{}{}",
                dirs.up_to_slash,
                absolute
                    .to_str()
                    .expect("UTF-8 scratch")
                    .trim_start_matches('/')
            );
            Some(CString::new(text).expect("no NUL"))
        }
        RefPathArg::UnderRoot(rel) => Some(path_c(
            &under(&dirs.root, rel).unwrap_or_else(|| dirs.root.clone()),
        )),
        RefPathArg::Uri(text) => {
            let mut bytes = b"s3://bucket/".to_vec();
            bytes.extend(text.bytes().unwrap_or_default());
            Some(CString::new(bytes).expect("cut at the first NUL"))
        }
    }
}

fn run_op(dirs: &Dirs, session: &mut Session, op: &Op) {
    match op {
        Op::Open {
            root,
            project,
            uuid,
            null_out,
        } => open(dirs, session, root, project, uuid, *null_out),
        Op::Close(run) => {
            let run = session.handle(*run);
            check(plx_run_close(run), "close");
            session.open.retain(|&h| h != run);
        }
        Op::Flush(run) => check(plx_run_flush(session.handle(*run)), "flush"),
        Op::SetFlushInterval(run, ms) => check(
            plx_run_set_flush_interval(session.handle(*run), *ms),
            "set_flush_interval",
        ),
        Op::SetEventTime(run, micros) => check(
            plx_run_set_event_time(session.handle(*run), *micros),
            "set_event_time",
        ),
        Op::Uuid { run, buf, null_len } => {
            let mut out = OutBuf::new(*buf, *null_len);
            let (b, size, len) = out.args();
            // SAFETY: the buffer and length are as stated (or NULL).
            let status = unsafe { plx_run_uuid(session.handle(*run), b, size, len) };
            check(status, "run_uuid");
            if let Some(text) = out.verify(status, "run_uuid") {
                assert_eq!(text.len(), 32, "uuid {text:?}");
                assert!(text.iter().all(u8::is_ascii_hexdigit), "uuid {text:?}");
            }
        }
        Op::Path {
            run,
            outputs,
            rel,
            buf,
            null_len,
        } => {
            let rel = rel.c();
            let mut out = OutBuf::new(*buf, *null_len);
            let (b, size, len) = out.args();
            let run = session.handle(*run);
            // SAFETY: the strings are NUL-terminated or NULL, the buffer as stated.
            let status = unsafe {
                if *outputs {
                    plx_outputs_path(run, ptr(&rel), b, size, len)
                } else {
                    plx_artifacts_path(run, ptr(&rel), b, size, len)
                }
            };
            check(status, "artifacts/outputs path");
            if let Some(text) = out.verify(status, "artifacts/outputs path") {
                let path = Path::new(std::ffi::OsStr::from_bytes(&text));
                assert!(
                    path.starts_with(&dirs.root),
                    "path {path:?} outside the root"
                );
                assert!(
                    !path.components().any(|c| c == Component::ParentDir),
                    "path {path:?} has '..'"
                );
            }
        }
        Op::LastError { buf, null_len } => {
            let before = last_error();
            let mut out = OutBuf::new(*buf, *null_len);
            let (b, size, len) = out.args();
            // SAFETY: the buffer and length are as stated (or NULL).
            let status = unsafe { plx_last_error_message(b, size, len) };
            assert_ne!(status, PLX_ERR_INTERNAL, "last_error_message");
            if let Some(text) = out.verify(status, "last_error_message") {
                assert_eq!(text, before.as_bytes(), "last error read back");
            }
            assert_eq!(last_error(), before, "the getter changed the last error");
        }
        Op::StatusText(code) => {
            let text = plx_status_str(*code);
            assert!(!text.is_null(), "status_str({code}) is NULL");
            // SAFETY: plx gives a static NUL-terminated text.
            let text = unsafe { CStr::from_ptr(text) };
            assert!(!text.to_bytes().is_empty(), "status_str({code}) is empty");
        }
        Op::Version => {
            assert_eq!(plx_version_number(), 100, "version number");
        }
        _ => run_logging_op(dirs, session, op),
    }
}

fn open(
    dirs: &Dirs,
    session: &mut Session,
    root: &RootArg,
    project: &Text,
    uuid: &UuidArg,
    null_out: bool,
) {
    if session.open.len() >= MAX_OPEN_RUNS {
        return;
    }
    let root = match root {
        RootArg::Main => Some(path_c(&dirs.root)),
        RootArg::Null => None,
        RootArg::Empty => Some(CString::default()),
        RootArg::Sub(rel) => Some(path_c(
            &under(&dirs.root, rel).unwrap_or_else(|| dirs.root.clone()),
        )),
    };
    let uuid = match uuid {
        UuidArg::New => None,
        UuidArg::Known(i) => Some(CString::new(KNOWN_UUIDS[*i as usize % KNOWN_UUIDS.len()])),
        UuidArg::Opened(i) if !session.uuids.is_empty() => Some(CString::new(
            session.uuids[*i as usize % session.uuids.len()].clone(),
        )),
        UuidArg::Opened(_) => None,
        UuidArg::Raw(text) => text.c().map(Ok),
    }
    .map(|u| u.expect("no NUL"));
    let project = project.c();
    let mut run: plx_run = 0;
    let out = if null_out {
        std::ptr::null_mut()
    } else {
        &mut run as *mut plx_run
    };
    // SAFETY: the strings are NUL-terminated or NULL; `out` is writable or NULL.
    let status = unsafe { plx_run_open(ptr(&root), ptr(&project), ptr(&uuid), out) };
    check(status, "open");
    if status != PLX_OK {
        assert_eq!(run, 0, "open failed but wrote a handle");
        return;
    }
    assert_ne!(run, 0, "open gave handle 0");
    assert!(!session.opened.contains(&run), "open gave a handle again");
    session.opened.push(run);
    session.open.push(run);
    let mut buf = [0 as c_char; 33];
    // SAFETY: `buf` is writable for its length.
    let status = unsafe { plx_run_uuid(run, buf.as_mut_ptr(), buf.len(), std::ptr::null_mut()) };
    assert_eq!(status, PLX_OK, "uuid of a run just opened");
    // SAFETY: plx wrote a NUL-terminated uuid.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
    session
        .uuids
        .push(text.to_str().expect("uuid is ASCII").to_string());
}

fn run_logging_op(dirs: &Dirs, session: &mut Session, op: &Op) {
    // SAFETY (for every call below): each string is NUL-terminated or NULL, and each array
    // pointer is NULL or points to exactly as many items as the count passed with it.
    unsafe {
        match op {
            Op::Metric {
                run,
                name,
                value,
                step,
            } => {
                let name = name.c();
                let status = plx_log_metric(session.handle(*run), ptr(&name), *value, step.value());
                check(status, "log_metric");
            }
            Op::Metrics {
                run,
                entries,
                null_names,
                null_values,
                step,
            } => {
                let names: Vec<Option<CString>> = entries.iter().map(|(n, _)| n.c()).collect();
                let name_ptrs: Vec<*const c_char> = names.iter().map(ptr).collect();
                let values: Vec<f64> = entries.iter().map(|(_, v)| *v).collect();
                let status = plx_log_metrics(
                    session.handle(*run),
                    array_ptr(&name_ptrs, *null_names),
                    array_ptr(&values, *null_values),
                    entries.len(),
                    step.value(),
                );
                check(status, "log_metrics");
            }
            Op::Text {
                run,
                html,
                name,
                text,
                step,
            } => {
                let (name, text) = (name.c(), text.c());
                let run = session.handle(*run);
                let status = if *html {
                    plx_log_html(run, ptr(&name), ptr(&text), step.value())
                } else {
                    plx_log_text(run, ptr(&name), ptr(&text), step.value())
                };
                check(status, "log_text/html");
            }
            Op::Histogram {
                run,
                name,
                values,
                bins,
                null_values,
                step,
            } => {
                let name = name.c();
                let status = plx_log_histogram(
                    session.handle(*run),
                    ptr(&name),
                    array_ptr(values, *null_values),
                    values.len(),
                    *bins,
                    step.value(),
                );
                check(status, "log_histogram");
            }
            Op::HistogramCounts {
                run,
                name,
                bin_count,
                counts,
                edges,
                null_counts,
                null_edges,
                step,
            } => {
                let name = name.c();
                let bins = *bin_count as usize % 600;
                let counts = fill(counts, bins);
                let edges = fill(edges, bins + 1);
                let status = plx_log_histogram_counts(
                    session.handle(*run),
                    ptr(&name),
                    array_ptr(&counts, *null_counts),
                    array_ptr(&edges, *null_edges),
                    bins,
                    step.value(),
                );
                check(status, "log_histogram_counts");
            }
            Op::Curve {
                run,
                kind,
                name,
                points,
                null_points,
                score,
                annotation,
                step,
            } => {
                let name = name.c();
                let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
                let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
                let (x, y) = (array_ptr(&xs, *null_points), array_ptr(&ys, false));
                let (run, n, step) = (session.handle(*run), points.len(), step.value());
                let status = match kind {
                    CurveKind::Roc => plx_log_roc_curve(run, ptr(&name), x, y, n, *score, step),
                    CurveKind::Pr => plx_log_pr_curve(run, ptr(&name), x, y, n, *score, step),
                    CurveKind::Custom => {
                        let annotation = annotation.c();
                        plx_log_curve(run, ptr(&name), x, y, n, ptr(&annotation), step)
                    }
                };
                check(status, "log curve");
            }
            Op::ConfusionMatrix {
                run,
                name,
                x_labels,
                y_labels,
                rows,
                cols,
                cells,
                null_arrays,
                step,
            } => {
                let name = name.c();
                let xs: Vec<Option<CString>> = x_labels.iter().map(Text::c).collect();
                let ys: Vec<Option<CString>> = y_labels.iter().map(Text::c).collect();
                let x_ptrs: Vec<*const c_char> = xs.iter().map(ptr).collect();
                let y_ptrs: Vec<*const c_char> = ys.iter().map(ptr).collect();
                let (rows, cols) = (*rows as usize % 70, *cols as usize % 70);
                let z = fill(cells, (rows * cols).min(MAX_CELLS));
                let (rows, cols) = if rows * cols > MAX_CELLS {
                    (0, cols)
                } else {
                    (rows, cols)
                };
                let status = plx_log_confusion_matrix(
                    session.handle(*run),
                    ptr(&name),
                    array_ptr(&x_ptrs, null_arrays & 1 != 0),
                    x_ptrs.len(),
                    array_ptr(&y_ptrs, null_arrays & 2 != 0),
                    y_ptrs.len(),
                    array_ptr(&z, null_arrays & 4 != 0),
                    rows,
                    cols,
                    step.value(),
                );
                check(status, "log_confusion_matrix");
            }
            Op::Chart {
                run,
                name,
                kind,
                figure,
                step,
            } => {
                let (name, kind, figure) = (name.c(), kind.c(), figure.c());
                let status = plx_log_chart(
                    session.handle(*run),
                    ptr(&name),
                    ptr(&kind),
                    ptr(&figure),
                    step.value(),
                );
                check(status, "log_chart");
            }
            Op::Image {
                run,
                name,
                height,
                width,
                channels,
                pixels,
                null_pixels,
                step,
            } => {
                let name = name.c();
                let (h, w, c) = shrink3(*height, *width, *channels, MAX_PIXELS);
                let pixels = fill(pixels, count(&[h, w, c]));
                let status = plx_log_image(
                    session.handle(*run),
                    ptr(&name),
                    array_ptr(&pixels, *null_pixels),
                    h,
                    w,
                    c,
                    step.value(),
                );
                check(status, "log_image");
            }
            Op::ImageFloat {
                run,
                name,
                height,
                width,
                channels,
                pixels,
                null_pixels,
                step,
            } => {
                let name = name.c();
                let (h, w, c) = shrink3(*height, *width, *channels, MAX_PIXELS);
                let pixels = fill(pixels, count(&[h, w, c]));
                let status = plx_log_image_float(
                    session.handle(*run),
                    ptr(&name),
                    array_ptr(&pixels, *null_pixels),
                    h,
                    w,
                    c,
                    step.value(),
                );
                check(status, "log_image_float");
            }
            Op::Audio {
                run,
                name,
                frames,
                channels,
                sample_rate,
                samples,
                null_samples,
                step,
            } => {
                let name = name.c();
                let (frames, channels) = shrink2(*frames, *channels, MAX_SAMPLES);
                let samples = fill(samples, count(&[frames, channels]));
                let status = plx_log_audio(
                    session.handle(*run),
                    ptr(&name),
                    array_ptr(&samples, *null_samples),
                    frames as usize,
                    channels,
                    *sample_rate,
                    step.value(),
                );
                check(status, "log_audio");
            }
            Op::AudioInt16 {
                run,
                name,
                frames,
                channels,
                sample_rate,
                samples,
                null_samples,
                step,
            } => {
                let name = name.c();
                let (frames, channels) = shrink2(*frames, *channels, MAX_SAMPLES);
                let samples = fill(samples, count(&[frames, channels]));
                let status = plx_log_audio_int16(
                    session.handle(*run),
                    ptr(&name),
                    array_ptr(&samples, *null_samples),
                    frames as usize,
                    channels,
                    *sample_rate,
                    step.value(),
                );
                check(status, "log_audio_int16");
            }
            Op::AssetFile {
                run,
                what,
                name,
                source,
                extra,
                spec,
                step,
            } => {
                let (name, path, extra) = (name.c(), source_path(dirs, source), extra.c());
                let (run, step) = (session.handle(*run), step.value());
                let status = match what {
                    FileAsset::Image => plx_log_image_file(run, ptr(&name), ptr(&path), step),
                    FileAsset::Audio => {
                        plx_log_audio_file(run, ptr(&name), ptr(&path), ptr(&extra), step)
                    }
                    FileAsset::Video => {
                        plx_log_video_file(run, ptr(&name), ptr(&path), ptr(&extra), step)
                    }
                    FileAsset::Model => {
                        let spec = spec.c();
                        plx_log_model(run, ptr(&name), ptr(&path), ptr(&extra), ptr(&spec), step)
                    }
                    FileAsset::Artifact => {
                        plx_log_artifact(run, ptr(&name), ptr(&path), ptr(&extra), step)
                    }
                    FileAsset::Dataframe => {
                        plx_log_dataframe_file(run, ptr(&name), ptr(&path), step)
                    }
                };
                check(status, "log asset file");
            }
            Op::DataframeCsv {
                run,
                name,
                csv,
                step,
            } => {
                let (name, csv) = (name.c(), csv.c());
                let status = plx_log_dataframe_csv(
                    session.handle(*run),
                    ptr(&name),
                    ptr(&csv),
                    step.value(),
                );
                check(status, "log_dataframe_csv");
            }
            Op::Ref {
                run,
                kind,
                path,
                first,
                second,
                summary,
                flag,
            } => {
                let path = ref_path(dirs, path);
                let (a, b, summary) = (first.c(), second.c(), summary.c());
                let (p, a, b, s) = (ptr(&path), ptr(&a), ptr(&b), ptr(&summary));
                let run = session.handle(*run);
                let status = match kind {
                    RefKind::Artifact => plx_log_artifact_ref(run, p, a, b, s, *flag),
                    RefKind::Model => plx_log_model_ref(run, p, a, b, s, *flag),
                    RefKind::File => plx_log_file_ref(run, p, a, s, *flag),
                    RefKind::Dir => plx_log_dir_ref(run, p, a, s, *flag),
                    RefKind::Data => plx_log_data_ref(run, a, p, b, s, *flag),
                    RefKind::Code => plx_log_code_ref(run, a, b, p, *flag),
                    RefKind::Tensorboard => plx_log_tensorboard_ref(run, p, a),
                };
                check(status, "log ref");
            }
            Op::LogLine { run, text } => {
                let text = text.c();
                check(plx_log_line(session.handle(*run), ptr(&text)), "log_line");
            }
            Op::JsonObject { run, target, json } => {
                let (run, json) = (session.handle(*run), json.c());
                let status = match target {
                    JsonTarget::Inputs => plx_log_inputs(run, ptr(&json)),
                    JsonTarget::Outputs => plx_log_outputs(run, ptr(&json)),
                    JsonTarget::Meta => plx_log_meta(run, ptr(&json)),
                };
                check(status, "log json object");
            }
            Op::Value {
                run,
                target,
                name,
                number,
                text,
            } => {
                let (run, name, text) = (session.handle(*run), name.c(), text.c());
                let status = match target {
                    ValueTarget::InputNumber => plx_log_input_number(run, ptr(&name), *number),
                    ValueTarget::OutputNumber => plx_log_output_number(run, ptr(&name), *number),
                    ValueTarget::InputString => plx_log_input_string(run, ptr(&name), ptr(&text)),
                    ValueTarget::OutputString => plx_log_output_string(run, ptr(&name), ptr(&text)),
                };
                check(status, "log input/output value");
            }
            Op::Tags {
                run,
                tags,
                null_array,
            } => {
                let tags: Vec<Option<CString>> = tags.iter().map(Text::c).collect();
                let tag_ptrs: Vec<*const c_char> = tags.iter().map(ptr).collect();
                let status = plx_log_tags(
                    session.handle(*run),
                    array_ptr(&tag_ptrs, *null_array),
                    tag_ptrs.len(),
                );
                check(status, "log_tags");
            }
            Op::SetName(run, name) => {
                let name = name.c();
                check(plx_set_name(session.handle(*run), ptr(&name)), "set_name");
            }
            Op::SetDescription(run, text) => {
                let text = text.c();
                check(
                    plx_set_description(session.handle(*run), ptr(&text)),
                    "set_description",
                );
            }
            Op::Progress(run, progress) => {
                check(
                    plx_log_progress(session.handle(*run), *progress),
                    "log_progress",
                );
            }
            Op::FinalStatus {
                run,
                status,
                message,
            } => {
                let message = message.c();
                let result = plx_log_final_status(session.handle(*run), *status, ptr(&message));
                check(result, "log_final_status");
            }
            Op::ResourceSampling {
                run,
                interval_ms,
                stop,
            } => {
                let run = session.handle(*run);
                let status = if *stop {
                    plx_run_stop_resource_sampling(run)
                } else {
                    plx_run_start_resource_sampling(run, *interval_ms)
                };
                check(status, "resource sampling");
            }
            _ => unreachable!("handled by run_op"),
        }
    }
}
