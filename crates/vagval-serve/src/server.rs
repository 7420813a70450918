//! The running session: the workshop behind one lock with its journal, the
//! workspace it came from, the groups' locks, the live notifications and
//! the Monte Carlo worker. `submit` is the one door for every change: stage,
//! append to the journal (fsync), commit, notify — so an answer is
//! acknowledged only once it is durably stored.

use crate::results::{self, GroupJudgments};
use crate::roster::{self, Roster};
use crate::workshop::{GroupInfo, Record, Refusal, Workshop};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use vagval_core::group::{GroupOptions, GroupSpec};
use vagval_core::model::Model;
use vagval_core::sensitivity::smaa::{DataSampling, SmaaOptions, SmaaResult, WeightSampling};
use vagval_core::sensitivity::what_if::Change;
use vagval_core::settings::Settings;
use vagval_report::Lang;
use vagval_workspace::context::Context;
use vagval_workspace::diagnostic::Diagnostic;
use vagval_workspace::groups::{GROUPS_DIR, LoadedGroup};
use vagval_workspace::journal::Journal;
use vagval_workspace::questionnaire::{alternative_sets, sibling_sets};
use vagval_workspace::{Workspace, store};

/// The session's folder in the workspace: the roster (tokens), the journal
/// (answers) and the participants' links. Personal data: `--purge` deletes it.
pub const SESSION_DIR: &str = "workshop-session";
pub const JOURNAL: &str = "journal.jsonl";
pub const ROSTER: &str = "roster.json";

/// Monte Carlo samples per refresh.
pub const LIVE_SAMPLES: u64 = 100_000;

pub struct Inner {
    pub workshop: Workshop,
    journal: Journal<Record>,
}

/// Why a change was not stored.
#[derive(Debug)]
pub enum SubmitError {
    Refused(Refusal),
    /// The journal could not store it: nothing was acknowledged.
    Storage(String),
}

/// A rendered page and what it shows: (the workshop's version, the
/// version of the rank acceptabilities in it).
pub type Cached = ((u64, Option<u64>), String);

/// The latest Monte Carlo run over the groups' aggregate.
#[derive(Clone)]
pub struct Acceptability {
    /// The workshop version it was computed for.
    pub version: u64,
    pub result: SmaaResult,
}

pub struct App {
    pub inner: Mutex<Inner>,
    pub version: watch::Sender<u64>,
    pub lang: Lang,
    pub workspace: Workspace,
    pub model: Model,
    pub settings: Settings,
    pub root: PathBuf,
    pub session_dir: PathBuf,
    /// Host header values accepted (DNS rebinding).
    pub hosts: Vec<String>,
    /// The addresses participants' links use.
    pub base_url: String,
    pub group_options: GroupOptions,
    /// A member whose CR exceeds this is left out of their group's judgments.
    pub member_max_cr: Option<f64>,
    pub rate: u32,
    pub acceptability: Mutex<Option<Acceptability>>,
    /// Requests per token in the current second.
    pub rates: Mutex<HashMap<String, (Instant, u32)>>,
    /// A message for the next page a participant (by index) or the
    /// facilitator (`None`) sees, after a redirect.
    pub flash: Mutex<HashMap<Option<usize>, String>>,
    /// The shared screens' live part and the workshop version it shows.
    pub presenter_cache: Mutex<Option<Cached>>,
    _locks: Vec<store::Lock>,
}

pub struct Options {
    pub root: PathBuf,
    pub lang: Lang,
    pub settings: Settings,
    /// Members per group when the session is created: (group or None for
    /// every group, count).
    pub members: Vec<(Option<String>, usize)>,
    pub hosts: Vec<String>,
    pub base_url: String,
    pub member_max_cr: Option<f64>,
    /// POSTs per participant and second (`routes::RATE`).
    pub rate: u32,
    /// Also ask for the alternatives on every leaf the analysts assessed by
    /// pairwise comparison (the groups' own assessments).
    pub alternatives: bool,
}

