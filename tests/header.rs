//! The committed header is exactly what the pinned cbindgen generates from the sources, and its
//! version macros match Cargo.toml.

use std::path::Path;

fn generate() -> String {
    let crate_dir = env!("CARGO_MANIFEST_DIR");
    let config = cbindgen::Config::from_file(Path::new(crate_dir).join("cbindgen.toml"))
        .expect("cbindgen.toml parses");
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn header_has_no_drift() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/plx.h");
    let generated = generate();
    if std::env::var_os("PLX_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("include/plx.h is writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/plx.h differs from what cbindgen generates; regenerate it with:\n  \
         PLX_BLESS=1 cargo test --test header"
    );
}

fn define(header: &str, name: &str) -> String {
    let prefix = format!("#define {name} ");
    header
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{name} is not defined in include/plx.h"))
        .trim()
        .to_string()
}

#[test]
fn version_macros_match_cargo_toml() {
    let header =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/plx.h"))
            .expect("include/plx.h exists");
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap();
    let minor: u32 = env!("CARGO_PKG_VERSION_MINOR").parse().unwrap();
    let patch: u32 = env!("CARGO_PKG_VERSION_PATCH").parse().unwrap();
    assert_eq!(define(&header, "PLX_VERSION_MAJOR"), major.to_string());
    assert_eq!(define(&header, "PLX_VERSION_MINOR"), minor.to_string());
    assert_eq!(define(&header, "PLX_VERSION_PATCH"), patch.to_string());
    assert_eq!(
        define(&header, "PLX_VERSION_STRING"),
        format!("\"{}\"", env!("CARGO_PKG_VERSION"))
    );
    let number = major * 10000 + minor * 100 + patch;
    assert_eq!(define(&header, "PLX_VERSION_NUMBER"), number.to_string());
    assert_eq!(plx::ffi::version::plx_version_number(), number);
}

#[test]
fn every_macro_carries_the_prefix() {
    let header =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/plx.h"))
            .expect("include/plx.h exists");
    for line in header.lines().filter(|l| l.starts_with("#define ")) {
        let name = line["#define ".len()..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(
            name.starts_with("PLX_"),
            "{name} in include/plx.h lacks the PLX_ prefix"
        );
    }
}
