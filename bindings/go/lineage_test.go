package plx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRefs(t *testing.T) {
	run, dir := openRun(t)
	scratch := t.TempDir()
	config := writeFile(t, scratch, "heat.cfg", "nx = 96\n")
	model := writeFile(t, scratch, "net.onnx", "weights")
	writeFile(t, scratch, "data/a.csv", "1,2\n")
	writeFile(t, scratch, "data/b.csv", "3,4\n")
	tensorboard := filepath.Join(scratch, "tb")
	must(t, os.MkdirAll(tensorboard, 0o755))
	inside, err := run.OutputsPath("report.txt")
	must(t, err)
	must(t, os.WriteFile(inside, []byte("report"), 0o644))

	must(t, run.LogArtifactRef(model, "tensor", RefOptions{Name: "weights"}))
	must(t, run.LogArtifactRef(inside, "", RefOptions{Summary: map[string]any{"lines": 1}}))
	must(t, run.LogModelRef(model, "onnx", RefOptions{}))
	must(t, run.LogFileRef(config, RefOptions{Name: "config", IsInput: true}))
	must(t, run.LogDirRef(filepath.Join(scratch, "data"), RefOptions{IsInput: true}))
	must(t, run.LogDataRef("mnist", "s3://bucket/mnist", "abc123",
		map[string]any{"rows": 60000}, true))
	must(t, run.LogDataRef("bare", "", "", nil, false))
	must(t, run.LogCodeRef("0123456789abcdef", "main", "https://example.com/repo.git", true))
	must(t, run.LogTensorboardRef(tensorboard, ""))
	closeRun(t, run)

	refs := readLineages(t, dir)
	check := func(name, kind string, isInput bool) lineage {
		t.Helper()
		ref, ok := refs[name]
		if !ok {
			t.Fatalf("no lineage %q in %v", name, refs)
		}
		if ref.Kind != kind || ref.IsInput != isInput {
			t.Fatalf("lineage %q: kind %q input %v, want %q %v", name, ref.Kind, ref.IsInput,
				kind, isInput)
		}
		return ref
	}
	if ref := check("weights", "tensor", false); ref.Path != model || ref.Summary["hash"] == "" {
		t.Errorf("weights: %+v", ref)
	}
	if ref := check("report", "file", false); ref.Path != "outputs/report.txt" ||
		ref.Summary["lines"] != 1.0 {
		t.Errorf("report: %+v", ref)
	}
	if ref := check("net", "model", false); ref.Summary["framework"] != "onnx" {
		t.Errorf("net: %+v", ref)
	}
	check("config", "file", true)
	if ref := check("data", "dir", true); ref.Summary["hash"] == nil {
		t.Errorf("data: %+v", ref)
	}
	if ref := check("mnist", "data", true); ref.Path != "s3://bucket/mnist" ||
		ref.Summary["hash"] != "abc123" || ref.Summary["rows"] != 60000.0 {
		t.Errorf("mnist: %+v", ref)
	}
	check("bare", "data", false)
	if ref := check("0123456789abcdef", "coderef", true); ref.Summary["branch"] != "main" ||
		ref.Summary["is_dirty"] != true {
		t.Errorf("coderef: %+v", ref)
	}
	check("tensorboard", "tensorboard", false)

	meta := readRunMeta(t, dir)
	if meta.MetaInfo["has_model"] != true || meta.MetaInfo["has_tensorboard"] != true {
		t.Errorf("meta_info %v", meta.MetaInfo)
	}
}

func TestRefRefusals(t *testing.T) {
	run, _ := openRun(t)
	file := writeFile(t, t.TempDir(), "f.txt", "x")

	wantStatus(t, run.LogArtifactRef(file, "no-such-kind", RefOptions{}), ErrInvalidArgument)
	wantStatus(t, run.LogArtifactRef("", "", RefOptions{Name: "empty"}), ErrInvalidArgument)
	wantStatus(t, run.LogTensorboardRef("", ""), ErrInvalidArgument)
	hidden := writeFile(t, t.TempDir(), ".hidden", "x") // no name before its first dot
	wantStatus(t, run.LogFileRef(hidden, RefOptions{}), ErrInvalidName)
	wantStatus(t, run.LogDataRef("", "", "", nil, true), ErrInvalidName)
	wantStatus(t, run.LogCodeRef("", "", "", false), ErrInvalidName)
	wantStatus(t, run.LogFileRef(file, RefOptions{Summary: map[string]any{"c": make(chan int)}}),
		ErrInvalidJSON)
}

// plx.h documents PLX_ERR_INVALID_ARGUMENT for an empty path given to plx_log_artifact_ref (and
// the path refs documented as "Other arguments as plx_log_artifact_ref"). With a name the
// library says so; without one it first fails to derive a name from the empty path and
// returns PLX_ERR_INVALID_NAME ("the ref has no name: give a name or a path"). This test
// skips while the library behaves so, and passes once it follows its header.
func TestKnownBugEmptyRefPathWithoutName(t *testing.T) {
	run, _ := openRun(t)

	errs := map[string]error{
		"plx_log_artifact_ref": run.LogArtifactRef("", "", RefOptions{}),
		"plx_log_dir_ref":      run.LogDirRef("", RefOptions{}),
	}

	buggy := 0
	for op, err := range errs {
		switch {
		case errors.Is(err, ErrInvalidArgument):
		case errors.Is(err, ErrInvalidName):
			buggy++
			t.Logf("%s(path \"\", name NULL) gave %v; plx.h documents PLX_ERR_INVALID_ARGUMENT",
				op, err)
		default:
			t.Errorf("%s(path \"\", name NULL) gave %v", op, err)
		}
	}
	if buggy > 0 && !t.Failed() {
		t.Skip("known library bug: an empty ref path without a name gives PLX_ERR_INVALID_NAME")
	}
}
