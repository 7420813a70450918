//! The routes and the guard in front of them. Roles come from cookies set
//! by exchanging a link's token (`/j/…` participant, `/p/…` presenter,
//! `/f/…` facilitator) or, for the facilitator, from a loopback peer.
//! Every response carries a strict CSP and no-referrer; every POST needs
//! its role's CSRF token and a same-origin Origin/Sec-Fetch-Site; the Host
//! header must name this server (DNS rebinding); bodies are at most 4 KiB
//! and never logged.

use crate::pages::{self, Role};
use crate::roster::constant_time_eq;
use crate::server::{App, SubmitError};
use crate::workshop::{Record, Refusal, RevisitChoice};
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;
use serde::Deserialize;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use vagval_report::Lang;
use vagval_workspace::questionnaire::Step;

/// Room for a 600-character comment of three-byte characters, percent
/// encoded (9 bytes each), and the form's other fields.
pub const BODY_LIMIT: usize = 8 * 1024;
/// POSTs per token and second.
pub const RATE: u32 = 20;

const PARTICIPANT_COOKIE: &str = "vv_p";
const PRESENTER_COOKIE: &str = "vv_v";
const FACILITATOR_COOKIE: &str = "vv_f";

pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The peer is this machine.
#[derive(Clone, Copy)]
struct Loopback(bool);

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/j/{token}", get(join))
        .route("/p/{secret}", get(presenter_join))
        .route("/f/{secret}", get(facilitator_join))
        .route("/q", get(participant_page))
        .route("/q/answer", post(answer))
        .route("/q/back", post(back))
        .route("/q/revisit", post(revisit))
        .route("/results", get(results_page))
        .route("/results/fragment", get(results_fragment))
        .route("/events", get(events))
        .route("/control", get(control))
        .route("/control/fragment", get(control_fragment))
        .route("/control/slips", get(slips))
        .route("/control/rerank", post(rerank))
        .route("/control/{action}", post(control_action))
        .route("/presenter", get(presenter))
        .route("/presenter/fragment", get(presenter_fragment))
        .route("/assets/app.js", get(script))
        .route("/assets/style.css", get(style))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

// ---------------------------------------------------------------------------
// The guard
// ---------------------------------------------------------------------------

async fn guard(State(app): State<Arc<App>>, mut request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !app.hosts.contains(&host) {
        return with_headers(
            (
                StatusCode::MISDIRECTED_REQUEST,
                "unknown Host header / okänd Host-rubrik",
            )
                .into_response(),
        );
    }
    if request.method() == Method::POST && !same_origin(request.headers(), &host) {
        return with_headers(
            (
                StatusCode::FORBIDDEN,
                "cross-site request refused / begäran från annan webbplats nekas",
            )
                .into_response(),
        );
    }
    let loopback = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(addr)| addr.ip().is_loopback());
    request.extensions_mut().insert(Loopback(loopback));
    with_headers(next.run(request).await)
}

/// An Origin, when sent, is this server or `null`; a Sec-Fetch-Site, when
/// sent, says same-origin. Under `Referrer-Policy: no-referrer` browsers
/// send `Origin: null` even on this site's own forms (Chromium does), so
/// `null` cannot be refused; what stops another site is Sec-Fetch-Site, the
/// SameSite=Strict cookie and the CSRF token each form carries.
fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let origin_ok = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_none_or(|o| o == "null" || o.eq_ignore_ascii_case(&format!("http://{host}")));
    let site_ok = headers
        .get("sec-fetch-site")
        .and_then(|s| s.to_str().ok())
        .is_none_or(|s| s == "same-origin");
    origin_ok && site_ok
}

fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn set_cookie(name: &str, value: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn too_many() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        "too many requests / för många förfrågningar",
    )
        .into_response()
}

/// The participant (index) whose cookie this is; revoked links count as none.
fn participant(app: &App, headers: &HeaderMap) -> Option<usize> {
    let token = cookie(headers, PARTICIPANT_COOKIE)?;
    let inner = app.state();
    let p = inner.workshop.roster.by_token(token)?;
    (!inner.workshop.people[p].revoked).then_some(p)
}

fn facilitator(app: &App, headers: &HeaderMap, loopback: Loopback) -> bool {
    if loopback.0 {
        return true;
    }
    let inner = app.state();
    cookie(headers, FACILITATOR_COOKIE).is_some_and(|c| {
        constant_time_eq(c.as_bytes(), inner.workshop.roster.facilitator.as_bytes())
    })
}

