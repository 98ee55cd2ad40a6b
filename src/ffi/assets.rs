//! Exports that log versioned assets: a file under `assets/<kind>/` named
//! `<name>_<step>.<ext>` (no `_<step>` with `PLX_NO_STEP`, and then each call overwrites the
//! asset) and an event row pointing at it. Assets are written under a temporary name and renamed
//! into place; a refused call writes nothing.
//!
//! For calls that take a source `path`, `name` NULL means the base name of the path before its
//! first dot, and a missing source gives `PLX_ERR_NOT_FOUND`.

use std::borrow::Cow;
use std::ffi::c_char;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::boundary::call;
use super::strings::{array, optional, required};
use super::{plx_run, plx_status, step_arg};
use crate::core::assets::{
    buffer_len, copy_asset, encode_png, encode_wav, existing_source, extension, pixels_from_floats,
    samples_from_floats,
};
use crate::core::events::EventKind;
use crate::core::json::parse_object;
use crate::core::names::base_name;
use crate::core::refs::RefRequest;
use crate::core::{registry, Error, ErrorKind, Result};

/// The name of a file-based asset: the caller's, or the source's base name.
fn name_or_base<'a>(name: Option<&'a str>, path: &'a str) -> &'a str {
    name.unwrap_or_else(|| base_name(path))
}

fn image_payload(height: u32, width: u32, channels: u32) -> impl FnOnce(String) -> Value {
    move |path| json!({"height": height, "width": width, "colorspace": channels, "path": path})
}

/// The shape of an image buffer, shared by the 8-bit and float calls.
struct Image {
    height: u32,
    width: u32,
    channels: u32,
}

impl Image {
    /// Checks the shape, reads `height * width * channels` pixels, turns them into bytes with
    /// `to_bytes`, and logs them as a PNG asset.
    unsafe fn log<T>(
        &self,
        run: plx_run,
        name: *const c_char,
        pixels: *const T,
        step: i64,
        to_bytes: impl FnOnce(&[T]) -> Result<Cow<'_, [u8]>>,
    ) -> Result<()> {
        let (height, width, channels) = (self.height, self.width, self.channels);
        let len = buffer_len(&[
            (height as usize, "height"),
            (width as usize, "width"),
            (channels as usize, "channels"),
        ])?;
        // SAFETY: forwarded contract: `pixels` holds `len` values.
        let (name, pixels) = unsafe { (required(name, "name")?, array(pixels, len, "pixels")?) };
        let png = encode_png(&to_bytes(pixels)?, height, width, channels)?;
        let payload = image_payload(height, width, channels);
        let step = step_arg(step);
        registry::get(run)?.log_encoded_asset(EventKind::IMAGE, name, step, "png", &png, payload)
    }
}

/// Logs an image from 8-bit pixels: `height` rows of `width` pixels of `channels` values each
/// (1 grey, 3 RGB, 4 RGBA), row by row; `pixels` holds `height * width * channels` bytes. It is
/// written as `assets/image/<name>_<step>.png`.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_EMPTY` (a zero dimension), `PLX_ERR_LIMIT` (the size
/// overflows), `PLX_ERR_INVALID_ARGUMENT` (channels not 1, 3 or 4), `PLX_ERR_INVALID_NAME`,
/// `PLX_ERR_IO`, and the handle errors.
#[no_mangle]
pub unsafe extern "C" fn plx_log_image(
    run: plx_run,
    name: *const c_char,
    pixels: *const u8,
    height: u32,
    width: u32,
    channels: u32,
    step: i64,
) -> plx_status {
    call(|| {
        let image = Image {
            height,
            width,
            channels,
        };
        // SAFETY: the export's contract covers `name` and the pixel buffer.
        unsafe { image.log(run, name, pixels, step, |bytes| Ok(Cow::Borrowed(bytes))) }
    })
}

/// Like `plx_log_image`, from float pixels in [0, 1] (scaled to 8 bits; values outside are
/// clipped). A NaN pixel is refused with `PLX_ERR_INVALID_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_image_float(
    run: plx_run,
    name: *const c_char,
    pixels: *const f32,
    height: u32,
    width: u32,
    channels: u32,
    step: i64,
) -> plx_status {
    call(|| {
        let image = Image {
            height,
            width,
            channels,
        };
        // SAFETY: the export's contract covers `name` and the pixel buffer.
        unsafe {
            image.log(run, name, pixels, step, |floats| {
                pixels_from_floats(floats).map(Cow::Owned)
            })
        }
    })
}

