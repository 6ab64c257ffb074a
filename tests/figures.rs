//! Publication figures: each SVG parses and shows what the `Analysis` holds (labels, one
//! marker per point, one path per line); PDFs render; PNGs have the requested pixel size;
//! CSVs hold the library's numbers exactly; nothing is overwritten without consent.

mod common;

use std::collections::HashMap;

use softmode::analysis::Analysis;
use softmode::export::figures::text::plain;
use softmode::export::figures::{
    axes, data, energy, export_all, render, render_svg, restoring, scan, shells, write_figure,
    FigureKind, FigureStyle, Format, Width,
};

fn analyses() -> &'static [Analysis] {
    common::figure_analyses()
}

/// What one SVG holds: text of each class, markers per series, line paths per series with
/// their vertex counts, and the elements of other classes.
#[derive(Default, Debug)]
struct Drawn {
    texts: HashMap<String, Vec<String>>,
    markers: HashMap<String, usize>,
    lines: HashMap<String, Vec<usize>>,
    classes: HashMap<String, usize>,
    /// The page size (pt) and the line vertices off it.
    page: [f64; 2],
    off_page: Vec<[f64; 2]>,
}

fn inspect(svg: &str) -> Drawn {
    let doc = roxmltree::Document::parse(svg).expect("SVG is XML");
    let mut d = Drawn::default();
    let size = |k: &str| -> f64 {
        let v = doc.root_element().attribute(k).expect("page size");
        v.trim_end_matches("pt").parse().expect("number")
    };
    d.page = [size("width"), size("height")];
    for n in doc.descendants().filter(|n| n.is_element()) {
        let class = n.attribute("class").unwrap_or("");
        let series = n.attribute("data-series").unwrap_or("").to_owned();
        *d.classes.entry(class.to_owned()).or_default() += 1;
        match class {
            "marker" if series != "legend" => *d.markers.entry(series).or_default() += 1,
            "line" => {
                let path = n.attribute("d").unwrap_or("");
                d.lines
                    .entry(series)
                    .or_default()
                    .push(path.matches(['M', 'L']).count());
                let numbers: Vec<f64> = path
                    .split(['M', 'L', ' '])
                    .filter(|t| !t.is_empty())
                    .map(|t| t.parse().expect("path number"))
                    .collect();
                d.off_page
                    .extend(numbers.chunks(2).map(|p| [p[0], p[1]]).filter(|p| {
                        !(0.0..=d.page[0]).contains(&p[0]) || !(0.0..=d.page[1]).contains(&p[1])
                    }));
            }
            _ if n.tag_name().name() == "text" => {
                let text: String = n
                    .descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
                    .collect();
                d.texts.entry(class.to_owned()).or_default().push(text);
            }
            _ => {}
        }
    }
    d
}

fn finite(v: &[f64]) -> usize {
    v.iter().filter(|x| x.is_finite()).count()
}

fn has_label(d: &Drawn, class: &str, markup: &str) {
    let want = plain(markup);
    let got = d.texts.get(class).cloned().unwrap_or_default();
    assert!(got.contains(&want), "{class}: {got:?} lacks {want:?}");
}

#[test]
fn every_svg_parses_and_draws_each_point_once() {
    let style = FigureStyle::default();
    for a in analyses() {
        for kind in FigureKind::ALL {
            let svg = render_svg(a, kind, &style);
            softmode::export::figures::convert::parse(&svg).expect("usvg parses the SVG");
            let d = inspect(&svg);
            assert!(
                d.texts.get("xtick").is_some_and(|t| t.len() >= 3),
                "{kind:?}: x ticks"
            );
            assert!(
                d.texts.get("ytick").is_some_and(|t| t.len() >= 3),
                "{kind:?}: y ticks"
            );
            // lines are cut at their panel: far-off coordinates break cairo (rsvg, Inkscape)
            assert!(d.off_page.is_empty(), "{kind:?}: {:?}", d.off_page);
            check(a, kind, &d);
        }
    }
}

/// One path for a curve of `n` finite points cut where it leaves its panel: at least the
/// `inside` points sure to be in the panel, at most n + 1 vertices (one entry point added).
/// `every_svg_parses..` checks that nothing is off the page; the svg unit tests that every
/// point inside is kept exactly.
fn cut_curve(got: &[usize], inside: usize, n: usize) {
    assert!(
        got.len() == 1 && got[0] >= inside && got[0] <= n + 1 && inside > 0,
        "{got:?}: {inside} to {n} points expected"
    );
}

