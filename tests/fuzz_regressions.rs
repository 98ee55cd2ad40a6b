//! Replays every input kept under `tests/fuzz_regressions/` through the driver of the
//! `api_sequence` fuzz target (`fuzz/driver.rs`), so that a crash the fuzzer once found, and the
//! seeds, are checked by every `cargo test`; and runs a few call sequences written out as
//! driver scripts, which keep their meaning when the driver's encoding changes. Set
//! `PLX_FUZZ_SHOW=1` to print the calls each kept input decodes to. See docs/FUZZING.md.

#[path = "../fuzz/driver.rs"]
mod driver;

use std::path::PathBuf;

use driver::*;

#[test]
fn kept_inputs_and_written_scripts_run_without_a_broken_promise() {
    replay_kept_inputs();
    run_written_scripts();
    remove_work_folder();
}

fn replay_kept_inputs() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fuzz_regressions exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_file())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no input under {}", dir.display());
    let show = std::env::var_os("PLX_FUZZ_SHOW").is_some();
    for input in &inputs {
        let bytes = std::fs::read(input).expect("readable input");
        let script = decode(&bytes).expect("a kept input decodes");
        assert!(
            !script.ops.is_empty(),
            "{} decodes to no call",
            input.display()
        );
        if show {
            eprintln!("{}:\n{script:#?}", input.display());
        }
        run_bytes(&bytes);
    }
}

fn known(text: &str) -> Text {
    Text::Raw(text.as_bytes().to_vec())
}

fn run_written_scripts() {
    let first = HandleArg::Opened(0);
    let open = Op::Open {
        root: RootArg::Main,
        project: Text::Null,
        uuid: UuidArg::New,
        null_out: false,
    };
    let scripts = vec![
        // Handles that were never issued, and a run closed twice.
        vec![
            Op::Close(HandleArg::Zero),
            Op::Flush(HandleArg::Raw(u64::MAX)),
            Op::Open {
                root: RootArg::Null,
                project: known("owner/project"),
                uuid: UuidArg::New,
                null_out: true,
            },
            Op::Open {
                root: RootArg::Empty,
                project: Text::Null,
                uuid: UuidArg::New,
                null_out: false,
            },
            open,
            Op::Close(first),
            Op::Close(first),
            Op::Metric {
                run: first,
                name: known("loss"),
                value: 1.0,
                step: StepArg::None,
            },
        ],
        // Names and texts that are not UTF-8, have no usable character or are too long.
        vec![
            Op::Open {
                root: RootArg::Sub(b"a/../b".to_vec()),
                project: Text::Raw(vec![0xff, b'x']),
                uuid: UuidArg::Raw(known("not-a-uuid")),
                null_out: false,
            },
            Op::Open {
                root: RootArg::Main,
                project: Text::Null,
                uuid: UuidArg::Known(0),
                null_out: false,
            },
            Op::Metric {
                run: first,
                name: Text::Raw(vec![b'a', 0xc3]),
                value: f64::NAN,
                step: StepArg::Raw(i64::MAX),
            },
            Op::Metric {
                run: first,
                name: known("///"),
                value: f64::INFINITY,
                step: StepArg::Small(0),
            },
            Op::Text {
                run: first,
                html: true,
                name: Text::Repeated {
                    unit: b"n".to_vec(),
                    times: 201,
                },
                text: known("<b>"),
                step: StepArg::None,
            },
            Op::LogLine {
                run: first,
                text: Text::Repeated {
                    unit: "\u{1F600}".as_bytes().to_vec(),
                    times: 9000,
                },
            },
            Op::JsonObject {
                run: first,
                target: JsonTarget::Inputs,
                json: JsonArg::Value(Json::Object(vec![
                    ("lr".into(), Json::Float(0.1)),
                    ("".into(), Json::Null),
                ])),
            },
            Op::Value {
                run: first,
                target: ValueTarget::OutputNumber,
                name: known("acc"),
                number: f64::NAN,
                text: Text::Null,
            },
        ],
        // Arrays whose sizes disagree, and an image larger than the driver will allocate.
        vec![
            Op::Open {
                root: RootArg::Main,
                project: Text::Null,
                uuid: UuidArg::New,
                null_out: false,
            },
            Op::ConfusionMatrix {
                run: first,
                name: known("cm"),
                x_labels: vec![known("a"), Text::Null],
                y_labels: vec![known("a")],
                rows: 2,
                cols: 1,
                cells: vec![1.0],
                null_arrays: 0,
                step: StepArg::Small(1),
            },
            Op::Image {
                run: first,
                name: known("img"),
                height: u32::MAX,
                width: u32::MAX,
                channels: u32::MAX,
                pixels: vec![1, 2, 3],
                null_pixels: false,
                step: StepArg::Small(1),
            },
            Op::Audio {
                run: first,
                name: known("a"),
                frames: 3,
                channels: 2,
                sample_rate: 0,
                samples: vec![f32::NAN],
                null_samples: false,
                step: StepArg::None,
            },
            Op::Ref {
                run: first,
                kind: RefKind::Dir,
                path: RefPathArg::Source(SourceArg::Scratch(16)),
                first: Text::Null,
                second: Text::Null,
                summary: JsonArg::Text(Text::Null),
                flag: false,
            },
            Op::AssetFile {
                run: first,
                what: FileAsset::Model,
                name: known("m"),
                source: SourceArg::UnderScratch(b"model_dir/../loop_dir/self/self".to_vec()),
                extra: known("torch"),
                spec: JsonArg::Text(known("[]")),
                step: StepArg::None,
            },
            Op::Path {
                run: first,
                outputs: true,
                rel: known("x/y.bin"),
                buf: BufArg::Query,
                null_len: false,
            },
            Op::LastError {
                buf: BufArg::Sized(1),
                null_len: false,
            },
        ],
        // The crash the fuzzer found (kept as `crash-wav-byte-rate-overflow`): a sample rate
        // whose WAV byte rate (rate x channels x 2) does not fit in 32 bits made the encoder
        // overflow, giving PLX_ERR_INTERNAL. Now refused with PLX_ERR_LIMIT; the largest byte
        // rate that fits is still written.
        vec![
            Op::Open {
                root: RootArg::Main,
                project: Text::Null,
                uuid: UuidArg::New,
                null_out: false,
            },
            Op::AudioInt16 {
                run: first,
                name: known("tone"),
                frames: 4,
                channels: 2,
                sample_rate: u32::MAX / 4 + 1,
                samples: vec![1, -1],
                null_samples: false,
                step: StepArg::Small(1),
            },
            Op::Audio {
                run: first,
                name: known("tone"),
                frames: 4,
                channels: 1,
                sample_rate: u32::MAX,
                samples: vec![0.5],
                null_samples: false,
                step: StepArg::Small(2),
            },
            Op::Audio {
                run: first,
                name: known("tone"),
                frames: 4,
                channels: 1,
                sample_rate: u32::MAX / 2,
                samples: vec![0.5],
                null_samples: false,
                step: StepArg::Small(3),
            },
        ],
    ];
    for ops in scripts {
        run_script(&Script { ops });
    }
}
