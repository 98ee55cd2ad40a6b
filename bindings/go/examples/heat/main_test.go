package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestReadParamsOfTheCExample(t *testing.T) {
	f, err := os.Open("../../../../examples/heat.cfg")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := readParams(f)
	if err != nil {
		t.Fatal(err)
	}
	if p != defaultParams() {
		t.Fatalf("examples/heat.cfg gives %+v, want the defaults %+v", p, defaultParams())
	}
	if _, err := readParams(strings.NewReader("alpha = 0.3\n")); err == nil {
		t.Fatal("an unstable alpha was accepted")
	}
}

func TestSimulationIsTracked(t *testing.T) {
	root := t.TempDir()
	config := filepath.Join(t.TempDir(), "small.cfg")
	text := "nx = 20\nny = 16\nsteps = 30\nsnapshot_every = 10\nalpha = 0.2\n"
	if err := os.WriteFile(config, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := readParams(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}

	s, err := simulate(p, config, root)
	if err != nil {
		t.Fatal(err)
	}

	if s.Images != 4 || s.Checkpoints != 1 || filepath.Dir(filepath.Dir(s.RunDir)) != root {
		t.Fatalf("summary %+v", s)
	}
	previous := 0.0
	for i, line := range rows(t, filepath.Join(s.RunDir, "events/metric/heat__total.plx")) {
		cells := strings.Split(line, "|")
		total, err := strconv.ParseFloat(cells[2], 64)
		if err != nil || cells[0] != strconv.Itoa(i) {
			t.Fatalf("row %d: %q", i, line)
		}
		if i > 0 && total > previous+1e-9 {
			t.Fatalf("total heat rose at step %d: %g > %g", i, total, previous)
		}
		previous = total
	}
	lost := rows(t, filepath.Join(s.RunDir, "events/metric/heat__lost_fraction.plx"))
	if n := len(lost); n != 31 {
		t.Fatalf("%d lost_fraction rows, want 31", n)
	}
	if n := len(rows(t, filepath.Join(s.RunDir, "events/histogram/temperature.plx"))); n != 4 {
		t.Fatalf("%d histogram rows, want 4", n)
	}
	for _, asset := range []string{"assets/image/field_0.png", "assets/image/field_30.png",
		"assets/model/field_30.bin"} {
		if _, err := os.Stat(filepath.Join(s.RunDir, asset)); err != nil {
			t.Fatal(err)
		}
	}
	info, err := os.Stat(filepath.Join(s.RunDir, "assets/model/field_30.bin"))
	if err != nil || info.Size() != 20*16*8 {
		t.Fatalf("checkpoint: %v, %v", info, err)
	}

	var meta struct {
		Status  string
		Tags    []string
		Inputs  map[string]any
		Outputs map[string]any
	}
	readJSON(t, filepath.Join(s.RunDir, "run.plx.json"), &meta)
	if meta.Status != "succeeded" || meta.Inputs["nx"] != 20.0 || meta.Inputs["alpha"] != 0.2 ||
		meta.Outputs["final_peak"] != s.FinalPeak || len(meta.Tags) != 3 {
		t.Fatalf("run.plx.json: %+v", meta)
	}
	var lineages []struct {
		Name    string
		Kind    string
		IsInput bool `json:"is_input"`
	}
	readJSON(t, filepath.Join(s.RunDir, "lineages.plx.json"), &lineages)
	found := false
	for _, l := range lineages {
		found = found || (l.Name == "config" && l.Kind == "file" && l.IsInput)
	}
	if !found {
		t.Fatalf("no config input in lineages %+v", lineages)
	}
}

func rows(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(data), "\n")[1:]
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}
