//! Helpers shared by the Rust integration tests that call the C ABI.
#![allow(dead_code)]

use std::ffi::{c_char, CString};
use std::path::PathBuf;

use plx::ffi::plx_run;
use plx::ffi::run::{plx_run_open, plx_run_uuid};
use plx::ffi::status::PLX_OK;
use plx::ffi::version::plx_last_error_message;

/// A fresh offline root under the system's temp folder, removed when dropped.
pub struct TempRoot(pub PathBuf);

impl TempRoot {
    pub fn new(tag: &str) -> TempRoot {
        let dir = std::env::temp_dir().join(format!(
            "plx-it-{tag}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempRoot(dir)
    }

    pub fn c(&self) -> CString {
        CString::new(self.0.to_str().unwrap()).unwrap()
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn c(text: &str) -> CString {
    CString::new(text).unwrap()
}

/// The last error message of this thread.
pub fn last_error() -> String {
    let mut buf = vec![0 as c_char; 4096];
    let mut len = 0usize;
    let status = unsafe { plx_last_error_message(buf.as_mut_ptr(), buf.len(), &mut len) };
    assert_eq!(status, PLX_OK);
    let bytes: Vec<u8> = buf[..len].iter().map(|&b| b as u8).collect();
    String::from_utf8(bytes).unwrap()
}

/// Opens a new run under `root`, panicking with the message on failure.
pub fn open(root: &TempRoot, uuid: Option<&str>) -> plx_run {
    let root = root.c();
    let uuid = uuid.map(c);
    let mut run = 0;
    let status = unsafe {
        plx_run_open(
            root.as_ptr(),
            std::ptr::null(),
            uuid.as_ref().map_or(std::ptr::null(), |u| u.as_ptr()),
            &mut run,
        )
    };
    assert_eq!(status, PLX_OK, "open: {}", last_error());
    run
}

pub fn uuid_of(run: plx_run) -> String {
    let mut buf = [0 as c_char; 64];
    let mut len = 0;
    assert_eq!(
        unsafe { plx_run_uuid(run, buf.as_mut_ptr(), buf.len(), &mut len) },
        PLX_OK
    );
    buf[..len].iter().map(|&b| b as u8 as char).collect()
}
