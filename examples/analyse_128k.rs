//! One 128,000-atom analysis (the 8,000-atom example glass tiled 4x2x2), load excluded, repeated:
//! for profiling (`perf record`) beside the criterion figure.
use softmode::analysis::{Analyzer, Potential, Settings};
use std::sync::Arc;

fn main() -> anyhow::Result<()> {
    let mode = softmode::example::example_mode()?.tiled([4, 2, 2]);
    let pot = Arc::new(Potential::ipl3d());
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let mut a = Analyzer::new(mode.clone(), pot.clone());
        a.run(&Settings::default())?;
        eprintln!("{:.3} s", t.elapsed().as_secs_f64());
    }
    Ok(())
}
