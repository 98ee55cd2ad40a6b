package plx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestErrorValues(t *testing.T) {
	run, _ := openRun(t)
	missing := filepath.Join(t.TempDir(), "missing.bin")

	err := run.LogModel("m", missing, "", nil, 1)
	e := wantStatus(t, err, ErrNotFound)
	if e.Op != "plx_log_model" || !strings.Contains(e.Message, missing) {
		t.Errorf("error %#v does not name its call and path", e)
	}
	want := "plx: plx_log_model: " + e.Message + " (" + StatusNotFound.String() + ")"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("a StatusNotFound error does not match fs.ErrNotExist")
	}
	if errors.Is(err, ErrIO) || errors.Is(err, &Error{Status: StatusNotFound, Message: "x"}) {
		t.Error("errors.Is matches what is not a sentinel of the error's status")
	}
	if !errors.Is(fmt.Errorf("wrapped: %w", err), ErrNotFound) {
		t.Error("a wrapped error does not match its sentinel")
	}

	err = run.LogInputs(map[string]any{"x": math.NaN()})
	var jsonErr *json.UnsupportedValueError
	if !errors.Is(err, ErrInvalidJSON) || !errors.As(err, &jsonErr) {
		t.Errorf("JSON encoding error %v does not unwrap to its cause", err)
	}

	if got := (&Error{Status: StatusEmpty}).Error(); got != "plx: "+StatusEmpty.String() {
		t.Errorf("sentinel text %q", got)
	}
}

// The message of a failed call is thread-local in plx; the binding must read it on the thread
// of the call. Many goroutines fail with their own paths while others succeed (which clears
// the message of their thread); every error must carry the message of its own call.
func TestErrorMessagesStayWithTheirCall(t *testing.T) {
	run, _ := openRun(t)
	base := t.TempDir()
	goroutines, calls := 4*runtime.GOMAXPROCS(0), 200

	var wg sync.WaitGroup
	failures := make(chan string, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				path := filepath.Join(base, fmt.Sprintf("g%d-call%d.png", g, i))
				err := run.LogImageFile("missing", path, int64(i))
				var e *Error
				if !errors.As(err, &e) || e.Status != StatusNotFound ||
					!strings.Contains(e.Message, path) {
					failures <- fmt.Sprintf("call for %s gave %v", path, err)
					return
				}
				if err := run.LogMetric("ok", float64(i), int64(g*calls+i)); err != nil {
					failures <- err.Error()
					return
				}
				runtime.Gosched()
			}
		}()
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
}

func TestStringsWithNULAreRefused(t *testing.T) {
	run, _ := openRun(t)

	e := wantStatus(t, run.LogText("notes", "cut\x00here", 1), ErrInvalidArgument)
	if !strings.Contains(e.Message, "NUL") {
		t.Errorf("message %q does not say why", e.Message)
	}
	wantStatus(t, run.LogMetrics(map[string]float64{"a\x00": 1}, 1), ErrInvalidArgument)
	wantStatus(t, run.LogConfusionMatrix("m", []string{"a"}, []string{"b\x00"},
		[][]float64{{1}}, 1), ErrInvalidArgument)
	_, err := run.OutputsPath("a\x00b")
	wantStatus(t, err, ErrInvalidArgument)
}

// A Run that did not come from Open has handle 0, which plx never issues.
func TestZeroRunIsAnInvalidHandle(t *testing.T) {
	var run Run

	wantStatus(t, run.LogMetric("loss", 1, 0), ErrInvalidHandle)
	wantStatus(t, run.Close(), ErrInvalidHandle)
	if err := run.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}
