//! `vagval serve` end to end in a real headless Chromium: the real binary
//! serves a copy of the shipped Tranås workspace; four participants from
//! four groups open their personal links on 360 px phones (each in its own
//! browser context, so with its own cookie) and answer by clicking the
//! radio labels and "Svara", one says "Vet ej", one goes "← Tillbaka";
//! meanwhile the facilitator's page, open at desktop size and never
//! reloaded, must show each participant's progress through the
//! Server-Sent-Events live update. Also checked: no horizontal scrolling at
//! 360 px, every choice and button at least 44 px tall, the cookie out of
//! the page's reach (HttpOnly), no participant's page showing anything of
//! another's, no answer text on the facilitator's page before a reveal, no
//! script errors. Screenshots of a question and of the facilitator's page
//! go to `docs/images/` when `VAGVAL_SAVE_SCREENSHOTS=1`, else to the temp
//! dir.
//!
//! Needs Chromium (`tests/run` installs it) and the `vagval` binary next to
//! this test's directory (`target/debug/vagval`), which it builds with
//! `cargo build -p vagval-cli --bin vagval` when missing or older than the
//! sources; `$VAGVAL_BIN` names another binary. Everything after the build
//! is bounded by two minutes; the server, Chromium and the temp dir are
//! removed on every path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod browser;

use browser::session::{Browser, Page, Viewport};
use browser::{Screenshot, TempDir};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// The whole run, from starting the server to the last check.
const LIMIT: Duration = Duration::from_secs(120);
/// How long one page change (a submitted answer, a live update) may take.
const STEP: Duration = Duration::from_secs(15);

const PHONE: Viewport = Viewport {
    width: 360,
    height: 740,
    scale: 2.0,
    mobile: true,
};
const DESKTOP: Viewport = Viewport {
    width: 1280,
    height: 900,
    scale: 1.0,
    mobile: false,
};

/// Questions per participant: the 36 pairs of the nine criteria.
const TOTAL: usize = 36;

/// The pair a question page asks about, e.g. "Kostnad eller Demokrati".
const PAIR: &str = "document.querySelector('form.question .pair')?.textContent ?? null";

/// What a participant does on one page.
#[derive(Debug, Clone, Copy)]
enum Act {
    /// Click the label of radio `c<k>`, then "Svara".
    Answer(usize),
    /// "Vet ej".
    Skip,
    /// "← Tillbaka".
    Back,
}

struct Plan {
    id: &'static str,
    acts: &'static [Act],
}

const PLANS: &[Plan] = &[
    Plan {
        id: "fiscal-caution-1",
        acts: &[
            Act::Answer(0),
            Act::Answer(1),
            Act::Answer(2),
            Act::Answer(3),
            Act::Answer(4),
        ],
    },
    Plan {
        id: "local-control-1",
        acts: &[
            Act::Answer(8),
            Act::Answer(7),
            Act::Skip,
            Act::Answer(6),
            Act::Answer(5),
        ],
    },
    Plan {
        id: "regional-cooperation-1",
        acts: &[
            Act::Answer(4),
            Act::Answer(3),
            Act::Answer(2),
            Act::Answer(1),
            Act::Answer(0),
            Act::Back,
            Act::Answer(8),
        ],
    },
    Plan {
        id: "security-first-2",
        acts: &[
            Act::Answer(2),
            Act::Answer(6),
            Act::Answer(4),
            Act::Answer(5),
            Act::Answer(3),
        ],
    },
];

/// The participant, and the act before which, whose question page is the
/// documentation's screenshot (with the choice of that act selected).
const SHOT_AT: (usize, usize) = (0, 2);

#[test]
fn workshop_answers_reach_the_facilitator_live() {
    let vagval = vagval_binary().unwrap_or_else(|e| panic!("{e}"));
    let tmp = TempDir::new("serve-browser").unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    // The server and Chromium live inside `run`: both are gone when it
    // returns or unwinds, before the temp dir is removed.
    if let Err(e) = run(&vagval, tmp.path(), started + LIMIT) {
        panic!("{e}");
    }
    assert!(
        started.elapsed() < LIMIT,
        "took {:?}, over the limit of {LIMIT:?}",
        started.elapsed()
    );
}

