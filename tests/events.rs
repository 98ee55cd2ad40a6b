//! Every event kind and versioned asset through the C ABI, checked byte for byte against the
//! rows of the format document (with a fixed event time).

mod common;

use std::path::PathBuf;
use std::ptr::null;

use common::{c, last_error, open, uuid_of, TempRoot};
use plx::ffi::assets::*;
use plx::ffi::log::*;
use plx::ffi::run::{plx_run_close, plx_run_flush, plx_run_set_event_time, PLX_TIME_NOW};
use plx::ffi::status::*;
use plx::ffi::{plx_run, PLX_NO_STEP};

const T: &str = "2026-12-03 15:28:05.452294+00:00";

fn fixed_time(run: plx_run) {
    let micros = chrono::DateTime::parse_from_rfc3339("2026-12-03T15:28:05.452294+00:00")
        .unwrap()
        .timestamp_micros();
    assert_eq!(plx_run_set_event_time(run, micros), PLX_OK);
}

struct Fixture {
    root: TempRoot,
    run: plx_run,
}

impl Fixture {
    fn new(tag: &str) -> Fixture {
        let root = TempRoot::new(tag);
        let run = open(&root, None);
        fixed_time(run);
        Fixture { root, run }
    }

    fn folder(&self) -> PathBuf {
        self.root.0.join("runs").join(uuid_of(self.run))
    }

