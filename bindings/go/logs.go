package plx

/*
#include "plx.h"
*/
import "C"

import "time"

// LogLine appends text to the run's log, plxlogs/logs.jsonl, one Polyaxon log row per line
// (plx_log_line). Empty lines are left out; lines over 32 KiB are split.
func (r *Run) LogLine(text string) error {
	const op = "plx_log_line"
	cText, err := cString(op, "text", text, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_line(h, cText)
	})
}

// StartOutputCapture copies everything the process writes to its file descriptors 1 and 2
// (fmt.Println, os.Stderr, and C code alike) into the run's log while it still reaches the
// original terminal or file, until StopOutputCapture or Close (plx_run_start_output_capture).
// Starting it twice is harmless; only one run of the process may capture at a time (ErrBusy).
func (r *Run) StartOutputCapture() error {
	return r.call("plx_run_start_output_capture", func(h C.plx_run) C.plx_status {
		return C.plx_run_start_output_capture(h)
	})
}

// StopOutputCapture stops the capture and restores descriptors 1 and 2
// (plx_run_stop_output_capture); harmless when the run does not capture.
func (r *Run) StopOutputCapture() error {
	return r.call("plx_run_stop_output_capture", func(h C.plx_run) C.plx_status {
		return C.plx_run_stop_output_capture(h)
	})
}

// StartResourceSampling samples CPU, memory, load, this process's CPU and resident memory, and
// NVIDIA GPUs when a driver is present, every interval (whole milliseconds from 10 ms to 24 h)
// into resources/metric/ until StopResourceSampling or Close
// (plx_run_start_resource_sampling). Calling it again changes the interval.
func (r *Run) StartResourceSampling(interval time.Duration) error {
	const op = "plx_run_start_resource_sampling"
	ms := interval / time.Millisecond
	if interval%time.Millisecond != 0 || ms < 10 || ms > 86_400_000 {
		return goError(op, StatusInvalidArgument,
			"interval must be a whole number of milliseconds from 10 ms to 24 h")
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_run_start_resource_sampling(h, C.uint32_t(ms))
	})
}

// StopResourceSampling stops the sampling (plx_run_stop_resource_sampling); harmless when the
// run does not sample.
func (r *Run) StopResourceSampling() error {
	return r.call("plx_run_stop_resource_sampling", func(h C.plx_run) C.plx_status {
		return C.plx_run_stop_resource_sampling(h)
	})
}

// InstallSignalHandlers opts in to plx's handlers for SIGTERM, SIGINT, SIGHUP and SIGABRT: every
// open run is flushed and closed (marked stopped, or failed for SIGABRT) before the signal takes
// its course (plx_install_signal_handlers). Go's own signal handling (os/signal.Notify) installed
// afterwards replaces these for the signals it is given.
func InstallSignalHandlers() error {
	return callC("plx_install_signal_handlers", func() C.plx_status {
		return C.plx_install_signal_handlers()
	})
}

// SetRank sets this process's rank in a job of size processes that log into one run, for runs
// opened afterwards (plx_set_rank). Without it plx reads the MPI or SLURM rank from the
// environment. Rank 0 writes the job's streams under their plain names; rank r > 0 writes its
// own, suffixed "__rank<r>", and its outputs under outputs/rank<r>/.
func SetRank(rank, size uint32) error {
	return callC("plx_set_rank", func() C.plx_status {
		return C.plx_set_rank(C.uint32_t(rank), C.uint32_t(size))
	})
}