/// Copies an image file (any format the UI shows: PNG, JPEG, GIF...) as a versioned asset,
/// keeping its extension.
///
/// `name` NULL means the base name of `path` before its first dot; a missing `path` gives
/// `PLX_ERR_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_image_file(
    run: plx_run,
    name: *const c_char,
    path: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both strings.
        let (name, path) = unsafe { (optional(name, "name")?, required(path, "path")?) };
        log_copied(
            run,
            EventKind::IMAGE,
            name_or_base(name, path),
            path,
            step,
            |rel| json!({"path": rel}),
        )
    })
}

fn log_copied(
    run: plx_run,
    kind: EventKind,
    name: &str,
    path: &str,
    step: i64,
    payload: impl FnOnce(String) -> Value,
) -> Result<()> {
    let source = existing_source(path, "path")?;
    let ext = if source.is_dir() {
        None
    } else {
        extension(path)
    };
    let copy = |dest: &Path| copy_asset(&source, dest);
    registry::get(run)?.log_asset(kind, name, step_arg(step), ext.as_deref(), copy, payload)
}

fn audio_payload(frames: usize, channels: u32, sample_rate: u32) -> impl FnOnce(String) -> Value {
    move |path| {
        json!({
            "sample_rate": f64::from(sample_rate),
            "num_channels": channels,
            "length_frames": frames,
            "path": path,
            "content_type": "audio/wav",
        })
    }
}

fn audio_dims(frames: usize, channels: u32, sample_rate: u32) -> Result<usize> {
    if sample_rate == 0 {
        return Err(Error::new(ErrorKind::Empty, "sample_rate is 0"));
    }
    if channels > u32::from(u16::MAX) {
        return Err(Error::new(
            ErrorKind::Limit,
            format!("channels is {channels}; at most 65535"),
        ));
    }
    // The WAV header holds the byte rate (rate x channels x 2 bytes) in 32 bits; the encoder
    // would overflow on a larger one (a panic, or a corrupt header when overflow wraps).
    if u64::from(sample_rate) * u64::from(channels) * 2 > u64::from(u32::MAX) {
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "sample_rate {sample_rate} with {channels} channels is over 4294967295 bytes a \
                 second, the most a WAV file can say"
            ),
        ));
    }
    buffer_len(&[(frames, "frames"), (channels as usize, "channels")])
}

/// The shape of an audio buffer, shared by the float and 16-bit calls.
struct Audio {
    frames: usize,
    channels: u32,
    sample_rate: u32,
}

impl Audio {
    /// Checks the shape, reads `frames * channels` samples, turns them into 16-bit samples with
    /// `to_pcm`, and logs them as a WAV asset.
    unsafe fn log<T>(
        &self,
        run: plx_run,
        name: *const c_char,
        samples: *const T,
        step: i64,
        to_pcm: impl FnOnce(&[T]) -> Result<Cow<'_, [i16]>>,
    ) -> Result<()> {
        let (frames, channels, rate) = (self.frames, self.channels, self.sample_rate);
        let len = audio_dims(frames, channels, rate)?;
        // SAFETY: forwarded contract: `samples` holds `len` values.
        let (name, samples) = unsafe { (required(name, "name")?, array(samples, len, "samples")?) };
        let wav = encode_wav(&to_pcm(samples)?, channels as u16, rate)?;
        let payload = audio_payload(frames, channels, rate);
        let step = step_arg(step);
        registry::get(run)?.log_encoded_asset(EventKind::AUDIO, name, step, "wav", &wav, payload)
    }
}

/// Logs audio from float samples in [-1, 1] (values outside are clipped), `frames` frames of
/// `channels` interleaved samples, as a 16-bit WAV file `assets/audio/<name>_<step>.wav`.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_EMPTY` (no frame, no channel, or a sample rate of
/// 0), `PLX_ERR_LIMIT`, `PLX_ERR_INVALID_ARGUMENT` (a NaN sample), `PLX_ERR_INVALID_NAME`,
/// `PLX_ERR_IO`, and the handle errors.
#[no_mangle]
pub unsafe extern "C" fn plx_log_audio(
    run: plx_run,
    name: *const c_char,
    samples: *const f32,
    frames: usize,
    channels: u32,
    sample_rate: u32,
    step: i64,
) -> plx_status {
    call(|| {
        let audio = Audio {
            frames,
            channels,
            sample_rate,
        };
        // SAFETY: the export's contract covers `name` and the sample buffer.
        unsafe {
            audio.log(run, name, samples, step, |f| {
                samples_from_floats(f).map(Cow::Owned)
            })
        }
    })
}

