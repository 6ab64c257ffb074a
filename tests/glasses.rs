//! The glasses of the field (ANALYSIS.md section 12): the Kob-Andersen and Cu-Zr glasses
//! made with LAMMPS (`../shared/data`), analysed with their own potentials read from
//! their LAMMPS command files. Every mode is an eigenvector of the potential's dynamical
//! matrix (LAMMPS + scipy made them), so 2 D2(inf) = omega2 and D1(inf) = -F.u ~ 0.

mod common;

use std::sync::Arc;

use softmode::analysis::{Analyzer, Settings};
use softmode::io::{read_modes, ReadOptions};
use softmode::potential::{self, Potential, Units};
use softmode::Mode;

fn glass(name: &str) -> (Arc<Potential>, Vec<Mode>) {
    let lammps = common::shared_data(&format!("{name}.lammps"));
    let pot = potential::load(&lammps.display().to_string()).expect("potential file");
    let modes = read_modes(
        &common::shared_data(&format!("{name}.extxyz.gz")),
        &ReadOptions::default(),
        &pot.species(),
    )
    .expect("glass");
    (Arc::new(pot), modes)
}

/// omega2 = 2 D2(inf) (Taylor, exact) and e.D.e for every mode; no warning that the
/// potential is not the glass's; D1(inf) is zero to the forces' accuracy.
fn check_eigenmodes(name: &str) {
    let (pot, modes) = glass(name);
    assert_eq!(modes.len(), 10);
    for mode in modes {
        let w = mode.omega2_file.expect("omega2");
        let settings = Settings {
            method: softmode::analysis::Method::Taylor,
            ..Settings::for_glass(&mode, &pot)
        };
        let a = Analyzer::new(mode, pot.clone())
            .run(&settings)
            .expect("analysis");
        let frame = a.mode.frame;
        assert!(
            (2.0 * a.d_inf[1] / w - 1.0).abs() < 1e-7,
            "{name} frame {frame}: 2 D2(inf) = {} vs omega2 {w}",
            2.0 * a.d_inf[1]
        );
        assert!(
            (a.core.omega2_ehe / w - 1.0).abs() < 1e-7,
            "{name} frame {frame}: e.D.e = {} vs {w}",
            a.core.omega2_ehe
        );
        assert!(
            a.core.max_force < 1e-9,
            "{name}: max force {}",
            a.core.max_force
        );
        assert!(a.d_inf[0].abs() < 1e-8, "{name}: D1(inf) = {}", a.d_inf[0]);
        assert!(
            !a.warnings.iter().any(|w| w.contains("does not look like")),
            "{:?}",
            a.warnings
        );
    }
}

#[test]
fn kob_andersen_modes_are_eigenmodes_of_its_lammps_potential() {
    check_eigenmodes("ka2000");
}

#[test]
fn cu_zr_modes_are_eigenmodes_of_its_eam_potential() {
    check_eigenmodes("cuzr2000");
}

/// The built-in ka-lj is the potential of ka2000.lammps.
#[test]
fn built_in_kob_andersen_is_the_glass_potential() {
    let pot = Arc::new(potential::by_name("ka-lj").expect("ka-lj built in"));
    let (_, modes) = glass("ka2000");
    let mode = modes.into_iter().next().expect("a mode");
    let w = mode.omega2_file.expect("omega2");
    let a = Analyzer::new(mode, pot)
        .run(&Settings::default())
        .expect("analysis");
    assert!((a.core.omega2_ehe / w - 1.0).abs() < 1e-7);
}

