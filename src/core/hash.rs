//! Polyaxon's content hashes for lineage: the first 12 hex digits of an md5.

use std::fs;
use std::io::Read;
use std::path::Path;

use md5::{Digest, Md5};

use super::{Error, Result};

const HASH_LEN: usize = 12;

fn finish(hasher: Md5) -> String {
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(32);
    for byte in digest.iter() {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex.truncate(HASH_LEN);
    hex
}

fn feed_file(hasher: &mut Md5, path: &Path) -> Result<()> {
    let mut file = fs::File::open(path).map_err(|e| Error::io("cannot read", path, &e))?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::io("cannot read", path, &e))?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buf[..n]);
    }
}

/// The hash of a file's bytes.
pub fn hash_file(path: &Path) -> Result<String> {
    let mut hasher = Md5::new();
    feed_file(&mut hasher, path)?;
    Ok(finish(hasher))
}

/// The hash of a folder: the bytes of all its files, walked top-down with each folder's files
/// before its sub-folders and names in sorted order. Polyaxon walks in `os.walk` order, which is
/// not sorted, so its hash of the same folder may differ; both are opaque to Polyaxon.
pub fn hash_dir(path: &Path) -> Result<String> {
    let mut hasher = Md5::new();
    feed_dir(&mut hasher, path)?;
    Ok(finish(hasher))
}

fn feed_dir(hasher: &mut Md5, dir: &Path) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io("cannot list", dir, &e))?;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("cannot list", dir, &e))?;
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => dirs.push(path),
            Ok(_) if path.is_file() => files.push(path),
            _ => {}
        }
    }
    files.sort();
    dirs.sort();
    for file in &files {
        feed_file(hasher, file)?;
    }
    for sub in &dirs {
        feed_dir(hasher, sub)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_polyaxon_hashes() {
        let dir = std::env::temp_dir().join(format!("plx-hash-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("report.txt");
        fs::write(&file, "Artifact content.").unwrap();
        assert_eq!(hash_file(&file).unwrap(), "67be36788cbb");
        assert_eq!(hash_dir(&dir).unwrap(), "67be36788cbb");
        fs::remove_dir_all(&dir).unwrap();
    }
}
