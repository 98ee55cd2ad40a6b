# Lineage references: entries of lineages.plx.json that point at files, folders, data sets and
# code the run used or produced. Nothing is copied; files and folders are hashed.
#
# `summary` is a dictionary or named tuple (written as a JSON object), JSON text, or `nothing`.
# `is_input` marks an input of the run rather than an output.
#
# Errors common to all of them (PlxError): ERR_INVALID_UTF8, ERR_INVALID_NAME, ERR_INVALID_JSON
# (`summary` is not a JSON object), ERR_IO (hashing failed), ERR_RUN_CLOSED.

const OptionalText = Union{AbstractString,Nothing}

"""
    log_artifact_ref(run, path; kind = nothing, name = nothing, summary = nothing,
                     is_input = false)

Records a reference to an artifact of any Polyaxon kind at `path`. `kind` `nothing` means
`"file"`; otherwise one of Polyaxon's artifact kinds (`"model"`, `"data"`, `"dir"`, `"file"`,
`"tensorboard"`, ...). `name` `nothing` means the base name of `path` before its first dot.
Throws `ERR_INVALID_ARGUMENT` (unknown kind, empty path).
"""
function log_artifact_ref(run::Run, path::AbstractString; kind::OptionalText = nothing,
                          name::OptionalText = nothing, summary = nothing,
                          is_input::Bool = false)
    check(LibPlx.plx_log_artifact_ref(run, cstr(path), cstr(kind), cstr(name),
                                      json_arg(summary), is_input))
    return nothing
end

"""
    log_model_ref(run, path; name = nothing, framework = nothing, summary = nothing,
                  is_input = false)

Records a reference to a model file or folder; `framework` goes into the summary, and the
run's `has_model` flag is set.
"""
function log_model_ref(run::Run, path::AbstractString; name::OptionalText = nothing,
                       framework::OptionalText = nothing, summary = nothing,
                       is_input::Bool = false)
    check(LibPlx.plx_log_model_ref(run, cstr(path), cstr(name), cstr(framework),
                                   json_arg(summary), is_input))
    return nothing
end

"""
    log_file_ref(run, path; name = nothing, summary = nothing, is_input = false)

Records a reference to a file (kind `file`), for instance one written at
[`outputs_path`](@ref).
"""
function log_file_ref(run::Run, path::AbstractString; name::OptionalText = nothing,
                      summary = nothing, is_input::Bool = false)
    check(LibPlx.plx_log_file_ref(run, cstr(path), cstr(name), json_arg(summary), is_input))
    return nothing
end

"""
    log_dir_ref(run, path; name = nothing, summary = nothing, is_input = false)

Records a reference to a folder (kind `dir`); its hash covers every file under it. `name`
`nothing` means the folder's own name.
"""
function log_dir_ref(run::Run, path::AbstractString; name::OptionalText = nothing,
                     summary = nothing, is_input::Bool = false)
    check(LibPlx.plx_log_dir_ref(run, cstr(path), cstr(name), json_arg(summary), is_input))
    return nothing
end

"""
    log_data_ref(run, name; path = nothing, hash = nothing, summary = nothing, is_input = true)

Records a reference to a data set (kind `data`) by `name`. `path` (a file, folder or URI) and
`hash` (any opaque text) are optional. Data sets are usually inputs, hence the default.
"""
function log_data_ref(run::Run, name::AbstractString; path::OptionalText = nothing,
                      hash::OptionalText = nothing, summary = nothing, is_input::Bool = true)
    check(LibPlx.plx_log_data_ref(run, cstr(name), cstr(path), cstr(hash), json_arg(summary),
                                  is_input))
    return nothing
end

"""
    log_code_ref(run, commit; branch = nothing, url = nothing, is_dirty = false)

Records the code the run was built from (kind `coderef`, an input, named by its commit).
"""
function log_code_ref(run::Run, commit::AbstractString; branch::OptionalText = nothing,
                      url::OptionalText = nothing, is_dirty::Bool = false)
    check(LibPlx.plx_log_code_ref(run, cstr(commit), cstr(branch), cstr(url), is_dirty))
    return nothing
end

"""
    log_tensorboard_ref(run, path; name = nothing)

Records a TensorBoard log folder (kind `tensorboard`, not hashed); `name` `nothing` means
`"tensorboard"`. The run's `has_tensorboard` flag is set.
"""
function log_tensorboard_ref(run::Run, path::AbstractString; name::OptionalText = nothing)
    check(LibPlx.plx_log_tensorboard_ref(run, cstr(path), cstr(name)))
    return nothing
end
