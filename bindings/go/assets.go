package plx

/*
#include "plx.h"

#cgo noescape plx_log_image
#cgo nocallback plx_log_image
#cgo noescape plx_log_image_float
#cgo nocallback plx_log_image_float
#cgo noescape plx_log_image_file
#cgo nocallback plx_log_image_file
#cgo noescape plx_log_audio
#cgo nocallback plx_log_audio
#cgo noescape plx_log_audio_int16
#cgo nocallback plx_log_audio_int16
#cgo noescape plx_log_audio_file
#cgo nocallback plx_log_audio_file
#cgo noescape plx_log_video_file
#cgo nocallback plx_log_video_file
#cgo noescape plx_log_model
#cgo nocallback plx_log_model
#cgo noescape plx_log_artifact
#cgo nocallback plx_log_artifact
#cgo noescape plx_log_dataframe_file
#cgo nocallback plx_log_dataframe_file
#cgo noescape plx_log_dataframe_csv
#cgo nocallback plx_log_dataframe_csv
*/
import "C"

import (
	"image"
	"image/draw"
	"math/bits"
	"strconv"
)

// Versioned assets are written as assets/<kind>/<name>_<step>[.<ext>] with a row of
// events/<kind>/<name>.plx pointing at them; with NoStep the asset has no step suffix and is
// overwritten by the next such call. For the calls that copy a file, name "" means the file's
// base name before its first dot. Besides the errors listed, every call may return
// ErrInvalidName, ErrIO and ErrRunClosed.

// LogImage logs an image from 8-bit pixels: height rows of width pixels of channels values
// each (1 grey, 3 RGB, 4 RGBA), row by row, so len(pixels) is height*width*channels
// (plx_log_image). It is written as a PNG file.
//
// Errors: ErrShapeMismatch (len(pixels) is not height*width*channels), ErrEmpty (a zero
// dimension), ErrLimit (the size overflows), ErrInvalidArgument (channels not 1, 3 or 4, or a
// negative dimension).
func (r *Run) LogImage(name string, pixels []byte, height, width, channels int,
	step int64) error {
	const op = "plx_log_image"
	dims, err := imageDims(op, len(pixels), height, width, channels)
	if err != nil {
		return err
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_image(h, cName, cBytes(pixels), dims[0], dims[1], dims[2],
			C.int64_t(step))
	})
}

// LogImageFloat is LogImage from float pixels in [0, 1], scaled to 8 bits; values outside are
// clipped and NaN is refused with ErrInvalidArgument (plx_log_image_float).
func (r *Run) LogImageFloat(name string, pixels []float32, height, width, channels int,
	step int64) error {
	const op = "plx_log_image_float"
	dims, err := imageDims(op, len(pixels), height, width, channels)
	if err != nil {
		return err
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_image_float(h, cName, cFloats(pixels), dims[0], dims[1], dims[2],
			C.int64_t(step))
	})
}

// LogGoImage logs an image.Image through LogImage: an *image.Gray as grey pixels, any other
// image converted to non-premultiplied RGBA.
func (r *Run) LogGoImage(name string, img image.Image, step int64) error {
	bounds := img.Bounds()
	width, height := bounds.Dx(), bounds.Dy()
	if gray, ok := img.(*image.Gray); ok {
		pixels := make([]byte, 0, width*height)
		for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
			start := gray.PixOffset(bounds.Min.X, y)
			pixels = append(pixels, gray.Pix[start:start+width]...)
		}
		return r.LogImage(name, pixels, height, width, 1, step)
	}
	rgba := image.NewNRGBA(image.Rect(0, 0, width, height))
	draw.Draw(rgba, rgba.Bounds(), img, bounds.Min, draw.Src)
	return r.LogImage(name, rgba.Pix, height, width, 4, step)
}

// imageDims checks the dimensions against the length of the pixel slice, which C cannot do:
// it would read height*width*channels values whatever the slice holds.
func imageDims(op string, length, height, width, channels int) ([3]C.uint32_t, error) {
	var dims [3]C.uint32_t
	for i, d := range [3]struct {
		what  string
		value int
	}{{"height", height}, {"width", width}, {"channels", channels}} {
		v, err := cUint32(op, d.what, d.value)
		if err != nil {
			return dims, err
		}
		dims[i] = v
	}
	if height == 0 || width == 0 || channels == 0 {
		return dims, nil // plx refuses it with ErrEmpty and reads nothing
	}
	hi, area := bits.Mul64(uint64(height), uint64(width))
	hi2, size := bits.Mul64(area, uint64(channels))
	if hi != 0 || hi2 != 0 {
		return dims, goError(op, StatusLimit, "height * width * channels overflows")
	}
	if size != uint64(length) {
		return dims, goError(op, StatusShapeMismatch, "pixels has "+strconv.Itoa(length)+
			" values but height * width * channels is "+strconv.FormatUint(size, 10))
	}
	return dims, nil
}

// LogImageFile copies an image file (PNG, JPEG, GIF...) as a versioned asset, keeping its
// extension (plx_log_image_file).
//
// Errors: ErrNotFound (no such file).
func (r *Run) LogImageFile(name, path string, step int64) error {
	const op = "plx_log_image_file"
	cName, cPath, _, err := fileArgs(op, name, path, "", "")
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_image_file(h, cName, cPath, C.int64_t(step))
	})
}

