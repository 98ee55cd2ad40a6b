//! Floats as Python's `repr` writes them, which is what Polyaxon puts in metric files: the
//! shortest text that reads back to the same double, in fixed notation for exponents from -4
//! to 15 and scientific (`1e-05`, `1.5e+16`) outside, with `nan`, `inf` and `-inf`.

use std::io::Write;

use super::events::PushStr;

/// Appends Python's `repr(value)` to `out`.
pub fn push_python_float(out: &mut Vec<u8>, value: f64) {
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

    // ryu gives the shortest text that reads back to the same double, without allocating;
    // its digits and exponent are then laid out as Python lays them out.
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(value);
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let mut digits = [0u8; 40];
    let (count, exponent) = shortest_digits(text, &mut digits);
    let digits = &digits[..count];

    out.push_str(sign);
    if (-4..16).contains(&exponent) {
        push_fixed(out, digits, exponent);
    } else {
        out.push(digits[0]);
        if digits.len() > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        out.push(if exponent < 0 { b'-' } else { b'+' });
        let magnitude = exponent.unsigned_abs();
        if magnitude < 10 {
            out.push(b'0');
        }
        let _ = write!(out, "{magnitude}");
    }
}

/// The significant digits of ryu's text for a positive finite number (in `digits`, without
/// trailing zeros; their count is returned) and the power of ten of the first digit.
fn shortest_digits(text: &str, digits: &mut [u8; 40]) -> (usize, i32) {
    let mut count = 0;
    let mut push = |d: u8, count: &mut usize| {
        if *count < digits.len() {
            digits[*count] = d;
            *count += 1;
        }
    };
    let exponent = match text.split_once('e') {
        Some((mantissa, power)) => {
            mantissa
                .bytes()
                .filter(u8::is_ascii_digit)
                .for_each(|d| push(d, &mut count));
            power.parse().unwrap_or(0)
        }
        None => {
            let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
            if whole != "0" {
                whole
                    .bytes()
                    .chain(fraction.bytes())
                    .for_each(|d| push(d, &mut count));
                whole.len() as i32 - 1
            } else {
                let zeros = fraction.bytes().take_while(|d| *d == b'0').count();
                fraction
                    .bytes()
                    .skip(zeros)
                    .for_each(|d| push(d, &mut count));
                -(zeros as i32) - 1
            }
        }
    };
    while count > 1 && digits[count - 1] == b'0' {
        count -= 1;
    }
    (count, exponent)
}

/// Writes digits `d.ddd` times ten to `exponent` in fixed notation with at least one decimal.
fn push_fixed(out: &mut Vec<u8>, digits: &[u8], exponent: i32) {
    if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push(b'0');
        }
        out.extend_from_slice(digits);
        return;
    }
    let point = exponent as usize + 1;
    if digits.len() <= point {
        out.extend_from_slice(digits);
        for _ in digits.len()..point {
            out.push(b'0');
        }
        out.push_str(".0");
    } else {
        out.extend_from_slice(&digits[..point]);
        out.push(b'.');
        out.extend_from_slice(&digits[point..]);
    }
}

/// Python's `repr(value)` as a new string.
pub fn python_float(value: f64) -> String {
    let mut out = Vec::with_capacity(24);
    push_python_float(&mut out, value);
    String::from_utf8(out).unwrap_or_default()
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

    #[test]
    fn every_text_reads_back_to_the_same_double() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        // Miri runs this a hundred times slower; a smaller sample still checks the same code.
        let samples = if cfg!(miri) { 200 } else { 20_000 };
        for _ in 0..samples {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state);
            if !value.is_finite() {
                continue;
            }
            let text = python_float(value);
            assert_eq!(
                text.parse::<f64>().unwrap().to_bits(),
                value.to_bits(),
                "{text}"
            );
            let scientific = text.contains('e');
            let exponent = value.abs().log10().floor();
            assert_eq!(
                scientific,
                !(-4.0..16.0).contains(&exponent) && value != 0.0,
                "{text}"
            );
        }
    }
}
