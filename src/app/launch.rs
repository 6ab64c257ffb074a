//! Opening the window: eframe's options (glow renderer, a depth buffer for the 3D view,
//! no vsync so that --bench-frames measures the renderer) and the app.

use eframe::egui;

use super::{Launch, SoftmodeApp};

/// Opens the window and runs until it closes.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let size = launch.size.unwrap_or([1280.0, 800.0]);
    let scripted = launch.scripted();
    let mut options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(size)
            .with_title("softmode")
            .with_app_id("softmode")
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        // without a depth buffer the arrows draw over the spheres
        depth_buffer: 24,
        multisampling: 0,
        // scripted runs must not see (or change) the user's saved window
        persist_window: !scripted,
        ..Default::default()
    };
    options.glow_options.vsync = false;
    let failed = launch.failed.clone();
    eframe::run_native(
        "softmode",
        options,
        Box::new(move |cc| Ok(Box::new(SoftmodeApp::new(cc, launch)))),
    )
    .map_err(|e| anyhow::anyhow!("the window failed: {e}"))?;
    if failed.load(std::sync::atomic::Ordering::Relaxed) {
        anyhow::bail!("the scripted run did not complete (the message above says why)");
    }
    Ok(())
}
