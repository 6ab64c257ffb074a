//! The mode animation of the 3D view: atoms at r_i + A(t) e_i with A(t) = A_max sin(phase).
//! Only the phase lives here; the renderer applies A as a shader uniform (no upload).

use std::f64::consts::TAU;

use eframe::egui::{self, Slider};

/// Play state, speed and amplitude of the animation.
#[derive(Clone, Debug, PartialEq)]
pub struct Animation {
    pub playing: bool,
    /// Periods per second.
    pub speed: f64,
    /// A_max (M^1/2 a0); None: the analysis setting A_max.
    pub a_max: Option<f64>,
    /// omega t, in [0, 2 pi).
    pub phase: f64,
}

impl Default for Animation {
    fn default() -> Self {
        Self {
            playing: false,
            speed: 0.5,
            a_max: None,
            phase: 0.0,
        }
    }
}

/// A(phase) = A_max sin(phase).
pub fn amplitude(a_max: f64, phase: f64) -> f64 {
    a_max * phase.sin()
}

/// The phase after `dt` seconds at `speed` periods per second, wrapped into [0, 2 pi).
pub fn advance(phase: f64, speed: f64, dt: f64) -> f64 {
    let p = (phase + TAU * speed * dt).rem_euclid(TAU);
    if p.is_finite() {
        p
    } else {
        0.0
    }
}

/// The phases of an n-frame movie over one period (frame k at 2 pi k / n).
pub fn movie_phases(n: usize) -> Vec<f64> {
    (0..n).map(|k| TAU * k as f64 / n as f64).collect()
}

impl Animation {
    /// A_max in use: the user's, else the analysis setting.
    pub fn a_max_or(&self, default: f64) -> f64 {
        self.a_max.unwrap_or(default)
    }

    /// Steps the phase by `dt` when playing; returns the amplitude to draw.
    pub fn tick(&mut self, dt: f64, default_a_max: f64) -> f64 {
        if self.playing {
            self.phase = advance(self.phase, self.speed, dt);
        }
        amplitude(self.a_max_or(default_a_max), self.phase)
    }

    /// Play/pause, speed and A_max controls (one toolbar row).
    pub fn ui(&mut self, ui: &mut egui::Ui, default_a_max: f64) {
        let label = if self.playing { "Pause" } else { "Animate" };
        if ui
            .button(label)
            .on_hover_text("atoms at r + A_max sin(omega t) e")
            .clicked()
        {
            self.playing = !self.playing;
        }
        if ui
            .button("A = 0")
            .on_hover_text("back to the glass at rest")
            .clicked()
        {
            self.phase = 0.0;
        }
        ui.add(
            Slider::new(&mut self.speed, 0.05..=3.0)
                .logarithmic(true)
                .text("periods/s"),
        );
        let mut a = self.a_max_or(default_a_max);
        if ui
            .add(Slider::new(&mut a, 0.1..=10.0).text("A_max anim"))
            .on_hover_text("amplitude of the animation (M^1/2 a0)")
            .changed()
        {
            self.a_max = Some(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amplitude_follows_a_sine_and_the_phase_wraps() {
        assert_eq!(amplitude(2.0, 0.0), 0.0);
        assert!((amplitude(2.0, TAU / 4.0) - 2.0).abs() < 1e-12);
        assert!((amplitude(2.0, 3.0 * TAU / 4.0) + 2.0).abs() < 1e-12);
        let p = advance(0.0, 0.5, 1.5);
        assert!((p - TAU * 0.75).abs() < 1e-12, "{p}");
        assert!(advance(1.0, 1.0, f64::NAN) == 0.0);
        let mut a = Animation::default();
        assert_eq!(a.tick(0.3, 1.0), 0.0, "paused: no motion");
        a.playing = true;
        a.speed = 1.0;
        assert!((a.tick(0.25, 1.5) - 1.5).abs() < 1e-12);
        a.a_max = Some(3.0);
        assert!((a.tick(0.0, 1.5) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn movie_covers_one_period_without_repeating_the_first_frame() {
        let p = movie_phases(4);
        assert_eq!(p.len(), 4);
        assert_eq!(p[0], 0.0);
        assert!((p[3] - 1.5 * std::f64::consts::PI).abs() < 1e-12);
        assert!(movie_phases(0).is_empty());
    }
}
