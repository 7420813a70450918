//! What the survey session says and asks around the pairs, in English or
//! Swedish: the opening, an existing script, a draft to resume, the name
//! and seats, and the words for a back or skip that cannot be done (the
//! pairs' own words are in words.rs).

use vagval_report::Lang;

/// The opening: the group, the goal, and the commands.
pub(super) fn intro(lang: Lang, group: &str, goal: &str) -> String {
    match lang {
        Lang::Sv => format!(
            "Enkät för gruppen {group}: {goal}\nSvara på en fråga i taget. Varje svar sparas direkt i ett utkast, så ett avbrott förlorar inget.\nKommandon: < går tillbaka ett svar, - (vet ej) hoppar över frågan, ? visar vad kriterierna betyder."
        ),
        Lang::En => format!(
            "Survey for the group {group}: {goal}\nAnswer one question at a time. Every answer is kept at once in a draft, so an interruption loses nothing.\nCommands: < goes back one answer, - (don't know) skips the question, ? shows what the criteria mean."
        ),
    }
}

/// An existing script, read: replaced at the end, its answers the start.
pub(super) fn existing_read(lang: Lang, shown_target: &str, group: &str) -> String {
    match lang {
        Lang::Sv => format!(
            "{shown_target} finns redan: den ersätts när enkäten är klar (den gamla filen sparas som {group}.lua.bak). Dess svar är utgångsläget: Enter behåller ett svar."
        ),
        Lang::En => format!(
            "{shown_target} exists: it will be replaced when the survey is done (the old file is kept as {group}.lua.bak). Its answers are the starting point: Enter keeps one."
        ),
    }
}

/// An existing script that cannot be read (`why`, rendered): the survey
/// starts afresh and replaces it.
pub(super) fn existing_unreadable(
    lang: Lang,
    shown_target: &str,
    group: &str,
    why: &str,
) -> String {
    match lang {
        Lang::Sv => format!(
            "{shown_target} finns redan men går inte att läsa, så enkäten börjar från början; filen ersätts när enkäten är klar (den gamla sparas som {group}.lua.bak).\n{why}"
        ),
        Lang::En => format!(
            "{shown_target} exists but cannot be read, so the survey starts afresh; the file will be replaced when the survey is done (the old one is kept as {group}.lua.bak).\n{why}"
        ),
    }
}

/// Whether to resume a draft of `count` answers.
pub(super) fn resume_question(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Sv => format!(
            "Det finns ett utkast från en avbruten enkät för gruppen ({count} svar). Fortsätta där den slutade? (j = ja, n = börja om)"
        ),
        Lang::En => format!(
            "There is a draft from an interrupted survey of this group ({count} answers). Continue where it stopped? (y = yes, n = start afresh)"
        ),
    }
}

/// Yes (Enter too) or no, in either language; `None`: not understood.
pub(super) fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "j" | "ja" | "y" | "yes" | "" => Some(true),
        "n" | "nej" | "no" => Some(false),
        _ => None,
    }
}

pub(super) fn yes_no_refused(lang: Lang) -> &'static str {
    lang.pick("Please answer y or n.", "Svara j eller n.")
}

/// A draft resumed: how far it came, and the answers it lost.
pub(super) fn resumed(lang: Lang, (done, total): (usize, usize), dropped: usize) -> Vec<String> {
    let mut said = vec![match lang {
        Lang::Sv => format!("Fortsätter: {done} av {total} frågor besvarade."),
        Lang::En => format!("Continuing: {done} of {total} questions answered."),
    }];
    if dropped > 0 {
        said.push(match lang {
            Lang::Sv => format!(
                "{dropped} svar i utkastet gäller kriterier som inte längre finns och togs inte med."
            ),
            Lang::En => format!(
                "{dropped} answers of the draft concern criteria that no longer exist and were left out."
            ),
        });
    }
    said
}

pub(super) fn afresh(lang: Lang) -> &'static str {
    lang.pick(
        "Starting afresh; the draft is replaced with the first answer.",
        "Börjar om; utkastet ersätts vid första svaret.",
    )
}

/// The name, with the one Enter keeps.
pub(super) fn name_question(lang: Lang, current: Option<&str>) -> String {
    match (current, lang) {
        (Some(name), Lang::Sv) => format!("Gruppens namn? (Enter behåller {name})"),
        (Some(name), Lang::En) => format!("The group's name? (Enter keeps {name})"),
        (None, Lang::Sv) => "Gruppens namn?".to_string(),
        (None, Lang::En) => "The group's name?".to_string(),
    }
}

pub(super) fn name_missing(lang: Lang) -> &'static str {
    lang.pick("Please type the group's name.", "Skriv gruppens namn.")
}

/// The seats, with the number Enter keeps.
pub(super) fn seats_question(lang: Lang, current: Option<u32>) -> String {
    match (current, lang) {
        (Some(n), Lang::Sv) => format!("Antal mandat? (ett heltal; Enter behåller {n})"),
        (Some(n), Lang::En) => format!("Number of seats? (a whole number; Enter keeps {n})"),
        (None, Lang::Sv) => "Antal mandat? (ett heltal)".to_string(),
        (None, Lang::En) => "Number of seats? (a whole number)".to_string(),
    }
}

pub(super) fn seats_refused(lang: Lang) -> &'static str {
    lang.pick(
        "The seats must be a whole number of at least 1, e.g. 12.",
        "Antalet mandat ska vara ett heltal, minst 1, t.ex. 12.",
    )
}

pub(super) fn nothing_to_go_back_to(lang: Lang) -> &'static str {
    lang.pick(
        "There is no earlier answer to go back to.",
        "Det finns inget tidigare svar att gå tillbaka till.",
    )
}

pub(super) fn cannot_skip(lang: Lang) -> &'static str {
    lang.pick(
        "This pair cannot be skipped: without it some criterion would be compared with none of the others. Please answer it.",
        "Den här frågan går inte att hoppa över: utan den jämförs något kriterium inte med något av de andra. Svara på den.",
    )
}

pub(super) fn wrote(lang: Lang, path: &std::path::Path) -> String {
    match lang {
        Lang::Sv => format!("Skrev {}", path.display()),
        Lang::En => format!("wrote {}", path.display()),
    }
}
