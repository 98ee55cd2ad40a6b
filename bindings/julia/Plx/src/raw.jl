# The raw layer: one Julia function per function of include/plx.h, each a single `ccall` with
# the header's argument types, and the header's macros as constants. Nothing here checks a
# status or converts a value beyond what `ccall` does; the Julian layer (run.jl and the files
# after it) does that. bindings/julia/check_ccalls.py compares every ccall and every `PLX_*`
# constant below with plx.h; run it after changing either side.
#
# Types: plx_run is uint64_t (UInt64), plx_status is int32_t (Int32). A `plx_run` argument also
# accepts a `Plx.Run`, through the `cconvert`/`unsafe_convert` methods in run.jl, which keep the
# Run alive for the duration of the call.

module LibPlx

"""
The shared library every ccall loads: `ENV["PLX_LIBRARY"]` when it is set as `Plx` is loaded,
else `"libplx"`, found by the system's library search (`LD_LIBRARY_PATH`, the ld.so cache,
`DYLD_LIBRARY_PATH` on macOS). The first call of each function reads it; changing it later has
no effect on functions already called.
"""
const LIBRARY = Ref{String}("libplx")

function __init__()
    LIBRARY[] = get(ENV, "PLX_LIBRARY", "libplx")
    return nothing
end

# Macros of plx.h.
const PLX_VERSION_STRING = "0.1.0"
const PLX_VERSION_MAJOR = 0
const PLX_VERSION_MINOR = 1
const PLX_VERSION_PATCH = 0
const PLX_VERSION_NUMBER = UInt32(100)
const PLX_NO_STEP = typemin(Int64)
const PLX_TIME_NOW = typemin(Int64)
const PLX_FINAL_SUCCEEDED = Int32(1)
const PLX_FINAL_FAILED = Int32(2)
const PLX_FINAL_STOPPED = Int32(3)

# Statuses (plx_status); values are never reused.
const PLX_OK = Int32(0)
const PLX_ERR_NULL_ARGUMENT = Int32(1)
const PLX_ERR_INVALID_UTF8 = Int32(2)
const PLX_ERR_INVALID_ARGUMENT = Int32(3)
const PLX_ERR_INVALID_NAME = Int32(4)
const PLX_ERR_INVALID_UUID = Int32(5)
const PLX_ERR_INVALID_JSON = Int32(6)
const PLX_ERR_PATH_ESCAPE = Int32(7)
const PLX_ERR_INVALID_HANDLE = Int32(8)
const PLX_ERR_RUN_CLOSED = Int32(9)
const PLX_ERR_BUFFER_TOO_SMALL = Int32(10)
const PLX_ERR_IO = Int32(11)
const PLX_ERR_ALREADY_OPEN = Int32(12)
const PLX_ERR_ALREADY_FINISHED = Int32(13)
const PLX_ERR_INTERNAL = Int32(14)
const PLX_ERR_SHAPE_MISMATCH = Int32(15)
const PLX_ERR_NOT_FOUND = Int32(16)
const PLX_ERR_EMPTY = Int32(17)
const PLX_ERR_LIMIT = Int32(18)
const PLX_ERR_BUSY = Int32(19)

# Versioned assets.

function plx_log_image(run, name, pixels, height, width, channels, step)
    ccall((:plx_log_image, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{UInt8}, UInt32, UInt32, UInt32, Int64),
          run, name, pixels, height, width, channels, step)
end

function plx_log_image_float(run, name, pixels, height, width, channels, step)
    ccall((:plx_log_image_float, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cfloat}, UInt32, UInt32, UInt32, Int64),
          run, name, pixels, height, width, channels, step)
end

function plx_log_image_file(run, name, path, step)
    ccall((:plx_log_image_file, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Int64),
          run, name, path, step)
end

function plx_log_audio(run, name, samples, frames, channels, sample_rate, step)
    ccall((:plx_log_audio, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cfloat}, Csize_t, UInt32, UInt32, Int64),
          run, name, samples, frames, channels, sample_rate, step)
end

function plx_log_audio_int16(run, name, samples, frames, channels, sample_rate, step)
    ccall((:plx_log_audio_int16, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Int16}, Csize_t, UInt32, UInt32, Int64),
          run, name, samples, frames, channels, sample_rate, step)
end

function plx_log_audio_file(run, name, path, content_type, step)
    ccall((:plx_log_audio_file, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Cstring, Int64),
          run, name, path, content_type, step)
end

function plx_log_video_file(run, name, path, content_type, step)
    ccall((:plx_log_video_file, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Cstring, Int64),
          run, name, path, content_type, step)
end

function plx_log_model(run, name, path, framework, spec_json, step)
    ccall((:plx_log_model, LIBRARY[]), Int32,
          (UInt64, Cstring, Cstring, Cstring, Cstring, Int64),
          run, name, path, framework, spec_json, step)
end

function plx_log_artifact(run, name, path, kind, step)
    ccall((:plx_log_artifact, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Cstring, Int64),
          run, name, path, kind, step)
