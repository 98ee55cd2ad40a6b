//! JSON arguments from callers.

use serde_json::{Map, Value};

use super::{Error, ErrorKind, Result};

/// Parses `text` as a JSON object, naming `what` in the error.
pub fn parse_object(text: &str, what: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Error::new(
            ErrorKind::InvalidJson,
            format!("{what} must be a JSON object, not {}", type_name(&other)),
        )),
        Err(e) => Err(Error::new(
            ErrorKind::InvalidJson,
            format!("{what} is not valid JSON: {e}"),
        )),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_objects_are_accepted() {
        assert!(parse_object(r#"{"a":1}"#, "inputs").is_ok());
        let err = parse_object("[1]", "inputs").unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidJson);
        assert!(err
            .message
            .contains("inputs must be a JSON object, not an array"));
        assert_eq!(
            parse_object("{", "x").unwrap_err().kind,
            ErrorKind::InvalidJson
        );
    }
}
