//! plx: Polyaxon run tracking for native code.
//!
//! The crate has two halves. [`core`] is safe Rust that knows Polyaxon's run-folder format;
//! [`ffi`] is the thin C boundary over it, from which `include/plx.h` is generated.

pub mod core;
pub mod ffi;
pub mod sys;