fn lock_failure(e: std::sync::PoisonError<MutexGuard<'_, Inner>>) -> MutexGuard<'_, Inner> {
    // A panic while holding the lock left the state as the last commit
    // made it (commits do not panic half way); go on with it.
    e.into_inner()
}

impl App {
    /// Opens (or creates) the session of the workspace at `options.root`.
    pub fn open(options: Options) -> Result<Arc<App>, Diagnostic> {
        let workspace = Workspace::load(&options.root)?;
        let model = Model::new(workspace.spec.clone()).map_err(|e| workspace.diagnose(&e))?;
        let mut sets = sibling_sets(&model).map_err(|_| {
            Diagnostic::new(
                "the model has no criteria to compare in pairs",
                "modellen har inga kriterier att jämföra parvis",
            )
        })?;
        if options.alternatives {
            sets.extend(alternative_sets(&model));
        }
        let ctx = Context::new(&workspace, options.settings, options.lang)
            .map_err(|f| f.into_diagnostic())?;
        let set = ctx.groups().map_err(|f| f.into_diagnostic())?;
        if set.loaded.is_empty() {
            let mut diagnostic = Diagnostic::new(
                "the workshop needs the political groups, and this workspace has no group scripts that load",
                "workshopen behöver de politiska grupperna, och arbetsytan har inga gruppskript som går att läsa",
            )
            .hint(
                "add scripts/groups/<id>.lua for each group (`vagval survey --group ID` writes one)",
                "lägg till scripts/groups/<id>.lua för varje grupp (`vagval survey --group ID` skriver ett)",
            );
            if let Some(first) = set.failed.first() {
                diagnostic = first.diagnostic.clone();
            }
            return Err(diagnostic);
        }
        let groups: Vec<GroupInfo> = set
            .loaded
            .iter()
            .map(|g| GroupInfo {
                id: g.spec.id.clone(),
                name: g.spec.name.clone(),
                seats: g.spec.seats,
                assessments: g.spec.assessments.clone(),
            })
            .collect();
        drop(set);
        drop(ctx);
        let root = workspace.root.clone();
        let session_dir = root.join(SESSION_DIR);
        create_private_dir(&session_dir)?;
        // The journal's lock keeps a second server off this session (taken
        // first, so that a second server is told just that).
        let (journal, records) = Journal::<Record>::open(&session_dir.join(JOURNAL))
            .map_err(|e| Diagnostic::in_both(|l| e.message(l)))?;
        // The groups' scripts are the session's to write: `vagval survey`
        // of the same group is refused while it runs.
        let groups_dir = root.join(GROUPS_DIR);
        let mut locks = Vec::new();
        for group in &groups {
            locks.push(store::lock(&groups_dir, &group.id)?);
        }
        let roster_path = session_dir.join(ROSTER);
        let roster = match Roster::read(&roster_path)
            .map_err(|e| Diagnostic::new(e.to_string(), e.to_string()).in_file(&roster_path))?
        {
            Some(roster) => roster,
            None => {
                let counts: Vec<(String, usize)> = groups
                    .iter()
                    .map(|g| {
                        let count = options
                            .members
                            .iter()
                            .rev()
                            .find(|(id, _)| id.as_deref().is_none_or(|id| id == g.id))
                            .map_or(3, |(_, n)| *n);
                        (g.id.clone(), count)
                    })
                    .collect();
                let roster = Roster::new(&counts)
                    .map_err(|e| Diagnostic::new(e.to_string(), e.to_string()))?;
                let text = serde_json::to_vec_pretty(&roster).unwrap_or_default();
                store::write_atomically(&session_dir, ROSTER, &text, false)?;
                restrict(&session_dir.join(ROSTER));
                roster
            }
        };
        let mut workshop = Workshop::new(sets, options.settings, roster, groups);
        // A journal that no longer fits (the criteria changed, or
        // --alternatives differs from the run that wrote it) would lose
        // acknowledged answers silently: refused, saying how to go on.
        let refused = workshop.replay(&records);
        if refused > 0 {
            let path = session_dir.join(JOURNAL);
            return Err(Diagnostic::new(
                format!(
                    "{refused} of the {} stored changes of this session no longer fit the workspace's questions (its criteria changed since, or --alternatives is not as when the session began); starting would lose answers that were acknowledged",
                    records.len()
                ),
                format!(
                    "{refused} av sessionens {} sparade ändringar passar inte längre arbetsytans frågor (kriterierna har ändrats, eller --alternatives är inte som när sessionen började); att starta skulle tappa svar som redan kvitterats",
                    records.len()
                ),
            )
            .in_file(&path)
            .hint(
                "start with the settings and criteria the session began with, or end it with `vagval serve --purge` (its answers are then deleted)",
                "starta med de inställningar och kriterier sessionen började med, eller avsluta den med `vagval serve --purge` (dess svar tas då bort)",
            ));
        }
        let (version, _) = watch::channel(workshop.version);
        let app = Arc::new(App {
            inner: Mutex::new(Inner { workshop, journal }),
            version,
            lang: options.lang,
            model,
            settings: options.settings,
            root,
            session_dir,
            hosts: options.hosts,
            base_url: options.base_url,
            group_options: GroupOptions::default(),
            member_max_cr: options.member_max_cr,
            rate: options.rate,
            acceptability: Mutex::new(None),
            rates: Mutex::new(HashMap::new()),
            flash: Mutex::new(HashMap::new()),
            presenter_cache: Mutex::new(None),
            workspace,
            _locks: locks,
        });
        Ok(app)
    }

    pub fn state(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(lock_failure)
    }

    /// Stages, journals (fsync) and commits `record`; `Ok` only once stored.
    pub fn submit(&self, record: &Record) -> Result<(), SubmitError> {
        let mut inner = self.state();
        let staged = inner.workshop.stage(record).map_err(SubmitError::Refused)?;
        inner
            .journal
            .append(record)
            .map_err(|e| SubmitError::Storage(e.message(self.lang.into())))?;
        inner.workshop.commit(staged);
        let version = inner.workshop.version;
        drop(inner);
        self.version.send_replace(version);
        Ok(())
    }

    pub fn set_flash(&self, who: Option<usize>, text: impl Into<String>) {
        self.flash
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(who, text.into());
    }

    pub fn take_flash(&self, who: Option<usize>) -> Option<String> {
        self.flash
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&who)
    }

    /// At most `per_second` requests per token and second.
    pub fn allow(&self, token: &str, per_second: u32) -> bool {
        let mut rates = self.rates.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let entry = rates.entry(token.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(1) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= per_second
    }

    /// Every group's judgments from its members.
    pub fn group_judgments(&self, w: &Workshop) -> Vec<GroupJudgments> {
        (0..w.groups.len())
            .map(|g| results::group_judgments(w, g, self.member_max_cr))
            .collect()
    }

    /// The groups that have answered every set, as loaded groups (their
    /// script's path is where closing writes them).
    pub fn session_groups(&self, specs: Vec<GroupSpec>) -> Vec<LoadedGroup> {
        specs
            .into_iter()
            .map(|spec| LoadedGroup {
                path: PathBuf::from(GROUPS_DIR).join(format!("{}.lua", spec.id)),
                spec,
            })
            .collect()
    }

    /// A Monte Carlo run over the aggregate of the groups' current
    /// judgments (AIJ), or `None` without a group that answered everything.
    pub fn monte_carlo(&self, specs: &[GroupSpec]) -> Option<SmaaResult> {
        self.monte_carlo_until(specs, &std::sync::atomic::AtomicBool::new(false))
    }

    /// [`App::monte_carlo`] that gives up (`None`) once `cancel` is set: a
    /// newer set of answers supersedes the run.
    pub fn monte_carlo_until(
        &self,
        specs: &[GroupSpec],
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Option<SmaaResult> {
        if specs.is_empty() {
            return None;
        }
        let model = vagval_core::group::aij_model(&self.model, specs, &self.settings).ok()?;
        let ctx = Context::new(&self.workspace, self.settings, self.lang).ok()?;
        let options = SmaaOptions {
            samples: LIVE_SAMPLES,
            seed: 1,
            weights: WeightSampling::Simplex,
            data: DataSampling::Fixed,
        };
        ctx.monte_carlo_until(&model, &options, &|_| {}, cancel)
            .ok()
    }

    /// The report of the session's current state, written atomically to
    /// `<workspace>/workshop-report.html` (the previous one kept as .bak).
    pub fn write_report(&self) -> Result<PathBuf, Diagnostic> {
        let specs = {
            let inner = self.state();
            let w = &inner.workshop;
            results::group_specs(w, &self.group_judgments(w)).0
        };
        let ctx = Context::new(&self.workspace, self.settings, self.lang)
            .map_err(|f| f.into_diagnostic())?
            .with_groups(self.session_groups(specs));
        let options = SmaaOptions {
            samples: LIVE_SAMPLES,
            seed: 1,
            weights: WeightSampling::Simplex,
            data: DataSampling::Fixed,
        };
        let monte_carlo = |model: &Model, options: &SmaaOptions| {
            ctx.monte_carlo(model, options, &|_| {})
                .map_err(vagval_workspace::Failure::from)
        };
        let gathered =
            vagval_workspace::report::gather(&ctx, &self.group_options, &options, monte_carlo)
                .map_err(|f| f.into_diagnostic())?;
        let mut html = Vec::new();
        vagval_report::write_html_report(&mut html, &gathered.data(), self.lang).map_err(|e| {
            Diagnostic::new(
                format!("cannot write the report: {e}"),
                format!("kan inte skriva rapporten: {e}"),
            )
        })?;
        store::write_atomically(&self.root, "workshop-report.html", &html, true)
    }

    /// The council's aggregate (AIJ over the groups that answered every
    /// set) re-ranked with the top-level criteria weighed as `weights` says
    /// (by id, any non-negative numbers, normalised; a criterion not named
    /// weighs 0): (name, score, rank) best first. Nothing is stored.
    /// `None` without such a group, or with every weight 0.
    pub fn rerank(
        &self,
        weights: &std::collections::BTreeMap<String, String>,
    ) -> Option<Vec<(String, f64, usize)>> {
        let (specs, top) = {
            let inner = self.state();
            let w = &inner.workshop;
            let specs = results::group_specs(w, &self.group_judgments(w)).0;
            let top = w.sets.first().filter(|s| s.key.is_none())?.ids.clone();
            (specs, top)
        };
        if specs.is_empty() {
            return None;
        }
        let weights: Vec<(String, f64)> = top
            .iter()
            .map(|id| {
                let v = weights
                    .get(id)
                    .and_then(|t| t.trim().parse::<f64>().ok())
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .unwrap_or(0.0);
                (id.clone(), v)
            })
            .collect();
        let sum: f64 = weights.iter().map(|(_, v)| v).sum();
        if sum <= 0.0 {
            return None;
        }
        let model = vagval_core::group::aij_model(&self.model, &specs, &self.settings).ok()?;
        let evaluation = vagval_core::evaluate(&model, &self.settings).ok()?;
        let changes: Vec<Change> = weights
            .into_iter()
            .map(|(criterion, v)| Change::Weight {
                criterion,
                weight: v / sum,
            })
            .collect();
        let changed =
            vagval_core::sensitivity::what_if::apply(&model, &evaluation, &changes).ok()?;
        let after = vagval_core::evaluate(&changed, &self.settings).ok()?;
        let mut ranking: Vec<(String, f64, usize)> = after
            .alternatives
            .iter()
            .map(|a| (a.name.clone(), a.score, a.rank))
            .collect();
        ranking.sort_by_key(|r| r.2);
        Some(ranking)
    }

    /// Writes each group that has answered every set to
    /// `scripts/groups/<id>.lua` (atomically, the old file kept as .bak);
    /// returns the paths written and the ids of groups not written.
    pub fn export(&self) -> Result<(Vec<PathBuf>, Vec<String>), Diagnostic> {
        let inner = self.state();
        let w = &inner.workshop;
        let judged = self.group_judgments(w);
        let dir = self.root.join(GROUPS_DIR);
        let mut written = Vec::new();
        let mut waiting = Vec::new();
        for g in &judged {
            if !g.complete(w) {
                waiting.push(w.groups[g.group].id.clone());
                continue;
            }
            let text = crate::export::group_script(w, g, self.lang);
            let id = &w.groups[g.group].id;
            // The script is written where it is, never through a link
            // (which could point out of the workspace).
            let target = dir.join(format!("{id}.lua"));
            if fs::symlink_metadata(&target).is_ok_and(|m| !m.file_type().is_file()) {
                return Err(Diagnostic::new(
                    format!("{} is not a regular file (a link, a folder or a device); the group's script is not written through it", target.display()),
                    format!("{} är ingen vanlig fil (en länk, en mapp eller en enhet); gruppens skript skrivs inte genom den", target.display()),
                )
                .in_file(&target)
                .hint("move it away and close the session again", "flytta undan den och avsluta sessionen igen"));
            }
            written.push(store::write_atomically(
                &dir,
                &format!("{id}.lua"),
                text.as_bytes(),
                true,
            )?);
        }
        Ok((written, waiting))
    }
}

/// Deletes the session folder of the workspace at `root` (its roster and
/// journal: the participants' personal data). Refused while a server runs.
pub fn purge(root: &Path) -> Result<Option<PathBuf>, Diagnostic> {
    let dir = root.join(SESSION_DIR);
    if !dir.exists() {
        return Ok(None);
    }
    // Taking the journal's lock proves no server holds the session.
    let journal = dir.join(JOURNAL);
    if journal.exists() {
        let held =
            Journal::<Record>::open(&journal).map_err(|e| Diagnostic::in_both(|l| e.message(l)))?;
        drop(held);
    }
    fs::remove_dir_all(&dir).map_err(|e| {
        Diagnostic::new(
            format!("cannot delete {}: {e}", dir.display()),
            format!("kan inte ta bort {}: {e}", dir.display()),
        )
    })?;
    Ok(Some(dir))
}

fn create_private_dir(dir: &Path) -> Result<(), Diagnostic> {
    fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::new(
            format!("cannot create the folder {}: {e}", dir.display()),
            format!("kan inte skapa mappen {}: {e}", dir.display()),
        )
        .in_file(dir)
    })?;
    restrict(dir);
    let readme = dir.join("README.txt");
    if !readme.exists() {
        let text = "Denna mapp hör till `vagval serve`: deltagarnas länkar (roster.json) och svar (journal.jsonl).\n\
                    Politiska åsikter är känsliga personuppgifter. `vagval serve --purge` tar bort mappen.\n\n\
                    This folder belongs to `vagval serve`: the participants' links (roster.json) and answers (journal.jsonl).\n\
                    Political opinions are special-category personal data. `vagval serve --purge` deletes this folder.\n";
        store::write_atomically(dir, "README.txt", text.as_bytes(), false)?;
    }
    Ok(())
}

/// Owner-only permissions (the roster holds the participants' tokens).
fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
}

/// A participant's personal link.
pub fn link(base: &str, participant: &roster::Participant) -> String {
    format!("{base}/j/{}", participant.token)
}