end

function plx_log_dataframe_file(run, name, path, step)
    ccall((:plx_log_dataframe_file, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Int64),
          run, name, path, step)
end

function plx_log_dataframe_csv(run, name, csv_text, step)
    ccall((:plx_log_dataframe_csv, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Int64),
          run, name, csv_text, step)
end

# Lineage references.

function plx_log_artifact_ref(run, path, kind, name, summary_json, is_input)
    ccall((:plx_log_artifact_ref, LIBRARY[]), Int32,
          (UInt64, Cstring, Cstring, Cstring, Cstring, Bool),
          run, path, kind, name, summary_json, is_input)
end

function plx_log_model_ref(run, path, name, framework, summary_json, is_input)
    ccall((:plx_log_model_ref, LIBRARY[]), Int32,
          (UInt64, Cstring, Cstring, Cstring, Cstring, Bool),
          run, path, name, framework, summary_json, is_input)
end

function plx_log_file_ref(run, path, name, summary_json, is_input)
    ccall((:plx_log_file_ref, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Cstring, Bool),
          run, path, name, summary_json, is_input)
end

function plx_log_dir_ref(run, path, name, summary_json, is_input)
    ccall((:plx_log_dir_ref, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Cstring, Bool),
          run, path, name, summary_json, is_input)
end

function plx_log_data_ref(run, name, path, hash, summary_json, is_input)
    ccall((:plx_log_data_ref, LIBRARY[]), Int32,
          (UInt64, Cstring, Cstring, Cstring, Cstring, Bool),
          run, name, path, hash, summary_json, is_input)
end

function plx_log_code_ref(run, commit, branch, url, is_dirty)
    ccall((:plx_log_code_ref, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Cstring, Bool),
          run, commit, branch, url, is_dirty)
end

function plx_log_tensorboard_ref(run, path, name)
    ccall((:plx_log_tensorboard_ref, LIBRARY[]), Int32, (UInt64, Cstring, Cstring),
          run, path, name)
end

# Events.

function plx_log_metric(run, name, value, step)
    ccall((:plx_log_metric, LIBRARY[]), Int32, (UInt64, Cstring, Cdouble, Int64),
          run, name, value, step)
end

function plx_log_metrics(run, names, values, count, step)
    ccall((:plx_log_metrics, LIBRARY[]), Int32,
          (UInt64, Ptr{Cstring}, Ptr{Cdouble}, Csize_t, Int64),
          run, names, values, count, step)
end

function plx_log_text(run, name, text, step)
    ccall((:plx_log_text, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Int64),
          run, name, text, step)
end

function plx_log_html(run, name, html, step)
    ccall((:plx_log_html, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Int64),
          run, name, html, step)
end

function plx_log_histogram(run, name, values, count, bins, step)
    ccall((:plx_log_histogram, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cdouble}, Csize_t, UInt32, Int64),
          run, name, values, count, bins, step)
end

function plx_log_histogram_counts(run, name, counts, edges, bin_count, step)
    ccall((:plx_log_histogram_counts, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cdouble}, Ptr{Cdouble}, Csize_t, Int64),
          run, name, counts, edges, bin_count, step)
end

function plx_log_roc_curve(run, name, fpr, tpr, count, auc, step)
    ccall((:plx_log_roc_curve, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cdouble}, Ptr{Cdouble}, Csize_t, Cdouble, Int64),
          run, name, fpr, tpr, count, auc, step)
end

function plx_log_pr_curve(run, name, precision, recall, count, average_precision, step)
    ccall((:plx_log_pr_curve, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cdouble}, Ptr{Cdouble}, Csize_t, Cdouble, Int64),
          run, name, precision, recall, count, average_precision, step)
end

function plx_log_curve(run, name, x, y, count, annotation, step)
    ccall((:plx_log_curve, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cdouble}, Ptr{Cdouble}, Csize_t, Cstring, Int64),
          run, name, x, y, count, annotation, step)
end

function plx_log_confusion_matrix(run, name, x_labels, x_count, y_labels, y_count, z, rows,
                                  cols, step)
    ccall((:plx_log_confusion_matrix, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{Cstring}, Csize_t, Ptr{Cstring}, Csize_t, Ptr{Cdouble},
           Csize_t, Csize_t, Int64),
          run, name, x_labels, x_count, y_labels, y_count, z, rows, cols, step)
end

function plx_log_chart(run, name, chart_kind, figure_json, step)
    ccall((:plx_log_chart, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Cstring, Int64),
          run, name, chart_kind, figure_json, step)
end

# Logs and system resources.

function plx_log_line(run, text)
    ccall((:plx_log_line, LIBRARY[]), Int32, (UInt64, Cstring), run, text)
end

function plx_run_start_output_capture(run)
    ccall((:plx_run_start_output_capture, LIBRARY[]), Int32, (UInt64,), run)
end

function plx_run_stop_output_capture(run)
    ccall((:plx_run_stop_output_capture, LIBRARY[]), Int32, (UInt64,), run)
