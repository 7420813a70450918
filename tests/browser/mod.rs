//! A headless-Chromium harness: opens an HTML file in a real browser and
//! reports what a reader would meet — errors, the rendered DOM and a
//! screenshot — so report tests can check a page really works.
//!
//! # Use from a test file in `tests/`
//!
//! ```ignore
//! mod browser; // tests/browser/mod.rs; from elsewhere: #[path = "browser/mod.rs"] mod browser;
//!
//! #[test]
//! fn report_opens_cleanly() -> Result<(), String> {
//!     let dir = browser::TempDir::new("report")?;
//!     let page = dir.write("report.html", "<!doctype html>…")?;
//!     let report = browser::open_in_chromium(&page, (1024, 768))?;
//!     assert_eq!(report.console_errors, Vec::<String>::new());
//!     assert!(!report.screenshot.is_blank());
//!     assert!(report.dom.contains("Gå med i HIT"));
//!     Ok(())
//! }
//! ```
//!
//! # What is reported
//!
//! Chromium is driven over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`, see [`cdp`]); its log output is not used,
//! because it gives console messages without their level and no failed
//! loads. [`PageReport::console_errors`] lists, in the order they happened:
//! `console.error` and failed `console.assert` calls, uncaught exceptions
//! and rejections, resources that failed to load (a missing `<img>`,
//! script or stylesheet), requests to URLs other than `file:`, `data:`,
//! `blob:` and `about:` (a page under test must be self-contained), other
//! error-level browser log entries, and JavaScript dialogs (dismissed so they
//! cannot block).
//!
//! Requests are seen as DevTools `Network` events of the page, until it is
//! taken as finished (below): what the page's network stack fetches for it,
//! such as images, scripts, stylesheets, fonts, `fetch`/XHR and iframes. Not
//! seen: DNS prefetch and preconnect hints (`<link rel=dns-prefetch>`,
//! `<link rel=preconnect>`), which resolve names or open connections without
//! sending a request; WebSockets, except as a failed load or log entry when
//! they fail. So a page that passes made no such request while it loaded,
//! not necessarily no connection at all.
//!
//! The page is taken as finished at its `load` event (so every image has
//! loaded or failed) plus two animation frames; work a script starts later,
//! on a timer, is not waited for. The DOM is
//! `document.documentElement.outerHTML` at that moment; the screenshot is the
//! viewport at `window` CSS pixels with a device scale factor of 1.
//!
//! # Finding Chromium
//!
//! `$VAGVAL_CHROMIUM`, else `/usr/bin/chromium`, else `chromium`,
//! `chromium-browser`, `google-chrome` or `google-chrome-stable` on `PATH`.
//! Without one, every call returns an error saying how to install it
//! (`apt-get install chromium`; `tests/run` does so): the browser tests fail
//! rather than skip, so a machine without a browser cannot pass them
//! silently. Each call starts its own Chromium with a fresh profile in a
//! temporary directory (about a second) and kills it after the timeout
//! (60 s by default), so a stuck page fails a test instead of hanging CI.

// Each test binary that includes this module uses only part of it.
#![allow(
    dead_code,
    unused_imports,
    reason = "a test binary uses only part of the harness"
)]

mod cdp;
pub mod pdf;
mod screenshot;
pub mod session;

pub use screenshot::{Screenshot, base64_decode};

use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long one page may take, from starting Chromium to its exit.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The environment variable that names the browser binary to use.
pub const CHROMIUM_ENV: &str = "VAGVAL_CHROMIUM";

/// What Chromium made of one page.
#[derive(Debug, Clone)]
pub struct PageReport {
    /// Errors a reader's browser would show in its console, plus every
    /// network request; empty for a clean, self-contained page. One line
    /// each, e.g. `console.error: boom (file:///…/page.html:2:17)`.
    pub console_errors: Vec<String>,
    /// The viewport after loading.
    pub screenshot: Screenshot,
    /// `document.documentElement.outerHTML` after scripts ran (UTF-8).
    pub dom: String,
}

