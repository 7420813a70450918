//! The survey as a session that never blocks: `prompt` says what is asked
//! now, `answer` takes one answer and says what follows. A front end is a
//! loop around it — the terminal prints the prompt and reads a line, the
//! web workshop shows a page and takes a request — and the dialogue is the
//! same in both.
//!
//! The files are the front end's `SurveyStore`, passed to `open` and
//! `answer`, not effects returned for the front end to perform: an answer
//! is saved in the draft in the middle of a step (after it is recorded,
//! before its advice is said; a failure ends the survey there) and the
//! script is written before its summary is said, so a step done by halves
//! could only be wrong, and a front end that forgot an effect would
//! acknowledge an answer that was never stored. With the store passed in,
//! `answer` returns only once the answer is kept.

use super::answers::{
    Command, RevisitChoice, Which, parse_command, parse_magnitude, parse_revisit, parse_seats,
    parse_which,
};
use super::ask;
use super::rules::{
    check_name, draft_answer, read_existing, recorded, sets_error, validate_script,
};
use super::script::lua_script;
use super::words::{
    advice_text, heading, help, how_much_question, revisit_intro, revisit_offer, revisit_outcome,
    revisit_refused, summary, which_question, which_refused,
};
use super::{Options, SurveyStore, check_group_id, end_of_input};
use crate::diagnostic::Diagnostic;
use crate::groups::GROUPS_DIR;
use crate::questionnaire::{
    Offer, Question, Questionnaire, Recorded, Reply, RevisitReply, Step, sibling_sets,
};
use crate::store::{self, DRAFT_VERSION, Draft};
use std::fs;
use std::path::{Path, PathBuf};
use vagval_core::assessment::WeightsSpec;
use vagval_core::model::Model;
use vagval_core::pairwise::Judgment;
use vagval_core::settings::Settings;
use vagval_report::Lang;

/// What is asked now.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    /// The question in the survey's language (lines separated by `\n`).
    pub question: String,
    pub expects: Expect,
    /// Pairs answered or skipped, and pairs in all.
    pub progress: (usize, usize),
}

/// The kind of answer a prompt expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// Resume the draft? `j`/`y` (or Enter) or `n`.
    Resume,
    /// The group's name (Enter keeps the existing script's).
    Name,
    /// The seats, a whole number ≥ 1 (Enter keeps the existing script's).
    Seats,
    /// Which of the pair matters more: `1`, `2` or `=`; `<` back, `-`
    /// skip, `?` help; Enter keeps `question.current`.
    Which(Question),
    /// How much more: a word of the scale or 1–9; `<` back to "which".
    HowMuch(Question),
    /// An answer offered again: Enter keeps, `f`/`s` takes the suggestion,
    /// or a new value; `<` goes back.
    Revisit(Offer),
}

/// What follows an answer.
#[derive(Debug)]
pub struct Response {
    /// What to show, in order: each a message (lines separated by `\n`).
    pub said: Vec<String>,
    /// The answers so far were saved in the draft by this answer.
    pub saved: bool,
    pub outcome: Outcome,
}

#[derive(Debug)]
pub enum Outcome {
    /// The survey goes on: this is asked (as `prompt` says).
    Asking(Prompt),
    /// The script was written (here): the survey is done.
    Written(PathBuf),
    /// The survey cannot go on (nothing more is asked).
    Failed(Diagnostic),
}

#[derive(Debug, Clone)]
enum Stage {
    /// Not opened yet, or over.
    Closed,
    Resume(Draft),
    Name,
    Seats,
    Which(Question),
    HowMuch(Question, Which),
    Revisit(Offer),
}

/// One group's survey: the questionnaire, the name and seats, what is
/// asked now and what was shown.
#[derive(Debug, Clone)]
pub struct SurveySession {
    root: PathBuf,
    model: Model,
    settings: Settings,
    lang: Lang,
    group: String,
    q: Questionnaire,
    name: Option<String>,
    seats: Option<u32>,
    /// The name and seats of the script being replaced: Enter keeps them.
    old_name: Option<String>,
    old_seats: Option<u32>,
    /// The group's own judgments of the alternatives, kept from the script
    /// being replaced.
    assessments: Vec<(String, Vec<Judgment>)>,
    stage: Stage,
    /// The set whose heading was shown last (`None` after a back).
    heading_shown: Option<usize>,
    /// A draft holds this survey's answers (one was found or an answer was
    /// saved), so that an end of input says truly what was kept.
    in_draft: bool,
}

