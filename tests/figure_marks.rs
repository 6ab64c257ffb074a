//! What a referee looks for in the exported figures (issue 14, part 5): error bars of
//! one standard error on the P(r_s) scan and a band for f_r's; legends that hide no data
//! and leave the axes' ranges alone; D2 and D4 markers that do not pile up at small r_c;
//! unit symbols upright. Each check reads the SVG (roxmltree) and measures the drawing
//! against the numbers of the analysis, with the axis scale taken from the tick labels.

mod common;

use roxmltree::{Document, Node};
use softmode::analysis::Analysis;
use softmode::export::figures::marks::MIN_MARKER_GAP;
use softmode::export::figures::restoring::f_r_band;
use softmode::export::figures::{render_svg, FigureKind, FigureStyle, Width};

fn num(n: Node, k: &str) -> f64 {
    n.attribute(k)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("attribute {k} of {:?}", n.tag_name()))
}

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

fn class_is<'a>(doc: &'a Document, class: &'a str) -> impl Iterator<Item = Node<'a, 'a>> {
    doc.descendants()
        .filter(move |n| n.attribute("class") == Some(class))
}

/// The numbers of a path's d attribute, in order (commands dropped).
fn path_numbers(d: &str) -> Vec<f64> {
    path_commands(d).into_iter().flat_map(|(_, v)| v).collect()
}

/// A path's d attribute as (command, its numbers).
fn path_commands(d: &str) -> Vec<(char, Vec<f64>)> {
    let mut out: Vec<(char, Vec<f64>)> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<(char, Vec<f64>)>| {
        if !word.is_empty() {
            let v = word.parse().expect("path number");
            out.last_mut().expect("a command first").1.push(v);
            word.clear();
        }
    };
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            flush(&mut word, &mut out);
            out.push((c, Vec::new()));
        } else if c == ' ' {
            flush(&mut word, &mut out);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The points along a path of M, L, V and h commands, 8 per drawn segment.
fn path_samples(d: &str) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    let mut at = [f64::NAN; 2];
    for (cmd, v) in path_commands(d) {
        let to = match (cmd, v.as_slice()) {
            ('M', [x, y]) => {
                at = [*x, *y];
                out.push(at);
                continue;
            }
            ('L', [x, y]) => [*x, *y],
            ('V', [y]) => [at[0], *y],
            ('h', [dx]) => [at[0] + dx, at[1]],
            _ => continue,
        };
        for j in 1..=8 {
            let t = f64::from(j) / 8.0;
            out.push([at[0] + t * (to[0] - at[0]), at[1] + t * (to[1] - at[1])]);
        }
        at = to;
    }
    out
}

/// The y-axis scale of the panel whose frame is `axes` (pt per unit, y down): from the
/// first two y tick labels inside it (their baseline sits 0.35 of the tick font below the
/// tick).
fn y_scale(doc: &Document, axes: [f64; 4]) -> f64 {
    let ticks: Vec<(f64, f64)> = class_is(doc, "ytick")
        .map(|n| {
            let value: f64 = text_of(n).replace('−', "-").parse().expect("tick value");
            (value, num(n, "y") - 0.35 * num(n, "font-size"))
        })
        .filter(|(_, y)| *y >= axes[1] - 0.01 && *y <= axes[1] + axes[3] + 0.01)
        .collect();
    assert!(ticks.len() >= 2, "{ticks:?}");
    let ((v0, y0), (v1, y1)) = (ticks[0], ticks[1]);
    (y0 - y1) / (v1 - v0)
}

/// The plotting frames [x, y, w, h], top to bottom.
fn frames(doc: &Document) -> Vec<[f64; 4]> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("axes"))
        .filter_map(|g| g.children().find(|c| c.has_tag_name("rect")))
        .map(|r| [num(r, "x"), num(r, "y"), num(r, "width"), num(r, "height")])
        .collect()
}

