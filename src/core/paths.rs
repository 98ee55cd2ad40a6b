//! Paths inside a run folder: joins that cannot leave the run, and the folder tree itself.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::{Error, ErrorKind, Result};

/// The sub-folders every run has once it is open.
pub const RUN_SUBFOLDERS: &[&str] = &["outputs", "assets", "events", "plxlogs", "resources"];

/// Joins `rel` under `base`, refusing an absolute path and any `..`, so the result stays inside.
/// An empty `rel` (or one of only `.`) gives `base` itself.
pub fn join_inside(base: &Path, rel: &str, what: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    let mut joined = base.to_path_buf();
    for component in rel_path.components() {
        match component {
            Component::Normal(part) => joined.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(Error::new(
                    ErrorKind::PathEscape,
                    format!("{what} '{rel}' contains '..'; paths must stay inside the run"),
                ))
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(Error::new(
                    ErrorKind::PathEscape,
                    format!("{what} '{rel}' is absolute; give a path relative to the run"),
                ))
            }
        }
    }
    Ok(joined)
}

/// Creates the parent folder of `path`, as Polyaxon's `get_outputs_path` does.
pub fn ensure_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(parent) => create_dir_all(parent),
        None => Ok(()),
    }
}

/// `fs::create_dir_all` with an error that names the folder.
pub fn create_dir_all(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create folder", dir, &e))
}

/// `path` relative to `root` with `/` separators, when it lies inside `root`.
pub fn relative_inside(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts.join("/"))
}

/// Writes `bytes` to `path` through a temporary file and a rename, so that a reader sees either
/// the old file or the new one, never half of it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io("cannot write", path, &e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_stay_inside() {
        let base = Path::new("/r");
        assert_eq!(
            join_inside(base, "a/b.txt", "p").unwrap(),
            Path::new("/r/a/b.txt")
        );
        assert_eq!(
            join_inside(base, "./a//b", "p").unwrap(),
            Path::new("/r/a/b")
        );
        assert_eq!(join_inside(base, "", "p").unwrap(), Path::new("/r"));
        assert_eq!(
            join_inside(base, "../x", "p").unwrap_err().kind,
            ErrorKind::PathEscape
        );
        assert_eq!(
            join_inside(base, "a/../../x", "p").unwrap_err().kind,
            ErrorKind::PathEscape
        );
        assert_eq!(
            join_inside(base, "/etc/passwd", "p").unwrap_err().kind,
            ErrorKind::PathEscape
        );
    }

    #[test]
    fn relative_paths_inside_a_root() {
        let root = Path::new("/r/runs/abc");
        assert_eq!(
            relative_inside(root, Path::new("/r/runs/abc/outputs/m.bin")).as_deref(),
            Some("outputs/m.bin")
        );
        assert_eq!(relative_inside(root, Path::new("/elsewhere/m.bin")), None);
    }
}
