package plx

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Many goroutines log into one run; every row must arrive exactly once.
func TestConcurrentLogging(t *testing.T) {
	run, dir := openRun(t, WithFlushInterval(time.Millisecond))
	goroutines, perGoroutine := 16, 500

	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := fmt.Sprintf("worker_%02d", g)
			for i := 0; i < perGoroutine; i++ {
				step := int64(g*perGoroutine + i)
				if err := run.LogMetric("shared", float64(step), step); err != nil {
					errs <- err
					return
				}
				if err := run.LogMetric(own, float64(i), int64(i)); err != nil {
					errs <- err
					return
				}
				if i%100 == 0 {
					if err := run.LogText("notes", own+" at "+strconv.Itoa(i), step); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	closeRun(t, run)

	seen := make([]int, goroutines*perGoroutine)
	for _, r := range readRows(t, filepath.Join(dir, "events/metric/shared.plx"), "metric") {
		step, err := strconv.Atoi(r.step)
		if err != nil || step < 0 || step >= len(seen) || r.value != strconv.Itoa(step)+".0" {
			t.Fatalf("bad row %+v", r)
		}
		seen[step]++
	}
	for step, n := range seen {
		if n != 1 {
			t.Fatalf("step %d arrived %d times", step, n)
		}
	}
	for g := 0; g < goroutines; g++ {
		rows := readRows(t, filepath.Join(dir, "events/metric", fmt.Sprintf("worker_%02d.plx", g)),
			"metric")
		if len(rows) != perGoroutine {
			t.Fatalf("worker %d: %d rows, want %d", g, len(rows), perGoroutine)
		}
		for i, r := range rows { // one goroutine's rows keep its order
			if r.step != strconv.Itoa(i) {
				t.Fatalf("worker %d: row %d has step %s", g, i, r.step)
			}
		}
	}
	if notes := readJSONRows(t, filepath.Join(dir, "events/text/notes.plx")); len(notes) !=
		goroutines*perGoroutine/100 {
		t.Fatalf("%d text rows, want %d", len(notes), goroutines*perGoroutine/100)
	}
}

// Close racing with logging: every call either lands before the close or says the run is
// closed, and the file holds exactly the rows whose calls succeeded.
func TestCloseWhileLogging(t *testing.T) {
	run, dir := openRun(t)
	goroutines := 8

	var logging, done sync.WaitGroup
	logged := make([]int, goroutines)
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		logging.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			for {
				err := run.LogMetric("racing", 1, int64(g))
				if logged[g] == 0 {
					logging.Done() // the close starts once every goroutine has logged
				}
				if errors.Is(err, ErrRunClosed) && logged[g] > 0 {
					return
				}
				if err != nil {
					errs <- err
					return
				}
				logged[g]++
			}
		}()
	}
	logging.Wait()
	closeRun(t, run)
	done.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	total := 0
	for _, n := range logged {
		total += n
	}
	if rows := readRows(t, filepath.Join(dir, "events/metric/racing.plx"), "metric"); len(rows) !=
		total {
		t.Fatalf("%d rows on disk, %d calls succeeded", len(rows), total)
	}
}

// abandon opens a run, logs into it and drops it without Close.
//
//go:noinline
func abandon(t *testing.T, root string) (uuid string, handle uint64) {
	run, err := Open(root, "acme/forgotten")
	must(t, err)
	must(t, run.LogMetric("loss", 0.5, 1))
	return run.UUID(), uint64(run.handle)
}

// A Run that becomes unreachable is closed by its cleanup: the run is marked succeeded and
// its rows are written.
func TestForgottenRunIsClosed(t *testing.T) {
	root := t.TempDir()
	closed := make(chan uint64, 16)
	hook := func(handle uint64) { closed <- handle }
	forgottenHook.Store(&hook)
	defer forgottenHook.Store(nil)

	uuid, handle := abandon(t, root)
	deadline := time.After(30 * time.Second)
	for done := false; !done; {
		runtime.GC()
		select {
		case h := <-closed:
			done = h == handle
		case <-deadline:
			t.Fatal("the forgotten run was not closed after 30 s of garbage collections")
		case <-time.After(10 * time.Millisecond): // collect again: the cleanup is queued by a GC
		}
	}

	dir := filepath.Join(root, "runs", uuid)
	if meta := readRunMeta(t, dir); meta.Status != "succeeded" {
		t.Fatalf("forgotten run status %q", meta.Status)
	}
	rows := readRows(t, filepath.Join(dir, "events/metric/loss.plx"), "metric")
	if len(rows) != 1 || rows[0].value != "0.5" {
		t.Fatalf("forgotten run rows %+v", rows)
	}
}
