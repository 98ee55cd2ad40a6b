# Runs: open and close, the handle, flushing, paths inside the run folder, event time, output
# capture, resource sampling, and the process-wide functions.

"""
    Plx.open(root = nothing; project = nothing, uuid = nothing) -> Run
    Plx.open(f, root = nothing; project = nothing, uuid = nothing)

Opens a run in `<root>/runs/<uuid>/`. `root` `nothing` means `\$POLYAXON_OFFLINE_ROOT`, else
`/tmp/plx/offline`; inside a Polyaxon-managed job (`POLYAXON_RUN_INSTANCE` set) a `nothing`
root and uuid open that job's own run. `project` is `"owner/project"` or `"project"`
(`nothing`: `"default/default"`). `uuid` (a string of 32 hex digits, dashes allowed, or a
`Base.UUID`) resumes that run when its folder holds one; `nothing` creates a new run.

The first form returns the open [`Run`](@ref), to be closed with `close(run)`. The second calls
`f(run)` and closes the run when `f` returns, giving back what `f` returned; when `f` throws,
the run is given the final status "failed" (or "stopped" for an `InterruptException`) with the
exception as its message, unless it has a final status already, then closed, and the exception
goes on.

Throws a [`PlxError`](@ref): `ERR_INVALID_UUID`, `ERR_INVALID_ARGUMENT` (project, empty
root), `ERR_ALREADY_OPEN` (this run is open already in this process), `ERR_INVALID_JSON` (a
resumed run's metadata is corrupt), `ERR_IO`.
"""
function open(root::Union{AbstractString,Nothing} = nothing;
              project::Union{AbstractString,Nothing} = nothing,
              uuid::Union{AbstractString,Base.UUID,Nothing} = nothing)
    check_library_version()
    uuid_text = uuid isa Base.UUID ? string(uuid) : uuid
    handle = Ref{UInt64}(0)
    check(LibPlx.plx_run_open(cstr(root), cstr(project), cstr(uuid_text), handle))
    return Run(handle[])
end

function open(f::Function, root::Union{AbstractString,Nothing} = nothing;
              project::Union{AbstractString,Nothing} = nothing,
              uuid::Union{AbstractString,Base.UUID,Nothing} = nothing)
    run = open(root; project = project, uuid = uuid)
    result = try
        f(run)
    catch err
        finish_after_error(run, err)
        rethrow()
    end
    close(run)
    return result
end

# Gives the run a final status for the exception that ended `f`, and closes it, without
# throwing: the exception of `f` is the one the caller needs to see.
function finish_after_error(run, err)
    status = err isa InterruptException ? LibPlx.PLX_FINAL_STOPPED : LibPlx.PLX_FINAL_FAILED
    message = replace(first(sprint(showerror, err), 2000), '\0' => ' ')
    LibPlx.plx_log_final_status(run, status, message)  # ERR_ALREADY_FINISHED is fine
    if Threads.atomic_xchg!(run.isopen, false)
        LibPlx.plx_run_close(run.handle)
    end
    return nothing
end

"""
    Run

An open plx run, named by its handle in plx's process-wide registry. Close it with
`close(run)` (or open it with the do-block form of [`Plx.open`](@ref)); closing twice is
harmless. A run that is garbage-collected while open is closed by its finalizer, as a
backstop only: when that happens is up to the garbage collector, and plx itself closes the runs
still open at normal process exit.

Every function that takes a run throws a [`PlxError`](@ref) with `ERR_RUN_CLOSED` once it is
closed.
"""
mutable struct Run
    handle::UInt64
    isopen::Threads.Atomic{Bool}

    function Run(handle::UInt64)
        run = new(handle, Threads.Atomic{Bool}(true))
        finalizer(close_in_background, run)
        return run
    end
end

# A Run passed where the C function takes a plx_run: ccall keeps the Run (and so its
# finalizer) from running until the call has returned.
Base.cconvert(::Type{UInt64}, run::Run) = run
Base.unsafe_convert(::Type{UInt64}, run::Run) = run.handle

# The finalizer. It runs wherever a garbage collection happens, which can be between a failing
# plx call and the read of that call's message on the same thread; plx_run_close there would
# clear the message. So it schedules the close as a task, which runs only where a task yields,
# and never calls plx itself. It must not throw, nor switch tasks: `@async` does neither.
function close_in_background(run::Run)
    if Threads.atomic_xchg!(run.isopen, false)
        handle = run.handle
        @async LibPlx.plx_run_close(handle)
    end
    return nothing
end

"""
    close(run::Run)

Closes the run: writes every pending event, fsyncs the event files, records the lineage and
each metric's last value, marks the run succeeded unless a final status was logged, and writes
`run.plx.json` and `lineages.plx.json`. A second close does nothing. Throws a
[`PlxError`](@ref) (`ERR_IO`) when something could not be written; the run is closed all the
same.
"""
function Base.close(run::Run)
    Threads.atomic_xchg!(run.isopen, false) || return nothing
    check(LibPlx.plx_run_close(run.handle))
    return nothing
end

"""
    isopen(run::Run) -> Bool

Whether `close` has not been called on this run yet.
"""
Base.isopen(run::Run) = run.isopen[]

function Base.show(io::IO, run::Run)
    print(io, "Plx.Run(handle ", run.handle, isopen(run) ? ", open)" : ", closed)")
    return nothing
end

"""
    flush(run::Run)

Writes every event logged so far, and the run's metadata and lineage files, before returning.
The run's writer also flushes by itself, every second by default.
"""
function Base.flush(run::Run)
    check(LibPlx.plx_run_flush(run))
    return nothing
end