/// Opens `html` (a file path) in headless Chromium with a viewport of
/// `window` = (width, height) CSS pixels, within [`DEFAULT_TIMEOUT`].
///
/// # Errors
/// No Chromium found (the message says how to install one), the file
/// missing, Chromium failing or the page not finishing in time. Problems
/// *in* the page are not errors: they are in [`PageReport::console_errors`].
pub fn open_in_chromium(html: &Path, window: (u32, u32)) -> Result<PageReport, String> {
    open_in_chromium_within(html, window, DEFAULT_TIMEOUT)
}

/// [`open_in_chromium`] with its own time limit for the whole run.
///
/// # Errors
/// As [`open_in_chromium`]; a run over `timeout` kills Chromium and errs.
pub fn open_in_chromium_within(
    html: &Path,
    window: (u32, u32),
    timeout: Duration,
) -> Result<PageReport, String> {
    let chromium = find_chromium()?;
    let html = html
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", html.display()))?;
    let url = file_url(&html)?;
    let deadline = Instant::now() + timeout;

    let scratch = TempDir::new("chromium")?;
    let profile = scratch.path().join("profile");
    let stderr_log = scratch.path().join("stderr.log");
    std::fs::create_dir(&profile)
        .map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
    let stderr = File::create(&stderr_log)
        .map_err(|e| format!("cannot create {}: {e}", stderr_log.display()))?;

    // `--remote-debugging-pipe` talks on fds 3 (in) and 4 (out). std cannot
    // hand a child extra fds without `unsafe`, so a shell moves our stdin
    // and stdout pipes there before it becomes Chromium.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#)
        .arg(&chromium)
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={},{}", window.0, window.1))
        .arg("about:blank")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start {} through sh: {e}", chromium.display()))?;

    let result = match (child.stdin.take(), child.stdout.take()) {
        (Some(to_browser), Some(from_browser)) => {
            let mut conn = cdp::Connection::new(to_browser, from_browser, deadline);
            drive(&mut conn, &url, window).and_then(|report| {
                conn.send("Browser.close", json!({}), None)?;
                Ok(report)
            })
            // Dropping the connection closes our end of the pipe.
        }
        _ => Err("Chromium's pipes were not set up".to_owned()),
    };
    // A closed browser exits at once; anything else is killed.
    let grace = if result.is_ok() {
        Duration::from_secs(10)
    } else {
        Duration::ZERO
    };
    wait_or_kill(&mut child, Instant::now() + grace);
    result.map_err(|e| {
        format!(
            "{} on {}: {e}\n--- Chromium's stderr (last lines) ---\n{}",
            chromium.display(),
            html.display(),
            stderr_tail(&stderr_log)
        )
    })
}

/// The flags every run uses. The network ones stop Chromium's own
/// background traffic (updates, sync, field trials): the machine's closed
/// network refuses it, and a test must not depend on it anyway.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
];

/// Loads `url` in a new tab and collects the report.
fn drive(conn: &mut cdp::Connection, url: &str, window: (u32, u32)) -> Result<PageReport, String> {
    let target = conn.call("Target.createTarget", json!({ "url": "about:blank" }), None)?;
    let target_id = str_at(&target, "/targetId")?;
    let attached = conn.call(
        "Target.attachToTarget",
        json!({ "targetId": target_id, "flatten": true }),
        None,
    )?;
    let session = str_at(&attached, "/sessionId")?;
    let s = Some(session.as_str());
    for domain in ["Runtime", "Log", "Network", "Page"] {
        conn.call(&format!("{domain}.enable"), json!({}), s)?;
    }
    conn.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": window.0, "height": window.1, "deviceScaleFactor": 1, "mobile": false }),
        s,
    )?;
    conn.clear_events();
    let navigated = conn.call("Page.navigate", json!({ "url": url }), s)?;
    if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
        return Err(format!("navigating to {url} failed: {error}"));
    }
    conn.wait_for_event("Page.loadEventFired", s)?;
    let evaluated = conn.call(
        "Runtime.evaluate",
        json!({
            "expression": "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(\
                           () => done(document.documentElement.outerHTML))))",
            "awaitPromise": true,
            "returnByValue": true,
        }),
        s,
    )?;
    if let Some(details) = evaluated.get("exceptionDetails") {
        return Err(format!("reading the DOM failed: {details}"));
    }
    let dom = str_at(&evaluated, "/result/value")?;
    let shot = conn.call("Page.captureScreenshot", json!({ "format": "png" }), s)?;
    let screenshot = Screenshot::from_base64_png(&str_at(&shot, "/data")?)?;
    Ok(PageReport {
        console_errors: problems(conn.events()),
        screenshot,
        dom,
    })
}

