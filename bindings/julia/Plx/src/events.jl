# Events: rows of events/<kind>/<name>.plx. Every function takes `step` as a keyword: an
# integer, or `nothing` (the default) for an event without a step. Names are sanitised as
# Polyaxon sanitises them (`train/loss` is stored as `train__loss`).
#
# Errors common to all of them (PlxError): ERR_INVALID_NAME (empty, over 200 bytes, or nothing
# left after sanitising), ERR_INVALID_UTF8, ERR_RUN_CLOSED, ERR_IO (an earlier background write
# failed; the message names the file).

const StepArg = Union{Integer,Nothing}

"""
    log_metric(run, name, value; step = nothing)

Logs a metric value (any real number; NaN and infinities are kept) with the current time.
"""
function log_metric(run::Run, name::AbstractString, value::Real; step::StepArg = nothing)
    check(LibPlx.plx_log_metric(run, cstr(name), Float64(value), step_arg(step)))
    return nothing
end

"""
    log_metrics(run, metrics; step = nothing)
    log_metrics(run, names, values; step = nothing)

Logs several metrics at one step and one time: `metrics` is a dictionary, a named tuple or a
collection of `name => value` pairs. When any name is refused, nothing is logged. Throws a
`DimensionMismatch` when `names` and `values` differ in length.
"""
function log_metrics(run::Run, names::AbstractVector{<:AbstractString},
                     values::AbstractVector{<:Real}; step::StepArg = nothing)
    count = same_length(names, values, "log_metrics names and values")
    check(LibPlx.plx_log_metrics(run, strings(names), dense(Float64, values), count,
                                 step_arg(step)))
    return nothing
end

function log_metrics(run::Run, metrics::NamedTuple; step::StepArg = nothing)
    return log_metrics(run, pairs(metrics); step = step)
end

function log_metrics(run::Run, metrics; step::StepArg = nothing)
    names = String[]
    values = Float64[]
    for (name, value) in metrics
        push!(names, string(name))
        push!(values, value)
    end
    return log_metrics(run, names, values; step = step)
end

"""
    log_text(run, name, text; step = nothing)

Logs a text; any UTF-8 text is kept exactly, quotes, newlines and `|` included.
"""
function log_text(run::Run, name::AbstractString, text::AbstractString; step::StepArg = nothing)
    check(LibPlx.plx_log_text(run, cstr(name), cstr(text), step_arg(step)))
    return nothing
end

"""
    log_html(run, name, html; step = nothing)

Logs an HTML fragment, as [`log_text`](@ref) logs a text.
"""
function log_html(run::Run, name::AbstractString, html::AbstractString; step::StepArg = nothing)
    check(LibPlx.plx_log_html(run, cstr(name), cstr(html), step_arg(step)))
    return nothing
end

"""
    log_histogram(run, name, values; bins = 10, step = nothing)

Bins the raw `values` into `bins` equal-width bins from the smallest to the largest value, as
numpy does, and logs the histogram. Throws `ERR_EMPTY` (no value), `ERR_LIMIT` (more than 512
bins), `ERR_INVALID_ARGUMENT` (a NaN or infinite value).
"""
function log_histogram(run::Run, name::AbstractString, values::AbstractVector{<:Real};
                       bins::Integer = 10, step::StepArg = nothing)
    data = dense(Float64, values)
    check(LibPlx.plx_log_histogram(run, cstr(name), data, length(data), u32(bins, "bins"),
                                   step_arg(step)))
    return nothing
end

"""
    log_histogram_counts(run, name, counts, edges; step = nothing)

Logs a histogram already binned: `counts[i]` values fell between `edges[i]` and
`edges[i + 1]`, so `edges` has one more element than `counts` (a `DimensionMismatch`
otherwise). Throws `ERR_EMPTY`, `ERR_LIMIT` (more than 512 bins), `ERR_INVALID_ARGUMENT`
(edges decreasing, NaN or infinity).
"""
function log_histogram_counts(run::Run, name::AbstractString, counts::AbstractVector{<:Real},
                              edges::AbstractVector{<:Real}; step::StepArg = nothing)
    length(edges) == length(counts) + 1 || throw(DimensionMismatch(
        "log_histogram_counts: $(length(counts)) counts need $(length(counts) + 1) edges, " *
        "not $(length(edges))"))
    check(LibPlx.plx_log_histogram_counts(run, cstr(name), dense(Float64, counts),
                                          dense(Float64, edges), length(counts),
                                          step_arg(step)))
    return nothing
end

