//! Lineage: Polyaxon's `V1RunArtifact` entries, keyed by name as Polyaxon keys them, persisted
//! to `lineages.plx.json`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One lineage entry, with fields in `V1RunArtifact`'s order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Artifact {
    pub name: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub summary: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    #[serde(default)]
    pub is_input: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Artifact {
    /// Whether this entry describes an event file (written by plx at close).
    pub fn is_event(&self) -> bool {
        self.summary.get("is_event") == Some(&Value::Bool(true))
    }
}

/// The run's lineage, in insertion order; a later entry with a known name takes the earlier
/// one's place, as Polyaxon's name-keyed dict does.
#[derive(Clone, Debug, Default)]
pub struct Lineage {
    entries: Vec<Artifact>,
}

impl Lineage {
    /// Reads `lineages.plx.json`.
    pub fn from_json(text: &str) -> std::result::Result<Lineage, serde_json::Error> {
        let entries: Vec<Artifact> = serde_json::from_str(text)?;
        let mut lineage = Lineage::default();
        for entry in entries {
            lineage.upsert(entry);
        }
        Ok(lineage)
    }

    /// The compact JSON array Polyaxon writes.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".into())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[Artifact] {
        &self.entries
    }

    pub fn get(&self, name: &str) -> Option<&Artifact> {
        self.entries.iter().find(|a| a.name == name)
    }

    /// Adds an entry, replacing any with the same name in its place.
    pub fn upsert(&mut self, artifact: Artifact) {
        match self.entries.iter_mut().find(|a| a.name == artifact.name) {
            Some(slot) => *slot = artifact,
            None => self.entries.push(artifact),
        }
    }

    /// Adds the entry of an event file. Polyaxon names it after the file and lets it replace
    /// any entry of that name; plx replaces only the same file's earlier entry, and otherwise
    /// gives the event entry a free name (`<kind>-<name>`, then a number), so no user ref and no
    /// other event stream is lost.
    pub fn upsert_event(&mut self, mut artifact: Artifact) {
        let same_file =
            |a: &Artifact| a.is_event() && a.path == artifact.path && a.kind == artifact.kind;
        if let Some(slot) = self.entries.iter_mut().find(|a| same_file(a)) {
            artifact.name = slot.name.clone();
            *slot = artifact;
            return;
        }
        if self.get(&artifact.name).is_some() {
            let base = format!("{}-{}", artifact.kind, artifact.name);
            let mut candidate = base.clone();
            let mut n = 2;
            while self.get(&candidate).is_some() {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            artifact.name = candidate;
        }
        self.entries.push(artifact);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, kind: &str, path: &str, event: bool) -> Artifact {
        let mut summary = Map::new();
        if event {
            summary.insert("is_event".into(), Value::Bool(true));
        }
        Artifact {
            name: name.into(),
            kind: kind.into(),
            path: Some(path.into()),
            summary,
            connection: None,
            is_input: false,
            extra: Map::new(),
        }
    }

    #[test]
    fn same_name_replaces_in_place() {
        let mut lineage = Lineage::default();
        lineage.upsert(entry("dup", "file", "a", false));
        lineage.upsert(entry("other", "file", "b", false));
        lineage.upsert(entry("dup", "dir", "c", false));
        let names: Vec<_> = lineage
            .entries()
            .iter()
            .map(|a| (&a.name[..], &a.kind[..]))
            .collect();
        assert_eq!(names, vec![("dup", "dir"), ("other", "file")]);
    }

    #[test]
    fn event_entries_never_replace_user_refs() {
        let mut lineage = Lineage::default();
        lineage.upsert(entry("loss", "file", "outputs/loss.txt", false));
        lineage.upsert_event(entry("loss", "metric", "events/metric/loss.plx", true));
        lineage.upsert_event(entry(
            "loss",
            "histogram",
            "events/histogram/loss.plx",
            true,
        ));
        lineage.upsert_event(entry("loss", "metric", "events/metric/loss.plx", true));
        let names: Vec<_> = lineage.entries().iter().map(|a| &a.name[..]).collect();
        assert_eq!(names, vec!["loss", "metric-loss", "histogram-loss"]);
        assert_eq!(lineage.get("loss").unwrap().kind, "file");
    }

    #[test]
    fn round_trips_as_a_json_array() {
        let mut lineage = Lineage::default();
        lineage.upsert(entry("a", "file", "x", false));
        let json = lineage.to_json();
        assert_eq!(
            json,
            r#"[{"name":"a","kind":"file","path":"x","is_input":false}]"#
        );
        assert_eq!(Lineage::from_json(&json).unwrap().entries().len(), 1);
    }
}