/// Like `plx_log_audio`, from 16-bit samples, written unchanged.
#[no_mangle]
pub unsafe extern "C" fn plx_log_audio_int16(
    run: plx_run,
    name: *const c_char,
    samples: *const i16,
    frames: usize,
    channels: u32,
    sample_rate: u32,
    step: i64,
) -> plx_status {
    call(|| {
        let audio = Audio {
            frames,
            channels,
            sample_rate,
        };
        // SAFETY: the export's contract covers `name` and the sample buffer.
        unsafe { audio.log(run, name, samples, step, |ints| Ok(Cow::Borrowed(ints))) }
    })
}

/// Copies an audio file as a versioned asset. `content_type` (NULL to leave out) is recorded as
/// given, for instance `"audio/wav"`.
///
/// `name` NULL means the base name of `path` before its first dot; a missing `path` gives
/// `PLX_ERR_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_audio_file(
    run: plx_run,
    name: *const c_char,
    path: *const c_char,
    content_type: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every string.
        let (name, path, content_type) = unsafe {
            (
                optional(name, "name")?,
                required(path, "path")?,
                optional(content_type, "content_type")?,
            )
        };
        let payload = |rel: String| match content_type {
            Some(ct) => json!({"path": rel, "content_type": ct}),
            None => json!({"path": rel}),
        };
        log_copied(
            run,
            EventKind::AUDIO,
            name_or_base(name, path),
            path,
            step,
            payload,
        )
    })
}

/// Copies a video file as a versioned asset. `content_type` NULL means the file's extension
/// (`"mp4"`, `"gif"`...).
///
/// `name` NULL means the base name of `path` before its first dot; a missing `path` gives
/// `PLX_ERR_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_video_file(
    run: plx_run,
    name: *const c_char,
    path: *const c_char,
    content_type: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every string.
        let (name, path, content_type) = unsafe {
            (
                optional(name, "name")?,
                required(path, "path")?,
                optional(content_type, "content_type")?,
            )
        };
        let content_type = content_type.map(str::to_string).or_else(|| extension(path));
        let payload = |rel: String| match content_type {
            Some(ct) => json!({"path": rel, "content_type": ct}),
            None => json!({"path": rel}),
        };
        log_copied(
            run,
            EventKind::VIDEO,
            name_or_base(name, path),
            path,
            step,
            payload,
        )
    })
}

/// Logs a model file or a whole model folder (copied). With a step it becomes the versioned
/// asset `assets/model/<name>_<step>[.<ext>]` and a row of `events/model/<name>.plx` with the
/// `framework` (NULL to leave out) and `spec_json` (NULL, or a JSON object describing the
/// model). With `PLX_NO_STEP` it is copied into `outputs/` and recorded as a model ref only,
/// with the spec merged into its summary, as Polyaxon does.
///
/// Errors: `PLX_ERR_NOT_FOUND`, `PLX_ERR_INVALID_JSON`, `PLX_ERR_NULL_ARGUMENT`,
/// `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the handle errors.
///
/// `name` NULL means the base name of `path` before its first dot; a missing `path` gives
/// `PLX_ERR_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_model(
    run: plx_run,
    name: *const c_char,
    path: *const c_char,
    framework: *const c_char,
    spec_json: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every string.
        let (name, path, framework, spec) = unsafe {
            (
                optional(name, "name")?,
                required(path, "path")?,
                optional(framework, "framework")?,
                optional(spec_json, "spec_json")?,
            )
        };
        let spec = spec.map(|s| parse_object(s, "spec_json")).transpose()?;
        let name = name_or_base(name, path);
        if step_arg(step).is_none() {
            let copy = registry::get(run)?.copy_to_outputs(&existing_source(path, "path")?)?;
            let copy_text = copy.to_string_lossy();
            let mut request = RefRequest::new("model", Some(&copy_text));
            request.name = Some(name);
            request.summary = spec;
            if let Some(framework) = framework {
                request
                    .leading
                    .insert("framework".into(), Value::String(framework.into()));
            }
            return registry::get(run)?.log_ref(request, Some("has_model"));
        }
        let payload = |rel: String| {
            let mut out = Map::new();
            if let Some(framework) = framework {
                out.insert("framework".into(), Value::String(framework.into()));
            }
            out.insert("path".into(), Value::String(rel));
            if let Some(spec) = spec {
                out.insert("spec".into(), Value::Object(spec));
            }
            Value::Object(out)
        };
        log_copied(run, EventKind::MODEL, name, path, step, payload)
    })
}