fn run(vagval: &Path, tmp: &Path, deadline: Instant) -> Result<(), String> {
    let root = repo_root();
    let workspace = tmp.join("tranas");
    std::fs::create_dir(&workspace)
        .map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    for item in ["vagval.toml", "criteria", "scripts"] {
        copy_recursively(&root.join(item), &workspace.join(item))?;
    }
    let server = Server::start(vagval, &workspace, &tmp.join("server.stderr"), deadline)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    let links = read_links(&workspace.join("workshop-session/links.txt"))?;
    if links.len() != 8 {
        return Err(format!(
            "expected 8 links (4 groups × --members 2), got {links:?}"
        ));
    }
    let everyone: Vec<&str> = links.iter().map(|(id, _)| id.as_str()).collect();

    let mut b = Browser::launch(deadline)?;
    let result = drive(&mut b, &base, &links, &everyone, tmp);
    result.map_err(|e| {
        format!(
            "{e}\n--- the server's stderr ---\n{}\n--- Chromium's stderr (last lines) ---\n{}",
            std::fs::read_to_string(&server.stderr_log).unwrap_or_default(),
            b.stderr_tail()
        )
    })
}

fn drive(
    b: &mut Browser,
    base: &str,
    links: &[(String, String)],
    everyone: &[&str],
    tmp: &Path,
) -> Result<(), String> {
    // The facilitator: loopback needs no cookie. The page is never reloaded:
    // a reload would drop this marker.
    let facilitator = b.new_page(DESKTOP)?;
    b.navigate(&facilitator, &format!("{base}/control"))?;
    b.wait_for(
        &facilitator,
        "location.pathname === '/control' && document.readyState === 'complete' \
         && document.querySelector('#live') !== null",
        STEP,
    )?;
    b.eval(&facilitator, "window.__vagvalNotReloaded = true")?;
    for id in everyone {
        live_shows(b, &facilitator, &format!("{id}: 0/{TOTAL}"))?;
    }

    let mut doc_shot = None;
    for (n, plan) in PLANS.iter().enumerate() {
        let (_, link) = links
            .iter()
            .find(|(id, _)| id == plan.id)
            .ok_or_else(|| format!("no link for {}", plan.id))?;
        let page = b.new_page(PHONE)?;
        b.navigate(&page, link)?;
        wait_question(b, &page, 1)?;
        let where_ = b.eval(
            &page,
            "location.pathname + location.search + '|' + document.cookie",
        )?;
        if where_ != Value::String("/q|".to_owned()) {
            return Err(format!(
                "{}: the link should leave the participant on /q with the cookie out of \
                 the page's reach (HttpOnly), got {where_}",
                plan.id
            ));
        }
        check_phone_layout(b, &page, plan.id)?;

        // The pair of each answer (or skip) still standing, in order.
        let mut answered: Vec<Value> = Vec::new();
        for (k, act) in plan.acts.iter().enumerate() {
            let done = answered.len();
            let pair = b.eval(&page, PAIR)?;
            match *act {
                Act::Answer(choice) => {
                    let label = format!("label[for=\"c{choice}\"]");
                    b.click(&page, &label)?;
                    let checked = b.eval(
                        &page,
                        &format!("document.getElementById('c{choice}').checked"),
                    )?;
                    if checked != Value::Bool(true) {
                        return Err(format!(
                            "{}: clicking {label} did not select its radio",
                            plan.id
                        ));
                    }
                    // Each participant's first answer carries a rationale
                    // no one else may see.
                    if k == 0 {
                        b.click(&page, "#comment")?;
                        b.insert_text(&page, &comment_of(plan.id))?;
                    }
                    if (n, k) == SHOT_AT {
                        b.eval(&page, "window.scrollTo(0, 0)")?;
                        doc_shot = Some(b.screenshot(&page)?);
                    }
                    expect_text(b, &page, "form.question button.primary", "Svara")?;
                    b.click(&page, "form.question button.primary")?;
                    wait_question(b, &page, done + 2)?;
                    answered.push(pair);
                }
                Act::Skip => {
                    expect_text(b, &page, "button[value=\"skip\"]", "Vet ej")?;
                    b.click(&page, "button[value=\"skip\"]")?;
                    wait_question(b, &page, done + 2)?;
                    answered.push(pair);
                }
                Act::Back => {
                    expect_text(b, &page, "form.back button", "← Tillbaka")?;
                    b.click(&page, "form.back button")?;
                    wait_question(b, &page, done)?;
                    // The previous question again.
                    let previous = answered.pop().ok_or("nothing to go back to")?;
                    let now = b.eval(&page, PAIR)?;
                    if now != previous {
                        return Err(format!(
                            "{}: ← Tillbaka should ask {previous} again, asks {now}",
                            plan.id
                        ));
                    }
                }
            }
            // The facilitator's page, untouched, follows.
            live_shows(
                b,
                &facilitator,
                &format!("{}: {}/{TOTAL}", plan.id, answered.len()),
            )?;
        }
        check_phone_layout(b, &page, plan.id)?;
        check_private(b, &page, plan.id, links)?;
    }

    // Everyone's progress at once, still without a reload.
    for plan in PLANS {
        let done = plan.acts.iter().fold(0_usize, |n, act| match act {
            Act::Back => n - 1,
            _ => n + 1,
        });
        live_shows(b, &facilitator, &format!("{}: {done}/{TOTAL}", plan.id))?;
    }
    let live = b.eval(&facilitator, "document.querySelector('#live').innerText")?;
    let live = live.as_str().unwrap_or_default().to_owned();
    for plan in PLANS {
        if live.contains(&comment_of(plan.id)) {
            return Err(format!(
                "the facilitator's page shows {}'s rationale before any reveal:\n{live}",
                plan.id
            ));
        }
    }
    // The browser asks for /favicon.ico by itself; the server has none.
    let problems: Vec<String> = b
        .problems()
        .into_iter()
        .filter(|p| !p.contains("/favicon.ico"))
        .collect();
    if !problems.is_empty() {
        return Err(format!("the pages reported problems: {problems:#?}"));
    }

    // Screenshots.
    b.eval(&facilitator, "window.scrollTo(0, 0)")?;
    let facilitator_shot = b.screenshot(&facilitator)?;
    let question_shot = doc_shot.ok_or("no question screenshot was taken")?;
    let save = std::env::var("VAGVAL_SAVE_SCREENSHOTS").is_ok_and(|v| v == "1");
    let dir = if save {
        repo_root().join("docs/images")
    } else {
        tmp.to_path_buf()
    };
    for (shot, name, size) in [
        (&question_shot, "workshop-question-360.png", (720, 1480)),
        (&facilitator_shot, "workshop-facilitator.png", (1280, 900)),
    ] {
        let path = dir.join(name);
        shot.save(&path)?;
        check_drawn(shot, name, size)?;
    }
    Ok(())
}

