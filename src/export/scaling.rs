//! The scaling to a real glass (analysis::scaling) as text: `softmode scale` prints it,
//! the window's calculator shows it.

use crate::analysis::scaling::{DampingRow, Debye, Scaled};

/// The numbers, each beside the paper's printed value and the assumption behind it (one
/// line per quantity; `softmode scale` prints it, the window's calculator shows it).
pub fn render(s: &Scaled) -> String {
    let g = Scaled::gamma_t_ev;
    format!(
        "a0 = {:.4} nm, V_a = {:.5} nm^3\n\
         hbar^2/(M a0^2) = {:.3} ueV          (paper 8.64; CODATA 2018 and these inputs do not reproduce it)\n\
         E0 = G a0^3/14 = {:.4} eV          (paper 0.208 = G V_a/14 = {:.4} eV)\n\
         W/kB = {:.3} K                     (paper 3.85; {:.3} K with E0 = G V_a/14)\n\
         A0 = {:.4} M^1/2 a0 in physical units\n\
         Lambda_t = {:.3} eV                (paper 0.64; {:.3} eV with E0 = G V_a/14, {:.3} eV with that E0 and the paper's A0 = 0.785)\n\
         gamma_t = Lambda_t/sqrt 3 = {:.3} eV (paper 0.37; {:.3} / {:.3} eV under the same assumptions)\n",
        s.a0_nm,
        s.v_a_nm3,
        s.hbar2_ma2_uev,
        s.e0_ev,
        s.e0_va_ev,
        s.w_over_kb,
        s.w_over_kb_va,
        s.a0_phys,
        s.lambda_t_ev,
        s.lambda_t_va_ev,
        s.lambda_t_va_paper_a0_ev,
        g(s.lambda_t_ev),
        g(s.lambda_t_va_ev),
        g(s.lambda_t_va_paper_a0_ev),
    )
}

/// The Debye line of `render` (NiZr2 in the paper).
pub fn render_debye(d: &Debye) -> String {
    format!(
        "v_t = {:.0} m/s, Debye velocity {:.0} m/s, hbar omega_D = {:.2} meV (paper, NiZr2: 22.5)",
        d.v_t, d.v_debye, d.energy_mev
    )
}

/// The damping table as text (header, one line per energy).
pub fn render_damping(rows: &[DampingRow]) -> String {
    let mut out = String::from(
        "eq. 12: Gamma = (3 pi/2) Lambda_t^2 g_exc / (M v_l^2), for Lambda_t with E0 = G a0^3/14 | E0 = G V_a/14 | that E0 and A0 = 0.785\n\
         E (meV)   g_exc (1/meV/atom)   Gamma       Gamma_Va    Gamma_Va,A0=0.785\n",
    );
    for r in rows {
        out.push_str(&format!(
            "{:<9.3} {:<20.4e} {:<11.4e} {:<11.4e} {:.4e}\n",
            r.energy_mev, r.g_exc_per_mev, r.gamma[0], r.gamma[1], r.gamma[2]
        ));
    }
    out
}