end

function plx_run_start_resource_sampling(run, interval_ms)
    ccall((:plx_run_start_resource_sampling, LIBRARY[]), Int32, (UInt64, UInt32),
          run, interval_ms)
end

function plx_run_stop_resource_sampling(run)
    ccall((:plx_run_stop_resource_sampling, LIBRARY[]), Int32, (UInt64,), run)
end

# Run metadata.

function plx_log_inputs(run, json_object)
    ccall((:plx_log_inputs, LIBRARY[]), Int32, (UInt64, Cstring), run, json_object)
end

function plx_log_outputs(run, json_object)
    ccall((:plx_log_outputs, LIBRARY[]), Int32, (UInt64, Cstring), run, json_object)
end

function plx_log_input_number(run, name, value)
    ccall((:plx_log_input_number, LIBRARY[]), Int32, (UInt64, Cstring, Cdouble),
          run, name, value)
end

function plx_log_input_string(run, name, value)
    ccall((:plx_log_input_string, LIBRARY[]), Int32, (UInt64, Cstring, Cstring),
          run, name, value)
end

function plx_log_output_number(run, name, value)
    ccall((:plx_log_output_number, LIBRARY[]), Int32, (UInt64, Cstring, Cdouble),
          run, name, value)
end

function plx_log_output_string(run, name, value)
    ccall((:plx_log_output_string, LIBRARY[]), Int32, (UInt64, Cstring, Cstring),
          run, name, value)
end

function plx_log_tags(run, tags, count)
    ccall((:plx_log_tags, LIBRARY[]), Int32, (UInt64, Ptr{Cstring}, Csize_t), run, tags, count)
end

function plx_set_name(run, name)
    ccall((:plx_set_name, LIBRARY[]), Int32, (UInt64, Cstring), run, name)
end

function plx_set_description(run, description)
    ccall((:plx_set_description, LIBRARY[]), Int32, (UInt64, Cstring), run, description)
end

function plx_log_meta(run, json_object)
    ccall((:plx_log_meta, LIBRARY[]), Int32, (UInt64, Cstring), run, json_object)
end

function plx_log_progress(run, progress)
    ccall((:plx_log_progress, LIBRARY[]), Int32, (UInt64, Cdouble), run, progress)
end

function plx_log_final_status(run, status, message)
    ccall((:plx_log_final_status, LIBRARY[]), Int32, (UInt64, Int32, Cstring),
          run, status, message)
end

# Runs.

function plx_run_open(root, project, uuid, out_run)
    ccall((:plx_run_open, LIBRARY[]), Int32, (Cstring, Cstring, Cstring, Ref{UInt64}),
          root, project, uuid, out_run)
end

function plx_run_close(run)
    ccall((:plx_run_close, LIBRARY[]), Int32, (UInt64,), run)
end

function plx_run_flush(run)
    ccall((:plx_run_flush, LIBRARY[]), Int32, (UInt64,), run)
end

function plx_run_set_flush_interval(run, milliseconds)
    ccall((:plx_run_set_flush_interval, LIBRARY[]), Int32, (UInt64, UInt32), run, milliseconds)
end

function plx_run_uuid(run, buf, buf_len, out_len)
    ccall((:plx_run_uuid, LIBRARY[]), Int32, (UInt64, Ptr{UInt8}, Csize_t, Ref{Csize_t}),
          run, buf, buf_len, out_len)
end

function plx_artifacts_path(run, rel_path, buf, buf_len, out_len)
    ccall((:plx_artifacts_path, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{UInt8}, Csize_t, Ref{Csize_t}),
          run, rel_path, buf, buf_len, out_len)
end

function plx_outputs_path(run, rel_path, buf, buf_len, out_len)
    ccall((:plx_outputs_path, LIBRARY[]), Int32,
          (UInt64, Cstring, Ptr{UInt8}, Csize_t, Ref{Csize_t}),
          run, rel_path, buf, buf_len, out_len)
end

function plx_run_set_event_time(run, unix_micros)
    ccall((:plx_run_set_event_time, LIBRARY[]), Int32, (UInt64, Int64), run, unix_micros)
end

# Process-wide functions.

function plx_install_signal_handlers()
    ccall((:plx_install_signal_handlers, LIBRARY[]), Int32, ())
end

function plx_set_rank(rank, size)
    ccall((:plx_set_rank, LIBRARY[]), Int32, (UInt32, UInt32), rank, size)
end

function plx_version_number()
    ccall((:plx_version_number, LIBRARY[]), UInt32, ())
end

function plx_status_str(status)
    ccall((:plx_status_str, LIBRARY[]), Cstring, (Int32,), status)
end

function plx_last_error_message(buf, buf_len, out_len)
    ccall((:plx_last_error_message, LIBRARY[]), Int32, (Ptr{UInt8}, Csize_t, Ref{Csize_t}),
          buf, buf_len, out_len)
end

end # module LibPlx