fn str_at(value: &Value, pointer: &str) -> Result<String, String> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("no string at {pointer} in Chromium's answer {value}"))
}

/// The page's problems, in order, from the DevTools events of its load.
fn problems(events: &[Value]) -> Vec<String> {
    let mut urls: HashMap<&str, &str> = HashMap::new();
    let mut failed: HashSet<&str> = HashSet::new();
    for event in events {
        let params = &event["params"];
        match event["method"].as_str() {
            Some("Network.requestWillBeSent") => {
                if let (Some(id), Some(url)) = (
                    params["requestId"].as_str(),
                    params["request"]["url"].as_str(),
                ) {
                    urls.insert(id, url);
                }
            }
            Some("Network.loadingFailed") => {
                if let Some(id) = params["requestId"].as_str() {
                    failed.insert(id);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for event in events {
        let params = &event["params"];
        match event["method"].as_str().unwrap_or_default() {
            "Runtime.consoleAPICalled" => {
                let kind = params["type"].as_str().unwrap_or_default();
                if kind == "error" || kind == "assert" {
                    let args: Vec<String> = params["args"]
                        .as_array()
                        .map(|args| args.iter().map(remote_object).collect())
                        .unwrap_or_default();
                    let frame = &params["stackTrace"]["callFrames"][0];
                    out.push(format!(
                        "console.{kind}: {}{}",
                        args.join(" "),
                        location(frame)
                    ));
                }
            }
            "Runtime.exceptionThrown" => {
                let details = &params["exceptionDetails"];
                let what = details["exception"]["description"]
                    .as_str()
                    .and_then(|d| d.lines().next())
                    .or_else(|| details["text"].as_str())
                    .unwrap_or("(no description)");
                out.push(format!("uncaught exception: {what}{}", location(details)));
            }
            "Network.requestWillBeSent" => {
                let url = params["request"]["url"].as_str().unwrap_or_default();
                let scheme = url.split(':').next().unwrap_or_default();
                if !matches!(scheme, "file" | "data" | "blob" | "about") {
                    out.push(format!(
                        "network request: {url} (the page must be self-contained)"
                    ));
                }
            }
            "Network.loadingFailed" => {
                let id = params["requestId"].as_str().unwrap_or_default();
                let url = urls.get(id).copied().unwrap_or("(unknown URL)");
                let error = params["errorText"].as_str().unwrap_or_default();
                out.push(format!("failed load: {url} ({error})"));
            }
            "Log.entryAdded" => {
                let entry = &params["entry"];
                let duplicate = entry["networkRequestId"]
                    .as_str()
                    .is_some_and(|id| failed.contains(id));
                if entry["level"] == "error" && !duplicate {
                    out.push(format!(
                        "{} error: {}{}",
                        entry["source"].as_str().unwrap_or("browser"),
                        entry["text"].as_str().unwrap_or_default(),
                        location(entry)
                    ));
                }
            }
            "Page.javascriptDialogOpening" => out.push(format!(
                "dialog: {}({:?})",
                params["type"].as_str().unwrap_or("dialog"),
                params["message"].as_str().unwrap_or_default()
            )),
            _ => {}
        }
    }
    out
}

/// A console argument as the console shows it.
fn remote_object(arg: &Value) -> String {
    match &arg["value"] {
        Value::String(s) => s.clone(),
        Value::Null => arg["description"]
            .as_str()
            .or_else(|| arg["unserializableValue"].as_str())
            .or_else(|| arg["type"].as_str())
            .unwrap_or_default()
            .to_owned(),
        other => other.to_string(),
    }
}

/// ` (url:line:column)`, one-based, from a DevTools location (zero-based).
fn location(at: &Value) -> String {
    match at["url"].as_str() {
        Some(url) if !url.is_empty() => {
            match (at["lineNumber"].as_u64(), at["columnNumber"].as_u64()) {
                (Some(line), Some(col)) => format!(" ({url}:{}:{})", line + 1, col + 1),
                (Some(line), None) => format!(" ({url}:{})", line + 1),
                _ => format!(" ({url})"),
            }
        }
        _ => String::new(),
    }
}

/// Waits for Chromium to exit until `deadline`, then kills it.
fn wait_or_kill(child: &mut Child, deadline: Instant) {
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                // Killing the browser process ends its renderers too.
                let _ = child.kill();
                let _ = child.wait();
                return;
            }
        }
    }
}

/// The last lines of Chromium's stderr, without its D-Bus complaints.
fn stderr_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.contains("dbus")).collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// `file://` URL of an absolute path, percent-encoding all but
/// unreserved characters and `/`.
pub fn file_url(path: &Path) -> Result<String, String> {
    let text = path
        .to_str()
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))?;
    let mut url = String::from("file://");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(url)
}