fn check(a: &Analysis, kind: FigureKind, d: &Drawn) {
    let m = |s: &str| d.markers.get(s).copied().unwrap_or(0);
    let line = |s: &str| d.lines.get(s).cloned().unwrap_or_default();
    match kind {
        FigureKind::Fig1 => {
            has_label(d, "xlabel", energy::X_LABEL);
            has_label(d, "ylabel", energy::Y_LABEL);
            assert_eq!(m("E"), a.fig1.a.len());
            // the quartics, at the figure's 201 A values over the padded range, stay inside
            // where they lie between the smallest and largest E shown
            let f = &a.fig1;
            let (lo, hi) =
                f.e.iter()
                    .fold((f64::MAX, f64::MIN), |(l, h), &e| (l.min(e), h.max(e)));
            let (alo, ahi) = axes::padded_range(f.a.iter().copied(), 0.04).expect("range");
            let fine = energy::linspace(alo, ahi, 201);
            for (name, c) in [("fit", f.fit.as_slice()), ("taylor", &f.taylor[..])] {
                let inside = fine
                    .iter()
                    .filter(|&&x| (lo..=hi).contains(&energy::polynomial(c, x)))
                    .count();
                cut_curve(&line(name), inside, 201);
            }
        }
        FigureKind::Fig2 => {
            has_label(d, "xlabel", restoring::X_LABEL);
            has_label(d, "ylabel", restoring::D2_LABEL);
            has_label(d, "ylabel", restoring::D4_LABEL);
            let (x0, x1) = restoring::x_range(a);
            let shown = a.curves.r_c.iter().filter(|&&r| r >= x0 && r <= x1).count();
            assert!(shown > 50, "{shown}");
            // every point on the thin line, markers where they do not overlap
            // (figure_marks.rs checks their spacing)
            for name in ["D2", "D4"] {
                assert!(m(name) >= 10 && m(name) <= shown, "{name}: {}", m(name));
            }
            let c = &a.curves;
            // the elastic lines within the D2 points' range of r_c and D2 stay inside
            let d2_shown: Vec<f64> = (0..c.r_c.len())
                .filter(|&k| c.r_c[k] >= x0 && c.r_c[k] <= x1)
                .map(|k| c.d[k][1])
                .collect();
            let (lo, hi) = d2_shown
                .iter()
                .fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
            for (name, curve) in [
                ("D2_elastic", &c.d2_elastic),
                ("D2_elastic_plus_random", &c.d2_elastic_plus_random),
            ] {
                match curve.as_deref() {
                    Some(v) => {
                        let inside = (0..v.len())
                            .filter(|&k| {
                                c.r_c[k] >= x0 && c.r_c[k] <= x1 && v[k] >= lo && v[k] <= hi
                            })
                            .count();
                        cut_curve(&line(name), inside, finite(v));
                    }
                    None => assert!(line(name).is_empty(), "{name}"),
                }
            }
            assert_eq!(
                d.classes.get("arrow").copied().unwrap_or(0),
                usize::from(a.r_in.is_some())
            );
            let bands = 1 + usize::from(a.f_r_stderr.is_some());
            assert_eq!(d.classes.get("band").copied(), Some(bands));
            assert_eq!(line("D4_inf"), vec![2]);
            assert_eq!(d.texts.get("panel-letter").map(Vec::len), Some(2));
        }
        FigureKind::Fig3 => {
            has_label(d, "xlabel", shells::X_LABEL);
            has_label(d, "ylabel", shells::Y_LABEL);
            let (_, x1) = shells::shell_range(a);
            let s = &a.shells;
            let shown = (0..s.r_mid.len())
                .filter(|&k| s.e2_r4[k].is_some() && s.r_mid[k] <= x1)
                .count();
            assert_eq!(m("e2_r4"), shown);
            assert_eq!(line("e2_r4_line").len(), 1);
            assert_eq!(line("s2_r4").len(), usize::from(a.dipole.is_some()));
            assert_eq!(d.classes.get("band").copied(), Some(1));
        }
        FigureKind::DipoleScan => {
            has_label(d, "xlabel", scan::X_LABEL);
            has_label(d, "ylabel", scan::Y_LABEL);
            let fits = a.dipole_scan.iter().filter(|p| p.fit.is_some()).count();
            for name in scan::NAMES {
                assert_eq!(m(name), fits, "{name}");
                assert_eq!(line(&format!("{name}_line")), vec![fits]);
            }
            let beyond = a.dipole_scan.iter().any(|p| p.beyond_half_box);
            let legend = d.texts.get("legend-label").cloned().unwrap_or_default();
            assert_eq!(legend.iter().any(|t| t.contains("beyond half box")), beyond);
        }
    }
}

#[test]
fn svg_uses_the_style() {
    let a = &analyses()[0];
    let mut style = FigureStyle::with_width(Width::Double);
    style.greyscale = true;
    let svg = render_svg(a, FigureKind::Fig2, &style);
    assert!(svg.contains("width=\"504.00pt\""), "7 in = 504 pt");
    for c in FigureStyle::default().colours {
        assert!(!svg.contains(&c), "greyscale figure uses colour {c}");
    }
    let big = FigureStyle {
        font_pt: 12.0,
        ..FigureStyle::default()
    };
    assert!(render_svg(a, FigureKind::Fig1, &big).contains("class=\"xlabel\" x=\""));
    assert!(render_svg(a, FigureKind::Fig1, &big).contains("font-size=\"12.00\""));
}

