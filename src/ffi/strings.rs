//! Strings across the boundary: C strings in (NULL and UTF-8 checked), the string-out protocol,
//! and arrays in.

use std::ffi::{c_char, CStr};
use std::path::Path;

use crate::core::{Error, ErrorKind, Result};

/// A required NUL-terminated UTF-8 string argument.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that lives for `'a`.
pub unsafe fn required<'a>(ptr: *const c_char, what: &str) -> Result<&'a str> {
    if ptr.is_null() {
        return Err(Error::new(
            ErrorKind::NullArgument,
            format!("{what} is NULL"),
        ));
    }
    // SAFETY: non-NULL, and the caller promises a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidUtf8,
            format!(
                "{what} is not valid UTF-8 (bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// An optional string argument: NULL gives `None`.
///
/// # Safety
/// As for [`required`].
pub unsafe fn optional<'a>(ptr: *const c_char, what: &str) -> Result<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { required(ptr, what) }.map(Some)
    }
}

/// An array of `count` items; NULL is allowed only when `count` is 0.
///
/// # Safety
/// `ptr` is NULL or points to `count` initialised items that live for `'a`.
pub unsafe fn array<'a, T>(ptr: *const T, count: usize, what: &str) -> Result<&'a [T]> {
    if count == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::new(
            ErrorKind::NullArgument,
            format!("{what} is NULL but its count is {count}"),
        ));
    }
    if count
        .checked_mul(std::mem::size_of::<T>())
        .is_none_or(|bytes| bytes > isize::MAX as usize)
    {
        return Err(Error::invalid_argument(format!(
            "{what}: count {count} is too large"
        )));
    }
    // SAFETY: non-NULL, size checked above, and the caller promises `count` items.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// An array of `count` strings, each required.
///
/// # Safety
/// `ptr` is NULL or points to `count` pointers, each as for [`required`].
pub unsafe fn string_array<'a>(
    ptr: *const *const c_char,
    count: usize,
    what: &str,
) -> Result<Vec<&'a str>> {
    // SAFETY: forwarded contract.
    let pointers = unsafe { array(ptr, count, what) }?;
    pointers
        .iter()
        .enumerate()
        // SAFETY: each element is NULL or a NUL-terminated string, as the caller promises.
        .map(|(i, p)| unsafe { required(*p, &format!("{what}[{i}]")) })
        .collect()
}

/// Writes an output value through a pointer that must not be NULL.
///
/// # Safety
/// `ptr` is NULL or points to writable memory for a `T`.
pub unsafe fn write_out<T>(ptr: *mut T, value: T) {
    if !ptr.is_null() {
        // SAFETY: non-NULL and writable, as the caller promises.
        unsafe { ptr.write(value) };
    }
}

/// Checks that an output pointer is not NULL.
pub fn out_pointer<T>(ptr: *mut T, what: &str) -> Result<()> {
    if ptr.is_null() {
        Err(Error::new(
            ErrorKind::NullArgument,
            format!("{what} is NULL"),
        ))
    } else {
        Ok(())
    }
}

/// The string-out protocol: reports the length `text` needs (without the NUL) through
/// `out_len` when it is not NULL, and copies `text` with a NUL into `buf` only when it fits.
/// A NULL `buf` with `buf_len` 0 is a size query. Never truncates.
///
/// # Safety
/// `buf` is NULL or writable for `buf_len` bytes; `out_len` is NULL or writable.
pub unsafe fn string_out(
    text: &str,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> Result<()> {
    // SAFETY: forwarded contract.
    unsafe { string_out_after(text, buf, buf_len, out_len, || Ok(())) }
}

/// [`string_out`] that runs `before_write` only when the text is about to be written (not for a
/// size query nor a buffer that is too small), so a refused call has no side effect.
///
/// # Safety
/// As for [`string_out`].
pub unsafe fn string_out_after(
    text: &str,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
    before_write: impl FnOnce() -> Result<()>,
) -> Result<()> {
    // SAFETY: forwarded contract.
    unsafe { write_out(out_len, text.len()) };
    if buf.is_null() {
        if buf_len == 0 {
            return Ok(());
        }
        return Err(Error::new(
            ErrorKind::NullArgument,
            format!("buf is NULL but buf_len is {buf_len}"),
        ));
    }
    if buf_len < text.len() + 1 {
        return Err(Error::new(
            ErrorKind::BufferTooSmall,
            format!(
                "buf_len is {buf_len} but {} bytes are needed (the text and its NUL)",
                text.len() + 1
            ),
        ));
    }
    before_write()?;
    // SAFETY: `buf` is writable for `buf_len` >= len + 1 bytes, and `text` cannot overlap it.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
        buf.add(text.len()).write(0);
    }
    Ok(())
}

