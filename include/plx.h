/*
 * plx.h: Polyaxon run tracking for native code.
 *
 * Generated from the Rust sources by cbindgen; do not edit by hand.
 * Regenerate with: PLX_BLESS=1 cargo test --test header
 *
 * Conventions (see README.md, "API conventions"):
 * - Runs are named by plx_run handles; 0 is never valid and handles are never reused.
 * - Every fallible function returns a plx_status: PLX_OK (0) or a PLX_ERR_* code. The message
 *   of the last failure on the calling thread is read with plx_last_error_message().
 * - Strings in are NUL-terminated UTF-8. Strings out use one protocol: the caller passes a
 *   buffer and its size, the length needed (without the NUL) is reported through out_len, and
 *   the text is written only when it fits; a NULL buffer with size 0 is a size query.
 * - Outputs are written only on success. Every function is safe to call from any thread.
 * - Pointer arguments are NULL or valid for the duration of the call; NULL is always checked.
 */

#ifndef PLX_H
#define PLX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The version of the header as text. */
#define PLX_VERSION_STRING "0.1.0"


/**
 * The most bins Polyaxon accepts.
 */
#define MAX_BINS 512

/**
 * The longest log line plx writes; longer lines are split into pieces of this size.
 */
#define MAX_LINE_BYTES (32 * 1024)

/**
 * Permissions of the folders plx creates (before the umask), as Polyaxon leaves them.
 */
#define DIR_MODE 493

/**
 * Permissions of the files plx creates (before the umask): never world-writable.
 */
#define FILE_MODE 420

/**
 * The step to pass when an event has no step: it is written as an empty step cell.
 */
#define PLX_NO_STEP INT64_MIN

/**
 * A final status: the run succeeded.
 */
#define PLX_FINAL_SUCCEEDED 1

/**
 * A final status: the run failed.
 */
#define PLX_FINAL_FAILED 2

/**
 * A final status: the run was stopped.
 */
#define PLX_FINAL_STOPPED 3

/**
 * Pass to `plx_run_set_event_time` to give events the current time again.
 */
#define PLX_TIME_NOW INT64_MIN

/**
 * The major version of the header (checked against the library's Cargo.toml by a test).
 */
#define PLX_VERSION_MAJOR 0

/**
 * The minor version of the header.
 */
#define PLX_VERSION_MINOR 1

/**
 * The patch version of the header.
 */
#define PLX_VERSION_PATCH 0

/**
 * The version of the header as one number: major * 10000 + minor * 100 + patch.
 */
#define PLX_VERSION_NUMBER 100

/**
 * The result of a call: `PLX_OK` (0) or one of the `PLX_ERR_*` codes. Values are never reused.
 */
typedef int32_t plx_status;

/**
 * A run handle from the process-wide registry. 0 is never a valid handle, and a handle is
 * never reused after its run is closed.
 */
typedef uint64_t plx_run;

/**
 * The call succeeded.
 */
#define PLX_OK 0

/**
 * A required pointer argument was NULL.
 */
#define PLX_ERR_NULL_ARGUMENT 1

/**
 * A string argument was not valid UTF-8.
 */
#define PLX_ERR_INVALID_UTF8 2

/**
 * An argument was out of range or otherwise unusable.
 */
#define PLX_ERR_INVALID_ARGUMENT 3

/**
 * A name was empty, too long, or has no character Polyaxon keeps.
 */
#define PLX_ERR_INVALID_NAME 4

/**
 * A run uuid was not 32 hex digits.
 */
#define PLX_ERR_INVALID_UUID 5

/**
 * A JSON argument did not parse, or was not the JSON type asked for.
 */
#define PLX_ERR_INVALID_JSON 6

/**
 * A relative path was absolute or left the run folder.
 */
#define PLX_ERR_PATH_ESCAPE 7

/**
 * The run handle is 0 or was never issued.
 */
#define PLX_ERR_INVALID_HANDLE 8

/**
 * The run handle was closed.
 */
#define PLX_ERR_RUN_CLOSED 9

/**
 * The caller's buffer is too small; the length needed was reported.
 */
#define PLX_ERR_BUFFER_TOO_SMALL 10

/**
 * A file system operation failed; the message names the path and the system's reason.
 */
#define PLX_ERR_IO 11

/**
 * The run folder is open already in this process.
 */
#define PLX_ERR_ALREADY_OPEN 12

