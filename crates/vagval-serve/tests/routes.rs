//! Every route in process (tower's `oneshot`, no socket): who may see what
//! before and after the reveal, CSRF, Origin and Host checks, limits, the
//! journal before the acknowledgement, closing that writes the groups'
//! scripts. The workspace is a copy of the repository's Tranås model.

// Test helpers outside #[test] functions: a failure is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use vagval_report::Lang;
use vagval_serve::{App, Options};

const HOST: &str = "127.0.0.1:8080";

struct Session {
    dir: PathBuf,
    app: Arc<App>,
    router: Router,
    /// Remove the workspace copy when dropped.
    remove: bool,
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.remove {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

fn session(name: &str) -> Session {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("vagval-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for item in ["vagval.toml", "criteria", "scripts"] {
        copy(&repo.join(item), &dir.join(item));
    }
    let app = App::open(Options {
        root: dir.clone(),
        lang: Lang::En,
        settings: Default::default(),
        members: vec![(None, 2)],
        hosts: vec![HOST.to_string()],
        base_url: format!("http://{HOST}"),
        member_max_cr: (name == "maxcr").then_some(0.1),
        // Tests answer faster than any person; the limit has its own test.
        rate: if name == "limits" {
            vagval_serve::routes::RATE
        } else {
            10_000
        },
        alternatives: name == "alternatives",
    })
    .unwrap_or_else(|d| panic!("{}", d.render()));
    let router = vagval_serve::routes::router(app.clone());
    Session {
        dir,
        app,
        router,
        remove: true,
    }
}

/// From a phone on the room's network (not the facilitator's machine).
const PHONE: &str = "192.168.1.20:50000";
const LAPTOP: &str = "127.0.0.1:50000";

struct Call<'a> {
    method: &'a str,
    uri: &'a str,
    peer: &'a str,
    cookie: Option<String>,
    body: Option<String>,
    headers: Vec<(&'a str, &'a str)>,
}

fn get<'a>(uri: &'a str, peer: &'a str, cookie: Option<String>) -> Call<'a> {
    Call {
        method: "GET",
        uri,
        peer,
        cookie,
        body: None,
        headers: Vec::new(),
    }
}

fn post<'a>(uri: &'a str, peer: &'a str, cookie: Option<String>, body: String) -> Call<'a> {
    Call {
        method: "POST",
        uri,
        peer,
        cookie,
        body: Some(body),
        headers: Vec::new(),
    }
}

async fn send(s: &Session, call: Call<'_>) -> Response<Body> {
    let mut request = Request::builder()
        .method(call.method)
        .uri(call.uri)
        .header(header::HOST, HOST);
    if let Some(cookie) = &call.cookie {
        request = request.header(header::COOKIE, cookie);
    }
    for (k, v) in &call.headers {
        request = request.header(*k, *v);
    }
    let body = match call.body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(body)
        }
        None => Body::empty(),
    };
    let mut request = request.body(body).unwrap();
    let peer: SocketAddr = call.peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    s.router.clone().oneshot(request).await.unwrap()
}

