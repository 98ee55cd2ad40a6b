//! Versioned assets: the files an event row points at, under `assets/<kind>/`. Images are
//! encoded as PNG and audio as 16-bit WAV; other assets are copied from the caller's files.
//! Each asset is written to a temporary name and renamed into place, so a reader never sees a
//! half-written asset and a refused or failed call leaves nothing behind.

use std::fs;
use std::path::{Path, PathBuf};

use super::names::last_component;
use super::paths::{create_dir_all, new_file_options, temp_sibling, write_atomically};
use super::{Error, ErrorKind, Result};

/// Polyaxon's `get_path_extension`: what follows the first dot of the last path component,
/// lower-cased; `None` when there is no dot.
pub fn extension(path: &str) -> Option<String> {
    let last = last_component(path);
    last.split_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|e| !e.is_empty())
}

/// `assets/<kind>/<name>[_<step>][.<ext>]`, relative to the run.
pub fn asset_rel_path(kind: &str, name: &str, step: Option<i64>, ext: Option<&str>) -> String {
    let mut rel = format!("assets/{kind}/{name}");
    if let Some(step) = step {
        rel.push_str(&format!("_{step}"));
    }
    if let Some(ext) = ext {
        rel.push('.');
        rel.push_str(ext);
    }
    rel
}

/// Checks that a source file or folder exists, naming it otherwise.
pub fn existing_source(path: &str, what: &str) -> Result<PathBuf> {
    if path.is_empty() {
        return Err(Error::invalid_argument(format!("{what} is empty")));
    }
    let source = PathBuf::from(path);
    match fs::metadata(&source) {
        Ok(_) => Ok(source),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::new(
            ErrorKind::NotFound,
            format!("{what} '{path}' does not exist"),
        )),
        Err(e) => Err(Error::io("cannot read", &source, &e)),
    }
}

/// Writes `bytes` to `dest` through a temporary file and a rename (not fsynced).
pub fn write_asset(dest: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(dest, bytes, false)
}

/// Copies a file or a whole folder to `dest`, replacing what is there.
pub fn copy_asset(source: &Path, dest: &Path) -> Result<()> {
    let tmp = temp_sibling(dest);
    let copied = if source.is_dir() {
        copy_dir(source, &tmp)
    } else {
        fs::copy(source, &tmp)
            .map(|_| ())
            .map_err(|e| Error::io("cannot copy", source, &e))
    };
    let placed = copied.and_then(|()| {
        if dest.is_dir() {
            fs::remove_dir_all(dest).map_err(|e| Error::io("cannot replace", dest, &e))?;
        }
        fs::rename(&tmp, dest).map_err(|e| Error::io("cannot write", dest, &e))
    });
    if placed.is_err() {
        let _ = if tmp.is_dir() {
            fs::remove_dir_all(&tmp)
        } else {
            fs::remove_file(&tmp)
        };
    }
    placed
}

/// Copies one file into a new file of [`FILE_MODE`](super::paths::FILE_MODE), whatever the
/// source's permissions.
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let mut source = fs::File::open(from).map_err(|e| Error::io("cannot read", from, &e))?;
    let mut dest = new_file_options()
        .create_new(true)
        .open(to)
        .map_err(|e| Error::io("cannot write", to, &e))?;
    std::io::copy(&mut source, &mut dest).map_err(|e| Error::io("cannot copy", from, &e))?;
    Ok(())
}

/// Copies a folder tree. Symbolic links to folders are not followed, so a link loop cannot
/// make the copy endless; links to files are copied as files.
fn copy_dir(source: &Path, dest: &Path) -> Result<()> {
    create_dir_all(dest)?;
    let entries = fs::read_dir(source).map_err(|e| Error::io("cannot list", source, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("cannot list", source, &e))?;
        let from = entry.path();
        let to = dest.join(entry.file_name());
        let is_link = entry.file_type().map(|t| t.is_symlink()).unwrap_or(false);
        if from.is_dir() && !is_link {
            copy_dir(&from, &to)?;
        } else if from.is_file() {
            copy_file(&from, &to)?;
        }
    }
    Ok(())
}

