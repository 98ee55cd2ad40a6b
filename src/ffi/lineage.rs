//! Exports that record lineage refs to files, folders and URIs the program saved itself.
//!
//! Shared rules: a local path is recorded relative to the run when it lies inside the run
//! folder, else absolute (a relative path is taken from the current directory); an existing
//! file or folder is hashed (md5, first 12 hex digits) unless the summary gives a `hash`; a URI
//! such as `s3://bucket/key` is kept as given and not hashed. `summary_json` is NULL or a JSON
//! object merged over the computed summary. Entries are keyed by name: a later ref with the same
//! name replaces the earlier one, as in Polyaxon.

use std::ffi::c_char;

use serde_json::Value;

use super::boundary::call;
use super::strings::{optional, required};
use super::{plx_run, plx_status};
use crate::core::json::parse_object;
use crate::core::refs::{DefaultName, RefRequest};
use crate::core::{registry, Result};

/// Parses the optional summary argument.
unsafe fn summary_arg(
    summary_json: *const c_char,
) -> Result<Option<serde_json::Map<String, Value>>> {
    // SAFETY: forwarded contract.
    let text = unsafe { optional(summary_json, "summary_json") }?;
    text.map(|t| parse_object(t, "summary_json")).transpose()
}

/// The arguments every path ref shares, read from C.
struct PathRefArgs<'a> {
    path: &'a str,
    name: Option<&'a str>,
    summary: Option<serde_json::Map<String, Value>>,
}

impl<'a> PathRefArgs<'a> {
    unsafe fn read(
        path: *const c_char,
        name: *const c_char,
        summary_json: *const c_char,
    ) -> Result<PathRefArgs<'a>> {
        // SAFETY: forwarded contract.
        unsafe {
            Ok(PathRefArgs {
                path: required(path, "path")?,
                name: optional(name, "name")?,
                summary: summary_arg(summary_json)?,
            })
        }
    }

    fn log(
        self,
        run: plx_run,
        kind: &str,
        default_name: DefaultName,
        is_input: bool,
    ) -> Result<()> {
        let mut request = RefRequest::new(kind, Some(self.path));
        request.name = self.name;
        request.default_name = default_name;
        request.summary = self.summary;
        request.is_input = is_input;
        let flag = (kind == "model").then_some("has_model");
        registry::get(run)?.log_ref(request, flag)
    }
}

/// Records a reference to an artifact of any Polyaxon kind at `path`.
///
/// `kind` NULL means `"file"`; otherwise one of Polyaxon's artifact kinds (`model`, `data`,
/// `dir`, `file`, `tensorboard`, ...). `name` NULL means the base name of `path` before its
/// first dot. `is_input` marks an input of the run rather than an output.
///
/// Errors: `PLX_ERR_NULL_ARGUMENT` (path), `PLX_ERR_INVALID_UTF8`, `PLX_ERR_INVALID_ARGUMENT`
/// (unknown kind, empty path), `PLX_ERR_INVALID_NAME`, `PLX_ERR_INVALID_JSON`, `PLX_ERR_IO`
/// (hashing failed), `PLX_ERR_INVALID_HANDLE`, `PLX_ERR_RUN_CLOSED`. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn plx_log_artifact_ref(
    run: plx_run,
    path: *const c_char,
    kind: *const c_char,
    name: *const c_char,
    summary_json: *const c_char,
    is_input: bool,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers `kind`.
        let kind = unsafe { optional(kind, "kind") }?.unwrap_or("file");
        // SAFETY: the export's contract covers the other pointers.
        let args = unsafe { PathRefArgs::read(path, name, summary_json) }?;
        args.log(run, kind, DefaultName::BaseName, is_input)
    })
}

/// Records a reference to a model file or folder. `framework` (NULL to leave out) goes into the
/// summary; the run's `has_model` flag is set. Other arguments as `plx_log_artifact_ref`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_model_ref(
    run: plx_run,
    path: *const c_char,
    name: *const c_char,
    framework: *const c_char,
    summary_json: *const c_char,
    is_input: bool,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every pointer.
        let (path, name, framework, summary) = unsafe {
            (
                required(path, "path")?,
                optional(name, "name")?,
                optional(framework, "framework")?,
                summary_arg(summary_json)?,
            )
        };
        let mut request = RefRequest::new("model", Some(path));
        request.name = name;
        request.summary = summary;
        request.is_input = is_input;
        if let Some(framework) = framework {
            request
                .leading
                .insert("framework".into(), Value::String(framework.into()));
        }
        registry::get(run)?.log_ref(request, Some("has_model"))
    })
}

