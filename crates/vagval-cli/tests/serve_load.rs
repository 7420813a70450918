//! `vagval serve` under a full room: 60 participants answering all 36
//! questions at once, each with a live event stream open. Every answer is
//! acknowledged (303), every stream sees its participant finish, within a
//! time bound; prints the answer latency (p50/p95) and the wall time.

// The whole file is test code; clippy's in-test allowances do not reach the
// helper functions outside #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
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

// ---------------------------------------------------------------------------
// A minimal HTTP/1.1 client over std::net (one request per connection).
// ---------------------------------------------------------------------------

/// One response: status, headers (lower-cased names), body (de-chunked),
/// and how long after the request was written its status line arrived.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    latency: Duration,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

fn request_head(port: u16, method: &str, path: &str, token: Option<&str>) -> String {
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if let Some(token) = token {
        head.push_str(&format!("Cookie: vv_p={token}\r\n"));
    }
    head
}

/// Sends one request and reads the whole response (the server closes).
fn request(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    form: Option<&str>,
) -> std::io::Result<Response> {
    let mut stream = connect(port)?;
    let mut text = request_head(port, method, path, token);
    match form {
        Some(body) => text.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )),
        None => text.push_str("\r\n"),
    }
    stream.write_all(text.as_bytes())?;
    let sent = Instant::now();
    let mut raw = Vec::new();
    let mut latency = None;
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if latency.is_none() && raw.windows(2).any(|w| w == b"\r\n") {
            latency = Some(sent.elapsed());
        }
    }
    let latency =
        latency.ok_or_else(|| std::io::Error::new(ErrorKind::UnexpectedEof, "no status line"))?;
    let split = find(&raw, b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::new(ErrorKind::UnexpectedEof, "truncated head"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                ErrorKind::InvalidData,
                format!("bad status line in {head:?}"),
            )
        })?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        let mut decoder = Dechunk::default();
        body = decoder.feed(&body);
    }
    Ok(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        latency,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An incremental decoder of a chunked body.
#[derive(Default)]
struct Dechunk {
    pending: Vec<u8>,
    /// Bytes left in the current chunk's data (then its CRLF).
    left: usize,
    in_data: bool,
}

impl Dechunk {
    fn feed(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        loop {
            if self.in_data {
                if self.pending.len() < self.left + 2 {
                    // Hand out what data there is, keep the rest.
                    let take = self.pending.len().min(self.left);
                    out.extend_from_slice(&self.pending[..take]);
                    self.pending.drain(..take);
                    self.left -= take;
                    return out;
                }
                out.extend_from_slice(&self.pending[..self.left]);
                self.pending.drain(..self.left + 2);
                self.left = 0;
                self.in_data = false;
            } else {
                let Some(end) = find(&self.pending, b"\r\n") else {
                    return out;
                };
                let line = String::from_utf8_lossy(&self.pending[..end]).into_owned();
                let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                    .unwrap_or(0);
                self.pending.drain(..end + 2);
                self.left = size;
                self.in_data = true;
            }
        }
    }
}

fn urlencode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The value of the input named `name` in `html`.
fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(
        html[start..end]
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// The answer form of the current question, or None on the summary page.
fn answer_form(html: &str, choice: &str) -> Option<String> {
    let set = input_value(html, "set")?;
    assert!(
        !html.contains("action=\"/q/revisit\""),
        "an unexpected revisit page (answers of 1 are consistent):\n{html}"
    );
    let field = |name: &str| {
        input_value(html, name).unwrap_or_else(|| panic!("no {name} input in\n{html}"))
    };
    Some(format!(
        "csrf={}&set={}&first={}&second={}&choice={}&action=answer",
        urlencode(&field("csrf")),
        urlencode(&set),
        urlencode(&field("first")),
        urlencode(&field("second")),
        urlencode(choice)
    ))
}

/// Opens a participant's link: a 303 to /q that sets the cookie.
fn join(port: u16, token: &str) {
    let response = request(port, "GET", &format!("/j/{token}"), None, None).expect("GET /j/TOKEN");
    assert_eq!(response.status, 303, "joining: {}", response.body);
    let cookie = response.header("set-cookie").unwrap_or("");
    assert!(
        cookie.starts_with(&format!("vv_p={token}")),
        "set-cookie: {cookie}"
    );
}

// ---------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------

/// A running `vagval serve`, killed (SIGKILL) and reaped on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(workspace: &Path, members: usize) -> Server {
        let mut child = common::command(workspace)
            .args(["--lang", "en", "serve", "--workspace"])
            .arg(workspace)
            .args(["--port", "0", "--members", &members.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start vagval serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the first line, then drains the rest (never blocks the server).
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let mut server = Server { child, port: 0 };
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server's first line within 60 s");
        let port = line
            .trim()
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix("/control"))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        server.port = port;
        server
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The participants in links.txt: (id, token), checking the links' port.
fn links(workspace: &Path, port: u16) -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(workspace.join("workshop-session/links.txt")).expect("links.txt");
    let prefix = format!("http://127.0.0.1:{port}/j/");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, link) = l
                .split_once('\t')
                .unwrap_or_else(|| panic!("bad links line {l:?}"));
            let token = link
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("link {link} is not on port {port}"));
            (id.to_string(), token.to_string())
        })
        .collect()
}

/// Answer records per participant id in the journal (lines that parse).
fn journal_answers(workspace: &Path) -> std::collections::HashMap<String, usize> {
    let text = std::fs::read_to_string(workspace.join("workshop-session/journal.jsonl"))
        .unwrap_or_default();
    let mut counts = std::collections::HashMap::new();
    for line in text.lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if record["kind"] == "answer" {
            let id = record["participant"].as_str().unwrap_or("").to_string();
            *counts.entry(id).or_insert(0) += 1;
        }
    }
    counts
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
