//! Curve payloads: `{"kind": "roc" | "pr" | "custom", "x", "y", "annotation"}`. ROC curves put
//! the false and true positive rates in x and y and the AUC as text in the annotation; PR curves
//! put precision and recall, and the average precision.

use serde_json::{Map, Value};

use super::{finite_array, non_empty};
use crate::core::float_text::python_float;
use crate::core::{Error, ErrorKind, Result};

/// The kinds of curve Polyaxon draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveKind {
    Roc,
    Pr,
    Custom,
}

impl CurveKind {
    fn as_str(self) -> &'static str {
        match self {
            CurveKind::Roc => "roc",
            CurveKind::Pr => "pr",
            CurveKind::Custom => "custom",
        }
    }
}

/// A curve through the points (x[i], y[i]) with an optional annotation.
pub fn payload(kind: CurveKind, x: &[f64], y: &[f64], annotation: Option<&str>) -> Result<Value> {
    non_empty(x, "x")?;
    if x.len() != y.len() {
        return Err(Error::new(
            ErrorKind::ShapeMismatch,
            format!("x has {} points and y has {}", x.len(), y.len()),
        ));
    }
    let mut out = Map::new();
    out.insert("kind".into(), Value::String(kind.as_str().into()));
    out.insert("x".into(), finite_array(x, "x")?);
    out.insert("y".into(), finite_array(y, "y")?);
    if let Some(annotation) = annotation {
        out.insert("annotation".into(), Value::String(annotation.into()));
    }
    Ok(Value::Object(out))
}

/// The annotation of a ROC or PR curve: the score as Python's float text; NaN means none.
pub fn score_annotation(score: f64) -> Option<String> {
    (!score.is_nan()).then(|| python_float(score))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roc_curves_match_the_format_document() {
        let v = payload(
            CurveKind::Roc,
            &[0.0, 0.1, 1.0],
            &[0.0, 0.8, 1.0],
            score_annotation(0.85).as_deref(),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"kind":"roc","x":[0.0,0.1,1.0],"y":[0.0,0.8,1.0],"annotation":"0.85"}"#
        );
        let none = payload(
            CurveKind::Pr,
            &[1.0],
            &[0.5],
            score_annotation(f64::NAN).as_deref(),
        )
        .unwrap();
        assert!(none.get("annotation").is_none());
    }

    #[test]
    fn shapes_must_agree() {
        assert_eq!(
            payload(CurveKind::Custom, &[1.0], &[], None)
                .unwrap_err()
                .kind,
            ErrorKind::ShapeMismatch
        );
        assert_eq!(
            payload(CurveKind::Custom, &[], &[], None).unwrap_err().kind,
            ErrorKind::Empty
        );
    }
}