/// The browser to run: see [`locate_chromium`], with `$VAGVAL_CHROMIUM`,
/// `/usr/bin/chromium` and `$PATH`.
///
/// # Errors
/// None found; the message says how to install one.
pub fn find_chromium() -> Result<PathBuf, String> {
    locate_chromium(
        std::env::var_os(CHROMIUM_ENV),
        &[Path::new("/usr/bin/chromium")],
        std::env::var_os("PATH"),
    )
}

/// The names looked up on `PATH`, in order.
pub const CHROMIUM_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// `explicit` (the environment variable's value) if given, which must then
/// exist; else the first of `fixed` that exists; else the first of
/// [`CHROMIUM_NAMES`] in the directories of `path`.
///
/// # Errors
/// Nothing found, or `explicit` names no file.
pub fn locate_chromium(
    explicit: Option<OsString>,
    fixed: &[&Path],
    path: Option<OsString>,
) -> Result<PathBuf, String> {
    if let Some(explicit) = explicit.filter(|e| !e.is_empty()) {
        let explicit = PathBuf::from(explicit);
        return if explicit.is_file() {
            Ok(explicit)
        } else {
            Err(format!(
                "${CHROMIUM_ENV} is {}, which is not a file; point it at a Chromium or Chrome \
                 binary, or unset it and install Chromium: apt-get install chromium",
                explicit.display()
            ))
        };
    }
    if let Some(found) = fixed.iter().find(|p| p.is_file()) {
        return Ok(found.to_path_buf());
    }
    let dirs: Vec<PathBuf> = path
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for name in CHROMIUM_NAMES {
        if let Some(found) = dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()) {
            return Ok(found);
        }
    }
    let fixed: Vec<String> = fixed.iter().map(|p| p.display().to_string()).collect();
    Err(format!(
        "no Chromium found (looked at ${CHROMIUM_ENV}, {}and {} on PATH). The browser tests need \
         a real headless Chromium: install it with \
         `apt-get update && apt-get install -y chromium` (Debian; `tests/run` does this), \
         or set {CHROMIUM_ENV} to a Chromium or Chrome binary.",
        fixed.iter().map(|f| format!("{f}, ")).collect::<String>(),
        CHROMIUM_NAMES.join(", ")
    ))
}

/// A directory under the system temp dir, removed with its contents on drop.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates `vagval-<label>-<pid>-<n>-<nanos>` in the system temp dir.
    ///
    /// # Errors
    /// The directory cannot be created.
    pub fn new(label: &str) -> Result<Self, String> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("vagval-{label}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(Self { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `contents` to `name` inside the directory; returns its path.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> Result<PathBuf, String> {
        let path = self.path.join(name);
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // A killed Chromium's helper processes may still write into their
        // profile for a moment, so a failed removal is retried for 3 s.
        for _ in 0..60 {
            if std::fs::remove_dir_all(&self.path).is_ok() || !self.path.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
