//! The errors of the libraries in Swedish: the core's `Error` (every
//! variant, with the same facts as its English text), the scale's
//! `ValueError` and the Lua plugin's `Error` (its frame; Lua's own message
//! stays as Lua says it). The other libraries speak English only; this crate puts the
//! Swedish beside it with `Diagnostic::sv`.
//!
//! Words follow the reports' Swedish: judgment = bedömning, item = post,
//! sub-criteria = delkriterier, rating scale = betygsskala, seats = mandat.

use vagval_core::model::Site;
use vagval_core::scale::{ScaleValue, ValueError};
use vagval_core::{Error, JudgmentErrorKind};
use vagval_report::Lang;

/// A site in Swedish, as the reports name it.
pub fn site_sv(site: &Site) -> String {
    vagval_report::site_phrase(Lang::Sv, site)
}

/// A number as Rust writes it (`2.5`, `1e-10`) with a decimal comma.
fn number(value: f64) -> String {
    Lang::Sv.full(value)
}

/// A judgment value as people write it (`3`, `1/3`, `2,5`).
fn judgment(value: f64) -> String {
    Lang::Sv.localise(&ScaleValue(value).to_string())
}

/// A count with thousands grouped: `100 000 000`.
fn count(value: u64) -> String {
    vagval_report::number::format_sv(rust_decimal::Decimal::from(value))
}