#[test]
fn dipole_scan_has_error_bars_of_one_standard_error() {
    for a in common::figure_analyses() {
        let svg = render_svg(a, FigureKind::DipoleScan, &FigureStyle::default());
        let doc = Document::parse(&svg).expect("XML");
        let scale = y_scale(&doc, frames(&doc)[0]);
        for (k, name) in ["P11", "P22", "P33"].into_iter().enumerate() {
            let errs: Vec<f64> = a
                .dipole_scan
                .iter()
                .filter_map(|p| p.fit.as_ref()?.principal_stderr.map(|e| e[k]))
                .collect();
            let bars: Vec<f64> = class_is(&doc, "errorbar")
                .filter(|n| n.attribute("data-series") == Some(name))
                .map(|n| {
                    let v = path_numbers(n.attribute("d").expect("d"));
                    (v[1] - v[2]) / 2.0 // M x lo V hi: half the bar
                })
                .collect();
            assert_eq!(bars.len(), errs.len(), "{name}");
            assert!(errs.iter().all(|e| *e > 0.0), "{name}: {errs:?}");
            for (bar, err) in bars.iter().zip(&errs) {
                let want = err * scale;
                assert!(
                    (bar - want).abs() < 0.01 + 1e-3 * want,
                    "{name}: {bar} pt vs {want} pt"
                );
            }
        }
    }
}

#[test]
fn fig2_shows_f_r_with_its_standard_error() {
    for a in common::figure_analyses() {
        let svg = render_svg(a, FigureKind::Fig2, &FigureStyle::default());
        let doc = Document::parse(&svg).expect("XML");
        let band =
            class_is(&doc, "band").find(|n| n.attribute("data-series") == Some("f_r_stderr"));
        let legend: Vec<String> = class_is(&doc, "legend-label").map(text_of).collect();
        let (Some(f), Some(e)) = (a.f_r, a.f_r_stderr) else {
            assert!(band.is_none());
            continue;
        };
        let want = format!("{f:.3} ± {e:.3}").replace('-', "−");
        assert!(
            legend.iter().any(|l| l.contains(&want)),
            "{legend:?} lacks {want}"
        );
        // the band is sigma S(r_c) either side of the line: its height at a grid point
        // inside the panel is 2 sigma S times the y scale
        let top = frames(&doc)[0];
        let scale = y_scale(&doc, top);
        let v = path_numbers(band.expect("f_r band").attribute("d").expect("d"));
        let n = v.len() / 4; // upper edge, then the lower edge backwards
        let s = a.curves.s_random.as_ref().expect("S(r_c)");
        let (lo, hi) = f_r_band(a).expect("band");
        // the band spans the grid points of the shown r_c window where it is defined
        let (x0, x1) = softmode::export::figures::restoring::x_range(a);
        let grid: Vec<usize> = (0..a.curves.r_c.len())
            .filter(|&k| a.curves.r_c[k] >= x0 && a.curves.r_c[k] <= x1)
            .filter(|&k| lo[k].is_finite() && hi[k].is_finite())
            .collect();
        assert_eq!(grid.len(), n);
        let mut checked = 0;
        for (j, &k) in grid.iter().enumerate() {
            let (x, y_hi, y_lo) = (v[2 * j], v[2 * j + 1], v[v.len() - 1 - 2 * j]);
            let inside = |y: f64| y > top[1] && y < top[1] + top[3];
            if inside(y_hi) && inside(y_lo) {
                let want = 2.0 * e * s[k] * scale;
                assert!(
                    (y_lo - y_hi - want).abs() < 0.01 + 1e-3 * want,
                    "at x = {x}"
                );
                checked += 1;
            }
        }
        assert!(checked > 10, "{checked} band points inside the panel");
    }
}

/// Every data point drawn: marker centres, line vertices (and points along each
/// segment), error-bar ends, band outlines.
fn data_points(doc: &Document) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    for n in doc
        .descendants()
        .filter(|n| n.attribute("data-series").is_some())
    {
        let series = n.attribute("data-series").unwrap_or("");
        match n.attribute("class") {
            Some("marker") if series != "legend" => match n.tag_name().name() {
                "circle" => out.push([num(n, "cx"), num(n, "cy")]),
                _ => {
                    let v = path_numbers(n.attribute("d").unwrap_or("M0 0"));
                    if v.len() >= 2 {
                        out.push([v[0], v[1]]);
                    }
                }
            },
            Some("line" | "errorbar") => out.extend(path_samples(n.attribute("d").unwrap_or(""))),
            _ => {}
        }
    }
    out
}