#[test]
fn png_has_the_pixel_size_of_width_and_dpi() {
    let a = &analyses()[0];
    for (width, dpi) in [(Width::Single, 300.0), (Width::Double, 150.0)] {
        let style = FigureStyle::with_width(width);
        for kind in FigureKind::ALL {
            let bytes = render(a, kind, Format::Png { dpi }, &style).expect("PNG");
            let reader = png::Decoder::new(bytes.as_slice())
                .read_info()
                .expect("PNG decodes");
            let info = reader.info();
            assert_eq!(
                f64::from(info.width),
                (width.inches() * dpi).round(),
                "{kind:?}"
            );
            let svg = render_svg(a, kind, &style);
            let h_pt: f64 = svg
                .split("height=\"")
                .nth(1)
                .and_then(|s| s.split("pt").next())
                .and_then(|s| s.parse().ok())
                .expect("height");
            assert_eq!(
                f64::from(info.height),
                (h_pt / 72.0 * dpi).round(),
                "{kind:?}"
            );
            let dims = info.pixel_dims.expect("pHYs");
            assert_eq!(dims.xppu, (dpi / 0.0254).round() as u32);
        }
    }
}

#[test]
fn pdf_renders_to_a_non_empty_page() {
    let a = &analyses()[1];
    let dir = tempfile::tempdir().expect("temp dir");
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        println!(
            "note: pdftoppm not found (install poppler-utils); PDFs checked for their header only"
        );
    }
    for kind in FigureKind::ALL {
        let pdf = render(a, kind, Format::Pdf, &FigureStyle::default()).expect("PDF");
        assert!(pdf.starts_with(b"%PDF-"));
        let path = dir.path().join(format!("{}.pdf", kind.name()));
        std::fs::write(&path, &pdf).expect("write");
        let out = dir.path().join(kind.name());
        let Ok(status) = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "40", "-singlefile"])
            .arg(&path)
            .arg(&out)
            .status()
        else {
            continue;
        };
        assert!(status.success(), "pdftoppm failed on {kind:?}");
        let png = std::fs::read(out.with_extension("png")).expect("pdftoppm output");
        let mut reader = png::Decoder::new(png.as_slice())
            .read_info()
            .expect("decode");
        let mut buf = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buf).expect("frame");
        let dark = buf[..frame.buffer_size()]
            .iter()
            .filter(|&&v| v < 128)
            .count();
        assert!(dark > 100, "{kind:?}: page is blank ({dark} dark samples)");
        assert!(
            pdf.windows(9).any(|w| w == b"/FontFile"),
            "{kind:?}: font embedded"
        );
    }
}

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines
        .next()
        .expect("header")
        .split(',')
        .map(String::from)
        .collect();
    (
        header,
        lines
            .map(|l| l.split(',').map(String::from).collect())
            .collect(),
    )
}

fn same(field: &str, value: Option<f64>) {
    match value {
        None => assert_eq!(field, "", "undefined value written as {field}"),
        Some(v) => assert_eq!(
            field.parse::<f64>().expect("number").to_bits(),
            v.to_bits(),
            "{field} vs {v}"
        ),
    }
}

#[test]
fn csv_values_equal_the_library_values() {
    for a in analyses() {
        let (h, rows) = parse_csv(&data::fig1(a));
        assert_eq!(h, ["A [M^1/2 a0]", "E(A)-E(0) [E0]"]);
        for (k, r) in rows.iter().enumerate() {
            same(&r[0], Some(a.fig1.a[k]));
            same(&r[1], Some(a.fig1.e[k]));
        }
        let (_, rows) = parse_csv(&data::fig1_coefficients(a));
        for (k, r) in rows.iter().enumerate() {
            same(&r[1], a.fig1.fit.get(k).copied());
            same(&r[2], Some(a.fig1.taylor[k]));
        }
        let (h, rows) = parse_csv(&data::fig2(a));
        assert!(h.iter().all(|c| c.contains('[')), "units in {h:?}");
        let c = &a.curves;
        assert_eq!(rows.len(), c.r_c.len());
        let at = |v: &Option<Vec<f64>>, j: usize| v.as_ref().map(|v| v[j]);
        for (j, r) in rows.iter().enumerate() {
            same(&r[0], Some(c.r_c[j]));
            same(&r[1], Some(c.d[j][1]));
            same(&r[2], Some(c.d[j][3]));
            same(&r[3], at(&c.d2_elastic, j));
            same(&r[4], at(&c.d2_elastic_plus_random, j));
            same(&r[5], at(&c.s_random, j));
        }
        let (_, rows) = parse_csv(&data::fig3(a));
        let s = &a.shells;
        for (k, r) in rows.iter().enumerate() {
            same(&r[0], Some(s.r_mid[k]));
            assert_eq!(r[1], s.count[k].to_string());
            same(&r[2], s.e2_r4[k]);
            same(&r[3], s.s2_r4[k]);
        }
        let (_, rows) = parse_csv(&data::scan(a));
        for (p, r) in a.dipole_scan.iter().zip(&rows) {
            same(&r[0], Some(p.r_s));
            for k in 0..3 {
                same(&r[1 + k], p.fit.as_ref().map(|f| f.principal.values[k]));
            }
            assert_eq!(r[6], p.beyond_half_box.to_string());
        }
    }
}