/// The core error `error` in Swedish.
pub fn core_error_sv(error: &Error) -> String {
    match error {
        Error::Judgment { site, source } => format!(
            "{}: bedömning {}: {}",
            site_sv(site),
            source.index + 1,
            judgment_kind_sv(&source.kind)
        ),
        Error::Disconnected {
            site,
            reached,
            unreached,
        } => format!(
            "{}: jämförelserna binder inte ihop alla poster: {unreached} går inte att nå från {reached} (jämför minst en post i varje grupp med en i den andra)",
            site_sv(site)
        ),
        Error::EmptyMatrix { site } => format!(
            "{}: en parvis jämförelsematris behöver minst en post",
            site_sv(site)
        ),
        Error::NotSquare { site, row, len, n } => format!(
            "{}: rad {} har {len} element men det finns {n} rader; en parvis jämförelsematris är kvadratisk",
            site_sv(site),
            row + 1
        ),
        Error::BadEntry {
            site,
            row,
            col,
            value,
        } => format!(
            "{}: elementet [{row}][{col}] = {} är inte ett positivt ändligt tal mellan 1e-9 och 1e9",
            site_sv(site),
            judgment(*value)
        ),
        Error::BadDiagonal { site, index, value } => format!(
            "{}: diagonalelementet [{index}][{index}] är {}; en post jämförd med sig själv är 1",
            site_sv(site),
            number(*value)
        ),
        Error::NotReciprocal {
            site,
            row,
            col,
            a,
            b,
            product,
            expected,
        } => format!(
            "{}: elementen [{row}][{col}] = {} och [{col}][{row}] = {} är inte reciproka (deras produkt är {}, den måste vara 1); sätt [{col}][{row}] till {}",
            site_sv(site),
            number(*a),
            number(*b),
            number(*product),
            judgment(*expected)
        ),
        Error::HalfMissing { site, row, col } => format!(
            "{}: elementet [{row}][{col}] saknas men [{col}][{row}] är angivet; utelämna båda eller ange båda",
            site_sv(site)
        ),
        Error::DuplicateItem { site, name } => {
            format!("{}: postnamnet `{name}` finns två gånger", site_sv(site))
        }
        Error::NotConverged { site, iterations } => format!(
            "{}: huvudegenvektorn konvergerade inte till 1e-12 ({iterations} steg)",
            site_sv(site)
        ),
        Error::CompletionTooLarge {
            site,
            items,
            gaps,
            work,
            limit,
        } => format!(
            "{}: λmax-optimal komplettering av {items} poster med {gaps} saknade bedömningar skulle ta för lång tid: arbetet växer med luckor × poster² = {work}, över gränsen {limit}",
            site_sv(site)
        ),
        Error::BadWeight {
            site, item, value, ..
        } => format!(
            "{}: vikten för `{item}` är {}; direkta vikter måste vara ändliga och inte negativa",
            site_sv(site),
            number(*value)
        ),
        Error::AllWeightsZero { site } => format!(
            "{}: alla direkta vikter är noll; minst en måste vara positiv",
            site_sv(site)
        ),
        Error::MissingWeight {
            site,
            item,
            expected,
        } => format!(
            "{}: ingen vikt angiven för `{item}`; ange en vikt för var och en av {expected}",
            site_sv(site)
        ),
        Error::UnknownWeightItem {
            site,
            item,
            expected,
            ..
        } => format!("{}: `{item}` är inte en av {expected}", site_sv(site)),
        Error::DuplicateWeightItem { site, item, .. } => {
            format!("{}: `{item}` anges två gånger", site_sv(site))
        }
        Error::DuplicateCriterion { index, id, first } => format!(
            "kriterium {} har id:t `{id}`, som redan används av kriterium {}",
            index + 1,
            first + 1
        ),
        Error::DuplicateAlternative { index, id, first } => format!(
            "alternativ {} har id:t `{id}`, som redan används av alternativ {}",
            index + 1,
            first + 1
        ),
        Error::UnknownParent { id, parent, .. } => format!(
            "kriteriet `{id}` anger `{parent}` som överordnat kriterium, men något sådant kriterium finns inte"
        ),
        Error::Cycle { cycle, .. } => format!(
            "kriterierna {cycle} bildar en cykel av överordnade kriterier"
        ),
        Error::AssessmentOnParent { id } => format!(
            "kriteriet `{id}` har delkriterier och ska inte själv bedöma alternativen"
        ),
        Error::MissingAssessment { id } => format!(
            "kriteriet `{id}` har varken delkriterier eller någon bedömning av alternativen"
        ),
        Error::WeightsOnLeaf { site, id } => format!(
            "{}: vikter är angivna men `{id}` har inga delkriterier att vikta",
            site_sv(site)
        ),
        Error::MissingWeights { site, children } => format!(
            "{}: inga vikter angivna för delkriterierna {children}",
            site_sv(site)
        ),
        Error::NoCriteria => "beslutet har inga kriterier".to_string(),
        Error::NoAlternatives => "beslutet har inga alternativ".to_string(),
        Error::UnknownRatingScale { site, scale, known } => format!(
            "{}: betygsskalan `{scale}` finns inte (kända: {known})",
            site_sv(site)
        ),
        Error::UnknownRatingLevel {
            site,
            scale,
            level,
            known,
            ..
        } => format!(
            "{}: `{level}` är ingen nivå i betygsskalan `{scale}` (nivåer: {known})",
            site_sv(site)
        ),
        Error::MissingRating { site, alternative } => format!(
            "{}: inget betyg angivet för alternativet `{alternative}`",
            site_sv(site)
        ),
        Error::MissingValue { site, alternative } => format!(
            "{}: inget värde angivet för alternativet `{alternative}`",
            site_sv(site)
        ),
        Error::UnknownAlternative {
            site,
            alternative,
            known,
            ..
        } => format!(
            "{}: `{alternative}` är inget alternativ i det här beslutet (kända: {known})",
            site_sv(site)
        ),
        Error::DuplicateAlternativeEntry {
            site, alternative, ..
        } => format!("{}: `{alternative}` anges två gånger", site_sv(site)),
        Error::DuplicateRatingLevel { site, level, .. } => format!(
            "{}: nivån `{level}` är definierad två gånger",
            site_sv(site)
        ),
        Error::EmptyRatingScale { site } => format!(
            "{}: en betygsskala behöver minst en nivå",
            site_sv(site)
        ),
        Error::DuplicateRatingScale { index, id, first } => format!(
            "betygsskala {} har id:t `{id}`, som redan används av betygsskala {}",
            index + 1,
            first + 1
        ),
        Error::ValueFunction { site, message } => {
            format!("{}: {}", site_sv(site), message_sv(message))
        }
        Error::InvertedRange { low, high } => format!(
            "intervallet {low}–{high} har sin nedre gräns över den övre; skriv det mindre talet först"
        ),
        Error::BadQuantity { text } => format!(
            "`{text}` är varken ett tal eller ett intervall som `6000–12000`"
        ),
        Error::BadSeats { group, seats } => format!(
            "gruppen `{group}` har {} mandat; antalet mandat måste vara ett positivt tal",
            number(*seats)
        ),
        Error::GroupTarget { group, message } => {
            format!("gruppen `{group}`: {}", message_sv(message))
        }
        Error::NoGroups => "det finns inga politiska grupper att analysera".to_string(),
        Error::BadMaxCr { max_cr } => format!(
            "CR-gränsen {} måste vara ett tal som är minst 0 (Saatys är 0,1)",
            number(*max_cr)
        ),
        Error::AllGroupsExcluded { max_cr, groups } => format!(
            "alla gruppers egna bedömningar har CR över {} ({}), så ingen grupp finns kvar att väga samman; höj --max-cr eller se över bedömningarna",
            number(*max_cr),
            groups
                .iter()
                .map(|(id, cr)| format!("`{id}` {}", Lang::Sv.fixed(*cr, 3)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Error::GeometricMeanZero => "varje alternativ (eller varje kriterium) har prioriteten 0 i någon grupp, så det geometriska medelvärdet av gruppernas prioriteter är 0 för alla; väg samman med aip eller aij".to_string(),
        Error::NoSamples => "Monte Carlo-analysen behöver minst en dragning; ange fler än 0 (10 000 är en bra början)".to_string(),
        Error::BadSpread { spread } => format!(
            "bedömningarnas spridning {} måste vara över 1 och högst 1000: varje bedömning multipliceras med en faktor mellan 1/spridningen och spridningen (standard är 2)",
            judgment(*spread)
        ),
        Error::UnknownCriterion { id, known } => {
            format!("det finns inget kriterium `{id}` (kriterierna är {known})")
        }
        Error::NoSiblings { id } => format!(
            "`{id}` har inga syskonkriterier att byta vikt med, så dess vikt kan inte varieras"
        ),
        Error::WhatIf { message } => format!("tänk om: {}", message_sv(message)),
        Error::Scorer { criterion, message } => format!(
            "skriptet som poängsätter `{criterion}` misslyckades: {}",
            message_sv(message)
        ),
        // A variant added to the core after this was written.
        other => other.to_string(),
    }
}

/// One judgment's problem in Swedish.
fn judgment_kind_sv(kind: &JudgmentErrorKind) -> String {
    match kind {
        JudgmentErrorKind::UnknownItem { item, known } => {
            format!("`{item}` är inte en av de poster som jämförs här ({known})")
        }
        JudgmentErrorKind::SelfComparison { item } => format!("`{item}` jämförs med sig själv"),
        JudgmentErrorKind::NotPositiveFinite { value } => {
            format!("värdet {} är inte ett positivt ändligt tal", number(*value))
        }
        JudgmentErrorKind::OutOfRange { value } => format!(
            "värdet {} ligger utanför det en bedömning kan vara (1e-9 till 1e9); ingen post väger en miljard gånger tyngre än en annan",
            judgment(*value)
        ),
        JudgmentErrorKind::Duplicate { a, b, first } => format!(
            "`{a}` och `{b}` jämförs två gånger (första gången i bedömning {}); jämför varje par en gång",
            first + 1
        ),
        JudgmentErrorKind::Contradictory {
            a,
            b,
            first,
            implied,
            given,
        } => format!(
            "`{a}` och `{b}` jämförs två gånger med motstridiga värden (bedömning {} ger {}, den här säger {}); behåll en av dem",
            first + 1,
            number(*implied),
            number(*given)
        ),
        other => other.to_string(),
    }
}

/// The scale's labels (`scale::label_summary`, which names each label in
/// both languages) with its English joining words in Swedish.
pub fn labels_sv(summary: &str) -> String {
    summary.replace(", and between them e.g. ", " och mellan dem t.ex. ")
}

/// A judgment value that could not be read, in Swedish.
pub fn value_error_sv(error: &ValueError) -> String {
    match error {
        ValueError::NotUnderstood { text, labels } => format!(
            "`{text}` är varken ett tal, ett bråk som 1/3 eller en skalnivå i ord ({})",
            labels_sv(labels)
        ),
        ValueError::NotPositiveFinite { text } => {
            format!("`{text}` är inte ett positivt ändligt tal")
        }
        other => other.to_string(),
    }
}

/// A memory size: `64 MiB` or `1 000 byte`.
fn size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", count((bytes / MIB) as u64))
    } else {
        format!("{} byte", count(bytes as u64))
    }
}

/// A Lua script's error in Swedish: the frame is Swedish, and so is every
/// text vagval's sandbox writes (`what_sv`, `message_sv`); Lua's own
/// messages stay as Lua writes them.
pub fn lua_error_sv(error: &vagval_lua::Error) -> String {
    use vagval_lua::Error as Lua;
    let at = error.location();
    match error {
        Lua::Syntax { message_sv, .. } => format!("{at}: syntaxfel: {message_sv}"),
        Lua::Runtime { message_sv, .. } => {
            format!("{at}: fel när skriptet kördes: {message_sv}")
        }
        Lua::MemoryLimit { limit_bytes, .. } => format!(
            "{}: skriptet behövde mer minne än sin gräns på {}",
            at,
            size(*limit_bytes)
        ),
        Lua::InstructionLimit { limit, .. } => format!(
            "{}: skriptet överskred sin gräns på {} Lua-instruktioner (en oändlig slinga?)",
            at,
            count(*limit)
        ),
        Lua::TimeLimit { seconds, .. } => format!(
            "{}: skriptet överskred sin tidsgräns på {} s (biblioteksfunktioner som gör mycket arbete, t.ex. på enorma strängar eller tabeller)",
            at,
            number(*seconds)
        ),
        Lua::Shape { what_sv, .. } => {
            format!("{at}: felaktig struktur: {what_sv}")
        }
        Lua::Forbidden { what_sv, .. } => {
            format!("{at}: inte tillåtet: {what_sv}")
        }
        other => other.to_string(),
    }
}

/// The fields of `text` where `template` has `{}`, if `text` has the
/// template's shape (each field runs to the first occurrence of the literal
/// after it).
fn fields<'a>(template: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let mut pieces = template.split("{}");
    let mut rest = text.strip_prefix(pieces.next().unwrap_or(""))?;
    let pieces: Vec<&str> = pieces.collect();
    let mut out = Vec::with_capacity(pieces.len());
    for (k, piece) in pieces.iter().enumerate() {
        if k + 1 == pieces.len() {
            out.push(rest.strip_suffix(piece)?);
            return Some(out);
        }
        let at = rest.find(piece).filter(|_| !piece.is_empty())?;
        out.push(&rest[..at]);
        rest = &rest[at + piece.len()..];
    }
    (rest.is_empty()).then_some(out)
}

