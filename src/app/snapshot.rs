//! Pictures of the 3D view larger than the window: the renderer draws off-screen at the
//! chosen size (clamped to the GL limits), the pixels are saved as PNG on a thread. A
//! movie is one such picture per phase of the animation, frame_0000.png, ... Existing
//! files are never replaced without a yes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};

use eframe::egui::{self, DragValue};

use super::job::JobSet;

/// One off-screen render and where its PNG goes.
pub struct Capture {
    pub path: PathBuf,
    pub size: [u32; 2],
    pub transparent: bool,
    /// The mode amplitude A of the picture.
    pub amplitude: f32,
    reply: Sender<Done>,
}

/// A finished (or failed) capture: the path and the size saved.
pub struct Done {
    pub path: PathBuf,
    pub result: Result<[u32; 2], String>,
}

impl Capture {
    /// Saves `pixels` (RGBA rows, top first) on a thread and reports back.
    pub fn save(&self, size: [u32; 2], pixels: Vec<[u8; 4]>) {
        let (path, reply) = (self.path.clone(), self.reply.clone());
        std::thread::spawn(move || {
            let result = save_rgba(&path, size, &pixels).map(|()| size);
            let _ = reply.send(Done { path, result });
        });
    }

    pub fn fail(&self, why: String) {
        let _ = self.reply.send(Done {
            path: self.path.clone(),
            result: Err(why),
        });
    }
}

/// Writes RGBA pixels (rows top first) as PNG.
pub fn save_rgba(path: &Path, [w, h]: [u32; 2], pixels: &[[u8; 4]]) -> Result<(), String> {
    let bytes: Vec<u8> = pixels.iter().flatten().copied().collect();
    let img = image::RgbaImage::from_raw(w, h, bytes)
        .ok_or_else(|| format!("{w}x{h}: wrong number of pixels"))?;
    img.save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The file name of movie frame k.
pub fn frame_name(k: usize) -> String {
    format!("frame_{k:04}.png")
}

/// Movie frames (frame_NNNN.png) already in `dir`.
pub fn existing_frames(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("frame_") && n.ends_with(".png"))
        })
        .collect();
    v.sort();
    v
}

/// What the user asked to save.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Picture(PathBuf),
    Movie(PathBuf),
}

/// The toolbar's snapshot state: size, options, dialogs, the overwrite question, progress.
pub struct Snapshots {
    pub open: bool,
    pub size: [u32; 2],
    pub transparent: bool,
    pub frames: usize,
    /// A target waiting for "replace?" (the files exist).
    pub confirm: Option<Target>,
    /// A target ready to render.
    pub ready: Option<Target>,
    tx: Sender<Done>,
    rx: Receiver<Done>,
    /// The save or folder dialog, open on its thread.
    dialog: JobSet<Option<Target>>,
    /// Captures queued but not saved yet.
    pub outstanding: usize,
    pub failed: usize,
    pub status: String,
}

impl Default for Snapshots {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            open: false,
            size: [3000, 3000],
            transparent: false,
            frames: 24,
            confirm: None,
            ready: None,
            tx,
            rx,
            dialog: JobSet::default(),
            outstanding: 0,
            failed: 0,
            status: String::new(),
        }
    }
}

/// True when saving to `t` would replace files.
pub fn would_overwrite(t: &Target) -> bool {
    match t {
        Target::Picture(p) => p.exists(),
        Target::Movie(d) => !existing_frames(d).is_empty(),
    }
}

impl Snapshots {
    /// A capture of the view at amplitude `amplitude` into `path`.
    pub fn capture(&mut self, path: PathBuf, amplitude: f32) -> Capture {
        self.outstanding += 1;
        Capture {
            path,
            size: self.size,
            transparent: self.transparent,
            amplitude,
            reply: self.tx.clone(),
        }
    }

    /// Takes in dialog answers and saved files; true when everything queued is done.
    pub fn poll(&mut self) -> bool {
        for t in self.dialog.poll() {
            match t {
                Ok(Some(t)) if would_overwrite(&t) => self.confirm = Some(t),
                Ok(Some(t)) => self.ready = Some(t),
                Ok(None) => {}
                Err(lost) => self.status = lost.to_owned(),
            }
        }
        while let Ok(d) = self.rx.try_recv() {
            self.outstanding = self.outstanding.saturating_sub(1);
            self.status = match d.result {
                Ok([w, h]) => format!("saved {} ({w}x{h})", d.path.display()),
                Err(e) => {
                    self.failed += 1;
                    format!("could not save {}: {e}", d.path.display())
                }
            };
            println!("{}", self.status);
        }
        self.outstanding == 0
    }