    fn file(&self, rel: &str) -> String {
        assert_eq!(plx_run_flush(self.run), PLX_OK, "{}", last_error());
        std::fs::read_to_string(self.folder().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn ok(&self, status: i32) {
        assert_eq!(status, PLX_OK, "{}", last_error());
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        plx_run_close(self.run);
    }
}

#[test]
fn text_html_and_charts_are_jsonl() {
    let f = Fixture::new("jsonl");
    let (name, text) = (c("notes"), c("hello | world, \"quoted\"\nsecond line"));
    f.ok(unsafe { plx_log_text(f.run, name.as_ptr(), text.as_ptr(), 1) });
    let plain = c("text without step");
    f.ok(unsafe { plx_log_text(f.run, name.as_ptr(), plain.as_ptr(), PLX_NO_STEP) });
    assert_eq!(
        f.file("events/text/notes.plx"),
        format!(
            "\n{{\"timestamp\": \"{T}\", \"step\": 1, \"text\": \
             \"hello | world, \\\"quoted\\\"\\nsecond line\"}}\
             \n{{\"timestamp\": \"{T}\", \"step\": null, \"text\": \"text without step\"}}"
        )
    );
    let html = c("<b>é</b>");
    f.ok(unsafe { plx_log_html(f.run, name.as_ptr(), html.as_ptr(), 2) });
    assert_eq!(
        f.file("events/html/notes.plx"),
        format!("\n{{\"timestamp\": \"{T}\", \"step\": 2, \"html\": \"<b>\\u00e9</b>\"}}")
    );
    let spec = c(concat!(
        r#"{"$schema":"https://vega.github.io/schema/vega-lite/v5.json","#,
        r#""mark":"bar","data":{"values":[{"a":"A","b":28}]}}"#,
    ));
    let chart = c("bars");
    f.ok(unsafe { plx_log_chart(f.run, chart.as_ptr(), null(), spec.as_ptr(), 1) });
    assert_eq!(
        f.file("events/chart/bars.plx"),
        format!(
            "\n{{\"timestamp\": \"{T}\", \"step\": 1, \"chart\": \"{{\\\"kind\\\":\\\"vega\\\",\
             \\\"figure\\\":{{\\\"$schema\\\":\
             \\\"https://vega.github.io/schema/vega-lite/v5.json\\\",\
             \\\"mark\\\":\\\"bar\\\",\\\"data\\\":{{\\\"values\\\":[{{\\\"a\\\":\\\"A\\\",\
             \\\"b\\\":28}}]}}}}}}\"}}"
        )
    );
    let bad = c("{not json");
    assert_eq!(
        unsafe { plx_log_chart(f.run, chart.as_ptr(), null(), bad.as_ptr(), 2) },
        PLX_ERR_INVALID_JSON
    );
}

#[test]
fn histograms_curves_and_confusion_matrices() {
    let f = Fixture::new("csv");
    let name = c("h");
    let values: Vec<f64> = (0..100).map(f64::from).collect();
    f.ok(unsafe { plx_log_histogram(f.run, name.as_ptr(), values.as_ptr(), values.len(), 4, 1) });
    let counts = [1.0, 2.0];
    let edges = [0.0, 0.5, 1.0];
    f.ok(unsafe {
        plx_log_histogram_counts(f.run, name.as_ptr(), counts.as_ptr(), edges.as_ptr(), 2, 2)
    });
    assert_eq!(
        f.file("events/histogram/h.plx"),
        format!(
            "step|timestamp|histogram\
             \n1|{T}|{{\"values\":[25.0,25.0,25.0,25.0],\"counts\":[0.0,24.75,49.5,74.25,99.0]}}\
             \n2|{T}|{{\"values\":[1.0,2.0],\"counts\":[0.0,0.5,1.0]}}"
        )
    );
    assert_eq!(
        unsafe { plx_log_histogram(f.run, name.as_ptr(), values.as_ptr(), 100, 513, 1) },
        PLX_ERR_LIMIT
    );
    assert_eq!(
        unsafe { plx_log_histogram(f.run, name.as_ptr(), values.as_ptr(), 0, 4, 1) },
        PLX_ERR_EMPTY
    );
    assert_eq!(
        unsafe { plx_log_histogram(f.run, name.as_ptr(), null(), 3, 4, 1) },
        PLX_ERR_NULL_ARGUMENT
    );

    let roc = c("roc");
    let (fpr, tpr) = ([0.0, 0.1, 1.0], [0.0, 0.8, 1.0]);
    f.ok(unsafe { plx_log_roc_curve(f.run, roc.as_ptr(), fpr.as_ptr(), tpr.as_ptr(), 3, 0.85, 1) });
    let annotation = c("a|b");
    f.ok(unsafe {
        plx_log_curve(
            f.run,
            roc.as_ptr(),
            fpr.as_ptr(),
            tpr.as_ptr(),
            1,
            annotation.as_ptr(),
            2,
        )
    });
    assert_eq!(
        f.file("events/curve/roc.plx"),
        format!(
            "step|timestamp|curve\
             \n1|{T}|{{\"kind\":\"roc\",\"x\":[0.0,0.1,1.0],\
             \"y\":[0.0,0.8,1.0],\"annotation\":\"0.85\"}}\
             \n2|{T}|{{\"kind\":\"custom\",\"x\":[0.0],\"y\":[0.0],\"annotation\":\"a\\u007cb\"}}"
        )
    );

    let cm = c("cm");
    let (cat, dog) = (c("cat"), c("dog"));
    let labels = [cat.as_ptr(), dog.as_ptr()];
    let z = [5.0, 1.0, 2.0, 7.0];
    f.ok(unsafe {
        plx_log_confusion_matrix(
            f.run,
            cm.as_ptr(),
            labels.as_ptr(),
            2,
            labels.as_ptr(),
            2,
            z.as_ptr(),
            2,
            2,
            1,
        )
    });
    assert_eq!(
        f.file("events/confusion/cm.plx"),
        format!(
            "step|timestamp|confusion\n1|{T}|{{\"x\":[\"cat\",\"dog\"],\
         \"y\":[\"cat\",\"dog\"],\"z\":[[5,1],[2,7]]}}"
        )
    );
    let status = unsafe {
        plx_log_confusion_matrix(
            f.run,
            cm.as_ptr(),
            labels.as_ptr(),
            2,
            labels.as_ptr(),
            1,
            z.as_ptr(),
            2,
            2,
            1,
        )
    };
    assert_eq!(status, PLX_ERR_SHAPE_MISMATCH);
}

#[test]
fn images_and_audio_from_buffers() {
    let f = Fixture::new("media");
    let name = c("sample");
    let pixels: Vec<u8> = (0..8 * 8 * 3).map(|i| i as u8).collect();
    f.ok(unsafe { plx_log_image(f.run, name.as_ptr(), pixels.as_ptr(), 8, 8, 3, 1) });
    assert_eq!(
        f.file("events/image/sample.plx"),
        format!(
            "step|timestamp|image\n1|{T}|{{\"height\":8,\"width\":8,\
         \"colorspace\":3,\"path\":\"assets/image/sample_1.png\"}}"
        )
    );
    let png = std::fs::read(f.folder().join("assets/image/sample_1.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut decoded = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut decoded).unwrap();
    assert_eq!(decoded, pixels);
    assert_eq!(
        unsafe { plx_log_image(f.run, name.as_ptr(), pixels.as_ptr(), 8, 8, 2, 1) },
        PLX_ERR_INVALID_ARGUMENT
    );
    assert_eq!(
        unsafe { plx_log_image(f.run, name.as_ptr(), pixels.as_ptr(), 0, 8, 3, 9) },
        PLX_ERR_EMPTY
    );
    assert!(
        !f.folder().join("assets/image/sample_9.png").exists(),
        "a refused call wrote an asset"
    );

    let tone = c("tone");
    let samples: Vec<f32> = (0..64).map(|i| ((i as f32) / 10.0).sin() * 0.5).collect();
    f.ok(unsafe { plx_log_audio(f.run, tone.as_ptr(), samples.as_ptr(), 64, 1, 8000, 1) });
    assert_eq!(
        f.file("events/audio/tone.plx"),
        format!(
            "step|timestamp|audio\n1|{T}|{{\"sample_rate\":8000.0,\
         \"num_channels\":1,\"length_frames\":64,\"path\":\"assets/audio/tone_1.wav\",\
         \"content_type\":\"audio/wav\"}}"
        )
    );
    let mut wav = hound::WavReader::open(f.folder().join("assets/audio/tone_1.wav")).unwrap();
    let read: Vec<i16> = wav.samples::<i16>().map(Result::unwrap).collect();
    assert_eq!(read.len(), 64);
    for (got, want) in read.iter().zip(&samples) {
        assert!((f32::from(*got) / 32767.0 - want).abs() <= 1.0 / 32767.0);
    }
}

#[test]
fn files_models_artifacts_and_dataframes_are_copied() {
    let f = Fixture::new("copies");
    let src = f.root.0.join("src");
    std::fs::create_dir_all(src.join("net/sub")).unwrap();
    std::fs::write(src.join("clf.pkl"), b"model bytes").unwrap();
    std::fs::write(src.join("net/weights.bin"), b"w").unwrap();
    std::fs::write(src.join("net/sub/extra.txt"), b"e").unwrap();
    std::fs::write(src.join("config.yaml"), b"a: 1").unwrap();
    std::fs::write(src.join("table.html"), b"<table></table>").unwrap();
    let p = |name: &str| c(src.join(name).to_str().unwrap());

    let (clf, spec, sklearn) = (c("clf"), c(r#"{"n_estimators":10}"#), c("sklearn"));
    f.ok(unsafe {
        plx_log_model(
            f.run,
            clf.as_ptr(),
            p("clf.pkl").as_ptr(),
            sklearn.as_ptr(),
            spec.as_ptr(),
            1,
        )
    });
    let (net, pytorch) = (c("net"), c("pytorch"));
    for step in [1, 2] {
        f.ok(unsafe {
            plx_log_model(
                f.run,
                net.as_ptr(),
                p("net").as_ptr(),
                pytorch.as_ptr(),
                null(),
                step,
            )
        });
    }
    assert_eq!(
        f.file("events/model/clf.plx"),
        format!(
            "step|timestamp|model\n1|{T}|{{\"framework\":\"sklearn\",\
         \"path\":\"assets/model/clf_1.pkl\",\"spec\":{{\"n_estimators\":10}}}}"
        )
    );
    assert!(f.file("events/model/net.plx").ends_with(&format!(
        "\n2|{T}|{{\"framework\":\"pytorch\",\"path\":\"assets/model/net_2\"}}"
    )));
    assert_eq!(
        std::fs::read(f.folder().join("assets/model/net_2/sub/extra.txt")).unwrap(),
        b"e"
    );

    f.ok(unsafe { plx_log_artifact(f.run, null(), p("config.yaml").as_ptr(), null(), 1) });
    assert_eq!(
        f.file("events/file/config.plx"),
        format!(
            "step|timestamp|file\n1|{T}|{{\"kind\":\"file\",\
             \"path\":\"assets/file/config_1.yaml\"}}"
        )
    );
    let table = c("table_html");
    f.ok(unsafe { plx_log_dataframe_file(f.run, table.as_ptr(), p("table.html").as_ptr(), 2) });
    assert_eq!(
        f.file("events/dataframe/table_html.plx"),
        format!(
            "step|timestamp|dataframe\n2|{T}|{{\"path\":\"assets/dataframe/table_html_2.html\",\
         \"content_type\":\"html\"}}"
        )
    );
    let (csv_name, csv) = (c("scores"), c("a,b\n1,2\n"));
    f.ok(unsafe { plx_log_dataframe_csv(f.run, csv_name.as_ptr(), csv.as_ptr(), PLX_NO_STEP) });
    assert_eq!(
        std::fs::read_to_string(f.folder().join("assets/dataframe/scores.csv")).unwrap(),
        "a,b\n1,2\n"
    );

    let missing = c("/nonexistent/model.bin");
    assert_eq!(
        unsafe { plx_log_model(f.run, clf.as_ptr(), missing.as_ptr(), null(), null(), 3) },
        PLX_ERR_NOT_FOUND
    );
    let bad_spec = c("[1]");
    assert_eq!(
        unsafe {
            plx_log_model(
                f.run,
                clf.as_ptr(),
                p("clf.pkl").as_ptr(),
                null(),
                bad_spec.as_ptr(),
                3,
            )
        },
        PLX_ERR_INVALID_JSON
    );
    assert!(!f.folder().join("assets/model/clf_3.pkl").exists());

    f.ok(unsafe {
        plx_log_model(
            f.run,
            net.as_ptr(),
            p("net").as_ptr(),
            pytorch.as_ptr(),
            null(),
            PLX_NO_STEP,
        )
    });
    assert!(f.folder().join("outputs/net/weights.bin").is_file());
}

#[test]
fn stepless_assets_overwrite_and_time_can_return_to_the_clock() {
    let f = Fixture::new("stepless");
    let name = c("frame");
    let pixels = [0u8, 255];
    f.ok(unsafe { plx_log_image(f.run, name.as_ptr(), pixels.as_ptr(), 1, 2, 1, PLX_NO_STEP) });
    f.ok(unsafe { plx_log_image(f.run, name.as_ptr(), pixels.as_ptr(), 1, 2, 1, PLX_NO_STEP) });
    let text = f.file("events/image/frame.plx");
    assert_eq!(text.matches("assets/image/frame.png").count(), 2);
    assert_eq!(plx_run_set_event_time(f.run, PLX_TIME_NOW), PLX_OK);
    assert_eq!(
        plx_run_set_event_time(f.run, i64::MAX),
        PLX_ERR_INVALID_ARGUMENT
    );
    let loss = c("loss");
    f.ok(unsafe { plx::ffi::log::plx_log_metric(f.run, loss.as_ptr(), 1.0, 0) });
    assert!(!f.file("events/metric/loss.plx").contains(T));
}
