package plx

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openRun opens a run under a fresh root and closes it at the end of the test if the test
// did not.
func openRun(t testing.TB, opts ...Option) (*Run, string) {
	t.Helper()
	root := t.TempDir()
	run, err := Open(root, "acme/go-tests", opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { run.Close() })
	return run, filepath.Join(root, "runs", run.UUID())
}

// closeRun closes the run and fails the test on error.
func closeRun(t testing.TB, run *Run) {
	t.Helper()
	if err := run.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// must fails the test when err is not nil.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantStatus checks that err is a *Error with the status, matched by its sentinel, and that
// it carries a message.
func wantStatus(t testing.TB, err error, sentinel *Error) *Error {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("got error %v, want status %v", err, sentinel.Status)
	}
	var plxErr *Error
	if !errors.As(err, &plxErr) {
		t.Fatalf("error %v is not a *plx.Error", err)
	}
	if plxErr.Message == "" || plxErr.Op == "" {
		t.Fatalf("error %#v lacks its message or op", plxErr)
	}
	return plxErr
}

// row is one row of a CSV event file: step|timestamp|value.
type row struct {
	step, timestamp, value string
}

// readRows reads a CSV event file, checking its header names the kind.
func readRows(t testing.TB, path, kind string) []row {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if lines[0] != "step|timestamp|"+kind {
		t.Fatalf("%s: header %q, want step|timestamp|%s", path, lines[0], kind)
	}
	var rows []row
	for _, line := range lines[1:] {
		if line == "" {
			continue // padding: plx keeps each row inside one 4 KiB page of the file
		}
		cells := strings.SplitN(line, "|", 3)
		if len(cells) != 3 {
			t.Fatalf("%s: bad row %q", path, line)
		}
		rows = append(rows, row{cells[0], cells[1], cells[2]})
	}
	return rows
}

// jsonRow is one row of a JSONL event file (text, html, chart).
type jsonRow struct {
	Timestamp string `json:"timestamp"`
	Step      *int64 `json:"step"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	Chart     string `json:"chart"`
}

func readJSONRows(t testing.TB, path string) []jsonRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 || data[0] != '\n' {
		t.Fatalf("%s does not start with a newline", path)
	}
	var rows []jsonRow
	for _, line := range strings.Split(string(data[1:]), "\n") {
		if line == "" {
			continue // padding: plx keeps each row inside one 4 KiB page of the file
		}
		var r jsonRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s: %v in %q", path, err, line)
		}
		rows = append(rows, r)
	}
	return rows
}

// readJSON decodes a JSON file of the run folder.
func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// runMeta is the part of run.plx.json the tests check.
type runMeta struct {
	UUID        string         `json:"uuid"`
	Owner       string         `json:"owner"`
	Project     string         `json:"project"`
	Name        string         `json:"name"`
	Description *string        `json:"description"`
	Tags        []string       `json:"tags"`
	Status      string         `json:"status"`
	Inputs      map[string]any `json:"inputs"`
	Outputs     map[string]any `json:"outputs"`
	MetaInfo    map[string]any `json:"meta_info"`
	Conditions  []struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"status_conditions"`
}

func readRunMeta(t testing.TB, dir string) runMeta {
	t.Helper()
	var meta runMeta
	readJSON(t, filepath.Join(dir, "run.plx.json"), &meta)
	return meta
}

// lineage is one entry of lineages.plx.json.
type lineage struct {
	Name    string         `json:"name"`
	Kind    string         `json:"kind"`
	Path    string         `json:"path"`
	Summary map[string]any `json:"summary"`
	IsInput bool           `json:"is_input"`
}

func readLineages(t testing.TB, dir string) map[string]lineage {
	t.Helper()
	var entries []lineage
	readJSON(t, filepath.Join(dir, "lineages.plx.json"), &entries)
	byName := map[string]lineage{}
	for _, e := range entries {
		if _, twice := byName[e.Name]; twice {
			t.Fatalf("lineage %q appears twice", e.Name)
		}
		byName[e.Name] = e
	}
	return byName
}

// writeFile writes a scratch file and returns its path.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
