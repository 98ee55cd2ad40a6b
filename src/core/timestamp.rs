//! Timestamps in Polyaxon's two text forms. Event rows use Python's `str(datetime)` with a space
//! (`2026-12-03 15:28:05.452294+00:00`), always with six fractional digits and the offset so that
//! pandas parses every row of a file alike. Metadata and summaries use ISO 8601 with a `T`.

use std::cell::RefCell;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SecondsFormat, Utc};

use super::events::PushStr;

/// A point in time: microseconds since the Unix epoch, UTC.
pub type Micros = i64;

/// The current time in microseconds since the Unix epoch.
pub fn now_micros() -> Micros {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_micros() as Micros,
        Err(e) => -(e.duration().as_micros() as Micros),
    }
}

fn to_datetime(micros: Micros) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp_micros(micros)
}

thread_local! {
    /// The text of the last whole second formatted on this thread; rows logged in the same
    /// second share it, so the common case formats only the microseconds.
    static SECOND_CACHE: RefCell<(i64, String)> = const { RefCell::new((i64::MIN, String::new())) };
}

/// Appends the event form of `micros` to `out`: `YYYY-MM-DD HH:MM:SS.ffffff+00:00`.
pub fn push_event_timestamp(out: &mut Vec<u8>, micros: Micros) {
    let seconds = micros.div_euclid(1_000_000);
    let fraction = micros.rem_euclid(1_000_000) as u32;
    let pushed = SECOND_CACHE.try_with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != seconds {
            cache.1 = second_text(seconds);
            cache.0 = seconds;
        }
        out.push_str(&cache.1);
    });
    if pushed.is_err() {
        out.push_str(&second_text(seconds));
    }
    push_fraction(out, fraction);
    out.push_str("+00:00");
}

fn second_text(seconds: i64) -> String {
    match to_datetime(seconds * 1_000_000) {
        Some(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => "1970-01-01 00:00:00".to_string(),
    }
}

fn push_fraction(out: &mut Vec<u8>, fraction: u32) {
    let mut digits = [b'0'; 7];
    digits[0] = b'.';
    let mut rest = fraction;
    for slot in digits[1..].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend_from_slice(&digits);
}

/// The event form of `micros` as a new string.
pub fn event_timestamp(micros: Micros) -> String {
    let mut out = Vec::with_capacity(32);
    push_event_timestamp(&mut out, micros);
    String::from_utf8(out).unwrap_or_default()
}

/// ISO 8601 with microseconds and the offset, as `datetime.isoformat()` writes an aware UTC time:
/// `2026-12-03T15:28:05.452294+00:00`, the fraction left out when it is zero.
pub fn iso(micros: Micros) -> String {
    let dt = to_datetime(micros).unwrap_or_default();
    let format = if micros.rem_euclid(1_000_000) == 0 {
        SecondsFormat::Secs
    } else {
        SecondsFormat::Micros
    };
    dt.to_rfc3339_opts(format, false)
}

/// Reads an event timestamp or an ISO 8601 time back into microseconds.
pub fn parse(text: &str) -> Option<Micros> {
    let normalised = text.trim().replacen(' ', "T", 1);
    DateTime::parse_from_rfc3339(&normalised)
        .ok()
        .map(|dt| dt.timestamp_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_form_always_has_six_digits_and_offset() {
        let t = parse("2026-12-03T15:28:05.452294+00:00").unwrap();
        assert_eq!(event_timestamp(t), "2026-12-03 15:28:05.452294+00:00");
        let whole = parse("2024-01-02T03:04:05+00:00").unwrap();
        assert_eq!(event_timestamp(whole), "2024-01-02 03:04:05.000000+00:00");
        assert_eq!(
            event_timestamp(whole + 7),
            "2024-01-02 03:04:05.000007+00:00"
        );
    }

    #[test]
    fn iso_drops_a_zero_fraction_like_python() {
        let t = parse("2026-12-03 15:28:05.452294+00:00").unwrap();
        assert_eq!(iso(t), "2026-12-03T15:28:05.452294+00:00");
        let whole = parse("2024-01-02 03:04:05.000000+00:00").unwrap();
        assert_eq!(iso(whole), "2024-01-02T03:04:05+00:00");
    }

    #[test]
    fn times_before_the_epoch_format() {
        assert_eq!(event_timestamp(-1), "1969-12-31 23:59:59.999999+00:00");
    }
}