fn presenter_allowed(app: &App, headers: &HeaderMap, loopback: Loopback) -> bool {
    if facilitator(app, headers, loopback) {
        return true;
    }
    let inner = app.state();
    cookie(headers, PRESENTER_COOKIE)
        .is_some_and(|c| constant_time_eq(c.as_bytes(), inner.workshop.roster.presenter.as_bytes()))
}

/// The shared screens' live part, computed once per workshop version: a
/// burst of requests (a projector, every participant's results page, or
/// one participant hammering it) costs one rendering, not one each.
fn html_cached(app: &App, render: impl FnOnce() -> String) -> Response {
    // The rank acceptabilities arrive later for the same answers: they are
    // part of what the cached page shows.
    let accepted = app
        .acceptability
        .lock()
        .map(|a| a.as_ref().map(|a| a.version))
        .unwrap_or(None);
    let version = (app.state().workshop.version, accepted);
    let mut cache = app
        .presenter_cache
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((v, text)) = cache.as_ref()
        && *v == version
    {
        return html_text(text.clone());
    }
    let text = render();
    *cache = Some((version, text.clone()));
    html_text(text)
}

fn html_text(text: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], text).into_response()
}

fn html(markup: Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

fn status_page(app: &App, status: StatusCode, title: (&str, &str), text: (&str, &str)) -> Response {
    let lang = app.lang;
    let mut response = html(pages::plain(
        lang,
        lang.pick(title.0, title.1),
        lang.pick(text.0, text.1),
    ));
    *response.status_mut() = status;
    response
}

fn forbidden(app: &App) -> Response {
    status_page(
        app,
        StatusCode::FORBIDDEN,
        ("Not for this link", "Inte för den här länken"),
        (
            "Open the page through your own link.",
            "Öppna sidan via din egen länk.",
        ),
    )
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

// ---------------------------------------------------------------------------
// Joining
// ---------------------------------------------------------------------------

async fn home(
    State(app): State<Arc<App>>,
    loopback: axum::Extension<Loopback>,
    headers: HeaderMap,
) -> Response {
    if participant(&app, &headers).is_some() {
        return see_other("/q");
    }
    if facilitator(&app, &headers, loopback.0) {
        return see_other("/control");
    }
    status_page(
        &app,
        StatusCode::OK,
        ("vagval workshop", "vagval workshop"),
        (
            "Open your personal link (the QR code on your slip) to answer.",
            "Öppna din personliga länk (QR-koden på din lapp) för att svara.",
        ),
    )
}

fn unknown_link(app: &App) -> Response {
    status_page(
        app,
        StatusCode::NOT_FOUND,
        ("This link is not valid", "Länken gäller inte"),
        (
            "Ask the facilitator for your slip again.",
            "Be samtalsledaren om din lapp igen.",
        ),
    )
}

/// `/j/<token>`: the token becomes a cookie, and the browser is sent on,
/// so the token is neither in the address bar nor in any Referer.
async fn join(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    let valid = {
        let inner = app.state();
        inner
            .workshop
            .roster
            .by_token(&token)
            .is_some_and(|p| !inner.workshop.people[p].revoked)
    };
    if !valid {
        return unknown_link(&app);
    }
    let mut response = see_other("/q");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(PARTICIPANT_COOKIE, &token));
    response
}

/// A secret link exchanged for its cookie and a 303 to its page.
fn exchange(app: &App, given: &str, secret: &str, cookie: &str, to: &str) -> Response {
    if !constant_time_eq(given.as_bytes(), secret.as_bytes()) {
        return unknown_link(app);
    }
    let mut response = see_other(to);
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(cookie, given));
    response
}

async fn presenter_join(State(app): State<Arc<App>>, Path(secret): Path<String>) -> Response {
    let presenter = app.state().workshop.roster.presenter.clone();
    exchange(&app, &secret, &presenter, PRESENTER_COOKIE, "/presenter")
}

async fn facilitator_join(State(app): State<Arc<App>>, Path(secret): Path<String>) -> Response {
    let facilitator = app.state().workshop.roster.facilitator.clone();
    exchange(&app, &secret, &facilitator, FACILITATOR_COOKIE, "/control")
}

// ---------------------------------------------------------------------------
// The participant
// ---------------------------------------------------------------------------