/**
 * The run already has a final status.
 */
#define PLX_ERR_ALREADY_FINISHED 13

/**
 * An internal error in plx (a bug); the process is unharmed.
 */
#define PLX_ERR_INTERNAL 14

/**
 * Arrays that must agree in length or shape do not.
 */
#define PLX_ERR_SHAPE_MISMATCH 15

/**
 * A source file or folder does not exist.
 */
#define PLX_ERR_NOT_FOUND 16

/**
 * A count or size is zero where data is required.
 */
#define PLX_ERR_EMPTY 17

/**
 * A value is beyond a documented limit (more than 512 histogram bins, a size that overflows).
 */
#define PLX_ERR_LIMIT 18

/**
 * A process-wide facility is held by another run (output capture).
 */
#define PLX_ERR_BUSY 19

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Logs an image from 8-bit pixels: `height` rows of `width` pixels of `channels` values each
 * (1 grey, 3 RGB, 4 RGBA), row by row; `pixels` holds `height * width * channels` bytes. It is
 * written as `assets/image/<name>_<step>.png`.
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_EMPTY` (a zero dimension), `PLX_ERR_LIMIT` (the size
 * overflows), `PLX_ERR_INVALID_ARGUMENT` (channels not 1, 3 or 4), `PLX_ERR_INVALID_NAME`,
 * `PLX_ERR_IO`, and the handle errors.
 */
plx_status plx_log_image(plx_run run,
                         const char *name,
                         const uint8_t *pixels,
                         uint32_t height,
                         uint32_t width,
                         uint32_t channels,
                         int64_t step);

/**
 * Like `plx_log_image`, from float pixels in [0, 1] (scaled to 8 bits; values outside are
 * clipped). A NaN pixel is refused with `PLX_ERR_INVALID_ARGUMENT`.
 */
plx_status plx_log_image_float(plx_run run,
                               const char *name,
                               const float *pixels,
                               uint32_t height,
                               uint32_t width,
                               uint32_t channels,
                               int64_t step);

/**
 * Copies an image file (any format the UI shows: PNG, JPEG, GIF...) as a versioned asset,
 * keeping its extension.
 */
plx_status plx_log_image_file(plx_run run, const char *name, const char *path, int64_t step);

/**
 * Logs audio from float samples in [-1, 1] (values outside are clipped), `frames` frames of
 * `channels` interleaved samples, as a 16-bit WAV file `assets/audio/<name>_<step>.wav`.
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_EMPTY` (no frame, no channel, or a sample rate of
 * 0), `PLX_ERR_LIMIT`, `PLX_ERR_INVALID_ARGUMENT` (a NaN sample), `PLX_ERR_INVALID_NAME`,
 * `PLX_ERR_IO`, and the handle errors.
 */
plx_status plx_log_audio(plx_run run,
                         const char *name,
                         const float *samples,
                         size_t frames,
                         uint32_t channels,
                         uint32_t sample_rate,
                         int64_t step);

/**
 * Like `plx_log_audio`, from 16-bit samples, written unchanged.
 */
plx_status plx_log_audio_int16(plx_run run,
                               const char *name,
                               const int16_t *samples,
                               size_t frames,
                               uint32_t channels,
                               uint32_t sample_rate,
                               int64_t step);

/**
 * Copies an audio file as a versioned asset. `content_type` (NULL to leave out) is recorded as
 * given, for instance `"audio/wav"`.
 */
plx_status plx_log_audio_file(plx_run run,
                              const char *name,
                              const char *path,
                              const char *content_type,
                              int64_t step);

/**
 * Copies a video file as a versioned asset. `content_type` NULL means the file's extension
 * (`"mp4"`, `"gif"`...).
 */
plx_status plx_log_video_file(plx_run run,
                              const char *name,
                              const char *path,
                              const char *content_type,
                              int64_t step);

/**
 * Logs a model file or a whole model folder (copied). With a step it becomes the versioned
 * asset `assets/model/<name>_<step>[.<ext>]` and a row of `events/model/<name>.plx` with the
 * `framework` (NULL to leave out) and `spec_json` (NULL, or a JSON object describing the
 * model). With `PLX_NO_STEP` it is copied into `outputs/` and recorded as a model ref only,
 * with the spec merged into its summary, as Polyaxon does.
 *
 * Errors: `PLX_ERR_NOT_FOUND`, `PLX_ERR_INVALID_JSON`, `PLX_ERR_NULL_ARGUMENT`,
 * `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the handle errors.
 */
