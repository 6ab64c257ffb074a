//! `softmode --screenshot` under Xvfb on the built-in example: the PNG must show atoms in
//! the 3D area and plot lines in the plots. They need a DISPLAY or an Xvfb binary (CI
//! installs xvfb and xauth) and fail without one: a skipped test checks nothing.
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
fn display() -> (String, Option<Xvfb>) {
    if let Ok(d) = std::env::var("DISPLAY") {
        if !d.is_empty() {
            return (d, None);
        }
    }
    let bin = ["/usr/bin/Xvfb", "/usr/local/bin/Xvfb"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect(
            "no DISPLAY and no Xvfb binary: install xvfb and xauth (apt-get install xvfb xauth)",
        );
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
    (format!(":{n}"), Some(guard))
}

/// Runs the window with `args` on `display` until it exits (at most 240 s).
fn softmode(display: &str, args: &[&std::ffi::OsStr]) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_softmode"))
        .args(args)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .spawn()
        .expect("run softmode");
    wait(&mut child, 240, args)
}

/// The exit status of `child`, which must end within `seconds`.
fn wait(child: &mut Child, seconds: u64, args: &[&std::ffi::OsStr]) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().expect("wait") {
            return s;
        }
        if start.elapsed() > Duration::from_secs(seconds) {
            let _ = child.kill();
            panic!("softmode {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The 2,000-atom test glass (tests/data).
fn test_glass() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ipl2000_g1.extxyz.gz")
}

/// Pixels of atom colours (saturated, opaque) in an RGBA image.
fn atom_pixels(img: &image::RgbaImage) -> usize {
    img.pixels()
        .filter(|p| {
            let [r, g, b, a] = p.0;
            let (mx, mn) = (r.max(g).max(b), r.min(g).min(b));
            a == 255 && mx > 60 && mx - mn > 40
        })
        .count()
}

#[test]
fn snapshot_has_the_size_asked_atoms_and_a_transparent_background() {
    let (display, _xvfb) = display();
    let dir = tempfile::tempdir().expect("tempdir");
    let (opaque, clear) = (dir.path().join("opaque.png"), dir.path().join("clear.png"));
    // the 2,000-atom test glass, whose core fills the picture
    let glass = test_glass();
    // larger than the 1400x900 screen: the picture is rendered off-screen
    let run = |png: &Path, extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            glass.as_os_str(),
            "--snapshot".as_ref(),
            png.as_os_str(),
            "--snapshot-size".as_ref(),
            "1900x1100".as_ref(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        softmode(&display, &args)
    };
    assert!(run(&opaque, &[]).success());
    assert!(run(&clear, &["--transparent"]).success());
    for (png, corner_alpha) in [(&opaque, 255), (&clear, 0)] {
        let img = image::open(png).expect("a PNG").to_rgba8();
        assert_eq!(img.dimensions(), (1900, 1100), "{}", png.display());
        let atoms = atom_pixels(&img);
        assert!(
            atoms > 100_000,
            "only {atoms} atom pixels in {}",
            png.display()
        );
        assert_eq!(img.get_pixel(0, 0).0[3], corner_alpha, "{}", png.display());
        assert_eq!(img.get_pixel(1899, 1099).0[3], corner_alpha);
    }
    // the background is the view's colour when opaque
    let bg = image::open(&opaque)
        .expect("png")
        .to_rgba8()
        .get_pixel(0, 0)
        .0;
    assert!(bg[0] < 40 && bg[1] < 40 && bg[2] < 40, "{bg:?}");
    // an existing file is not replaced: an error, the file unchanged
    let before = std::fs::read(&clear).expect("read");
    assert!(!run(&clear, &[]).success());
    assert_eq!(std::fs::read(&clear).expect("read"), before);
}

#[test]
fn movie_frames_cover_one_period_and_are_not_replaced() {
    let (display, _xvfb) = display();
    let dir = tempfile::tempdir().expect("tempdir");
    let movie = dir.path().join("movie");
    let glass = test_glass();
    let args: Vec<&std::ffi::OsStr> = vec![
        glass.as_os_str(),
        "--movie".as_ref(),
        movie.as_os_str(),
        "--movie-frames".as_ref(),
        "4".as_ref(),
        "--snapshot-size".as_ref(),
        "320x240".as_ref(),
    ];
    assert!(softmode(&display, &args).success());
    let frames: Vec<image::RgbaImage> = (0..4)
        .map(|k| {
            image::open(movie.join(format!("frame_{k:04}.png")))
                .expect("a frame")
                .to_rgba8()
        })
        .collect();
    assert!(!movie.join("frame_0004.png").exists());
    for f in &frames {
        assert_eq!(f.dimensions(), (320, 240));
        assert!(atom_pixels(f) > 5_000);
    }
    // A = A_max sin(2 pi k / 4): frames 0 and 2 at rest, 1 and 3 at +-A_max
    assert_eq!(frames[0], frames[2]);
    assert_ne!(frames[0], frames[1]);
    assert_ne!(frames[1], frames[3]);
    let before = std::fs::read(movie.join("frame_0001.png")).expect("read");
    assert!(!softmode(&display, &args).success(), "frames replaced");
    assert_eq!(
        std::fs::read(movie.join("frame_0001.png")).expect("read"),
        before
    );
}

#[test]
fn screenshot_of_the_example_is_not_blank() {
    let (display, _xvfb) = display();
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("shot.png");
    let status = softmode(
        &display,
        &[
            "--screenshot".as_ref(),
            png.as_os_str(),
            "--size".as_ref(),
            "1280x800".as_ref(),
        ],
    );
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
    // the side panels are drawn unfilled over the window's clear colour: their
    // background must still be egui's panel colour
    let panel = egui::Visuals::dark().panel_fill;
    let mut counts = std::collections::HashMap::new();
    for y in h / 8..h / 2 {
        for x in (0..w / 6).chain(w * 5 / 6..w) {
            *counts.entry(img.get_pixel(x, y).0).or_insert(0usize) += 1;
        }
    }
    let commonest = counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c);
    assert_eq!(commonest, Some([panel.r(), panel.g(), panel.b()]));
}

/// A scripted run on a file that cannot be opened prints the loader's error and exits
/// non-zero instead of waiting for an analysis that cannot come.
#[test]
fn a_scripted_run_on_a_broken_file_fails_with_the_error() {
    let (display, _xvfb) = display();
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("broken.extxyz");
    std::fs::write(&bad, "3\nnot a comment line\nH 0 0\n").expect("write");
    let shot = dir.path().join("shot.png");
    let args = [bad.as_os_str(), "--screenshot".as_ref(), shot.as_os_str()];
    let mut child = Command::new(env!("CARGO_BIN_EXE_softmode"))
        .args(args)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .stderr(Stdio::piped())
        .spawn()
        .expect("run softmode");
    let status = wait(&mut child, 120, &args);
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("stderr");
    assert!(!status.success(), "exit status {status}");
    assert!(stderr.contains("broken.extxyz"), "{stderr}");
    assert!(!shot.exists());
}
