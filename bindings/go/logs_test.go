package plx

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLogLinesAndResourceSampling(t *testing.T) {
	root := t.TempDir()
	run, err := Open(root, "acme/logs")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := run.ArtifactsPath("")
	if err != nil {
		t.Fatal(err)
	}
	if err := run.LogLine("first line\nsecond line"); err != nil {
		t.Fatal(err)
	}
	if err := run.StartResourceSampling(5 * time.Millisecond); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("a 5 ms interval: got %v, want ErrInvalidArgument", err)
	}
	if err := run.StartResourceSampling(20 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := run.StopResourceSampling(); err != nil {
		t.Fatal(err)
	}
	if err := run.StopOutputCapture(); err != nil {
		t.Fatalf("stopping a capture that never started: %v", err)
	}
	if err := run.Close(); err != nil {
		t.Fatal(err)
	}
	if err := run.LogLine("late"); !errors.Is(err, ErrRunClosed) {
		t.Fatalf("after close: got %v, want ErrRunClosed", err)
	}

	text, err := os.ReadFile(filepath.Join(dir, "plxlogs", "logs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, line := range strings.Split(strings.TrimPrefix(string(text), "\n"), "\n") {
		var row struct{ Value string }
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("log row %q: %v", line, err)
		}
		values = append(values, row.Value)
	}
	if strings.Join(values, "|") != "first line|second line" {
		t.Fatalf("log values %q", values)
	}
	if _, err := os.Stat(filepath.Join(dir, "resources", "metric", "memory.plx")); err != nil {
		t.Fatalf("the first sample is taken at once: %v", err)
	}
}