    /// Save dialog (picture) or folder dialog (movie) on a thread.
    fn ask(&mut self, ctx: &egui::Context, movie: bool) {
        self.dialog.spawn(ctx, move |_| {
            if movie {
                rfd::FileDialog::new()
                    .set_title("Folder for the movie frames")
                    .pick_folder()
                    .map(Target::Movie)
            } else {
                rfd::FileDialog::new()
                    .set_title("Save the 3D view as PNG")
                    .add_filter("PNG", &["png"])
                    .set_file_name("softmode_view.png")
                    .save_file()
                    .map(Target::Picture)
            }
        });
    }

    /// The toolbar button and, when open, the options window and the replace question.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if ui
            .button("Snapshot…")
            .on_hover_text("PNG of the 3D view at any size, or a movie of the animation")
            .clicked()
        {
            self.open = !self.open;
        }
        if self.outstanding > 0 {
            ui.spinner();
            ui.label(format!("saving {} …", self.outstanding));
        }
        let ctx = ui.ctx().clone();
        let mut open = self.open;
        egui::Window::new("Snapshot of the 3D view")
            .open(&mut open)
            .resizable(false)
            .show(&ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label("size");
                    ui.add(
                        DragValue::new(&mut self.size[0])
                            .range(16..=16384)
                            .suffix(" px"),
                    );
                    ui.label("x");
                    ui.add(
                        DragValue::new(&mut self.size[1])
                            .range(16..=16384)
                            .suffix(" px"),
                    );
                });
                ui.checkbox(&mut self.transparent, "transparent background");
                if ui.button("Save PNG…").clicked() {
                    self.ask(&ctx, false);
                }
                ui.separator();
                ui.horizontal(|ui| {
                    ui.add(DragValue::new(&mut self.frames).range(2..=1000));
                    ui.label("frames over one period");
                });
                if ui.button("Save movie frames…").clicked() {
                    self.ask(&ctx, true);
                }
                ui.label("(the size above; the largest the GL allows is used if smaller)");
                if !self.status.is_empty() {
                    ui.label(&self.status);
                }
            });
        self.open = open;
        if let Some(t) = self.confirm.clone() {
            let what = match &t {
                Target::Picture(p) => format!("{} exists. Replace it?", p.display()),
                Target::Movie(d) => format!(
                    "{} already holds {} frame files. Replace them?",
                    d.display(),
                    existing_frames(d).len()
                ),
            };
            egui::Window::new("Replace?")
                .collapsible(false)
                .resizable(false)
                .show(&ctx, |ui| {
                    ui.label(what);
                    ui.horizontal(|ui| {
                        if ui.button("Replace").clicked() {
                            self.ready = Some(t.clone());
                            self.confirm = None;
                        }
                        if ui.button("Cancel").clicked() {
                            self.confirm = None;
                        }
                    });
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_numbered_and_found() {
        assert_eq!(frame_name(7), "frame_0007.png");
        let dir = std::env::temp_dir().join(format!("softmode_frames_{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        assert!(existing_frames(&dir).is_empty());
        assert!(!would_overwrite(&Target::Movie(dir.clone())));
        std::fs::write(dir.join("notes.txt"), "x").expect("write");
        assert!(!would_overwrite(&Target::Movie(dir.clone())));
        save_rgba(
            &dir.join(frame_name(0)),
            [2, 1],
            &[[255, 0, 0, 255], [0, 0, 255, 0]],
        )
        .expect("png");
        assert_eq!(existing_frames(&dir), vec![dir.join("frame_0000.png")]);
        assert!(would_overwrite(&Target::Movie(dir.clone())));
        assert!(would_overwrite(&Target::Picture(
            dir.join("frame_0000.png")
        )));
        let img = image::open(dir.join("frame_0000.png"))
            .expect("read")
            .to_rgba8();
        assert_eq!(img.dimensions(), (2, 1));
        assert_eq!(img.get_pixel(1, 0).0, [0, 0, 255, 0]);
        assert!(save_rgba(&dir.join("bad.png"), [3, 3], &[[0; 4]]).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
