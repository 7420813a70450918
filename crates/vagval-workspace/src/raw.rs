//! The workspace files as written: serde structs mirroring the TOML, spans
//! kept for error messages. Nothing here is validated beyond its shape;
//! `load` turns these into the core's validated types. The messages the
//! shapes give are kept with their Swedish (`toml_message_sv`).

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkspace {
    pub format_version: Option<Spanned<i64>>,
    pub goal: Option<Spanned<String>>,
    /// What the decision is about, shown at the top of the HTML report.
    #[serde(default)]
    pub description: Option<String>,
    /// The same in English, if the workspace offers it (optional).
    #[serde(default)]
    pub description_en: Option<String>,
    pub defaults: Option<RawDefaults>,
    #[serde(default)]
    pub alternatives: Vec<Spanned<RawAlternative>>,
    pub weights: Option<Spanned<RawWeights>>,
    #[serde(default)]
    pub rating_scales: BTreeMap<String, Spanned<RawScale>>,
    pub lua: Option<RawLua>,
}

/// `[lua]`: the sandbox's limits.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLua {
    pub memory_limit_mb: Option<Spanned<i64>>,
    pub instruction_limit: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDefaults {
    pub method: Option<Spanned<String>>,
    pub ri: Option<Spanned<String>>,
    pub mode: Option<Spanned<String>>,
    pub completion: Option<Spanned<String>>,
    pub range_point: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlternative {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The description in English (optional second text).
    #[serde(default)]
    pub description_en: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeights {
    pub view: Option<String>,
    /// The view's label in English (optional second text).
    pub view_en: Option<String>,
    #[allow(dead_code)] // documentation for readers of the file
    pub description: Option<String>,
    #[allow(dead_code)] // documentation for readers of the file
    pub description_en: Option<String>,
    pub judgments: Option<Vec<Spanned<RawJudgment>>>,
    pub direct: Option<BTreeMap<String, Spanned<f64>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    pub name: String,
    pub levels: Vec<Spanned<RawLevel>>,
    pub judgments: Option<Vec<Spanned<RawJudgment>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: String,
    pub name: String,
    pub value: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    pub id: Option<Spanned<String>>,
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
    /// The description in English (optional second text).
    #[serde(default)]
    pub description_en: Option<String>,
    pub parent: Option<Spanned<String>>,
    pub weights: Option<Spanned<RawWeights>>,
    pub pairwise: Option<Spanned<RawPairwise>>,
    pub ratings: Option<Spanned<RawRatings>>,
    pub data: Option<Spanned<RawData>>,
    pub script: Option<Spanned<RawScript>>,
}

/// `[script]`: a scripted criterion, its value function and named inputs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScript {
    pub path: Spanned<String>,
    pub unit: Option<String>,
    pub function: Spanned<String>,
    pub direction: Option<Spanned<String>>,
    pub lower: Option<Spanned<RawNumber>>,
    pub upper: Option<Spanned<RawNumber>>,
    pub points: Option<Spanned<Vec<(RawNumber, f64)>>>,
    pub inputs: BTreeMap<String, Spanned<BTreeMap<String, Spanned<RawDataEntry>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPairwise {
    pub judgments: Vec<Spanned<RawJudgment>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatings {
    pub scale: Spanned<String>,
    pub alternatives: BTreeMap<String, Spanned<RawRating>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawData {
    pub unit: Option<String>,
    pub function: Spanned<String>,
    pub direction: Option<Spanned<String>>,
    pub lower: Option<Spanned<RawNumber>>,
    pub upper: Option<Spanned<RawNumber>>,
    pub points: Option<Spanned<Vec<(RawNumber, f64)>>>,
    pub alternatives: BTreeMap<String, Spanned<RawDataEntry>>,
}

/// A judgment value as written: a number or a string (fraction or label).
#[derive(Debug, Clone)]
pub enum RawValue {
    Number(f64),
    Text(String),
}

/// `["a", "b", value]`, `["a", "b", value, "rationale"]` or
/// `{ first, second, value, rationale, quote }`.
#[derive(Debug, Clone)]
pub struct RawJudgment {
    pub first: String,
    pub second: String,
    pub value: RawValue,
    /// Why the judgment is what it is (the report shows it).
    pub rationale: Option<String>,
    /// The rationale in English (optional second text).
    pub rationale_en: Option<String>,
    /// The source text the judgment rests on, verbatim.
    pub quote: Option<String>,
}

/// A rating: `"level"` or `{ level, rationale, quote }`.
#[derive(Debug, Clone)]
pub struct RawRating {
    pub level: String,
    /// Why this level (the report shows it).
    pub rationale: Option<String>,
    /// The rationale in English (optional second text).
    pub rationale_en: Option<String>,
    /// The source text the rating rests on, verbatim.
    pub quote: Option<String>,
}

/// An exact number as written: integer, float or string.
#[derive(Debug, Clone)]
pub enum RawNumber {
    Integer(i64),
    Float(f64),
    Text(String),
}

/// A data value: a number, a string (value or range) or
/// `{ value, rationale, quote }` / `{ low, high, rationale, quote }`.
#[derive(Debug, Clone)]
pub enum RawDataEntry {
    Value(RawNumber),
    Range(RawNumber, RawNumber),
}

// The messages of the shapes below, in English and in Swedish.
const EXPECT_VALUE: &str =
    "a number, a fraction such as \"1/3\" or a verbal label such as \"moderate\"";
const EXPECT_NUMBER: &str =
    "a number (an integer, a decimal, or a string such as \"2 035\" or \"2,5\")";
const TOO_LARGE: &str = "the number is too large";
const EXPECT_JUDGMENT: &str =
    "a judgment: [\"a\", \"b\", value] or { first = \"a\", second = \"b\", value = … }";
const JUDGMENT_TOO_SHORT: &str = "a judgment array needs three elements: [\"a\", \"b\", value]";
const JUDGMENT_TOO_LONG: &str =
    "a judgment array has at most four elements: [\"a\", \"b\", value, \"rationale\"]";
const EXPECT_RATING: &str =
    "a level id such as \"high\", or { level = \"high\", rationale = \"…\" }";
const EXPECT_DATA: &str = "a value (2035, \"2035\", \"8500–16500\") or { value = …, rationale = \"…\" } or { low = …, high = … }";
const DATA_EMPTY: &str = "give `value`, or `low` and `high`";
const DATA_BOTH: &str = "give either `value` or `low` and `high`, not both";
const DATA_HALF_RANGE: &str = "a range needs both `low` and `high`";

const SWEDISH: [(&str, &str); 11] = [
    (
        EXPECT_VALUE,
        "ett tal, ett bråk som \"1/3\" eller en skalnivå i ord som \"måttligt\"",
    ),
    (
        EXPECT_NUMBER,
        "ett tal (ett heltal, ett decimaltal eller en text som \"2 035\" eller \"2,5\")",
    ),
    (TOO_LARGE, "talet är för stort"),
    (
        EXPECT_JUDGMENT,
        "en bedömning: [\"a\", \"b\", värde] eller { first = \"a\", second = \"b\", value = … }",
    ),
    (
        JUDGMENT_TOO_SHORT,
        "en bedömning skriven som lista behöver tre element: [\"a\", \"b\", värde]",
    ),
    (
        JUDGMENT_TOO_LONG,
        "en bedömning skriven som lista har högst fyra element: [\"a\", \"b\", värde, \"motivering\"]",
    ),
    (
        EXPECT_RATING,
        "ett nivå-id som \"high\", eller { level = \"high\", rationale = \"…\" }",
    ),
    (
        EXPECT_DATA,
        "ett värde (2035, \"2035\", \"8500–16500\") eller { value = …, rationale = \"…\" } eller { low = …, high = … }",
    ),
    (DATA_EMPTY, "ange `value`, eller `low` och `high`"),
    (
        DATA_BOTH,
        "ange antingen `value` eller `low` och `high`, inte båda",
    ),
    (
        DATA_HALF_RANGE,
        "ett intervall behöver både `low` och `high`",
    ),
];

/// What serde calls an expected type, in Swedish (the shapes' own texts,
/// serde's common ones); anything else as it is.
fn expected_sv(text: &str) -> String {
    if let Some((_, swedish)) = SWEDISH.iter().find(|(english, _)| *english == text) {
        return swedish.to_string();
    }
    let swedish = match text {
        "a string" | "a borrowed string" | "string" => "en text",
        "a boolean" | "bool" => "ett sanningsvärde",
        "a sequence" | "a tuple of size 2" => "en lista",
        "a map" => "en tabell",
        "i64" | "u64" | "i32" | "u32" | "usize" => "ett heltal",
        "f64" | "f32" => "ett tal",
        _ => {
            if let Some(list) = text.strip_prefix("one of ") {
                return format!("en av {list}");
            }
            // serde's two names: "`a` or `b`".
            if text.starts_with('`') && text.ends_with('`') && text.contains("` or `") {
                return text.replacen("` or `", "` eller `", 1);
            }
            return text.to_string();
        }
    };
    swedish.to_string()
}

/// What serde calls a value it did not expect (`string "x"`, `integer `3``).
fn unexpected_sv(text: &str) -> String {
    for (english, swedish) in [
        ("string ", "texten "),
        ("integer ", "heltalet "),
        ("floating point ", "decimaltalet "),
        ("boolean ", "sanningsvärdet "),
        ("character ", "tecknet "),
    ] {
        if let Some(rest) = text.strip_prefix(english) {
            return format!("{swedish}{rest}");
        }
    }
    match text {
        "sequence" => "en lista".to_string(),
        "map" => "en tabell".to_string(),
        "unit value" | "option" => "ett tomt värde".to_string(),
        other => other.to_string(),
    }
}

/// A message of the TOML reader (`e.message()`) for `--lang sv`: its
/// Swedish where [`toml_message_in_swedish`] knows its shape, else the
/// message as the library wrote it.
///
/// The fallback is deliberate. These texts are not ours: the `toml` crate
/// and serde write them in English and may add or reword one in any
/// release. Their shapes (serde's "invalid type", "unknown field", …, and
/// this module's own) are translated, and a test lists every library
/// message our tests produce and checks its Swedish. The TOML parser's
/// syntax messages ("missing comma between array elements") are many and
/// change between releases, so they stay as the library writes them rather
/// than be guessed at (a test pins that too); they follow our Swedish frame
/// (`ogiltig TOML i FILE:`) and the caret under the line shows the place.
/// They are not marked as the library's: that would change what
/// `vagval check --lang sv` prints for a broken file today.
pub fn toml_message_sv(message: &str) -> String {
    toml_message_in_swedish(message).unwrap_or_else(|| message.to_string())
}

/// A message of the TOML reader in Swedish, if it has a shape serde or this
/// module writes; `None` for the TOML parser's own syntax messages.
fn toml_message_in_swedish(message: &str) -> Option<String> {
    if let Some((_, swedish)) = SWEDISH.iter().find(|(english, _)| *english == message) {
        return Some(swedish.to_string());
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        if let Some((field, expected)) = rest.split_once(", expected ") {
            return Some(format!(
                "okänd nyckel {field}, väntade {}",
                expected_sv(expected)
            ));
        }
        if let Some(field) = rest.strip_suffix(", there are no fields") {
            return Some(format!("okänd nyckel {field}, här finns inga nycklar"));
        }
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return Some(format!("nyckeln {field} saknas"));
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return Some(format!("nyckeln {field} finns två gånger"));
    }
    for (english, swedish) in [
        ("invalid type: ", "fel typ: "),
        ("invalid value: ", "ogiltigt värde: "),
    ] {
        if let Some((found, expected)) = message
            .strip_prefix(english)
            .and_then(|rest| rest.split_once(", expected "))
        {
            return Some(format!(
                "{swedish}{}, väntade {}",
                unexpected_sv(found),
                expected_sv(expected)
            ));
        }
    }
    let (length, expected) = message
        .strip_prefix("invalid length ")
        .and_then(|rest| rest.split_once(", expected "))?;
    Some(format!(
        "fel längd {length}, väntade {}",
        expected_sv(expected)
    ))
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = RawValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECT_VALUE)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(RawValue::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Text(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = RawNumber;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECT_NUMBER)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNumber, E> {
        Ok(RawNumber::Integer(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNumber, E> {
        i64::try_from(v)
            .map(RawNumber::Integer)
            .map_err(|_| E::custom(TOO_LARGE))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawNumber, E> {
        Ok(RawNumber::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNumber, E> {
        Ok(RawNumber::Text(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

/// Reads the optional `rationale`, `rationale_en` and `quote` keys (checked
/// to be text, kept in the files for readers) and refuses any other key.
fn optional_text_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    allowed: &'static [&'static str],
) -> Result<(), A::Error> {
    match key {
        "rationale" | "rationale_en" | "quote" => {
            map.next_value::<String>()?;
            Ok(())
        }
        other => Err(de::Error::unknown_field(other, allowed)),
    }
}

struct JudgmentVisitor;

const JUDGMENT_FIELDS: &[&str] = &[
    "first",
    "second",
    "value",
    "rationale",
    "rationale_en",
    "quote",
];

impl<'de> Visitor<'de> for JudgmentVisitor {
    type Value = RawJudgment;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECT_JUDGMENT)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawJudgment, A::Error> {
        let missing = || de::Error::custom(JUDGMENT_TOO_SHORT);
        let first: String = seq.next_element()?.ok_or_else(missing)?;
        let second: String = seq.next_element()?.ok_or_else(missing)?;
        let value: RawValue = seq.next_element()?.ok_or_else(missing)?;
        let rationale: Option<String> = seq.next_element()?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(JUDGMENT_TOO_LONG));
        }
        Ok(RawJudgment {
            first,
            second,
            value,
            rationale,
            rationale_en: None,
            quote: None,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawJudgment, A::Error> {
        let (mut first, mut second, mut value) = (None, None, None);
        let (mut rationale, mut rationale_en, mut quote) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "first" => first = Some(map.next_value::<String>()?),
                "second" => second = Some(map.next_value::<String>()?),
                "value" => value = Some(map.next_value::<RawValue>()?),
                "rationale" => rationale = Some(map.next_value::<String>()?),
                "rationale_en" => rationale_en = Some(map.next_value::<String>()?),
                "quote" => quote = Some(map.next_value::<String>()?),
                other => optional_text_key(&mut map, other, JUDGMENT_FIELDS)?,
            }
        }
        Ok(RawJudgment {
            first: first.ok_or_else(|| de::Error::missing_field("first"))?,
            second: second.ok_or_else(|| de::Error::missing_field("second"))?,
            value: value.ok_or_else(|| de::Error::missing_field("value"))?,
            rationale,
            rationale_en,
            quote,
        })
    }
}

impl<'de> Deserialize<'de> for RawJudgment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JudgmentVisitor)
    }
}

struct RatingVisitor;

impl<'de> Visitor<'de> for RatingVisitor {
    type Value = RawRating;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECT_RATING)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawRating, E> {
        Ok(RawRating {
            level: v.to_string(),
            rationale: None,
            rationale_en: None,
            quote: None,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRating, A::Error> {
        let (mut level, mut rationale, mut rationale_en, mut quote) = (None, None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "level" => level = Some(map.next_value::<String>()?),
                "rationale" => rationale = Some(map.next_value::<String>()?),
                "rationale_en" => rationale_en = Some(map.next_value::<String>()?),
                "quote" => quote = Some(map.next_value::<String>()?),
                other => optional_text_key(
                    &mut map,
                    other,
                    &["level", "rationale", "rationale_en", "quote"],
                )?,
            }
        }
        Ok(RawRating {
            level: level.ok_or_else(|| de::Error::missing_field("level"))?,
            rationale,
            rationale_en,
            quote,
        })
    }
}

impl<'de> Deserialize<'de> for RawRating {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RatingVisitor)
    }
}

struct DataEntryVisitor;

impl<'de> Visitor<'de> for DataEntryVisitor {
    type Value = RawDataEntry;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECT_DATA)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDataEntry, E> {
        NumberVisitor.visit_i64(v).map(RawDataEntry::Value)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDataEntry, E> {
        NumberVisitor.visit_u64(v).map(RawDataEntry::Value)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDataEntry, E> {
        NumberVisitor.visit_f64(v).map(RawDataEntry::Value)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDataEntry, E> {
        NumberVisitor.visit_str(v).map(RawDataEntry::Value)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDataEntry, A::Error> {
        let (mut value, mut low, mut high) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" => value = Some(map.next_value::<RawNumber>()?),
                "low" => low = Some(map.next_value::<RawNumber>()?),
                "high" => high = Some(map.next_value::<RawNumber>()?),
                other => optional_text_key(
                    &mut map,
                    other,
                    &["value", "low", "high", "rationale", "rationale_en", "quote"],
                )?,
            }
        }
        match (value, low, high) {
            (Some(v), None, None) => Ok(RawDataEntry::Value(v)),
            (None, Some(l), Some(h)) => Ok(RawDataEntry::Range(l, h)),
            (None, None, None) => Err(de::Error::custom(DATA_EMPTY)),
            (Some(_), _, _) => Err(de::Error::custom(DATA_BOTH)),
            (None, _, _) => Err(de::Error::custom(DATA_HALF_RANGE)),
        }
    }
}

impl<'de> Deserialize<'de> for RawDataEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DataEntryVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The TOML library's message for `toml` read as a `T`.
    fn message<T: serde::de::DeserializeOwned>(toml: &str) -> String {
        match toml::from_str::<T>(toml) {
            Ok(_) => panic!("{toml} should be refused"),
            Err(e) => e.message().trim().to_string(),
        }
    }

    /// Every message of the TOML library (serde's shapes) that our tests
    /// produce, as the library writes it today: each has its Swedish, with
    /// none of the library's English left. A new release that rewords one
    /// fails here, not silently in a Swedish output.
    #[test]
    fn known_library_messages_have_swedish() {
        let criterion = |toml: &str| message::<RawCriterion>(toml);
        let value = |v: &str| {
            criterion(&format!(
                "id = \"a\"\n[pairwise]\njudgments = [[\"a\", \"b\", {v}]]\n"
            ))
        };
        let known = [
            (
                criterion("id = \"a\"\nnmae = \"A\"\n"),
                "unknown field `nmae`, expected one of `id`, `name`, `description`, `description_en`, `parent`, `weights`, `pairwise`, `ratings`, `data`, `script`",
            ),
            (
                criterion("id = true\n"),
                "invalid type: boolean `true`, expected a string",
            ),
            (
                criterion("id = 42\n"),
                "invalid type: integer `42`, expected a string",
            ),
            (
                value("true"),
                "invalid type: boolean `true`, expected a number, a fraction such as \"1/3\" or a verbal label such as \"moderate\"",
            ),
            (
                value("[1]"),
                "invalid type: sequence, expected a number, a fraction such as \"1/3\" or a verbal label such as \"moderate\"",
            ),
            (
                criterion("id = \"a\"\n[pairwise]\njudgments = [{ first = \"a\", value = 3 }]\n"),
                "missing field `second`",
            ),
            (
                criterion(
                    "id = \"a\"\n[pairwise]\njudgments = [{ first = \"a\", second = \"b\", value = 3, citat = \"x\" }]\n",
                ),
                "unknown field `citat`, expected one of `first`, `second`, `value`, `rationale`, `rationale_en`, `quote`",
            ),
            (
                criterion("id = \"a\"\n[data]\nfunction = \"linear\"\ndirction = 1\n"),
                "unknown field `dirction`, expected one of `unit`, `function`, `direction`, `lower`, `upper`, `points`, `alternatives`",
            ),
            (
                criterion(
                    "id = \"a\"\n[data]\nfunction = \"linear\"\nalternatives = { x = true }\n",
                ),
                "invalid type: boolean `true`, expected a value (2035, \"2035\", \"8500–16500\") or { value = …, rationale = \"…\" } or { low = …, high = … }",
            ),
            (
                message::<RawWorkspace>("format_version = \"1\"\n"),
                "invalid type: string \"1\", expected i64",
            ),
            (
                message::<RawWorkspace>("colour = 1\n"),
                "unknown field `colour`, expected one of `format_version`, `goal`, `description`, `description_en`, `defaults`, `alternatives`, `weights`, `rating_scales`, `lua`",
            ),
            (
                criterion("id = \"a\"\n[ratings]\nscale = \"s\"\ndick = 1\n"),
                "unknown field `dick`, expected `scale` or `alternatives`",
            ),
        ];
        let english = [
            "expected", "invalid", "unknown", "missing", "field", "boolean", "integer", "sequence",
            "string", "i64", "one of", "number", "fraction", "` or `",
        ];
        for (got, library) in known {
            assert_eq!(got, library);
            let swedish = toml_message_in_swedish(&got).unwrap_or_default();
            let left = english
                .iter()
                .find(|w| swedish.is_empty() || swedish.contains(*w));
            assert!(left.is_none(), "{got} → {swedish:?} ({left:?})");
            assert_eq!(toml_message_sv(&got), swedish);
        }
    }

    /// The TOML parser's syntax messages are not guessed at: `--lang sv`
    /// shows them as the library writes them (see `toml_message_sv`).
    #[test]
    fn toml_syntax_messages_stay_as_the_library_writes_them() {
        for (toml, library) in [
            (
                "id = [\"a\" \"b\"]\n",
                "missing comma between array elements, expected `,`",
            ),
            ("id = \"a\n", "invalid basic string, expected `\"`"),
            ("[pairwise\n", "unclosed table, expected `]`"),
            (
                "= 1\n",
                "unquoted keys cannot be empty, expected letters, numbers, `-`, `_`",
            ),
        ] {
            let got = message::<RawCriterion>(toml);
            assert_eq!(got, library);
            assert_eq!(toml_message_in_swedish(&got), None);
            assert_eq!(toml_message_sv(&got), got);
        }
    }

    fn sv(toml: &str) -> String {
        match toml::from_str::<RawCriterion>(toml) {
            Ok(_) => panic!("{toml} should be refused"),
            Err(e) => toml_message_sv(e.message().trim()),
        }
    }

    #[test]
    fn parse_messages_in_swedish() {
        for (toml, expected) in [
            (
                "id = \"a\"\nnmae = \"A\"\n",
                "okänd nyckel `nmae`, väntade en av `id`",
            ),
            (
                "id = true\n",
                "fel typ: sanningsvärdet `true`, väntade en text",
            ),
            (
                "id = \"a\"\n[pairwise]\njudgments = [[\"a\", \"b\"]]\n",
                "en bedömning skriven som lista behöver tre element",
            ),
            (
                "id = \"a\"\n[pairwise]\njudgments = [[\"a\", \"b\", true]]\n",
                "fel typ: sanningsvärdet `true`, väntade ett tal, ett bråk som \"1/3\"",
            ),
            (
                "id = \"a\"\n[pairwise]\njudgments = [{ first = \"a\", value = 3 }]\n",
                "nyckeln `second` saknas",
            ),
            (
                "id = \"a\"\n[data]\nfunction = \"linear\"\nalternatives = { x = { low = 1 } }\n",
                "ett intervall behöver både `low` och `high`",
            ),
        ] {
            let got = sv(toml);
            assert!(got.starts_with(expected), "{toml}: {got}");
        }
        // Every shape's own message has its Swedish.
        for (english, swedish) in SWEDISH {
            assert_eq!(toml_message_sv(english), swedish);
        }
    }
}