/// The participant's rationale on their first answer: a marker no one else
/// may see.
fn comment_of(id: &str) -> String {
    format!("Motivering från {id}")
}

/// Waits until the page shows question `k` (1-based) of [`TOTAL`].
fn wait_question(b: &mut Browser, page: &Page, k: usize) -> Result<(), String> {
    b.wait_for(
        page,
        &format!(
            "location.pathname === '/q' && document.readyState === 'complete' \
             && document.querySelector('form.question') !== null \
             && document.querySelector('.progress')?.textContent === 'Fråga {k} av {TOTAL}'"
        ),
        STEP,
    )
    .map_err(|e| {
        let text = b
            .eval(page, "document.body ? document.body.innerText : ''")
            .unwrap_or_default();
        format!("the participant's page did not reach question {k}: {e}\nit shows:\n{text}")
    })
}

/// Waits until the facilitator's `#live` text contains `needle`, then
/// checks the page was not reloaded for it.
fn live_shows(b: &mut Browser, facilitator: &Page, needle: &str) -> Result<(), String> {
    let needle_js = Value::String(needle.to_owned()).to_string();
    b.wait_for(
        facilitator,
        &format!("document.querySelector('#live').innerText.includes({needle_js})"),
        STEP,
    )
    .map_err(|e| {
        let text = b
            .eval(facilitator, "document.querySelector('#live').innerText")
            .unwrap_or_default();
        format!("the facilitator's live part never showed {needle:?}: {e}\nit shows:\n{text}")
    })?;
    let kept = b.eval(facilitator, "window.__vagvalNotReloaded === true")?;
    if kept != Value::Bool(true) {
        return Err(format!(
            "the facilitator's page was reloaded (showing {needle:?}); it must update in place"
        ));
    }
    Ok(())
}

