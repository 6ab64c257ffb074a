//! `Analysis`: every number of ANALYSIS.md sections 1-8 for one mode and one set of
//! settings, and `Analyzer`, which caches the expensive first stage so that dragging
//! r_s, d_fit or the shell width redoes only the dipole-dependent part.

use std::sync::Arc;

use nalgebra::Vector3;

use super::core::{Core, CoreKey, Fig1};
use super::couplings::{a0_of_d4, lambda_l, lambda_t, participation, w_of_d4};
use super::dipole::{beyond_half_box, fit_dipole, DipoleFit, Medium};
use super::elastic::{fit_restoring, k_closed_form};
use super::moments::{radial_residual_sq, residual_sq, Suffix};
use super::progress::Progress;
use super::settings::Settings;
use super::shells::{shells, Shells};
use crate::error::{Error, Result};
use crate::model::{Mode, Omega2Source};
use crate::potential::Potential;

/// One point of the P(r_s) stability scan.
#[derive(Clone, Debug, PartialEq)]
pub struct ScanPoint {
    pub r_s: f64,
    pub fit: Option<DipoleFit>,
    pub beyond_half_box: bool,
}

/// D_k(r_c) and the elastic lines on the r_c grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Curves {
    pub r_c: Vec<f64>,
    /// [D1..D4] per grid point, for the chosen method.
    pub d: Vec<[f64; 4]>,
    pub d2_elastic: Option<Vec<f64>>,
    pub d2_elastic_plus_random: Option<Vec<f64>>,
    pub s_random: Option<Vec<f64>>,
}

/// The whole analysis of one mode.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub settings: Settings,
    /// The potential the numbers were computed with.
    pub potential: Arc<Potential>,
    /// B and G of the dipole fit; None when neither the settings nor the potential
    /// give them (then every dipole-dependent number is None, with a warning).
    pub medium: Option<Medium>,
    /// The mode as analysed (sign flipped if the setting says so).
    pub mode: Arc<Mode>,
    pub core: Arc<Core>,
    pub omega2: f64,
    pub omega2_source: Omega2Source,
    pub d_inf: [f64; 4],
    pub curves: Curves,
    pub r_in: Option<f64>,
    pub n_atoms_in_r_in: Option<usize>,
    pub dipole: Option<DipoleFit>,
    pub beyond_half_box: bool,
    /// Suffix-summed field moments: any other dipole fit is a look-up away.
    pub moments: Arc<Suffix>,
    pub k: Option<f64>,
    pub f_r: Option<f64>,
    pub f_r_stderr: Option<f64>,
    pub radial_fraction: Option<f64>,
    pub lambda_t: Option<f64>,
    pub lambda_l: Option<f64>,
    pub n_e: f64,
    pub w: Option<f64>,
    pub a0: Option<f64>,
    pub fig1: Fig1,
    pub shells: Shells,
    pub dipole_scan: Vec<ScanPoint>,
    pub warnings: Vec<String>,
}

impl Analysis {
    /// Why there is no dipole fit, when there is none: no moduli to fit with, or too
    /// few atoms in the shell.
    pub fn no_dipole_reason(&self) -> &'static str {
        if self.medium.is_none() {
            "needs the elastic moduli B and G (the potential has none; give them)"
        } else {
            "fewer than 2 atoms in the fit shell"
        }
    }

    /// D4 of the mode (Table I): D4(inf).
    pub fn d4(&self) -> f64 {
        self.d_inf[3]
    }

    /// The band D4(inf) (1 -+ r_in_band) that defines r_in, as (low, high).
    pub fn d4_band(&self) -> (f64, f64) {
        let (d4, w) = (self.d4(), self.settings.r_in_band * self.d4().abs());
        (d4 - w, d4 + w)
    }

    /// [D1..D4](r_c) of the chosen method at any r_c (a look-up).
    pub fn d_at(&self, r_c: f64) -> [f64; 4] {
        self.core
            .d_at(self.settings.method, r_c, self.settings.half_weight)
    }

    /// The fitted dipole field s_i at atom i (zero without a fit).
    pub fn field_at(&self, i: usize) -> Vector3<f64> {
        match (&self.dipole, &self.medium) {
            (Some(f), Some(m)) => m.field(&f.p, &self.core.x[i]),
            _ => Vector3::zeros(),
        }
    }

    /// The random part e_r,i = e_i - sqrt(m_i) s_i (e itself without a fit).
    pub fn random_part(&self, i: usize) -> Vector3<f64> {
        self.mode.e[i] - self.field_at(i) * self.core.sqrt_m[i]
    }
}