plx_status plx_log_model(plx_run run,
                         const char *name,
                         const char *path,
                         const char *framework,
                         const char *spec_json,
                         int64_t step);

/**
 * Logs a file or folder (copied) as an artifact of Polyaxon kind `kind` (NULL means `"file"`;
 * for instance `"data"`, `"dir"`, `"tensor"`). With a step it becomes the versioned asset
 * `assets/<kind>/<name>_<step>[.<ext>]` and a row of `events/<kind>/<name>.plx`; with
 * `PLX_NO_STEP` it is copied into `outputs/` and recorded as a ref only.
 *
 * Errors: `PLX_ERR_INVALID_ARGUMENT` (unknown kind, or an event kind such as `"text"`),
 * `PLX_ERR_NOT_FOUND`, `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the
 * handle errors.
 */
plx_status plx_log_artifact(plx_run run,
                            const char *name,
                            const char *path,
                            const char *kind,
                            int64_t step);

/**
 * Copies a table saved as CSV (`.csv`) or HTML (`.html`, `.htm`) as a versioned dataframe asset.
 *
 * Errors: `PLX_ERR_INVALID_ARGUMENT` (another extension), `PLX_ERR_NOT_FOUND`,
 * `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the handle errors.
 */
plx_status plx_log_dataframe_file(plx_run run, const char *name, const char *path, int64_t step);

/**
 * Logs a table given as CSV text as a versioned dataframe asset (`.csv`).
 *
 * Errors: `PLX_ERR_EMPTY` (empty text), `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`,
 * `PLX_ERR_INVALID_NAME`, `PLX_ERR_IO`, and the handle errors.
 */
plx_status plx_log_dataframe_csv(plx_run run, const char *name, const char *csv_text, int64_t step);

/**
 * Records a reference to an artifact of any Polyaxon kind at `path`.
 *
 * `kind` NULL means `"file"`; otherwise one of Polyaxon's artifact kinds (`model`, `data`,
 * `dir`, `file`, `tensorboard`, ...). `name` NULL means the base name of `path` before its
 * first dot. `is_input` marks an input of the run rather than an output.
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT` (path), `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_ARGUMENT`
 * (unknown kind, empty path), `PLX_ERR_INVALID_NAME`, `PLX_ERR_INVALID_JSON`, `PLX_ERR_IO`
 * (hashing failed), `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`. Thread-safe.
 */
plx_status plx_log_artifact_ref(plx_run run,
                                const char *path,
                                const char *kind,
                                const char *name,
                                const char *summary_json,
                                bool is_input);

/**
 * Records a reference to a model file or folder. `framework` (NULL to leave out) goes into the
 * summary; the run's `has_model` flag is set. Other arguments as `plx_log_artifact_ref`.
 */
plx_status plx_log_model_ref(plx_run run,
                             const char *path,
                             const char *name,
                             const char *framework,
                             const char *summary_json,
                             bool is_input);

/**
 * Records a reference to a file (kind `file`). Arguments as `plx_log_artifact_ref`.
 */
plx_status plx_log_file_ref(plx_run run,
                            const char *path,
                            const char *name,
                            const char *summary_json,
                            bool is_input);

/**
 * Records a reference to a folder (kind `dir`); its hash covers every file under it. `name`
 * NULL means the folder's own name.
 */
plx_status plx_log_dir_ref(plx_run run,
                           const char *path,
                           const char *name,
                           const char *summary_json,
                           bool is_input);

/**
 * Records a reference to a data set (kind `data`), by `name`, which is required. `path` (a
 * file, folder or URI) and `hash` (any opaque text) may each be NULL; with neither, the entry
 * holds only the name and summary. Data refs are usually inputs.
 */
plx_status plx_log_data_ref(plx_run run,
                            const char *name,
                            const char *path,
                            const char *hash,
                            const char *summary_json,
                            bool is_input);

/**
 * Records the code the run was built from (kind `coderef`, an input, named by its commit).
 * `commit` is required; `branch` and `url` may be NULL.
 */
plx_status plx_log_code_ref(plx_run run,
                            const char *commit,
                            const char *branch,
                            const char *url,
                            bool is_dirty);

/**
 * Records a TensorBoard log folder (kind `tensorboard`, not hashed); `name` NULL means
 * `"tensorboard"`. The run's `has_tensorboard` flag is set.
 */
