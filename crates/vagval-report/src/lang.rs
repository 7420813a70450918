//! The language vagval speaks: English or Swedish. A `Lang` decides the words
//! (headings, table columns, sentences) and how numbers are written: `0.412`
//! in English, `0,412` in Swedish, with thousands grouped by a no-break space.
//!
//! Every phrase is written once with both languages side by side
//! (`lang.pick("rank", "rang")`), so a phrase cannot exist in one language
//! and be missing in the other.

use std::str::FromStr;

/// How many decimals a number in CSV keeps (see [`Lang::csv_number`]).
pub const CSV_DECIMALS: usize = 6;

/// A language of vagval's own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Sv,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Sv];

    /// The code used on the command line and in `<html lang>`: `en`, `sv`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
        }
    }

    /// The language a POSIX locale names (`sv_SE.UTF-8`, `sv`, `en_GB`, `C`),
    /// or `None` for one vagval does not speak.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match language.as_str() {
            "sv" => Some(Lang::Sv),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the environment asks for, POSIX order: `LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG` (the first one set and non-empty decides);
    /// English when none is set or it names a language vagval does not speak.
    /// `lookup` is the environment (a closure, so callers and tests choose).
    pub fn from_environment(lookup: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| lookup(name))
            .find(|value| !value.trim().is_empty())
            .and_then(|value| Lang::from_locale(value.trim()))
            .unwrap_or(Lang::En)
    }

    /// The English or the Swedish text.
    pub fn pick<'a>(self, english: &'a str, swedish: &'a str) -> &'a str {
        match self {
            Lang::En => english,
            Lang::Sv => swedish,
        }
    }

    /// The CSV field separator: `,`, or `;` in Swedish (what Swedish Excel
    /// expects, because the comma is the decimal mark).
    pub fn csv_separator(self) -> char {
        match self {
            Lang::En => ',',
            Lang::Sv => ';',
        }
    }

    /// Turns a number written the English way (`-1234.5`, `2.1e6`) into
    /// this language's: the decimal point becomes a comma in Swedish and
    /// the minus sign stays ASCII so spreadsheets read it. No grouping.
    pub fn localise(self, english: &str) -> String {
        match self {
            Lang::En => english.to_string(),
            Lang::Sv => english.replace('.', ","),
        }
    }

    /// `value` with `decimals` decimals: `0.412` / `0,412`. Huge values
    /// (λmax of a wild matrix) are shown in scientific form.
    pub fn fixed(self, value: f64, decimals: usize) -> String {
        vagval_core::Language::from(self).table_number(value, decimals)
    }

    /// A number for CSV, the one rule every CSV cell follows: rounded to
    /// [`CSV_DECIMALS`] decimals, trailing zeros dropped, never in
    /// scientific form, no `-0`; this language's decimal mark. A millionth
    /// is finer than anything the inputs can mean (judgments carry two
    /// decimals, weights are read to three) and far coarser than
    /// floating-point noise (a GCI of 4.9e-32 is 0). JSON keeps every digit.
    pub fn csv_number(self, value: f64) -> String {
        if !value.is_finite() {
            return self.localise(&format!("{value}"));
        }
        let text = format!("{value:.CSV_DECIMALS$}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        let text = if text == "-0" { "0" } else { text };
        self.localise(text)
    }

    /// A share as percent with one decimal: `41.2 %` in both languages
    /// (SI and Swedish style put a no-break space before the sign).
    pub fn percent(self, share: f64) -> String {
        format!("{}\u{a0}%", self.fixed(share * 100.0, 1))
    }

    /// Percentage points with one decimal and the unit in words.
    pub fn points(self, share: f64) -> String {
        let unit = match self {
            Lang::En => "percentage points",
            Lang::Sv => "procentenheter",
        };
        format!("{}\u{a0}{unit}", self.fixed(share * 100.0, 1))
    }
}

/// The core's errors are written in the same two languages.
impl From<Lang> for vagval_core::Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::En => vagval_core::Language::En,
            Lang::Sv => vagval_core::Language::Sv,
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "english" | "engelska" => Ok(Lang::En),
            "sv" | "swedish" | "svenska" => Ok(Lang::Sv),
            other => Err(format!("unknown language `{other}`: use `sv` or `en`")),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        let cases = [
            ("sv_SE.UTF-8", Some(Lang::Sv)),
            ("sv", Some(Lang::Sv)),
            ("sv_FI@euro", Some(Lang::Sv)),
            ("en_GB.UTF-8", Some(Lang::En)),
            ("C", Some(Lang::En)),
            ("C.UTF-8", Some(Lang::En)),
            ("POSIX", Some(Lang::En)),
            ("de_DE.UTF-8", None),
            ("", None),
        ];
        for (locale, expected) in cases {
            assert_eq!(Lang::from_locale(locale), expected, "{locale}");
        }
    }

    #[test]
    fn environment_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_environment(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "sv_SE.UTF-8")])),
            Lang::Sv
        );
        assert_eq!(
            Lang::from_environment(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "sv_SE.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_environment(env(&[("LC_ALL", ""), ("LC_MESSAGES", "sv_SE")])),
            Lang::Sv
        );
        // A language vagval does not speak falls back to English, it does not
        // fall through to the next variable (POSIX: the first set one rules).
        assert_eq!(
            Lang::from_environment(env(&[("LC_ALL", "de_DE"), ("LANG", "sv_SE")])),
            Lang::En
        );
    }

    #[test]
    fn csv_numbers_keep_six_decimals() {
        let cases = [
            // Floating-point noise is no number a spreadsheet should show.
            (4.930380657631326e-32, "0"),
            (-4.4e-16, "0"),
            (0.16270395555017692, "0.162704"),
            (9.098562129648169, "9.098562"),
            (0.29999999999999993, "0.3"),
            (-3695.4026634400643, "-3695.402663"),
            (3.0, "3"),
            (0.0000125, "0.000013"),
            (12_345_678.9, "12345678.9"),
        ];
        for (value, expected) in cases {
            assert_eq!(Lang::En.csv_number(value), expected, "{value}");
            assert_eq!(
                Lang::Sv.csv_number(value),
                expected.replace('.', ","),
                "{value}"
            );
        }
        assert_eq!(Lang::En.csv_number(f64::NAN), "NaN");
    }

    #[test]
    fn numbers() {
        assert_eq!(Lang::En.fixed(0.41249, 3), "0.412");
        assert_eq!(Lang::Sv.fixed(0.41249, 3), "0,412");
        assert_eq!(Lang::Sv.fixed(-0.0001, 3), "0,000");
        assert_eq!(Lang::Sv.csv_number(0.1), "0,1");
        assert_eq!(Lang::Sv.percent(0.4126), "41,3\u{a0}%");
        assert_eq!(Lang::En.points(0.518), "51.8\u{a0}percentage points");
        assert_eq!(Lang::Sv.fixed(2.5e7, 2), "2,50e7");
        assert_eq!(Lang::En.fixed(1.2e6, 0), "1.20e6");
        assert_ne!(Lang::En.fixed(1.4e6, 0), Lang::En.fixed(1.6e6, 0));
        assert_eq!("SV".parse::<Lang>(), Ok(Lang::Sv));
        assert!("de".parse::<Lang>().is_err());
    }
}
