//! Every export runs through the boundary helper, so no panic can cross into C.

use std::path::Path;

/// The body of each `extern "C" fn` in `source`, by name.
fn export_bodies(source: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("extern \"C\" fn ") {
        let after = &rest[at + "extern \"C\" fn ".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let Some(open) = after.find('{') else { break };
        let mut depth = 0;
        let mut end = open;
        for (i, ch) in after[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push((name, after[open..=end].to_string()));
        rest = &after[end..];
    }
    found
}

#[test]
fn every_export_goes_through_the_boundary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ffi");
    let mut exports = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for (name, body) in export_bodies(&source) {
            if !name.starts_with("plx_") {
                continue;
            }
            exports += 1;
            let code: String = body
                .trim_start_matches('{')
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let guarded = ["call(", "call_keeping_error(", "value("]
                .iter()
                .any(|helper| code.starts_with(helper));
            assert!(
                guarded,
                "{name} in {} does not start with a boundary helper",
                path.display()
            );
        }
    }
    assert!(
        exports > 20,
        "found only {exports} exports; is the scan broken?"
    );
}

#[test]
fn every_export_is_in_the_header() {
    let header =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/plx.h"))
            .unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ffi");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (name, _) in export_bodies(&source)
            .into_iter()
            .filter(|(n, _)| n.starts_with("plx_"))
        {
            assert!(
                header.contains(&format!("{name}(")),
                "{name} is missing from include/plx.h"
            );
        }
    }
}
