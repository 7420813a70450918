//! `vagval serve` killed with SIGKILL in the middle of a workshop: every
//! answer acknowledged with a 303 before the kill is there after a restart
//! on the same workspace (at most the one in flight per participant is
//! there too), and the workshop can then be finished. Drives the real
//! binary over hand-written HTTP/1.1.

// The whole file is test code; clippy's in-test allowances do not reach the
// helper functions outside #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::serve::*;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The whole test must end within this.
const LIMIT: Duration = Duration::from_secs(120);
/// Kill the server once this many answers are acknowledged in all.
const KILL_AFTER: usize = 100;
/// At most one POST per participant this often (the server allows 20/s).
const PACE: Duration = Duration::from_millis(55);

/// Answers `token`'s questions with "equal" until the summary page, the
/// deadline, or (when `stop` is set) the first failure; counts each 303
/// in `acked`. Returns the error that ended it, if any.
fn answer_all(
    port: u16,
    token: &str,
    acked: &AtomicUsize,
    total: &AtomicUsize,
    deadline: Instant,
) -> Result<(), String> {
    let mut last_post: Option<Instant> = None;
    loop {
        if Instant::now() > deadline {
            return Err("deadline passed".into());
        }
        let page =
            request(port, "GET", "/q", Some(token), None).map_err(|e| format!("GET /q: {e}"))?;
        if page.status != 200 {
            return Err(format!("GET /q: status {}", page.status));
        }
        let Some(form) = answer_form(&page.body, "1") else {
            if page.body.contains("Thank you") {
                return Ok(());
            }
            return Err(format!(
                "neither a question nor the summary:\n{}",
                page.body
            ));
        };
        if let Some(at) = last_post {
            let since = at.elapsed();
            if since < PACE {
                std::thread::sleep(PACE - since);
            }
        }
        last_post = Some(Instant::now());
        let response = request(port, "POST", "/q/answer", Some(token), Some(&form))
            .map_err(|e| format!("POST: {e}"))?;
        if response.status != 303 {
            return Err(format!(
                "POST /q/answer: status {}: {}",
                response.status, response.body
            ));
        }
        acked.fetch_add(1, Ordering::SeqCst);
        total.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn acknowledged_answers_survive_sigkill() {
    let started = Instant::now();
    let deadline = started + LIMIT;
    let ws = workspace("serve-crash");
    let mut server = Server::start(ws.path(), 4);
    let people = links(ws.path(), server.port);
    let groups = group_count(ws.path());
    assert!(
        groups > 0 && people.len() == groups * 4,
        "{} participants in {groups} groups of 4",
        people.len()
    );
    for (_, token) in &people {
        join(server.port, token);
    }

    // Everyone answers at once; the server is killed mid-way.
    let acked: Arc<Vec<AtomicUsize>> =
        Arc::new(people.iter().map(|_| AtomicUsize::new(0)).collect());
    let total = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, (_, token))| {
            let (acked, total, killed, token, port) = (
                acked.clone(),
                total.clone(),
                killed.clone(),
                token.clone(),
                server.port,
            );
            std::thread::spawn(move || {
                let outcome = answer_all(port, &token, &acked[i], &total, deadline);
                // Failing is expected only once the server is killed.
                match outcome {
                    Err(e) if !killed.load(Ordering::SeqCst) => Err(e),
                    _ => Ok(()),
                }
            })
        })
        .collect();
    while total.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(
            Instant::now() < deadline,
            "only {} answers acknowledged in time",
            total.load(Ordering::SeqCst)
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    killed.store(true, Ordering::SeqCst);
    server.kill();
    let at_kill = total.load(Ordering::SeqCst);
    for worker in workers {
        worker
            .join()
            .expect("a worker panicked")
            .expect("a request failed before the kill");
    }
    // A response already in the socket when the server died may still have
    // been read after the kill: it was acknowledged all the same.
    let acked: Vec<usize> = acked.iter().map(|a| a.load(Ordering::SeqCst)).collect();
    let all: usize = acked.iter().sum();
    eprintln!("killed after {at_kill} acknowledged answers ({all} read in all): {acked:?}");

    // Restart on the same workspace: same tokens, a new port.
    let server = Server::start(ws.path(), 4);
    let again = links(ws.path(), server.port);
    assert_eq!(
        again, people,
        "the restarted server keeps the participants and their tokens"
    );
    let journal = journal_answers(ws.path());
    let mut in_flight_kept = 0;
    for ((id, token), &acknowledged) in people.iter().zip(&acked) {
        let page =
            request(server.port, "GET", "/q", Some(token), None).expect("GET /q after restart");
        assert_eq!(page.status, 200);
        let (done, total) =
            progress(&page.body).unwrap_or_else(|| panic!("no progress on\n{}", page.body));
        assert!(
            acknowledged <= done && done <= acknowledged + 1,
            "{id}: {acknowledged} answers acknowledged before the kill, {done} of {total} there after the restart"
        );
        let journalled = journal.get(id).copied().unwrap_or(0);
        assert_eq!(
            journalled, done,
            "{id}: the journal holds {journalled} answers, the page says {done}"
        );
        in_flight_kept += done - acknowledged;
    }
    eprintln!(
        "after the restart: every acknowledged answer there, {in_flight_kept} unacknowledged in-flight answers kept too"
    );

    // The workshop goes on to the end.
    let counts: Arc<Vec<AtomicUsize>> =
        Arc::new(people.iter().map(|_| AtomicUsize::new(0)).collect());
    let sum = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, (_, token))| {
            let (counts, sum, token, port) =
                (counts.clone(), sum.clone(), token.clone(), server.port);
            std::thread::spawn(move || answer_all(port, &token, &counts[i], &sum, deadline))
        })
        .collect();
    for worker in workers {
        worker
            .join()
            .expect("a worker panicked")
            .expect("finishing the questionnaire");
    }
    let journal = journal_answers(ws.path());
    for (id, token) in &people {
        let page = request(server.port, "GET", "/q", Some(token), None).expect("GET /q at the end");
        assert!(input_value(&page.body, "set").is_none(), "{id} is not done");
        assert!(
            page.body.contains("Thank you"),
            "{id}: no summary page:\n{}",
            page.body
        );
        assert_eq!(
            journal.get(id).copied(),
            Some(36),
            "{id}: 36 answers in the journal"
        );
    }
    assert!(started.elapsed() < LIMIT, "took {:?}", started.elapsed());
    drop(server);
}
/// `Question K of T` on a question page: (K - 1, T), the answered count
/// and the total.
fn progress(html: &str) -> Option<(usize, usize)> {
    let marker = "class=\"progress\">Question ";
    let start = html.find(marker)? + marker.len();
    let rest = &html[start..];
    let (k, rest) = rest.split_once(" of ")?;
    let t: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((k.trim().parse::<usize>().ok()? - 1, t.parse().ok()?))
}

/// The groups in links.txt (its `#` headings).
fn group_count(workspace: &Path) -> usize {
    let text =
        std::fs::read_to_string(workspace.join("workshop-session/links.txt")).expect("links.txt");
    text.lines().filter(|l| l.starts_with('#')).count()
}

/// A copy of the repository's Tranås workspace (removed on drop).
fn workspace(tag: &str) -> common::TempDir {
    let dir = common::TempDir::new(tag);
    let root = common::repo_root();
    std::fs::copy(root.join("vagval.toml"), dir.path().join("vagval.toml"))
        .expect("copy vagval.toml");
    common::copy_dir(&root.join("criteria"), &dir.path().join("criteria"));
    common::copy_dir(&root.join("scripts"), &dir.path().join("scripts"));
    dir
}
