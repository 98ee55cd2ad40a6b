//! Exports about the library itself: version, status texts and the last error message.

use std::ffi::c_char;

use super::boundary::{call_keeping_error, last_error, value};
use super::plx_status;
use super::status::text_of;
use super::strings::string_out;

/// The major version of the header (checked against the library's Cargo.toml by a test).
pub const PLX_VERSION_MAJOR: u32 = 0;
/// The minor version of the header.
pub const PLX_VERSION_MINOR: u32 = 1;
/// The patch version of the header.
pub const PLX_VERSION_PATCH: u32 = 0;
/// The version of the header as one number: major * 10000 + minor * 100 + patch.
pub const PLX_VERSION_NUMBER: u32 = 100;

/// The version of the library that is linked, as major * 10000 + minor * 100 + patch. Compare
/// it with `PLX_VERSION_NUMBER` to detect a header and library mismatch. Before 1.0 there is no
/// ABI stability between minor versions.
#[no_mangle]
pub extern "C" fn plx_version_number() -> u32 {
    value(0, || {
        let part = |text: &str| text.parse::<u32>().unwrap_or(0);
        part(env!("CARGO_PKG_VERSION_MAJOR")) * 10000
            + part(env!("CARGO_PKG_VERSION_MINOR")) * 100
            + part(env!("CARGO_PKG_VERSION_PATCH"))
    })
}

/// The static text of a status code (never NULL; not to be freed). Unknown codes give
/// "unknown status code".
#[no_mangle]
pub extern "C" fn plx_status_str(status: plx_status) -> *const c_char {
    value(c"internal error in plx".as_ptr(), || {
        text_of(status).as_ptr().cast()
    })
}

/// Copies the message of the last failed call on this thread into `buf`, with the string-out
/// protocol of `plx_run_uuid`. The message names the argument or path involved. Every call
/// clears the message on entry, so read it right after the failing call; this function itself
/// leaves it in place. The message is empty (length 0) after a successful call.
///
/// Errors: `PLX_ERR_BUFFER_TOO_SMALL` (the length needed is still reported),
/// `PLX_ERR_NULL_ARGUMENT` (NULL `buf` with a non-zero `buf_len`).
#[no_mangle]
pub unsafe extern "C" fn plx_last_error_message(
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> plx_status {
    call_keeping_error(|| {
        let message = last_error();
        // SAFETY: the export's contract covers `buf` and `out_len`.
        unsafe { string_out(&message, buf, buf_len, out_len) }
    })
}
