//! Status codes: explicit, stable values, never reused; and their static texts.

use super::plx_status;
use crate::core::ErrorKind;

/// The call succeeded.
pub const PLX_OK: plx_status = 0;
/// A required pointer argument was NULL.
pub const PLX_ERR_NULL_ARGUMENT: plx_status = 1;
/// A string argument was not valid UTF-8.
pub const PLX_ERR_INVALID_UTF8: plx_status = 2;
/// An argument was out of range or otherwise unusable.
pub const PLX_ERR_INVALID_ARGUMENT: plx_status = 3;
/// A name was empty, too long, or has no character Polyaxon keeps.
pub const PLX_ERR_INVALID_NAME: plx_status = 4;
/// A run uuid was not 32 hex digits.
pub const PLX_ERR_INVALID_UUID: plx_status = 5;
/// A JSON argument did not parse, or was not the JSON type asked for.
pub const PLX_ERR_INVALID_JSON: plx_status = 6;
/// A relative path was absolute or left the run folder.
pub const PLX_ERR_PATH_ESCAPE: plx_status = 7;
/// The run handle is 0 or was never issued.
pub const PLX_ERR_INVALID_HANDLE: plx_status = 8;
/// The run handle was closed.
pub const PLX_ERR_RUN_CLOSED: plx_status = 9;
/// The caller's buffer is too small; the length needed was reported.
pub const PLX_ERR_BUFFER_TOO_SMALL: plx_status = 10;
/// A file system operation failed; the message names the path and the system's reason.
pub const PLX_ERR_IO: plx_status = 11;
/// The run folder is open already in this process.
pub const PLX_ERR_ALREADY_OPEN: plx_status = 12;
/// The run already has a final status.
pub const PLX_ERR_ALREADY_FINISHED: plx_status = 13;
/// An internal error in plx (a bug); the process is unharmed.
pub const PLX_ERR_INTERNAL: plx_status = 14;
/// Arrays that must agree in length or shape do not.
pub const PLX_ERR_SHAPE_MISMATCH: plx_status = 15;
/// A source file or folder does not exist.
pub const PLX_ERR_NOT_FOUND: plx_status = 16;
/// A count or size is zero where data is required.
pub const PLX_ERR_EMPTY: plx_status = 17;
/// A value is beyond a documented limit (more than 512 histogram bins, a size that overflows).
pub const PLX_ERR_LIMIT: plx_status = 18;
/// A process-wide facility is held by another run (output capture).
pub const PLX_ERR_BUSY: plx_status = 19;

/// The status code of a core error kind.
pub(crate) fn status_of(kind: ErrorKind) -> plx_status {
    match kind {
        ErrorKind::NullArgument => PLX_ERR_NULL_ARGUMENT,
        ErrorKind::InvalidUtf8 => PLX_ERR_INVALID_UTF8,
        ErrorKind::InvalidArgument => PLX_ERR_INVALID_ARGUMENT,
        ErrorKind::InvalidName => PLX_ERR_INVALID_NAME,
        ErrorKind::InvalidUuid => PLX_ERR_INVALID_UUID,
        ErrorKind::InvalidJson => PLX_ERR_INVALID_JSON,
        ErrorKind::PathEscape => PLX_ERR_PATH_ESCAPE,
        ErrorKind::InvalidHandle => PLX_ERR_INVALID_HANDLE,
        ErrorKind::RunClosed => PLX_ERR_RUN_CLOSED,
        ErrorKind::BufferTooSmall => PLX_ERR_BUFFER_TOO_SMALL,
        ErrorKind::Io => PLX_ERR_IO,
        ErrorKind::AlreadyOpen => PLX_ERR_ALREADY_OPEN,
        ErrorKind::AlreadyFinished => PLX_ERR_ALREADY_FINISHED,
        ErrorKind::Internal => PLX_ERR_INTERNAL,
        ErrorKind::ShapeMismatch => PLX_ERR_SHAPE_MISMATCH,
        ErrorKind::NotFound => PLX_ERR_NOT_FOUND,
        ErrorKind::Empty => PLX_ERR_EMPTY,
        ErrorKind::Limit => PLX_ERR_LIMIT,
        ErrorKind::Busy => PLX_ERR_BUSY,
    }
}

/// The static, NUL-terminated text of a status code.
pub(crate) fn text_of(status: plx_status) -> &'static [u8] {
    match status {
        PLX_OK => b"ok\0",
        PLX_ERR_NULL_ARGUMENT => b"a required pointer argument is NULL\0",
        PLX_ERR_INVALID_UTF8 => b"a string argument is not valid UTF-8\0",
        PLX_ERR_INVALID_ARGUMENT => b"an argument is invalid\0",
        PLX_ERR_INVALID_NAME => b"a name is empty, too long or has no usable character\0",
        PLX_ERR_INVALID_UUID => b"a run uuid is not 32 hex digits\0",
        PLX_ERR_INVALID_JSON => b"a JSON argument is invalid\0",
        PLX_ERR_PATH_ESCAPE => b"a path is absolute or leaves the run folder\0",
        PLX_ERR_INVALID_HANDLE => b"the run handle is not valid\0",
        PLX_ERR_RUN_CLOSED => b"the run is closed\0",
        PLX_ERR_BUFFER_TOO_SMALL => b"the buffer is too small\0",
        PLX_ERR_IO => b"a file system operation failed\0",
        PLX_ERR_ALREADY_OPEN => b"the run is open already in this process\0",
        PLX_ERR_ALREADY_FINISHED => b"the run already has a final status\0",
        PLX_ERR_INTERNAL => b"internal error in plx\0",
        PLX_ERR_SHAPE_MISMATCH => b"array lengths or shapes do not agree\0",
        PLX_ERR_NOT_FOUND => b"a source file or folder does not exist\0",
        PLX_ERR_EMPTY => b"a count or size is zero where data is required\0",
        PLX_ERR_LIMIT => b"a value is beyond a documented limit\0",
        PLX_ERR_BUSY => b"held by another run\0",
        _ => b"unknown status code\0",
    }
}