plx_status plx_log_tensorboard_ref(plx_run run, const char *path, const char *name);

/**
 * Logs a metric value at `step` (or `PLX_NO_STEP`) with the current time, as a row of
 * `events/metric/<name>.plx`. `name` is sanitised as Polyaxon sanitises it (`train/loss`
 * becomes `train__loss`). Any double is accepted, NaN and infinities included. The row is
 * formatted now and written by the run's background writer.
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_NAME` (empty, over
 * 200 bytes, or nothing left after sanitising), `PLX_ERR_INVALID_HANDLE`,
 * `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO` (an earlier background write failed; its message names
 * the file). Thread-safe.
 */
plx_status plx_log_metric(plx_run run, const char *name, double value, int64_t step);

/**
 * Logs `count` metrics at one step and one time: `names[i]` takes `values[i]`. When any name
 * is refused, nothing is logged. `count` 0 logs nothing and succeeds.
 *
 * Errors: those of `plx_log_metric`; `PLX_ERR_NULL_ARGUMENT` also for a NULL array or element.
 */
plx_status plx_log_metrics(plx_run run,
                           const char *const *names,
                           const double *values,
                           size_t count,
                           int64_t step);

/**
 * Logs a text as a row of `events/text/<name>.plx`. Any UTF-8 text is kept exactly: quotes,
 * newlines, `|` and non-ASCII characters included.
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_NAME`, and the handle
 * and I/O errors of `plx_log_metric`.
 */
plx_status plx_log_text(plx_run run, const char *name, const char *text, int64_t step);

/**
 * Logs an HTML fragment as a row of `events/html/<name>.plx`, as `plx_log_text` does.
 */
plx_status plx_log_html(plx_run run, const char *name, const char *html, int64_t step);

/**
 * Bins `count` raw values into `bins` equal-width bins (from the smallest to the largest value,
 * as numpy does) and logs the histogram.
 *
 * Errors: `PLX_ERR_EMPTY` (`count` or `bins` is 0), `PLX_ERR_LIMIT` (more than 512 bins),
 * `PLX_ERR_INVALID_ARGUMENT` (a NaN or infinite value), `PLX_ERR_NULL_ARGUMENT`, and those of
 * `plx_log_metric`.
 */
plx_status plx_log_histogram(plx_run run,
                             const char *name,
                             const double *values,
                             size_t count,
                             uint32_t bins,
                             int64_t step);

/**
 * Logs a histogram already binned: `counts[i]` values fell between `edges[i]` and
 * `edges[i + 1]`; `edges` holds `bin_count + 1` increasing values.
 *
 * Errors: `PLX_ERR_EMPTY`, `PLX_ERR_LIMIT` (more than 512 bins), `PLX_ERR_INVALID_ARGUMENT`
 * (edges decreasing, NaN or infinity), `PLX_ERR_NULL_ARGUMENT`, and those of `plx_log_metric`.
 */
plx_status plx_log_histogram_counts(plx_run run,
                                    const char *name,
                                    const double *counts,
                                    const double *edges,
                                    size_t bin_count,
                                    int64_t step);

/**
 * Logs a ROC curve of `count` points: false positive rates `fpr` and true positive rates `tpr`,
 * with the area under it as its annotation (`auc` NaN for none).
 *
 * Errors: `PLX_ERR_EMPTY` (`count` 0), `PLX_ERR_INVALID_ARGUMENT` (NaN or infinity in a point),
 * `PLX_ERR_NULL_ARGUMENT`, and those of `plx_log_metric`.
 */
plx_status plx_log_roc_curve(plx_run run,
                             const char *name,
                             const double *fpr,
                             const double *tpr,
                             size_t count,
                             double auc,
                             int64_t step);

/**
 * Logs a precision-recall curve of `count` points, with the average precision as its
 * annotation (`average_precision` NaN for none). Errors as `plx_log_roc_curve`.
 */
plx_status plx_log_pr_curve(plx_run run,
                            const char *name,
                            const double *precision,
                            const double *recall,
                            size_t count,
                            double average_precision,
                            int64_t step);

/**
 * Logs a custom curve through the points (`x[i]`, `y[i]`), with an annotation (NULL for none).
 * Errors as `plx_log_roc_curve`.
 */
plx_status plx_log_curve(plx_run run,
                         const char *name,
                         const double *x,
                         const double *y,
                         size_t count,
                         const char *annotation,
                         int64_t step);