/// Without a cookie, `/q` may be the first page after a link opened from
/// another app: a Strict cookie set there is sent from the next navigation
/// on, so the page tries once more by itself.
fn no_participant(app: &App, again: bool) -> Response {
    let lang = app.lang;
    // Once, a page that reloads itself: from this site's own page the
    // Strict cookie set by `/j/…` is sent.
    let body = maud::html! {
        (maud::DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if !again { meta http-equiv="refresh" content="2;url=/q?again=1"; }
                title { (lang.pick("Open your personal link", "Öppna din personliga länk")) }
                link rel="stylesheet" href="/assets/style.css";
            }
            body { main {
                h1 { (lang.pick("Open your personal link", "Öppna din personliga länk")) }
                p { (lang.pick(
                    "This page needs your own link (the QR code on your slip). If you just opened it, the page tries again by itself.",
                    "Sidan behöver din egen länk (QR-koden på din lapp). Om du nyss öppnade den försöker sidan igen av sig själv."
                )) }
                p { a href="/q" { (lang.pick("Try again", "Försök igen")) } }
            } }
        }
    };
    let mut response = html(body);
    *response.status_mut() = StatusCode::FORBIDDEN;
    response
}

async fn participant_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let Some(p) = participant(&app, &headers) else {
        return no_participant(&app, uri.query().is_some_and(|q| q.contains("again")));
    };
    let message = app.take_flash(Some(p));
    let inner = app.state();
    let w = &inner.workshop;
    let csrf = w.roster.participants[p].csrf.clone();
    html(pages::participant(
        app.lang,
        w,
        p,
        &csrf,
        message.as_deref(),
    ))
}

#[derive(Deserialize)]
struct AnswerForm {
    csrf: String,
    set: String,
    first: String,
    second: String,
    choice: Option<String>,
    comment: Option<String>,
    action: Option<String>,
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

#[derive(Deserialize)]
struct RevisitForm {
    csrf: String,
    set: String,
    first: String,
    second: String,
    reply: Option<String>,
}

fn participant_csrf(app: &App, p: usize, csrf: &str) -> bool {
    let inner = app.state();
    constant_time_eq(
        inner.workshop.roster.participants[p].csrf.as_bytes(),
        csrf.as_bytes(),
    )
}

fn participant_id(app: &App, p: usize) -> String {
    app.state().workshop.roster.participants[p].id.clone()
}

/// Journals `record` off the async threads (fsync) and answers: 303 to
/// `to` once stored (a refusal is said on the next page), 503 when the
/// journal could not store it — then nothing was taken.
async fn store(app: &Arc<App>, who: Option<usize>, record: Record, to: &str) -> Response {
    let worker = app.clone();
    let outcome = tokio::task::spawn_blocking(move || worker.submit(&record)).await;
    match outcome {
        Ok(Ok(())) => see_other(to),
        Ok(Err(SubmitError::Refused(refusal))) => {
            app.set_flash(who, refusal_text(app.lang, refusal));
            see_other(to)
        }
        Ok(Err(SubmitError::Storage(reason))) => {
            // The facilitator's terminal says why (never the request's body).
            eprintln!("vagval serve: {reason}");
            not_saved(app)
        }
        Err(_) => not_saved(app),
    }
}

fn not_saved(app: &App) -> Response {
    status_page(
        app,
        StatusCode::SERVICE_UNAVAILABLE,
        ("Not saved", "Inte sparat"),
        (
            "Your answer could not be stored, so it was not taken. Try again in a moment; tell the facilitator if it keeps failing.",
            "Svaret kunde inte sparas och togs därför inte emot. Försök igen om en stund; säg till samtalsledaren om det inte går.",
        ),
    )
}

pub fn refusal_text(lang: Lang, refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::Stale => lang.pick(
            "That question had already been answered (a second tab, or a new round): here is the current one.",
            "Den frågan var redan besvarad (en annan flik, eller en ny omgång): här är den aktuella.",
        ),
        Refusal::BadValue => lang.pick("Choose one of the answers.", "Välj ett av svaren."),
        Refusal::CannotSkip => lang.pick(
            "“Don't know” is not possible here: without this answer the criteria could not be weighed against each other. Choose the answer nearest your view.",
            "”Vet ej” går inte här: utan det här svaret kan kriterierna inte vägas mot varandra. Välj det svar som ligger närmast din uppfattning.",
        ),
        Refusal::NothingToUndo => lang.pick("There is no earlier answer to go back to.", "Det finns inget tidigare svar att gå tillbaka till."),
        Refusal::TooMany => lang.pick(
            "This link has made too many changes; ask the facilitator.",
            "Den här länken har gjort för många ändringar; fråga samtalsledaren.",
        ),
        Refusal::Revealed => lang.pick(
            "That answer's results are already shown: it can change only if the facilitator asks the question again.",
            "Resultaten för det svaret visas redan: det kan bara ändras om samtalsledaren ställer frågan igen.",
        ),
        Refusal::Closed => lang.pick("The session is closed: answers are no longer taken.", "Sessionen är avslutad: inga fler svar tas emot."),
        Refusal::Revoked => lang.pick("This link has been withdrawn.", "Den här länken har dragits tillbaka."),
        Refusal::CommentTooLong => lang.pick("The comment is too long (at most 600 characters).", "Kommentaren är för lång (högst 600 tecken)."),
        Refusal::UnknownParticipant | Refusal::UnknownSet | Refusal::UnknownPair => {
            lang.pick("That question does not exist.", "Den frågan finns inte.")
        }
    }
}

