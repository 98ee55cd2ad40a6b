# Run metadata in run.plx.json: inputs and outputs, tags, name, description, meta_info,
# progress and the final status.
#
# Errors common to all of them (PlxError): ERR_INVALID_UTF8, ERR_RUN_CLOSED.

"""
    log_inputs(run, values)
    log_inputs(run; name = value, ...)

Merges values into the run's inputs (its parameters). `values` is a dictionary or named tuple,
written as a JSON object (numbers, strings, booleans, `nothing`, vectors and nested
dictionaries), or JSON text. Keys are sanitised as event names are; a key logged again takes
the new value. Throws `ERR_INVALID_JSON` (not a JSON object), `ERR_INVALID_NAME` (a key), and
an `ArgumentError` for a value JSON cannot hold (NaN, infinities, other types).
"""
function log_inputs(run::Run, values::Union{AbstractDict,NamedTuple,AbstractString})
    check(LibPlx.plx_log_inputs(run, json_arg(values)))
    return nothing
end

log_inputs(run::Run; values...) = log_inputs(run, keyword_dict(values))

"""
    log_outputs(run, values)
    log_outputs(run; name = value, ...)

Merges values into the run's outputs, as [`log_inputs`](@ref) does for inputs. At close the
last value of each metric is added too.
"""
function log_outputs(run::Run, values::Union{AbstractDict,NamedTuple,AbstractString})
    check(LibPlx.plx_log_outputs(run, json_arg(values)))
    return nothing
end

log_outputs(run::Run; values...) = log_outputs(run, keyword_dict(values))

keyword_dict(values) = Dict{String,Any}(string(key) => value for (key, value) in values)

"""
    log_input(run, name, value)

Sets one input: a real number (NaN and infinities are refused with `ERR_INVALID_ARGUMENT`), a
string, or any other value JSON can hold.
"""
function log_input(run::Run, name::AbstractString, value::Real)
    check(LibPlx.plx_log_input_number(run, cstr(name), Float64(value)))
    return nothing
end

function log_input(run::Run, name::AbstractString, value::AbstractString)
    check(LibPlx.plx_log_input_string(run, cstr(name), cstr(value)))
    return nothing
end

# A Bool is a Real in Julia but a boolean in JSON; so are other values through the JSON path.
log_input(run::Run, name::AbstractString, value::Bool) = log_inputs(run, Dict(name => value))
log_input(run::Run, name::AbstractString, value) = log_inputs(run, Dict(name => value))

"""
    log_output(run, name, value)

Sets one output, as [`log_input`](@ref) sets an input.
"""
function log_output(run::Run, name::AbstractString, value::Real)
    check(LibPlx.plx_log_output_number(run, cstr(name), Float64(value)))
    return nothing
end

function log_output(run::Run, name::AbstractString, value::AbstractString)
    check(LibPlx.plx_log_output_string(run, cstr(name), cstr(value)))
    return nothing
end

log_output(run::Run, name::AbstractString, value::Bool) = log_outputs(run, Dict(name => value))
log_output(run::Run, name::AbstractString, value) = log_outputs(run, Dict(name => value))

"""
    log_tags(run, tags)
    log_tags(run, tag, more_tags...)

Adds tags to the run; tags it has already are not repeated. An empty tag is refused
(`ERR_INVALID_ARGUMENT`) and then no tag of the call is added.
"""
function log_tags(run::Run, tags::AbstractVector{<:AbstractString})
    check(LibPlx.plx_log_tags(run, strings(tags), length(tags)))
    return nothing
end

log_tags(run::Run, tag::AbstractString, more::AbstractString...) = log_tags(run, [tag, more...])

"""
    set_name(run, name)

Sets the run's display name.
"""
function set_name(run::Run, name::AbstractString)
    check(LibPlx.plx_set_name(run, cstr(name)))
    return nothing
end

"""
    set_description(run, description)

Sets the run's description; `nothing` removes it.
"""
function set_description(run::Run, description::Union{AbstractString,Nothing})
    check(LibPlx.plx_set_description(run, cstr(description)))
    return nothing
end

"""
    log_meta(run, values)

Merges a dictionary or named tuple (written as a JSON object), or JSON text, into the run's
`meta_info`.
"""
function log_meta(run::Run, values::Union{AbstractDict,NamedTuple,AbstractString})
    check(LibPlx.plx_log_meta(run, json_arg(values)))
    return nothing
end

"""
    log_progress(run, progress)

Sets the run's progress, from 0 to 1 (`ERR_INVALID_ARGUMENT` outside, or NaN).
"""
function log_progress(run::Run, progress::Real)
    check(LibPlx.plx_log_progress(run, Float64(progress)))
    return nothing
end

"""
    log_final_status(run, status, message = nothing)

Gives the run its final status, `:succeeded`, `:failed` or `:stopped` (or the `Int32` code of
`plx.h`), with a message (`nothing` for Polyaxon's default text). Close then keeps this status
instead of marking the run succeeded; logging goes on working until close. Throws
`ERR_ALREADY_FINISHED` (a final status was given already), `ERR_INVALID_ARGUMENT` (an unknown
code), and an `ArgumentError` for another symbol.
"""
function log_final_status(run::Run, status::Symbol, message::OptionalText = nothing)
    code = status === :succeeded ? LibPlx.PLX_FINAL_SUCCEEDED :
           status === :failed ? LibPlx.PLX_FINAL_FAILED :
           status === :stopped ? LibPlx.PLX_FINAL_STOPPED :
           throw(ArgumentError("final status $(repr(status)) is not :succeeded, :failed " *
                               "or :stopped"))
    return log_final_status(run, code, message)
end

function log_final_status(run::Run, status::Integer, message::OptionalText = nothing)
    check(LibPlx.plx_log_final_status(run, Int32(status), cstr(message)))
    return nothing
end
