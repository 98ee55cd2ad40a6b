//! Confusion matrix payloads: `{"x": labels, "y": labels, "z": rows}`. Polyaxon needs as many
//! x labels as y labels and a square matrix of that size.

use serde_json::{json, Value};

use super::{finite, non_empty};
use crate::core::{Error, ErrorKind, Result};

/// A matrix cell: whole numbers are written as integers, as counts are in Polyaxon.
fn cell(value: f64, row: usize, col: usize) -> Result<Value> {
    let what = format!("z[{row}][{col}]");
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        finite(value, &what)?;
        Ok(Value::from(value as i64))
    } else {
        finite(value, &what)
    }
}

/// A confusion matrix; `z` holds `rows * cols` cells, row by row.
pub fn payload(x: &[&str], y: &[&str], z: &[f64], rows: usize, cols: usize) -> Result<Value> {
    non_empty(x, "x_labels")?;
    let n = x.len();
    if y.len() != n || rows != n || cols != n {
        return Err(Error::new(
            ErrorKind::ShapeMismatch,
            format!(
                "a confusion matrix needs as many x labels, y labels, rows and columns: got {} x \
                 labels, {} y labels and a {rows} x {cols} matrix",
                n,
                y.len()
            ),
        ));
    }
    if z.len() != rows * cols {
        return Err(Error::new(
            ErrorKind::ShapeMismatch,
            format!("z has {} cells, not {}", z.len(), rows * cols),
        ));
    }
    let matrix = (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| cell(z[r * cols + c], r, c))
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(json!({"x": x, "y": y, "z": matrix}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_format_document() {
        let v = payload(
            &["cat", "dog"],
            &["cat", "dog"],
            &[5.0, 1.0, 2.0, 7.0],
            2,
            2,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"x":["cat","dog"],"y":["cat","dog"],"z":[[5,1],[2,7]]}"#
        );
        let frac = payload(&["a"], &["a"], &[0.5], 1, 1).unwrap();
        assert_eq!(frac["z"], json!([[0.5]]));
    }

    #[test]
    fn shapes_must_agree() {
        let err = payload(&["a", "b"], &["a"], &[1.0; 4], 2, 2).unwrap_err();
        assert_eq!(err.kind, ErrorKind::ShapeMismatch);
        assert_eq!(
            payload(&["a", "b"], &["a", "b"], &[1.0; 6], 2, 3)
                .unwrap_err()
                .kind,
            ErrorKind::ShapeMismatch
        );
    }
}