async fn text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn hidden(page: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + key.len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

/// Joins as participant `n` (0-based roster index); returns the cookie.
async fn join(s: &Session, n: usize) -> String {
    let token = s.app.state().workshop.roster.participants[n].token.clone();
    let response = send(s, get(&format!("/j/{token}"), PHONE, None)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/q");
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_string()
}

/// Answers the open question with `choice`; returns the status.
async fn answer(s: &Session, cookie: &str, choice: &str, comment: &str) -> StatusCode {
    let page = text(send(s, get("/q", PHONE, Some(cookie.into()))).await).await;
    let body = format!(
        "csrf={}&set={}&first={}&second={}&choice={}&comment={}&action=answer",
        hidden(&page, "csrf"),
        hidden(&page, "set"),
        hidden(&page, "first"),
        hidden(&page, "second"),
        choice.replace('/', "%2F"),
        comment.replace(' ', "+"),
    );
    send(s, post("/q/answer", PHONE, Some(cookie.into()), body))
        .await
        .status()
}

/// A response's cookie as a request sends it back (`name=value`).
fn cookie_of(response: &Response<Body>) -> String {
    response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// The facilitator (at the laptop) reveals the criteria's results; returns
/// the status.
async fn reveal_criteria(s: &Session) -> StatusCode {
    let csrf = facilitator_csrf(s);
    let body = format!("csrf={csrf}&set=goal");
    send(s, post("/control/reveal", LAPTOP, None, body))
        .await
        .status()
}

/// Answers all 36 questions "equal", without a comment.
async fn answer_all(s: &Session, cookie: &str) {
    for _ in 0..36 {
        assert_eq!(answer(s, cookie, "1", "").await, StatusCode::SEE_OTHER);
    }
}

fn journal(s: &Session) -> String {
    std::fs::read_to_string(s.dir.join("workshop-session/journal.jsonl")).unwrap_or_default()
}

fn facilitator_csrf(s: &Session) -> String {
    s.app.state().workshop.roster.facilitator_csrf.clone()
}

#[tokio::test]
async fn a_link_becomes_a_cookie_and_an_answer_is_journalled_before_the_redirect() {
    let s = session("join");
    let cookie = join(&s, 0).await;
    let page = text(send(&s, get("/q", PHONE, Some(cookie.clone()))).await).await;
    assert!(page.contains("Question 1 of 36"), "{page}");
    // Nine answers in the survey's words, and "Don't know".
    assert_eq!(page.matches("type=\"radio\"").count(), 9);
    assert!(page.contains("equally important") && page.contains("value=\"skip\""));
    assert_eq!(answer(&s, &cookie, "3", "").await, StatusCode::SEE_OTHER);
    assert_eq!(journal(&s).lines().count(), 1);
    // What Chromium sends for this site's own form under no-referrer.
    let page = text(send(&s, get("/q", PHONE, Some(cookie.clone()))).await).await;
    assert!(page.contains("Question 2 of 36"));
    let mut own = post(
        "/q/answer",
        PHONE,
        Some(cookie.clone()),
        format!(
            "csrf={}&set={}&first={}&second={}&choice=2&action=answer",
            hidden(&page, "csrf"),
            hidden(&page, "set"),
            hidden(&page, "first"),
            hidden(&page, "second")
        ),
    );
    own.headers.push(("origin", "null"));
    own.headers.push(("sec-fetch-site", "same-origin"));
    assert_eq!(send(&s, own).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(journal(&s).lines().count(), 2);
    // A wrong or withdrawn token opens nothing.
    let response = send(&s, get("/j/00000000000000000000000000000000", PHONE, None)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_foreign_host_is_refused() {
    let s = session("headers");
    let response = send(&s, get("/", PHONE, None)).await;
    assert_eq!(
        response.headers()[header::CONTENT_SECURITY_POLICY],
        vagval_serve::routes::CSP
    );
    assert_eq!(response.headers()[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(response.headers()[header::X_FRAME_OPTIONS], "DENY");
    let mut request = Request::builder()
        .uri("/control")
        .header(header::HOST, "attacker.example:8080")
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo::<SocketAddr>(LAPTOP.parse().unwrap()));
    let response = s.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn a_change_without_its_csrf_token_or_from_another_site_is_refused_and_not_journalled() {
    let s = session("csrf");
    let cookie = join(&s, 0).await;
    let page = text(send(&s, get("/q", PHONE, Some(cookie.clone()))).await).await;
    let fields = format!(
        "set={}&first={}&second={}&choice=3&action=answer",
        hidden(&page, "set"),
        hidden(&page, "first"),
        hidden(&page, "second")
    );
    let wrong = send(
        &s,
        post(
            "/q/answer",
            PHONE,
            Some(cookie.clone()),
            format!("csrf=0123&{fields}"),
        ),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    // Another participant's token is not this one's.
    let other = s.app.state().workshop.roster.participants[1].csrf.clone();
    let swapped = send(
        &s,
        post(
            "/q/answer",
            PHONE,
            Some(cookie.clone()),
            format!("csrf={other}&{fields}"),
        ),
    )
    .await;
    assert_eq!(swapped.status(), StatusCode::FORBIDDEN);
    let csrf = hidden(&page, "csrf");
    let mut foreign = post(
        "/q/answer",
        PHONE,
        Some(cookie.clone()),
        format!("csrf={csrf}&{fields}"),
    );
    foreign.headers.push(("origin", "http://evil.example"));
    assert_eq!(send(&s, foreign).await.status(), StatusCode::FORBIDDEN);
    // `Origin: null` (what Chromium sends under no-referrer) from another
    // site is refused by its Sec-Fetch-Site.
    let mut null_cross = post(
        "/q/answer",
        PHONE,
        Some(cookie.clone()),
        format!("csrf={csrf}&{fields}"),
    );
    null_cross.headers.push(("origin", "null"));
    null_cross.headers.push(("sec-fetch-site", "cross-site"));
    assert_eq!(send(&s, null_cross).await.status(), StatusCode::FORBIDDEN);
    let mut cross = post(
        "/q/answer",
        PHONE,
        Some(cookie.clone()),
        format!("csrf={csrf}&{fields}"),
    );
    cross.headers.push(("sec-fetch-site", "cross-site"));
    assert_eq!(send(&s, cross).await.status(), StatusCode::FORBIDDEN);
    // The facilitator's actions need the facilitator's token, too.
    let reveal = send(
        &s,
        post(
            "/control/reveal",
            LAPTOP,
            None,
            format!("csrf={csrf}&set=goal"),
        ),
    )
    .await;
    assert_eq!(reveal.status(), StatusCode::FORBIDDEN);
    assert_eq!(journal(&s), "");
    assert!(!s.app.state().workshop.revealed[0]);
}

#[tokio::test]
async fn bodies_are_bounded_and_a_token_is_rate_limited() {
    let s = session("limits");
    let cookie = join(&s, 0).await;
    let big = format!(
        "csrf=x&comment={}",
        "a".repeat(vagval_serve::routes::BODY_LIMIT + 1)
    );
    let response = send(&s, post("/q/answer", PHONE, Some(cookie.clone()), big)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let csrf = s.app.state().workshop.roster.participants[0].csrf.clone();
    let mut limited = 0;
    for _ in 0..(vagval_serve::routes::RATE + 5) {
        let r = send(
            &s,
            post(
                "/q/back",
                PHONE,
                Some(cookie.clone()),
                format!("csrf={csrf}"),
            ),
        )
        .await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
        }
    }
    assert!(limited >= 5, "{limited}");
}

/// Every GET route a participant or the presenter can reach, as `cookie`.
async fn everything_visible(s: &Session, cookie: Option<String>) -> String {
    let mut all = String::new();
    for uri in [
        "/",
        "/q",
        "/results",
        "/results/fragment",
        "/presenter",
        "/presenter/fragment",
        "/control",
        "/control/fragment",
        "/control/slips",
    ] {
        let response = send(s, get(uri, PHONE, cookie.clone())).await;
        all.push_str(&text(response).await);
    }
    // The first event of the stream.
    let response = send(s, get("/events", PHONE, cookie.clone())).await;
    if response.status() == StatusCode::OK {
        let mut body = response.into_body();
        let frame = body.frame().await.unwrap().unwrap();
        all.push_str(&String::from_utf8_lossy(frame.data_ref().unwrap()));
    }
    all
}

#[tokio::test]
async fn before_the_reveal_no_route_and_no_stream_shows_anyone_elses_answers() {
    let s = session("leak");
    let alice = join(&s, 0).await;
    let bob = join(&s, 1).await;
    // Alice answers everything with a comment that must not leak.
    for _ in 0..36 {
        assert_eq!(
            answer(&s, &alice, "1", "hemligt skal").await,
            StatusCode::SEE_OTHER
        );
    }
    let done = text(send(&s, get("/q", PHONE, Some(alice.clone()))).await).await;
    assert!(done.contains("Thank you"));
    assert!(
        done.contains("Nobody sees anyone's answers until"),
        "{done}"
    );
    let seen_by_bob = everything_visible(&s, Some(bob.clone())).await;
    assert!(!seen_by_bob.contains("hemligt"), "a comment leaked");
    // Weights are shown as "12.3\u{a0}%" (descriptions may say "3 %").
    assert!(!seen_by_bob.contains("\u{a0}%"), "a weight leaked");
    assert!(!seen_by_bob.contains("Weights of the criteria"));
    // Bob has not finished: no results page for him at all yet.
    let early = send(&s, get("/results", PHONE, Some(bob.clone()))).await;
    assert_eq!(early.status(), StatusCode::SEE_OTHER);
    assert_eq!(early.headers()[header::LOCATION], "/q");
    // The control page is not a participant's, from a phone.
    let control = send(&s, get("/control", PHONE, Some(bob.clone()))).await;
    assert_eq!(control.status(), StatusCode::FORBIDDEN);
    // A stranger sees nothing either.
    let stranger = everything_visible(&s, None).await;
    assert!(!stranger.contains("hemligt") && !stranger.contains("\u{a0}%"));
    // The presenter (by its link) sees progress, no values.
    let secret = s.app.state().workshop.roster.presenter.clone();
    let presenter = send(&s, get(&format!("/p/{secret}"), PHONE, None)).await;
    let cookie = cookie_of(&presenter);
    let screen = everything_visible(&s, Some(cookie.clone())).await;
    assert!(!screen.contains("hemligt") && !screen.contains("\u{a0}%"));
    assert!(screen.contains("1 / 2"), "progress per group");

    // The facilitator reveals the criteria: now Bob and the projector see
    // the groups' weights, still no comment.
    let csrf = facilitator_csrf(&s);
    assert_eq!(reveal_criteria(&s).await, StatusCode::SEE_OTHER);
    // Bob finishes; then he sees what is revealed, still no comment.
    answer_all(&s, &bob).await;
    let after = text(send(&s, get("/results", PHONE, Some(bob.clone()))).await).await;
    assert!(
        after.contains("Weights of the criteria") && after.contains("\u{a0}%"),
        "{after}"
    );
    assert!(!after.contains("hemligt"));
    // Alice's page no longer says that nothing is shown.
    let done = text(send(&s, get("/q", PHONE, Some(alice.clone()))).await).await;
    assert!(
        done.contains("The facilitator has shown the groups' results"),
        "{done}"
    );
    assert!(!done.contains("Nobody sees anyone's answers until"));
    let hide = send(
        &s,
        post(
            "/control/hide",
            LAPTOP,
            None,
            format!("csrf={csrf}&set=goal"),
        ),
    )
    .await;
    assert_eq!(hide.status(), StatusCode::SEE_OTHER);
    let hidden_again = everything_visible(&s, Some(cookie)).await;
    assert!(!hidden_again.contains("\u{a0}%"));
}

/// The facilitator's table of answers (a column of every participant's
/// progress) is wider than a phone: it scrolls in its own box, so the page
/// does not scroll sideways (seen at 360 px with the secret link). The
/// projector's, from the same code, too.
#[tokio::test]
async fn the_progress_table_scrolls_in_its_own_box() {
    let s = session("progress-box");
    let control = text(send(&s, get("/control", LAPTOP, None)).await).await;
    assert!(
        control.contains("<div class=\"scroll\"><table class=\"progress-table\">"),
        "{control}"
    );
    let secret = s.app.state().workshop.roster.presenter.clone();
    let presenter = send(&s, get(&format!("/p/{secret}"), PHONE, None)).await;
    let screen = text(
        send(
            &s,
            get("/presenter/fragment", PHONE, Some(cookie_of(&presenter))),
        )
        .await,
    )
    .await;
    assert!(
        screen.contains("<div class=\"scroll\"><table class=\"progress-table\">"),
        "{screen}"
    );
}

#[tokio::test]
async fn the_facilitator_is_the_laptop_or_holds_the_secret_link() {
    let s = session("roles");
    assert_eq!(
        send(&s, get("/control", LAPTOP, None)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        send(&s, get("/control", PHONE, None)).await.status(),
        StatusCode::FORBIDDEN
    );
    let secret = s.app.state().workshop.roster.facilitator.clone();
    let response = send(&s, get(&format!("/f/{secret}"), PHONE, None)).await;
    let cookie = cookie_of(&response);
    assert_eq!(
        send(&s, get("/control", PHONE, Some(cookie)))
            .await
            .status(),
        StatusCode::OK
    );
    let slips = text(send(&s, get("/control/slips", LAPTOP, None)).await).await;
    // One QR code per participant (2 per group).
    let participants = s.app.state().workshop.roster.participants.len();
    assert_eq!(participants, 2 * s.app.state().workshop.groups.len());
    assert_eq!(slips.matches("<svg role=\"img\"").count(), participants);
}

#[tokio::test]
async fn a_participants_stream_says_only_their_own_progress() {
    let s = session("stream");
    let alice = join(&s, 0).await;
    let response = send(&s, get("/events", PHONE, Some(alice.clone()))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    let first = body.frame().await.unwrap().unwrap();
    let first = String::from_utf8_lossy(first.data_ref().unwrap()).to_string();
    assert!(
        first.contains("\"done\":0") && first.contains("\"total\":36"),
        "{first}"
    );
    // Bob answers: Alice's stream stays silent (nothing of hers changed);
    // Alice answers: it speaks.
    let bob = join(&s, 1).await;
    assert_eq!(answer(&s, &bob, "5", "").await, StatusCode::SEE_OTHER);
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(300), body.frame()).await;
    assert!(quiet.is_err(), "Alice's stream spoke of Bob's answer");
    assert_eq!(answer(&s, &alice, "5", "").await, StatusCode::SEE_OTHER);
    let next = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(next.data_ref().unwrap()).contains("\"done\":1"));
}

#[tokio::test]
async fn closing_writes_each_finished_groups_script_with_a_backup_and_refuses_later_answers() {
    let s = session("close");
    // Every member of every group answers all; group members disagree.
    let count = s.app.state().workshop.roster.participants.len();
    for n in 0..count {
        let cookie = join(&s, n).await;
        let choice = if n % 2 == 0 { "3" } else { "1/3" };
        for k in 0..36 {
            let comment = if k == 0 {
                format!("skäl {n}")
            } else {
                String::new()
            };
            assert_eq!(
                answer(&s, &cookie, if k < 8 { choice } else { "1" }, &comment).await,
                StatusCode::SEE_OTHER
            );
        }
    }
    let csrf = facilitator_csrf(&s);
    let before = std::fs::read_to_string(s.dir.join("scripts/groups/fiscal-caution.lua")).unwrap();
    let closed = send(
        &s,
        post("/control/close", LAPTOP, None, format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let script = std::fs::read_to_string(s.dir.join("scripts/groups/fiscal-caution.lua")).unwrap();
    assert!(script.contains("vagval serve"), "{script}");
    assert!(script.contains("skäl"), "comments kept as rationales");
    let backup =
        std::fs::read_to_string(s.dir.join("scripts/groups/fiscal-caution.lua.bak")).unwrap();
    assert_eq!(backup, before);
    // The written scripts load in every CLI command (through the workspace crate).
    drop(s.app.state());
    let workspace = vagval_workspace::Workspace::load(&s.dir).unwrap();
    let model = vagval_core::model::Model::new(workspace.spec.clone()).unwrap();
    let load = vagval_workspace::groups::load(&s.dir, &model, workspace.limits).unwrap();
    assert_eq!(load.loaded.len(), s.app.state().workshop.groups.len());
    assert!(load.failed.is_empty());
    // The two members' 3 and 1/3 meet at 1 (geometric mean).
    let group = &load
        .loaded
        .iter()
        .find(|g| g.spec.id == "fiscal-caution")
        .unwrap()
        .spec;
    if let vagval_core::assessment::WeightsSpec::Judgments(judgments) = &group.weights[0].1 {
        assert!(
            (judgments[0].value - 1.0).abs() < 1e-9,
            "{:?}",
            judgments[0]
        );
    } else {
        panic!("pairwise weights expected");
    }
    // No answers after the close.
    let cookie = join(&s, 0).await;
    let page = text(send(&s, get("/q", PHONE, Some(cookie))).await).await;
    assert!(page.contains("The session is closed"));
}

#[tokio::test]
async fn a_reopened_judgment_is_asked_again_and_a_revoked_link_stops_working() {
    let s = session("reopen");
    let alice = join(&s, 0).await;
    answer_all(&s, &alice).await;
    let csrf = facilitator_csrf(&s);
    let (set, first, second) = {
        let state = s.app.state();
        let set = &state.workshop.sets[0];
        ("goal".to_string(), set.ids[0].clone(), set.ids[1].clone())
    };
    let reopen = send(
        &s,
        post(
            "/control/reopen",
            LAPTOP,
            None,
            format!("csrf={csrf}&set={set}&first={first}&second={second}"),
        ),
    )
    .await;
    assert_eq!(reopen.status(), StatusCode::SEE_OTHER);
    let page = text(send(&s, get("/q", PHONE, Some(alice.clone()))).await).await;
    assert!(page.contains("Question 36 of 36"), "{page}");
    assert_eq!(hidden(&page, "first"), first);
    // Revoked: the cookie opens nothing any more.
    let id = s.app.state().workshop.roster.participants[0].id.clone();
    let revoke = send(
        &s,
        post(
            "/control/revoke",
            LAPTOP,
            None,
            format!("csrf={csrf}&participant={id}"),
        ),
    )
    .await;
    assert_eq!(revoke.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        send(&s, get("/q", PHONE, Some(alice))).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_session_resumes_from_its_journal() {
    let mut s = session("resume");
    let alice = join(&s, 0).await;
    for _ in 0..5 {
        assert_eq!(answer(&s, &alice, "1/5", "").await, StatusCode::SEE_OTHER);
    }
    let roster = s.app.state().workshop.roster.clone();
    let dir = s.dir.clone();
    // A second server on the same session is refused while this one runs.
    let second = App::open(Options {
        root: dir.clone(),
        lang: Lang::En,
        settings: Default::default(),
        members: vec![],
        hosts: vec![HOST.into()],
        base_url: String::new(),
        member_max_cr: None,
        rate: 10_000,
        alternatives: false,
    });
    assert!(second.is_err());
    // Nor can `vagval survey` take a group the session holds.
    let groups = dir.join("scripts/groups");
    let held = vagval_workspace::store::lock(&groups, "fiscal-caution");
    assert!(held.is_err());
    s.remove = false;
    drop(s);
    let again = App::open(Options {
        root: dir.clone(),
        lang: Lang::En,
        settings: Default::default(),
        members: vec![],
        hosts: vec![HOST.into()],
        base_url: String::new(),
        member_max_cr: None,
        rate: 10_000,
        alternatives: false,
    })
    .unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(again.state().workshop.roster, roster);
    assert_eq!(again.state().workshop.people[0].q.progress().0, 5);
    drop(again);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn with_alternatives_a_group_judges_them_on_the_pairwise_leaves_and_its_script_keeps_them() {
    let s = session("alternatives");
    let (total, leaves): (usize, Vec<String>) = {
        let state = s.app.state();
        let sets = &state.workshop.sets;
        (
            sets.iter().map(|set| set.pairs().len()).sum(),
            sets.iter()
                .filter(|set| set.alternatives)
                .filter_map(|set| set.key.clone())
                .collect(),
        )
    };
    // Tranås: 9 criteria (36 pairs) and 3 alternatives on each leaf the
    // analysts judged in pairs (3 pairs each).
    assert!(!leaves.is_empty());
    assert_eq!(total, 36 + 3 * leaves.len());
    let count = s.app.state().workshop.roster.participants.len();
    let mut saw_alternatives = false;
    for n in 0..count {
        let cookie = join(&s, n).await;
        for _ in 0..total {
            let page = text(send(&s, get("/q", PHONE, Some(cookie.clone()))).await).await;
            if page.contains("equally good") {
                saw_alternatives = true;
                assert!(page.contains("Which alternative is better on"));
            }
            // Equal throughout: consistent, so no set is offered again.
            assert_eq!(answer(&s, &cookie, "1", "").await, StatusCode::SEE_OTHER);
        }
        let page = text(send(&s, get("/q", PHONE, Some(cookie))).await).await;
        assert!(page.contains("Thank you"), "{n}");
    }
    assert!(saw_alternatives);
    let csrf = facilitator_csrf(&s);
    let closed = send(
        &s,
        post("/control/close", LAPTOP, None, format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let workspace = vagval_workspace::Workspace::load(&s.dir).unwrap();
    let model = vagval_core::model::Model::new(workspace.spec.clone()).unwrap();
    let load = vagval_workspace::groups::load(&s.dir, &model, workspace.limits).unwrap();
    assert!(load.failed.is_empty());
    for group in &load.loaded {
        for leaf in &leaves {
            assert!(
                group
                    .spec
                    .assessments
                    .iter()
                    .any(|(l, j)| l == leaf && j.len() == 3),
                "{} lacks its judgments on {leaf}",
                group.spec.id
            );
        }
    }
}

#[tokio::test]
async fn the_sliders_at_the_councils_own_weights_give_the_councils_ranking() {
    let s = session("rerank");
    let count = s.app.state().workshop.roster.participants.len();
    for n in 0..count {
        let cookie = join(&s, n).await;
        // Members differ on the first pass, agree on the rest.
        for k in 0..36 {
            let choice = if k < 8 { ["2", "1/2", "3"][n % 3] } else { "1" };
            assert_eq!(answer(&s, &cookie, choice, "").await, StatusCode::SEE_OTHER);
        }
    }
    let (analysis, top) = {
        let state = s.app.state();
        let w = &state.workshop;
        let judged = s.app.group_judgments(w);
        let (specs, waiting) = vagval_serve::results::group_specs(w, &judged);
        assert!(waiting.is_empty());
        let analysis =
            vagval_serve::results::analysis(&s.app.model, w, &specs, &s.app.group_options).unwrap();
        (analysis, w.sets[0].ids.clone())
    };
    let evaluation = analysis.aggregate.evaluation.clone().unwrap();
    // The sliders start at the council's weights (percent, any scale).
    let mut form: std::collections::BTreeMap<String, String> = top
        .iter()
        .map(|id| {
            let weight = evaluation
                .criteria
                .iter()
                .find(|c| c.id == *id)
                .unwrap()
                .local_weight;
            (id.clone(), format!("{}", weight * 100.0))
        })
        .collect();
    let ranking = s.app.rerank(&form).unwrap();
    for (name, score, rank) in &ranking {
        let a = analysis
            .aggregate
            .alternatives
            .iter()
            .position(|(_, n)| n == name)
            .unwrap();
        assert!(
            (score - analysis.aggregate.scores[a]).abs() < 1e-9,
            "{name}"
        );
        assert_eq!(*rank, analysis.aggregate.ranks[a]);
    }
    // Everything on one criterion: the ranking is that criterion's.
    for value in form.values_mut() {
        *value = "0".into();
    }
    form.insert("cost".into(), "100".into());
    let only_cost = s.app.rerank(&form).unwrap();
    let leaf = evaluation
        .criteria
        .iter()
        .find(|c| c.id == "cost")
        .unwrap()
        .leaf
        .as_ref()
        .unwrap();
    let best = (0..leaf.priorities.len())
        .max_by(|&a, &b| leaf.priorities[a].total_cmp(&leaf.priorities[b]))
        .unwrap();
    assert_eq!(only_cost[0].0, analysis.aggregate.alternatives[best].1);
    // All zero: no ranking, said in words; through the route too.
    form.insert("cost".into(), "0".into());
    assert!(s.app.rerank(&form).is_none());
    let csrf = facilitator_csrf(&s);
    let mut call = post(
        "/control/rerank",
        LAPTOP,
        None,
        format!("csrf={csrf}&cost=100"),
    );
    call.headers.push(("x-fragment", "1"));
    let fragment = text(send(&s, call).await).await;
    assert!(fragment.starts_with("<ol class=\"rerank\">"), "{fragment}");
    assert!(fragment.contains(&analysis.aggregate.alternatives[best].1));
}

#[tokio::test]
async fn the_report_button_writes_the_sessions_report_and_purge_deletes_the_personal_data() {
    let mut s = session("report");
    let count = s.app.state().workshop.roster.participants.len();
    for n in 0..count {
        let cookie = join(&s, n).await;
        for k in 0..36 {
            let choice = if k < 8 { ["3", "1/2"][n % 2] } else { "1" };
            assert_eq!(answer(&s, &cookie, choice, "").await, StatusCode::SEE_OTHER);
        }
    }
    let csrf = facilitator_csrf(&s);
    let written = send(
        &s,
        post("/control/report", LAPTOP, None, format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(written.status(), StatusCode::SEE_OTHER);
    let report = std::fs::read_to_string(s.dir.join("workshop-report.html")).unwrap();
    // The session's groups, from their members' answers (the scripts on
    // disk are untouched until the close).
    for group in s.app.state().workshop.groups.iter() {
        assert!(report.contains(&group.name), "{}", group.name);
    }
    let page = text(send(&s, get("/control", LAPTOP, None)).await).await;
    assert!(
        page.contains("workshop-report.html"),
        "the facilitator is told where"
    );
    // Purge is refused while the session is open, then deletes it.
    assert!(vagval_serve::purge(&s.dir).is_err());
    let dir = s.dir.clone();
    s.remove = false;
    drop(s);
    let purged = vagval_serve::purge(&dir).unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(purged, Some(dir.join("workshop-session")));
    assert!(!dir.join("workshop-session").exists());
    assert!(
        dir.join("scripts/groups/fiscal-caution.lua").exists(),
        "only the session goes"
    );
    assert_eq!(vagval_serve::purge(&dir).unwrap(), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_member_left_out_by_the_cr_bound_is_named_to_the_facilitator() {
    let s = session("maxcr");
    let contradicting = join(&s, 0).await;
    let consistent = join(&s, 1).await;
    // The first pass says each criterion beats the next by 9; the rest
    // says the opposite: far above CR 0.1.
    for k in 0..36 {
        let choice = if k < 8 { "9" } else { "1/9" };
        assert_eq!(
            answer(&s, &contradicting, choice, "").await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            answer(&s, &consistent, "1", "").await,
            StatusCode::SEE_OTHER
        );
    }
    assert_eq!(reveal_criteria(&s).await, StatusCode::SEE_OTHER);
    let id = s.app.state().workshop.roster.participants[0].id.clone();
    let control = text(send(&s, get("/control/fragment", LAPTOP, None)).await).await;
    assert!(
        control.contains(&format!("{id} (CR ")),
        "named to the facilitator"
    );
    // The group's weights are the consistent member's: all equal.
    let (members, local) = {
        let state = s.app.state();
        let judged = vagval_serve::results::group_judgments(&state.workshop, 0, Some(0.1));
        (judged.members, judged.local(&state.workshop, 0).unwrap())
    };
    assert_eq!(members, 1);
    assert!(local.iter().all(|v| (v - 1.0 / 9.0).abs() < 1e-9));
    // The projector says how many, not who.
    let secret = s.app.state().workshop.roster.presenter.clone();
    let presenter = send(&s, get(&format!("/p/{secret}"), PHONE, None)).await;
    let cookie = cookie_of(&presenter);
    let screen = text(send(&s, get("/presenter/fragment", PHONE, Some(cookie))).await).await;
    assert!(screen.contains("1 participant(s) left out"));
    assert!(!screen.contains(&id));
}

#[tokio::test]
async fn after_a_reveal_an_answer_changes_only_in_a_new_round_and_a_restart_that_would_lose_answers_is_refused()
 {
    let mut s = session("after-reveal");
    let alice = join(&s, 0).await;
    answer_all(&s, &alice).await;
    let csrf = facilitator_csrf(&s);
    assert_eq!(reveal_criteria(&s).await, StatusCode::SEE_OTHER);
    let own = s.app.state().workshop.roster.participants[0].csrf.clone();
    let journalled = journal(&s).lines().count();
    let back = send(
        &s,
        post("/q/back", PHONE, Some(alice.clone()), format!("csrf={own}")),
    )
    .await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        journal(&s).lines().count(),
        journalled,
        "the back was refused"
    );
    let page = text(send(&s, get("/q", PHONE, Some(alice.clone()))).await).await;
    assert!(page.contains("asks the question again"), "said why");
    assert!(
        !page.contains("action=\"/q/back\""),
        "no back button offered"
    );
    // Reopened: that pair may change again.
    let (first, second) = {
        let state = s.app.state();
        let set = &state.workshop.sets[0];
        (set.ids[0].clone(), set.ids[1].clone())
    };
    let reopen = send(
        &s,
        post(
            "/control/reopen",
            LAPTOP,
            None,
            format!("csrf={csrf}&set=goal&first={first}&second={second}"),
        ),
    )
    .await;
    assert_eq!(reopen.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer(&s, &alice, "3", "").await, StatusCode::SEE_OTHER);
    let back = send(
        &s,
        post("/q/back", PHONE, Some(alice), format!("csrf={own}")),
    )
    .await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert!(
        s.app.state().workshop.people[0].q.progress().0 == 35,
        "the reopened answer was undone"
    );
    // A restart whose questions differ (here: --alternatives) is refused,
    // not started with answers lost.
    let dir = s.dir.clone();
    s.remove = false;
    drop(s);
    let changed = App::open(Options {
        root: dir.clone(),
        lang: Lang::En,
        settings: Default::default(),
        members: vec![],
        hosts: vec![HOST.into()],
        base_url: String::new(),
        member_max_cr: None,
        rate: 10_000,
        alternatives: true,
    });
    match changed {
        Err(d) => assert!(d.render().contains("no longer fit"), "{}", d.render()),
        Ok(_) => panic!("started with answers lost"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn closing_never_writes_a_groups_script_through_a_link() {
    let s = session("symlink");
    let count = s.app.state().workshop.roster.participants.len();
    for n in 0..count {
        let cookie = join(&s, n).await;
        answer_all(&s, &cookie).await;
    }
    let outside = s.dir.join("outside.txt");
    std::fs::write(&outside, "untouched").unwrap();
    let script = s.dir.join("scripts/groups/fiscal-caution.lua");
    std::fs::remove_file(&script).unwrap();
    std::os::unix::fs::symlink(&outside, &script).unwrap();
    let csrf = facilitator_csrf(&s);
    let closed = send(
        &s,
        post("/control/close", LAPTOP, None, format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "untouched");
    let page = text(send(&s, get("/control", LAPTOP, None)).await).await;
    assert!(
        page.contains("not a regular file"),
        "the facilitator is told"
    );
}

#[tokio::test]
async fn in_anonymous_mode_the_projector_names_no_group() {
    let s = session("anonymous");
    let count = s.app.state().workshop.roster.participants.len();
    for n in 0..count {
        let cookie = join(&s, n).await;
        answer_all(&s, &cookie).await;
    }
    let csrf = facilitator_csrf(&s);
    for (action, body) in [("reveal", "set=goal"), ("anonymous", "on=true")] {
        let r = send(
            &s,
            post(
                &format!("/control/{action}"),
                LAPTOP,
                None,
                format!("csrf={csrf}&{body}"),
            ),
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let secret = s.app.state().workshop.roster.presenter.clone();
    let presenter = send(&s, get(&format!("/p/{secret}"), PHONE, None)).await;
    let cookie = cookie_of(&presenter);
    let screen = text(send(&s, get("/presenter/fragment", PHONE, Some(cookie))).await).await;
    let names: Vec<String> = s
        .app
        .state()
        .workshop
        .groups
        .iter()
        .map(|g| g.name.clone())
        .collect();
    for name in &names {
        assert!(
            !screen.contains(name.as_str()),
            "{name} named on the projector"
        );
    }
    assert!(screen.contains("Group 1") && screen.contains(&format!("Group {}", names.len())));
    // The facilitator still sees the names.
    let control = text(send(&s, get("/control/fragment", LAPTOP, None)).await).await;
    assert!(names.iter().all(|n| control.contains(n.as_str())));
}

#[tokio::test]
async fn after_the_reveal_a_finished_participants_stream_follows_the_results() {
    let s = session("stream-results");
    let alice = join(&s, 0).await;
    answer_all(&s, &alice).await;
    assert_eq!(reveal_criteria(&s).await, StatusCode::SEE_OTHER);
    let response = send(&s, get("/events", PHONE, Some(alice.clone()))).await;
    let mut body = response.into_body();
    let first = body.frame().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(first.data_ref().unwrap()).contains("\"revealed\":1"));
    // Bob answers: the results Alice may see change, and her stream says so.
    let bob = join(&s, 1).await;
    assert_eq!(answer(&s, &bob, "5", "").await, StatusCode::SEE_OTHER);
    let next = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
        .await
        .expect("the stream spoke")
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(next.data_ref().unwrap()).contains("\"results\""));
}
