//! A long-lived headless Chromium for tests that drive live pages: several
//! pages at once, each in its own browser context (its own cookies, as on
//! separate phones), with evaluation, real mouse clicks and screenshots.
//! [`super::open_in_chromium`] opens one file and closes; this keeps the
//! browser until dropped. Everything waits until one deadline; dropping the
//! [`Browser`] closes Chromium, kills it if it does not exit, and removes its
//! profile.

use super::cdp::Connection;
use super::{CHROMIUM_FLAGS, Screenshot, TempDir, find_chromium, stderr_tail, wait_or_kill};
use serde_json::{Value, json};
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Chromium and the DevTools connection to it.
pub struct Browser {
    child: Child,
    conn: Connection,
    deadline: Instant,
    stderr_log: PathBuf,
    // Last, so it is removed after Chromium is gone.
    _scratch: TempDir,
}

/// One tab in its own browser context.
#[derive(Debug, Clone)]
pub struct Page {
    pub session: String,
    pub target: String,
    pub context: String,
}

/// A page's viewport: CSS pixels, device scale factor, mobile emulation.
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    pub scale: f64,
    pub mobile: bool,
}

impl Browser {
    /// Starts Chromium; every later wait ends at `deadline`.
    ///
    /// # Errors
    /// No Chromium, or it cannot be started.
    pub fn launch(deadline: Instant) -> Result<Self, String> {
        let chromium = find_chromium()?;
        let scratch = TempDir::new("chromium-session")?;
        let profile = scratch.path().join("profile");
        let stderr_log = scratch.path().join("stderr.log");
        std::fs::create_dir(&profile)
            .map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
        let stderr = File::create(&stderr_log)
            .map_err(|e| format!("cannot create {}: {e}", stderr_log.display()))?;
        // As in `open_in_chromium`: a shell moves the pipes to fds 3 and 4.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#)
            .arg(&chromium)
            .args(CHROMIUM_FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start {} through sh: {e}", chromium.display()))?;
        let (Some(to_browser), Some(from_browser)) = (child.stdin.take(), child.stdout.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("Chromium's pipes were not set up".to_owned());
        };
        let conn = Connection::new(to_browser, from_browser, deadline);
        Ok(Self {
            child,
            conn,
            deadline,
            stderr_log,
            _scratch: scratch,
        })
    }

    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// The last lines of Chromium's stderr, for error messages.
    pub fn stderr_tail(&self) -> String {
        stderr_tail(&self.stderr_log)
    }

    /// Opens `about:blank` in a new browser context with `viewport`.
    ///
    /// # Errors
    /// Chromium refuses or does not answer in time.
    pub fn new_page(&mut self, viewport: Viewport) -> Result<Page, String> {
        let created = self.conn.call(
            "Target.createBrowserContext",
            json!({ "disposeOnDetach": true }),
            None,
        )?;
        let context = text_at(&created, "/browserContextId")?;
        let target = self.conn.call(
            "Target.createTarget",
            json!({ "url": "about:blank", "browserContextId": context }),
            None,
        )?;
        let target = text_at(&target, "/targetId")?;
        let attached = self.conn.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
            None,
        )?;
        let session = text_at(&attached, "/sessionId")?;
        let s = Some(session.as_str());
        for domain in ["Runtime", "Log", "Page"] {
            self.conn.call(&format!("{domain}.enable"), json!({}), s)?;
        }
        self.conn.call(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": viewport.width,
                "height": viewport.height,
                "deviceScaleFactor": viewport.scale,
                "mobile": viewport.mobile,
            }),
            s,
        )?;
        Ok(Page {
            session,
            target,
            context,
        })
    }

    /// Starts loading `url` (does not wait for it: poll with [`Self::wait_for`]).
    ///
    /// # Errors
    /// The navigation fails at once (e.g. connection refused).
    pub fn navigate(&mut self, page: &Page, url: &str) -> Result<(), String> {
        let navigated = self.conn.call(
            "Page.navigate",
            json!({ "url": url }),
            Some(page.session.as_str()),
        )?;
        match navigated.get("errorText").and_then(Value::as_str) {
            Some(error) if !error.is_empty() => Err(format!("navigating to {url} failed: {error}")),
            _ => Ok(()),
        }
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns
    /// its value as JSON.
    ///
    /// # Errors
    /// The expression throws, or the page is between documents.
    pub fn eval(&mut self, page: &Page, expression: &str) -> Result<Value, String> {
        let evaluated = self.conn.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
            Some(page.session.as_str()),
        )?;
        if let Some(details) = evaluated.get("exceptionDetails") {
            return Err(format!("evaluating {expression:?} threw: {details}"));
        }
        Ok(evaluated
            .pointer("/result/value")
            .cloned()
            .unwrap_or(Value::Null))
    }

    /// Evaluates `expression` every 50 ms until it gives `true`, within
    /// `within` (and the browser's deadline). Evaluation errors (a page
    /// between documents) count as not yet.
    ///
    /// # Errors
    /// Not true in time; the message has the last value or error.
    pub fn wait_for(
        &mut self,
        page: &Page,
        expression: &str,
        within: Duration,
    ) -> Result<(), String> {
        let until = (Instant::now() + within).min(self.deadline);
        loop {
            let last = match self.eval(page, expression) {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(other) => format!("it was {other}"),
                Err(e) => e,
            };
            if Instant::now() >= until {
                return Err(format!(
                    "waited {within:?} for `{expression}` to be true: {last}"
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clicks the middle of the first element matching `selector` with the
    /// mouse, as a user would (scrolled into view first). Fails when
    /// something else would receive the click there.
    ///
    /// # Errors
    /// No such element, or another element covers its middle.
    pub fn click(&mut self, page: &Page, selector: &str) -> Result<(), String> {
        let selector_js = Value::String(selector.to_owned()).to_string();
        let at = self.eval(
            page,
            &format!(
                "(() => {{ const e = document.querySelector({selector_js}); if (!e) return null; \
                 e.scrollIntoView({{ block: 'center', inline: 'nearest' }}); \
                 const r = e.getBoundingClientRect(); const x = r.left + r.width / 2, \
                 y = r.top + r.height / 2; const hit = document.elementFromPoint(x, y); \
                 return {{ x, y, ok: hit !== null && (hit === e || e.contains(hit)) }}; }})()"
            ),
        )?;
        let (Some(x), Some(y)) = (at["x"].as_f64(), at["y"].as_f64()) else {
            return Err(format!("no element {selector} to click"));
        };
        if at["ok"] != Value::Bool(true) {
            return Err(format!("{selector} is covered at its middle ({x}, {y})"));
        }
        let s = Some(page.session.as_str());
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.conn.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
                s,
            )?;
        }
        Ok(())
    }

    /// Types `text` into the focused element, as keyboard input.
    ///
    /// # Errors
    /// Chromium refuses.
    pub fn insert_text(&mut self, page: &Page, text: &str) -> Result<(), String> {
        self.conn.call(
            "Input.insertText",
            json!({ "text": text }),
            Some(page.session.as_str()),
        )?;
        Ok(())
    }

    /// The page's viewport as a PNG.
    ///
    /// # Errors
    /// Chromium refuses, or the PNG cannot be decoded.
    pub fn screenshot(&mut self, page: &Page) -> Result<Screenshot, String> {
        let shot = self.conn.call(
            "Page.captureScreenshot",
            json!({ "format": "png" }),
            Some(page.session.as_str()),
        )?;
        Screenshot::from_base64_png(&text_at(&shot, "/data")?)
    }

    /// The page printed as Chromium's print dialog would save it as PDF:
    /// the page's own `@page` size and margins, backgrounds, no header or
    /// footer, and an outline of its headings (`generateDocumentOutline`).
    ///
    /// # Errors
    /// Chromium refuses, or its answer is not base64.
    pub fn print_to_pdf(&mut self, page: &Page) -> Result<Vec<u8>, String> {
        let printed = self.conn.call(
            "Page.printToPDF",
            json!({
                "preferCSSPageSize": true,
                "printBackground": true,
                "displayHeaderFooter": false,
                "generateDocumentOutline": true,
            }),
            Some(page.session.as_str()),
        )?;
        super::base64_decode(&text_at(&printed, "/data")?)
    }

    /// The problems seen so far on every page (as in
    /// [`super::PageReport::console_errors`], but requests to the server
    /// under test are expected and not listed).
    pub fn problems(&self) -> Vec<String> {
        super::problems(self.conn.events())
            .into_iter()
            .filter(|p| !p.starts_with("network request:"))
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask politely (without waiting for the answer), then kill.
        let closed = self.conn.send("Browser.close", json!({}), None).is_ok();
        let grace = if closed {
            Duration::from_secs(5)
        } else {
            Duration::ZERO
        };
        wait_or_kill(&mut self.child, Instant::now() + grace);
    }
}

fn text_at(value: &Value, pointer: &str) -> Result<String, String> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("no string at {pointer} in Chromium's answer {value}"))
}
