//! `vagval serve`: the live workshop. Participants answer the pairwise
//! comparisons on their phones through personal links; the facilitator's
//! page shows who has answered how much and reveals the results step by
//! step; the presenter's screen shows only what is revealed. Every answer
//! is journalled (fsync) before it is acknowledged, and closing writes each
//! group's judgments to its script. Depends on the workspace crate, never
//! on the CLI.

pub mod connections;
pub mod export;
pub mod pages;
pub mod results;
pub mod roster;
pub mod routes;
pub mod server;
pub mod workshop;

pub use server::{App, Options, purge};

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use vagval_report::Lang;
use vagval_workspace::Diagnostic;

/// What `vagval serve` is asked to do.
pub struct ServeOptions {
    pub root: std::path::PathBuf,
    pub lang: Lang,
    pub settings: vagval_core::settings::Settings,
    pub port: u16,
    /// Also listen on this address (the room's network).
    pub lan: Option<IpAddr>,
    pub members: Vec<(Option<String>, usize)>,
    pub member_max_cr: Option<f64>,
    /// Also ask each group for the alternatives on the leaves the analysts
    /// assessed by pairwise comparison.
    pub alternatives: bool,
}

/// Runs the server until Ctrl-C. Prints the facilitator's and the
/// presenter's addresses and where the participants' links are; the first
/// line is `http://127.0.0.1:<port>/control` (tests read the port there).
pub fn serve(options: ServeOptions, out: &mut dyn Write) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Diagnostic::new(
                format!("cannot start the server: {e}"),
                format!("kan inte starta servern: {e}"),
            )
        })?;
    runtime.block_on(serve_async(options, out))
}

async fn serve_async(options: ServeOptions, out: &mut dyn Write) -> Result<(), Diagnostic> {
    let lang = options.lang;
    let cannot_bind = |addr: SocketAddr, e: std::io::Error| {
        Diagnostic::new(
            format!("cannot listen on {addr}: {e}"),
            format!("kan inte lyssna på {addr}: {e}"),
        )
        .hint(
            "choose another --port, or stop the program using this one",
            "välj en annan --port, eller stoppa programmet som använder den",
        )
    };
    let loopback = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), options.port);
    let local = tokio::net::TcpListener::bind(loopback)
        .await
        .map_err(|e| cannot_bind(loopback, e))?;
    let port = local.local_addr().map(|a| a.port()).unwrap_or(options.port);
    let lan = match options.lan {
        Some(ip) => {
            let addr = SocketAddr::new(ip, port);
            Some(
                tokio::net::TcpListener::bind(addr)
                    .await
                    .map_err(|e| cannot_bind(addr, e))?,
            )
        }
        None => None,
    };
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let base_url = match options.lan {
        Some(ip) => {
            let shown = match ip {
                IpAddr::V6(v6) => format!("[{v6}]"),
                IpAddr::V4(v4) => v4.to_string(),
            };
            hosts.push(format!("{shown}:{port}"));
            format!("http://{shown}:{port}")
        }
        None => format!("http://127.0.0.1:{port}"),
    };
    let app = App::open(Options {
        root: options.root,
        lang,
        settings: options.settings,
        members: options.members,
        hosts,
        base_url: base_url.clone(),
        member_max_cr: options.member_max_cr,
        rate: routes::RATE,
        alternatives: options.alternatives,
    })?;
    let links = write_links(&app)?;
    let presenter = format!("{base_url}/p/{}", app.state().workshop.roster.presenter);
    let say = |out: &mut dyn Write, text: String| {
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    };
    say(out, format!("http://127.0.0.1:{port}/control"));
    say(
        out,
        match lang {
            Lang::Sv => format!(
                "Samtalsledarens sida (bara på den här datorn): http://127.0.0.1:{port}/control\nProjektorn: {presenter}\nDeltagarnas länkar och QR-lappar: {}\nAvsluta med Ctrl-C; alla svar är redan sparade.",
                links.display()
            ),
            Lang::En => format!(
                "The facilitator's page (on this computer only): http://127.0.0.1:{port}/control\nThe projector: {presenter}\nThe participants' links and QR slips: {}\nStop with Ctrl-C; every answer is already stored.",
                links.display()
            ),
        },
    );
    if options.lan.is_some() {
        let facilitator = format!("{base_url}/f/{}", app.state().workshop.roster.facilitator);
        say(
            out,
            match lang {
                Lang::Sv => format!(
                    "Samtalsledarens sida från en annan dator (håll länken hemlig): {facilitator}"
                ),
                Lang::En => format!(
                    "The facilitator's page from another computer (keep the link secret): {facilitator}"
                ),
            },
        );
    }
    if options.lan.is_none() {
        say(out, lang.pick(
            "Listening on this computer only: participants' phones need --lan with this computer's address on the room's network.",
            "Lyssnar bara på den här datorn: deltagarnas mobiler behöver --lan med datorns adress i rummets nätverk.",
        ).to_string());
    }
    tokio::spawn(monte_carlo_worker(app.clone()));
    let router = routes::router(app.clone());
    let limits = Arc::new(connections::Limits::default());
    let local_server = connections::serve(local, router.clone(), limits.clone());
    let result = match lan {
        Some(lan) => {
            let lan_server = connections::serve(lan, router, limits);
            tokio::select! {
                r = local_server => r,
                r = lan_server => r,
                _ = tokio::signal::ctrl_c() => Ok(()),
            }
        }
        None => tokio::select! {
            r = local_server => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        },
    };
    result.map_err(|e| {
        Diagnostic::new(
            format!("the server stopped: {e}"),
            format!("servern stannade: {e}"),
        )
    })
}