/// Logs a file or folder (copied) as an artifact of Polyaxon kind `kind` (NULL means `"file"`;
/// for instance `"data"`, `"dir"`, `"tensor"`). With a step it becomes the versioned asset
/// `assets/<kind>/<name>_<step>[.<ext>]` and a row of `events/<kind>/<name>.plx`; with
/// `PLX_NO_STEP` it is copied into `outputs/` and recorded as a ref only.
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT` (unknown kind, or an event kind such as `"text"`),
/// `PLX_ERR_NOT_FOUND`, `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the
/// handle errors.
///
/// `name` NULL means the base name of `path` before its first dot; a missing `path` gives
/// `PLX_ERR_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_artifact(
    run: plx_run,
    name: *const c_char,
    path: *const c_char,
    kind: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every string.
        let (name, path, kind) = unsafe {
            (
                optional(name, "name")?,
                required(path, "path")?,
                optional(kind, "kind")?,
            )
        };
        let event_kind = EventKind::artifact(kind.unwrap_or("file"))?;
        let name = name_or_base(name, path);
        if step_arg(step).is_none() {
            let copy = registry::get(run)?.copy_to_outputs(&existing_source(path, "path")?)?;
            let copy_text = copy.to_string_lossy();
            let mut request = RefRequest::new(event_kind.folder, Some(&copy_text));
            request.name = Some(name);
            return registry::get(run)?.log_ref(request, None);
        }
        let folder = event_kind.folder;
        log_copied(
            run,
            event_kind,
            name,
            path,
            step,
            |rel| json!({"kind": folder, "path": rel}),
        )
    })
}

fn dataframe_payload(content_type: &'static str) -> impl FnOnce(String) -> Value {
    move |rel| json!({"path": rel, "content_type": content_type})
}

/// Copies a table saved as CSV (`.csv`) or HTML (`.html`, `.htm`) as a versioned dataframe asset.
///
/// Errors: `PLX_ERR_INVALID_ARGUMENT` (another extension), `PLX_ERR_NOT_FOUND`,
/// `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the handle errors.
///
/// `name` NULL means the base name of `path` before its first dot; a missing `path` gives
/// `PLX_ERR_NOT_FOUND`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_dataframe_file(
    run: plx_run,
    name: *const c_char,
    path: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both strings.
        let (name, path) = unsafe { (optional(name, "name")?, required(path, "path")?) };
        let content_type = match extension(path).as_deref() {
            Some("csv") => "csv",
            Some("html") | Some("htm") => "html",
            other => {
                return Err(Error::invalid_argument(format!(
                    "path '{path}' has extension {other:?}; a dataframe is a .csv or .html file"
                )))
            }
        };
        let source = existing_source(path, "path")?;
        let copy = |dest: &Path| copy_asset(&source, dest);
        registry::get(run)?.log_asset(
            EventKind::DATAFRAME,
            name_or_base(name, path),
            step_arg(step),
            Some(content_type),
            copy,
            dataframe_payload(content_type),
        )
    })
}

/// Logs a table given as CSV text as a versioned dataframe asset (`.csv`).
///
/// Errors: `PLX_ERR_EMPTY` (empty text), `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`,
/// `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the handle errors.
#[no_mangle]
pub unsafe extern "C" fn plx_log_dataframe_csv(
    run: plx_run,
    name: *const c_char,
    csv_text: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both strings.
        let (name, csv) = unsafe { (required(name, "name")?, required(csv_text, "csv_text")?) };
        if csv.is_empty() {
            return Err(Error::new(ErrorKind::Empty, "csv_text is empty"));
        }
        registry::get(run)?.log_encoded_asset(
            EventKind::DATAFRAME,
            name,
            step_arg(step),
            "csv",
            csv.as_bytes(),
            dataframe_payload("csv"),
        )
    })
}
