package plx

import (
	"encoding/json"
	"math"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	run, dir := openRun(t)

	for i := 0; i < 5; i++ {
		must(t, run.LogMetric("train/loss", 1/float64(i+1), int64(i)))
	}
	must(t, run.LogMetric("lr", 0.001, NoStep))
	must(t, run.LogMetric("odd", math.NaN(), 1))
	must(t, run.LogMetric("odd", math.Inf(-1), 2))
	must(t, run.LogMetric("big", 3, math.MaxInt64))
	must(t, run.LogMetrics(map[string]float64{"acc": 0.9, "f1": 0.8}, 7))
	must(t, run.LogMetricsSlices([]string{"acc", "f1"}, []float64{0.95, 0.85}, 8))
	must(t, run.LogMetricsSlices(nil, nil, 9))
	must(t, run.LogMetrics(nil, 9))
	closeRun(t, run)

	wantRows := map[string][][2]string{
		"train__loss": {{"0", "1.0"}, {"1", "0.5"}, {"2", "0.3333333333333333"}, {"3", "0.25"},
			{"4", "0.2"}},
		"lr":  {{"", "0.001"}},
		"odd": {{"1", "nan"}, {"2", "-inf"}},
		"big": {{"9223372036854775807", "3.0"}},
		"acc": {{"7", "0.9"}, {"8", "0.95"}},
		"f1":  {{"7", "0.8"}, {"8", "0.85"}},
	}
	for name, want := range wantRows {
		rows := readRows(t, filepath.Join(dir, "events/metric", name+".plx"), "metric")
		var got [][2]string
		for _, r := range rows {
			got = append(got, [2]string{r.step, r.value})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows %v, want %v", name, got, want)
		}
	}
	acc := readRows(t, filepath.Join(dir, "events/metric/acc.plx"), "metric")
	f1 := readRows(t, filepath.Join(dir, "events/metric/f1.plx"), "metric")
	if acc[0].timestamp != f1[0].timestamp || acc[1].timestamp != f1[1].timestamp {
		t.Errorf("metrics logged together have different times: %v %v", acc, f1)
	}
	if outputs := readRunMeta(t, dir).Outputs; outputs["train__loss"] != 0.2 ||
		outputs["acc"] != 0.95 {
		t.Errorf("last metric values in outputs: %v", outputs)
	}
}

func TestTextAndHTML(t *testing.T) {
	run, dir := openRun(t)
	text := "h\u00e9llo | w\u00f6rld, \"quoted\"\nsecond line\ttab"

	must(t, run.LogText("notes", text, 1))
	must(t, run.LogText("notes", "no step", NoStep))
	must(t, run.LogHTML("report", "<b>bold | \u2713</b>", 2))
	closeRun(t, run)

	notes := readJSONRows(t, filepath.Join(dir, "events/text/notes.plx"))
	if len(notes) != 2 || notes[0].Text != text || *notes[0].Step != 1 ||
		notes[1].Text != "no step" || notes[1].Step != nil {
		t.Errorf("text rows %+v", notes)
	}
	html := readJSONRows(t, filepath.Join(dir, "events/html/report.plx"))
	if len(html) != 1 || html[0].HTML != "<b>bold | \u2713</b>" || *html[0].Step != 2 {
		t.Errorf("html rows %+v", html)
	}
}

// payload decodes the JSON value of each row of a CSV event file.
func payloads[T any](t *testing.T, dir, kind, name string) []T {
	t.Helper()
	var out []T
	for _, r := range readRows(t, filepath.Join(dir, "events", kind, name+".plx"), kind) {
		var v T
		if err := json.Unmarshal([]byte(r.value), &v); err != nil {
			t.Fatalf("%s/%s: %v in %q", kind, name, err, r.value)
		}
		out = append(out, v)
	}
	return out
}