/// Writes `links.txt` and the printable `slips.html` into the session
/// folder; returns the slips' path.
fn write_links(app: &App) -> Result<std::path::PathBuf, Diagnostic> {
    let inner = app.state();
    let w = &inner.workshop;
    let mut text = String::new();
    for group in &w.groups {
        text.push_str(&format!("# {} ({})\n", group.name, group.id));
        for part in w.roster.participants.iter().filter(|p| p.group == group.id) {
            text.push_str(&format!(
                "{}\t{}\n",
                part.id,
                server::link(&app.base_url, part)
            ));
        }
        text.push('\n');
    }
    vagval_workspace::store::write_atomically(
        &app.session_dir,
        "links.txt",
        text.as_bytes(),
        false,
    )?;
    // The file opened from disk has no server behind it: its style inline.
    let page = pages::slips(app.lang, app, w).into_string().replace(
        "<link rel=\"stylesheet\" href=\"/assets/style.css\">",
        &format!("<style>{}</style>", include_str!("../assets/style.css")),
    );
    vagval_workspace::store::write_atomically(
        &app.session_dir,
        "slips.html",
        page.as_bytes(),
        false,
    )
}

/// Recomputes the rank acceptabilities off the request path whenever the
/// answers change and every set is revealed: at most one run at a time,
/// the changes during a run coalesced into the next, a result already
/// superseded when it ends discarded.
async fn monte_carlo_worker(app: Arc<App>) {
    let mut rx = app.version.subscribe();
    let mut computed: Option<u64> = None;
    loop {
        let (version, ready) = {
            let inner = app.state();
            let w = &inner.workshop;
            (w.version, w.all_revealed())
        };
        if ready && computed != Some(version) {
            let specs = {
                let inner = app.state();
                let w = &inner.workshop;
                results::group_specs(w, &app.group_judgments(w)).0
            };
            let worker = app.clone();
            // A newer set of answers cancels this run (it would be
            // discarded anyway); the next round starts from the newest.
            let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let watcher = {
                let cancel = cancel.clone();
                let mut newer = app.version.subscribe();
                newer.borrow_and_update();
                tokio::spawn(async move {
                    if newer.changed().await.is_ok() {
                        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                })
            };
            let flag = cancel.clone();
            let result =
                tokio::task::spawn_blocking(move || worker.monte_carlo_until(&specs, &flag))
                    .await
                    .ok()
                    .flatten();
            watcher.abort();
            computed = Some(version);
            let current = app.state().workshop.version;
            if current == version {
                if let Ok(mut slot) = app.acceptability.lock() {
                    *slot = result.map(|result| server::Acceptability { version, result });
                }
                // Screens redraw with the new figures.
                app.version.send_modify(|_| {});
            }
        }
        if rx.changed().await.is_err() {
            return;
        }
        // Debounce: a burst of answers gives one run.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}
