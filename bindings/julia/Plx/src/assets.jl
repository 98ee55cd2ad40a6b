# Versioned assets: files under assets/<kind>/<name>_<step>.<ext>, each with a row of
# events/<kind>/<name>.plx. Without a step (`step = nothing`) an asset is overwritten by each
# call, as in Polyaxon. Files given by path are copied; the program may delete them afterwards.
#
# Errors common to all of them (PlxError): ERR_INVALID_NAME, ERR_INVALID_UTF8, ERR_NOT_FOUND (a
# source file or folder is missing), ERR_IO, ERR_RUN_CLOSED.

"""
    log_image(run, name, pixels; step = nothing)

Logs an image as a PNG file, `assets/image/<name>_<step>.png`. `pixels` is indexed as Julia
users index images: `pixels[y, x]` for grey or `pixels[y, x, c]` with 1 (grey), 3 (RGB) or 4
(RGBA) channels, row `y` from the top and column `x` from the left. It is copied into the
row-major height x width x channels order plx reads. Element types:

- `UInt8`: values 0 to 255, written unchanged;
- any `AbstractFloat`: values in [0, 1], scaled to 8 bits (values outside are clipped; a NaN
  is refused with `ERR_INVALID_ARGUMENT`).

An Images.jl image `img::Matrix{RGB{N0f8}}` becomes such an array with
`Float32.(permutedims(channelview(img), (2, 3, 1)))`.

Throws `ERR_EMPTY` (a zero dimension), `ERR_INVALID_ARGUMENT` (channels not 1, 3 or 4),
`ERR_LIMIT` (the size overflows), and an `ArgumentError` for an array of another rank.
"""
function log_image(run::Run, name::AbstractString, pixels::AbstractArray{UInt8};
                   step::StepArg = nothing)
    height, width, channels = image_shape(pixels)
    check(LibPlx.plx_log_image(run, cstr(name), row_major(UInt8, pixels), height, width,
                               channels, step_arg(step)))
    return nothing
end

function log_image(run::Run, name::AbstractString, pixels::AbstractArray{<:AbstractFloat};
                   step::StepArg = nothing)
    height, width, channels = image_shape(pixels)
    check(LibPlx.plx_log_image_float(run, cstr(name), row_major(Float32, pixels), height,
                                     width, channels, step_arg(step)))
    return nothing
end

"""
    log_image_file(run, name, path; step = nothing)

Copies an image file (PNG, JPEG, GIF... any format the UI shows) as a versioned asset, keeping
its extension.
"""
function log_image_file(run::Run, name::AbstractString, path::AbstractString;
                        step::StepArg = nothing)
    check(LibPlx.plx_log_image_file(run, cstr(name), cstr(path), step_arg(step)))
    return nothing
end

"""
    log_audio(run, name, samples; sample_rate, step = nothing)

Logs audio as a 16-bit WAV file, `assets/audio/<name>_<step>.wav`. `samples` is a vector (one
channel) or a matrix indexed `samples[frame, channel]`, as WAV.jl and SampledSignals.jl lay
out audio; it is interleaved frame by frame for plx. Element types:

- any `AbstractFloat`: values in [-1, 1] (values outside are clipped; NaN is refused with
  `ERR_INVALID_ARGUMENT`);
- `Int16`: written unchanged.

Throws `ERR_EMPTY` (no frame, no channel, or a `sample_rate` of 0), `ERR_LIMIT`.
"""
function log_audio(run::Run, name::AbstractString, samples::AbstractVecOrMat{<:AbstractFloat};
                   sample_rate::Integer, step::StepArg = nothing)
    frames, channels = audio_shape(samples)
    check(LibPlx.plx_log_audio(run, cstr(name), row_major(Float32, samples), frames, channels,
                               u32(sample_rate, "sample_rate"), step_arg(step)))
    return nothing
end

