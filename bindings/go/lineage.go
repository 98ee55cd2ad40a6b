package plx

/*
#include "plx.h"

#cgo noescape plx_log_artifact_ref
#cgo nocallback plx_log_artifact_ref
#cgo noescape plx_log_model_ref
#cgo nocallback plx_log_model_ref
#cgo noescape plx_log_file_ref
#cgo nocallback plx_log_file_ref
#cgo noescape plx_log_dir_ref
#cgo nocallback plx_log_dir_ref
#cgo noescape plx_log_data_ref
#cgo nocallback plx_log_data_ref
#cgo noescape plx_log_code_ref
#cgo nocallback plx_log_code_ref
#cgo noescape plx_log_tensorboard_ref
#cgo nocallback plx_log_tensorboard_ref
*/
import "C"

// RefOptions are the optional parts of a lineage reference to a file or folder.
type RefOptions struct {
	// Name of the reference; "" means a default derived from the path (see each call).
	Name string
	// Summary is merged into the reference's summary, encoded as a JSON object; nil for none.
	Summary map[string]any
	// IsInput marks an input of the run rather than an output.
	IsInput bool
}

// refArgs are the C forms of a path, RefOptions and one more optional string.
type refArgs struct {
	path, name, summary, extra *C.char
}

func newRefArgs(op, path string, o RefOptions, extraWhat, extra string) (refArgs, error) {
	var a refArgs
	var err error
	if a.path, err = cString(op, "path", path, nil); err != nil {
		return a, err
	}
	if a.name, err = cOptional(op, "name", o.Name); err != nil {
		return a, err
	}
	if a.summary, err = cJSON(op, "summary", o.Summary, true); err != nil {
		return a, err
	}
	if extraWhat != "" {
		a.extra, err = cOptional(op, extraWhat, extra)
	}
	return a, err
}

// LogArtifactRef records a reference to an artifact of any Polyaxon kind at path
// (plx_log_artifact_ref). kind "" means "file"; otherwise one of Polyaxon's artifact kinds
// ("model", "data", "dir", "file", "tensorboard", ...). o.Name "" means the base name of path
// before its first dot. Files and folders are hashed.
//
// Errors: ErrInvalidArgument (unknown kind, empty path), ErrInvalidName, ErrInvalidJSON, ErrIO
// (hashing failed), ErrRunClosed.
func (r *Run) LogArtifactRef(path, kind string, o RefOptions) error {
	const op = "plx_log_artifact_ref"
	a, err := newRefArgs(op, path, o, "kind", kind)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_artifact_ref(h, a.path, a.extra, a.name, a.summary, C.bool(o.IsInput))
	})
}

// LogModelRef records a reference to a model file or folder (plx_log_model_ref); framework
// ("" to leave out) goes into the summary and the run's has_model flag is set. Otherwise as
// LogArtifactRef.
func (r *Run) LogModelRef(path, framework string, o RefOptions) error {
	const op = "plx_log_model_ref"
	a, err := newRefArgs(op, path, o, "framework", framework)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_model_ref(h, a.path, a.name, a.extra, a.summary, C.bool(o.IsInput))
	})
}

// LogFileRef records a reference to a file, of kind "file" (plx_log_file_ref). Otherwise as
// LogArtifactRef.
func (r *Run) LogFileRef(path string, o RefOptions) error {
	const op = "plx_log_file_ref"
	a, err := newRefArgs(op, path, o, "", "")
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_file_ref(h, a.path, a.name, a.summary, C.bool(o.IsInput))
	})
}

// LogDirRef records a reference to a folder, of kind "dir" (plx_log_dir_ref); its hash covers
// every file under it and o.Name "" means the folder's own name.
func (r *Run) LogDirRef(path string, o RefOptions) error {
	const op = "plx_log_dir_ref"
	a, err := newRefArgs(op, path, o, "", "")
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_dir_ref(h, a.path, a.name, a.summary, C.bool(o.IsInput))
	})
}

// LogDataRef records a reference to a data set, of kind "data", by name, which is required
// (plx_log_data_ref). path (a file, folder or URI) and hash (any opaque text) may each be "";
// with neither, the entry holds only the name and summary (nil for none). Data refs are
// usually inputs.
func (r *Run) LogDataRef(name, path, hash string, summary map[string]any, isInput bool) error {
	const op = "plx_log_data_ref"
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	cPath, err := cOptional(op, "path", path)
	if err != nil {
		return err
	}
	cHash, err := cOptional(op, "hash", hash)
	if err != nil {
		return err
	}
	cSummary, err := cJSON(op, "summary", summary, true)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_data_ref(h, cName, cPath, cHash, cSummary, C.bool(isInput))
	})
}

// LogCodeRef records the code the run was built from, of kind "coderef", as an input named by
// its commit (plx_log_code_ref). commit is required; branch and url may be "".
func (r *Run) LogCodeRef(commit, branch, url string, isDirty bool) error {
	const op = "plx_log_code_ref"
	cCommit, err := cString(op, "commit", commit, nil)
	if err != nil {
		return err
	}
	cBranch, err := cOptional(op, "branch", branch)
	if err != nil {
		return err
	}
	cURL, err := cOptional(op, "url", url)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_code_ref(h, cCommit, cBranch, cURL, C.bool(isDirty))
	})
}

// LogTensorboardRef records a TensorBoard log folder, of kind "tensorboard", not hashed
// (plx_log_tensorboard_ref); name "" means "tensorboard". The run's has_tensorboard flag is
// set.
func (r *Run) LogTensorboardRef(path, name string) error {
	const op = "plx_log_tensorboard_ref"
	cPath, err := cString(op, "path", path, nil)
	if err != nil {
		return err
	}
	cName, err := cOptional(op, "name", name)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_tensorboard_ref(h, cPath, cName)
	})
}
