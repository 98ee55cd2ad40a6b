# A small JSON writer for the values plx takes as JSON text (inputs, outputs, meta_info,
# summaries, model specs, chart figures), so that the package needs no dependency.
#
# Written: AbstractDict and NamedTuple (objects; keys through `string`), AbstractVector, Tuple
# and AbstractSet (arrays), AbstractString, Symbol and Char (strings), Bool, Integer, finite
# AbstractFloat and other Real numbers, `nothing` and `missing` (null). Anything else, and
# NaN or infinities, which JSON cannot hold, throw an ArgumentError.

"""
    Plx.json(value) -> String

`value` as compact JSON text.
"""
function json(value)
    io = IOBuffer()
    write_json(io, value)
    return String(take!(io))
end

write_json(io::IO, ::Nothing) = print(io, "null")
write_json(io::IO, ::Missing) = print(io, "null")
write_json(io::IO, value::Bool) = print(io, value ? "true" : "false")
write_json(io::IO, value::Integer) = print(io, value)

function write_json(io::IO, value::Float64)
    isfinite(value) || throw(ArgumentError("JSON cannot hold the number $value"))
    print(io, value)  # "1.0", "1.0e-5", "-0.0": all JSON numbers
    return nothing
end

function write_json(io::IO, value::Float32)
    isfinite(value) || throw(ArgumentError("JSON cannot hold the number $value"))
    print(io, replace(string(value), 'f' => 'e'))  # "0.1f0" is Julia's; "0.1e0" is JSON
    return nothing
end

write_json(io::IO, value::Float16) = write_json(io, Float32(value))
write_json(io::IO, value::Real) = write_json(io, Float64(value))

function write_json(io::IO, value::Number)
    throw(ArgumentError("JSON cannot hold the number $value of type $(typeof(value))"))
end

write_json(io::IO, value::Symbol) = write_json(io, String(value))
write_json(io::IO, value::AbstractChar) = write_json(io, string(value))

function write_json(io::IO, value::AbstractString)
    write(io, UInt8('"'))
    for byte in codeunits(String(value))
        if byte == UInt8('"')
            print(io, "\\\"")
        elseif byte == UInt8('\\')
            print(io, "\\\\")
        elseif byte == UInt8('\n')
            print(io, "\\n")
        elseif byte == UInt8('\r')
            print(io, "\\r")
        elseif byte == UInt8('\t')
            print(io, "\\t")
        elseif byte < 0x20 || byte == 0x7f
            print(io, "\\u", string(byte; base = 16, pad = 4))
        else
            write(io, byte)  # UTF-8 passes through; plx refuses invalid UTF-8 itself
        end
    end
    write(io, UInt8('"'))
    return nothing
end

function write_json(io::IO, value::Union{AbstractVector,Tuple,AbstractSet})
    write(io, UInt8('['))
    for (i, item) in enumerate(value)
        i > 1 && write(io, UInt8(','))
        write_json(io, item)
    end
    write(io, UInt8(']'))
    return nothing
end

function write_json(io::IO, value::Union{AbstractDict,NamedTuple})
    write(io, UInt8('{'))
    for (i, (key, item)) in enumerate(pairs(value))
        i > 1 && write(io, UInt8(','))
        write_json(io, string(key))
        write(io, UInt8(':'))
        write_json(io, item)
    end
    write(io, UInt8('}'))
    return nothing
end

function write_json(io::IO, value)
    throw(ArgumentError("cannot write a $(typeof(value)) as JSON"))
end

# A JSON argument of the Julian layer: text is passed as it is (plx parses it and reports
# PLX_ERR_INVALID_JSON), `nothing` stays NULL, anything else is written as JSON.
json_arg(::Nothing) = nothing
json_arg(text::AbstractString) = String(text)
json_arg(value) = json(value)
