//! Exports that log events.

use std::ffi::c_char;

use super::boundary::call;
use super::strings::{array, optional, required, string_array};
use super::{plx_run, plx_status, step_arg};
use crate::core::events::curve::{score_annotation, CurveKind};
use crate::core::events::{chart, confusion, curve, histogram, EventKind, Payload};
use crate::core::{registry, Error, ErrorKind, Result};

/// Logs a metric value at `step` (or `PLX_NO_STEP`) with the current time, as a row of
/// `events/metric/<name>.plx`. `name` is sanitised as Polyaxon sanitises it (`train/loss`
/// becomes `train__loss`). Any double is accepted, NaN and infinities included. The row is
/// formatted now and written by the run's background writer.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_NAME` (empty, over
/// 200 bytes, or nothing left after sanitising), `PLX_ERR_INVALID_HANDLE`,
/// `PLX_ERR_RUN_CLOSED`, `PLX_ERR_IO` (an earlier background write failed; its message names
/// the file). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn plx_log_metric(
    run: plx_run,
    name: *const c_char,
    value: f64,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `name`.
        let name = unsafe { required(name, "name") }?;
        registry::with_run(run, |run| run.log_metric(name, value, step_arg(step)))
    })
}

/// Logs `count` metrics at one step and one time: `names[i]` takes `values[i]`. When any name
/// is refused, nothing is logged. `count` 0 logs nothing and succeeds.
///
/// Errors: those of `plx_log_metric`; `PLX_ERR_NULL_ARGUMENT` also for a NULL array or element.
#[no_mangle]
pub unsafe extern "C" fn plx_log_metrics(
    run: plx_run,
    names: *const *const c_char,
    values: *const f64,
    count: usize,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both arrays of `count` items.
        let (names, values) = unsafe {
            (
                string_array(names, count, "names")?,
                array(values, count, "values")?,
            )
        };
        registry::with_run(run, |run| run.log_metrics(&names, values, step_arg(step)))
    })
}

/// Logs a text as a row of `events/text/<name>.plx`. Any UTF-8 text is kept exactly: quotes,
/// newlines, `|` and non-ASCII characters included.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT`, `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_NAME`, and the handle
/// and I/O errors of `plx_log_metric`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_text(
    run: plx_run,
    name: *const c_char,
    text: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both strings.
        let (name, text) = unsafe { (required(name, "name")?, required(text, "text")?) };
        let payload = Payload::Text(text.to_string());
        registry::get(run)?.log_event(EventKind::TEXT, name, step_arg(step), &payload)
    })
}

/// Logs an HTML fragment as a row of `events/html/<name>.plx`, as `plx_log_text` does.
#[no_mangle]
pub unsafe extern "C" fn plx_log_html(
    run: plx_run,
    name: *const c_char,
    html: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers both strings.
        let (name, html) = unsafe { (required(name, "name")?, required(html, "html")?) };
        let payload = Payload::Text(html.to_string());
        registry::get(run)?.log_event(EventKind::HTML, name, step_arg(step), &payload)
    })
}

/// Bins `count` raw values into `bins` equal-width bins (from the smallest to the largest value,
/// as numpy does) and logs the histogram.
///
/// Errors: `PLX_ERR_EMPTY` (`count` or `bins` is 0), `PLX_ERR_LIMIT` (more than 512 bins),
/// `PLX_ERR_INVALID_ARGUMENT` (a NaN or infinite value), `PLX_ERR_NULL_ARGUMENT`, and those of
/// `plx_log_metric`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_histogram(
    run: plx_run,
    name: *const c_char,
    values: *const f64,
    count: usize,
    bins: u32,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `name` and the array of `count` values.
        let (name, values) = unsafe { (required(name, "name")?, array(values, count, "values")?) };
        let payload = Payload::Object(histogram::from_values(values, bins as usize)?);
        registry::get(run)?.log_event(EventKind::HISTOGRAM, name, step_arg(step), &payload)
    })
}

/// Logs a histogram already binned: `counts[i]` values fell between `edges[i]` and
/// `edges[i + 1]`; `edges` holds `bin_count + 1` increasing values.
///
/// Errors: `PLX_ERR_EMPTY`, `PLX_ERR_LIMIT` (more than 512 bins), `PLX_ERR_INVALID_ARGUMENT`
/// (edges decreasing, NaN or infinity), `PLX_ERR_NULL_ARGUMENT`, and those of `plx_log_metric`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_histogram_counts(
    run: plx_run,
    name: *const c_char,
    counts: *const f64,
    edges: *const f64,
    bin_count: usize,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `name` and both arrays.
        let (name, counts, edges) = unsafe {
            let edge_count = bin_count.saturating_add(1);
            (
                required(name, "name")?,
                array(counts, bin_count, "counts")?,
                if bin_count == 0 {
                    &[][..]
                } else {
                    array(edges, edge_count, "edges")?
                },
            )
        };
        let payload = Payload::Object(histogram::from_counts(counts, edges)?);
        registry::get(run)?.log_event(EventKind::HISTOGRAM, name, step_arg(step), &payload)
    })
}

/// The points of a curve, read from C.
struct CurvePoints<'a> {
    name: &'a str,
    x: &'a [f64],
    y: &'a [f64],
}

