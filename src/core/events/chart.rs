//! Chart payloads: a JSONL string holding compact JSON `{"kind": ..., "figure": {...}}`, the
//! double encoding Polyaxon uses.

use serde_json::{json, Value};

use crate::core::{Error, ErrorKind, Result};

/// The chart libraries Polyaxon's UI draws.
pub const CHART_KINDS: &[&str] = &["vega", "plotly", "bokeh"];

/// The chart text of a figure given as JSON; `kind` is `vega` (Vega and Vega-Lite), `plotly` or
/// `bokeh`.
pub fn text(kind: &str, figure_json: &str) -> Result<String> {
    if !CHART_KINDS.contains(&kind) {
        return Err(Error::invalid_argument(format!(
            "chart kind '{kind}' is not one of {}",
            CHART_KINDS.join(", ")
        )));
    }
    let figure: Value = serde_json::from_str(figure_json).map_err(|e| {
        Error::new(
            ErrorKind::InvalidJson,
            format!("figure_json is not valid JSON: {e}"),
        )
    })?;
    if !figure.is_object() {
        return Err(Error::new(
            ErrorKind::InvalidJson,
            "figure_json must be a JSON object",
        ));
    }
    Ok(json!({"kind": kind, "figure": figure}).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vega_specs_are_wrapped_compactly() {
        let spec =
            r#"{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "bar"}"#;
        assert_eq!(
            text("vega", spec).unwrap(),
            concat!(
                r#"{"kind":"vega","figure":{"#,
                r#""$schema":"https://vega.github.io/schema/vega-lite/v5.json","#,
                r#""mark":"bar"}}"#,
            )
        );
        assert_eq!(text("vega", "{").unwrap_err().kind, ErrorKind::InvalidJson);
        assert_eq!(text("vega", "[]").unwrap_err().kind, ErrorKind::InvalidJson);
        assert_eq!(
            text("excel", "{}").unwrap_err().kind,
            ErrorKind::InvalidArgument
        );
    }
}
