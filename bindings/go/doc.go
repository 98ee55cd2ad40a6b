// Package plx tracks runs of Go programs in Polyaxon's format, through libplx's C API (plx.h).
// Every function of plx.h has a Go counterpart; each method's doc names the C function it
// calls, whose documentation in plx.h says the rest.
//
//	run, err := plx.Open("", "acme/heat") // "" root: $POLYAXON_OFFLINE_ROOT
//	if err != nil {
//		return err
//	}
//	defer run.Close()
//	run.LogInputs(map[string]any{"alpha": 0.24, "steps": 400})
//	for step := int64(0); step < 400; step++ {
//		run.LogMetric("heat/total", total, step)
//	}
//	if err := run.Close(); err != nil { // writes run.plx.json and lineages.plx.json
//		return err
//	}
//
// # Building
//
// The package needs libplx and plx.h at build time (cgo) and libplx at run time. By default it
// links with -lplx and relies on the compiler's search paths plus CGO_CFLAGS and CGO_LDFLAGS;
// for an uninstalled build tree:
//
//	CGO_CFLAGS="-I$REPO/include"
//	CGO_LDFLAGS="-L$REPO/target/release -Wl,-rpath,$REPO/target/release"
//
// With the build tag plx_pkgconfig the flags come from pkg-config's plx.pc instead
// (go build -tags plx_pkgconfig). The package refuses to open runs when the linked library's
// ABI version differs from the header's (VersionNumber, HeaderVersionNumber).
//
// # Steps
//
// Steps are int64. NoStep (math.MinInt64, PLX_NO_STEP) marks an event without a step.
//
// # Errors
//
// Every failure is an *Error: the plx.h function (Op), its Status and the library's message,
// which names the argument or path involved. Use errors.Is with the sentinels (ErrRunClosed,
// ErrInvalidName, ErrNotFound...) and errors.As to reach the fields. The library keeps the
// message per OS thread; the package reads it on the thread of the failing call. Checks the
// library cannot make because C has no lengths (a pixel slice shorter than height*width*
// channels, curve slices of different lengths, a string with a NUL byte) are made in Go first
// and reported with the status the library uses for that kind of fault.
//
// # Strings, maps and slices
//
// An optional C string argument is "" in Go (NULL in C). Maps given as JSON (inputs, outputs,
// meta, summaries, model specs) are encoded with encoding/json. Go slices are passed to C
// without copying; string arrays are copied into C memory for the call.
//
// # Goroutines
//
// A Run may be used by many goroutines at once; plx formats a row on the calling goroutine and
// its own writer thread appends it, so LogMetric costs a few hundred nanoseconds and no disk
// I/O. Close is idempotent. A Run that becomes unreachable without Close is closed by a
// runtime cleanup; call Close anyway, since only Close reports errors.
package plx
