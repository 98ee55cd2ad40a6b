//! Histogram payloads: `{"values": <bin counts>, "counts": <bin edges>}`. The field names are
//! swapped relative to their meaning, exactly as Polyaxon writes them.

use serde_json::{json, Value};

use super::{finite, finite_array, non_empty};
use crate::core::{Error, ErrorKind, Result};

/// The most bins Polyaxon accepts.
pub const MAX_BINS: usize = 512;

fn check_bins(bins: usize) -> Result<()> {
    if bins == 0 {
        return Err(Error::new(ErrorKind::Empty, "bins is 0; give 1 to 512"));
    }
    if bins > MAX_BINS {
        return Err(Error::new(
            ErrorKind::Limit,
            format!("{bins} bins asked for; Polyaxon accepts at most {MAX_BINS}"),
        ));
    }
    Ok(())
}

/// Bins raw values as `numpy.histogram(values, bins)` does: equal-width bins from the smallest
/// to the largest value (widened by 0.5 each side when they are equal), the last bin closed.
pub fn from_values(values: &[f64], bins: usize) -> Result<Value> {
    non_empty(values, "values")?;
    check_bins(bins)?;
    for (i, v) in values.iter().enumerate() {
        finite(*v, &format!("values[{i}]"))?;
    }

    let mut low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if low == high {
        low -= 0.5;
        high += 0.5;
    }
    let step = (high - low) / bins as f64;
    let mut edges: Vec<f64> = (0..=bins).map(|i| low + step * i as f64).collect();
    edges[bins] = high;
    let mut counts = vec![0f64; bins];
    for v in values {
        let mut bin = (((v - low) / (high - low)) * bins as f64) as usize;
        bin = bin.min(bins - 1);
        // Guard against rounding putting a value on the wrong side of an edge.
        if *v < edges[bin] && bin > 0 {
            bin -= 1;
        } else if bin + 1 < bins && *v >= edges[bin + 1] {
            bin += 1;
        }
        counts[bin] += 1.0;
    }
    payload(&counts, &edges)
}

/// A histogram from counts already binned: `counts` has one value per bin, `edges` one more.
pub fn from_counts(counts: &[f64], edges: &[f64]) -> Result<Value> {
    non_empty(counts, "counts")?;
    check_bins(counts.len())?;
    if edges.len() != counts.len() + 1 {
        return Err(Error::new(
            ErrorKind::ShapeMismatch,
            format!(
                "{} counts need {} edges, got {}",
                counts.len(),
                counts.len() + 1,
                edges.len()
            ),
        ));
    }
    if let Some(i) = edges.windows(2).position(|w| w[1] < w[0]) {
        return Err(Error::invalid_argument(format!(
            "edges[{}] is smaller than edges[{i}]",
            i + 1
        )));
    }
    payload(counts, edges)
}

fn payload(counts: &[f64], edges: &[f64]) -> Result<Value> {
    Ok(json!({
        "values": finite_array(counts, "counts")?,
        "counts": finite_array(edges, "edges")?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binning_matches_numpy() {
        let values: Vec<f64> = (0..100).map(f64::from).collect();
        let payload = from_values(&values, 4).unwrap();
        assert_eq!(
            serde_json::to_string(&payload).unwrap(),
            r#"{"values":[25.0,25.0,25.0,25.0],"counts":[0.0,24.75,49.5,74.25,99.0]}"#
        );
        let same = from_values(&[2.0, 2.0], 2).unwrap();
        assert_eq!(same["counts"], json!([1.5, 2.0, 2.5]));
        assert_eq!(same["values"], json!([0.0, 2.0]));
    }

    #[test]
    fn limits_are_enforced() {
        assert_eq!(from_values(&[1.0], 513).unwrap_err().kind, ErrorKind::Limit);
        assert_eq!(from_values(&[], 4).unwrap_err().kind, ErrorKind::Empty);
        assert_eq!(from_values(&[1.0], 0).unwrap_err().kind, ErrorKind::Empty);
        assert_eq!(
            from_values(&[f64::NAN], 2).unwrap_err().kind,
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            from_counts(&[1.0], &[0.0]).unwrap_err().kind,
            ErrorKind::ShapeMismatch
        );
        assert!(from_counts(&[1.0, 2.0], &[0.0, 1.0, 2.0]).is_ok());
    }
}
