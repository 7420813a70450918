//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`:
//! JSON messages, each ended by a NUL byte, written to Chromium's fd 3 and
//! read from its fd 4. Every wait is bounded by one deadline.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Instant;

/// One browser connection. Events (messages without an `id`) are kept in
/// arrival order for the caller to read with [`Connection::events`].
pub(super) struct Connection {
    to_browser: Box<dyn Write + Send>,
    from_browser: Receiver<Result<Value, String>>,
    next_id: u64,
    deadline: Instant,
    events: Vec<Value>,
}

impl Connection {
    /// Starts a thread that reads and parses messages from `from_browser`.
    pub(super) fn new(
        to_browser: impl Write + Send + 'static,
        from_browser: impl Read + Send + 'static,
        deadline: Instant,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from_browser);
            loop {
                let mut message = Vec::new();
                let (item, last) = match reader.read_until(0, &mut message) {
                    Ok(0) => (Err("Chromium closed the DevTools pipe".to_owned()), true),
                    Ok(_) => {
                        if message.last() == Some(&0) {
                            message.pop();
                        }
                        let parsed = serde_json::from_slice(&message)
                            .map_err(|e| format!("unreadable DevTools message: {e}"));
                        (parsed, false)
                    }
                    Err(e) => (Err(format!("reading the DevTools pipe: {e}")), true),
                };
                // Stop at the pipe's end, or when the connection is gone.
                if tx.send(item).is_err() || last {
                    return;
                }
            }
        });
        Self {
            to_browser: Box::new(to_browser),
            from_browser: rx,
            next_id: 0,
            deadline,
            events: Vec::new(),
        }
    }

    /// Sends a command without waiting; returns its id.
    pub(super) fn send(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
    ) -> Result<u64, String> {
        self.next_id += 1;
        let mut message = json!({ "id": self.next_id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        self.to_browser
            .write_all(&bytes)
            .and_then(|()| self.to_browser.flush())
            .map_err(|e| format!("sending {method} to Chromium: {e}"))?;
        Ok(self.next_id)
    }

    /// Sends a command and waits for its result, keeping events that come first.
    pub(super) fn call(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
    ) -> Result<Value, String> {
        let id = self.send(method, params, session)?;
        loop {
            let message = self.next_message(method)?;
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    return Err(format!("{method} failed: {error}"));
                }
                return Ok(message["result"].clone());
            }
        }
    }

    /// Waits for an event named `method` from `session`, unless one has
    /// already come (while a command was awaited) since the last
    /// [`Connection::clear_events`].
    pub(super) fn wait_for_event(
        &mut self,
        method: &str,
        session: Option<&str>,
    ) -> Result<(), String> {
        let is_it = |message: &Value| {
            message["method"] == method && message["sessionId"].as_str() == session
        };
        if self.events.iter().any(is_it) {
            return Ok(());
        }
        loop {
            if is_it(&self.next_message(method)?) {
                return Ok(());
            }
        }
    }

    /// The events received so far, oldest first.
    pub(super) fn events(&self) -> &[Value] {
        &self.events
    }

    pub(super) fn clear_events(&mut self) {
        self.events.clear();
    }

    /// The next message, recording events; errs at the deadline.
    fn next_message(&mut self, waiting_for: &str) -> Result<Value, String> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        let message = match self.from_browser.recv_timeout(left) {
            Ok(message) => message?,
            Err(RecvTimeoutError::Timeout) => {
                return Err(format!(
                    "timed out waiting for {waiting_for}; Chromium was killed"
                ));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(format!(
                    "Chromium went away while waiting for {waiting_for}"
                ));
            }
        };
        if message.get("id").is_none() {
            if message["method"] == "Page.javascriptDialogOpening" {
                // An open dialog blocks the page; dismiss it (the report
                // lists it). The answer to this command is not awaited.
                let session = message["sessionId"].as_str().map(str::to_owned);
                self.send(
                    "Page.handleJavaScriptDialog",
                    json!({ "accept": false }),
                    session.as_deref(),
                )?;
            }
            self.events.push(message.clone());
        }
        Ok(message)
    }
}
