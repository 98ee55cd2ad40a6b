//! Gives the shared library a versioned SONAME on Linux (`libplx.so.<major>` from 1.0 on,
//! `libplx.so.0.<minor>` before, since minor versions may break the ABI until then), so that
//! programs linked against one ABI never load another.

fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os != "linux" {
        return;
    }
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    let abi = if major == "0" {
        format!("0.{minor}")
    } else {
        major
    };
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libplx.so.{abi}");
    println!("cargo:rerun-if-changed=build.rs");
}