/// Holds a mode and the cached first stage; `run` recomputes only what settings changed.
#[derive(Debug)]
pub struct Analyzer {
    mode: Arc<Mode>,
    flipped: Option<Arc<Mode>>,
    potential: Arc<Potential>,
    core: Option<(CoreKey, Arc<Core>)>,
    moments: Option<(Option<Medium>, Arc<Suffix>)>,
}

impl Analyzer {
    pub fn new(mode: Mode, potential: Arc<Potential>) -> Self {
        Self {
            mode: Arc::new(mode),
            flipped: None,
            potential,
            core: None,
            moments: None,
        }
    }

    pub fn mode(&self) -> &Arc<Mode> {
        &self.mode
    }

    pub fn potential(&self) -> &Arc<Potential> {
        &self.potential
    }

    fn mode_for(&mut self, flip: bool) -> Arc<Mode> {
        if !flip {
            return self.mode.clone();
        }
        self.flipped
            .get_or_insert_with(|| Arc::new(self.mode.flipped()))
            .clone()
    }

    /// The first stage for these settings, from the cache when its key is unchanged.
    pub fn core(&mut self, settings: &Settings) -> Result<Arc<Core>> {
        self.core_with(settings, &Progress::default())
    }

    /// `core`, reporting progress and stopping when cancelled (the cache is kept as it was).
    pub fn core_with(&mut self, settings: &Settings, progress: &Progress) -> Result<Arc<Core>> {
        let key = CoreKey::of(settings);
        if let Some((k, c)) = &self.core {
            if *k == key {
                return Ok(c.clone());
            }
        }
        let mode = self.mode_for(settings.flip);
        let core = Arc::new(Core::compute_with(
            &mode,
            self.potential.as_ref(),
            &key,
            progress,
        )?);
        self.core = Some((key, core.clone()));
        self.moments = None;
        Ok(core)
    }

    /// True when `run(settings)` would reuse the cached first stage (a few ms), false when
    /// it has to redo the pair sums (run it off the UI thread then).
    pub fn is_cached(&self, settings: &Settings) -> bool {
        self.core
            .as_ref()
            .is_some_and(|(k, _)| *k == CoreKey::of(settings))
    }

    /// Every number of the analysis for `settings`.
    pub fn run(&mut self, settings: &Settings) -> Result<Analysis> {
        self.run_with(settings, &Progress::default())
    }

    /// `run`, reporting progress (first stage, then the moments) and stopping with
    /// `Error::Cancelled` when `progress` is cancelled.
    pub fn run_with(&mut self, settings: &Settings, progress: &Progress) -> Result<Analysis> {
        settings.validate()?;
        check_weight(settings, &self.potential)?;
        let medium = resolve_medium(settings, self.potential.as_ref());
        let core = self.core_with(settings, progress)?;
        progress.stage(0.95)?;
        let mode = self.mode_for(settings.flip);
        let moments = match &self.moments {
            Some((m, s)) if *m == medium => s.clone(),
            _ => {
                // Without moduli no field is fitted and only the |e|^2 and |u|^2 sums
                // are read, so any medium will do for the basis.
                let basis = medium.unwrap_or(Medium {
                    bulk: 1.0,
                    shear: 1.0,
                });
                let s = Arc::new(Suffix::new(
                    &basis,
                    &core.order,
                    &core.x,
                    &mode.e,
                    &core.sqrt_m,
                ));
                self.moments = Some((medium, s.clone()));
                s
            }
        };
        progress.stage(1.0)?;
        Ok(assemble(
            mode,
            &self.potential,
            core,
            moments,
            settings,
            medium,
        ))
    }
}

