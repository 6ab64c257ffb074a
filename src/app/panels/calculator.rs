//! The "Section III calculator" window: a real glass's mass, shear modulus and length
//! unit (a0, V_a, or E0 with a0) in; every number from `analysis::scaling` out, each
//! beside the paper's printed value and the assumption that reproduces it (the same text
//! as `softmode scale`). With v_l: the Debye energy and eq. 12's damping for a g_exc
//! file or a constant ratio to the Debye density.

use std::path::PathBuf;

use eframe::egui;

use crate::app::job::JobSet;

use crate::analysis::scaling::{
    damping_rows, debye, scale, shear_from_e0, shear_from_sound, GExc, LengthInput, ScaleInput,
    NIZR2_MASS_U, NIZR2_VA_NM3, NIZR2_VL, NIZR2_VT2_VL2,
};
use crate::export::scaling::{render, render_damping, render_debye};
use crate::io::gexc::read_gexc;

/// How the length unit is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthMode {
    A0,
    Volume,
    /// E0 (eV) and a0 (nm): G = 14 E0 / a0^3.
    E0A0,
}

/// Where g_exc comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GexcMode {
    Off,
    Ratio,
    File,
}

pub struct CalculatorUi {
    pub open: bool,
    pub mass_u: f64,
    pub length: LengthMode,
    pub a0_nm: f64,
    pub v_a_nm3: f64,
    pub shear_gpa: f64,
    pub e0_ev: f64,
    /// The reduced parameters (Table I means by default).
    pub lambda_t: f64,
    pub w: f64,
    pub a0_red: f64,
    /// Longitudinal sound velocity (m/s); 0 leaves out Debye and eq. 12.
    pub v_l: f64,
    pub vt2_vl2: f64,
    pub gexc: GexcMode,
    pub ratio: f64,
    pub gexc_file: Option<PathBuf>,
    /// The file's points or the reader's message.
    pub gexc_points: Option<Result<Vec<[f64; 2]>, String>>,
    /// g_exc files being picked and read.
    reads: JobSet<Option<GexcLoaded>>,
}

/// A g_exc file read on a thread: its path and its points or the reader's message.
type GexcLoaded = (PathBuf, Result<Vec<[f64; 2]>, String>);

impl Default for CalculatorUi {
    fn default() -> Self {
        let mut c = Self {
            open: false,
            mass_u: 0.0,
            length: LengthMode::A0,
            a0_nm: 0.0,
            v_a_nm3: 0.0,
            shear_gpa: 0.0,
            e0_ev: 0.2,
            lambda_t: 0.0,
            w: 0.0,
            a0_red: 0.0,
            v_l: 0.0,
            vt2_vl2: NIZR2_VT2_VL2,
            gexc: GexcMode::Off,
            ratio: 0.3,
            gexc_file: None,
            gexc_points: None,
            reads: JobSet::default(),
        };
        c.preset_pd_si_cu();
        c
    }
}

impl CalculatorUi {
    /// Pd78Si16Cu6 with a0 = 0.229 nm entered directly and Table I's unrounded means
    /// (ANALYSIS.md section 9).
    pub fn preset_pd_si_cu(&mut self) {
        let p = ScaleInput::pd_si_cu_unrounded();
        self.mass_u = p.mass_u;
        self.shear_gpa = p.shear_gpa;
        if let LengthInput::A0Nm(a) = p.length {
            self.a0_nm = a;
        }
        self.length = LengthMode::A0;
        self.lambda_t = p.lambda_t;
        self.w = p.w;
        self.a0_red = p.a0;
    }

    /// NiZr2: v_l, V_a and v_t^2/v_l^2 of the paper, G = rho v_t^2.
    pub fn preset_ni_zr2(&mut self) {
        self.mass_u = NIZR2_MASS_U;
        self.length = LengthMode::Volume;
        self.v_a_nm3 = NIZR2_VA_NM3;
        self.v_l = NIZR2_VL;
        self.vt2_vl2 = NIZR2_VT2_VL2;
        let v_t = debye(NIZR2_VL, NIZR2_VA_NM3, NIZR2_VT2_VL2).v_t;
        self.shear_gpa = shear_from_sound(NIZR2_MASS_U, NIZR2_VA_NM3, v_t);
    }

    /// The library's input for the fields.
    pub fn input(&self) -> ScaleInput {
        let (length, shear_gpa) = match self.length {
            LengthMode::A0 => (LengthInput::A0Nm(self.a0_nm), self.shear_gpa),
            LengthMode::Volume => (LengthInput::VolumeNm3(self.v_a_nm3), self.shear_gpa),
            LengthMode::E0A0 => (
                LengthInput::A0Nm(self.a0_nm),
                shear_from_e0(self.e0_ev, self.a0_nm),
            ),
        };
        ScaleInput {
            mass_u: self.mass_u,
            shear_gpa,
            length,
            lambda_t: self.lambda_t,
            w: self.w,
            a0: self.a0_red,
        }
    }