#[test]
fn nothing_is_overwritten_without_consent() {
    let a = &analyses()[0];
    let style = FigureStyle::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("f.svg");
    std::fs::write(&path, "keep").expect("write");
    let err =
        write_figure(a, FigureKind::Fig1, Format::Svg, &style, &path, false).expect_err("refused");
    assert!(matches!(err, softmode::Error::Exists(_)), "{err}");
    assert!(err.to_string().contains("f.svg"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "keep");
    write_figure(a, FigureKind::Fig1, Format::Svg, &style, &path, true).expect("overwrite allowed");
    assert!(std::fs::read_to_string(&path)
        .expect("read")
        .contains("<svg"));

    let out = dir.path().join("all");
    let paths =
        export_all(a, &out, &[Format::Svg, Format::Pdf], &style, false).expect("export all");
    assert_eq!(paths.len(), 4 * 2 + 5 + 1);
    assert!(paths.iter().all(|p| p.exists()));
    assert!(paths
        .iter()
        .any(|p| p.file_name().is_some_and(|n| n == "ipl2000_g1_m0_fig2.svg")));
    let json = std::fs::read_to_string(out.join("ipl2000_g1_m0.json")).expect("json");
    assert_eq!(
        json,
        serde_json::to_string_pretty(&softmode::report::to_json(a)).expect("JSON") + "\n"
    );
    let before = std::fs::read(&paths[0]).expect("read");
    assert!(matches!(
        export_all(a, &out, &[Format::Svg], &style, false),
        Err(softmode::Error::Exists(_))
    ));
    assert_eq!(std::fs::read(&paths[0]).expect("read"), before);
    export_all(a, &out, &[Format::Svg], &style, true).expect("forced");
}

#[test]
fn command_line_writes_the_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_softmode"))
            .arg("figures")
            .arg(common::example_path())
            .args([
                "--frame",
                "2",
                "--format",
                "svg,png",
                "--dpi",
                "100",
                "--width-in",
                "7",
                "--out",
            ])
            .arg(dir.path())
            .args(extra)
            .output()
            .expect("run softmode")
    };
    let first = run(&[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let png = std::fs::read(dir.path().join("ipl2000_g1_m2_fig3.png")).expect("PNG written");
    let reader = png::Decoder::new(png.as_slice())
        .read_info()
        .expect("decode");
    assert_eq!(reader.info().width, 700);
    assert!(dir.path().join("ipl2000_g1_m2_dipole_scan.csv").exists());
    let again = run(&[]);
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("exists; not overwritten (use --force to replace it)"),
        "{said}"
    );
    assert!(run(&["--force"]).status.success());
}

#[test]
fn creation_figure_draws_every_grid_point_and_both_minima() {
    use softmode::analysis::creation::{creation, CreationSettings};
    use softmode::export::figures::double_well;
    let mode = common::example_mode(0);
    let c = creation(
        &mode,
        common::potential().as_ref(),
        &CreationSettings::default(),
        &Default::default(),
    )
    .expect("creation");
    let svg = double_well::draw(&c, "example frame 0", &FigureStyle::default());
    let d = inspect(&svg);
    assert_eq!(d.markers.get("E_p"), Some(&c.a.len()));
    assert_eq!(d.markers.get("core_A"), Some(&c.a.len()));
    assert_eq!(d.markers.get("minima"), Some(&2));
    assert_eq!(d.lines.get("E_t").map(|v| v[0]), Some(c.a.len()));
    // The CSV carries the library's numbers exactly.
    let csv = double_well::csv(&c);
    let first: Vec<f64> = csv
        .lines()
        .nth(1)
        .expect("row")
        .split(',')
        .map(|x| x.parse().expect("number"))
        .collect();
    assert_eq!(first[0], c.a[0]);
    assert_eq!(first[1], c.e[0]);
    assert_eq!(first[3], c.core_a[0]);
    assert!(softmode::export::figures::convert::to_pdf(&svg).is_ok());
}
