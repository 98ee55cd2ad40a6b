//! Where a run lives: its folder, uuid, owner and project, from the caller's arguments and
//! Polyaxon's environment variables.

use std::path::PathBuf;

use super::{Error, ErrorKind, Result};

/// The offline root when neither the caller nor `POLYAXON_OFFLINE_ROOT` names one.
pub const DEFAULT_OFFLINE_ROOT: &str = "/tmp/plx/offline";
/// The context root of a Polyaxon-managed job when `POLYAXON_CONTEXT_ROOT` is not set.
pub const DEFAULT_CONTEXT_ROOT: &str = "/plx-context";
/// The owner and project of a run opened with no project.
pub const DEFAULT_OWNER: &str = "default";
pub const DEFAULT_PROJECT: &str = "default";

/// What the caller passed to open a run; `None` is a NULL argument.
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenRequest<'a> {
    pub root: Option<&'a str>,
    pub project: Option<&'a str>,
    pub uuid: Option<&'a str>,
}

/// A resolved run location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub folder: PathBuf,
    pub uuid: String,
    pub owner: String,
    pub project: String,
}

/// Resolves `request` with `env` as the environment (a function so tests need not touch the
/// process environment).
pub fn resolve(request: OpenRequest<'_>, env: impl Fn(&str) -> Option<String>) -> Result<Location> {
    let given_uuid = request.uuid.map(normalise_uuid).transpose()?;
    let (mut owner, mut project) = match request.project {
        Some(text) => parse_project(text)?,
        None => (DEFAULT_OWNER.to_string(), DEFAULT_PROJECT.to_string()),
    };

    let managed = match (request.root, &given_uuid, env("POLYAXON_RUN_INSTANCE")) {
        (None, None, Some(instance)) if !instance.is_empty() => Some(parse_instance(&instance)?),
        _ => None,
    };
    if let Some((inst_owner, inst_project, uuid)) = managed {
        if request.project.is_none() {
            owner = inst_owner;
            project = inst_project;
        }
        let context = env("POLYAXON_CONTEXT_ROOT").unwrap_or_else(|| DEFAULT_CONTEXT_ROOT.into());
        let folder = PathBuf::from(context).join("artifacts").join(&uuid);
        return Ok(Location {
            folder,
            uuid,
            owner,
            project,
        });
    }

    let root = match request.root {
        Some("") => {
            return Err(Error::invalid_argument(
                "root is empty; pass NULL for the default",
            ))
        }
        Some(root) => root.to_string(),
        None => env("POLYAXON_OFFLINE_ROOT")
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| DEFAULT_OFFLINE_ROOT.into()),
    };
    let uuid = given_uuid.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let folder = PathBuf::from(root).join("runs").join(&uuid);
    Ok(Location {
        folder,
        uuid,
        owner,
        project,
    })
}

/// Accepts a uuid as 32 hex digits or in the dashed form, and gives the 32-hex lowercase form
/// that Polyaxon uses for folder names.
pub fn normalise_uuid(text: &str) -> Result<String> {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    let dashed_ok = text.len() == 32 || (text.len() == 36 && dash_positions_ok(text));
    if hex.len() != 32 || !dashed_ok || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::new(
            ErrorKind::InvalidUuid,
            format!("uuid '{text}' is not 32 hex digits (dashes allowed in the 8-4-4-4-12 form)"),
        ));
    }
    Ok(hex.to_ascii_lowercase())
}

fn dash_positions_ok(text: &str) -> bool {
    text.char_indices()
        .all(|(i, c)| (c == '-') == matches!(i, 8 | 13 | 18 | 23))
}

fn check_slug(what: &str, slug: &str, whole: &str) -> Result<()> {
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "project '{whole}': the {what} must be letters, digits, '-', '_' or '.'"
        )))
    }
}

/// Parses `owner/project` or `project`.
pub fn parse_project(text: &str) -> Result<(String, String)> {
    let (owner, project) = match text.split_once('/') {
        Some((owner, project)) => (owner, project),
        None => (DEFAULT_OWNER, text),
    };
    check_slug("owner", owner, text)?;
    check_slug("project name", project, text)?;
    Ok((owner.to_string(), project.to_string()))
}

/// Parses `POLYAXON_RUN_INSTANCE`: `owner.project.runs.uuid`.
fn parse_instance(instance: &str) -> Result<(String, String, String)> {
    let parts: Vec<&str> = instance.split('.').collect();
    match parts.as_slice() {
        [owner, project, "runs", uuid] if !owner.is_empty() && !project.is_empty() => Ok((
            owner.to_string(),
            project.to_string(),
            normalise_uuid(uuid)?,
        )),
        _ => Err(Error::invalid_argument(format!(
            "POLYAXON_RUN_INSTANCE '{instance}' is not of the form owner.project.runs.uuid"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn defaults_to_the_offline_root() {
        let loc = resolve(OpenRequest::default(), no_env).unwrap();
        assert_eq!(loc.uuid.len(), 32);
        assert_eq!(
            loc.folder,
            PathBuf::from(DEFAULT_OFFLINE_ROOT)
                .join("runs")
                .join(&loc.uuid)
        );
        assert_eq!(
            (loc.owner.as_str(), loc.project.as_str()),
            ("default", "default")
        );
    }

    #[test]
    fn reads_the_offline_root_from_the_environment() {
        let env = |k: &str| (k == "POLYAXON_OFFLINE_ROOT").then(|| "/data/offline".to_string());
        let req = OpenRequest {
            uuid: Some("8AAC02E3-A62A-4F0A-AA25-7C59DA5EAB80"),
            ..Default::default()
        };
        let loc = resolve(req, env).unwrap();
        assert_eq!(
            loc.folder,
            PathBuf::from("/data/offline/runs/8aac02e3a62a4f0aaa257c59da5eab80")
        );
    }

    #[test]
    fn a_managed_job_takes_its_run_and_context() {
        let env = |k: &str| match k {
            "POLYAXON_RUN_INSTANCE" => {
                Some("acme.sim.runs.8aac02e3a62a4f0aaa257c59da5eab80".into())
            }
            "POLYAXON_CONTEXT_ROOT" => Some("/ctx".into()),
            _ => None,
        };
        let loc = resolve(OpenRequest::default(), env).unwrap();
        assert_eq!(
            loc.folder,
            PathBuf::from("/ctx/artifacts/8aac02e3a62a4f0aaa257c59da5eab80")
        );
        assert_eq!((loc.owner.as_str(), loc.project.as_str()), ("acme", "sim"));
        let explicit = OpenRequest {
            root: Some("/r"),
            ..Default::default()
        };
        assert!(resolve(explicit, env)
            .unwrap()
            .folder
            .starts_with("/r/runs"));
    }

    #[test]
    fn bad_uuids_and_projects_are_refused() {
        for bad in [
            "",
            "xyz",
            "8aac02e3a62a4f0aaa257c59da5eab8",
            "8aac02e3-a62a4f0a-aa25-7c59da5eab80a",
        ] {
            assert_eq!(
                normalise_uuid(bad).unwrap_err().kind,
                ErrorKind::InvalidUuid,
                "{bad}"
            );
        }
        assert!(parse_project("acme/demo").is_ok());
        assert!(parse_project("a/b/c").is_err());
        assert!(parse_project("/demo").is_err());
        assert!(parse_project("has space").is_err());
    }
}
