# Statuses, PlxError, and the check that turns a failed status into an exception.

# The statuses of plx.h without their prefix, for `err.status == Plx.ERR_INVALID_NAME`.
const OK = LibPlx.PLX_OK
const ERR_NULL_ARGUMENT = LibPlx.PLX_ERR_NULL_ARGUMENT
const ERR_INVALID_UTF8 = LibPlx.PLX_ERR_INVALID_UTF8
const ERR_INVALID_ARGUMENT = LibPlx.PLX_ERR_INVALID_ARGUMENT
const ERR_INVALID_NAME = LibPlx.PLX_ERR_INVALID_NAME
const ERR_INVALID_UUID = LibPlx.PLX_ERR_INVALID_UUID
const ERR_INVALID_JSON = LibPlx.PLX_ERR_INVALID_JSON
const ERR_PATH_ESCAPE = LibPlx.PLX_ERR_PATH_ESCAPE
const ERR_INVALID_HANDLE = LibPlx.PLX_ERR_INVALID_HANDLE
const ERR_RUN_CLOSED = LibPlx.PLX_ERR_RUN_CLOSED
const ERR_BUFFER_TOO_SMALL = LibPlx.PLX_ERR_BUFFER_TOO_SMALL
const ERR_IO = LibPlx.PLX_ERR_IO
const ERR_ALREADY_OPEN = LibPlx.PLX_ERR_ALREADY_OPEN
const ERR_ALREADY_FINISHED = LibPlx.PLX_ERR_ALREADY_FINISHED
const ERR_INTERNAL = LibPlx.PLX_ERR_INTERNAL
const ERR_SHAPE_MISMATCH = LibPlx.PLX_ERR_SHAPE_MISMATCH
const ERR_NOT_FOUND = LibPlx.PLX_ERR_NOT_FOUND
const ERR_EMPTY = LibPlx.PLX_ERR_EMPTY
const ERR_LIMIT = LibPlx.PLX_ERR_LIMIT
const ERR_BUSY = LibPlx.PLX_ERR_BUSY

"""
    PlxError(status, message)

A call into plx that failed. `status` is the `Int32` status code (`Plx.ERR_IO`,
`Plx.ERR_INVALID_NAME`, ...; see `plx.h`) and `message` the library's message for this
failure, which names the argument or path involved.
"""
struct PlxError <: Exception
    status::Int32
    message::String
end

function Base.showerror(io::IO, err::PlxError)
    print(io, "PlxError: ", status_string(err.status), " (status ", err.status, ")")
    isempty(err.message) || print(io, ": ", err.message)
    return nothing
end

"""
    Plx.status_string(status) -> String

The library's fixed text for a status code, such as `"invalid name"`.
"""
status_string(status::Integer) = unsafe_string(LibPlx.plx_status_str(status))

"""
    Plx.check(status)

Returns `nothing` when `status` is `PLX_OK`, and otherwise throws a [`PlxError`](@ref) with
the message of the call that just failed on this thread. Call it right after the raw call:
the library clears the message on entry to every call.
"""
function check(status::Integer)
    status == LibPlx.PLX_OK && return nothing
    throw(PlxError(status, last_error_message()))
end

# The message is read right after the failing call, on the same thread: a Julia task moves to
# another thread only where it yields, and nothing between the two ccalls yields. Run
# finalizers, which could run here during a garbage collection, never call plx themselves (see
# run.jl), so they cannot clear the message either.

"""
    Plx.last_error_message() -> String

The message of the last failed plx call on this thread, `""` after a successful one.
"""
function last_error_message()
    status, message = string_out(LibPlx.plx_last_error_message)
    return status == LibPlx.PLX_OK ? message : ""
end

# The string-out protocol of plx.h: a size query (NULL buffer, size 0), then a buffer of that
# length plus the NUL. `call(buf, buf_len, out_len)` is the raw function with its leading
# arguments bound. Returns the status and the text ("" on failure). A length that grew between
# the two calls is asked for again.
function string_out(call)
    needed = Ref{Csize_t}(0)
    while true
        status = call(C_NULL, 0, needed)
        status == LibPlx.PLX_OK || return status, ""
        buf = Vector{UInt8}(undef, needed[] + 1)
        status = call(buf, length(buf), needed)
        status == LibPlx.PLX_OK && return status, String(resize!(buf, needed[]))
        status == LibPlx.PLX_ERR_BUFFER_TOO_SMALL || return status, ""
    end
end
