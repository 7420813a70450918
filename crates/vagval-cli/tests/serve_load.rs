//! `vagval serve` under a full room: 60 participants answering all 36
//! questions at once, each with a live event stream open. Every answer is
//! acknowledged (303), every stream sees its participant finish, within a
//! time bound; prints the answer latency (p50/p95) and the wall time.

// The whole file is test code; clippy's in-test allowances do not reach the
// helper functions outside #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::serve::*;

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The whole test must end within this (debug build, 2 cores).
const LIMIT: Duration = Duration::from_secs(120);
/// Members per group: 4 groups of 15 in the Tranås workspace.
const MEMBERS: usize = 15;
/// At most one POST per participant this often (the server allows 20/s).
const PACE: Duration = Duration::from_millis(55);

/// Answers every question of `token` with "equal"; returns each POST's
/// latency (request written to status line read). Panics on anything but
/// a 303 or a question/summary page.
fn participant(port: u16, token: &str, deadline: Instant) -> Vec<Duration> {
    join(port, token);
    let mut latencies = Vec::new();
    let mut last_post: Option<Instant> = None;
    loop {
        assert!(Instant::now() < deadline, "participant not done in time");
        let page = request(port, "GET", "/q", Some(token), None).expect("GET /q");
        assert_eq!(page.status, 200, "GET /q: {}", page.body);
        let Some(form) = answer_form(&page.body, "1") else {
            assert!(
                page.body.contains("Thank you"),
                "neither a question nor the summary:\n{}",
                page.body
            );
            return latencies;
        };
        if let Some(at) = last_post {
            let since = at.elapsed();
            if since < PACE {
                std::thread::sleep(PACE - since);
            }
        }
        last_post = Some(Instant::now());
        let response =
            request(port, "POST", "/q/answer", Some(token), Some(&form)).expect("POST /q/answer");
        assert_eq!(
            response.status, 303,
            "POST /q/answer not acknowledged: {}",
            response.body
        );
        latencies.push(response.latency);
    }
}

/// Reads `token`'s event stream until a state with done == total (that
/// total returned); `ready` is signalled once the first state arrived.
fn listener(port: u16, token: &str, ready: mpsc::Sender<()>, deadline: Instant) -> usize {
    let mut stream = connect(port).expect("connect /events");
    let head = request_head(port, "GET", "/events", Some(token));
    stream
        .write_all(format!("{head}Accept: text/event-stream\r\n\r\n").as_bytes())
        .expect("GET /events");
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let mut body_start = None;
    let mut chunked = false;
    let mut decoder = Dechunk::default();
    let mut text = String::new();
    let mut ready = Some(ready);
    loop {
        assert!(Instant::now() < deadline, "event stream not done in time");
        let n = stream.read(&mut buf).expect("reading /events");
        assert!(n > 0, "the event stream ended early; got {text:?}");
        let data = match body_start {
            Some(_) => buf[..n].to_vec(),
            None => {
                raw.extend_from_slice(&buf[..n]);
                let Some(end) = find(&raw, b"\r\n\r\n") else {
                    continue;
                };
                let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
                assert!(head.starts_with("http/1.1 200"), "GET /events: {head}");
                assert!(head.contains("text/event-stream"), "GET /events: {head}");
                chunked = head.contains("transfer-encoding: chunked");
                body_start = Some(end + 4);
                raw[end + 4..].to_vec()
            }
        };
        let data = if chunked { decoder.feed(&data) } else { data };
        text.push_str(&String::from_utf8_lossy(&data));
        // Whole events only (a blank line ends one).
        while let Some(end) = text.find("\n\n") {
            let event: String = text.drain(..end + 2).collect();
            for line in event.lines() {
                let Some(json) = line.strip_prefix("data:") else {
                    continue;
                };
                let state: serde_json::Value =
                    serde_json::from_str(json.trim()).expect("event data is JSON");
                if let Some(ready) = ready.take() {
                    let _ = ready.send(());
                }
                let (done, total) = (
                    state["done"].as_u64().unwrap_or(0),
                    state["total"].as_u64().unwrap_or(u64::MAX),
                );
                if done == total {
                    assert_eq!(state["step"], "done", "{state}");
                    return total as usize;
                }
            }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[test]
fn sixty_participants_answer_at_once() {
    let started = Instant::now();
    let deadline = started + LIMIT;
    let ws = workspace("serve-load");
    let server = Server::start(ws.path(), MEMBERS);
    let port = server.port;
    let people = links(ws.path(), port);
    assert_eq!(people.len(), 60, "60 participants");

    // Every participant's stream is open before anyone answers.
    let (ready_tx, ready_rx) = mpsc::channel();
    let listeners: Vec<_> = people
        .iter()
        .map(|(_, token)| {
            let (token, ready) = (token.clone(), ready_tx.clone());
            std::thread::spawn(move || listener(port, &token, ready, deadline))
        })
        .collect();
    drop(ready_tx);
    for _ in &people {
        ready_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("every event stream's first state");
    }

    let answering = Instant::now();
    let workers: Vec<_> = people
        .iter()
        .map(|(_, token)| {
            let token = token.clone();
            std::thread::spawn(move || participant(port, &token, deadline))
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.join().expect("a participant failed"));
    }
    let answered = answering.elapsed();
    for listener in listeners {
        assert_eq!(listener.join().expect("an event stream failed"), 36);
    }
    let wall = answering.elapsed();

    assert_eq!(latencies.len(), 60 * 36, "every answer acknowledged");
    let journal = journal_answers(ws.path());
    for (id, _) in &people {
        assert_eq!(
            journal.get(id).copied(),
            Some(36),
            "{id}: 36 answers in the journal"
        );
    }
    latencies.sort();
    eprintln!(
        "serve load: {} answers from {} participants ({} event streams): answer latency p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; all answered in {:.2} s, all streams done in {:.2} s",
        latencies.len(),
        people.len(),
        people.len(),
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.95).as_secs_f64() * 1000.0,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        answered.as_secs_f64(),
        wall.as_secs_f64(),
    );
    assert!(started.elapsed() < LIMIT, "took {:?}", started.elapsed());
    drop(server);
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