impl<'a> CurvePoints<'a> {
    unsafe fn read(
        name: *const c_char,
        x: *const f64,
        y: *const f64,
        count: usize,
    ) -> Result<Self> {
        // SAFETY: forwarded contract.
        unsafe {
            Ok(CurvePoints {
                name: required(name, "name")?,
                x: array(x, count, "x")?,
                y: array(y, count, "y")?,
            })
        }
    }

    fn log(self, run: plx_run, kind: CurveKind, annotation: Option<&str>, step: i64) -> Result<()> {
        let payload = Payload::Object(curve::payload(kind, self.x, self.y, annotation)?);
        registry::get(run)?.log_event(EventKind::CURVE, self.name, step_arg(step), &payload)
    }
}

/// Logs a ROC curve of `count` points: false positive rates `fpr` and true positive rates `tpr`,
/// with the area under it as its annotation (`auc` NaN for none).
///
/// Errors: `PLX_ERR_EMPTY` (`count` 0), `PLX_ERR_INVALID_ARGUMENT` (NaN or infinity in a point),
/// `PLX_ERR_NULL_ARGUMENT`, and those of `plx_log_metric`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_roc_curve(
    run: plx_run,
    name: *const c_char,
    fpr: *const f64,
    tpr: *const f64,
    count: usize,
    auc: f64,
    step: i64,
) -> plx_status {
    call(|| {
        let annotation = score_annotation(auc);
        // SAFETY: the export's contract covers `name` and both arrays.
        let points = unsafe { CurvePoints::read(name, fpr, tpr, count) }?;
        points.log(run, CurveKind::Roc, annotation.as_deref(), step)
    })
}

/// Logs a precision-recall curve of `count` points, with the average precision as its
/// annotation (`average_precision` NaN for none). Errors as `plx_log_roc_curve`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_pr_curve(
    run: plx_run,
    name: *const c_char,
    precision: *const f64,
    recall: *const f64,
    count: usize,
    average_precision: f64,
    step: i64,
) -> plx_status {
    call(|| {
        let annotation = score_annotation(average_precision);
        // SAFETY: the export's contract covers `name` and both arrays.
        let points = unsafe { CurvePoints::read(name, precision, recall, count) }?;
        points.log(run, CurveKind::Pr, annotation.as_deref(), step)
    })
}

/// Logs a custom curve through the points (`x[i]`, `y[i]`), with an annotation (NULL for none).
/// Errors as `plx_log_roc_curve`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_curve(
    run: plx_run,
    name: *const c_char,
    x: *const f64,
    y: *const f64,
    count: usize,
    annotation: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every pointer.
        let (points, annotation) = unsafe {
            (
                CurvePoints::read(name, x, y, count)?,
                optional(annotation, "annotation")?,
            )
        };
        points.log(run, CurveKind::Custom, annotation, step)
    })
}

/// Logs a confusion matrix: `z` holds `rows * cols` cells row by row; Polyaxon needs as many x
/// labels, y labels, rows and columns. Whole-number cells are written as integers.
///
/// Errors: `PLX_ERR_SHAPE_MISMATCH` (the counts differ), `PLX_ERR_EMPTY`,
/// `PLX_ERR_INVALID_ARGUMENT` (a NaN or infinite cell), `PLX_ERR_NULL_ARGUMENT`, and those of
/// `plx_log_metric`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_confusion_matrix(
    run: plx_run,
    name: *const c_char,
    x_labels: *const *const c_char,
    x_count: usize,
    y_labels: *const *const c_char,
    y_count: usize,
    z: *const f64,
    rows: usize,
    cols: usize,
    step: i64,
) -> plx_status {
    call(|| {
        let cells = rows
            .checked_mul(cols)
            .ok_or_else(|| Error::new(ErrorKind::Limit, "rows * cols overflows"))?;
        // SAFETY: the export's contract covers `name` and the three arrays.
        let (name, x, y, z) = unsafe {
            (
                required(name, "name")?,
                string_array(x_labels, x_count, "x_labels")?,
                string_array(y_labels, y_count, "y_labels")?,
                array(z, cells, "z")?,
            )
        };
        let payload = Payload::Object(confusion::payload(&x, &y, z, rows, cols)?);
        registry::get(run)?.log_event(EventKind::CONFUSION, name, step_arg(step), &payload)
    })
}

/// Logs a chart: `figure_json` is the figure as JSON text (a Vega or Vega-Lite spec for
/// `chart_kind` `"vega"`, or a Plotly or Bokeh figure for `"plotly"` or `"bokeh"`); `chart_kind`
/// NULL means `"vega"`.
///
/// Errors: `PLX_ERR_INVALID_JSON` (not a JSON object), `PLX_ERR_INVALID_ARGUMENT` (unknown kind),
/// `PLX_ERR_NULL_ARGUMENT`, and those of `plx_log_metric`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_chart(
    run: plx_run,
    name: *const c_char,
    chart_kind: *const c_char,
    figure_json: *const c_char,
    step: i64,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every string.
        let (name, kind, figure) = unsafe {
            (
                required(name, "name")?,
                optional(chart_kind, "chart_kind")?,
                required(figure_json, "figure_json")?,
            )
        };
        let payload = Payload::Text(chart::text(kind.unwrap_or("vega"), figure)?);
        registry::get(run)?.log_event(EventKind::CHART, name, step_arg(step), &payload)
    })
}
