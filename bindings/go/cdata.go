package plx

/*
#include <stdint.h>
#include <stdlib.h>
*/
import "C"

import (
	"encoding/json"
	"math"
	"strings"
	"unsafe"
)

// Go values handed to C. Strings are copied into Go memory with a NUL added (cgo lets C read Go
// memory that holds no Go pointers for the duration of a call); arrays of strings are copied
// into C memory, because an array of pointers into Go memory would be Go memory holding Go
// pointers, which cgo forbids. Numeric slices are passed as they are.

// cString gives a NUL-terminated copy of s. When s fits in scratch (memory in the caller's
// frame) the copy goes there and nothing is allocated. A NUL byte inside s would silently cut
// the string short in C, so it is refused.
func cString(op, what, s string, scratch []byte) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, goError(op, StatusInvalidArgument, what+" contains a NUL byte")
	}
	buf := scratch
	if len(s) >= len(scratch) {
		buf = make([]byte, len(s)+1)
	}
	n := copy(buf, s)
	buf[n] = 0
	return (*C.char)(unsafe.Pointer(&buf[0])), nil
}

// cOptional is cString, with "" standing for an argument left out (NULL).
func cOptional(op, what, s string) (*C.char, error) {
	if s == "" {
		return nil, nil
	}
	return cString(op, what, s, nil)
}

// cJSON encodes v as JSON text for C. nilAsNull says whether a nil v stands for NULL (an
// argument left out); otherwise it is encoded, and then a nil map gives "{}".
func cJSON(op, what string, v any, nilAsNull bool) (*C.char, error) {
	if isNil(v) {
		if nilAsNull {
			return nil, nil
		}
		return cString(op, what, "{}", nil)
	}
	text, err := json.Marshal(v)
	if err != nil {
		return nil, &Error{Op: op, Status: StatusInvalidJSON,
			Message: what + " cannot be encoded as JSON: " + err.Error(), Err: err}
	}
	return cString(op, what, string(text), nil)
}

func isNil(v any) bool {
	switch m := v.(type) {
	case nil:
		return true
	case map[string]any:
		return m == nil
	}
	return false
}

// cStringArray is a C array of C strings, in one block of C memory.
type cStringArray struct {
	block unsafe.Pointer
}

// newCStringArray copies strs into C memory: the array of pointers, then the texts. Free it
// with free. An empty strs gives a NULL array, which plx accepts with a count of 0.
func newCStringArray(op, what string, strs []string) (cStringArray, error) {
	if len(strs) == 0 {
		return cStringArray{}, nil
	}
	pointerSize := unsafe.Sizeof((*C.char)(nil))
	size := uintptr(len(strs)) * pointerSize
	for _, s := range strs {
		if strings.IndexByte(s, 0) >= 0 {
			return cStringArray{}, goError(op, StatusInvalidArgument,
				what+" has a string with a NUL byte: "+strings.ReplaceAll(s, "\x00", `\0`))
		}
		size += uintptr(len(s)) + 1
	}

	block := C.malloc(C.size_t(size))
	pointers := unsafe.Slice((**C.char)(block), len(strs))
	text := unsafe.Slice((*byte)(unsafe.Add(block, uintptr(len(strs))*pointerSize)),
		size-uintptr(len(strs))*pointerSize)
	offset := 0
	for i, s := range strs {
		pointers[i] = (*C.char)(unsafe.Pointer(&text[offset]))
		offset += copy(text[offset:], s)
		text[offset] = 0
		offset++
	}
	return cStringArray{block: block}, nil
}

func (a cStringArray) ptr() **C.char {
	return (**C.char)(a.block)
}

func (a cStringArray) free() {
	if a.block != nil {
		C.free(a.block)
	}
}

func cDoubles(s []float64) *C.double {
	if len(s) == 0 {
		return nil
	}
	return (*C.double)(unsafe.Pointer(&s[0]))
}

func cFloats(s []float32) *C.float {
	if len(s) == 0 {
		return nil
	}
	return (*C.float)(unsafe.Pointer(&s[0]))
}

func cBytes(s []byte) *C.uint8_t {
	if len(s) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&s[0]))
}

func cInt16s(s []int16) *C.int16_t {
	if len(s) == 0 {
		return nil
	}
	return (*C.int16_t)(unsafe.Pointer(&s[0]))
}

// cUint32 converts a Go int argument to a C uint32_t, refusing what does not fit.
func cUint32(op, what string, v int) (C.uint32_t, error) {
	if v < 0 || uint64(v) > math.MaxUint32 {
		return 0, goError(op, StatusInvalidArgument, what+" is out of range")
	}
	return C.uint32_t(v), nil
}