/// Records a reference to a file (kind `file`). Arguments as `plx_log_artifact_ref`.
#[no_mangle]
pub unsafe extern "C" fn plx_log_file_ref(
    run: plx_run,
    path: *const c_char,
    name: *const c_char,
    summary_json: *const c_char,
    is_input: bool,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every pointer.
        let args = unsafe { PathRefArgs::read(path, name, summary_json) }?;
        args.log(run, "file", DefaultName::BaseName, is_input)
    })
}

/// Records a reference to a folder (kind `dir`); its hash covers every file under it. `name`
/// NULL means the folder's own name.
#[no_mangle]
pub unsafe extern "C" fn plx_log_dir_ref(
    run: plx_run,
    path: *const c_char,
    name: *const c_char,
    summary_json: *const c_char,
    is_input: bool,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every pointer.
        let args = unsafe { PathRefArgs::read(path, name, summary_json) }?;
        args.log(run, "dir", DefaultName::LastComponent, is_input)
    })
}

/// Records a reference to a data set (kind `data`), by `name`, which is required. `path` (a
/// file, folder or URI) and `hash` (any opaque text) may each be NULL; with neither, the entry
/// holds only the name and summary. Data refs are usually inputs.
#[no_mangle]
pub unsafe extern "C" fn plx_log_data_ref(
    run: plx_run,
    name: *const c_char,
    path: *const c_char,
    hash: *const c_char,
    summary_json: *const c_char,
    is_input: bool,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every pointer.
        let (name, path, hash, summary) = unsafe {
            (
                required(name, "name")?,
                optional(path, "path")?,
                optional(hash, "hash")?,
                summary_arg(summary_json)?,
            )
        };
        let mut request = RefRequest::new("data", path);
        request.name = Some(name);
        request.hash = hash;
        request.summary = summary;
        request.is_input = is_input;
        registry::get(run)?.log_ref(request, None)
    })
}

/// Records the code the run was built from (kind `coderef`, an input, named by its commit).
/// `commit` is required; `branch` and `url` may be NULL.
#[no_mangle]
pub unsafe extern "C" fn plx_log_code_ref(
    run: plx_run,
    commit: *const c_char,
    branch: *const c_char,
    url: *const c_char,
    is_dirty: bool,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every pointer.
        let (commit, branch, url) = unsafe {
            (
                required(commit, "commit")?,
                optional(branch, "branch")?,
                optional(url, "url")?,
            )
        };
        let mut request = RefRequest::new("coderef", None);
        request.name = Some(commit);
        request.is_input = true;
        request.skip_hash = true;
        request
            .leading
            .insert("commit".into(), Value::String(commit.into()));
        if let Some(branch) = branch {
            request
                .leading
                .insert("branch".into(), Value::String(branch.into()));
        }
        if let Some(url) = url {
            request
                .leading
                .insert("url".into(), Value::String(url.into()));
        }
        request
            .leading
            .insert("is_dirty".into(), Value::Bool(is_dirty));
        registry::get(run)?.log_ref(request, None)
    })
}

/// Records a TensorBoard log folder (kind `tensorboard`, not hashed); `name` NULL means
/// `"tensorboard"`. The run's `has_tensorboard` flag is set.
#[no_mangle]
pub unsafe extern "C" fn plx_log_tensorboard_ref(
    run: plx_run,
    path: *const c_char,
    name: *const c_char,
) -> plx_status {
    call(|| {
        // SAFETY: the export's contract covers every pointer.
        let (path, name) = unsafe { (required(path, "path")?, optional(name, "name")?) };
        let mut request = RefRequest::new("tensorboard", Some(path));
        request.name = Some(name.unwrap_or("tensorboard"));
        request.skip_hash = true;
        registry::get(run)?.log_ref(request, Some("has_tensorboard"))
    })
}
