//go:build plx_pkgconfig

package plx

// With the build tag plx_pkgconfig, the compiler and linker flags come from pkg-config's
// plx.pc, as installed by the CMake package (set PKG_CONFIG_PATH for a non-standard prefix).

// #cgo pkg-config: plx
import "C"