fn expect_text(b: &mut Browser, page: &Page, selector: &str, text: &str) -> Result<(), String> {
    let selector_js = Value::String(selector.to_owned()).to_string();
    let found = b.eval(
        page,
        &format!("document.querySelector({selector_js})?.textContent.trim() ?? null"),
    )?;
    if found == Value::String(text.to_owned()) {
        Ok(())
    } else {
        Err(format!("{selector} should say {text:?}, found {found}"))
    }
}

/// No horizontal scrolling at 360 px; every choice and button at least
/// 44 px tall; the nine choices there.
fn check_phone_layout(b: &mut Browser, page: &Page, who: &str) -> Result<(), String> {
    let found = b.eval(
        page,
        "(() => { const small = []; let labels = 0; \
         for (const e of document.querySelectorAll('label.choice, button')) { \
           if (e.matches('label.choice')) labels++; \
           const h = e.getBoundingClientRect().height; \
           if (h < 44) small.push(e.textContent.trim() + ': ' + h); } \
         return { width: window.innerWidth, scroll: document.documentElement.scrollWidth, \
                  body: document.body.scrollWidth, labels, small }; })()",
    )?;
    let problem = if found["width"] != 360 {
        Some("the viewport is not 360 px wide")
    } else if found["scroll"].as_u64().is_none_or(|w| w > 360)
        || found["body"].as_u64().is_none_or(|w| w > 360)
    {
        Some("the page scrolls sideways at 360 px")
    } else if found["labels"] != 9 {
        Some("the question should offer nine labelled choices")
    } else if found["small"].as_array().is_none_or(|s| !s.is_empty()) {
        Some("touch targets under 44 px")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(format!("{who}: {problem}: {found}")),
        None => Ok(()),
    }
}

/// The participant's page names no other participant and shows none of
/// their rationales or links.
fn check_private(
    b: &mut Browser,
    page: &Page,
    who: &str,
    links: &[(String, String)],
) -> Result<(), String> {
    let dom = b.eval(page, "document.documentElement.outerHTML")?;
    let dom = dom.as_str().unwrap_or_default();
    for (other, link) in links.iter().filter(|(id, _)| id != who) {
        let token = link.rsplit('/').next().unwrap_or_default();
        let leaks = [other.clone(), comment_of(other), token.to_owned()];
        if let Some(leak) = leaks
            .iter()
            .find(|l| !l.is_empty() && dom.contains(l.as_str()))
        {
            return Err(format!("{who}'s page shows {leak:?}, which is {other}'s"));
        }
    }
    Ok(())
}

