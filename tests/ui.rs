//! The window driven headless by its labels (egui_kittest): load the example, move the
//! r_c slider, switch mode, switch method, flip the sign; the numbers shown must equal
//! the library's for the same settings. (kittest runs no GL: the 3D view is tested by
//! its pure parts in src/app and by tests/screenshot.rs.)
#![cfg(feature = "gui")]

mod common;

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use softmode::analysis::{Analysis, Analyzer, Method, Settings};
use softmode::app::jobs::Source;
use softmode::app::panels::numbers::{check_lines, table_lines};
use softmode::app::{Launch, SoftmodeApp};

fn harness() -> Harness<'static, SoftmodeApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(|cc| SoftmodeApp::new(cc, Launch::default()));
    settle(&mut h);
    h
}

/// Steps frames until the background work is done and the analysis is current.
fn settle(h: &mut Harness<'static, SoftmodeApp>) {
    let start = Instant::now();
    loop {
        h.step();
        if !h.state().is_busy() && h.state().analysis().is_some() {
            h.step();
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the analysis did not finish"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn library(mode: softmode::Mode, settings: &Settings) -> Analysis {
    Analyzer::new(mode, common::potential())
        .run(settings)
        .expect("library analysis")
}

/// Every Table I and check line of `expected` is shown as a label.
fn assert_shows(h: &Harness<'static, SoftmodeApp>, expected: &Analysis) {
    for line in table_lines(expected)
        .into_iter()
        .chain(check_lines(expected))
    {
        assert!(
            h.query_by_label(&line).is_some(),
            "the window does not show {line:?}"
        );
    }
}

/// The window shows the numbers of the independent implementation
/// (tests/data/reference) for mode `frame`, rounded as the numbers panel rounds them.
fn assert_shows_reference(h: &Harness<'static, SoftmodeApp>, frame: usize) {
    let r = common::reference(frame);
    let num = |k: &str| r[k].as_f64().expect(k);
    for line in [
        format!("N_e = {:.1}", num("N_e")),
        format!("r_in = {:.2} a0", num("r_in")),
        format!("f_r = {:.4} +- {:.4}", num("f_r"), num("f_r_stderr")),
        format!("D4 = {:.3}", num("D4")),
        format!("lambda_t = {:.2}", num("lambda_t")),
        format!("lambda_l = {:.2}", num("lambda_l")),
        format!("W = {:.4}", num("W")),
    ] {
        assert!(
            h.query_by_label(&line).is_some(),
            "the window does not show the reference's {line:?}"
        );
    }
}

#[test]
fn example_then_r_c_slider_then_flip() {
    let mut h = harness();
    h.get_by_label("Load example").click();
    settle(&mut h);
    let example = softmode::example::example_mode().expect("example");
    let mut settings = Settings::default();
    assert_eq!(h.state().state.settings, settings);
    assert_shows(&h, &library(example.clone(), &settings));
    // The example is a quartic mode: its omega^2 column is kappa, the file's omega2
    // (0.8056035863646488), and the list says so.
    assert!(h.query_by_label("kappa = 0.805604").is_some());
    assert!(h
        .query_by(|n| n
            .label()
            .is_some_and(|l| l.starts_with("mode 0 (quartic): kappa = 0.8056")))
        .is_some());

    h.get_by_role_and_label(Role::Slider, "r_c")
        .set_value_accesskit(2.5);
    settle(&mut h);
    settings.fig1_r_c = 2.5;
    assert_eq!(h.state().state.settings, settings);
    let lib = library(example.clone(), &settings);
    let title = format!(
        "Fig. 1: core energy, r_c = 2.50 a0 ({} atoms)",
        lib.fig1.n_core_atoms
    );
    assert!(h.query_by_label(&title).is_some(), "missing {title:?}");
    assert_shows(&h, &lib);

    h.get_by_label("flip sign").click();
    settle(&mut h);
    settings.flip = true;
    assert_eq!(h.state().state.settings, settings);
    let flipped = library(example, &settings);
    let p11 = flipped.dipole.as_ref().expect("dipole").principal.values[0];
    assert!(
        (p11 + lib.dipole.as_ref().expect("dipole").principal.values[1]).abs() < 1e-6,
        "flip flips P"
    );
    assert_shows(&h, &flipped);
}

#[test]
fn switch_mode_and_method() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut()
        .start_load(&ctx, Source::File(common::example_path()));
    settle(&mut h);
    assert_eq!(h.state().modes().len(), 10);
    assert_shows(&h, &library(common::example_mode(0), &Settings::default()));
    assert_shows_reference(&h, 0);

    // arrow key: next mode
    h.key_press(egui::Key::ArrowDown);
    settle(&mut h);
    assert_eq!(h.state().current_mode(), 1);
    assert_shows(&h, &library(common::example_mode(1), &Settings::default()));

    // click a mode in the list
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with("mode 4:")))
        .click();
    settle(&mut h);
    assert_eq!(h.state().current_mode(), 4);
    assert_shows(&h, &library(common::example_mode(4), &Settings::default()));

    // the fit method
    h.get_by_label("fit").click();
    settle(&mut h);
    let settings = Settings {
        method: Method::Fit,
        ..Settings::default()
    };
    assert_eq!(h.state().state.settings, settings);
    assert!(h.query_by_label("method fit, 2000 atoms").is_some());
    assert_shows(&h, &library(common::example_mode(4), &settings));
}