function log_audio(run::Run, name::AbstractString, samples::AbstractVecOrMat{Int16};
                   sample_rate::Integer, step::StepArg = nothing)
    frames, channels = audio_shape(samples)
    check(LibPlx.plx_log_audio_int16(run, cstr(name), row_major(Int16, samples), frames,
                                     channels, u32(sample_rate, "sample_rate"), step_arg(step)))
    return nothing
end

"""
    log_audio_file(run, name, path; content_type = nothing, step = nothing)

Copies an audio file as a versioned asset; `content_type` (such as `"audio/wav"`) is recorded
as given when there is one.
"""
function log_audio_file(run::Run, name::AbstractString, path::AbstractString;
                        content_type::Union{AbstractString,Nothing} = nothing,
                        step::StepArg = nothing)
    check(LibPlx.plx_log_audio_file(run, cstr(name), cstr(path), cstr(content_type),
                                    step_arg(step)))
    return nothing
end

"""
    log_video_file(run, name, path; content_type = nothing, step = nothing)

Copies a video file as a versioned asset; `content_type` `nothing` means the file's extension
(`"mp4"`, `"gif"`...).
"""
function log_video_file(run::Run, name::AbstractString, path::AbstractString;
                        content_type::Union{AbstractString,Nothing} = nothing,
                        step::StepArg = nothing)
    check(LibPlx.plx_log_video_file(run, cstr(name), cstr(path), cstr(content_type),
                                    step_arg(step)))
    return nothing
end

"""
    log_model(run, name, path; framework = nothing, spec = nothing, step = nothing)

Logs a model file or a whole model folder (copied). With a step it becomes the versioned asset
`assets/model/<name>_<step>[.<ext>]` and a row of `events/model/<name>.plx` with the
`framework` and `spec` (a dictionary or named tuple written as a JSON object, or JSON text).
Without a step it is copied into `outputs/` and recorded as a model reference only, with the
spec in its summary. Throws `ERR_INVALID_JSON` (`spec` is not a JSON object).
"""
function log_model(run::Run, name::AbstractString, path::AbstractString;
                   framework::Union{AbstractString,Nothing} = nothing, spec = nothing,
                   step::StepArg = nothing)
    check(LibPlx.plx_log_model(run, cstr(name), cstr(path), cstr(framework), json_arg(spec),
                               step_arg(step)))
    return nothing
end

"""
    log_artifact(run, name, path; kind = nothing, step = nothing)

Logs a file or folder (copied) as an artifact of Polyaxon kind `kind` (`nothing` means
`"file"`; for instance `"data"`, `"dir"`, `"tensor"`). With a step it becomes the versioned
asset `assets/<kind>/<name>_<step>[.<ext>]`; without one it is copied into `outputs/` and
recorded as a reference only. Throws `ERR_INVALID_ARGUMENT` (an unknown kind, or an event kind
such as `"text"`).
"""
function log_artifact(run::Run, name::AbstractString, path::AbstractString;
                      kind::Union{AbstractString,Nothing} = nothing, step::StepArg = nothing)
    check(LibPlx.plx_log_artifact(run, cstr(name), cstr(path), cstr(kind), step_arg(step)))
    return nothing
end

"""
    log_dataframe_file(run, name, path; step = nothing)

Copies a table saved as CSV (`.csv`) or HTML (`.html`, `.htm`) as a versioned dataframe
asset. Throws `ERR_INVALID_ARGUMENT` for another extension.
"""
function log_dataframe_file(run::Run, name::AbstractString, path::AbstractString;
                            step::StepArg = nothing)
    check(LibPlx.plx_log_dataframe_file(run, cstr(name), cstr(path), step_arg(step)))
    return nothing
end

"""
    log_dataframe_csv(run, name, csv_text; step = nothing)

Logs a table given as CSV text as a versioned dataframe asset (`.csv`). Throws `ERR_EMPTY`
for empty text.
"""
function log_dataframe_csv(run::Run, name::AbstractString, csv_text::AbstractString;
                           step::StepArg = nothing)
    check(LibPlx.plx_log_dataframe_csv(run, cstr(name), cstr(csv_text), step_arg(step)))
    return nothing
end