async fn answer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Response {
    let Some(p) = participant(&app, &headers) else {
        return no_participant(&app, true);
    };
    if !participant_csrf(&app, p, &form.csrf) {
        return forbidden(&app);
    }
    if !app.allow(&format!("p{p}"), app.rate) {
        return too_many();
    }
    let value = if form.action.as_deref() == Some("skip") {
        None
    } else {
        match form.choice.as_deref().map(vagval_core::scale::parse_value) {
            Some(Ok(v)) => Some(v),
            _ => {
                app.set_flash(
                    Some(p),
                    app.lang.pick(
                        "Choose one of the answers, or “Don't know”.",
                        "Välj ett av svaren, eller ”Vet ej”.",
                    ),
                );
                return see_other("/q");
            }
        }
    };
    let record = Record::Answer {
        participant: participant_id(&app, p),
        set: form.set,
        first: form.first,
        second: form.second,
        value,
        // A browser counts a line break as one character and sends two.
        comment: form
            .comment
            .map(|c| c.replace("\r\n", "\n"))
            .filter(|c| !c.trim().is_empty()),
    };
    store(&app, Some(p), record, "/q").await
}

async fn back(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let Some(p) = participant(&app, &headers) else {
        return no_participant(&app, true);
    };
    if !participant_csrf(&app, p, &form.csrf) {
        return forbidden(&app);
    }
    if !app.allow(&format!("p{p}"), app.rate) {
        return too_many();
    }
    let record = Record::Back {
        participant: participant_id(&app, p),
    };
    store(&app, Some(p), record, "/q").await
}

async fn revisit(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<RevisitForm>,
) -> Response {
    let Some(p) = participant(&app, &headers) else {
        return no_participant(&app, true);
    };
    if !participant_csrf(&app, p, &form.csrf) {
        return forbidden(&app);
    }
    if !app.allow(&format!("p{p}"), app.rate) {
        return too_many();
    }
    let reply = match form.reply.as_deref() {
        Some("keep") | None => RevisitChoice::Keep,
        Some("suggestion") => RevisitChoice::Suggestion,
        Some(text) => match vagval_core::scale::parse_value(text) {
            Ok(v) => RevisitChoice::Value(v),
            Err(_) => {
                app.set_flash(Some(p), refusal_text(app.lang, Refusal::BadValue));
                return see_other("/q");
            }
        },
    };
    let record = Record::Revisit {
        participant: participant_id(&app, p),
        set: form.set,
        first: form.first,
        second: form.second,
        reply,
    };
    store(&app, Some(p), record, "/q").await
}

/// Revealed results only: what the projector shows.
async fn results_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    let role = if let Some(p) = participant(&app, &headers) {
        // The results are for those who have answered: seen before,
        // they would steer the answers still to come.
        if !matches!(app.state().workshop.step(p), Step::Done) {
            return see_other("/q");
        }
        Role::Participant
    } else if presenter_allowed(&app, &headers, loopback.0) {
        Role::Presenter
    } else {
        return forbidden(&app);
    };
    let inner = app.state();
    html(pages::presenter(app.lang, &app, &inner.workshop, role))
}

async fn results_fragment(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    match participant(&app, &headers) {
        Some(p) if !matches!(app.state().workshop.step(p), Step::Done) => return forbidden(&app),
        Some(p) if !app.allow(&format!("g{p}"), app.rate) => return too_many(),
        Some(_) => {}
        None if !presenter_allowed(&app, &headers, loopback.0) => return forbidden(&app),
        None => {}
    }
    html_cached(&app, || {
        let inner = app.state();
        pages::presenter_live(app.lang, &app, &inner.workshop).into_string()
    })
}