/// The wrong potential is named in one sentence (3DIPL on the Kob-Andersen glass: the
/// labels A/B map onto S/L, and the forces are far from zero).
#[test]
fn a_wrong_potential_is_reported() {
    let (_, modes) = glass("ka2000");
    let mode = modes.into_iter().next().expect("a mode");
    let a = Analyzer::new(mode, Arc::new(Potential::ipl3d()))
        .run(&Settings::default())
        .expect("analysis");
    let w: Vec<&String> = a
        .warnings
        .iter()
        .filter(|w| w.contains("does not look like a minimum of the potential 3dipl"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", a.warnings);
    assert!(a.core.max_force > 1.0);
}

/// Metal units: the defaults are in a0 = (V_a / 1.22)^(1/3) and sqrt(m_mean) a0; the
/// many-body potential gets per-atom (half) weight and the fit method; full weight is
/// refused with a reason.
#[test]
fn metal_units_scale_the_defaults() {
    let (pot, modes) = glass("cuzr2000");
    let mode = &modes[0];
    assert_eq!(mode.units, Some(Units::Metal));
    let s = Settings::for_glass(mode, &pot);
    let v_a = mode.cell.volume() / 2000.0;
    let a0 = (v_a / 1.22).cbrt();
    assert!((s.a0 - a0).abs() < 1e-12 && (s.r_s - 6.0 * a0).abs() < 1e-12);
    let m_mean = (1280.0 * 63.546 + 720.0 * 91.224) / 2000.0;
    assert!((s.a_max - 1.5 * f64::sqrt(m_mean) * a0).abs() < 1e-9);
    assert!(s.half_weight);
    assert_eq!(s.method, softmode::analysis::Method::Fit);
    let full = Settings {
        half_weight: false,
        ..s
    };
    let err = Analyzer::new(mode.clone(), pot.clone())
        .run(&full)
        .expect_err("full weight");
    assert!(err.to_string().contains("per-atom"), "{err}");
}

/// Without known moduli the dipole-dependent numbers are null, with a warning that says
/// how to give them; with user values they are computed.
#[test]
fn unknown_moduli_leave_the_dipole_numbers_empty() {
    let (pot, modes) = glass("ka2000");
    assert!(pot.moduli.is_none());
    let a = Analyzer::new(modes[0].clone(), pot.clone())
        .run(&Settings::default())
        .expect("analysis");
    assert!(a.dipole.is_none() && a.k.is_none() && a.f_r.is_none());
    assert!(
        a.warnings.iter().any(|w| w.contains("--bulk")),
        "{:?}",
        a.warnings
    );
    // The text summary says why P is missing, not that the shell is empty.
    let text = softmode::export::summary::summary(&a);
    assert!(
        text.contains("dipole fit undefined: needs the elastic moduli"),
        "{text}"
    );
    let given = Settings {
        bulk: Some(60.0),
        shear: Some(15.0),
        ..Settings::default()
    };
    let b = Analyzer::new(modes[0].clone(), pot)
        .run(&given)
        .expect("analysis");
    assert!(b.dipole.is_some() && b.k.is_some());
}

/// The paper's glass keeps the paper's defaults exactly (ANALYSIS.md section 12).
#[test]
fn the_paper_glass_keeps_its_defaults() {
    let mode = common::example_mode(3);
    assert_eq!(
        Settings::for_glass(&mode, &Potential::ipl3d()),
        Settings::default()
    );
}

/// Metal units name their units: the frequency nu = sqrt(omega2)/2 pi in THz (omega2 in
/// eV/(amu Å^2); e and amu from CODATA 2018), Å and eV in the numbers and the CSV headers;
/// the paper's glass keeps a0 and E0 and has no THz.
#[test]
fn metal_units_label_frequencies_lengths_and_energies() {
    use softmode::export::figures::{data, FigureKind};
    let (pot, modes) = glass("cuzr2000");
    let settings = Settings::for_glass(&modes[0], &pot);
    let a = Analyzer::new(modes[0].clone(), pot.clone())
        .run(&settings)
        .expect("analysis");
    let (e, amu) = (1.602_176_634e-19, 1.660_539_066_60e-27);
    let nu = (a.omega2 * e / (amu * 1e-20)).sqrt() / (2.0 * std::f64::consts::PI) / 1e12;
    let json = softmode::report::to_json(&a);
    let got = json["nu_THz"].as_f64().expect("nu_THz");
    assert!((got - nu).abs() < 1e-7 * nu, "{got} vs {nu} THz");
    // Cu-Zr's lowest modes lie well below a THz (omega2 ~ 4e-4 eV/(amu Å^2)).
    assert!(got > 0.1 && got < 1.0, "{got}");
    #[cfg(feature = "gui")]
    {
        let lines = softmode::app::panels::numbers::table_lines(&a);
        assert!(lines[0].contains("THz"), "{}", lines[0]);
        assert!(lines
            .iter()
            .any(|l| l.starts_with("r_in") && l.ends_with(" Å")));
    }
    let summary = softmode::export::summary::summary(&a);
    assert!(
        summary.contains("THz") && !summary.contains(" a0"),
        "{summary}"
    );
    let csv = data::csv(&a, FigureKind::Fig2);
    let header = csv[0].1.lines().next().expect("header");
    assert!(
        header.contains("r_c [Å]") && header.contains("[eV amu^-1 Å^-2]"),
        "{header}"
    );
    assert!(!header.contains("a0") && !header.contains("E0"), "{header}");

    let paper = Analyzer::new(common::example_mode(0), common::potential())
        .run(&Settings::default())
        .expect("paper glass");
    assert!(softmode::report::to_json(&paper)["nu_THz"].is_null());
    let csv = data::csv(&paper, FigureKind::Fig2);
    assert!(
        csv[0].1.starts_with("r_c [a0],D2 [E0 M^-1 a0^-2]"),
        "{}",
        csv[0].1
    );
}
