package plx

/*
#include "plx.h"

#cgo noescape plx_log_metric
#cgo nocallback plx_log_metric
#cgo noescape plx_log_metrics
#cgo nocallback plx_log_metrics
#cgo noescape plx_log_text
#cgo nocallback plx_log_text
#cgo noescape plx_log_html
#cgo nocallback plx_log_html
#cgo noescape plx_log_histogram
#cgo nocallback plx_log_histogram
#cgo noescape plx_log_histogram_counts
#cgo nocallback plx_log_histogram_counts
#cgo noescape plx_log_roc_curve
#cgo nocallback plx_log_roc_curve
#cgo noescape plx_log_pr_curve
#cgo nocallback plx_log_pr_curve
#cgo noescape plx_log_curve
#cgo nocallback plx_log_curve
#cgo noescape plx_log_confusion_matrix
#cgo nocallback plx_log_confusion_matrix
#cgo noescape plx_log_chart
#cgo nocallback plx_log_chart
*/
import "C"

import (
	"encoding/json"
	"strconv"
)

// Event rows are formatted on the calling goroutine and written by the run's background
// writer; Flush or Close puts them on disk. Names are sanitised as Polyaxon sanitises them
// ("train/loss" is stored as "train__loss"). Every event call may return ErrInvalidName (an
// empty name, one over 200 bytes, or one with nothing left after sanitising), ErrRunClosed,
// and ErrIO (an earlier background write failed; the message names the file).

// LogMetric logs value at step (or NoStep) with the current time, as a row of
// events/metric/<name>.plx (plx_log_metric). Any float64 is accepted, NaN and infinities
// included.
func (r *Run) LogMetric(name string, value float64, step int64) error {
	const op = "plx_log_metric"
	var scratch [128]byte
	cName, err := cString(op, "name", name, scratch[:])
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_metric(h, cName, C.double(value), C.int64_t(step))
	})
}

// LogMetrics logs several metrics at one step and one time (plx_log_metrics). When any name
// is refused, nothing is logged; an empty map logs nothing.
func (r *Run) LogMetrics(values map[string]float64, step int64) error {
	names := make([]string, 0, len(values))
	numbers := make([]float64, 0, len(values))
	for name, value := range values {
		names = append(names, name)
		numbers = append(numbers, value)
	}
	return r.LogMetricsSlices(names, numbers, step)
}

// LogMetricsSlices is LogMetrics with parallel slices: names[i] takes values[i].
//
// Errors: ErrShapeMismatch (the slices differ in length), and those of LogMetrics.
func (r *Run) LogMetricsSlices(names []string, values []float64, step int64) error {
	const op = "plx_log_metrics"
	if len(names) != len(values) {
		return goError(op, StatusShapeMismatch, lengths("names", len(names), "values", len(values)))
	}
	cNames, err := newCStringArray(op, "names", names)
	if err != nil {
		return err
	}
	defer cNames.free()
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_metrics(h, cNames.ptr(), cDoubles(values), C.size_t(len(values)),
			C.int64_t(step))
	})
}

// LogText logs a text as a row of events/text/<name>.plx (plx_log_text). Any UTF-8 text is
// kept exactly: quotes, newlines, "|" and non-ASCII characters included.
func (r *Run) LogText(name, text string, step int64) error {
	const op = "plx_log_text"
	cName, cText, err := nameAndText(op, name, "text", text)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_text(h, cName, cText, C.int64_t(step))
	})
}

// LogHTML logs an HTML fragment as a row of events/html/<name>.plx (plx_log_html).
func (r *Run) LogHTML(name, html string, step int64) error {
	const op = "plx_log_html"
	cName, cHTML, err := nameAndText(op, name, "html", html)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_html(h, cName, cHTML, C.int64_t(step))
	})
}

func nameAndText(op, name, what, text string) (*C.char, *C.char, error) {
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return nil, nil, err
	}
	cText, err := cString(op, what, text, nil)
	return cName, cText, err
}

// LogHistogram bins values into bins equal-width bins, from the smallest value to the largest
// as numpy does, and logs the histogram (plx_log_histogram).
//
// Errors: ErrEmpty (no value, or bins 0), ErrLimit (more than 512 bins), ErrInvalidArgument (a
// NaN or infinite value, bins negative).
func (r *Run) LogHistogram(name string, values []float64, bins int, step int64) error {
	const op = "plx_log_histogram"
	cBins, err := cUint32(op, "bins", bins)
	if err != nil {
		return err
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_histogram(h, cName, cDoubles(values), C.size_t(len(values)), cBins,
			C.int64_t(step))
	})
}

// LogHistogramCounts logs a histogram already binned (plx_log_histogram_counts): counts[i]
// values fell between edges[i] and edges[i+1], so edges holds one value more than counts.
//
// Errors: ErrShapeMismatch (len(edges) != len(counts)+1), ErrEmpty, ErrLimit (more than 512
// bins), ErrInvalidArgument (edges decreasing, NaN or infinity).
func (r *Run) LogHistogramCounts(name string, counts, edges []float64, step int64) error {
	const op = "plx_log_histogram_counts"
	if len(counts) > 0 && len(edges) != len(counts)+1 {
		return goError(op, StatusShapeMismatch,
			"edges must hold one value more than counts: "+
				lengths("counts", len(counts), "edges", len(edges)))
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_histogram_counts(h, cName, cDoubles(counts), cDoubles(edges),
			C.size_t(len(counts)), C.int64_t(step))
	})
}