impl SurveySession {
    /// A survey of `options.group` in the workspace at `root`, checked
    /// before anything is asked: the group id, a name and seats given, that
    /// there is something to ask, and that the script may be written at
    /// `scripts/groups/<group>.lua` (inside the workspace, not a folder or
    /// a device). The CR is computed with `settings`.
    pub fn new(
        root: &Path,
        model: Model,
        settings: Settings,
        options: &Options,
    ) -> Result<SurveySession, Diagnostic> {
        let group = options.group.as_str();
        check_group_id(group)?;
        if let Some(name) = &options.name {
            if name.trim().is_empty() {
                return Err(
                    Diagnostic::new("the group's name is empty", "gruppens namn är tomt").hint(
                        "give --name a name, or leave it out to be asked",
                        "ge --name ett namn, eller utelämna det så frågar enkäten efter det",
                    ),
                );
            }
            check_name(root, &model, group, name)?;
        }
        if options.seats == Some(0) {
            return Err(Diagnostic::new(
                "the seats must be a whole number of at least 1, got 0",
                "antalet mandat måste vara ett heltal, minst 1, men är 0",
            ));
        }
        let sets = sibling_sets(&model).map_err(sets_error)?;
        let target = script_path(root, group);
        store::check_inside(root, &target)?;
        // A folder, FIFO or device there cannot become a script (and reading
        // a FIFO for its answers would wait for ever): refused before any
        // question.
        if let Ok(metadata) = fs::metadata(&target)
            && !metadata.is_file()
        {
            let shown = target.display();
            return Err(Diagnostic::new(
                format!("{shown} is not a regular file"),
                format!("{shown} är inte en vanlig fil"),
            )
            .in_file(&target)
            .hint(
                "move it away; the survey writes the group's script there",
                "flytta undan den; enkäten skriver gruppens skript där",
            ));
        }
        Ok(SurveySession {
            root: root.to_path_buf(),
            q: Questionnaire::new(sets, settings),
            model,
            settings,
            lang: options.lang,
            group: group.to_string(),
            name: options.name.clone(),
            seats: options.seats,
            old_name: None,
            old_seats: None,
            assessments: Vec::new(),
            stage: Stage::Closed,
            heading_shown: None,
            in_draft: false,
        })
    }

    /// Begins: the opening words, an existing script's answers as the
    /// start, a draft in `store` offered for resuming, then the first
    /// question.
    pub fn open(&mut self, store: &mut dyn SurveyStore) -> Response {
        let mut said = vec![ask::intro(self.lang, &self.group, self.model.goal())];
        let result = self.start_from_existing(&mut said).and_then(|()| {
            match store.read_draft(&self.group)? {
                Some(draft) => {
                    // It stays until an answer replaces it, resumed or not.
                    self.in_draft = true;
                    self.stage = Stage::Resume(draft);
                    Ok(None)
                }
                None => self.ask_identity(&mut said, store),
            }
        });
        self.respond(said, false, result)
    }

    /// What is asked now; `None` before `open` and once the survey is over.
    pub fn prompt(&self) -> Option<Prompt> {
        let lang = self.lang;
        let (question, expects) = match &self.stage {
            Stage::Closed => return None,
            Stage::Resume(draft) => (
                ask::resume_question(lang, draft.answers.len()),
                Expect::Resume,
            ),
            Stage::Name => (
                ask::name_question(lang, self.old_name.as_deref()),
                Expect::Name,
            ),
            Stage::Seats => (ask::seats_question(lang, self.old_seats), Expect::Seats),
            Stage::Which(question) => (
                which_question(lang, &self.q, question),
                Expect::Which(question.clone()),
            ),
            Stage::HowMuch(question, _) => {
                (how_much_question(lang), Expect::HowMuch(question.clone()))
            }
            Stage::Revisit(offer) => (
                revisit_offer(lang, &self.q, offer).1,
                Expect::Revisit(offer.clone()),
            ),
        };
        Some(Prompt {
            question,
            expects,
            progress: self.q.progress(),
        })
    }

