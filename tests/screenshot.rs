//! `softmode --screenshot` under Xvfb on the built-in example: the PNG must show atoms in
//! the 3D area and plot lines in the plots. Skipped (with a note) when there is neither a
//! DISPLAY nor an Xvfb binary (CI installs xvfb and xauth).
#![cfg(feature = "gui")]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Xvfb(Child);

impl Drop for Xvfb {
    /// SIGTERM, so that Xvfb removes its socket and lock file (SIGKILL leaves them behind,
    /// and a later server could not take the display number).
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

/// A display to draw on: $DISPLAY, else a private Xvfb on a display number it picks
/// itself (`-displayfd` reports the number once the server accepts connections).
fn display() -> Option<(String, Option<Xvfb>)> {
    if let Ok(d) = std::env::var("DISPLAY") {
        if !d.is_empty() {
            return Some((d, None));
        }
    }
    let bin = ["/usr/bin/Xvfb", "/usr/local/bin/Xvfb"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    // Installed but not starting is a failure, not a reason to skip.
    let mut child = Command::new(bin)
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1400x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Xvfb");
    let stdout = child.stdout.take().expect("Xvfb stdout");
    let guard = Xvfb(child);
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
        .expect("Xvfb display number");
    let n: u32 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("Xvfb reported no display: {line:?}"));
    Some((format!(":{n}"), Some(guard)))
}

#[test]
fn screenshot_of_the_example_is_not_blank() {
    let Some((display, _xvfb)) = display() else {
        println!("note: no DISPLAY and no Xvfb binary: screenshot test skipped (apt-get install xvfb xauth)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("shot.png");
    let mut child = Command::new(env!("CARGO_BIN_EXE_softmode"))
        .args(["--screenshot"])
        .arg(&png)
        .args(["--size", "1280x800"])
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .spawn()
        .expect("run softmode");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(240) {
            let _ = child.kill();
            panic!("softmode --screenshot did not finish");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "softmode --screenshot failed: {status}");
    let img = image::open(&png).expect("a PNG").to_rgb8();
    let (w, h) = img.dimensions();
    assert!(w >= 1000 && h >= 600, "{w}x{h}");
    // 3D area: between the side panels, above the plots; count saturated (atom) pixels
    let mut atoms = 0;
    for y in h / 8..h / 2 {
        for x in w / 4..w * 2 / 3 {
            let [r, g, b] = img.get_pixel(x, y).0;
            let (mx, mn) = (r.max(g).max(b), r.min(g).min(b));
            if mx > 60 && mx - mn > 40 {
                atoms += 1;
            }
        }
    }
    assert!(atoms > 2000, "only {atoms} coloured pixels in the 3D area");
    // plots (bottom band): the blue data colour of the plots
    let mut blue = 0;
    for y in h * 2 / 3..h {
        for x in 0..w {
            let [r, g, b] = img.get_pixel(x, y).0;
            if b > 200 && r < 140 && g > 120 && g < 200 {
                blue += 1;
            }
        }
    }
    assert!(blue > 200, "only {blue} plot-line pixels");
}