func TestHistograms(t *testing.T) {
	run, dir := openRun(t)
	values := make([]float64, 100)
	for i := range values {
		values[i] = float64(i)
	}

	must(t, run.LogHistogram("weights", values, 4, 1))
	must(t, run.LogHistogramCounts("weights", []float64{3, 5}, []float64{0, 0.5, 1}, 2))
	closeRun(t, run)

	type histogram struct{ Values, Counts []float64 }
	got := payloads[histogram](t, dir, "histogram", "weights")
	want := []histogram{
		{Values: []float64{25, 25, 25, 25}, Counts: []float64{0, 24.75, 49.5, 74.25, 99}},
		{Values: []float64{3, 5}, Counts: []float64{0, 0.5, 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("histograms %+v, want %+v", got, want)
	}
}

func TestCurves(t *testing.T) {
	run, dir := openRun(t)
	a, b := []float64{0, 0.1, 1}, []float64{0, 0.8, 1}

	must(t, run.LogROCCurve("roc", a, b, 0.85, 1))
	must(t, run.LogROCCurve("roc", a, b, math.NaN(), 2))
	must(t, run.LogPRCurve("pr", b, a, 0.5, 1))
	must(t, run.LogCurve("custom", a, b, "note | with pipe", 1))
	must(t, run.LogCurve("custom", a, b, "", 2))
	closeRun(t, run)

	type curve struct {
		Kind       string
		X, Y       []float64
		Annotation *string
	}
	str := func(s string) *string { return &s }
	check := func(name string, want []curve) {
		t.Helper()
		if got := payloads[curve](t, dir, "curve", name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
	check("roc", []curve{{"roc", a, b, str("0.85")}, {"roc", a, b, nil}})
	check("pr", []curve{{"pr", b, a, str("0.5")}})
	check("custom", []curve{{"custom", a, b, str("note | with pipe")}, {"custom", a, b, nil}})
}

func TestConfusionMatrix(t *testing.T) {
	run, dir := openRun(t)
	labels := []string{"cat|x", "dog"}

	must(t, run.LogConfusionMatrix("confusion", labels, labels, [][]float64{{5, 1}, {2, 7.5}}, 1))
	closeRun(t, run)

	type confusion struct {
		X, Y []string
		Z    [][]float64
	}
	got := payloads[confusion](t, dir, "confusion", "confusion")
	want := []confusion{{labels, labels, [][]float64{{5, 1}, {2, 7.5}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("confusion %+v, want %+v", got, want)
	}
}

func TestCharts(t *testing.T) {
	run, dir := openRun(t)
	figure := map[string]any{"mark": "bar", "data": map[string]any{
		"values": []any{map[string]any{"a": "A|B", "b": 28.0}}}}

	must(t, run.LogChart("bars", "", figure, 1))
	must(t, run.LogChart("bars", ChartVega, `{"mark":"line"}`, 2))
	must(t, run.LogChart("plot", ChartPlotly, []byte(`{"data":[]}`), 3))
	must(t, run.LogChart("bokeh", ChartBokeh, json.RawMessage(`{"doc":{}}`), NoStep))
	closeRun(t, run)

	type chart struct {
		Kind   string
		Figure map[string]any
	}
	decode := func(name string) []chart {
		var out []chart
		for _, r := range readJSONRows(t, filepath.Join(dir, "events/chart", name+".plx")) {
			var c chart
			must(t, json.Unmarshal([]byte(r.Chart), &c))
			out = append(out, c)
		}
		return out
	}
	bars := decode("bars")
	if len(bars) != 2 || bars[0].Kind != "vega" || !reflect.DeepEqual(bars[0].Figure, figure) ||
		bars[1].Figure["mark"] != "line" {
		t.Errorf("bars: %+v", bars)
	}
	if plot := decode("plot"); len(plot) != 1 || plot[0].Kind != "plotly" {
		t.Errorf("plot: %+v", plot)
	}
	if bokeh := decode("bokeh"); len(bokeh) != 1 || bokeh[0].Kind != "bokeh" {
		t.Errorf("bokeh: %+v", bokeh)
	}
}

func TestEventRefusals(t *testing.T) {
	run, dir := openRun(t)
	three := []float64{0, 0.5, 1}

	wantStatus(t, run.LogMetric("", 1, 0), ErrInvalidName)
	wantStatus(t, run.LogMetric("!!!", 1, 0), ErrInvalidName)
	wantStatus(t, run.LogMetric(strings.Repeat("a", 201), 1, 0), ErrInvalidName)
	must(t, run.LogMetric(strings.Repeat("a", 200), 1, 0))
	wantStatus(t, run.LogMetric("nul\x00byte", 1, 0), ErrInvalidArgument)
	wantStatus(t, run.LogMetric("bad\xffutf8", 1, 0), ErrInvalidUTF8)
	wantStatus(t, run.LogMetricsSlices([]string{"a", "b"}, []float64{1}, 0), ErrShapeMismatch)
	wantStatus(t, run.LogMetricsSlices([]string{"a", ""}, []float64{1, 2}, 0), ErrInvalidName)
	wantStatus(t, run.LogHistogram("h", nil, 4, 0), ErrEmpty)
	wantStatus(t, run.LogHistogram("h", three, 513, 0), ErrLimit)
	wantStatus(t, run.LogHistogram("h", three, -1, 0), ErrInvalidArgument)
	wantStatus(t, run.LogHistogram("h", []float64{1, math.NaN()}, 2, 0), ErrInvalidArgument)
	wantStatus(t, run.LogHistogramCounts("h", []float64{1, 2}, three[:2], 0), ErrShapeMismatch)
	wantStatus(t, run.LogHistogramCounts("h", []float64{1, 2}, []float64{1, 0, 2}, 0),
		ErrInvalidArgument)
	wantStatus(t, run.LogROCCurve("c", three, three[:2], 0.5, 0), ErrShapeMismatch)
	wantStatus(t, run.LogPRCurve("c", nil, nil, 0.5, 0), ErrEmpty)
	wantStatus(t, run.LogCurve("c", three, []float64{0, math.Inf(1), 1}, "", 0),
		ErrInvalidArgument)
	labels := []string{"a", "b"}
	wantStatus(t, run.LogConfusionMatrix("m", labels, labels[:1], [][]float64{{1, 2}, {3, 4}}, 0),
		ErrShapeMismatch)
	wantStatus(t, run.LogConfusionMatrix("m", labels, labels, [][]float64{{1, 2}, {3}}, 0),
		ErrShapeMismatch)
	wantStatus(t, run.LogConfusionMatrix("m", nil, nil, nil, 0), ErrEmpty)
	wantStatus(t, run.LogChart("c", "", "{not json", 0), ErrInvalidJSON)
	wantStatus(t, run.LogChart("c", "", "[1, 2]", 0), ErrInvalidJSON)
	wantStatus(t, run.LogChart("c", "nope", "{}", 0), ErrInvalidArgument)
	wantStatus(t, run.LogChart("c", "", math.NaN(), 0), ErrInvalidJSON)
	closeRun(t, run)

	files, err := filepath.Glob(filepath.Join(dir, "events", "*", "*.plx"))
	must(t, err)
	sort.Strings(files)
	if len(files) != 1 || filepath.Base(files[0]) != strings.Repeat("a", 200)+".plx" {
		t.Fatalf("refused calls wrote event files: %v", files)
	}
}
