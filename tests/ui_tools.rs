//! The window's Export menu, Table I window and section III calculator, driven headless
//! by their labels (egui_kittest): what they show must equal what the library computes,
//! and an export never replaces a file without "Yes".
#![cfg(feature = "gui")]

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use softmode::analysis::{Analyzer, Settings};
use softmode::app::jobs::Source;
use softmode::app::{Launch, SoftmodeApp};
use softmode::export::figures::export_paths;
use softmode::export::table::{Row, Table};

fn harness() -> Harness<'static, SoftmodeApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(|cc| SoftmodeApp::new(cc, Launch::default()));
    wait(&mut h, |app| !app.is_busy() && app.analysis().is_some());
    h
}

/// Steps frames until `done` (five minutes at most).
fn wait(h: &mut Harness<'static, SoftmodeApp>, done: impl Fn(&SoftmodeApp) -> bool) {
    let start = Instant::now();
    loop {
        h.step();
        if done(h.state()) {
            h.step();
            h.step();
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "timed out");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// True when some label contains `text`.
fn shows(h: &Harness<'static, SoftmodeApp>, text: &str) -> bool {
    // a Label keeps its text in the accesskit value
    h.query_all_by(|n| {
        n.label().is_some_and(|l| l.contains(text)) || n.value().is_some_and(|v| v.contains(text))
    })
    .next()
    .is_some()
}

fn steps(h: &mut Harness<'static, SoftmodeApp>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

fn open_window(h: &mut Harness<'static, SoftmodeApp>, name: &str) {
    h.get_by_label("Windows").click();
    steps(h, 3);
    h.get_by_label(name).click();
    h.step();
    // close the menu
    h.key_press(egui::Key::Escape);
    h.step();
    h.step();
}

#[test]
fn calculator_shows_the_section_9_reference_numbers() {
    let mut h = harness();
    open_window(&mut h, "Section III calculator");
    h.get_by_label("Pd78Si16Cu6").click();
    h.step();
    h.step();
    // ANALYSIS.md section 9, a0 = 0.229 nm entered directly, to the printed digits
    for s in [
        "hbar^2/(M a0^2) = 8.731 ueV",
        "E0 = G a0^3/14 = 0.1703 eV",
        "= 0.2077 eV",
        "W/kB = 3.624 K",
        "3.872 K with E0 = G V_a/14",
        "Lambda_t = 0.422 eV",
        "0.498 eV with E0 = G V_a/14, 0.638 eV with that E0",
        "gamma_t = Lambda_t/sqrt 3 = 0.244 eV",
        "0.288 / 0.368 eV",
        "paper 8.64",
        "paper 0.64",
    ] {
        assert!(
            shows(&h, s),
            "the calculator does not show {s:?}; it shows {:?}",
            h.state().tools.calc.output_lines()
        );
    }

    // the V_a variant: V_a = 0.0146 nm^3 gives a0 = 0.2287 nm
    h.get_by_label("from V_a").click();
    h.step();
    h.get_by_role_and_label(Role::SpinButton, "V_a (nm^3)")
        .set_value_accesskit(0.0146);
    h.step();
    h.step();
    for s in ["a0 = 0.2287 nm", "8.751 ueV", "W/kB = 3.625 K"] {
        assert!(shows(&h, s), "the V_a variant does not show {s:?}");
    }
    assert!(!shows(&h, "8.731 ueV"));

    // NiZr2: the Debye energy
    h.get_by_label("NiZr2").click();
    h.step();
    h.step();
    assert!(shows(&h, "v_t = 2074 m/s"));
    assert!(shows(&h, "hbar omega_D = 22.61 meV"));

    // eq. 12 with a constant ratio to g_D: the library's table is shown line by line
    h.get_by_label("ratio to g_D").click();
    h.step();
    h.step();
    let c = &h.state().tools.calc;
    let lines = c.output_lines();
    assert!(lines.iter().any(|l| l.starts_with("eq. 12")), "{lines:?}");
    for l in lines.iter().rev().take(3) {
        assert!(h.query_by_label(l).is_some(), "missing {l:?}");
    }
}

#[test]
fn export_all_writes_every_file_and_asks_before_overwriting() {
    let mut h = harness();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("figs");
    {
        let prefs = &mut h.state_mut().state.export;
        prefs.last_dir = Some(out.clone());
        prefs.dpi = 100.0; // keeps the PNGs small; the library tests the DPI
    }
    let a = h.state().analysis().expect("analysis").clone();
    let formats = h.state().state.export.formats();
    assert_eq!(formats.len(), 3, "SVG, PDF and PNG ticked by default");
    let expected = export_paths(&a, &out, &formats);

    let click_export_all = |h: &mut Harness<'static, SoftmodeApp>| {
        h.get_by_label("Export").click();
        steps(h, 3);
        h.get_by_label(&format!("Export all to {}", out.display()))
            .click();
        h.step();
        wait(h, |app| !app.tools.export.busy());
    };
    click_export_all(&mut h);
    let status = h.state().tools.export.status.clone().expect("a status");
    assert_eq!(
        status,
        format!("wrote {} files to {}", expected.len(), out.display())
    );
    assert!(h.query_by_label(&status).is_some());
    let mut written: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .collect();
    written.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(written, want);
    let json = std::fs::read_to_string(expected.last().expect("json")).expect("json");
    let want_json = serde_json::to_string_pretty(&softmode::report::to_json(&a)).expect("json");
    assert_eq!(json, want_json + "\n", "the JSON of the shown analysis");

    // mark every file; a second export must ask, and No changes nothing
    for p in &expected {
        std::fs::write(p, "marker").expect("mark");
    }
    click_export_all(&mut h);
    assert!(
        h.state().tools.export.confirm.is_some(),
        "no question asked"
    );
    assert!(h.query_by_label("Overwrite?").is_some());
    h.get_by_label("No").click();
    h.step();
    h.step();
    assert!(h.state().tools.export.confirm.is_none());
    for p in &expected {
        assert_eq!(std::fs::read_to_string(p).expect("read"), "marker");
    }
    assert!(shows(&h, "not overwritten"));

    // Yes replaces them
    click_export_all(&mut h);
    h.get_by_label("Yes, overwrite").click();
    h.step();
    wait(&mut h, |app| !app.tools.export.busy());
    for p in &expected {
        assert_ne!(
            std::fs::read(p).expect("read"),
            b"marker",
            "{} kept",
            p.display()
        );
    }
    assert_eq!(
        h.state().state.export.last_dir.as_deref(),
        Some(out.as_path())
    );
}

#[test]
fn export_prefs_survive_a_restart_and_old_states_load() {
    let mut s = softmode::app::state::Persisted::default();
    s.export.last_dir = Some("/tmp/figs".into());
    s.export.style.greyscale = true;
    s.export.dpi = 300.0;
    s.export.pdf = false;
    let back = softmode::app::state::Persisted::from_json(&s.to_json());
    assert_eq!(back, s);
    // a state saved before the export settings existed
    let old = softmode::app::state::Persisted::from_json(r#"{"settings": {"r_s": 5.5}}"#);
    assert_eq!(old.settings.r_s, 5.5);
    assert_eq!(old.export, softmode::app::export_ui::ExportPrefs::default());
}

#[test]
fn table_window_shows_all_ten_frames_and_the_library_means() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let file = common::example_path();
    h.state_mut().start_load(&ctx, Source::File(file.clone()));
    wait(&mut h, |app| {
        !app.is_busy() && app.modes().len() == 10 && app.analysis().is_some()
    });
    open_window(&mut h, "Table I");
    h.get_by_label("Add the loaded file (all frames)").click();
    h.step();
    wait(&mut h, |app| !app.tools.table.busy());
    assert_eq!(h.state().tools.table.table.rows.len(), 10);

    // the library, mode by mode
    let modes = softmode::io::read_modes(
        &file,
        &softmode::io::ReadOptions::default(),
        &common::potential().species(),
    )
    .expect("read");
    let table = Table {
        rows: modes
            .into_iter()
            .map(|m| {
                Row::of(
                    &Analyzer::new(m, common::potential())
                        .run(&Settings::default())
                        .expect("analysis"),
                )
            })
            .collect(),
        extra: Vec::new(),
    };
    let means = table.means_text().expect("means");
    assert!(means.starts_with("set of 10 modes"), "{means}");
    assert!(
        h.query_by_label(&means).is_some(),
        "the window does not show {means:?}"
    );
    // every row's cells as the library formats them
    let (_, body) = table.cells();
    for row in &body {
        assert!(
            h.query_by_label(&row[10]).is_some(),
            "missing D4 {}",
            row[10]
        );
    }
    // adding the same file again adds no rows
    h.get_by_label("Add the loaded file (all frames)").click();
    h.step();
    wait(&mut h, |app| !app.tools.table.busy());
    assert_eq!(h.state().tools.table.table.rows.len(), 10);
}

#[test]
fn single_exports_refuse_existing_files_unless_told() {
    use softmode::app::export_ui::{perform, ExportPrefs, Target};
    use softmode::export::figures::{FigureKind, Format};
    let a = Analyzer::new(common::example_mode(3), common::potential())
        .run(&Settings::default())
        .expect("analysis");
    let dir = tempfile::tempdir().expect("tempdir");
    let prefs = ExportPrefs::default();
    // Fig. 1 has two CSV tables: the second is written beside the chosen name
    let csv = dir.path().join("mine.csv");
    let written = perform(
        &Target::Csv {
            kind: FigureKind::Fig1,
            path: csv.clone(),
        },
        Some(&a),
        &prefs,
        false,
    )
    .expect("csv");
    assert_eq!(written.len(), 2);
    assert_eq!(
        std::fs::read_to_string(&csv).expect("read"),
        softmode::export::figures::data::fig1(&a)
    );
    let svg = dir.path().join("f.svg");
    let fig = Target::Figure {
        kind: FigureKind::Fig3,
        format: Format::Svg,
        path: svg.clone(),
    };
    perform(&fig, Some(&a), &prefs, false).expect("svg");
    std::fs::write(&svg, "mine").expect("mark");
    assert!(matches!(
        perform(&fig, Some(&a), &prefs, false),
        Err(softmode::Error::Exists(p)) if p == svg
    ));
    assert_eq!(std::fs::read_to_string(&svg).expect("read"), "mine");
    perform(&fig, Some(&a), &prefs, true).expect("overwrite");
    assert!(std::fs::read_to_string(&svg)
        .expect("read")
        .contains("<svg"));
    // no analysis: an error, not a panic
    assert!(perform(
        &Target::Json(dir.path().join("r.json")),
        None,
        &prefs,
        false
    )
    .is_err());
    // nothing ticked: Export all says so
    let none = ExportPrefs {
        svg: false,
        pdf: false,
        png: false,
        ..ExportPrefs::default()
    };
    let err = perform(&Target::All(dir.path().join("all")), Some(&a), &none, false)
        .expect_err("no formats");
    assert!(err.to_string().contains("no figure format"), "{err}");
}

#[test]
fn creation_figure_exports_from_the_window_target() {
    use softmode::analysis::creation::{creation, CreationSettings};
    use softmode::app::export_ui::{perform, ExportPrefs, Target};
    use softmode::export::figures::{double_well, Format};
    let r = std::sync::Arc::new(
        creation(
            &common::example_mode(0),
            common::potential().as_ref(),
            &CreationSettings::default(),
            &Default::default(),
        )
        .expect("creation"),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let prefs = ExportPrefs::default();
    let target = |format, name: &str| Target::Creation {
        result: r.clone(),
        title: "example frame 0".into(),
        format,
        path: dir.path().join(name),
    };
    // the CSV is the library's, byte for byte
    let csv = target(None, "dw.csv");
    perform(&csv, None, &prefs, false).expect("csv");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dw.csv")).expect("read"),
        double_well::csv(&r)
    );
    // the SVG parses and carries its title; the PDF is a PDF (tests/figures.rs checks both in depth)
    perform(&target(Some(Format::Svg), "dw.svg"), None, &prefs, false).expect("svg");
    let svg = std::fs::read_to_string(dir.path().join("dw.svg")).expect("read");
    roxmltree::Document::parse(&svg).expect("SVG parses");
    assert!(svg.contains("example frame 0"));
    perform(&target(Some(Format::Pdf), "dw.pdf"), None, &prefs, false).expect("pdf");
    assert!(std::fs::read(dir.path().join("dw.pdf"))
        .expect("read")
        .starts_with(b"%PDF"));
    // an existing file is kept unless told
    std::fs::write(dir.path().join("dw.csv"), "mine").expect("mark");
    assert!(matches!(
        perform(&csv, None, &prefs, false),
        Err(softmode::Error::Exists(_))
    ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dw.csv")).expect("read"),
        "mine"
    );
}