#[test]
fn unreadable_file_shows_the_message_and_keeps_the_mode() {
    let mut h = harness();
    let before = h.state().analysis().expect("example").d4();
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("broken.extxyz");
    std::fs::write(&bad, "3\nnot a comment line\nH 0 0\n").expect("write");
    let ctx = h.ctx.clone();
    h.state_mut().start_load(&ctx, Source::File(bad.clone()));
    settle(&mut h);
    let err = h.state().error.clone().expect("an error is shown");
    assert!(err.contains("broken.extxyz"), "{err}");
    assert!(h.query_by_label(&err).is_some());
    assert_eq!(h.state().analysis().expect("kept").d4(), before);
    assert!(!h.state().state.recent.contains(&bad));
}

/// Steps frames until no load runs (a dialog may be waiting).
fn settle_load(h: &mut Harness<'static, SoftmodeApp>) {
    let start = Instant::now();
    while h.state().is_busy() {
        h.step();
        assert!(start.elapsed() < Duration::from_secs(300), "load hangs");
        std::thread::sleep(Duration::from_millis(10));
    }
    h.step();
    h.step();
}

#[test]
fn numeric_types_ask_once_for_the_species() {
    let mut h = harness();
    // The example mode with LAMMPS-style types 1/2 for S/L.
    let m = common::example_mode(3);
    let l = m.cell.lengths;
    let mut text = format!(
        "{}\nLattice=\"{} 0 0 0 {} 0 0 0 {}\" Properties=species:S:1:pos:R:3:mode:R:3\n",
        m.n_atoms(),
        l[0],
        l[1],
        l[2]
    );
    for ((p, e), s) in m.positions.iter().zip(&m.e).zip(&m.species) {
        text += &format!(
            "{} {:?} {:?} {:?} {:?} {:?} {:?}\n",
            s + 1,
            p.x,
            p.y,
            p.z,
            e.x,
            e.y,
            e.z
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("types12.extxyz");
    std::fs::write(&path, text).expect("write");
    let ctx = h.ctx.clone();
    h.state_mut().start_load(&ctx, Source::File(path.clone()));
    settle_load(&mut h);
    assert!(h.query_by_label("Map species").is_some(), "no dialog");
    // Prefilled with the default guess; choose the swapped mapping 1 -> L, 2 -> S.
    h.get_by_label("1 -> L").click();
    h.get_by_label("2 -> S").click();
    h.step();
    h.get_by_label("Apply").click();
    settle(&mut h);
    assert!(h.query_by_label("Map species").is_none(), "dialog stays");
    let swapped: Vec<u8> = m.species.iter().map(|s| 1 - s).collect();
    assert_eq!(h.state().modes()[0].species, swapped);
    let key = path.display().to_string();
    assert_eq!(h.state().state.type_maps[&key], "1=L,2=S");

    // Reopening the file uses the remembered mapping without asking.
    h.state_mut().start_load(&ctx, Source::Example);
    settle(&mut h);
    h.state_mut().start_load(&ctx, Source::File(path.clone()));
    settle_load(&mut h);
    assert!(h.query_by_label("Map species").is_none(), "asked again");
    assert_eq!(h.state().modes()[0].species, swapped);
    // "Species…" reopens it prefilled with the remembered choice.
    h.get_by_label("Species…").click();
    h.step();
    assert!(h.query_by_label("Map species").is_some());
}

/// Steps frames until the creation-energy job is done.
fn settle_creation(h: &mut Harness<'static, SoftmodeApp>) {
    let start = Instant::now();
    while h.state().creation.jobs.busy() {
        h.step();
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the creation energy did not finish"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    h.step();
    h.step();
}

#[test]
fn creation_window_computes_caches_and_cancels() {
    use softmode::analysis::creation::{creation, CreationSettings};
    use softmode::app::panels::creation::creation_lines;
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut()
        .start_load(&ctx, Source::File(common::example_path()));
    settle(&mut h);
    h.get_by_label("Creation energy E_s").click();
    for _ in 0..4 {
        h.step();
    }
    assert!(h.state().creation.open);
    assert!(h
        .query_by_label("not computed for this mode and these settings")
        .is_some());
    h.get_by_label("Compute").click();
    h.step();
    settle_creation(&mut h);
    let settings = CreationSettings::default();
    assert_eq!(h.state().state.creation, settings);
    let lib = creation(
        &common::example_mode(0),
        common::potential().as_ref(),
        &settings,
        &Default::default(),
    )
    .expect("library creation");
    assert!(lib.e_s.is_some(), "mode 0 has a double well");
    for line in creation_lines(&lib) {
        assert!(
            h.query_by_label(&line).is_some(),
            "the window does not show {line:?}"
        );
    }
    // the double well has its export menu, with every format
    h.get_by_label("Export double well").click();
    for _ in 0..3 {
        h.step();
    }
    for item in ["SVG…", "PDF…", "CSV data…"] {
        assert!(h.query_by_label(item).is_some(), "no {item:?} in the menu");
    }
    h.key_press(egui::Key::Escape);
    h.step();
    // another mode: not computed; back to mode 0: shown at once from the cache
    h.state_mut().select_mode(1);
    settle(&mut h);
    assert!(h
        .query_by_label("not computed for this mode and these settings")
        .is_some());
    h.state_mut().select_mode(0);
    settle(&mut h);
    assert!(!h.state().creation.jobs.busy());
    assert!(h.query_by_label(&creation_lines(&lib)[0]).is_some());
    // Cancel stops a run without a result
    h.state_mut().state.creation.r_core = 3.0;
    h.step();
    h.get_by_label("Compute").click();
    h.step();
    h.step();
    assert!(h.state().creation.jobs.busy());
    h.get_by_label("Cancel").click();
    h.step();
    h.step();
    assert!(!h.state().creation.jobs.busy());
    assert!(h
        .query_by_label("not computed for this mode and these settings")
        .is_some());
}

/// A configuration without eigenvectors: opening it says what is missing, "Modes…" ->
/// "Compute modes" puts its lowest modes (scipy's eigenvalues, ipl2000_g1_info.json) in
/// the mode list and analyses the first.
#[test]
fn a_configuration_gets_its_modes_computed() {
    let mut h = harness();
    let m = common::example_mode(0);
    let l = m.cell.lengths;
    let mut text = format!(
        "{}\nLattice=\"{} 0 0 0 {} 0 0 0 {}\" Properties=species:S:1:pos:R:3\n",
        m.n_atoms(),
        l[0],
        l[1],
        l[2]
    );
    for (p, s) in m.positions.iter().zip(&m.species) {
        let label = ["S", "L"][*s as usize];
        text += &format!("{label} {:?} {:?} {:?}\n", p.x, p.y, p.z);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("glass.extxyz");
    std::fs::write(&path, text).expect("write");
    let ctx = h.ctx.clone();
    h.state_mut().start_load(&ctx, Source::File(path.clone()));
    settle_load(&mut h);
    let err = h.state().error.clone().expect("no eigenvector: an error");
    assert!(err.contains("Modes…"), "{err}");
    h.state_mut().compute.k = 3;
    h.get_by_label("Modes…").click();
    h.run();
    h.get_by_label("Compute modes").click();
    settle(&mut h);
    let text = std::fs::read_to_string(common::data("ipl2000_g1_info.json")).expect("info");
    let info: serde_json::Value = serde_json::from_str(&text).expect("json");
    let modes = h.state().modes();
    assert_eq!(modes.len(), 3);
    for (k, mode) in modes.iter().enumerate() {
        let want = info["all_eigs"][k + 3].as_f64().expect("eigenvalue");
        let got = mode.omega2_file.expect("omega2");
        assert!(
            (got - want).abs() < 1e-9 * want,
            "mode {k}: {got} vs {want}"
        );
    }
    let a = h
        .state()
        .analysis()
        .expect("analysis of the first computed mode");
    assert!((a.core.omega2_ehe - info["all_eigs"][3].as_f64().expect("e")).abs() < 1e-6);
    assert!(h.state().error.is_none());

    // The quartic modes started from them (section 15) replace them, named q0, q1, ..;
    // each one's kappa is its e . D . e, which the analysis computes on its own.
    h.get_by_label("Modes…").click();
    h.run();
    h.get_by_label("quartic modes from these normal modes")
        .click();
    h.run();
    assert!(h.state().compute.quartic, "the quartic option is on");
    h.get_by_label("Compute modes").click();
    // The click takes a frame to arrive; until then the old analysis looks settled.
    h.step();
    assert!(h.state().compute.busy(), "the computation started");
    settle(&mut h);
    let modes = h.state().modes();
    assert!(!modes.is_empty() && modes.len() <= 3);
    for (k, mode) in modes.iter().enumerate() {
        assert_eq!(
            mode.label(),
            format!("q{k}"),
            "{:?}",
            h.state().compute.status
        );
    }
    let a = h
        .state()
        .analysis()
        .expect("analysis of the first quartic mode");
    let kappa = modes[0].omega2_file.expect("kappa");
    assert!(
        (a.core.omega2_ehe - kappa).abs() < 1e-9 * kappa,
        "{kappa} vs {}",
        a.core.omega2_ehe
    );
    assert!(h.state().error.is_none());
}