"""
    log_roc_curve(run, name, fpr, tpr; auc = nothing, step = nothing)

Logs a ROC curve through the points (`fpr[i]`, `tpr[i]`), with the area under it as its
annotation when `auc` is given. Throws `ERR_EMPTY` (no point), `ERR_INVALID_ARGUMENT` (NaN or
infinity in a point), `DimensionMismatch` when `fpr` and `tpr` differ in length.
"""
function log_roc_curve(run::Run, name::AbstractString, fpr::AbstractVector{<:Real},
                       tpr::AbstractVector{<:Real}; auc::Union{Real,Nothing} = nothing,
                       step::StepArg = nothing)
    count = same_length(fpr, tpr, "log_roc_curve fpr and tpr")
    check(LibPlx.plx_log_roc_curve(run, cstr(name), dense(Float64, fpr), dense(Float64, tpr),
                                   count, annotation_value(auc), step_arg(step)))
    return nothing
end

"""
    log_pr_curve(run, name, precision, recall; average_precision = nothing, step = nothing)

Logs a precision-recall curve, with the average precision as its annotation when given.
Errors as [`log_roc_curve`](@ref).
"""
function log_pr_curve(run::Run, name::AbstractString, precision::AbstractVector{<:Real},
                      recall::AbstractVector{<:Real};
                      average_precision::Union{Real,Nothing} = nothing, step::StepArg = nothing)
    count = same_length(precision, recall, "log_pr_curve precision and recall")
    check(LibPlx.plx_log_pr_curve(run, cstr(name), dense(Float64, precision),
                                  dense(Float64, recall), count,
                                  annotation_value(average_precision), step_arg(step)))
    return nothing
end

# C takes NaN for "no annotation".
annotation_value(::Nothing) = NaN
annotation_value(value::Real) = Float64(value)

"""
    log_curve(run, name, x, y; annotation = nothing, step = nothing)

Logs a custom curve through the points (`x[i]`, `y[i]`), with a text annotation when given.
Errors as [`log_roc_curve`](@ref).
"""
function log_curve(run::Run, name::AbstractString, x::AbstractVector{<:Real},
                   y::AbstractVector{<:Real}; annotation::Union{AbstractString,Nothing} = nothing,
                   step::StepArg = nothing)
    count = same_length(x, y, "log_curve x and y")
    check(LibPlx.plx_log_curve(run, cstr(name), dense(Float64, x), dense(Float64, y), count,
                               cstr(annotation), step_arg(step)))
    return nothing
end

"""
    log_confusion_matrix(run, name, x_labels, y_labels, z; step = nothing)

Logs a confusion matrix: `z[i, j]` is the cell of row `i` and column `j` (a Julia matrix,
passed to plx row by row). Polyaxon needs as many x labels, y labels, rows and columns:
`ERR_SHAPE_MISMATCH` otherwise. Whole-number cells are written as integers. Throws
`ERR_EMPTY`, `ERR_INVALID_ARGUMENT` (a NaN or infinite cell).
"""
function log_confusion_matrix(run::Run, name::AbstractString,
                              x_labels::AbstractVector{<:AbstractString},
                              y_labels::AbstractVector{<:AbstractString},
                              z::AbstractMatrix{<:Real}; step::StepArg = nothing)
    rows, cols = size(z)
    check(LibPlx.plx_log_confusion_matrix(run, cstr(name), strings(x_labels), length(x_labels),
                                          strings(y_labels), length(y_labels),
                                          row_major(Float64, z), rows, cols, step_arg(step)))
    return nothing
end

"""
    log_chart(run, name, figure; kind = nothing, step = nothing)

Logs a chart. `figure` is the figure as JSON text, or a value written as JSON (a `Dict`, a
named tuple...): a Vega or Vega-Lite spec for `kind` `"vega"` (the default), or a Plotly or
Bokeh figure for `"plotly"` or `"bokeh"`. Throws `ERR_INVALID_JSON` (not a JSON object),
`ERR_INVALID_ARGUMENT` (unknown kind).
"""
function log_chart(run::Run, name::AbstractString, figure;
                   kind::Union{AbstractString,Nothing} = nothing, step::StepArg = nothing)
    figure === nothing && throw(ArgumentError("log_chart needs a figure"))
    check(LibPlx.plx_log_chart(run, cstr(name), cstr(kind), json_arg(figure), step_arg(step)))
    return nothing
end

"""
    log_line(run, text)

Appends `text` to the run's log, `plxlogs/logs.jsonl`, one Polyaxon log row per line (empty
lines are left out; lines over 32 KiB are split).
"""
function log_line(run::Run, text::AbstractString)
    check(LibPlx.plx_log_line(run, cstr(text)))
    return nothing
end
