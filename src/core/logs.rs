//! Run logs: `plxlogs/logs.jsonl`, one Polyaxon `V1Log` per line, `{"timestamp", "node", "pod",
//! "container", "value"}` in compact JSON, each row preceded by `\n` as Polyaxon writes them.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;

use super::timestamp::{iso, Micros};
use super::writer::{FileSpec, Writer};
use super::Result;

/// The longest log line plx writes; longer lines are split into pieces of this size.
pub const MAX_LINE_BYTES: usize = 32 * 1024;

/// Where the lines come from, filled as Polyaxon fills them: the Kubernetes node and pod when
/// the program runs in a Polyaxon job, else `local` and the user; the container is the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogOrigin {
    pub node: String,
    pub pod: String,
    pub container: String,
}

impl LogOrigin {
    /// The origin of this process, from `env`.
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> LogOrigin {
        let set = |key: &str| env(key).filter(|v| !v.is_empty());
        let user = ["LOGNAME", "USER", "LNAME", "USERNAME"]
            .iter()
            .find_map(|k| set(k))
            .or_else(user_from_passwd);
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| set("HOSTNAME"));
        LogOrigin {
            node: set("POLYAXON_K8S_NODE_NAME").unwrap_or_else(|| "local".into()),
            pod: set("POLYAXON_K8S_POD_ID")
                .or(user)
                .unwrap_or_else(|| "unknown".into()),
            container: host.unwrap_or_else(|| "localhost".into()),
        }
    }
}

/// The name of this process's user in `/etc/passwd`, as Python's `getpass.getuser` finds it
/// when no environment variable names the user.
fn user_from_passwd() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() > 2 && fields[2] == uid).then(|| fields[0].to_string())
    })
}

/// Appends one log row.
pub fn push_row(out: &mut Vec<u8>, at: Micros, origin: &LogOrigin, line: &str) {
    let row = json!({
        "timestamp": iso(at),
        "node": origin.node,
        "pod": origin.pod,
        "container": origin.container,
        "value": line,
    });
    out.push(b'\n');
    out.extend_from_slice(row.to_string().as_bytes());
}

/// Splits text into the lines a log keeps: no line breaks, no empty lines, none longer than
/// [`MAX_LINE_BYTES`] (split on a character boundary).
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let mut rest = line.strip_suffix('\r').unwrap_or(line);
        while rest.len() > MAX_LINE_BYTES {
            let mut cut = MAX_LINE_BYTES;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            lines.push(&rest[..cut]);
            rest = &rest[cut..];
        }
        if !rest.is_empty() {
            lines.push(rest);
        }
    }
    lines
}

/// Where a run's log lines go; cheap to clone and to hand to another thread.
#[derive(Clone)]
pub struct LogSink {
    writer: Arc<Writer>,
    origin: Arc<LogOrigin>,
    file: PathBuf,
}

impl LogSink {
    pub fn new(writer: Arc<Writer>, origin: LogOrigin, file: PathBuf) -> LogSink {
        LogSink {
            writer,
            origin: Arc::new(origin),
            file,
        }
    }

    /// Appends the lines of `text`, all with one time.
    pub fn write(&self, text: &str) -> Result<()> {
        let lines = split_lines(text);
        if lines.is_empty() {
            return Ok(());
        }
        let names = vec!["logs"; lines.len()];
        self.writer.append(
            "plxlogs",
            &names,
            |_| {
                Ok(FileSpec {
                    path: self.file.clone(),
                    header: String::new(),
                })
            },
            super::timestamp::now_micros,
            |i, at, buf| push_row(buf, at, &self.origin, lines[i]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::timestamp::parse;

    #[test]
    fn rows_match_polyaxons_v1log() {
        let origin = LogOrigin {
            node: "local".into(),
            pod: "root".into(),
            container: "vm".into(),
        };
        let mut out = Vec::new();
        push_row(
            &mut out,
            parse("2026-12-03T15:28:05.451999+00:00").unwrap(),
            &origin,
            "hé \"x\"",
        );
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\n{\"timestamp\":\"2026-12-03T15:28:05.451999+00:00\",\"node\":\"local\",\
             \"pod\":\"root\",\"container\":\"vm\",\"value\":\"hé \\\"x\\\"\"}"
        );
    }

    #[test]
    fn lines_are_split_and_bounded() {
        assert_eq!(split_lines("a\r\n\nb\n"), vec!["a", "b"]);
        let long = "é".repeat(MAX_LINE_BYTES);
        let pieces = split_lines(&long);
        assert!(pieces
            .iter()
            .all(|p| p.len() <= MAX_LINE_BYTES && !p.is_empty()));
        assert_eq!(pieces.concat(), long);
    }

    #[test]
    fn origin_follows_polyaxons_environment() {
        let env = |k: &str| match k {
            "POLYAXON_K8S_NODE_NAME" => Some("node-1".to_string()),
            "POLYAXON_K8S_POD_ID" => Some("pod-7".to_string()),
            _ => None,
        };
        let origin = LogOrigin::from_env(env);
        assert_eq!(
            (origin.node.as_str(), origin.pod.as_str()),
            ("node-1", "pod-7")
        );
        let local = LogOrigin::from_env(|k| (k == "USER").then(|| "ada".to_string()));
        assert_eq!((local.node.as_str(), local.pod.as_str()), ("local", "ada"));
    }
}