// LogAudio logs audio from float samples in [-1, 1] (values outside are clipped), interleaved
// by channel, as a 16-bit WAV file (plx_log_audio). len(samples) is frames*channels.
//
// Errors: ErrShapeMismatch (len(samples) is not a multiple of channels), ErrEmpty (no sample,
// no channel, or a sample rate of 0), ErrLimit, ErrInvalidArgument (a NaN sample, a negative
// argument).
func (r *Run) LogAudio(name string, samples []float32, channels, sampleRate int,
	step int64) error {
	const op = "plx_log_audio"
	frames, cChannels, cRate, err := audioDims(op, len(samples), channels, sampleRate)
	if err != nil {
		return err
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_audio(h, cName, cFloats(samples), frames, cChannels, cRate,
			C.int64_t(step))
	})
}

// LogAudioInt16 is LogAudio from 16-bit samples, written unchanged (plx_log_audio_int16).
func (r *Run) LogAudioInt16(name string, samples []int16, channels, sampleRate int,
	step int64) error {
	const op = "plx_log_audio_int16"
	frames, cChannels, cRate, err := audioDims(op, len(samples), channels, sampleRate)
	if err != nil {
		return err
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_audio_int16(h, cName, cInt16s(samples), frames, cChannels, cRate,
			C.int64_t(step))
	})
}

func audioDims(op string, length, channels, sampleRate int) (C.size_t, C.uint32_t, C.uint32_t,
	error) {
	cChannels, err := cUint32(op, "channels", channels)
	if err != nil {
		return 0, 0, 0, err
	}
	cRate, err := cUint32(op, "sampleRate", sampleRate)
	if err != nil {
		return 0, 0, 0, err
	}
	if channels == 0 {
		return 0, 0, cRate, nil // plx refuses it with ErrEmpty and reads nothing
	}
	if length%channels != 0 {
		return 0, 0, 0, goError(op, StatusShapeMismatch, "samples has "+strconv.Itoa(length)+
			" values, not a whole number of frames of "+strconv.Itoa(channels)+" channels")
	}
	return C.size_t(length / channels), cChannels, cRate, nil
}

// LogAudioFile copies an audio file as a versioned asset; contentType ("" to leave out) is
// recorded as given, for instance "audio/wav" (plx_log_audio_file).
//
// Errors: ErrNotFound (no such file).
func (r *Run) LogAudioFile(name, path, contentType string, step int64) error {
	const op = "plx_log_audio_file"
	cName, cPath, cContentType, err := fileArgs(op, name, path, "contentType", contentType)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_audio_file(h, cName, cPath, cContentType, C.int64_t(step))
	})
}

// LogVideoFile copies a video file as a versioned asset; contentType "" means the file's
// extension ("mp4", "gif"...) (plx_log_video_file).
//
// Errors: ErrNotFound (no such file).
func (r *Run) LogVideoFile(name, path, contentType string, step int64) error {
	const op = "plx_log_video_file"
	cName, cPath, cContentType, err := fileArgs(op, name, path, "contentType", contentType)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_video_file(h, cName, cPath, cContentType, C.int64_t(step))
	})
}

// LogModel logs a model file or a whole model folder, copied (plx_log_model). With a step it
// becomes the versioned asset assets/model/<name>_<step>[.<ext>] and a row of
// events/model/<name>.plx with the framework ("" to leave out) and spec (nil, or a JSON object
// describing the model). With NoStep it is copied into outputs/ and recorded as a model ref,
// with the spec merged into its summary, as Polyaxon does.
//
// Errors: ErrNotFound (no such file or folder), ErrInvalidJSON.
func (r *Run) LogModel(name, path, framework string, spec map[string]any, step int64) error {
	const op = "plx_log_model"
	cName, cPath, cFramework, err := fileArgs(op, name, path, "framework", framework)
	if err != nil {
		return err
	}
	cSpec, err := cJSON(op, "spec", spec, true)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_model(h, cName, cPath, cFramework, cSpec, C.int64_t(step))
	})
}

// LogArtifact logs a file or folder, copied, as an artifact of Polyaxon kind kind ("" means
// "file"; for instance "data", "dir", "tensor") (plx_log_artifact). With a step it becomes the
// versioned asset assets/<kind>/<name>_<step>[.<ext>] and a row of events/<kind>/<name>.plx;
// with NoStep it is copied into outputs/ and recorded as a ref only.
//
// Errors: ErrInvalidArgument (unknown kind, or an event kind such as "text"), ErrNotFound.
func (r *Run) LogArtifact(name, path, kind string, step int64) error {
	const op = "plx_log_artifact"
	cName, cPath, cKind, err := fileArgs(op, name, path, "kind", kind)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_artifact(h, cName, cPath, cKind, C.int64_t(step))
	})
}

// LogDataframeFile copies a table saved as CSV (.csv) or HTML (.html, .htm) as a versioned
// dataframe asset (plx_log_dataframe_file).
//
// Errors: ErrInvalidArgument (another extension), ErrNotFound.
func (r *Run) LogDataframeFile(name, path string, step int64) error {
	const op = "plx_log_dataframe_file"
	cName, cPath, _, err := fileArgs(op, name, path, "", "")
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_dataframe_file(h, cName, cPath, C.int64_t(step))
	})
}

// LogDataframeCSV logs a table given as CSV text as a versioned dataframe asset (.csv)
// (plx_log_dataframe_csv).
//
// Errors: ErrEmpty (empty text).
func (r *Run) LogDataframeCSV(name, csv string, step int64) error {
	const op = "plx_log_dataframe_csv"
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	cCSV, err := cString(op, "csv", csv, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_dataframe_csv(h, cName, cCSV, C.int64_t(step))
	})
}

func fileArgs(op, name, path, extraWhat, extra string) (cName, cPath, cExtra *C.char,
	err error) {
	if cName, err = cOptional(op, "name", name); err != nil {
		return
	}
	if cPath, err = cString(op, "path", path, nil); err != nil {
		return
	}
	cExtra, err = cOptional(op, extraWhat, extra)
	return
}
