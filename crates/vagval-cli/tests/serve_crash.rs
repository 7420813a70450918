//! `vagval serve` killed with SIGKILL in the middle of a workshop: every
//! answer acknowledged with a 303 before the kill is there after a restart
//! on the same workspace (at most the one in flight per participant is
//! there too), and the workshop can then be finished. Drives the real
//! binary over hand-written HTTP/1.1.

// The whole file is test code; clippy's in-test allowances do not reach the
// helper functions outside #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
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
// ---------------------------------------------------------------------------
// A minimal HTTP/1.1 client over std::net (one request per connection).
// ---------------------------------------------------------------------------

/// One response: status, headers (lower-cased names), body (de-chunked),
/// and how long after the request was written its status line arrived.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    #[allow(dead_code, reason = "the load test measures it")]
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
