# Conversions of Julia values into what the C functions read: NUL-terminated strings or NULL,
# steps, 32-bit sizes, and dense arrays in the order plx expects.
#
# Julia arrays are column-major: `A[i, j]` and `A[i + 1, j]` are neighbours in memory. plx reads
# images, interleaved audio and confusion matrices row-major, as C does: for an image of
# `height` rows, `width` columns and `channels` values per pixel, the value of row `y`, column
# `x`, channel `c` (from 0) is at `(y * width + x) * channels + c`. The Julian layer therefore
# takes arrays indexed as Julia users index them (`img[y, x, c]`, `samples[frame, channel]`,
# `z[row, col]`) and copies them into a buffer whose memory order is plx's.

# A string argument: `nothing` is NULL. Cstring conversion refuses an embedded NUL.
cstr(::Nothing) = C_NULL
cstr(text::AbstractString) = String(text)

# A step: `nothing` means no step (PLX_NO_STEP).
step_arg(::Nothing) = LibPlx.PLX_NO_STEP
step_arg(step::Integer) = Int64(step)

# A count that C receives as uint32_t.
function u32(value::Integer, what::AbstractString)
    0 <= value <= typemax(UInt32) || throw(ArgumentError("$what is $value, beyond uint32_t"))
    return UInt32(value)
end

# A dense Vector{T} with the items of any collection that has a length, whatever its indices.
function dense(::Type{T}, items) where {T}
    out = Vector{T}(undef, length(items))
    for (i, item) in enumerate(items)
        out[i] = item
    end
    return out
end
dense(::Type{T}, items::Vector{T}) where {T} = items

# The names of a string-array argument, checked for NUL by the Cstring conversion.
strings(items) = dense(String, items)

# A copy of `array` whose memory order is the reverse of its dimensions: C's row-major order.
function row_major(::Type{T}, array::AbstractArray) where {T}
    Base.require_one_based_indexing(array)
    order = ntuple(d -> ndims(array) + 1 - d, ndims(array))
    out = Array{T}(undef, reverse(size(array)))
    copyto!(out, PermutedDimsArray(array, order))
    return out
end

# height, width and channels of an image indexed img[y, x] or img[y, x, c].
function image_shape(pixels::AbstractArray)
    ndims(pixels) in (2, 3) || throw(ArgumentError(
        "an image is height x width or height x width x channels, not $(size(pixels))"))
    height, width = size(pixels, 1), size(pixels, 2)
    channels = ndims(pixels) == 3 ? size(pixels, 3) : 1
    return u32(height, "height"), u32(width, "width"), u32(channels, "channels")
end

# frames and channels of audio indexed samples[frame] (mono) or samples[frame, channel].
function audio_shape(samples::AbstractVecOrMat)
    channels = ndims(samples) == 2 ? size(samples, 2) : 1
    return size(samples, 1), u32(channels, "channels")
end

# Two arrays that C reads with one count must have the same length.
function same_length(a, b, what::AbstractString)
    length(a) == length(b) || throw(DimensionMismatch(
        "$what: lengths $(length(a)) and $(length(b)) differ"))
    return length(a)
end