    /// Takes the answer to the prompt (trimmed here); an answer not
    /// understood is said so and the same prompt stands. An answer that
    /// changes the answers is saved in the draft in `store` before this
    /// returns; the last one writes the script through it.
    pub fn answer(&mut self, input: &str, store: &mut dyn SurveyStore) -> Response {
        let input = input.trim();
        let mut said = Vec::new();
        let mut saved = false;
        let result = match self.stage.clone() {
            Stage::Closed => Ok(None),
            Stage::Resume(draft) => self.resume(draft, input, &mut said, store),
            Stage::Name => self.take_name(input, &mut said, store),
            Stage::Seats => self.take_seats(input, &mut said, store),
            Stage::Which(question) => self.which(question, input, &mut said, &mut saved, store),
            Stage::HowMuch(question, which) => {
                self.how_much(question, which, input, &mut said, &mut saved, store)
            }
            Stage::Revisit(_) => self.revisit(input, &mut said, &mut saved, store),
        };
        self.respond(said, saved, result)
    }

    /// Why the survey ends when no more answers come (the end of input, a
    /// closed page): nothing kept, or the answers so far in a draft.
    pub fn end_of_input(&self) -> Diagnostic {
        end_of_input(self.in_draft)
    }

    /// The questionnaire as answered so far.
    pub fn questionnaire(&self) -> &Questionnaire {
        &self.q
    }

    fn respond(
        &mut self,
        said: Vec<String>,
        saved: bool,
        result: Result<Option<PathBuf>, Diagnostic>,
    ) -> Response {
        let outcome = match result {
            Ok(Some(path)) => Outcome::Written(path),
            Ok(None) => match self.prompt() {
                Some(prompt) => Outcome::Asking(prompt),
                None => Outcome::Failed(Diagnostic::new(
                    "the survey is over or not yet open",
                    "enkäten är slut eller inte öppnad än",
                )),
            },
            Err(error) => Outcome::Failed(error),
        };
        if !matches!(outcome, Outcome::Asking(_)) {
            self.stage = Stage::Closed;
        }
        Response {
            said,
            saved,
            outcome,
        }
    }

    /// An existing script: its answers become the questionnaire's current
    /// ones; one that cannot be read is named, and the survey starts afresh.
    fn start_from_existing(&mut self, said: &mut Vec<String>) -> Result<(), Diagnostic> {
        let (lang, group) = (self.lang, self.group.as_str());
        let target = script_path(&self.root, group);
        if !target.exists() {
            return Ok(());
        }
        let shown_target = Path::new(GROUPS_DIR).join(format!("{group}.lua"));
        let shown_target = shown_target.display().to_string();
        match read_existing(&self.root, &self.model, group, &target) {
            Ok(spec) => {
                for (site, weights) in &spec.weights {
                    if let WeightsSpec::Judgments(judgments) = weights {
                        self.q.set_current(site, judgments);
                    }
                }
                said.push(ask::existing_read(lang, &shown_target, group));
                self.old_name = Some(spec.name.clone());
                self.old_seats = Some(spec.seats)
                    .filter(|s| s.fract() == 0.0 && *s >= 1.0 && *s <= f64::from(u32::MAX))
                    .map(|s| s as u32);
                self.assessments = spec.assessments;
            }
            Err(error) => {
                let why = error.render_in(lang);
                said.push(ask::existing_unreadable(
                    lang,
                    &shown_target,
                    group,
                    why.trim_end(),
                ));
            }
        }
        Ok(())
    }

