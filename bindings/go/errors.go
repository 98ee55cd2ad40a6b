package plx

/*
#include "plx.h"

#cgo noescape plx_last_error_message
#cgo nocallback plx_last_error_message
#cgo nocallback plx_status_str
*/
import "C"

import (
	"io/fs"
	"runtime"
	"unsafe"
)

// Status is a plx status code: StatusOK (0) or one of the error codes of plx.h. Codes have fixed
// values that are never reused.
type Status int32

// The status codes of plx.h.
const (
	StatusOK              Status = C.PLX_OK
	StatusNullArgument    Status = C.PLX_ERR_NULL_ARGUMENT
	StatusInvalidUTF8     Status = C.PLX_ERR_INVALID_UTF8
	StatusInvalidArgument Status = C.PLX_ERR_INVALID_ARGUMENT
	StatusInvalidName     Status = C.PLX_ERR_INVALID_NAME
	StatusInvalidUUID     Status = C.PLX_ERR_INVALID_UUID
	StatusInvalidJSON     Status = C.PLX_ERR_INVALID_JSON
	StatusPathEscape      Status = C.PLX_ERR_PATH_ESCAPE
	StatusInvalidHandle   Status = C.PLX_ERR_INVALID_HANDLE
	StatusRunClosed       Status = C.PLX_ERR_RUN_CLOSED
	StatusBufferTooSmall  Status = C.PLX_ERR_BUFFER_TOO_SMALL
	StatusIO              Status = C.PLX_ERR_IO
	StatusAlreadyOpen     Status = C.PLX_ERR_ALREADY_OPEN
	StatusAlreadyFinished Status = C.PLX_ERR_ALREADY_FINISHED
	StatusInternal        Status = C.PLX_ERR_INTERNAL
	StatusShapeMismatch   Status = C.PLX_ERR_SHAPE_MISMATCH
	StatusNotFound        Status = C.PLX_ERR_NOT_FOUND
	StatusEmpty           Status = C.PLX_ERR_EMPTY
	StatusLimit           Status = C.PLX_ERR_LIMIT
	StatusBusy            Status = C.PLX_ERR_BUSY
)

// String gives the library's static text for the status (plx_status_str).
func (s Status) String() string {
	return C.GoString(C.plx_status_str(C.plx_status(s)))
}

// Error is a failed plx call: the function that failed (Op, a plx.h name), its status, and the
// message plx gave for it, which names the argument or path involved. Checks that the Go layer
// makes before calling C (a NUL byte inside a string, slices whose lengths disagree, a value
// that does not fit a C argument, JSON that cannot be encoded) give an Error too, with the
// status the library uses for the same kind of fault.
//
// Compare errors with errors.Is and the sentinels below (errors.Is(err, plx.ErrRunClosed)); a
// StatusNotFound error also matches fs.ErrNotExist.
type Error struct {
	Op      string
	Status  Status
	Message string
	Err     error // the Go error behind a Go-side check, such as a JSON encoding error, or nil
}

func (e *Error) Error() string {
	text := e.Status.String()
	if e.Message != "" {
		text = e.Message + " (" + text + ")"
	}
	if e.Op != "" {
		text = e.Op + ": " + text
	}
	return "plx: " + text
}

// Unwrap gives the Go error behind a Go-side check, if any.
func (e *Error) Unwrap() error {
	return e.Err
}

// Is reports whether target is the sentinel of e's status (an *Error with only a Status), or
// fs.ErrNotExist for StatusNotFound.
func (e *Error) Is(target error) bool {
	if target == fs.ErrNotExist {
		return e.Status == StatusNotFound
	}
	sentinel, ok := target.(*Error)
	return ok && sentinel.Op == "" && sentinel.Message == "" && sentinel.Err == nil &&
		sentinel.Status == e.Status
}

// Sentinel errors, one per status, for errors.Is.
var (
	ErrNullArgument    = &Error{Status: StatusNullArgument}
	ErrInvalidUTF8     = &Error{Status: StatusInvalidUTF8}
	ErrInvalidArgument = &Error{Status: StatusInvalidArgument}
	ErrInvalidName     = &Error{Status: StatusInvalidName}
	ErrInvalidUUID     = &Error{Status: StatusInvalidUUID}
	ErrInvalidJSON     = &Error{Status: StatusInvalidJSON}
	ErrPathEscape      = &Error{Status: StatusPathEscape}
	ErrInvalidHandle   = &Error{Status: StatusInvalidHandle}
	ErrRunClosed       = &Error{Status: StatusRunClosed}
	ErrBufferTooSmall  = &Error{Status: StatusBufferTooSmall}
	ErrIO              = &Error{Status: StatusIO}
	ErrAlreadyOpen     = &Error{Status: StatusAlreadyOpen}
	ErrAlreadyFinished = &Error{Status: StatusAlreadyFinished}
	ErrInternal        = &Error{Status: StatusInternal}
	ErrShapeMismatch   = &Error{Status: StatusShapeMismatch}
	ErrNotFound        = &Error{Status: StatusNotFound}
	ErrEmpty           = &Error{Status: StatusEmpty}
	ErrLimit           = &Error{Status: StatusLimit}
	ErrBusy            = &Error{Status: StatusBusy}
)

// callC runs one plx call and, when it fails, reads the library's message for it. The message
// is thread-local in plx, so the call and the read happen with the goroutine locked to its OS
// thread: otherwise the scheduler could move the goroutine between them and the read would see
// another thread's message.
func callC(op string, f func() C.plx_status) error {
	runtime.LockOSThread()
	status := f()
	var err error
	if status != C.PLX_OK {
		err = &Error{Op: op, Status: Status(status), Message: lastErrorMessage()}
	}
	runtime.UnlockOSThread()
	return err
}

// lastErrorMessage reads the message of the last failed call on this thread. The caller holds
// the OS thread (see callC).
func lastErrorMessage() string {
	var small [256]byte
	var needed C.size_t
	buf := small[:]
	for {
		status := C.plx_last_error_message((*C.char)(unsafe.Pointer(&buf[0])),
			C.size_t(len(buf)), &needed)
		if status == C.PLX_OK {
			return string(buf[:needed])
		}
		if status != C.PLX_ERR_BUFFER_TOO_SMALL || int(needed) < len(buf) {
			return ""
		}
		buf = make([]byte, int(needed)+1)
	}
}

// goError is an error found by the Go layer before calling C.
func goError(op string, status Status, message string) error {
	return &Error{Op: op, Status: status, Message: message}
}
