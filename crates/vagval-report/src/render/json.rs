//! JSON: the document's value, pretty-printed, keys in the order built.

use crate::document::{Document, unsupported};
use std::io::{self, Write};

pub(crate) fn write(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let value = doc.json.as_ref().ok_or_else(|| unsupported("JSON"))?;
    super::write_json(out, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use serde_json::json;

    #[test]
    fn pretty_with_a_final_newline_and_order_kept() {
        let doc = Document::new(Lang::Sv).with_json(json!({"z": 0.1, "a": "Å"}));
        let mut out = Vec::new();
        write(&mut out, &doc).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"z\": 0.1,\n  \"a\": \"Å\"\n}\n"
        );
        let err = write(&mut Vec::new(), &Document::new(Lang::En)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Unsupported);
    }
}