fn check_drawn(shot: &Screenshot, name: &str, size: (u32, u32)) -> Result<(), String> {
    if (shot.width, shot.height) != size {
        return Err(format!(
            "{name}: {}×{} px, expected {}×{}",
            shot.width, shot.height, size.0, size.1
        ));
    }
    if shot.is_blank() || shot.distinct_colours() < 16 || shot.non_background_fraction() < 0.02 {
        return Err(format!(
            "{name} looks blank: {} colours, {:.3} not background",
            shot.distinct_colours(),
            shot.non_background_fraction()
        ));
    }
    // The page is white with the theme's blue somewhere (the primary
    // button on a question, links on the facilitator's page).
    if shot.background().map(|c| c[..3] == [255, 255, 255]) != Some(true) {
        return Err(format!("{name}: the background is not white"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// `vagval serve` as a child process, killed on drop.
struct Server {
    child: Child,
    port: u16,
    stderr_log: PathBuf,
}

impl Server {
    fn start(
        vagval: &Path,
        workspace: &Path,
        stderr_log: &Path,
        deadline: Instant,
    ) -> Result<Self, String> {
        let stderr = std::fs::File::create(stderr_log)
            .map_err(|e| format!("cannot create {}: {e}", stderr_log.display()))?;
        let mut child = Command::new(vagval)
            .arg("serve")
            .arg("--workspace")
            .arg(workspace)
            .args(["--port", "0", "--members", "2", "--lang", "sv"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", vagval.display()))?;
        let stdout = child.stdout.take();
        // From here the child is killed however this ends.
        let mut server = Self {
            child,
            port: 0,
            stderr_log: stderr_log.to_path_buf(),
        };
        let stdout = stdout.ok_or("the server's stdout was not piped")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keeps reading so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                let _ = tx.send(line);
            }
        });
        let wait = deadline.saturating_duration_since(Instant::now());
        let first = rx.recv_timeout(wait).map_err(|_| {
            format!(
                "vagval serve printed no address: {}",
                std::fs::read_to_string(stderr_log).unwrap_or_default()
            )
        })?;
        server.port = first
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix("/control"))
            .and_then(|port| port.parse().ok())
            .ok_or_else(|| format!("unexpected first line from vagval serve: {first:?}"))?;
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ID<TAB>URL` lines of `links.txt`, without group headings.
fn read_links(path: &Path) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, url)| (id.to_owned(), url.to_owned()))
        .collect())
}

// ---------------------------------------------------------------------------
// The binary and the workspace
// ---------------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// `$VAGVAL_BIN`, else `vagval` in the target directory this test runs
/// from (`target/debug/deps/serve_browser-… → target/debug/vagval`),
/// built first when missing or older than a source file.
fn vagval_binary() -> Result<PathBuf, String> {
    if let Some(explicit) = std::env::var_os("VAGVAL_BIN").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(explicit));
    }
    let exe = std::env::current_exe().map_err(|e| format!("no current exe: {e}"))?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| format!("unexpected test location {}", exe.display()))?;
    let bin = profile_dir.join(format!("vagval{}", std::env::consts::EXE_SUFFIX));
    let built = std::fs::metadata(&bin).and_then(|m| m.modified()).ok();
    let newest = newest_source(&repo_root().join("crates"));
    if built.is_some_and(|b| newest.is_none_or(|n| n <= b)) {
        return Ok(bin);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(&cargo)
        .args(["build", "-p", "vagval-cli", "--bin", "vagval"])
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run cargo to build vagval: {e}"))?;
    let until = Instant::now() + Duration::from_secs(900);
    let status = loop {
        match build.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = build.kill();
                let _ = build.wait();
                return Err("cargo build -p vagval-cli --bin vagval took over 15 minutes".into());
            }
        }
    };
    if !status.success() || !bin.is_file() {
        return Err(format!(
            "cargo build -p vagval-cli --bin vagval failed ({status}); {} is missing",
            bin.display()
        ));
    }
    Ok(bin)
}

/// The newest modification time of the crates' sources and assets.
fn newest_source(dir: &Path) -> Option<SystemTime> {
    let mut newest = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                // A crate's tests do not go into the binary.
                if !path.ends_with("tests") {
                    stack.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| ["rs", "js", "css", "toml", "lua"].iter().any(|x| e == *x))
            {
                let modified = entry.metadata().and_then(|m| m.modified()).ok();
                newest = newest.max(modified);
            }
        }
    }
    newest
}

fn copy_recursively(from: &Path, to: &Path) -> Result<(), String> {
    let meta =
        std::fs::metadata(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    if meta.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
        let entries =
            std::fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", from.display()))?;
            copy_recursively(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
    }
}