"""
    Plx.set_flush_interval(run, milliseconds)

How often the run's writer flushes by itself: 1 to 3 600 000 ms (default 1000).
"""
function set_flush_interval(run::Run, milliseconds::Integer)
    check(LibPlx.plx_run_set_flush_interval(run, u32(milliseconds, "milliseconds")))
    return nothing
end

"""
    Plx.uuid(run) -> String

The run's uuid, 32 lower-case hex digits.
"""
function uuid(run::Run)
    status, text = string_out((buf, len, out) -> LibPlx.plx_run_uuid(run, buf, len, out))
    check(status)
    return text
end

"""
    artifacts_path(run, rel_path = nothing) -> String

The absolute path of `rel_path` inside the run folder, whose parent folders are created; no
`rel_path` gives the run folder itself. The program writes the file; record it with a ref
([`log_file_ref`](@ref) and the like). Throws `ERR_PATH_ESCAPE` for an absolute path or `..`.
"""
function artifacts_path(run::Run, rel_path::Union{AbstractString,Nothing} = nothing)
    rel = cstr(rel_path)
    status, text = string_out(
        (buf, len, out) -> LibPlx.plx_artifacts_path(run, rel, buf, len, out))
    check(status)
    return text
end

"""
    outputs_path(run, rel_path = nothing) -> String

Like [`artifacts_path`](@ref), under the run's `outputs/` folder.
"""
function outputs_path(run::Run, rel_path::Union{AbstractString,Nothing} = nothing)
    rel = cstr(rel_path)
    status, text = string_out(
        (buf, len, out) -> LibPlx.plx_outputs_path(run, rel, buf, len, out))
    check(status)
    return text
end

"""
    Plx.set_event_time(run, unix_micros)
    Plx.set_event_time(run, nothing)

Gives every event the run logs from now on the time `unix_micros` (microseconds since the Unix
epoch, UTC), for programs that replay or import past data; `nothing` goes back to the clock.
The setting belongs to the run, not to a thread or task.
"""
function set_event_time(run::Run, unix_micros::Union{Integer,Nothing})
    micros = unix_micros === nothing ? LibPlx.PLX_TIME_NOW : Int64(unix_micros)
    check(LibPlx.plx_run_set_event_time(run, micros))
    return nothing
end

"""
    Plx.start_output_capture(run)
    Plx.stop_output_capture(run)

Copies everything the process writes to its file descriptors 1 and 2 (Julia's `stdout` and
`stderr` included, and C libraries' output) into the run's log, `plxlogs/logs.jsonl`, while it
still reaches the terminal or file. Only one run of the process may capture at a time
(`ERR_BUSY`). Stopping, or closing the run, restores both descriptors.
"""
function start_output_capture(run::Run)
    check(LibPlx.plx_run_start_output_capture(run))
    return nothing
end

function stop_output_capture(run::Run)
    check(LibPlx.plx_run_stop_output_capture(run))
    return nothing
end

"""
    Plx.start_resource_sampling(run; interval_ms = 10_000)
    Plx.stop_resource_sampling(run)

Samples CPU, memory, load, this process's CPU and memory, and NVIDIA GPUs when a driver is
present, every `interval_ms` milliseconds (10 to 86 400 000) into `resources/metric/`.
"""
function start_resource_sampling(run::Run; interval_ms::Integer = 10_000)
    check(LibPlx.plx_run_start_resource_sampling(run, u32(interval_ms, "interval_ms")))
    return nothing
end

function stop_resource_sampling(run::Run)
    check(LibPlx.plx_run_stop_resource_sampling(run))
    return nothing
end

"""
    Plx.install_signal_handlers()

Makes SIGTERM, SIGINT and SIGHUP mark every open run stopped, and `abort()` mark them failed,
closing them before the signal goes on to the handler installed before (Julia's own, which
turns Ctrl-C into an `InterruptException`) or to its default action. Calls on a run closed this
way throw `ERR_RUN_CLOSED`. Without this call plx installs no signal handler.
"""
function install_signal_handlers()
    check(LibPlx.plx_install_signal_handlers())
    return nothing
end

"""
    Plx.set_rank(rank, size)

Sets this process's rank in a job of `size` processes that log into one run, for runs opened
afterwards (without it, plx reads the MPI or SLURM rank from the environment). Rank 0 writes the
job's streams under their plain names; rank r > 0 writes its own, suffixed `__rank<r>`.
"""
function set_rank(rank::Integer, size::Integer)
    check(LibPlx.plx_set_rank(UInt32(rank), UInt32(size)))
    return nothing
end

"""
    Plx.library_version() -> VersionNumber

The version of the plx library that is loaded.
"""
function library_version()
    number = Int(LibPlx.plx_version_number())
    return VersionNumber(div(number, 10000), rem(div(number, 100), 100), rem(number, 100))
end

"""
    Plx.BINDING_VERSION

The version of `plx.h` this package was written for. Before 1.0 plx keeps no ABI stability
between minor versions, so [`Plx.open`](@ref) refuses a library of another major or minor
version.
"""
const BINDING_VERSION = VersionNumber(LibPlx.PLX_VERSION_MAJOR, LibPlx.PLX_VERSION_MINOR,
                                      LibPlx.PLX_VERSION_PATCH)

const LIBRARY_CHECKED = Threads.Atomic{Bool}(false)

function check_library_version()
    LIBRARY_CHECKED[] && return nothing
    found = library_version()
    if (found.major, found.minor) != (BINDING_VERSION.major, BINDING_VERSION.minor)
        throw(ErrorException(
            "Plx was written for plx $BINDING_VERSION but $(LibPlx.LIBRARY[]) is plx $found; " *
            "set PLX_LIBRARY to a plx $(BINDING_VERSION.major).$(BINDING_VERSION.minor) library"))
    end
    LIBRARY_CHECKED[] = true
    return nothing
end