    fn resume(
        &mut self,
        draft: Draft,
        input: &str,
        said: &mut Vec<String>,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        match ask::parse_yes_no(input) {
            None => {
                said.push(ask::yes_no_refused(self.lang).to_string());
                return Ok(None);
            }
            Some(true) => {
                let record: Vec<Recorded> = draft.answers.iter().filter_map(recorded).collect();
                let applied = self.q.replay(&record);
                self.name = self.name.take().or(draft.name);
                self.seats = self.seats.or(draft.seats);
                let dropped = draft.answers.len().saturating_sub(applied);
                said.extend(ask::resumed(self.lang, self.q.progress(), dropped));
            }
            Some(false) => said.push(ask::afresh(self.lang).to_string()),
        }
        self.ask_identity(said, store)
    }

    /// Asks the name, then the seats, unless known; then the questions.
    fn ask_identity(
        &mut self,
        said: &mut Vec<String>,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        if self.name.is_none() {
            self.stage = Stage::Name;
        } else if self.seats.is_none() {
            self.stage = Stage::Seats;
        } else {
            return self.advance(said, store);
        }
        Ok(None)
    }

    fn take_name(
        &mut self,
        input: &str,
        said: &mut Vec<String>,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        let name = match (input.is_empty(), &self.old_name) {
            (true, Some(name)) => name.clone(),
            (true, None) => {
                said.push(ask::name_missing(self.lang).to_string());
                return Ok(None);
            }
            (false, _) => input.to_string(),
        };
        match check_name(&self.root, &self.model, &self.group, &name) {
            Ok(()) => {
                self.name = Some(name);
                self.ask_identity(said, store)
            }
            Err(d) => {
                said.push(d.render_in(self.lang).trim_end().to_string());
                Ok(None)
            }
        }
    }

    fn take_seats(
        &mut self,
        input: &str,
        said: &mut Vec<String>,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        let seats = match self.old_seats {
            Some(n) if input.is_empty() => Some(n),
            _ => parse_seats(input),
        };
        let Some(seats) = seats else {
            said.push(ask::seats_refused(self.lang).to_string());
            return Ok(None);
        };
        self.seats = Some(seats);
        self.ask_identity(said, store)
    }

    /// The next question or revisit, with its heading; or, when every
    /// question is done, the script written and the group's result.
    fn advance(
        &mut self,
        said: &mut Vec<String>,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        let lang = self.lang;
        match self.q.next_step() {
            Step::Question(question) => {
                if self.heading_shown != Some(question.set) {
                    said.push(heading(lang, &self.q, question.set));
                    self.heading_shown = Some(question.set);
                }
                self.stage = Stage::Which(question);
            }
            Step::Revisit(offer) => {
                said.extend(revisit_intro(lang, &offer));
                said.push(revisit_offer(lang, &self.q, &offer).0);
                self.stage = Stage::Revisit(offer);
            }
            Step::Done => return self.finish(said, store).map(Some),
        }
        Ok(None)
    }

    fn which(
        &mut self,
        question: Question,
        input: &str,
        said: &mut Vec<String>,
        saved: &mut bool,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        if input.is_empty() && question.current.is_some() {
            return self.pair_reply(PairReply::Keep, said, saved, store);
        }
        match parse_command(input) {
            Some(Command::Back) => return self.pair_reply(PairReply::Back, said, saved, store),
            Some(Command::Skip) => return self.pair_reply(PairReply::Skip, said, saved, store),
            Some(Command::Help) => {
                said.extend(help(self.lang, &self.q.sets()[question.set], question.pair));
                return Ok(None);
            }
            None => {}
        }
        match parse_which(input) {
            Some(Which::Equal) => {
                self.pair_reply(PairReply::Answer(Reply::Equal), said, saved, store)
            }
            Some(which) => {
                self.stage = Stage::HowMuch(question, which);
                Ok(None)
            }
            None => {
                said.push(which_refused(self.lang).to_string());
                Ok(None)
            }
        }
    }

