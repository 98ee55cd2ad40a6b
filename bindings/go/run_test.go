package plx

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestVersion(t *testing.T) {
	if got := VersionNumber(); got != HeaderVersionNumber {
		t.Fatalf("library version %d, header version %d", got, HeaderVersionNumber)
	}
	if err := versionCheck(); err != nil {
		t.Fatal(err)
	}
}

func TestStatusText(t *testing.T) {
	if StatusOK.String() == "" || StatusRunClosed.String() == StatusNotFound.String() {
		t.Fatalf("status texts: %q, %q, %q", StatusOK, StatusRunClosed, StatusNotFound)
	}
	if got := Status(9999).String(); got != "unknown status code" {
		t.Fatalf("unknown status gives %q", got)
	}
}

func TestOpenCreatesTheRunFolder(t *testing.T) {
	run, dir := openRun(t)

	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(run.UUID()) {
		t.Fatalf("uuid %q is not 32 hex digits", run.UUID())
	}
	got, err := run.Dir()
	must(t, err)
	if got != dir {
		t.Fatalf("Dir() = %q, want %q", got, dir)
	}
	for _, sub := range []string{"outputs", "assets", "events", "plxlogs", "resources"} {
		if info, err := os.Stat(filepath.Join(dir, sub)); err != nil || !info.IsDir() {
			t.Errorf("%s/ missing after Open: %v", sub, err)
		}
	}
	closeRun(t, run)

	meta := readRunMeta(t, dir)
	if meta.UUID != run.UUID() || meta.Owner != "acme" || meta.Project != "go-tests" ||
		meta.Status != "succeeded" {
		t.Fatalf("run.plx.json: %+v", meta)
	}
	if got := run.UUID(); got != meta.UUID {
		t.Fatalf("UUID after Close = %q", got)
	}
}