/// B and G from the settings, else the potential's; None when neither has them.
pub fn resolve_medium(settings: &Settings, potential: &Potential) -> Option<Medium> {
    let known = potential.moduli();
    let bulk = settings.bulk.or(known.map(|m| m.bulk))?;
    let shear = settings.shear.or(known.map(|m| m.shear))?;
    Some(Medium { bulk, shear })
}

/// Full weight counts a pair with one core atom whole; for a many-body potential the
/// energy is not a sum over pairs, so only per-atom energies (half weight) are defined.
fn check_weight(settings: &Settings, potential: &Potential) -> Result<()> {
    if potential.is_many_body() && !settings.half_weight {
        return Err(Error::Setting(format!(
            "full weight is undefined for the many-body potential {}: its energy is a sum of \
             per-atom energies, not of pairs, so the core energy sums the core atoms' \
             energies (use half weight, --half-weight)",
            potential.name()
        )));
    }
    Ok(())
}

/// Largest force per atom above which a glass is not a minimum of the potential
/// (units of the potential: E0/a0 or eV/A). Quenched glasses reach 1e-6 and below; files
/// written with 6-8 decimals stay far under this.
pub const MAX_FORCE_AT_MINIMUM: f64 = 1e-3;
/// Relative difference between the file's omega2 and e.D.e above which the mode is not
/// an eigenvector of this potential's dynamical matrix.
pub const OMEGA2_MISMATCH: f64 = 0.05;

/// One sentence when the forces or omega2 show that the potential cannot be the
/// glass's: a glass in its minimum has no forces, and an eigenvector's omega2 is e.D.e.
pub fn mismatch_warning(mode: &Mode, potential: &Potential, core: &Core) -> Option<String> {
    let omega2_off = mode
        .omega2_file
        .filter(|w| (core.omega2_ehe - w).abs() > OMEGA2_MISMATCH * w.abs().max(1e-12));
    if core.max_force <= MAX_FORCE_AT_MINIMUM && omega2_off.is_none() {
        return None;
    }
    let omega2_text = omega2_off.map_or(String::new(), |w| {
        format!(
            ", and e.D.e = {:.4} differs from the file's omega2 = {w:.4}",
            core.omega2_ehe
        )
    });
    Some(format!(
        "this glass does not look like a minimum of the potential {}: the largest force \
         on an atom is {:.3e}{omega2_text}; the likely cause is the wrong potential (give \
         the glass's own, e.g. --potential FILE.lammps) or a wrong species mapping (--types)",
        potential.name(),
        core.max_force
    ))
}

/// The first grid point after the last one outside the band |D4 - D4(inf)| < band |D4(inf)|.
pub fn inner_core_radius(r_c: &[f64], d4: &[f64], d4_inf: f64, band: f64) -> Option<f64> {
    let outside = |v: f64| (v - d4_inf).abs() >= band * d4_inf.abs();
    match d4.iter().rposition(|&v| outside(v)) {
        None => r_c.first().copied(),
        Some(k) => r_c.get(k + 1).copied(),
    }
}