    fn how_much(
        &mut self,
        question: Question,
        which: Which,
        input: &str,
        said: &mut Vec<String>,
        saved: &mut bool,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        match parse_command(input) {
            // Back from "how much" is back to "which" of the same pair:
            // nothing of this pair is recorded yet.
            Some(Command::Back) => {
                self.stage = Stage::Which(question);
                return Ok(None);
            }
            Some(Command::Skip) => return self.pair_reply(PairReply::Skip, said, saved, store),
            Some(Command::Help) => {
                said.extend(help(self.lang, &self.q.sets()[question.set], question.pair));
                return Ok(None);
            }
            None => {}
        }
        match parse_magnitude(input) {
            Ok(strength) => {
                let reply = match which {
                    Which::First => Reply::First(strength),
                    Which::Second | Which::Equal => Reply::Second(strength),
                };
                self.pair_reply(PairReply::Answer(reply), said, saved, store)
            }
            Err(refusal) => {
                said.push(refusal.explain(self.lang));
                Ok(None)
            }
        }
    }

    /// A pair's reply applied to the questionnaire, saved, and its advice.
    fn pair_reply(
        &mut self,
        reply: PairReply,
        said: &mut Vec<String>,
        saved: &mut bool,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        let lang = self.lang;
        match reply {
            PairReply::Back => {
                if self.q.back() {
                    self.heading_shown = None;
                    self.save(saved, store)?;
                } else {
                    said.push(ask::nothing_to_go_back_to(lang).to_string());
                }
            }
            PairReply::Skip => match self.q.skip() {
                Ok(()) => self.save(saved, store)?,
                Err(_) => said.push(ask::cannot_skip(lang).to_string()),
            },
            PairReply::Keep | PairReply::Answer(_) => {
                let advice = match reply {
                    PairReply::Answer(reply) => self.q.answer(reply),
                    _ => self.q.keep_current(),
                };
                if let Some(advice) = advice {
                    self.save(saved, store)?;
                    said.extend(advice_text(lang, &self.q, &advice));
                }
            }
        }
        self.advance(said, store)
    }

    /// One offer to revisit a judgment when the answers' CR is too high.
    fn revisit(
        &mut self,
        input: &str,
        said: &mut Vec<String>,
        saved: &mut bool,
        store: &mut dyn SurveyStore,
    ) -> Result<Option<PathBuf>, Diagnostic> {
        let reply = match parse_revisit(input) {
            Ok(RevisitChoice::Keep) => RevisitReply::Keep,
            Ok(RevisitChoice::Suggestion) => RevisitReply::Suggestion,
            Ok(RevisitChoice::New(value)) => RevisitReply::New(value),
            Ok(RevisitChoice::Back) => {
                if self.q.back() {
                    self.heading_shown = None;
                    self.save(saved, store)?;
                }
                return self.advance(said, store);
            }
            Err(refusal) => {
                said.push(revisit_refused(self.lang, refusal).to_string());
                return Ok(None);
            }
        };
        if let Some(outcome) = self.q.revisit(reply) {
            self.save(saved, store)?;
            said.extend(revisit_outcome(self.lang, &outcome));
        }
        self.advance(said, store)
    }

    /// The name and seats, known once the questions are asked.
    fn identity(&self) -> Result<(String, u32), Diagnostic> {
        match (&self.name, self.seats) {
            (Some(name), Some(seats)) => Ok((name.clone(), seats)),
            _ => Err(Diagnostic::new(
                "the survey has no name or seats yet",
                "enkäten har inget namn eller antal mandat än",
            )),
        }
    }

    /// The answers so far into the draft.
    fn save(&mut self, saved: &mut bool, store: &mut dyn SurveyStore) -> Result<(), Diagnostic> {
        let (name, seats) = self.identity()?;
        self.in_draft = true;
        store.save_draft(&Draft {
            version: DRAFT_VERSION,
            group: self.group.clone(),
            name: Some(name),
            seats: Some(seats),
            answers: self.q.record().iter().map(draft_answer).collect(),
        })?;
        *saved = true;
        Ok(())
    }

    /// The script, checked by the loader's own rules before anything is
    /// replaced, written; the group's weights and ranking said.
    fn finish(
        &mut self,
        said: &mut Vec<String>,
        store: &mut dyn SurveyStore,
    ) -> Result<PathBuf, Diagnostic> {
        let (name, seats) = self.identity()?;
        let (lang, group) = (self.lang, self.group.as_str());
        let text = lua_script(group, &name, seats, lang, &self.q, &self.assessments);
        let spec = validate_script(&self.root, &self.model, group, text.clone())?;
        let path = store.write_script(group, &text)?;
        said.extend(summary(lang, &self.model, &self.settings, &spec, &name)?);
        said.push(ask::wrote(lang, &path));
        Ok(path)
    }
}