func TestOpenDefaultRootAndProject(t *testing.T) {
	root := t.TempDir()
	t.Setenv("POLYAXON_OFFLINE_ROOT", root)

	run, err := Open("", "")
	must(t, err)
	closeRun(t, run)

	meta := readRunMeta(t, filepath.Join(root, "runs", run.UUID()))
	if meta.Owner != "default" || meta.Project != "default" {
		t.Fatalf("project %s/%s, want default/default", meta.Owner, meta.Project)
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	run, dir := openRun(t)

	must(t, run.LogMetric("loss", 1, 0))
	closeRun(t, run)
	if err := run.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	if !exists(filepath.Join(dir, "run.plx.json")) {
		t.Fatal("run.plx.json missing after Close")
	}
	wantStatus(t, run.LogMetric("loss", 2, 1), ErrRunClosed)
	wantStatus(t, run.Flush(), ErrRunClosed)
	_, err := run.ArtifactsPath("x")
	wantStatus(t, err, ErrRunClosed)
	if rows := readRows(t, filepath.Join(dir, "events/metric/loss.plx"), "metric"); len(rows) != 1 {
		t.Fatalf("%d rows, want 1: the call after Close must not write", len(rows))
	}
}

func TestResumeAppends(t *testing.T) {
	run, dir := openRun(t)
	root := filepath.Dir(filepath.Dir(dir))
	must(t, run.LogMetric("loss", 0.5, 0))
	must(t, run.LogInputs(map[string]any{"alpha": 0.25}))

	_, err := Resume(root, "acme/go-tests", run.UUID())
	wantStatus(t, err, ErrAlreadyOpen)
	closeRun(t, run)

	resumed, err := Resume(root, "acme/go-tests", run.UUID())
	must(t, err)
	if resumed.UUID() != run.UUID() {
		t.Fatalf("resumed uuid %s, want %s", resumed.UUID(), run.UUID())
	}
	must(t, resumed.LogMetric("loss", 0.25, 1))
	closeRun(t, resumed)

	rows := readRows(t, filepath.Join(dir, "events/metric/loss.plx"), "metric")
	if len(rows) != 2 || rows[0].step != "0" || rows[1].step != "1" || rows[1].value != "0.25" {
		t.Fatalf("rows after resume: %+v", rows)
	}
	if got := readRunMeta(t, dir).Inputs["alpha"]; got != 0.25 {
		t.Fatalf("input alpha after resume = %v", got)
	}
}

func TestOpenRefusesBadArguments(t *testing.T) {
	_, err := Resume(t.TempDir(), "", "not-a-uuid")
	wantStatus(t, err, ErrInvalidUUID)

	_, err = Open(t.TempDir(), "a/b/c")
	wantStatus(t, err, ErrInvalidArgument)

	_, err = Open("root\x00", "")
	wantStatus(t, err, ErrInvalidArgument)

	run, err := Open(t.TempDir(), "", WithFlushInterval(0))
	if err != nil {
		t.Fatalf("a zero WithFlushInterval means the default: %v", err)
	}
	closeRun(t, run)
	_, err = Open(t.TempDir(), "", WithFlushInterval(2*time.Hour))
	wantStatus(t, err, ErrInvalidArgument)
}

func TestPaths(t *testing.T) {
	run, dir := openRun(t)

	path, err := run.ArtifactsPath("plots/a/loss.png")
	must(t, err)
	if path != filepath.Join(dir, "plots/a/loss.png") {
		t.Fatalf("ArtifactsPath = %q", path)
	}
	if !exists(filepath.Join(dir, "plots/a")) {
		t.Fatal("ArtifactsPath did not create the parent folder")
	}

	path, err = run.OutputsPath("checkpoint/field.bin")
	must(t, err)
	if path != filepath.Join(dir, "outputs/checkpoint/field.bin") {
		t.Fatalf("OutputsPath = %q", path)
	}

	long := strings.Repeat("d/", 400) + "file.txt" // past the first buffer, so it is retried
	path, err = run.OutputsPath(long)
	must(t, err)
	if path != filepath.Join(dir, "outputs", long) || !exists(filepath.Dir(path)) {
		t.Fatalf("long OutputsPath = %q", path)
	}

	for _, escape := range []string{"../elsewhere", "a/../../b", "/etc/passwd"} {
		_, err := run.ArtifactsPath(escape)
		wantStatus(t, err, ErrPathEscape)
		_, err = run.OutputsPath(escape)
		wantStatus(t, err, ErrPathEscape)
	}
}

func TestFlushWritesBeforeClose(t *testing.T) {
	run, dir := openRun(t, WithFlushInterval(time.Hour))

	must(t, run.LogMetric("loss", 0.125, 3))
	must(t, run.Flush())

	rows := readRows(t, filepath.Join(dir, "events/metric/loss.plx"), "metric")
	if len(rows) != 1 || rows[0].step != "3" || rows[0].value != "0.125" {
		t.Fatalf("rows after Flush: %+v", rows)
	}
	if !exists(filepath.Join(dir, "run.plx.json")) {
		t.Fatal("Flush did not write run.plx.json")
	}
}

func TestSetFlushInterval(t *testing.T) {
	run, _ := openRun(t)

	must(t, run.SetFlushInterval(5*time.Millisecond))
	must(t, run.SetFlushInterval(time.Hour))
	wantStatus(t, run.SetFlushInterval(0), ErrInvalidArgument)
	wantStatus(t, run.SetFlushInterval(time.Hour+time.Millisecond), ErrInvalidArgument)
	wantStatus(t, run.SetFlushInterval(1500*time.Microsecond), ErrInvalidArgument)
	wantStatus(t, run.SetFlushInterval(-time.Second), ErrInvalidArgument)
}

func TestEventTime(t *testing.T) {
	run, dir := openRun(t)
	past := time.Date(2021, 3, 4, 5, 6, 7, 891011000, time.FixedZone("CET", 3600))

	must(t, run.SetEventTime(past))
	must(t, run.LogMetric("replayed", 1, 0))
	must(t, run.LogText("note", "then", 0))
	must(t, run.ClearEventTime())
	must(t, run.LogMetric("replayed", 2, 1))
	wantStatus(t, run.SetEventTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)),
		ErrInvalidArgument)
	closeRun(t, run)

	rows := readRows(t, filepath.Join(dir, "events/metric/replayed.plx"), "metric")
	if rows[0].timestamp != "2021-03-04 04:06:07.891011+00:00" {
		t.Fatalf("replayed timestamp %q", rows[0].timestamp)
	}
	now, err := time.Parse("2006-01-02 15:04:05.999999-07:00", rows[1].timestamp)
	must(t, err)
	if d := time.Since(now); d < -time.Minute || d > time.Hour {
		t.Fatalf("timestamp after ClearEventTime is %v away from now", d)
	}
	text := readJSONRows(t, filepath.Join(dir, "events/text/note.plx"))
	if text[0].Timestamp != "2021-03-04 04:06:07.891011+00:00" {
		t.Fatalf("replayed text timestamp %q", text[0].Timestamp)
	}
}
