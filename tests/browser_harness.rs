//! Self-tests of the headless-Chromium harness in `tests/browser/`: each
//! kind of problem it promises to report is shown to be reported by a page
//! that has it (and a clean page to report none), and the blankness
//! measures tell an empty page from a drawn chart.
//!
//! These tests need Chromium and fail without it (`tests/run` installs it).

// The whole file is test code; clippy's in-test allowances do not reach the
// helper functions outside #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod browser;

use browser::{PageReport, Screenshot, TempDir};
use std::path::Path;
use std::time::{Duration, Instant};

const WINDOW: (u32, u32) = (640, 360);

/// Writes `html` as `name` into a fresh temp dir and opens it.
fn open_named(name: &str, html: &str) -> PageReport {
    let dir = TempDir::new("harness-test").unwrap_or_else(|e| panic!("{e}"));
    let page = dir.write(name, html).unwrap_or_else(|e| panic!("{e}"));
    browser::open_in_chromium(&page, WINDOW).unwrap_or_else(|e| panic!("{e}"))
}

fn open(html: &str) -> PageReport {
    open_named("page.html", html)
}

/// A page with `body` inside a UTF-8 document.
fn page(body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>t</title></head>\n\
         <body style=\"margin:0;background:#fff\">\n{body}\n</body></html>\n"
    )
}

/// Asserts exactly one reported problem, starting with `prefix` and
/// containing `needle`.
fn assert_one_error(report: &PageReport, prefix: &str, needle: &str) {
    let matching: Vec<&String> = report
        .console_errors
        .iter()
        .filter(|e| e.starts_with(prefix) && e.contains(needle))
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one `{prefix}…{needle}…` error, got {:#?}",
        report.console_errors
    );
}

const CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="260" viewBox="0 0 600 260" font-family="sans-serif" font-size="18">
  <text x="20" y="24">Rangordning – väljarnas röst</text>
  <rect x="20" y="40" width="380" height="40" fill="#1f77b4"/>
  <text x="410" y="66">Gå med i HIT</text>
  <rect x="20" y="100" width="260" height="40" fill="#ff7f0e"/>
  <text x="290" y="126">Stå utanför</text>
  <rect x="20" y="160" width="140" height="40" fill="#2ca02c"/>
  <text x="170" y="186">Ändra förslaget</text>
</svg>"##;

#[test]
fn clean_svg_chart_reports_no_errors_and_is_drawn() {
    // The file name has a space and å ä ö: the file URL must be encoded.
    let report = open_named("rangordning för Tranås.html", &page(CHART));
    assert_eq!(report.console_errors, Vec::<String>::new());

    let shot = &report.screenshot;
    assert_eq!((shot.width, shot.height), WINDOW);
    assert!(!shot.is_blank());
    assert!(
        shot.distinct_colours() >= 4,
        "{} colours",
        shot.distinct_colours()
    );
    assert_eq!(shot.background(), Some([255, 255, 255, 255]));
    // The bars alone cover 31 200 of 230 400 pixels.
    let drawn = shot.non_background_fraction();
    assert!(
        (0.10..0.5).contains(&drawn),
        "non-background fraction {drawn}"
    );
    for (rgb, area) in [
        ([0x1f, 0x77, 0xb4], 380 * 40),
        ([0xff, 0x7f, 0x0e], 260 * 40),
        ([0x2c, 0xa0, 0x2c], 140 * 40),
    ] {
        assert_eq!(shot.count_rgb(rgb), area, "bar {rgb:02x?}");
    }

    // The DOM is read back as UTF-8 with å ä ö intact.
    for text in [
        "Gå med i HIT",
        "Stå utanför",
        "Ändra förslaget",
        "väljarnas röst",
    ] {
        assert!(
            report.dom.contains(text),
            "{text:?} missing from the DOM:\n{}",
            report.dom
        );
    }
}

#[test]
fn empty_white_page_is_blank() {
    let report =
        open("<!doctype html><html><head><meta charset=\"utf-8\"></head><body></body></html>");
    assert_eq!(report.console_errors, Vec::<String>::new());
    let shot = &report.screenshot;
    assert!(shot.is_blank());
    assert_eq!(shot.distinct_colours(), 1);
    assert_eq!(shot.non_background_fraction(), 0.0);
    assert_eq!(shot.background(), Some([255, 255, 255, 255]));
}

#[test]
fn console_error_is_reported() {
    let report = open(&page(
        r#"<p>text</p><script>console.error("boom")</script>"#,
    ));
    assert_one_error(&report, "console.error: boom", "page.html:4:");
    assert_eq!(
        report.console_errors.len(),
        1,
        "{:#?}",
        report.console_errors
    );
}

#[test]
fn console_log_and_warn_are_not_errors() {
    let report = open(&page(
        r#"<script>console.log("note"); console.info("i"); console.warn("careful")</script>"#,
    ));
    assert_eq!(report.console_errors, Vec::<String>::new());
}

#[test]
fn failed_console_assert_is_reported() {
    let report = open(&page(
        r#"<script>console.assert(1 === 1, "fine"); console.assert(1 === 2, "sums")</script>"#,
    ));
    assert_one_error(&report, "console.assert:", "sums");
    assert_eq!(
        report.console_errors.len(),
        1,
        "{:#?}",
        report.console_errors
    );
}