/**
 * Logs a confusion matrix: `z` holds `rows * cols` cells row by row; Polyaxon needs as many x
 * labels, y labels, rows and columns. Whole-number cells are written as integers.
 *
 * Errors: `PLX_ERR_SHAPE_MISMATCH` (the counts differ), `PLX_ERR_EMPTY`,
 * `PLX_ERR_INVALID_ARGUMENT` (a NaN or infinite cell), `PLX_ERR_NULL_ARGUMENT`, and those of
 * `plx_log_metric`.
 */
plx_status plx_log_confusion_matrix(plx_run run,
                                    const char *name,
                                    const char *const *x_labels,
                                    size_t x_count,
                                    const char *const *y_labels,
                                    size_t y_count,
                                    const double *z,
                                    size_t rows,
                                    size_t cols,
                                    int64_t step);

/**
 * Logs a chart: `figure_json` is the figure as JSON text (a Vega or Vega-Lite spec for
 * `chart_kind` `"vega"`, or a Plotly or Bokeh figure for `"plotly"` or `"bokeh"`); `chart_kind`
 * NULL means `"vega"`.
 *
 * Errors: `PLX_ERR_INVALID_JSON` (not a JSON object), `PLX_ERR_INVALID_ARGUMENT` (unknown kind),
 * `PLX_ERR_NULL_ARGUMENT`, and those of `plx_log_metric`.
 */
plx_status plx_log_chart(plx_run run,
                         const char *name,
                         const char *chart_kind,
                         const char *figure_json,
                         int64_t step);

/**
 * Appends text to the run's log, `plxlogs/logs.jsonl`, one Polyaxon log row per line (line
 * breaks split the text; empty lines are left out; lines over 32 KiB are split).
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_HANDLE`,
 * `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO` (an earlier background write failed). Thread-safe.
 */
plx_status plx_log_line(plx_run run, const char *text);

/**
 * Copies everything the process writes to its file descriptors 1 and 2 (C `printf`, C++
 * streams, Go and Julia output alike) into the run's log, line by line, while it still reaches
 * the original terminal or file. It lasts until `plx_run_stop_output_capture` or close, which
 * flush C's stdio buffers and restore both descriptors exactly. `plx_run_flush` also drains the
 * capture. When stdout and stderr lead to the same file their lines keep their exact order;
 * otherwise each keeps its own. Starting it twice is harmless. Capture is process-wide: only one
 * run may capture at a time.
 *
 * Errors: `PLX_ERR_BUSY` (another run captures), `PLX_ERR_IO`, `PLX_ERR_INVALID_HANDLE`,
 * `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_run_start_output_capture(plx_run run);

/**
 * Stops the output capture of the run and restores descriptors 1 and 2; harmless when the run
 * does not capture.
 *
 * Errors: `PLX_ERR_IO` (a descriptor could not be restored), `PLX_ERR_INVALID_HANDLE`,
 * `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_run_stop_output_capture(plx_run run);

/**
 * Samples system resources every `interval_ms` milliseconds (10 to 86 400 000; Polyaxon uses
 * 10 000) into `resources/metric/`: `cpu` and `memory` (percent), `load` (1-minute load
 * average), `process_cpu` (percent of one core) and `process_memory` (resident bytes) of this
 * process, and, when an NVIDIA driver is present, `gpu_<i>_utilization`,
 * `gpu_<i>_memory_used` and `gpu_<i>_memory_free` (bytes). The first sample is taken at once.
 * Calling it again changes the interval. Sampling stops at close.
 *
 * Errors: `PLX_ERR_INVALID_ARGUMENT` (interval), `PLX_ERR_IO`, `PLX_ERR_INVALID_HANDLE`,
 * `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_run_start_resource_sampling(plx_run run, uint32_t interval_ms);

/**
 * Stops sampling system resources; harmless when the run does not sample.
 *
 * Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_run_stop_resource_sampling(plx_run run);

/**
 * Merges a JSON object into the run's inputs (its parameters). Keys are sanitised as event
 * names are; a key logged again takes the new value.
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_JSON` (not a JSON
 * object), `PLX_ERR_INVALID_NAME` (a key), `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_log_inputs(plx_run run, const char *json_object);

/**
 * Merges a JSON object into the run's outputs, as `plx_log_inputs` does for inputs. At close
 * the last value of each metric is added too.
 */
