//! Reference-only lineage: entries that point at files, folders and URIs the program saved
//! itself, with Polyaxon's path and hash rules.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::hash::{hash_dir, hash_file};
use super::lineage::Artifact;
use super::names::{base_name, check_artifact_kind, last_component};
use super::paths::relative_inside;
use super::{Error, ErrorKind, Result};

/// How a ref is named when the caller gives no name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultName {
    /// The last path component up to its first dot (files and most kinds).
    BaseName,
    /// The whole last path component (folders).
    LastComponent,
}

/// What a caller asks to record.
pub struct RefRequest<'a> {
    pub path: Option<&'a str>,
    pub kind: &'a str,
    pub name: Option<&'a str>,
    pub default_name: DefaultName,
    /// Fields that come first in the summary (such as a model's `framework`).
    pub leading: Map<String, Value>,
    /// The caller's own summary, merged over what plx computes.
    pub summary: Option<Map<String, Value>>,
    pub hash: Option<&'a str>,
    pub skip_hash: bool,
    pub is_input: bool,
}

impl<'a> RefRequest<'a> {
    pub fn new(kind: &'a str, path: Option<&'a str>) -> Self {
        RefRequest {
            path,
            kind,
            name: None,
            default_name: DefaultName::BaseName,
            leading: Map::new(),
            summary: None,
            hash: None,
            skip_hash: false,
            is_input: false,
        }
    }
}

/// Whether `path` is a URI such as `s3://bucket/key`, kept as given and never hashed.
pub fn is_uri(path: &str) -> bool {
    match path.split_once("://") {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Builds the lineage entry for `request` in the run at `run_root`.
pub fn build(run_root: &Path, request: RefRequest<'_>) -> Result<Artifact> {
    check_artifact_kind(request.kind)?;
    if request.path == Some("") {
        return Err(Error::invalid_argument("the ref's path is empty"));
    }
    let name = match (request.name, request.path) {
        (Some(name), _) => name.to_string(),
        (None, Some(path)) => match request.default_name {
            DefaultName::BaseName => base_name(path).to_string(),
            DefaultName::LastComponent => last_component(path).to_string(),
        },
        (None, None) => String::new(),
    };
    if name.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidName,
            "the ref has no name: give a name or a path",
        ));
    }

    let mut summary = request.leading;
    let mut entry_path = None;
    let caller_hash = request.hash.map(str::to_string).or_else(|| {
        request
            .summary
            .as_ref()
            .and_then(|s| s.get("hash"))
            .map(json_text)
    });
    if let Some(hash) = &caller_hash {
        summary.insert("hash".into(), Value::String(hash.clone()));
    }
    if let Some(path) = request.path {
        if is_uri(path) {
            entry_path = Some(path.to_string());
            summary.insert("path".into(), Value::String(path.to_string()));
        } else {
            let local = LocalPath::resolve(run_root, path);
            entry_path = Some(local.entry_path.clone());
            summary.insert("path".into(), Value::String(local.absolute_text()));
            if caller_hash.is_none() && !request.skip_hash && local.exists {
                let hash = if local.absolute.is_dir() {
                    hash_dir(&local.absolute)?
                } else {
                    hash_file(&local.absolute)?
                };
                summary.insert("hash".into(), Value::String(hash));
            }
        }
    }
    if let Some(extra) = request.summary {
        summary.extend(extra);
    }

    Ok(Artifact {
        name,
        kind: request.kind.to_string(),
        path: entry_path,
        summary,
        connection: None,
        is_input: request.is_input,
        extra: Map::new(),
    })
}

fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A local path as lineage records it: absolute, and relative to the run when inside it.
struct LocalPath {
    absolute: PathBuf,
    entry_path: String,
    exists: bool,
}

impl LocalPath {
    fn resolve(run_root: &Path, path: &str) -> LocalPath {
        let given = Path::new(path);
        let absolute = if given.is_absolute() {
            given.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|cwd| cwd.join(given))
                .unwrap_or_else(|_| given.into())
        };
        let exists = absolute.exists();
        let canonical = absolute.canonicalize().unwrap_or_else(|_| absolute.clone());
        let root = run_root
            .canonicalize()
            .unwrap_or_else(|_| run_root.to_path_buf());
        let entry_path = relative_inside(&root, &canonical)
            .filter(|rel| !rel.is_empty())
            .unwrap_or_else(|| canonical.to_string_lossy().into_owned());
        let absolute = if exists { canonical } else { absolute };
        LocalPath {
            absolute,
            entry_path,
            exists,
        }
    }

    fn absolute_text(&self) -> String {
        self.absolute.to_string_lossy().into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn temp_run(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("plx-refs-{tag}-{}", std::process::id()));
        fs::create_dir_all(dir.join("outputs")).unwrap();
        dir
    }

    #[test]
    fn a_file_inside_the_run_is_relative_and_hashed() {
        let run = temp_run("inside");
        let file = run.join("outputs/report.txt");
        fs::write(&file, "Artifact content.").unwrap();
        let entry = build(&run, RefRequest::new("file", Some(file.to_str().unwrap()))).unwrap();
        assert_eq!(entry.name, "report");
        assert_eq!(entry.path.as_deref(), Some("outputs/report.txt"));
        assert_eq!(entry.summary["hash"], "67be36788cbb");
        fs::remove_dir_all(&run).unwrap();
    }

    #[test]
    fn uris_are_kept_and_not_hashed() {
        let run = temp_run("uri");
        let entry = build(&run, RefRequest::new("data", Some("s3://bucket/data.csv"))).unwrap();
        assert_eq!(entry.name, "data");
        assert_eq!(entry.path.as_deref(), Some("s3://bucket/data.csv"));
        assert!(entry.summary.get("hash").is_none());
        fs::remove_dir_all(&run).unwrap();
    }

    #[test]
    fn the_callers_summary_and_hash_win() {
        let run = temp_run("summary");
        let mut request = RefRequest::new("data", None);
        request.name = Some("train-data");
        let mut extra = Map::new();
        extra.insert("hash".into(), Value::String("abc123".into()));
        extra.insert("rows".into(), Value::from(10));
        request.summary = Some(extra);
        let entry = build(&run, request).unwrap();
        assert_eq!(entry.summary["hash"], "abc123");
        assert_eq!(entry.summary["rows"], 10);
        assert!(entry.path.is_none());
        fs::remove_dir_all(&run).unwrap();
    }

    #[test]
    fn unknown_kinds_and_nameless_refs_are_refused() {
        let run = temp_run("bad");
        let bad_kind = build(&run, RefRequest::new("nope", Some("/x")));
        assert_eq!(bad_kind.unwrap_err().kind, ErrorKind::InvalidArgument);
        let nameless = build(&run, RefRequest::new("data", None));
        assert_eq!(nameless.unwrap_err().kind, ErrorKind::InvalidName);
        fs::remove_dir_all(&run).unwrap();
    }
}
