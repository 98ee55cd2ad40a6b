package plx

/*
#include "plx.h"

#cgo noescape plx_log_inputs
#cgo nocallback plx_log_inputs
#cgo noescape plx_log_outputs
#cgo nocallback plx_log_outputs
#cgo noescape plx_log_input_number
#cgo nocallback plx_log_input_number
#cgo noescape plx_log_input_string
#cgo nocallback plx_log_input_string
#cgo noescape plx_log_output_number
#cgo nocallback plx_log_output_number
#cgo noescape plx_log_output_string
#cgo nocallback plx_log_output_string
#cgo nocallback plx_log_tags
#cgo noescape plx_set_name
#cgo nocallback plx_set_name
#cgo noescape plx_set_description
#cgo nocallback plx_set_description
#cgo noescape plx_log_meta
#cgo nocallback plx_log_meta
#cgo nocallback plx_log_progress
#cgo noescape plx_log_final_status
#cgo nocallback plx_log_final_status
*/
import "C"

// FinalStatus is the final status of a run, given with LogFinalStatus.
type FinalStatus int32

// The final statuses of plx.h.
const (
	Succeeded FinalStatus = C.PLX_FINAL_SUCCEEDED
	Failed    FinalStatus = C.PLX_FINAL_FAILED
	Stopped   FinalStatus = C.PLX_FINAL_STOPPED
)

// LogInputs merges values into the run's inputs (its parameters), encoded as a JSON object
// (plx_log_inputs). Keys are sanitised as event names are; a key logged again takes the new
// value. A nil map changes nothing.
//
// Errors: ErrInvalidJSON (a value that encoding/json cannot encode, such as NaN),
// ErrInvalidName (a key), ErrRunClosed.
func (r *Run) LogInputs(values map[string]any) error {
	const op = "plx_log_inputs"
	cJSONText, err := cJSON(op, "inputs", values, false)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_inputs(h, cJSONText)
	})
}

// LogOutputs merges values into the run's outputs, as LogInputs does for inputs
// (plx_log_outputs). At Close the last value of each metric is added too.
func (r *Run) LogOutputs(values map[string]any) error {
	const op = "plx_log_outputs"
	cJSONText, err := cJSON(op, "outputs", values, false)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_outputs(h, cJSONText)
	})
}

// LogInputNumber sets one numeric input (plx_log_input_number). NaN and infinities are
// refused with ErrInvalidArgument.
func (r *Run) LogInputNumber(name string, value float64) error {
	const op = "plx_log_input_number"
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_input_number(h, cName, C.double(value))
	})
}

// LogInputString sets one text input (plx_log_input_string).
func (r *Run) LogInputString(name, value string) error {
	const op = "plx_log_input_string"
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	cValue, err := cString(op, "value", value, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_input_string(h, cName, cValue)
	})
}

// LogOutputNumber sets one numeric output (plx_log_output_number). NaN and infinities are
// refused with ErrInvalidArgument.
func (r *Run) LogOutputNumber(name string, value float64) error {
	const op = "plx_log_output_number"
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_output_number(h, cName, C.double(value))
	})
}

// LogOutputString sets one text output (plx_log_output_string).
func (r *Run) LogOutputString(name, value string) error {
	const op = "plx_log_output_string"
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	cValue, err := cString(op, "value", value, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_output_string(h, cName, cValue)
	})
}

// LogTags adds tags to the run; tags it has already are not repeated (plx_log_tags). An empty
// tag is refused with ErrInvalidArgument, and then no tag of the call is added.
func (r *Run) LogTags(tags ...string) error {
	const op = "plx_log_tags"
	cTags, err := newCStringArray(op, "tags", tags)
	if err != nil {
		return err
	}
	defer cTags.free()
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_tags(h, cTags.ptr(), C.size_t(len(tags)))
	})
}

// SetName sets the run's display name (plx_set_name).
func (r *Run) SetName(name string) error {
	const op = "plx_set_name"
	cName, err := cString(op, "name", name, nil)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_set_name(h, cName)
	})
}

// SetDescription sets the run's description; "" removes it (plx_set_description).
func (r *Run) SetDescription(description string) error {
	const op = "plx_set_description"
	cDescription, err := cOptional(op, "description", description)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_set_description(h, cDescription)
	})
}

// LogMeta merges values, encoded as a JSON object, into the run's meta_info (plx_log_meta).
func (r *Run) LogMeta(values map[string]any) error {
	const op = "plx_log_meta"
	cJSONText, err := cJSON(op, "meta", values, false)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_meta(h, cJSONText)
	})
}

// LogProgress sets the run's progress, from 0 to 1 (plx_log_progress).
//
// Errors: ErrInvalidArgument (outside [0, 1] or NaN), ErrRunClosed.
func (r *Run) LogProgress(progress float64) error {
	return r.call("plx_log_progress", func(h C.plx_run) C.plx_status {
		return C.plx_log_progress(h, C.double(progress))
	})
}

// LogFinalStatus gives the run its final status, with a message ("" for Polyaxon's default
// text) (plx_log_final_status). Close then keeps this status instead of marking the run
// succeeded; logging continues to work until Close.
//
// Errors: ErrInvalidArgument (unknown status), ErrAlreadyFinished (a final status was given
// already), ErrRunClosed.
func (r *Run) LogFinalStatus(status FinalStatus, message string) error {
	const op = "plx_log_final_status"
	cMessage, err := cOptional(op, "message", message)
	if err != nil {
		return err
	}
	return r.call(op, func(h C.plx_run) C.plx_status {
		return C.plx_log_final_status(h, C.int32_t(status), cMessage)
	})
}