plx_status plx_log_outputs(plx_run run, const char *json_object);

/**
 * Sets one numeric input. NaN and infinities are refused (`PLX_ERR_INVALID_ARGUMENT`).
 */
plx_status plx_log_input_number(plx_run run, const char *name, double value);

/**
 * Sets one text input.
 */
plx_status plx_log_input_string(plx_run run, const char *name, const char *value);

/**
 * Sets one numeric output. NaN and infinities are refused (`PLX_ERR_INVALID_ARGUMENT`).
 */
plx_status plx_log_output_number(plx_run run, const char *name, double value);

/**
 * Sets one text output.
 */
plx_status plx_log_output_string(plx_run run, const char *name, const char *value);

/**
 * Adds `count` tags to the run; tags it has already are not repeated. An empty tag is refused
 * (`PLX_ERR_INVALID_ARGUMENT`) and then no tag of the call is added.
 */
plx_status plx_log_tags(plx_run run, const char *const *tags, size_t count);

/**
 * Sets the run's display name.
 */
plx_status plx_set_name(plx_run run, const char *name);

/**
 * Sets the run's description; NULL removes it.
 */
plx_status plx_set_description(plx_run run, const char *description);

/**
 * Merges a JSON object into the run's `meta_info`.
 */
plx_status plx_log_meta(plx_run run, const char *json_object);

/**
 * Sets the run's progress, from 0 to 1 (`meta_info.progress`).
 *
 * Errors: `PLX_ERR_INVALID_ARGUMENT` outside [0, 1] or NaN, and the handle errors.
 */
plx_status plx_log_progress(plx_run run, double progress);

/**
 * Gives the run its final status: `PLX_FINAL_SUCCEEDED`, `PLX_FINAL_FAILED` or
 * `PLX_FINAL_STOPPED`, with a message (NULL for Polyaxon's default text). Close then keeps this
 * status instead of marking the run succeeded. Logging continues to work until close.
 *
 * Errors: `PLX_ERR_INVALID_ARGUMENT` (unknown status), `PLX_ERR_ALREADY_FINISHED` (a final status
 * was given already), `PLX_ERR_INVALID_UTF8`, and the handle errors.
 */
plx_status plx_log_final_status(plx_run run, int32_t status, const char *message);

/**
 * Opens a run and writes its handle to `*out_run`.
 *
 * `root` is the offline root; the run folder is `<root>/runs/<uuid>`. NULL means
 * `$POLYAXON_OFFLINE_ROOT`, else `/tmp/plx/offline`. Inside a Polyaxon-managed job
 * (`$POLYAXON_RUN_INSTANCE` set) a NULL `root` and NULL `uuid` open that job's run in its
 * context folder (`$POLYAXON_CONTEXT_ROOT`, default `/plx-context`, then `artifacts/<uuid>`).
 * `project` is `"owner/project"` or `"project"`; NULL means `"default/default"`.
 * `uuid` is 32 hex digits (dashes allowed); NULL creates a new run. A uuid whose folder holds
 * a run resumes it: its metadata and lineage are reloaded and its event files appended to.
 * When open returns, the folders `outputs/`, `assets/`, `events/`, `plxlogs/` and `resources/`
 * exist. `*out_run` is written only on success.
 *
 * Errors: `PLX_ERR_NULL_ARGUMENT` (out_run), `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_UUID`,
 * `PLX_ERR_INVALID_ARGUMENT` (project, empty root), `PLX_ERR_ALREADY_OPEN` (the same run is open
 * in this process), `PLX_ERR_INVALID_JSON` (a resumed run's metadata is corrupt), `PLX_ERR_IO`.
 * Thread-safe.
 */
plx_status plx_run_open(const char *root, const char *project, const char *uuid, plx_run *out_run);

/**
 * Closes a run: writes every pending event, fsyncs the event files, adds one lineage entry
 * per event file and each metric's last value to the outputs, marks the run succeeded unless
 * a final status was logged, and writes `run.plx.json` and `lineages.plx.json`. The handle is
 * retired whatever the outcome; a second close returns `PLX_ERR_RUN_CLOSED`.
 *
 * Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO` (the run is still closed
 * and everything that could be written was). Thread-safe; calls racing with the close on the
 * same handle either complete before it or return `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_run_close(plx_run run);

/**
 * Writes every event logged so far to disk, and the run's metadata and lineage files, before
 * returning. Background flushes happen anyway (every second by default).
 *
 * Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO`. Thread-safe.
 */
