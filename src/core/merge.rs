//! Merging one rank's metadata and lineage into what the other ranks of a shared run wrote. A
//! key, tag or lineage name belongs to the rank whose suffix it carries (see `rank.rs`); each
//! rank writes only what it owns, so no rank's contribution is lost, whatever the order in
//! which the ranks flush and close. Descriptive fields and the status belong to rank 0.

use serde_json::{Map, Value};

use super::lineage::Lineage;
use super::metadata::Metadata;
use super::rank::Rank;

fn merge_map(
    disk: &Map<String, Value>,
    mine: &Map<String, Value>,
    rank: Rank,
) -> Map<String, Value> {
    let mut merged = disk.clone();
    for (key, value) in mine.iter().filter(|(key, _)| rank.owns_stem(key)) {
        merged.insert(key.clone(), value.clone());
    }
    merged
}

/// The metadata to write: `disk` (what is there now) with this rank's contribution merged in.
pub fn metadata(disk: Option<Metadata>, mine: &Metadata, rank: Rank) -> Metadata {
    let Some(disk) = disk else {
        return mine.clone();
    };
    let mut merged = if rank.owns_run() {
        mine.clone()
    } else {
        disk.clone()
    };
    merged.inputs = merge_map(&disk.inputs, &mine.inputs, rank);
    merged.outputs = merge_map(&disk.outputs, &mine.outputs, rank);
    merged.meta_info = merge_map(&disk.meta_info, &mine.meta_info, rank);
    let mut tags = disk.tags.clone();
    tags.extend(mine.tags.iter().filter(|t| !disk.tags.contains(t)).cloned());
    merged.tags = tags;
    merged
}

/// The lineage to write: `disk` with this rank's entries put in (by name).
pub fn lineage(disk: Option<Lineage>, mine: &Lineage, rank: Rank) -> Lineage {
    let mut merged = disk.unwrap_or_default();
    for entry in mine.entries().iter().filter(|e| rank.owns_stem(&e.name)) {
        merged.upsert(entry.clone());
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(status: &str, inputs: &[(&str, i64)], tags: &[&str]) -> Metadata {
        let mut meta = Metadata::new("u", "o", "p", 0);
        meta.status = Some(status.into());
        for (k, v) in inputs {
            meta.inputs.insert(k.to_string(), Value::from(*v));
        }
        meta.tags = tags.iter().map(|t| t.to_string()).collect();
        meta
    }

    #[test]
    fn each_rank_writes_only_what_it_owns() {
        let zero = Rank { index: 0, size: 3 };
        let two = Rank { index: 2, size: 3 };
        let disk = meta(
            "running",
            &[("lr", 1), ("seed__rank1", 7), ("seed__rank2", 1)],
            &["a"],
        );
        let mine = meta("stale", &[("seed__rank2", 9), ("lr", 5)], &["b"]);
        let merged = metadata(Some(disk.clone()), &mine, two);
        assert_eq!(
            merged.status.as_deref(),
            Some("running"),
            "rank 2 keeps rank 0's status"
        );
        assert_eq!(merged.inputs["seed__rank2"], 9);
        assert_eq!(merged.inputs["lr"], 1, "rank 2 does not own lr");
        assert_eq!(merged.inputs["seed__rank1"], 7);
        assert_eq!(merged.tags, ["a", "b"]);
        let owner = meta("succeeded", &[("lr", 2), ("seed__rank1", 0)], &[]);
        let merged = metadata(Some(disk), &owner, zero);
        assert_eq!(merged.status.as_deref(), Some("succeeded"));
        assert_eq!(
            (
                merged.inputs["lr"].clone(),
                merged.inputs["seed__rank1"].clone()
            ),
            (2.into(), 7.into())
        );
    }
}
