package plx

/*
#include "plx.h"

#cgo noescape plx_run_open
#cgo nocallback plx_run_open
#cgo nocallback plx_run_close
#cgo nocallback plx_run_flush
#cgo nocallback plx_run_set_flush_interval
#cgo noescape plx_run_uuid
#cgo nocallback plx_run_uuid
#cgo noescape plx_artifacts_path
#cgo nocallback plx_artifacts_path
#cgo noescape plx_outputs_path
#cgo nocallback plx_outputs_path
#cgo nocallback plx_run_set_event_time
#cgo nocallback plx_version_number
*/
import "C"

import (
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// NoStep is the step of an event that has no step: it is written as an empty step cell (null
// in JSON rows). A versioned asset logged with NoStep has no step suffix and is overwritten by
// the next such call, as in Polyaxon. Every other int64 is a step.
const NoStep int64 = math.MinInt64

// HeaderVersionNumber is the version of plx.h this package was built with, as
// major*10000 + minor*100 + patch; VersionNumber gives the linked library's.
const HeaderVersionNumber = C.PLX_VERSION_NUMBER

// VersionNumber is the version of the linked library, as major*10000 + minor*100 + patch
// (plx_version_number).
func VersionNumber() int {
	return int(C.plx_version_number())
}

var versionCheck = sync.OnceValue(func() error {
	header, library := HeaderVersionNumber, VersionNumber()
	// Before 1.0 minor versions are not ABI compatible; from 1.0 the major version names it.
	abi := func(v int) int {
		if v < 10000 {
			return v / 100
		}
		return v / 10000 * 100
	}
	if abi(header) != abi(library) {
		return goError("plx_version_number", StatusInvalidArgument,
			"the linked library is version "+versionText(library)+
				" but this package was built with plx.h "+versionText(header))
	}
	return nil
})

func versionText(v int) string {
	return strconv.Itoa(v/10000) + "." + strconv.Itoa(v/100%100) + "." + strconv.Itoa(v%100)
}

// Run is an open Polyaxon run, tracked in its run folder. A Run is safe for use by many
// goroutines at once. Close it when the program is done with it: Close writes the run's
// metadata and lineage files and marks it succeeded (or with the status given to
// LogFinalStatus). A Run that becomes unreachable without Close is closed by a cleanup when
// the garbage collector finds it, and runs still open at normal process exit are closed by
// the library, but neither reports errors: call Close.
//
// After Close every method returns an error that matches ErrRunClosed; UUID still works.
type Run struct {
	handle    C.plx_run
	uuid      string
	closeOnce sync.Once
	cleanup   runtime.Cleanup
}

// Option configures Open.
type Option func(*openConfig)

type openConfig struct {
	uuid          string
	flushInterval time.Duration
}

// WithUUID opens the run with this uuid (32 hex digits, dashes allowed): a run whose folder
// exists is resumed (its metadata and lineage reloaded, its event files appended to);
// otherwise a new run gets this uuid. Without it, Open creates a run with a new uuid.
func WithUUID(uuid string) Option {
	return func(c *openConfig) { c.uuid = uuid }
}

// WithFlushInterval sets how often the run's background writer flushes (see SetFlushInterval).
func WithFlushInterval(d time.Duration) Option {
	return func(c *openConfig) { c.flushInterval = d }
}

// Open opens a run (plx_run_open). Its folder is <root>/runs/<uuid>; root "" means
// $POLYAXON_OFFLINE_ROOT, else /tmp/plx/offline (inside a Polyaxon-managed job, "" root and no
// uuid open the job's own run). project is "owner/project" or "project"; "" means
// "default/default". When Open returns, the run folder and its outputs/, assets/, events/,
// plxlogs/ and resources/ folders exist.
//
// Errors: ErrInvalidArgument (project), ErrInvalidUUID, ErrAlreadyOpen (the run is open in this
// process), ErrInvalidJSON (a resumed run's metadata is corrupt), ErrIO.
func Open(root, project string, opts ...Option) (*Run, error) {
	const op = "plx_run_open"
	var config openConfig
	for _, opt := range opts {
		opt(&config)
	}
	if err := versionCheck(); err != nil {
		return nil, err
	}

	cRoot, err := cOptional(op, "root", root)
	if err != nil {
		return nil, err
	}
	cProject, err := cOptional(op, "project", project)
	if err != nil {
		return nil, err
	}
	cUUID, err := cOptional(op, "uuid", config.uuid)
	if err != nil {
		return nil, err
	}

	var handle C.plx_run
	err = callC(op, func() C.plx_status {
		return C.plx_run_open(cRoot, cProject, cUUID, &handle)
	})
	if err != nil {
		return nil, err
	}
	r := &Run{handle: handle}
	r.cleanup = runtime.AddCleanup(r, closeForgotten, handle)

	if r.uuid, err = r.queryUUID(); err != nil {
		r.Close()
		return nil, err
	}
	if config.flushInterval != 0 {
		if err := r.SetFlushInterval(config.flushInterval); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

// Resume opens the run with the given uuid under root: Open(root, project, WithUUID(uuid)).
// A run whose folder exists is resumed; otherwise a new run gets this uuid.
func Resume(root, project, uuid string, opts ...Option) (*Run, error) {
	return Open(root, project, append(opts[:len(opts):len(opts)], WithUUID(uuid))...)
}

// forgottenHook, when set (by tests), is called after a forgotten run was closed.
var forgottenHook atomic.Pointer[func(handle uint64)]

// closeForgotten is the garbage collector's backstop for a Run that was never closed.
func closeForgotten(handle C.plx_run) {
	C.plx_run_close(handle)
	if hook := forgottenHook.Load(); hook != nil {
		(*hook)(uint64(handle))
	}
}

// Close closes the run (plx_run_close): it writes every pending event, fsyncs the event files,
// adds one lineage entry per event file and each metric's last value to the outputs, marks the
// run succeeded unless LogFinalStatus was called, and writes run.plx.json and
// lineages.plx.json. The run is closed whatever the outcome; the error (ErrIO) says what could
// not be written. Close is idempotent: later calls wait for the first and return nil.
func (r *Run) Close() error {
	var err error
	r.closeOnce.Do(func() {
		r.cleanup.Stop()
		err = r.call("plx_run_close", func(h C.plx_run) C.plx_status {
			return C.plx_run_close(h)
		})
	})
	return err
}

// call runs one plx call on the run's handle (see callC), keeping r reachable until it
// returns so that the cleanup of a forgotten run cannot close the handle under the call.
func (r *Run) call(op string, f func(C.plx_run) C.plx_status) error {
	handle := r.handle
	err := callC(op, func() C.plx_status { return f(handle) })
	runtime.KeepAlive(r)
	return err
}

// UUID is the run's uuid, 32 lowercase hex digits (read once with plx_run_uuid at Open).
func (r *Run) UUID() string {
	return r.uuid
}

func (r *Run) queryUUID() (string, error) {
	var buf [64]byte
	var length C.size_t
	err := r.call("plx_run_uuid", func(h C.plx_run) C.plx_status {
		return C.plx_run_uuid(h, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &length)
	})
	if err != nil {
		return "", err
	}
	return string(buf[:length]), nil
}

// Dir is the absolute path of the run folder: ArtifactsPath("").
func (r *Run) Dir() (string, error) {
	return r.ArtifactsPath("")
}

// ArtifactsPath gives the absolute path of relPath inside the run folder, creating its parent
// folders (plx_artifacts_path); relPath "" gives the run folder. The program writes the file
// itself; record it with a ref call such as LogFileRef.
//
// Errors: ErrPathEscape (relPath absolute, or with ".."), ErrIO, ErrRunClosed.
func (r *Run) ArtifactsPath(relPath string) (string, error) {
	return r.path("plx_artifacts_path", relPath, false)
}

// OutputsPath is ArtifactsPath under the run's outputs/ folder (plx_outputs_path).
func (r *Run) OutputsPath(relPath string) (string, error) {
	return r.path("plx_outputs_path", relPath, true)
}

func (r *Run) path(op, relPath string, outputs bool) (string, error) {
	cRel, err := cOptional(op, "relPath", relPath)
	if err != nil {
		return "", err
	}
	var small [512]byte
	buf := small[:]
	for {
		var length C.size_t
		err := r.call(op, func(h C.plx_run) C.plx_status {
			out, size := (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf))
			if outputs {
				return C.plx_outputs_path(h, cRel, out, size, &length)
			}
			return C.plx_artifacts_path(h, cRel, out, size, &length)
		})
		if err == nil {
			return string(buf[:length]), nil
		}
		if !isStatus(err, StatusBufferTooSmall) || int(length) < len(buf) {
			return "", err
		}
		buf = make([]byte, int(length)+1)
	}
}

func isStatus(err error, status Status) bool {
	e, ok := err.(*Error)
	return ok && e.Status == status
}

// Flush writes every event logged so far, and the run's metadata and lineage files, before
// returning (plx_run_flush). Background flushes happen anyway, every second by default.
//
// Errors: ErrIO, ErrRunClosed.
func (r *Run) Flush() error {
	return r.call("plx_run_flush", func(h C.plx_run) C.plx_status {
		return C.plx_run_flush(h)
	})
}

// SetFlushInterval sets how often the run's background writer flushes, in whole milliseconds
// from 1 ms to 1 hour (plx_run_set_flush_interval); the default is 1 s.
//
// Errors: ErrInvalidArgument (out of range or not a whole number of milliseconds),
// ErrRunClosed.
func (r *Run) SetFlushInterval(d time.Duration) error {
	const op = "plx_run_set_flush_interval"
	if d%time.Millisecond != 0 || d < 0 || d/time.Millisecond > math.MaxUint32 {
		return goError(op, StatusInvalidArgument,
			"flush interval "+d.String()+" is not a whole number of milliseconds in range")
	}
	ms := C.uint32_t(d / time.Millisecond)
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_run_set_flush_interval(h, ms)
	})
}

// SetEventTime gives every event the run logs from now on the time t (to the microsecond), for
// programs that replay or import past data (plx_run_set_event_time). The setting belongs to
// the run: every goroutine logging into it shares it. ClearEventTime goes back to the clock.
//
// Errors: ErrInvalidArgument (outside the years 1 to 9999), ErrRunClosed.
func (r *Run) SetEventTime(t time.Time) error {
	micros := C.int64_t(t.UnixMicro())
	if micros == C.PLX_TIME_NOW {
		micros++ // a time so far in the past is refused by plx anyway; never mean "now"
	}
	return r.call("plx_run_set_event_time", func(h C.plx_run) C.plx_status {
		return C.plx_run_set_event_time(h, micros)
	})
}

// ClearEventTime gives events the current time again (plx_run_set_event_time with
// PLX_TIME_NOW).
func (r *Run) ClearEventTime() error {
	return r.call("plx_run_set_event_time", func(h C.plx_run) C.plx_status {
		return C.plx_run_set_event_time(h, C.PLX_TIME_NOW)
	})
}
