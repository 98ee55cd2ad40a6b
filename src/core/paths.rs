//! Paths inside a run folder: joins that cannot leave the run, and the folder tree itself.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
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

/// Permissions of the folders plx creates (before the umask), as Polyaxon leaves them.
pub const DIR_MODE: u32 = 0o755;
/// Permissions of the files plx creates (before the umask): never world-writable.
pub const FILE_MODE: u32 = 0o644;

/// Creates a folder and its parents with [`DIR_MODE`], naming the folder in an error.
pub fn create_dir_all(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(|e| Error::io("cannot create folder", dir, &e))
}

/// Options that create a new file with [`FILE_MODE`] and never follow a symbolic link in its
/// last component.
pub fn new_file_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options
        .write(true)
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW);
    options
}

/// Checks that `path`, or its deepest existing ancestor, resolves to a place inside `root` (a
/// canonical path): a symbolic link inside the run folder must not lead plx to write outside it.
pub fn ensure_inside(root: &Path, path: &Path) -> Result<()> {
    let mut existing = path;
    while fs::symlink_metadata(existing).is_err() {
        match existing.parent() {
            Some(parent) => existing = parent,
            None => return Ok(()),
        }
    }
    let resolved = existing
        .canonicalize()
        .map_err(|e| Error::io("cannot resolve", existing, &e))?;
    if resolved.starts_with(root) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::PathEscape,
            format!(
                "'{}' leads outside the run folder (to '{}'); plx writes only inside the run",
                path.display(),
                resolved.display()
            ),
        ))
    }
}

/// Creates the folder `dir` inside `root` (canonical), refusing one that a symbolic link would
/// place outside it.
pub fn create_dir_inside(root: &Path, dir: &Path) -> Result<()> {
    ensure_inside(root, dir)?;
    create_dir_all(dir)?;
    ensure_inside(root, dir)
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

/// A temporary name next to `path` that no one else uses.
pub fn temp_sibling(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".plx-tmp-{}", uuid::Uuid::new_v4().simple()));
    path.with_file_name(name)
}

/// Writes `bytes` to `path` through a new temporary file and a rename, so that a reader sees
/// either the old file or the new one, never half of it. With `durable`, the data reaches the
/// disk before the rename.
pub fn write_atomically(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let tmp = temp_sibling(path);
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut file = new_file_options().create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
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

#[cfg(test)]
mod safety_tests {
    use super::*;
    use std::os::unix::fs::{symlink, PermissionsExt};

    #[test]
    fn symlinks_out_of_the_run_are_refused() {
        let base = std::env::temp_dir().join(format!("plx-inside-{}", std::process::id()));
        let root = base.join("run");
        let outside = base.join("outside");
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&outside).unwrap();
        let root = root.canonicalize().unwrap();
        symlink(&outside, root.join("events")).unwrap();
        let err = create_dir_inside(&root, &root.join("events/metric")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::PathEscape);
        assert!(
            !outside.join("metric").exists(),
            "nothing was created outside"
        );
        assert!(create_dir_inside(&root, &root.join("assets/image")).is_ok());
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn files_are_not_world_writable_and_links_are_not_followed() {
        let dir = std::env::temp_dir().join(format!("plx-modes-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("run.plx.json");
        write_atomically(&file, b"{}", false).unwrap();
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o022, 0, "mode {mode:o}");
        let target = dir.join("target");
        fs::write(&target, "keep").unwrap();
        let link = dir.join("link.plx");
        symlink(&target, &link).unwrap();
        assert!(new_file_options().append(true).open(&link).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
        fs::remove_dir_all(&dir).unwrap();
    }
}