fn assemble(
    mode: Arc<Mode>,
    potential: &Arc<Potential>,
    core: Arc<Core>,
    moments: Arc<Suffix>,
    s: &Settings,
    medium: Option<Medium>,
) -> Analysis {
    let (omega2, omega2_source) = match mode.omega2_file {
        Some(w) => (w, Omega2Source::File),
        None => (core.omega2_ehe, Omega2Source::Computed),
    };
    let (mut curves, d_inf, r_in) = core_curves(&core, s);
    let fit_at = |r_s: f64| medium.and_then(|_| fit_dipole(&core, &moments, r_s, s.d_fit));
    let dipole = fit_at(s.r_s);
    let beyond = beyond_half_box(&mode, s.r_s, s.d_fit);
    let k = dipole
        .as_ref()
        .zip(medium.as_ref())
        .map(|(fit, m)| k_closed_form(m, &fit.p));
    let random = match (k, &dipole) {
        (Some(k), Some(fit)) => {
            let omega = if s.omega_term { omega2 / 2.0 } else { 0.0 };
            let d2_el: Vec<f64> = curves
                .r_c
                .iter()
                .map(|rc| -k / rc.powi(3) + omega)
                .collect();
            restoring(&mut curves, &core, &moments, fit, d2_el, r_in, s)
        }
        _ => RandomPart::default(),
    };
    let warnings = warnings(&mode, potential, &core, s, r_in, beyond, medium.is_some());

    let principal = dipole.as_ref().map(|f| f.principal.values);
    let dipole_scan = dipole_scan(&mode, s, fit_at);
    let fig1 = core.fig1(s.fig1_r_c, s.half_weight);
    let shells = shells(
        s.shell_d,
        &core.r_sorted,
        &moments,
        dipole.as_ref().map(|f| &f.q),
    );
    let n_atoms_in_r_in = r_in.map(|r| core.n_within(r));
    Analysis {
        settings: s.clone(),
        potential: potential.clone(),
        medium,
        omega2,
        omega2_source,
        d_inf,
        curves,
        r_in,
        n_atoms_in_r_in,
        beyond_half_box: beyond,
        k,
        f_r: random.f_r,
        f_r_stderr: random.f_r_stderr,
        radial_fraction: random.radial_fraction,
        lambda_t: principal.map(|p| lambda_t(&p)),
        lambda_l: principal.map(|p| lambda_l(&p)),
        n_e: participation(&mode.e),
        w: w_of_d4(d_inf[3]),
        a0: a0_of_d4(d_inf[3]),
        dipole,
        moments,
        fig1,
        shells,
        dipole_scan,
        warnings,
        mode,
        core,
    }
}

/// D_1..D_4(r_c) on the r_c grid (without the elastic lines, which need the dipole),
/// D(inf) and r_in from the D_4 curve.
fn core_curves(core: &Core, s: &Settings) -> (Curves, [f64; 4], Option<f64>) {
    let sums = core.sums(s.method);
    let grid = s.rc_grid();
    let d: Vec<[f64; 4]> = grid
        .iter()
        .map(|&rc| sums.at(core.n_within(rc), s.half_weight))
        .collect();
    let d4: Vec<f64> = d.iter().map(|v| v[3]).collect();
    let r_in = inner_core_radius(&grid, &d4, sums.total[3], s.r_in_band);
    let curves = Curves {
        r_c: grid,
        d,
        d2_elastic: None,
        d2_elastic_plus_random: None,
        s_random: None,
    };
    (curves, sums.total, r_in)
}

/// The dipole fit at every r_s of the scan grid.
fn dipole_scan(
    mode: &Mode,
    s: &Settings,
    fit_at: impl Fn(f64) -> Option<DipoleFit>,
) -> Vec<ScanPoint> {
    s.scan_grid()
        .into_iter()
        .map(|r_s| ScanPoint {
            r_s,
            fit: fit_at(r_s),
            beyond_half_box: beyond_half_box(mode, r_s, s.d_fit),
        })
        .collect()
}

