//! What the `vagval serve` tests share: a minimal HTTP/1.1 client over
//! std::net (one request per connection, de-chunked bodies, the answer
//! form read off a question page) and the server run as a process
//! (started on a free port, killed and reaped on drop), its links and its
//! journal.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// A minimal HTTP/1.1 client over std::net (one request per connection).
// ---------------------------------------------------------------------------

/// One response: status, headers (lower-cased names), body (de-chunked),
/// and how long after the request was written its status line arrived.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    #[allow(dead_code, reason = "the load test measures it")]
    pub latency: Duration,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub fn connect(port: u16) -> std::io::Result<TcpStream> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

pub fn request_head(port: u16, method: &str, path: &str, token: Option<&str>) -> String {
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if let Some(token) = token {
        head.push_str(&format!("Cookie: vv_p={token}\r\n"));
    }
    head
}

/// Sends one request and reads the whole response (the server closes).
pub fn request(
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

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An incremental decoder of a chunked body.
#[derive(Default)]
pub struct Dechunk {
    pending: Vec<u8>,
    /// Bytes left in the current chunk's data (then its CRLF).
    left: usize,
    in_data: bool,
}

impl Dechunk {
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<u8> {
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

pub fn urlencode(text: &str) -> String {
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
pub fn input_value(html: &str, name: &str) -> Option<String> {
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
pub fn answer_form(html: &str, choice: &str) -> Option<String> {
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
pub fn join(port: u16, token: &str) {
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
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(workspace: &Path, members: usize) -> Server {
        let mut child = super::command(workspace)
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

    pub fn kill(&mut self) {
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
pub fn links(workspace: &Path, port: u16) -> Vec<(String, String)> {
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
pub fn journal_answers(workspace: &Path) -> std::collections::HashMap<String, usize> {
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