#[test]
fn uncaught_exception_is_reported() {
    let report = open(&page(r#"<script>throw new Error("kaboom")</script>"#));
    assert_one_error(&report, "uncaught exception: Error: kaboom", "page.html:4:");
}

#[test]
fn unhandled_rejection_is_reported() {
    let report = open(&page(
        r#"<script>Promise.reject(new TypeError("nope"))</script>"#,
    ));
    assert_one_error(&report, "uncaught exception: TypeError: nope", "");
}

#[test]
fn missing_image_is_a_failed_load() {
    let report = open(&page(r#"<img src="missing.png" alt="">"#));
    assert_one_error(
        &report,
        "failed load: file://",
        "/missing.png (net::ERR_FILE_NOT_FOUND)",
    );
    assert_eq!(
        report.console_errors.len(),
        1,
        "{:#?}",
        report.console_errors
    );
}

#[test]
fn missing_script_and_stylesheet_are_failed_loads() {
    let report = open(&page(
        r#"<link rel="stylesheet" href="gone.css"><script src="gone.js"></script>"#,
    ));
    assert_one_error(&report, "failed load:", "/gone.css");
    assert_one_error(&report, "failed load:", "/gone.js");
}

#[test]
fn any_network_request_is_reported() {
    let report = open(&page(r#"<img src="http://example.invalid/x.png" alt="">"#));
    assert_one_error(
        &report,
        "network request: http://example.invalid/x.png",
        "self-contained",
    );
    assert_one_error(
        &report,
        "failed load: http://example.invalid/x.png",
        "net::ERR",
    );
}

#[test]
fn scripts_run_before_the_dom_is_read() {
    let report = open(&page(
        r#"<p id="p">before</p><script>document.getElementById("p").textContent = "efter skriptet"</script>"#,
    ));
    assert!(
        report.dom.contains(r#"<p id="p">efter skriptet</p>"#),
        "{}",
        report.dom
    );
    assert!(!report.screenshot.is_blank());
}

#[test]
fn dialogs_are_dismissed_and_reported() {
    let report = open(&page(r#"<script>alert("hej")</script><p>after</p>"#));
    assert_one_error(&report, "dialog: alert", "hej");
    assert!(report.dom.contains("<p>after</p>"), "{}", report.dom);
}

#[test]
fn a_stuck_page_times_out_instead_of_hanging() {
    let dir = TempDir::new("harness-test").unwrap();
    let path = dir
        .write("stuck.html", page("<script>for (;;) {}</script>"))
        .unwrap();
    let started = Instant::now();
    let result = browser::open_in_chromium_within(&path, WINDOW, Duration::from_secs(4));
    let err = result.expect_err("an endless script must not produce a report");
    assert!(err.contains("timed out"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_missing_page_is_an_error() {
    let dir = TempDir::new("harness-test").unwrap();
    let err = browser::open_in_chromium(&dir.path().join("nothing.html"), WINDOW).unwrap_err();
    assert!(err.contains("nothing.html"), "{err}");
}

#[test]
fn chromium_is_found_on_this_machine() {
    // Fails, rather than skips, where no browser is installed.
    let found = browser::find_chromium().unwrap_or_else(|e| panic!("{e}"));
    assert!(found.is_file(), "{}", found.display());
}

#[test]
fn without_chromium_the_error_says_how_to_install_it() {
    let err = browser::locate_chromium(None, &[], Some("".into())).unwrap_err();
    assert!(err.contains("apt-get install -y chromium"), "{err}");
    assert!(err.contains(browser::CHROMIUM_ENV), "{err}");

    let err = browser::locate_chromium(Some("/nonexistent/chrome".into()), &[], None).unwrap_err();
    assert!(
        err.contains("/nonexistent/chrome") && err.contains("apt-get install chromium"),
        "{err}"
    );
}

#[test]
fn chromium_is_looked_up_on_path_in_order() {
    let dir = TempDir::new("harness-test").unwrap();
    for name in ["google-chrome", "chromium-browser"] {
        dir.write(name, "").unwrap();
    }
    let found = browser::locate_chromium(
        None,
        &[Path::new("/nonexistent/chromium")],
        Some(dir.path().into()),
    );
    assert_eq!(found, Ok(dir.path().join("chromium-browser")));
}

#[test]
fn blankness_measures_on_a_made_up_image() {
    let white = [255, 255, 255, 255];
    let red = [255, 0, 0, 255];
    // 4×2: six white pixels, two red.
    let mut pixels = Vec::new();
    for colour in [white, red, white, white, white, white, red, white] {
        pixels.extend(colour);
    }
    let shot = Screenshot {
        width: 4,
        height: 2,
        pixels,
        png: Vec::new(),
    };
    assert!(!shot.is_blank());
    assert_eq!(shot.distinct_colours(), 2);
    assert_eq!(shot.background(), Some(white));
    assert_eq!(shot.non_background_fraction(), 0.25);
    assert_eq!(shot.pixel(1, 0), Some(red));
    assert_eq!(shot.pixel(4, 0), None);
    assert_eq!(shot.count_rgb([255, 0, 0]), 2);

    let empty = Screenshot {
        width: 0,
        height: 0,
        pixels: Vec::new(),
        png: Vec::new(),
    };
    assert!(empty.is_blank());
    assert_eq!(empty.non_background_fraction(), 0.0);
}

#[test]
fn base64_decodes_as_rfc_4648_says() {
    // RFC 4648 §10 test vectors.
    for (encoded, decoded) in [
        ("", ""),
        ("Zg==", "f"),
        ("Zm8=", "fo"),
        ("Zm9v", "foo"),
        ("Zm9vYg==", "foob"),
        ("Zm9vYmE=", "fooba"),
        ("Zm9vYmFy", "foobar"),
    ] {
        assert_eq!(
            browser::base64_decode(encoded).as_deref(),
            Ok(decoded.as_bytes()),
            "{encoded}"
        );
    }
    assert!(browser::base64_decode("Zm9v!").is_err());
}