/// What the analysis says the user should know, in the order the checks run.
fn warnings(
    mode: &Mode,
    potential: &Potential,
    core: &Core,
    s: &Settings,
    r_in: Option<f64>,
    beyond: bool,
    has_moduli: bool,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if !core.centre.converged {
        warnings.push(format!(
            "the mode centre did not converge in {} iterations; the last one is used",
            core.centre.iterations
        ));
    }
    warnings.extend(mismatch_warning(mode, potential, core));
    if potential.tabulated && s.method == crate::analysis::Method::Taylor {
        warnings.push(format!(
            "the potential {} is tabulated: its second derivative jumps at every table \
             point, so the Taylor D3 and D4 describe the interpolation, not the glass \
             (the fit method averages over A_max)",
            potential.name()
        ));
    }
    if r_in.is_none() {
        warnings
            .push("D4(r_c) has not settled at the end of the r_c grid: r_in is undefined".into());
    }
    if beyond {
        warnings.push(format!(
            "dipole fit shell reaches r = {}, beyond half the box ({:.3})",
            short(s.r_s + s.d_fit),
            mode.cell.half_min_length()
        ));
    }
    if !has_moduli {
        warnings.push(format!(
            "the potential {} has no known elastic moduli: the dipole fit, K, f_r and the \
             couplings need B and G (--bulk, --shear, or B and G in the window)",
            potential.name()
        ));
    }
    warnings
}

/// f_r with its standard error, and the random part's radial share (section 7).
#[derive(Default)]
struct RandomPart {
    f_r: Option<f64>,
    f_r_stderr: Option<f64>,
    radial_fraction: Option<f64>,
}

/// Section 7 on the r_c grid of `curves`: S(r_c) = sum over r_i > r_c of |e_r,i|^2 (a
/// look-up in the moments), and f_r fitted to D2 - elastic against S over
/// r_in <= r_c <= f_r_rmax, `d2_el` being the elastic line -K / r_c^3 (+ omega2 / 2);
/// fills the curves' lines.
fn restoring(
    curves: &mut Curves,
    core: &Core,
    moments: &Suffix,
    fit: &DipoleFit,
    d2_el: Vec<f64>,
    r_in: Option<f64>,
    s: &Settings,
) -> RandomPart {
    let grid = &curves.r_c;
    let s_random: Vec<f64> = grid
        .iter()
        .map(|&rc| {
            residual_sq(
                &moments.from(core.r_sorted.partition_point(|&r| r <= rc)),
                &fit.q,
            )
        })
        .collect();
    let mut out = RandomPart::default();
    if let Some(r_in) = r_in {
        let window: Vec<usize> = (0..grid.len())
            .filter(|&j| grid[j] >= r_in && grid[j] <= s.f_r_rmax)
            .collect();
        let xs: Vec<f64> = window.iter().map(|&j| s_random[j]).collect();
        let ys: Vec<f64> = window.iter().map(|&j| curves.d[j][1] - d2_el[j]).collect();
        if let Some((fr, err)) = fit_restoring(&xs, &ys) {
            out.f_r = Some(fr);
            out.f_r_stderr = err;
            let line = d2_el.iter().zip(&s_random).map(|(e, sr)| e - fr * sr);
            curves.d2_elastic_plus_random = Some(line.collect());
        }
        // Radial share of the random part over r_in <= r < f_r_rmax.
        let lo = core.r_sorted.partition_point(|&r| r < r_in);
        let hi = core.r_sorted.partition_point(|&r| r < s.f_r_rmax);
        let m = moments.range(lo, hi.max(lo));
        let total = residual_sq(&m, &fit.q);
        out.radial_fraction =
            (hi > lo && total > 0.0).then(|| radial_residual_sq(&m, &fit.q) / total);
    }
    curves.d2_elastic = Some(d2_el);
    curves.s_random = Some(s_random);
    out
}

/// x to three decimals without trailing zeros ("8", "8.1"): a slider's 8.100000000000001
/// reads as 8.1.
fn short(x: f64) -> String {
    let text = format!("{x:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_numbers_drop_round_off_and_zeros() {
        assert_eq!(super::short(6.0 + 2.1), "8.1");
        assert_eq!(super::short(8.0), "8");
        assert_eq!(super::short(6.25), "6.25");
    }
}