// LogROCCurve logs a ROC curve through the points (fpr[i], tpr[i]) with the area under it as
// its annotation (auc NaN for none) (plx_log_roc_curve).
//
// Errors: ErrShapeMismatch (the slices differ in length), ErrEmpty (no point),
// ErrInvalidArgument (NaN or infinity in a point).
func (r *Run) LogROCCurve(name string, fpr, tpr []float64, auc float64, step int64) error {
	const op = "plx_log_roc_curve"
	cName, err := curveArgs(op, name, "fpr", fpr, "tpr", tpr)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_roc_curve(h, cName, cDoubles(fpr), cDoubles(tpr), C.size_t(len(fpr)),
			C.double(auc), C.int64_t(step))
	})
}

// LogPRCurve logs a precision-recall curve with the average precision as its annotation
// (averagePrecision NaN for none) (plx_log_pr_curve). Errors as LogROCCurve.
func (r *Run) LogPRCurve(name string, precision, recall []float64, averagePrecision float64,
	step int64) error {
	const op = "plx_log_pr_curve"
	cName, err := curveArgs(op, name, "precision", precision, "recall", recall)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_pr_curve(h, cName, cDoubles(precision), cDoubles(recall),
			C.size_t(len(precision)), C.double(averagePrecision), C.int64_t(step))
	})
}

// LogCurve logs a custom curve through the points (x[i], y[i]) with an annotation ("" for
// none) (plx_log_curve). Errors as LogROCCurve.
func (r *Run) LogCurve(name string, x, y []float64, annotation string, step int64) error {
	const op = "plx_log_curve"
	cName, err := curveArgs(op, name, "x", x, "y", y)
	if err != nil {
		return err
	}
	cAnnotation, err := cOptional(op, "annotation", annotation)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_curve(h, cName, cDoubles(x), cDoubles(y), C.size_t(len(x)),
			cAnnotation, C.int64_t(step))
	})
}

func curveArgs(op, name, xWhat string, x []float64, yWhat string, y []float64) (*C.char, error) {
	if len(x) != len(y) {
		return nil, goError(op, StatusShapeMismatch, lengths(xWhat, len(x), yWhat, len(y)))
	}
	return cString(op, "name", name, nil)
}

// LogConfusionMatrix logs a confusion matrix (plx_log_confusion_matrix): z[i][j] is the cell
// of row i and column j. Polyaxon needs a square matrix with as many xLabels and as many
// yLabels as rows. Whole-number cells are written as integers.
//
// Errors: ErrShapeMismatch (rows of different lengths, a matrix that is not square, label
// counts that differ from it), ErrEmpty, ErrInvalidArgument (a NaN or infinite cell).
func (r *Run) LogConfusionMatrix(name string, xLabels, yLabels []string, z [][]float64,
	step int64) error {
	const op = "plx_log_confusion_matrix"
	rows, cols := len(z), 0
	if rows > 0 {
		cols = len(z[0])
	}
	cells := make([]float64, 0, rows*cols)
	for i, row := range z {
		if len(row) != cols {
			return goError(op, StatusShapeMismatch, "z: row "+strconv.Itoa(i)+" has "+
				strconv.Itoa(len(row))+" cells but row 0 has "+strconv.Itoa(cols))
		}
		cells = append(cells, row...)
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	cX, err := newCStringArray(op, "xLabels", xLabels)
	if err != nil {
		return err
	}
	defer cX.free()
	cY, err := newCStringArray(op, "yLabels", yLabels)
	if err != nil {
		return err
	}
	defer cY.free()
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_confusion_matrix(h, cName, cX.ptr(), C.size_t(len(xLabels)), cY.ptr(),
			C.size_t(len(yLabels)), cDoubles(cells), C.size_t(rows), C.size_t(cols),
			C.int64_t(step))
	})
}

// ChartKind names the library a chart figure is for.
type ChartKind string

// The chart kinds Polyaxon shows.
const (
	ChartVega   ChartKind = "vega" // a Vega or Vega-Lite spec; also what "" means
	ChartPlotly ChartKind = "plotly"
	ChartBokeh  ChartKind = "bokeh"
)

// LogChart logs a chart (plx_log_chart). figure is the figure as a JSON object: a string,
// []byte or json.RawMessage is taken as JSON text, any other value is encoded with
// encoding/json.
//
// Errors: ErrInvalidJSON (not a JSON object), ErrInvalidArgument (unknown kind).
func (r *Run) LogChart(name string, kind ChartKind, figure any, step int64) error {
	const op = "plx_log_chart"
	var text string
	switch f := figure.(type) {
	case string:
		text = f
	case []byte:
		text = string(f)
	case json.RawMessage:
		text = string(f)
	default:
		encoded, err := json.Marshal(figure)
		if err != nil {
			return &Error{Op: op, Status: StatusInvalidJSON,
				Message: "figure cannot be encoded as JSON: " + err.Error(), Err: err}
		}
		text = string(encoded)
	}
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	cKind, err := cOptional(op, "kind", string(kind))
	if err != nil {
		return err
	}
	cFigure, err := cString(op, "figure", text, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_chart(h, cName, cKind, cFigure, C.int64_t(step))
	})
}

func lengths(aWhat string, a int, bWhat string, b int) string {
	return aWhat + " has " + strconv.Itoa(a) + " values but " + bWhat + " has " + strconv.Itoa(b)
}