/// The number of values in a `height x width x channels` buffer, refusing zero sizes and sizes
/// that overflow.
pub fn buffer_len(dims: &[(usize, &str)]) -> Result<usize> {
    let mut total: usize = 1;
    for (value, what) in dims {
        if *value == 0 {
            return Err(Error::new(ErrorKind::Empty, format!("{what} is 0")));
        }
        total = total
            .checked_mul(*value)
            .filter(|t| *t <= isize::MAX as usize / 8)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Limit,
                    "the buffer size overflows: its dimensions are too large",
                )
            })?;
    }
    Ok(total)
}

/// Encodes 8-bit pixels, row by row, `channels` (1, 3 or 4) per pixel, as PNG.
pub fn encode_png(pixels: &[u8], height: u32, width: u32, channels: u32) -> Result<Vec<u8>> {
    let color = match channels {
        1 => png::ColorType::Grayscale,
        3 => png::ColorType::Rgb,
        4 => png::ColorType::Rgba,
        other => {
            return Err(Error::invalid_argument(format!(
                "channels is {other}; give 1 (grey), 3 (RGB) or 4 (RGBA)"
            )))
        }
    };
    let mut out = Vec::with_capacity(pixels.len() / 2 + 1024);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let failed = |e: png::EncodingError| {
        Error::new(ErrorKind::Internal, format!("PNG encoding failed: {e}"))
    };
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(pixels).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

/// Scales float pixels in [0, 1] to 8 bits; values outside are clipped, NaN is refused.
pub fn pixels_from_floats(values: &[f32]) -> Result<Vec<u8>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if v.is_nan() {
                Err(Error::invalid_argument(format!("pixels[{i}] is NaN")))
            } else {
                Ok((v.clamp(0.0, 1.0) * 255.0).round() as u8)
            }
        })
        .collect()
}

/// Encodes interleaved 16-bit samples as a WAV file.
pub fn encode_wav(samples: &[i16], channels: u16, sample_rate: u32) -> Result<Vec<u8>> {
    let spec = hound::WavSpec {
        channels,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let failed =
        |e: hound::Error| Error::new(ErrorKind::Internal, format!("WAV encoding failed: {e}"));
    let mut cursor = std::io::Cursor::new(Vec::with_capacity(samples.len() * 2 + 64));
    let mut writer = hound::WavWriter::new(&mut cursor, spec).map_err(failed)?;
    for sample in samples {
        writer.write_sample(*sample).map_err(failed)?;
    }
    writer.finalize().map_err(failed)?;
    Ok(cursor.into_inner())
}

/// Converts float samples in [-1, 1] to 16 bits; values outside are clipped, NaN is refused.
pub fn samples_from_floats(values: &[f32]) -> Result<Vec<i16>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if v.is_nan() {
                Err(Error::invalid_argument(format!("samples[{i}] is NaN")))
            } else {
                Ok((v.clamp(-1.0, 1.0) * 32767.0).round() as i16)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_and_asset_paths_follow_polyaxon() {
        assert_eq!(extension("/x/model.v2.PT").as_deref(), Some("v2.pt"));
        assert_eq!(extension("/x/model_dir"), None);
        assert_eq!(
            asset_rel_path("image", "sample", Some(1), Some("png")),
            "assets/image/sample_1.png"
        );
        assert_eq!(
            asset_rel_path("model", "net", None, None),
            "assets/model/net"
        );
    }

    #[test]
    fn sizes_refuse_zero_and_overflow() {
        assert_eq!(buffer_len(&[(2, "h"), (3, "w")]).unwrap(), 6);
        assert_eq!(buffer_len(&[(0, "h")]).unwrap_err().kind, ErrorKind::Empty);
        assert_eq!(
            buffer_len(&[(usize::MAX, "h"), (2, "w")]).unwrap_err().kind,
            ErrorKind::Limit
        );
    }

    #[test]
    fn png_and_wav_encode() {
        let png = encode_png(&[0, 128, 255, 7, 8, 9], 1, 2, 3).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            encode_png(&[0; 2], 1, 1, 2).unwrap_err().kind,
            ErrorKind::InvalidArgument
        );
        let wav = encode_wav(&[0, 1, -1, 32767], 2, 8000).unwrap();
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(wav.len(), 44 + 8);
        assert_eq!(
            samples_from_floats(&[1.5, -1.0, 0.5]).unwrap(),
            vec![32767, -32767, 16384]
        );
        assert_eq!(
            pixels_from_floats(&[0.0, 1.0, 0.5]).unwrap(),
            vec![0, 255, 128]
        );
    }
}
