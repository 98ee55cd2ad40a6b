package plx

import (
	"math"
	"reflect"
	"testing"
)

func TestMetadata(t *testing.T) {
	run, dir := openRun(t)

	must(t, run.LogInputs(map[string]any{
		"alpha":            0.24,
		"steps":            400,
		"solver":           "explicit",
		"grid":             map[string]any{"nx": 96, "ny": 96},
		"flags":            []any{true, false},
		"train/batch size": 32, // sanitised to train__batch-size
	}))
	must(t, run.LogInputs(map[string]any{"alpha": 0.2})) // a key logged again takes the new value
	must(t, run.LogInputs(nil))
	must(t, run.LogInputNumber("seed", 42))
	must(t, run.LogInputString("mode", "fast"))
	must(t, run.LogOutputs(map[string]any{"converged": true}))
	must(t, run.LogOutputNumber("final_peak", 3.5))
	must(t, run.LogOutputString("verdict", "good"))
	must(t, run.LogTags("example", "heat"))
	must(t, run.LogTags("heat", "go")) // "heat" is not repeated
	must(t, run.LogTags())
	must(t, run.SetName("heat-diffusion"))
	must(t, run.SetDescription("a description"))
	must(t, run.LogMeta(map[string]any{"solver_version": "1.2"}))
	must(t, run.LogProgress(0.75))
	closeRun(t, run)

	meta := readRunMeta(t, dir)
	wantInputs := map[string]any{
		"alpha": 0.2, "steps": 400.0, "solver": "explicit",
		"grid": map[string]any{"nx": 96.0, "ny": 96.0}, "flags": []any{true, false},
		"train__batch-size": 32.0, "seed": 42.0, "mode": "fast",
	}
	if !reflect.DeepEqual(meta.Inputs, wantInputs) {
		t.Errorf("inputs %v, want %v", meta.Inputs, wantInputs)
	}
	wantOutputs := map[string]any{"converged": true, "final_peak": 3.5, "verdict": "good"}
	if !reflect.DeepEqual(meta.Outputs, wantOutputs) {
		t.Errorf("outputs %v, want %v", meta.Outputs, wantOutputs)
	}
	if !reflect.DeepEqual(meta.Tags, []string{"example", "heat", "go"}) {
		t.Errorf("tags %v", meta.Tags)
	}
	if meta.Name != "heat-diffusion" || meta.Description == nil ||
		*meta.Description != "a description" {
		t.Errorf("name %q, description %v", meta.Name, meta.Description)
	}
	if meta.MetaInfo["solver_version"] != "1.2" || meta.MetaInfo["progress"] != 0.75 {
		t.Errorf("meta_info %v", meta.MetaInfo)
	}
	if meta.Status != "succeeded" {
		t.Errorf("status %q", meta.Status)
	}
}

func TestSetDescriptionEmptyRemovesIt(t *testing.T) {
	run, dir := openRun(t)

	must(t, run.SetDescription("first"))
	must(t, run.SetDescription(""))
	closeRun(t, run)

	if d := readRunMeta(t, dir).Description; d != nil {
		t.Fatalf("description %q after SetDescription(\"\")", *d)
	}
}

func TestFinalStatus(t *testing.T) {
	run, dir := openRun(t)

	must(t, run.LogFinalStatus(Failed, "diverged at step 12"))
	wantStatus(t, run.LogFinalStatus(Stopped, ""), ErrAlreadyFinished)
	must(t, run.LogMetric("loss", 1, 0)) // logging works until Close
	closeRun(t, run)

	meta := readRunMeta(t, dir)
	last := meta.Conditions[len(meta.Conditions)-1]
	if meta.Status != "failed" || last.Type != "failed" || last.Message != "diverged at step 12" {
		t.Fatalf("status %q, last condition %+v", meta.Status, last)
	}
}

func TestFinalStatusStoppedWithDefaultMessage(t *testing.T) {
	run, dir := openRun(t)

	wantStatus(t, run.LogFinalStatus(FinalStatus(7), ""), ErrInvalidArgument)
	must(t, run.LogFinalStatus(Stopped, ""))
	closeRun(t, run)

	meta := readRunMeta(t, dir)
	if last := meta.Conditions[len(meta.Conditions)-1]; meta.Status != "stopped" ||
		last.Message == "" {
		t.Fatalf("status %q, last condition %+v", meta.Status, last)
	}
}

func TestMetadataRefusals(t *testing.T) {
	run, dir := openRun(t)

	wantStatus(t, run.LogInputs(map[string]any{"x": math.NaN()}), ErrInvalidJSON)
	wantStatus(t, run.LogInputNumber("x", math.Inf(1)), ErrInvalidArgument)
	wantStatus(t, run.LogOutputNumber("x", math.NaN()), ErrInvalidArgument)
	wantStatus(t, run.LogInputs(map[string]any{"": 1}), ErrInvalidName)
	wantStatus(t, run.LogTags("ok", ""), ErrInvalidArgument)
	wantStatus(t, run.LogTags("nul\x00inside"), ErrInvalidArgument)
	wantStatus(t, run.LogProgress(1.5), ErrInvalidArgument)
	wantStatus(t, run.LogProgress(math.NaN()), ErrInvalidArgument)
	wantStatus(t, run.LogMeta(map[string]any{"f": func() {}}), ErrInvalidJSON)
	closeRun(t, run)

	meta := readRunMeta(t, dir)
	if len(meta.Tags) != 0 || len(meta.Inputs) != 0 || len(meta.Outputs) != 0 ||
		meta.MetaInfo["progress"] != nil {
		t.Fatalf("refused calls changed the run: %+v", meta)
	}
}
