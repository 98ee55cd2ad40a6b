//! Floats as Python's `repr` writes them, which is what Polyaxon puts in metric files: the
//! shortest text that reads back to the same double, in fixed notation for exponents from -4
//! to 15 and scientific (`1e-05`, `1.5e+16`) outside, with `nan`, `inf` and `-inf`.

use std::fmt::Write;

/// Appends Python's `repr(value)` to `out`.
pub fn push_python_float(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("nan");
        return;
    }
    if value.is_infinite() {
        out.push_str(if value > 0.0 { "inf" } else { "-inf" });
        return;
    }
    if value == 0.0 {
        out.push_str(if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        });
        return;
    }

    // `{:e}` gives the shortest round-trip digits, e.g. "1.2345e6" or "-5e-7".
    let mut sci = String::with_capacity(32);
    let _ = write!(sci, "{value:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();

    out.push_str(sign);
    if (-4..16).contains(&exponent) {
        push_fixed(out, &digits, exponent);
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if exponent < 0 { '-' } else { '+' },
            exponent.abs()
        );
    }
}

/// Writes digits `d.ddd` times ten to `exponent` in fixed notation with at least one decimal.
fn push_fixed(out: &mut String, digits: &str, exponent: i32) {
    if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push('0');
        }
        out.push_str(digits);
        return;
    }
    let point = exponent as usize + 1;
    if digits.len() <= point {
        out.push_str(digits);
        for _ in digits.len()..point {
            out.push('0');
        }
        out.push_str(".0");
    } else {
        out.push_str(&digits[..point]);
        out.push('.');
        out.push_str(&digits[point..]);
    }
}

/// Python's `repr(value)` as a new string.
pub fn python_float(value: f64) -> String {
    let mut out = String::new();
    push_python_float(&mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use super::python_float;

    #[test]
    fn matches_python_repr() {
        let cases: &[(f64, &str)] = &[
            (0.9, "0.9"),
            (3.0, "3.0"),
            (0.1, "0.1"),
            (1e-05, "1e-05"),
            (0.0001, "0.0001"),
            (0.00012345, "0.00012345"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (9999999999999998.0, "9999999999999998.0"),
            (123456789.125, "123456789.125"),
            (-2.5, "-2.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (0.6333333333333333, "0.6333333333333333"),
            (100.0, "100.0"),
            (1e-4, "0.0001"),
            (-1e-7, "-1e-07"),
        ];
        for (value, want) in cases {
            assert_eq!(python_float(*value), *want, "repr({value:?})");
        }
    }
}