enum PairReply {
    Answer(Reply),
    Keep,
    Back,
    Skip,
}

/// `<root>/scripts/groups/<group>.lua`.
pub(super) fn script_path(root: &Path, group: &str) -> PathBuf {
    root.join(GROUPS_DIR).join(format!("{group}.lua"))
}

#[cfg(test)]
mod tests {
    // ok: test code (unwrap, expect and panic below)
    use super::*;
    use crate::store::DraftAnswer;

    /// The leader example: four top-level criteria, six pairs.
    fn model() -> (PathBuf, Model) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/leader");
        let workspace =
            crate::load::Workspace::load(&root).unwrap_or_else(|d| panic!("{}", d.render()));
        let model = Model::new(workspace.spec.clone()).unwrap_or_else(|e| panic!("{e}"));
        (root, model)
    }

    /// A store in memory: the draft, how often it was saved, the script.
    #[derive(Default)]
    struct Memory {
        draft: Option<Draft>,
        saves: usize,
        script: Option<String>,
    }

    impl SurveyStore for Memory {
        fn read_draft(&mut self, _: &str) -> Result<Option<Draft>, Diagnostic> {
            Ok(self.draft.clone())
        }
        fn save_draft(&mut self, draft: &Draft) -> Result<(), Diagnostic> {
            self.draft = Some(draft.clone());
            self.saves += 1;
            Ok(())
        }
        fn write_script(&mut self, group: &str, text: &str) -> Result<PathBuf, Diagnostic> {
            self.script = Some(text.to_string());
            self.draft = None;
            Ok(PathBuf::from(format!("{group}.lua")))
        }
    }

    fn session(lang: Lang, name: Option<&str>, seats: Option<u32>) -> SurveySession {
        let (root, model) = model();
        let options = Options {
            group: "g".into(),
            lang,
            name: name.map(str::to_string),
            seats,
        };
        SurveySession::new(&root, model, Settings::default(), &options)
            .unwrap_or_else(|d| panic!("{}", d.render()))
    }

    fn asking(response: &Response) -> &Prompt {
        match &response.outcome {
            Outcome::Asking(prompt) => prompt,
            other => panic!("not asking: {other:?}"),
        }
    }

    /// Feeds `answers` in turn; the responses.
    fn feed(s: &mut SurveySession, store: &mut Memory, answers: &[&str]) -> Vec<Response> {
        answers.iter().map(|a| s.answer(a, store)).collect()
    }

    /// Consistent answers to the six pairs of weights 4 : 2 : 1 : 1.
    const CONSISTENT: [&str; 11] = ["1", "2", "1", "4", "1", "4", "1", "2", "1", "2", "="];

    #[test]
    fn a_list_of_answers_asks_name_seats_and_pairs_and_writes_the_group() {
        let mut store = Memory::default();
        let mut s = session(Lang::Sv, None, None);
        assert_eq!(s.prompt(), None, "nothing is asked before open");
        let opened = s.open(&mut store);
        assert!(opened.said[0].starts_with("Enkät för gruppen g: Choose the most suitable leader"));
        let prompt = asking(&opened);
        assert_eq!(
            (prompt.question.as_str(), &prompt.expects, prompt.progress),
            ("Gruppens namn?", &Expect::Name, (0, 6))
        );
        let refused = s.answer("  ", &mut store);
        assert_eq!(refused.said, ["Skriv gruppens namn."]);
        assert_eq!(asking(&refused).expects, Expect::Name);
        let seats = s.answer(" Gröna ", &mut store);
        assert_eq!(asking(&seats).question, "Antal mandat? (ett heltal)");
        let refused = s.answer("0", &mut store);
        assert_eq!(refused.said, [ask::seats_refused(Lang::Sv)]);
        let first = s.answer("5", &mut store);
        assert_eq!(
            first.said,
            ["\nJämför huvudkriterierna (4 st, 6 frågor; 0 av 6 besvarade hittills)."]
        );
        assert!(matches!(asking(&first).expects, Expect::Which(_)));
        assert!(
            asking(&first)
                .question
                .starts_with("[1/6] Vilket är viktigast: ")
        );

        // A pair is two prompts ("which", "how much"), or one for "=".
        let mut answered = 0;
        let (last, asked) = CONSISTENT.split_last().unwrap();
        for answer in asked {
            let response = s.answer(answer, &mut store);
            let prompt = asking(&response);
            match &prompt.expects {
                Expect::Which(question) => {
                    answered += 1;
                    assert!(response.saved);
                    assert_eq!(prompt.progress, (answered, 6));
                    assert_eq!(question.number, answered + 1);
                    let shown = format!("[{}/6] ", answered + 1);
                    assert!(prompt.question.starts_with(&shown), "{prompt:?}");
                    assert_eq!(store.draft.as_ref().unwrap().answers.len(), answered);
                }
                Expect::HowMuch(_) => assert!(!response.saved && response.said.is_empty()),
                other => panic!("{other:?}"),
            }
        }
        let last = s.answer(last, &mut store);
        assert_eq!(answered, 5);
        assert_eq!(store.saves, 6);
        let Outcome::Written(path) = &last.outcome else {
            panic!("{last:?}");
        };
        assert_eq!(path, Path::new("g.lua"));
        assert_eq!(last.said.last().unwrap(), "Skrev g.lua");
        assert!(last.said.iter().any(|l| l.contains("Så här väger Gröna")));
        assert_eq!(s.prompt(), None);
        assert!(store.draft.is_none(), "the draft goes with the script");
        let script = store.script.unwrap();
        assert!(script.contains("name = \"Gröna\""), "{script}");
        assert!(script.contains("seats = 5"), "{script}");
        // The group is the answers: weights 4 : 2 : 1 : 1, consistent.
        let group = s.questionnaire().to_group("g", "Gröna", 5.0);
        let evaluated = group.evaluate(&s.model, &s.settings).unwrap();
        let weights: Vec<f64> = evaluated
            .result
            .evaluation
            .criteria
            .iter()
            .map(|c| c.global_weight)
            .collect();
        for (w, expected) in weights.iter().zip([0.5, 0.25, 0.125, 0.125]) {
            assert!((w - expected).abs() < 1e-9, "{weights:?}");
        }
    }

    #[test]
    fn back_skip_and_help_move_the_questionnaire_and_the_draft() {
        let mut store = Memory::default();
        let mut s = session(Lang::En, Some("Greens"), Some(3));
        let opened = s.open(&mut store);
        assert_eq!(opened.said.len(), 2, "the opening and the heading");
        // Nothing to go back to yet: said, nothing saved.
        let back = s.answer("<", &mut store);
        assert_eq!(back.said, [ask::nothing_to_go_back_to(Lang::En)]);
        assert!(!back.saved);
        // Help names the pair's criteria; the question stands.
        let help = s.answer("?", &mut store);
        assert_eq!(help.said.len(), 2);
        assert!(asking(&help).question.starts_with("[1/6]"));
        // "<" at "how much" goes back to "which" of the same pair.
        let r = feed(&mut s, &mut store, &["1", "<"]);
        assert!(matches!(asking(&r[1]).expects, Expect::Which(_)));
        assert!(asking(&r[1]).question.starts_with("[1/6]"));
        assert_eq!(store.saves, 0);
        // A skip is saved as an answer without a value.
        let skip = s.answer("-", &mut store);
        assert!(skip.saved);
        assert_eq!(asking(&skip).progress, (1, 6));
        assert_eq!(store.draft.as_ref().unwrap().answers[0].value, None);
        // A second skip is fine; a third would cut the first criterion off.
        let r = feed(&mut s, &mut store, &["-", "-"]);
        assert!(r[0].saved);
        assert_eq!(r[1].said, [ask::cannot_skip(Lang::En)]);
        assert!(!r[1].saved);
        assert!(asking(&r[1]).question.starts_with("[3/6]"));
        // Back undoes the last skip, saves, and shows the heading again.
        let back = s.answer("back", &mut store);
        assert!(back.saved);
        assert!(back.said[0].starts_with("\nCompare the top-level criteria"));
        assert_eq!(asking(&back).progress, (1, 6));
        assert_eq!(store.draft.as_ref().unwrap().answers.len(), 1);
        assert!(asking(&back).question.starts_with("[2/6]"));
    }

    #[test]
    fn a_draft_is_offered_and_resumed_where_it_stopped() {
        let mut store = Memory::default();
        let mut first = session(Lang::En, None, None);
        first.open(&mut store);
        feed(&mut first, &mut store, &["Greens", "7", "1", "2", "-", "="]);
        assert!(first.end_of_input().render().contains("kept in a draft"));
        let mut draft = store.draft.clone().unwrap();
        assert_eq!(draft.answers.len(), 3);
        // An answer about a criterion that is gone is left out.
        draft.answers.push(DraftAnswer {
            set: "goal".into(),
            first: "age".into(),
            second: "gone".into(),
            value: Some(3.0),
            number: false,
        });
        store.draft = Some(draft);

        let mut again = session(Lang::En, None, None);
        let opened = again.open(&mut store);
        let prompt = asking(&opened);
        assert_eq!(prompt.expects, Expect::Resume);
        assert!(prompt.question.contains("(4 answers)"), "{prompt:?}");
        // Nothing answered in this run, yet a draft is kept.
        assert!(again.end_of_input().render().contains("kept in a draft"));
        let refused = again.answer("perhaps", &mut store);
        assert_eq!(refused.said, ["Please answer y or n."]);
        let resumed = again.answer("Y", &mut store);
        assert_eq!(
            resumed.said[..2],
            [
                "Continuing: 3 of 6 questions answered.",
                "1 answers of the draft concern criteria that no longer exist and were left out."
            ]
        );
        // The draft's name and seats: straight to the fourth pair.
        let prompt = asking(&resumed);
        assert!(prompt.question.starts_with("[4/6]"), "{prompt:?}");
        assert_eq!(prompt.progress, (3, 6));
        assert_eq!(
            (again.name.as_deref(), again.seats),
            (Some("Greens"), Some(7))
        );

        // Declined: afresh, from the first pair, asking the name.
        let mut afresh = session(Lang::Sv, None, None);
        afresh.open(&mut store);
        let declined = afresh.answer("n", &mut store);
        assert_eq!(declined.said, [ask::afresh(Lang::Sv)]);
        assert_eq!(asking(&declined).expects, Expect::Name);
        assert_eq!(asking(&declined).progress, (0, 6));
    }

    #[test]
    fn an_end_before_any_answer_says_nothing_was_kept() {
        let mut store = Memory::default();
        let mut s = session(Lang::En, Some("Greens"), Some(3));
        s.open(&mut store);
        assert!(s.end_of_input().render().contains("no draft was kept"));
        s.answer("=", &mut store);
        assert!(s.end_of_input().render().contains("kept in a draft"));
    }

    #[test]
    fn an_inconsistent_set_is_offered_again_and_a_suggestion_taken() {
        let mut store = Memory::default();
        let mut s = session(Lang::En, Some("Greens"), Some(3));
        s.open(&mut store);
        // A circle: 1 > 2, 2 > 3, 3 > 1, strongly.
        let r = feed(
            &mut s,
            &mut store,
            &["1", "9", "2", "9", "=", "1", "9", "=", "1", "9"],
        );
        let last = r.last().unwrap();
        let Expect::Revisit(offer) = &asking(last).expects else {
            panic!("{last:?}");
        };
        assert!(offer.first_of_round);
        assert!(
            last.said
                .iter()
                .any(|l| l.contains("Revisit the judgments")),
            "{last:?}"
        );
        let before = offer.cr;
        let taken = s.answer("s", &mut store);
        assert!(taken.saved);
        assert!(taken.said[0].starts_with("CR now: "), "{taken:?}");
        let cr = s.questionnaire().analysis(0).unwrap().cr;
        assert!(cr < before, "{cr} {before}");
    }
}
