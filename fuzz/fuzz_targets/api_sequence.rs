//! Drives sequences of calls to the C ABI, decoded from the fuzzer's bytes; see `driver.rs` for
//! what is called and what is checked, and docs/FUZZING.md for how to run it.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../driver.rs"]
mod driver;

fuzz_target!(|data: &[u8]| driver::run_bytes(data));