// ---------------------------------------------------------------------------
// The event stream
// ---------------------------------------------------------------------------

/// What a participant's page needs to know has changed: their own progress
/// and step, how many sets are revealed, whether the session is closed.
/// Nothing of anyone else's.
fn participant_state(app: &App, p: usize) -> String {
    let inner = app.state();
    let w = &inner.workshop;
    let (done, total) = w.people[p].q.progress();
    let step = match w.step(p) {
        Step::Question(q) => format!("q:{}:{}:{}", q.set, q.pair.0, q.pair.1),
        Step::Revisit(o) => format!("r:{}:{}:{}", o.set, o.answer.first, o.answer.second),
        Step::Done => "done".to_string(),
    };
    let revealed = w.revealed.iter().filter(|r| **r).count();
    // Once something is revealed and this participant has finished, the
    // results they may see change with everyone's answers: their results
    // page follows the workshop's version. Before that, nothing of others.
    let results = if revealed > 0 && step == "done" {
        w.version
    } else {
        0
    };
    serde_json::json!({
        "done": done,
        "total": total,
        "step": step,
        "revealed": revealed,
        "closed": w.closed,
        "results": results,
    })
    .to_string()
}

async fn events(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    let participant = participant(&app, &headers);
    if participant.is_none() && !presenter_allowed(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    let rx = app.version.subscribe();
    let stream = futures_util::stream::unfold(
        (app, rx, None::<String>, true),
        move |(app, mut rx, last, first)| async move {
            let mut first = first;
            loop {
                if !first {
                    rx.changed().await.ok()?;
                    if participant.is_none() {
                        // Screens redraw at most about five times a second.
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
                first = false;
                rx.borrow_and_update();
                let data = match participant {
                    Some(p) => participant_state(&app, p),
                    None => format!("{{\"version\":{}}}", app.state().workshop.version),
                };
                if last.as_deref() != Some(&data) {
                    let event = Event::default().event("state").data(data.clone());
                    return Some((Ok::<Event, Infallible>(event), (app, rx, Some(data), false)));
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

// ---------------------------------------------------------------------------
// The facilitator and the presenter
// ---------------------------------------------------------------------------

async fn control(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    if !facilitator(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    let message = app.take_flash(None);
    let inner = app.state();
    let csrf = inner.workshop.roster.facilitator_csrf.clone();
    html(pages::control(
        app.lang,
        &app,
        &inner.workshop,
        &csrf,
        message.as_deref(),
    ))
}

async fn control_fragment(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    if !facilitator(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    let inner = app.state();
    let csrf = inner.workshop.roster.facilitator_csrf.clone();
    html(pages::control_live(app.lang, &app, &inner.workshop, &csrf))
}

async fn slips(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    if !facilitator(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    let inner = app.state();
    html(pages::slips(app.lang, &app, &inner.workshop))
}

async fn presenter(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    if !presenter_allowed(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    let inner = app.state();
    html(pages::presenter(
        app.lang,
        &app,
        &inner.workshop,
        Role::Presenter,
    ))
}

async fn presenter_fragment(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
) -> Response {
    if !presenter_allowed(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    html_cached(&app, || {
        let inner = app.state();
        pages::presenter_live(app.lang, &app, &inner.workshop).into_string()
    })
}

#[derive(Deserialize)]
struct ControlForm {
    csrf: String,
    set: Option<String>,
    first: Option<String>,
    second: Option<String>,
    on: Option<String>,
    participant: Option<String>,
}

fn facilitator_csrf(app: &App, csrf: &str) -> bool {
    constant_time_eq(
        app.state().workshop.roster.facilitator_csrf.as_bytes(),
        csrf.as_bytes(),
    )
}

async fn control_action(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
    Path(action): Path<String>,
    Form(form): Form<ControlForm>,
) -> Response {
    if !facilitator(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    if !facilitator_csrf(&app, &form.csrf) {
        return forbidden(&app);
    }
    let lang = app.lang;
    let set = form.set.clone().unwrap_or_default();
    let record = match action.as_str() {
        "reveal" => Record::Reveal { set },
        "hide" => Record::Hide { set },
        "anonymous" => Record::Anonymous {
            on: form.on.as_deref() == Some("true"),
        },
        "reopen" => Record::Reopen {
            set,
            first: form.first.unwrap_or_default(),
            second: form.second.unwrap_or_default(),
        },
        "revoke" => Record::Revoke {
            participant: form.participant.unwrap_or_default(),
        },
        "close" => Record::Close,
        "export" => {
            let worker = app.clone();
            let outcome = tokio::task::spawn_blocking(move || worker.export()).await;
            app.set_flash(None, export_text(lang, outcome));
            return see_other("/control");
        }
        "report" => {
            let worker = app.clone();
            let outcome = tokio::task::spawn_blocking(move || worker.write_report()).await;
            let text = match outcome {
                Ok(Ok(path)) => match lang {
                    Lang::Sv => format!("Rapporten skrevs till {}.", path.display()),
                    Lang::En => format!("The report was written to {}.", path.display()),
                },
                Ok(Err(d)) => d.render_in(lang),
                Err(_) => lang
                    .pick("The report failed.", "Rapporten misslyckades.")
                    .to_string(),
            };
            app.set_flash(None, text);
            return see_other("/control");
        }
        _ => return not_found(State(app)).await,
    };
    let closing = matches!(record, Record::Close);
    let response = store(&app, None, record, "/control").await;
    if closing && response.status() == StatusCode::SEE_OTHER && app.state().workshop.closed {
        let worker = app.clone();
        let outcome = tokio::task::spawn_blocking(move || worker.export()).await;
        app.set_flash(None, export_text(lang, outcome));
    }
    response
}

type ExportOutcome = Result<
    Result<(Vec<std::path::PathBuf>, Vec<String>), vagval_workspace::Diagnostic>,
    tokio::task::JoinError,
>;

fn export_text(lang: Lang, outcome: ExportOutcome) -> String {
    match outcome {
        Ok(Ok((written, waiting))) => {
            let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            let mut text = match lang {
                Lang::Sv => format!(
                    "Skrev {}.",
                    if files.is_empty() {
                        "inga skript".into()
                    } else {
                        files.join(", ")
                    }
                ),
                Lang::En => format!(
                    "Wrote {}.",
                    if files.is_empty() {
                        "no scripts".into()
                    } else {
                        files.join(", ")
                    }
                ),
            };
            if !waiting.is_empty() {
                text.push(' ');
                text.push_str(&match lang {
                    Lang::Sv => format!(
                        "Inte skrivna (alla frågor är inte besvarade): {}.",
                        waiting.join(", ")
                    ),
                    Lang::En => format!(
                        "Not written (not every question answered): {}.",
                        waiting.join(", ")
                    ),
                });
            }
            text
        }
        Ok(Err(d)) => d.render_in(lang),
        Err(_) => lang
            .pick(
                "Writing the scripts failed.",
                "Skripten kunde inte skrivas.",
            )
            .to_string(),
    }
}

/// The groups' aggregate re-ranked with the slider weights (nothing stored).
async fn rerank(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    loopback: axum::Extension<Loopback>,
    Form(form): Form<std::collections::BTreeMap<String, String>>,
) -> Response {
    if !facilitator(&app, &headers, loopback.0) {
        return forbidden(&app);
    }
    if !form.get("csrf").is_some_and(|c| facilitator_csrf(&app, c)) {
        return forbidden(&app);
    }
    let lang = app.lang;
    let worker = app.clone();
    let ranking = tokio::task::spawn_blocking(move || worker.rerank(&form))
        .await
        .ok()
        .flatten();
    let markup = match ranking {
        Some(ranking) => pages::rerank_result(lang, &ranking),
        None => pages::notice(lang.pick(
            "No ranking: give some criterion a weight above 0, once a group has answered every question.",
            "Ingen rangordning: ge något kriterium en vikt över 0, när någon grupp har svarat på alla frågor.",
        )),
    };
    if headers.get("x-fragment").is_some() {
        html(markup)
    } else {
        html(pages::page(
            lang,
            "vagval",
            "facilitator",
            maud::html! { (markup) p { a href="/control" { (lang.pick("Back", "Tillbaka")) } } },
        ))
    }
}

// ---------------------------------------------------------------------------
// Assets
// ---------------------------------------------------------------------------

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../assets/app.js"),
    )
        .into_response()
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../assets/style.css"),
    )
        .into_response()
}

async fn not_found(State(app): State<Arc<App>>) -> Response {
    status_page(
        &app,
        StatusCode::NOT_FOUND,
        ("Not found", "Sidan finns inte"),
        ("There is no such page.", "Det finns ingen sådan sida."),
    )
}
