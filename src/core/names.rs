//! Polyaxon's name rules: event names through `to_fqn_name`, the artifact kinds it knows, and
//! the base name of a path.

use unicode_normalization::UnicodeNormalization;

use super::{Error, ErrorKind, Result};

/// The longest event name plx accepts, in bytes before sanitising. File systems refuse longer
/// file names, so such a name could never become an event file.
pub const MAX_NAME_BYTES: usize = 200;

/// Every `V1ArtifactKind` value Polyaxon accepts, in the order of its enum.
pub const ARTIFACT_KINDS: &[&str] = &[
    "model",
    "audio",
    "video",
    "histogram",
    "image",
    "tensor",
    "dataframe",
    "chart",
    "csv",
    "tsv",
    "psv",
    "ssv",
    "metric",
    "env",
    "html",
    "text",
    "file",
    "dir",
    "dockerfile",
    "docker_image",
    "data",
    "coderef",
    "table",
    "tensorboard",
    "curve",
    "confusion",
    "analysis",
    "iteration",
    "markdown",
    "system",
    "artifact",
    "span",
];

/// Checks that `kind` is one of Polyaxon's artifact kinds.
pub fn check_artifact_kind(kind: &str) -> Result<()> {
    if ARTIFACT_KINDS.contains(&kind) {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "kind '{kind}' is not a Polyaxon artifact kind (one of: {})",
            ARTIFACT_KINDS.join(", ")
        )))
    }
}

/// Polyaxon's `to_fqn_name`: NFKD then ASCII only; drop everything but word characters,
/// slashes, dots, whitespace and dashes; strip; slash runs become `__`; runs of dashes, dots
/// and whitespace become `-`.
pub fn to_fqn_name(name: &str) -> String {
    let ascii: String = name.nfkd().filter(char::is_ascii).collect();
    let kept: String = ascii
        .chars()
        .filter(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '\\' | '/' | '.' | '-')
                || is_python_space(*c)
        })
        .collect();
    let stripped = kept.trim_matches(is_python_space);

    let mut out = String::with_capacity(stripped.len() + 4);
    let mut chars = stripped.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' || c == '\\' {
            while matches!(chars.peek(), Some('/') | Some('\\')) {
                chars.next();
            }
            out.push_str("__");
        } else if c == '-' || c == '.' || is_python_space(c) {
            while matches!(chars.peek(), Some(&d) if d == '-' || d == '.' || is_python_space(d)) {
                chars.next();
            }
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// Python's `\s` and `str.strip()` on ASCII: space, tab, newline, carriage return, form feed,
/// vertical tab, and the ASCII separators 0x1c..0x1f.
fn is_python_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
    )
}

/// Sanitises a user's event, input or output name, refusing what cannot become a file name.
pub fn event_name(what: &str, name: &str) -> Result<String> {
    if name.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidName,
            format!("{what} is empty"),
        ));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidName,
            format!(
                "{what} is {} bytes long; at most {MAX_NAME_BYTES} are accepted",
                name.len()
            ),
        ));
    }
    let fqn = to_fqn_name(name);
    if fqn.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidName,
            format!("{what} '{name}' has no letter, digit, '_' or '-' that Polyaxon keeps"),
        ));
    }
    Ok(fqn)
}

/// The last component of a path or URI, without trailing slashes.
pub fn last_component(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// Polyaxon's `get_base_filename`: the last component up to its first dot.
pub fn base_name(path: &str) -> &str {
    let last = last_component(path);
    last.split('.').next().unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fqn_matches_polyaxon_examples() {
        let cases = [
            ("train/loss", "train__loss"),
            ("val loss", "val-loss"),
            ("A.B.C", "A-B-C"),
            ("a|b", "ab"),
            ("émile", "emile"),
            ("α-beta", "-beta"),
            (".hidden", "-hidden"),
            ("foo/bar/baz.png", "foo__bar__baz-png"),
            ("a//\\b", "a__b"),
            ("  padded  ", "padded"),
            ("x - . y", "x-y"),
            ("@@", ""),
        ];
        for (input, want) in cases {
            assert_eq!(to_fqn_name(input), want, "to_fqn_name({input:?})");
        }
    }

    #[test]
    fn event_name_refuses_empty_long_and_vanishing_names() {
        assert_eq!(
            event_name("name", "").unwrap_err().kind,
            ErrorKind::InvalidName
        );
        assert_eq!(
            event_name("name", "@@").unwrap_err().kind,
            ErrorKind::InvalidName
        );
        let long = "a".repeat(MAX_NAME_BYTES + 1);
        assert_eq!(
            event_name("name", &long).unwrap_err().kind,
            ErrorKind::InvalidName
        );
        assert_eq!(event_name("name", "loss").unwrap(), "loss");
    }

    #[test]
    fn base_names_follow_polyaxon() {
        assert_eq!(base_name("/a/b/model.v2.PT"), "model");
        assert_eq!(base_name("s3://bucket/data.csv"), "data");
        assert_eq!(base_name("dir/sub/"), "sub");
        assert_eq!(last_component("/x/y/data.tar.gz"), "data.tar.gz");
    }

    #[test]
    fn kinds_are_checked() {
        assert!(check_artifact_kind("file").is_ok());
        assert!(check_artifact_kind("tensorboard").is_ok());
        assert_eq!(
            check_artifact_kind("nope").unwrap_err().kind,
            ErrorKind::InvalidArgument
        );
    }
}
