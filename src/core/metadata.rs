//! The run's metadata as Polyaxon's `V1Run`, persisted to `run.plx.json`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::timestamp::{iso, parse, Micros};
use super::{Error, ErrorKind, Result};

/// One entry of `status_conditions`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StatusCondition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<String>,
}

/// The final statuses a program may give its run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalStatus {
    Succeeded,
    Failed,
    Stopped,
}

impl FinalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FinalStatus::Succeeded => "succeeded",
            FinalStatus::Failed => "failed",
            FinalStatus::Stopped => "stopped",
        }
    }

    fn default_message(self) -> &'static str {
        match self {
            FinalStatus::Succeeded => "Operation has succeeded",
            FinalStatus::Failed => "Operation has failed",
            FinalStatus::Stopped => "Operation is stopped",
        }
    }
}

const FINAL_STATUSES: &[&str] = &[
    "succeeded",
    "failed",
    "stopped",
    "skipped",
    "upstream_failed",
];

/// `run.plx.json`: the fields plx fills, in Polyaxon's order, and any others kept as they were.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Metadata {
    pub uuid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_managed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub meta_info: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub inputs: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub outputs: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_conditions: Vec<StatusCondition>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Metadata {
    /// A new run, created and running as of `now`.
    pub fn new(uuid: &str, owner: &str, project: &str, now: Micros) -> Metadata {
        let mut meta = Metadata {
            uuid: uuid.to_string(),
            owner: Some(owner.to_string()),
            project: Some(project.to_string()),
            created_at: Some(iso(now)),
            started_at: Some(iso(now)),
            wait_time: Some(0.0),
            managed_by: Some("user".into()),
            is_managed: Some(false),
            kind: Some("job".into()),
            runtime: Some("job".into()),
            ..Metadata::default()
        };
        meta.push_status("created", "PlxClient", "Operation is starting", now);
        meta.push_status("running", "PlxClient", "Operation is running", now);
        meta
    }

    /// Reads `run.plx.json`.
    pub fn from_json(text: &str) -> std::result::Result<Metadata, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The compact JSON Polyaxon writes, without a trailing newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Marks a resumed run as running again.
    pub fn resume(&mut self, now: Micros) {
        self.finished_at = None;
        self.duration = None;
        self.push_status("running", "PlxClient", "Operation is resumed", now);
    }

    fn push_status(&mut self, status: &str, reason: &str, message: &str, now: Micros) {
        let time = iso(now);
        self.status = Some(status.to_string());
        self.status_conditions.push(StatusCondition {
            kind: status.to_string(),
            status: true,
            reason: Some(reason.to_string()),
            message: Some(message.to_string()),
            last_update_time: Some(time.clone()),
            last_transition_time: Some(time),
        });
    }

    /// Whether the run has a final status already.
    pub fn is_done(&self) -> bool {
        self.status
            .as_deref()
            .is_some_and(|s| FINAL_STATUSES.contains(&s))
    }

    /// Gives the run its final status, refusing a second one.
    pub fn finish(
        &mut self,
        status: FinalStatus,
        reason: Option<&str>,
        message: Option<&str>,
        now: Micros,
    ) -> Result<()> {
        if self.is_done() {
            return Err(Error::new(
                ErrorKind::AlreadyFinished,
                format!(
                    "the run already has the final status '{}'",
                    self.status.as_deref().unwrap_or_default()
                ),
            ));
        }
        let message = message.unwrap_or(status.default_message());
        self.push_status(status.as_str(), reason.unwrap_or("PlxClient"), message, now);
        self.finished_at = Some(iso(now));
        let started = self.started_at.as_deref().and_then(parse).unwrap_or(now);
        self.duration = Some(round2((now - started) as f64 / 1e6));
        Ok(())
    }

    /// Merges `values` into the inputs or outputs, with keys sanitised as Polyaxon does and
    /// `suffix` (a rank's) added.
    pub fn merge_values(
        target: &mut Map<String, Value>,
        values: Map<String, Value>,
        suffix: &str,
    ) -> Result<()> {
        let mut sanitised = Vec::with_capacity(values.len());
        for (key, value) in values {
            let name = super::names::event_name("key", &key)?;
            sanitised.push((format!("{name}{suffix}"), value));
        }
        target.extend(sanitised);
        Ok(())
    }

    /// Adds tags that are not there yet, in order.
    pub fn add_tags<'a>(&mut self, tags: impl IntoIterator<Item = &'a str>) {
        for tag in tags {
            if !self.tags.iter().any(|t| t == tag) {
                self.tags.push(tag.to_string());
            }
        }
    }

    /// Sets a flag in `meta_info` (such as `has_metrics`).
    pub fn set_flag(&mut self, flag: &str) {
        self.meta_info.insert(flag.to_string(), Value::Bool(true));
    }
}

fn round2(seconds: f64) -> f64 {
    (seconds * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_run_serialises_in_polyaxon_order() {
        let meta = Metadata::new("8aac02e3a62a4f0aaa257c59da5eab80", "acme", "demo", 0);
        let json = meta.to_json();
        assert!(json.starts_with(r#"{"uuid":"8aac02e3a62a4f0aaa257c59da5eab80","owner":"acme""#));
        assert!(json.contains(r#""status":"running""#));
        assert!(!json.contains("finished_at"));
        let back = Metadata::from_json(&json).unwrap();
        assert_eq!(back.status_conditions.len(), 2);
    }

    #[test]
    fn a_second_final_status_is_refused() {
        let mut meta = Metadata::new("u", "o", "p", 0);
        meta.finish(FinalStatus::Failed, None, Some("boom"), 1_500_000)
            .unwrap();
        assert_eq!(meta.duration, Some(1.5));
        let again = meta.finish(FinalStatus::Succeeded, None, None, 2_000_000);
        assert_eq!(again.unwrap_err().kind, ErrorKind::AlreadyFinished);
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let json = r#"{"uuid":"u","settings":{"x":1},"status":"succeeded"}"#;
        let meta = Metadata::from_json(json).unwrap();
        assert!(meta.to_json().contains(r#""settings":{"x":1}"#));
    }
}