/// A path as UTF-8 text for the string-out protocol.
pub fn path_text(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidUtf8,
            format!("path '{}' is not valid UTF-8", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;

    #[test]
    fn strings_in_check_null_and_utf8() {
        let good = CString::new("loss").unwrap();
        assert_eq!(unsafe { required(good.as_ptr(), "name") }.unwrap(), "loss");
        assert_eq!(
            unsafe { required(std::ptr::null(), "name") }
                .unwrap_err()
                .kind,
            ErrorKind::NullArgument
        );
        assert_eq!(unsafe { optional(std::ptr::null(), "name") }.unwrap(), None);
        let bad = [0xffu8 as c_char, 0];
        assert_eq!(
            unsafe { required(bad.as_ptr(), "name") }.unwrap_err().kind,
            ErrorKind::InvalidUtf8
        );
    }

    #[test]
    fn arrays_check_null_counts_and_overflow() {
        let values = [1.0f64, 2.0, 3.0];
        assert_eq!(unsafe { array(values.as_ptr(), 3, "v") }.unwrap(), &values);
        assert!(unsafe { array::<f64>(std::ptr::null(), 0, "v") }
            .unwrap()
            .is_empty());
        assert_eq!(
            unsafe { array::<f64>(std::ptr::null(), 2, "v") }
                .unwrap_err()
                .kind,
            ErrorKind::NullArgument
        );
        let huge = unsafe { array(values.as_ptr(), usize::MAX / 2, "v") };
        assert_eq!(huge.unwrap_err().kind, ErrorKind::InvalidArgument);
        let (a, b) = (CString::new("a").unwrap(), CString::new("b").unwrap());
        let names = [a.as_ptr(), b.as_ptr()];
        assert_eq!(
            unsafe { string_array(names.as_ptr(), 2, "names") }.unwrap(),
            vec!["a", "b"]
        );
        let holes = [a.as_ptr(), std::ptr::null()];
        let err = unsafe { string_array(holes.as_ptr(), 2, "names") }.unwrap_err();
        assert!(err.message.contains("names[1]"));
    }

    #[test]
    fn strings_out_query_refuse_and_fit() {
        let mut len = 0usize;
        assert!(unsafe { string_out("abc", std::ptr::null_mut(), 0, &mut len) }.is_ok());
        assert_eq!(len, 3);
        let mut small = [7 as c_char; 3];
        let err = unsafe { string_out("abc", small.as_mut_ptr(), 3, &mut len) }.unwrap_err();
        assert_eq!(err.kind, ErrorKind::BufferTooSmall);
        assert_eq!(small, [7; 3], "nothing written on refusal");
        let mut fits = [7 as c_char; 4];
        assert!(unsafe { string_out("abc", fits.as_mut_ptr(), 4, std::ptr::null_mut()) }.is_ok());
        assert_eq!(fits.map(|c| c as u8), *b"abc\0");
        let null = unsafe { string_out("abc", std::ptr::null_mut(), 4, &mut len) };
        assert_eq!(null.unwrap_err().kind, ErrorKind::NullArgument);
    }
}
