//go:build !plx_pkgconfig

package plx

// By default the package links with -lplx and finds plx.h and libplx through the compiler's
// default search paths (a library installed under /usr/local, for instance) plus whatever
// CGO_CFLAGS and CGO_LDFLAGS add. To build against an uninstalled build tree:
//
//	CGO_CFLAGS="-I<repo>/include"
//	CGO_LDFLAGS="-L<repo>/target/release -Wl,-rpath,<repo>/target/release"
//
// Build with the tag plx_pkgconfig to ask pkg-config (plx.pc) instead.

// #cgo LDFLAGS: -lplx
import "C"