    /// Every output line (or the message saying which input is wrong).
    pub fn output_lines(&self) -> Vec<String> {
        let input = self.input();
        if let Err(e) = input.validate() {
            return vec![e];
        }
        let s = scale(&input);
        let mut text = render(&s);
        if self.v_l > 0.0 && self.vt2_vl2 > 0.0 {
            let d = debye(self.v_l, s.v_a_nm3, self.vt2_vl2);
            text.push_str(&render_debye(&d));
            text.push('\n');
            let g = match self.gexc {
                GexcMode::Off => None,
                GexcMode::Ratio if self.ratio >= 0.0 => Some(Ok(GExc::RatioToDebye(self.ratio))),
                GexcMode::Ratio => Some(Err("the ratio to g_D must not be negative".to_owned())),
                GexcMode::File => Some(match &self.gexc_points {
                    Some(Ok(p)) => Ok(GExc::Points(p.clone())),
                    Some(Err(e)) => Err(e.clone()),
                    None => Err("choose a g_exc file".to_owned()),
                }),
            };
            match g {
                Some(Ok(g)) => text.push_str(&render_damping(&damping_rows(
                    &s,
                    input.mass_u,
                    self.v_l,
                    &g,
                    d.energy_mev,
                ))),
                Some(Err(e)) => text.push_str(&e),
                None => {}
            }
        } else if self.gexc != GexcMode::Off {
            text.push_str("eq. 12 needs v_l");
        }
        text.lines().map(str::to_owned).collect()
    }

    /// Reads a g_exc file on a thread (the library reader names file and line).
    pub fn load_gexc(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.reads.spawn(ctx, move |_| {
            let r = read_gexc(&path);
            Some((path, r))
        });
    }

    fn pick_gexc(&mut self, ctx: &egui::Context) {
        self.reads.spawn(ctx, |_| {
            let path = rfd::FileDialog::new()
                .set_title("g_exc file: energy (meV), g_exc (per atom per meV)")
                .pick_file()?;
            let r = read_gexc(&path);
            Some((path, r))
        });
    }

    fn poll(&mut self) {
        for loaded in self.reads.poll() {
            match loaded {
                Ok(Some((path, r))) => {
                    self.gexc_file = Some(path);
                    self.gexc_points = Some(r);
                }
                Ok(None) => {}
                Err(lost) => self.gexc_points = Some(Err(lost.to_owned())),
            }
        }
    }
}

fn number(ui: &mut egui::Ui, label: &str, v: &mut f64, speed: f64, digits: usize) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            egui::DragValue::new(v)
                .speed(speed)
                .min_decimals(digits)
                .max_decimals(digits + 2),
        )
        .labelled_by(l.id);
    });
}

pub fn window(ctx: &egui::Context, c: &mut CalculatorUi) {
    c.poll();
    let mut open = c.open;
    egui::Window::new("Section III calculator")
        .open(&mut open)
        .default_width(760.0)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label("Presets:");
                if ui.button("Pd78Si16Cu6").clicked() {
                    c.preset_pd_si_cu();
                }
                if ui.button("NiZr2").clicked() {
                    c.preset_ni_zr2();
                }
            });
            number(ui, "mass M (u)", &mut c.mass_u, 0.1, 2);
            ui.horizontal(|ui| {
                ui.radio_value(&mut c.length, LengthMode::A0, "a0 directly");
                ui.radio_value(&mut c.length, LengthMode::Volume, "from V_a");
                ui.radio_value(&mut c.length, LengthMode::E0A0, "E0 and a0");
            });
            match c.length {
                LengthMode::A0 => {
                    number(ui, "a0 (nm)", &mut c.a0_nm, 0.001, 4);
                    number(ui, "shear modulus G (GPa)", &mut c.shear_gpa, 0.1, 2);
                }
                LengthMode::Volume => {
                    number(ui, "V_a (nm^3)", &mut c.v_a_nm3, 0.0001, 5);
                    number(ui, "shear modulus G (GPa)", &mut c.shear_gpa, 0.1, 2);
                }
                LengthMode::E0A0 => {
                    number(ui, "a0 (nm)", &mut c.a0_nm, 0.001, 4);
                    number(ui, "E0 (eV)", &mut c.e0_ev, 0.001, 4);
                }
            }
            ui.collapsing("reduced parameters (Table I means)", |ui| {
                number(ui, "lambda_t", &mut c.lambda_t, 0.01, 4);
                number(ui, "W", &mut c.w, 0.001, 4);
                number(ui, "A0", &mut c.a0_red, 0.001, 4);
            });
            number(ui, "v_l (m/s, 0 = none)", &mut c.v_l, 1.0, 0);
            number(ui, "v_t^2/v_l^2", &mut c.vt2_vl2, 0.001, 4);
            ui.horizontal(|ui| {
                ui.label("g_exc for eq. 12:");
                ui.radio_value(&mut c.gexc, GexcMode::Off, "none");
                ui.radio_value(&mut c.gexc, GexcMode::Ratio, "ratio to g_D");
                ui.radio_value(&mut c.gexc, GexcMode::File, "file");
            });
            match c.gexc {
                GexcMode::Ratio => number(ui, "g_exc / g_D", &mut c.ratio, 0.01, 3),
                GexcMode::File => {
                    ui.horizontal(|ui| {
                        if ui.button("Choose g_exc file…").clicked() {
                            c.pick_gexc(ctx);
                        }
                        if let Some(p) = &c.gexc_file {
                            ui.label(p.display().to_string());
                        }
                    });
                }
                GexcMode::Off => {}
            }
            ui.separator();
            for line in c.output_lines() {
                ui.monospace(line);
            }
        });
    c.open = open;
}