plx_status plx_run_flush(plx_run run);

/**
 * Sets how often the run's background writer flushes, in milliseconds (1 to 3 600 000; the
 * default is 1000).
 *
 * Errors: `PLX_ERR_INVALID_ARGUMENT`, `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_run_set_flush_interval(plx_run run, uint32_t milliseconds);

/**
 * Copies the run's uuid (32 hex digits) into `buf` with the string-out protocol: the length
 * without the NUL goes to `*out_len` (when not NULL); the text and a NUL are written only when
 * `buf_len` is enough; a NULL `buf` with `buf_len` 0 is a size query.
 *
 * Errors: `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`, `PLX_ERR_BUFFER_TOO_SMALL`,
 * `PLX_ERR_NULL_ARGUMENT` (NULL `buf` with a non-zero `buf_len`).
 */
plx_status plx_run_uuid(plx_run run, char *buf, size_t buf_len, size_t *out_len);

/**
 * Gives the absolute path of `rel_path` inside the run folder, with the string-out protocol
 * of `plx_run_uuid`. `rel_path` NULL or `""` gives the run folder itself. When the path is
 * written into `buf`, its parent folders are created (not for a size query). The program
 * writes the file itself; record it with a ref call.
 *
 * Errors: `PLX_ERR_PATH_ESCAPE` (absolute, or `..` in `rel_path`), `PLX_ERR_INVALID_UTF8`,
 * `PLX_ERR_IO`, `PLX_ERR_BUFFER_TOO_SMALL`, and those of `plx_run_uuid`.
 */
plx_status plx_artifacts_path(plx_run run,
                              const char *rel_path,
                              char *buf,
                              size_t buf_len,
                              size_t *out_len);

/**
 * Like `plx_artifacts_path`, under the run's `outputs/` folder.
 */
plx_status plx_outputs_path(plx_run run,
                            const char *rel_path,
                            char *buf,
                            size_t buf_len,
                            size_t *out_len);

/**
 * Sets the time given to every event the run logs from now on, in microseconds since the Unix
 * epoch (UTC), for programs that replay or import past data; `PLX_TIME_NOW` goes back to the
 * clock. The setting belongs to the run, not the thread: threads that log into the same run
 * share it.
 *
 * Errors: `PLX_ERR_INVALID_ARGUMENT` (outside the years 1 to 9999), `PLX_ERR_INVALID_HANDLE`,
 * `PLX_ERR_RUN_CLOSED`.
 */
plx_status plx_run_set_event_time(plx_run run, int64_t unix_micros);

/**
 * Installs handlers for SIGTERM, SIGINT and SIGHUP (runs are marked stopped) and SIGABRT, as
 * raised by `abort()` (runs are marked failed): each open run is flushed and closed, and the
 * signal goes on to the handler installed before, or to its default action once the runs are
 * closed. A signal the program ignores is left ignored. Without this call plx installs no
 * signal handler. Calling it again does nothing. Programs that install their own handlers
 * afterwards replace these. Calls made after the runs were closed return `PLX_ERR_RUN_CLOSED`.
 *
 * Errors: `PLX_ERR_IO` (the pipes, the thread or `sigaction` failed).
 */
plx_status plx_install_signal_handlers(void);

/**
 * The version of the library that is linked, as major * 10000 + minor * 100 + patch. Compare
 * it with `PLX_VERSION_NUMBER` to detect a header and library mismatch. Before 1.0 there is no
 * ABI stability between minor versions.
 */
uint32_t plx_version_number(void);

/**
 * The static text of a status code (never NULL; not to be freed). Unknown codes give
 * "unknown status code".
 */
const char *plx_status_str(plx_status status);

/**
 * Copies the message of the last failed call on this thread into `buf`, with the string-out
 * protocol of `plx_run_uuid`. The message names the argument or path involved. Every call
 * clears the message on entry, so read it right after the failing call; this function itself
 * leaves it in place. The message is empty (length 0) after a successful call.
 *
 * Errors: `PLX_ERR_BUFFER_TOO_SMALL` (the length needed is still reported),
 * `PLX_ERR_NULL_ARGUMENT` (NULL `buf` with a non-zero `buf_len`).
 */
plx_status plx_last_error_message(char *buf, size_t buf_len, size_t *out_len);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* PLX_H */