#[test]
fn legends_hide_no_data_and_sit_inside_the_page() {
    for width in [Width::Single, Width::Double] {
        let style = FigureStyle::with_width(width);
        for a in common::figure_analyses() {
            for kind in FigureKind::ALL {
                let svg = render_svg(a, kind, &style);
                let doc = Document::parse(&svg).expect("XML");
                let points = data_points(&doc);
                let axes = frames(&doc);
                for b in class_is(&doc, "legend-box") {
                    let [x, y, w, h] =
                        [num(b, "x"), num(b, "y"), num(b, "width"), num(b, "height")];
                    assert!(
                        x >= 0.0 && y >= 0.0 && x + w <= style.width_pt() + 0.01,
                        "{kind:?}"
                    );
                    let hidden: Vec<&[f64; 2]> = points
                        .iter()
                        .filter(|p| p[0] > x && p[0] < x + w && p[1] > y && p[1] < y + h)
                        .filter(|p| axes.iter().any(|f| p[1] >= f[1] && p[1] <= f[1] + f[3]))
                        .collect();
                    assert!(
                        hidden.is_empty(),
                        "{kind:?} {width:?}: legend hides {hidden:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn d2_and_d4_markers_do_not_overlap_and_the_line_keeps_every_point() {
    let style = FigureStyle::default();
    let gap = MIN_MARKER_GAP * style.marker_pt;
    for a in common::figure_analyses() {
        let svg = render_svg(a, FigureKind::Fig2, &style);
        let doc = Document::parse(&svg).expect("XML");
        let axes = frames(&doc);
        for (name, k, frame) in [("D2", 1, axes[0]), ("D4", 3, axes[1])] {
            let centres: Vec<[f64; 2]> = class_is(&doc, "marker")
                .filter(|n| n.attribute("data-series") == Some(name))
                .map(|n| [num(n, "cx"), num(n, "cy")])
                .collect();
            for w in centres.windows(2) {
                let d = (w[0][0] - w[1][0]).hypot(w[0][1] - w[1][1]);
                assert!(d >= gap - 0.02, "{name}: markers {d:.2} pt apart");
            }
            // the line runs through every grid point inside the panel
            let line = class_is(&doc, "line")
                .find(|n| n.attribute("data-series") == Some(&format!("{name}_line")))
                .expect("line");
            let vertices = path_numbers(line.attribute("d").expect("d")).len() / 2;
            let scale = y_scale(&doc, frame);
            let inside = a
                .curves
                .d
                .iter()
                .zip(&a.curves.r_c)
                .filter(|(d, r)| {
                    let (_, x1) = softmode::export::figures::restoring::x_range(a);
                    **r <= x1 && d[k].is_finite()
                })
                .count();
            assert!(scale > 0.0);
            assert!(
                vertices <= inside && vertices + 5 >= inside,
                "{name}: {vertices} of {inside}"
            );
            // thinning did happen where the points crowd (small r_c)
            assert!(
                centres.len() < vertices,
                "{name}: {} markers",
                centres.len()
            );
            assert!(centres.len() >= 10, "{name}: {} markers", centres.len());
        }
    }
}

/// The text of the italic spans of the element's tspans.
fn italic_text(n: Node) -> String {
    n.descendants()
        .filter(|t| t.attribute("font-style") == Some("italic"))
        .map(text_of)
        .collect()
}

#[test]
fn units_are_upright_by_default_and_italic_on_request() {
    let a: &Analysis = &common::figure_analyses()[0];
    let upright = FigureStyle::default();
    assert!(upright.upright_units);
    let italic = FigureStyle {
        upright_units: false,
        ..FigureStyle::default()
    };
    // D2 (E0 M^-1 a0^-2): the quantity D italic; the units E, M, a upright or italic
    for (style, want) in [(&upright, "D"), (&italic, "DEMa")] {
        let svg = render_svg(a, FigureKind::Fig2, style);
        let doc = Document::parse(&svg).expect("XML");
        let ylabel = class_is(&doc, "ylabel").next().expect("ylabel");
        assert_eq!(italic_text(ylabel), want);
        let xlabel = class_is(&doc, "xlabel").next().expect("xlabel");
        assert_eq!(
            italic_text(xlabel),
            if style.upright_units { "r" } else { "ra" }
        );
    }
}