/// A site named in English (`Site`'s `Display`) in Swedish.
fn site_text_sv(text: &str) -> Option<String> {
    let id = |prefix: &str| {
        text.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix('`'))
            .map(str::to_string)
    };
    Some(match text {
        "the weights of the top-level criteria" => site_sv(&Site::Goal),
        "the matrix" => site_sv(&Site::Matrix),
        _ => {
            if let Some(id) = id("the weights of the sub-criteria of `") {
                site_sv(&Site::Weights(id))
            } else if let Some(id) = id("the assessment of the alternatives on `") {
                site_sv(&Site::Assessment(id))
            } else if let Some(id) = id("rating scale `") {
                site_sv(&Site::RatingScale(id))
            } else {
                return None;
            }
        }
    })
}

/// A number written by the core (`2.5`) with a decimal comma, if it is one.
fn number_text_sv(text: &str) -> Option<String> {
    text.parse::<f64>().ok().map(|_| Lang::Sv.localise(text))
}

/// A free-text message the core writes in English (inside `ValueFunction`,
/// `GroupTarget`, `WhatIf` and `Scorer`) in Swedish, when it is one the core
/// is known to write; anything else (a Lua script's message) as it is.
fn message_sv(message: &str) -> String {
    let site = site_text_sv;
    let num = number_text_sv;
    let any = |text: &str| Some(text.to_string());
    type Field = fn(&str) -> Option<String>;
    // (English template, how to read each field, Swedish template)
    let known: [(&str, &[Field], &str); 15] = [
        // vagval_core::group
        ("{} is given twice", &[site], "{} anges två gånger"),
        (
            "`{}` is not a criterion with sub-criteria, so it has no weights to set",
            &[any],
            "`{}` är inget kriterium med delkriterier, så det har inga vikter att sätta",
        ),
        (
            "{} cannot be weighted by a group",
            &[site],
            "{} kan inte viktas av en grupp",
        ),
        (
            "the alternatives on `{}` are judged twice",
            &[any],
            "alternativen på `{}` bedöms två gånger",
        ),
        (
            "`{}` is not a leaf criterion, so the alternatives are not judged on it",
            &[any],
            "`{}` är inget kriterium utan delkriterier (det finns inte eller har delkriterier), så alternativen bedöms inte på det",
        ),
        (
            "{}: `{}` has the weight or priority 0, which judgments cannot aggregate (AIJ takes geometric means); give it a positive weight or aggregate with AIP",
            &[site, any],
            "{}: `{}` har vikten eller prioriteten 0, vilket inte går att aggregera bedömning för bedömning (AIJ tar geometriska medelvärden); ge den en positiv vikt eller aggregera med AIP",
        ),
        // vagval_core::sensitivity::what_if
        (
            "the weight {} of `{}` is not between 0 and 1",
            &[num, any],
            "vikten {} för `{}` ligger inte mellan 0 och 1",
        ),
        (
            "the weights set among siblings sum to {}; together they can have at most 1",
            &[num],
            "vikterna som sätts bland syskonkriterierna summerar till {}; tillsammans kan de vara högst 1",
        ),
        (
            "{} is not judged in pairs, so it has no judgment to change; set a weight instead",
            &[site],
            "{} bedöms inte parvis, så det finns ingen bedömning att ändra; sätt en vikt i stället",
        ),
        (
            "`{}` is not assessed by data, so it has no value to set; change a judgment or a weight instead",
            &[any],
            "`{}` bedöms inte med data, så det finns inget värde att sätta; ändra en bedömning eller en vikt i stället",
        ),
        // vagval_core::value_function
        (
            "the linear value function's bounds are both {}: all alternatives have the same value; give `lower` and `upper` bounds that differ",
            &[num],
            "den linjära värdefunktionens gränser är båda {}: alla alternativ har samma värde; ange gränserna `lower` och `upper` så att de skiljer sig åt",
        ),
        (
            "the lower bound {} is above the upper bound {}; swap them",
            &[num, num],
            "den nedre gränsen {} ligger över den övre gränsen {}; byt plats på dem",
        ),
        (
            "point {} has the value {}; values must lie between 0 and 1",
            &[any, num],
            "punkt {} har värdet {}; värdena måste ligga mellan 0 och 1",
        ),
        (
            "point {} (x = {}) does not come after point {} (x = {}); x must increase strictly",
            &[any, num, any, num],
            "punkt {} (x = {}) kommer inte efter punkt {} (x = {}); x måste vara strängt växande",
        ),
        // vagval_core::sensitivity::smaa
        (
            "the scorer gave {} values, expected {} finite ones",
            &[any, any],
            "skriptet gav {} värden, men {} ändliga värden väntades",
        ),
    ];
    let fixed = [
        (
            "a piecewise-linear value function needs at least two points",
            "en styckvis linjär värdefunktion behöver minst två punkter",
        ),
        (
            "no scorer could be made for this worker",
            "inget skript för poängsättning kunde startas för den här arbetstråden",
        ),
    ];
    if let Some((_, swedish)) = fixed.iter().find(|(english, _)| *english == message) {
        return swedish.to_string();
    }
    for (english, readers, swedish) in known {
        let Some(found) = fields(english, message) else {
            continue;
        };
        let Some(values) = found
            .iter()
            .zip(readers)
            .map(|(text, read)| read(text))
            .collect::<Option<Vec<String>>>()
        else {
            continue;
        };
        let mut out = String::new();
        let mut values = values.into_iter();
        for (k, piece) in swedish.split("{}").enumerate() {
            if k > 0 {
                out.push_str(&values.next().unwrap_or_default());
            }
            out.push_str(piece);
        }
        return out;
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use vagval_core::JudgmentError;
    use vagval_core::value_function::{Direction, ValueFunction};

    fn check(error: Error, expected: &str) {
        assert_eq!(core_error_sv(&error), expected, "English: {error}");
    }

    #[test]
    fn variants_in_swedish_with_their_facts() {
        check(
            Error::Judgment {
                site: Site::Weights("miljo".into()),
                source: JudgmentError {
                    index: 2,
                    kind: JudgmentErrorKind::SelfComparison { item: "co2".into() },
                },
            },
            "vikterna för delkriterierna under `miljo`: bedömning 3: `co2` jämförs med sig själv",
        );
        check(
            Error::NotReciprocal {
                site: Site::Matrix,
                row: 0,
                col: 1,
                a: 3.0,
                b: 0.5,
                product: 1.5,
                expected: 1.0 / 3.0,
            },
            "matrisen: elementen [0][1] = 3 och [1][0] = 0,5 är inte reciproka (deras produkt är 1,5, den måste vara 1); sätt [1][0] till 1/3",
        );
        check(
            Error::DuplicateCriterion {
                index: 4,
                id: "kostnad".into(),
                first: 1,
            },
            "kriterium 5 har id:t `kostnad`, som redan används av kriterium 2",
        );
        check(
            Error::BadSeats {
                group: "s".into(),
                seats: -2.5,
            },
            "gruppen `s` har -2,5 mandat; antalet mandat måste vara ett positivt tal",
        );
        check(
            Error::UnknownRatingLevel {
                site: Site::Assessment("trygghet".into()),
                index: 0,
                scale: "betyg".into(),
                level: "superb".into(),
                known: "`bra`, `dålig`".into(),
            },
            "bedömningen av alternativen på `trygghet`: `superb` är ingen nivå i betygsskalan `betyg` (nivåer: `bra`, `dålig`)",
        );
        check(Error::NoAlternatives, "beslutet har inga alternativ");
        check(
            Error::Judgment {
                site: Site::Goal,
                source: JudgmentError {
                    index: 0,
                    kind: JudgmentErrorKind::Contradictory {
                        a: "a".into(),
                        b: "b".into(),
                        first: 0,
                        implied: 0.25,
                        given: 4.0,
                    },
                },
            },
            "vikterna för huvudkriterierna: bedömning 1: `a` och `b` jämförs två gånger med motstridiga värden (bedömning 1 ger 0,25, den här säger 4); behåll en av dem",
        );
    }

    /// One of each variant, built with sample fields.
    fn every_variant() -> Vec<Error> {
        let site = || Site::Weights("k".to_string());
        let s = |text: &str| text.to_string();
        let judgment = |kind| Error::Judgment {
            site: site(),
            source: JudgmentError { index: 0, kind },
        };
        vec![
            judgment(JudgmentErrorKind::UnknownItem {
                item: s("x"),
                known: s("`a`"),
            }),
            judgment(JudgmentErrorKind::SelfComparison { item: s("a") }),
            judgment(JudgmentErrorKind::NotPositiveFinite { value: -1.0 }),
            judgment(JudgmentErrorKind::OutOfRange { value: 1e12 }),
            judgment(JudgmentErrorKind::Duplicate {
                a: s("a"),
                b: s("b"),
                first: 0,
            }),
            judgment(JudgmentErrorKind::Contradictory {
                a: s("a"),
                b: s("b"),
                first: 0,
                implied: 3.0,
                given: 0.5,
            }),
            Error::Disconnected {
                site: site(),
                reached: s("`a`"),
                unreached: s("`b`"),
            },
            Error::EmptyMatrix { site: site() },
            Error::NotSquare {
                site: site(),
                row: 1,
                len: 3,
                n: 2,
            },
            Error::BadEntry {
                site: site(),
                row: 0,
                col: 1,
                value: 0.0,
            },
            Error::BadDiagonal {
                site: site(),
                index: 1,
                value: 2.0,
            },
            Error::NotReciprocal {
                site: site(),
                row: 0,
                col: 1,
                a: 3.0,
                b: 3.0,
                product: 9.0,
                expected: 1.0 / 3.0,
            },
            Error::HalfMissing {
                site: site(),
                row: 0,
                col: 1,
            },
            Error::DuplicateItem {
                site: site(),
                name: s("a"),
            },
            Error::NotConverged {
                site: site(),
                iterations: 1000,
            },
            Error::CompletionTooLarge {
                site: site(),
                items: 20,
                gaps: 155,
                work: 62_000,
                limit: 50_000,
            },
            Error::BadWeight {
                site: site(),
                index: 0,
                item: s("a"),
                value: -0.5,
            },
            Error::AllWeightsZero { site: site() },
            Error::MissingWeight {
                site: site(),
                item: s("a"),
                expected: s("`a`, `b`"),
            },
            Error::UnknownWeightItem {
                site: site(),
                index: 0,
                item: s("c"),
                expected: s("`a`, `b`"),
            },
            Error::DuplicateWeightItem {
                site: site(),
                index: 1,
                item: s("a"),
            },
            Error::DuplicateCriterion {
                index: 1,
                id: s("a"),
                first: 0,
            },
            Error::DuplicateAlternative {
                index: 1,
                id: s("a"),
                first: 0,
            },
            Error::UnknownParent {
                index: 0,
                id: s("a"),
                parent: s("p"),
            },
            Error::Cycle {
                index: 0,
                cycle: s("`a` → `b` → `a`"),
            },
            Error::AssessmentOnParent { id: s("a") },
            Error::MissingAssessment { id: s("a") },
            Error::WeightsOnLeaf {
                site: site(),
                id: s("k"),
            },
            Error::MissingWeights {
                site: site(),
                children: s("`a`, `b`"),
            },
            Error::NoCriteria,
            Error::NoAlternatives,
            Error::UnknownRatingScale {
                site: site(),
                scale: s("x"),
                known: s("`betyg`"),
            },
            Error::UnknownRatingLevel {
                site: site(),
                index: 0,
                scale: s("betyg"),
                level: s("x"),
                known: s("`bra`"),
            },
            Error::MissingRating {
                site: site(),
                alternative: s("a"),
            },
            Error::MissingValue {
                site: site(),
                alternative: s("a"),
            },
            Error::UnknownAlternative {
                site: site(),
                index: 0,
                alternative: s("x"),
                known: s("`a`"),
            },
            Error::DuplicateAlternativeEntry {
                site: site(),
                index: 0,
                alternative: s("a"),
            },
            Error::DuplicateRatingLevel {
                site: site(),
                index: 0,
                level: s("bra"),
            },
            Error::EmptyRatingScale {
                site: Site::RatingScale(s("betyg")),
            },
            Error::DuplicateRatingScale {
                index: 1,
                id: s("betyg"),
                first: 0,
            },
            Error::ValueFunction {
                site: site(),
                message: s("a piecewise-linear value function needs at least two points"),
            },
            Error::InvertedRange {
                low: s("9"),
                high: s("3"),
            },
            Error::BadQuantity { text: s("många") },
            Error::BadSeats {
                group: s("g"),
                seats: 0.0,
            },
            Error::GroupTarget {
                group: s("g"),
                message: s("the alternatives on `a` are judged twice"),
            },
            Error::NoGroups,
            Error::BadMaxCr { max_cr: -1.0 },
            Error::AllGroupsExcluded {
                max_cr: 0.1,
                groups: vec![(s("g"), 0.25)],
            },
            Error::GeometricMeanZero,
            Error::NoSamples,
            Error::BadSpread { spread: 0.5 },
            Error::UnknownCriterion {
                id: s("x"),
                known: s("`a`"),
            },
            Error::NoSiblings { id: s("a") },
            Error::WhatIf {
                message: s("the weight 1.5 of `a` is not between 0 and 1"),
            },
            Error::Scorer {
                criterion: s("a"),
                message: s("no scorer could be made for this worker"),
            },
        ]
    }

    #[test]
    fn no_variant_is_empty_or_left_in_english() {
        for error in every_variant() {
            let sv = core_error_sv(&error);
            let en = error.to_string();
            assert!(!sv.trim().is_empty(), "{en}");
            assert_ne!(sv, en, "not translated: {en}");
            // The ids in backticks are kept.
            for id in en.split('`').skip(1).step_by(2) {
                assert!(sv.contains(&format!("`{id}`")), "`{id}` lost: {sv}");
            }
        }
    }

    #[test]
    fn value_function_messages_of_the_core_are_translated() {
        let linear = |lower: i64, upper: i64| ValueFunction::Linear {
            direction: Direction::HigherIsBetter,
            lower: Some(Decimal::from(lower)),
            upper: Some(Decimal::from(upper)),
        };
        let points = |points: Vec<(i64, f64)>| ValueFunction::PiecewiseLinear {
            points: points
                .into_iter()
                .map(|(x, v)| (Decimal::from(x), v))
                .collect(),
        };
        let zero = Decimal::ZERO;
        for (function, expected) in [
            (
                linear(5, 5),
                "den linjära värdefunktionens gränser är båda 5",
            ),
            (
                linear(7, 3),
                "den nedre gränsen 7 ligger över den övre gränsen 3",
            ),
            (
                points(vec![(0, 1.0)]),
                "en styckvis linjär värdefunktion behöver minst två punkter",
            ),
            (points(vec![(0, 1.0), (5, 1.5)]), "punkt 2 har värdet 1,5;"),
            (
                points(vec![(5, 1.0), (0, 0.0)]),
                "punkt 2 (x = 0) kommer inte efter punkt 1 (x = 5)",
            ),
        ] {
            let message = function.resolve(zero, zero).err().unwrap_or_default();
            let sv = core_error_sv(&Error::ValueFunction {
                site: Site::Assessment("kostnad".into()),
                message: message.clone(),
            });
            assert!(
                sv.starts_with("bedömningen av alternativen på `kostnad`: ")
                    && sv.contains(expected),
                "{message} → {sv}"
            );
        }
    }

    /// The free-text errors are made by core itself here, so a change of
    /// core's English wording shows up as an English message in Swedish.
    #[test]
    fn what_if_errors_made_by_core_read_in_swedish() {
        use vagval_core::sensitivity::what_if::{Change, apply};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/leader");
        let workspace =
            crate::load::Workspace::load(&root).unwrap_or_else(|d| panic!("{}", d.render())); // ok: test code
        let model =
            vagval_core::Model::new(workspace.spec.clone()).unwrap_or_else(|e| panic!("{e}")); // ok: test code
        let evaluation = vagval_core::evaluate(&model, &vagval_core::Settings::default())
            .unwrap_or_else(|e| panic!("{e}")); // ok: test code
        let weight = |criterion: &str, weight: f64| Change::Weight {
            criterion: criterion.into(),
            weight,
        };
        let cases = [
            (
                vec![weight("age", 1.5)],
                "vikten 1,5 för `age` ligger inte mellan 0 och 1",
            ),
            (
                vec![weight("age", 0.7), weight("charisma", 0.6)],
                "vikterna som sätts bland syskonkriterierna summerar till 1,300",
            ),
        ];
        for (changes, expected) in cases {
            let error = apply(&model, &evaluation, &changes).err();
            let sv = error.as_ref().map(core_error_sv).unwrap_or_default();
            assert!(
                sv.contains(expected),
                "{:?} → {sv}",
                error.map(|e| e.to_string())
            );
        }
    }

    #[test]
    fn free_text_of_the_core_in_swedish_and_lua_text_kept() {
        let what_if = core_error_sv(&Error::WhatIf {
            message: "the weight 1.5 of `miljo` is not between 0 and 1".into(),
        });
        assert_eq!(
            what_if,
            "tänk om: vikten 1,5 för `miljo` ligger inte mellan 0 och 1"
        );
        let group = core_error_sv(&Error::GroupTarget {
            group: "s".into(),
            message: "the weights of the sub-criteria of `miljo` is given twice".into(),
        });
        assert_eq!(
            group,
            "gruppen `s`: vikterna för delkriterierna under `miljo` anges två gånger"
        );
        let lua = core_error_sv(&Error::Scorer {
            criterion: "restid".into(),
            message: "scripts/restid.lua:3: attempt to index a nil value".into(),
        });
        assert_eq!(
            lua,
            "skriptet som poängsätter `restid` misslyckades: scripts/restid.lua:3: attempt to index a nil value"
        );
        assert_eq!(fields("a {} b {}", "a x b y"), Some(vec!["x", "y"]));
        assert_eq!(fields("a {} b", "a x c"), None);
    }

    #[test]
    fn lua_frames_in_swedish_with_lua_text_kept() {
        let path = std::path::PathBuf::from("scripts/groups/s.lua");
        let cases = [
            (
                vagval_lua::Error::InstructionLimit {
                    path: path.clone(),
                    line: Some(4),
                    limit: 100_000_000,
                },
                "scripts/groups/s.lua:4: skriptet överskred sin gräns på 100\u{a0}000\u{a0}000 Lua-instruktioner (en oändlig slinga?)",
            ),
            (
                vagval_lua::Error::MemoryLimit {
                    path: path.clone(),
                    line: None,
                    limit_bytes: 64 * 1024 * 1024,
                },
                "scripts/groups/s.lua: skriptet behövde mer minne än sin gräns på 64 MiB",
            ),
            (
                vagval_lua::Error::Syntax {
                    path: path.clone(),
                    line: Some(2),
                    message: "'=' expected near 'x'".into(),
                    message_sv: "'=' expected near 'x'".into(),
                },
                "scripts/groups/s.lua:2: syntaxfel: '=' expected near 'x'",
            ),
            (
                vagval_lua::Error::Runtime {
                    path: path.clone(),
                    line: Some(7),
                    message: "boom".into(),
                    message_sv: "boom".into(),
                },
                "scripts/groups/s.lua:7: fel när skriptet kördes: boom",
            ),
            (
                vagval_lua::Error::Forbidden {
                    path: path.clone(),
                    line: Some(3),
                    what: "table.move over 5 positions".into(),
                    what_sv: "table.move över 5 positioner".into(),
                },
                "scripts/groups/s.lua:3: inte tillåtet: table.move över 5 positioner",
            ),
            (
                vagval_lua::Error::Shape {
                    path: path.clone(),
                    line: Some(4),
                    what: "seats must be a positive number, got -2".into(),
                    what_sv: "seats måste vara ett positivt tal, fick -2".into(),
                },
                "scripts/groups/s.lua:4: felaktig struktur: seats måste vara ett positivt tal, fick -2",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(lua_error_sv(&error), expected);
        }
    }

    #[test]
    fn value_errors_in_swedish() {
        let error = vagval_core::scale::parse_value("massor").unwrap_err();
        let sv = value_error_sv(&error);
        assert!(sv.starts_with("`massor` är varken ett tal"), "{sv}");
        assert!(
            sv.contains(" och mellan dem t.ex. ") && !sv.contains("between"),
            "{sv}"
        );
        let error = vagval_core::scale::parse_value("-3").unwrap_err();
        assert!(!value_error_sv(&error).is_empty());
    }
}
