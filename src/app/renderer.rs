//! The GL side of the 3D view, on three-d's core (programs, buffers, render states) in
//! eframe's own glow context: atoms as ray-cast sphere impostors (one instanced
//! triangle strip each; a quad facing the eye that covers the sphere's silhouette, the
//! fragment shader intersects the ray with the sphere, writes the true depth and shades),
//! arrows and overlays as GL lines. Buffers are uploaded only when the scene changes.
// three-d draws strips and lines only through raw glow calls inside `draw_with`.
#![allow(unsafe_code)]

use std::sync::Arc;

use three_d::context::HasContext as _;
use three_d::{
    Blend, ClearState, Context, Cull, DepthTest, DepthTexture2D, InstanceBuffer, Interpolation,
    Mat4, Program, RenderStates, RenderTarget, ScissorBox, Texture2D, Vec3, Vec4, VertexBuffer,
    Viewport, Wrapping, WriteMask,
};

use super::scene::{LineVertex, Scene};

const SPHERE_VS: &str = r"
uniform mat4 view;
uniform mat4 projection;
// the mode animation: centre + amplitude * shift (shift = e_i), so that a new amplitude
// costs one uniform and no buffer upload
uniform float amplitude;
in vec4 centre_radius;
in vec3 shift;
in vec3 color;
out vec3 v_color;
out vec3 v_centre;
out float v_radius;
out vec3 v_pos;
void main() {
    vec2 corner = vec2(float(gl_VertexID & 1) * 2.0 - 1.0, float((gl_VertexID >> 1) & 1) * 2.0 - 1.0);
    vec3 c = (view * vec4(centre_radius.xyz + amplitude * shift, 1.0)).xyz;
    float r = centre_radius.w;
    float d = max(length(c), 1e-6);
    // the quad lies in the plane touching the sphere's front, perpendicular to the
    // eye-centre ray, and covers the silhouette cone there
    float front = max(d - r, 1e-3);
    float h = d > 1.01 * r ? front * r / sqrt(d * d - r * r) : 8.0 * r;
    vec3 w = c / d;
    vec3 u = normalize(cross(abs(w.y) < 0.99 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0), w));
    vec3 v = cross(w, u);
    vec3 p = w * front + h * (corner.x * u + corner.y * v);
    v_pos = p;
    v_centre = c;
    v_radius = r;
    v_color = color * color;
    gl_Position = projection * vec4(p, 1.0);
}
";

const SPHERE_FS: &str = r"
uniform mat4 projection;
in vec3 v_color;
in vec3 v_centre;
in float v_radius;
in vec3 v_pos;
layout (location = 0) out vec4 out_color;
void main() {
    vec3 dir = normalize(v_pos);
    float b = dot(dir, v_centre);
    float disc = b * b - dot(v_centre, v_centre) + v_radius * v_radius;
    if (disc < 0.0) discard;
    float t = b - sqrt(disc);
    vec3 hit = t * dir;
    vec3 n = (hit - v_centre) / v_radius;
#ifdef EXACT_DEPTH
    vec4 clip = projection * vec4(hit, 1.0);
    gl_FragDepth = 0.5 * clip.z / clip.w + 0.5;
#endif
    vec3 l = normalize(vec3(-0.4, 0.6, 1.0));
    float lambert = max(dot(n, l), 0.0);
    float s = max(dot(reflect(-l, n), -dir), 0.0);
    s *= s; s *= s; s *= s; s *= s;
    vec3 col = v_color * (0.28 + 0.72 * lambert) + 0.2 * s;
    out_color = vec4(sqrt(clamp(col, 0.0, 1.0)), 1.0);
}
";

const LINE_VS: &str = r"
uniform mat4 view_projection;
uniform float amplitude;
in vec3 position;
in vec3 shift;
in vec3 color;
out vec3 v_color;
void main() {
    v_color = color;
    gl_Position = view_projection * vec4(position + amplitude * shift, 1.0);
}
";

const LINE_FS: &str = r"
in vec3 v_color;
layout (location = 0) out vec4 out_color;
void main() {
    out_color = vec4(v_color, 1.0);
}
";

// Copies a texture onto the viewport (the reduced-resolution image of a moving camera).
const BLIT_VS: &str = r"
in vec2 corner;
out vec2 uv;
void main() {
    uv = corner;
    gl_Position = vec4(2.0 * corner - 1.0, 0.0, 1.0);
}
";

const BLIT_FS: &str = r"
uniform sampler2D image;
in vec2 uv;
layout (location = 0) out vec4 out_color;
void main() {
    out_color = texture(image, uv);
}
";

/// While the camera moves the scene is drawn at 1/MOVING_DIVISOR of the resolution in
/// each direction and scaled up: the software renderer is bound by fragments.
pub const MOVING_DIVISOR: u32 = 2;

/// Background of the 3D view (sRGB).
pub const BACKGROUND: [f32; 3] = [0.08, 0.09, 0.11];

pub struct Renderer {
    ctx: Context,
    /// Writes the true depth of the hit point (exact intersections, no early depth test).
    spheres: Program,
    /// Depth of the quad (the sphere's front plane): early depth test, for a moving camera.
    spheres_fast: Program,
    lines: Program,
    blit: Program,
    /// The blit's quad corners (a core-profile draw needs a bound vertex array).
    blit_corners: VertexBuffer<three_d::Vec2>,
    /// The off-screen colour and depth of the reduced-resolution image, kept between frames.
    moving_target: Option<(Texture2D, DepthTexture2D)>,
    centres: InstanceBuffer<Vec4>,
    shifts: InstanceBuffer<Vec3>,
    colors: InstanceBuffer<Vec3>,
    n_atoms: u32,
    line_pos: VertexBuffer<Vec3>,
    line_col: VertexBuffer<Vec3>,
    line_shift: VertexBuffer<Vec3>,
    n_line_vertices: u32,
    /// The atoms generation last uploaded (0: nothing yet).
    pub atoms_generation: u64,
    /// The scene generation whose lines were last uploaded (0: nothing yet).
    pub generation: u64,
}

/// Where to draw, in physical pixels (from egui's paint callback info).
#[derive(Clone, Copy, Debug)]
pub struct PixelRect {
    pub left: i32,
    pub bottom: i32,
    pub width: u32,
    pub height: u32,
}

/// The view's rectangle and the clip rectangle of one paint callback.
#[derive(Clone, Copy, Debug)]
pub struct PaintArea {
    pub viewport: PixelRect,
    pub clip: PixelRect,
}

/// An off-screen RGBA colour texture and its depth texture of `w` x `h` pixels;
/// `filter` is how the colour is sampled when scaled.
fn offscreen(ctx: &Context, w: u32, h: u32, filter: Interpolation) -> (Texture2D, DepthTexture2D) {
    let color = Texture2D::new_empty::<[u8; 4]>(
        ctx,
        w,
        h,
        filter,
        filter,
        None,
        Wrapping::ClampToEdge,
        Wrapping::ClampToEdge,
    );
    let depth = DepthTexture2D::new::<f32>(ctx, w, h, Wrapping::ClampToEdge, Wrapping::ClampToEdge);
    (color, depth)
}

fn mat4(m: &nalgebra::Matrix4<f32>) -> Mat4 {
    let c: [[f32; 4]; 4] = (*m).into();
    Mat4::from(c)
}

impl Renderer {
    pub fn new(gl: Arc<three_d::context::Context>) -> Result<Self, String> {
        let ctx = Context::from_gl_context(gl).map_err(|e| e.to_string())?;
        let exact = format!("#define EXACT_DEPTH 1\n{SPHERE_FS}");
        let spheres = Program::from_source(&ctx, SPHERE_VS, &exact).map_err(|e| e.to_string())?;
        let spheres_fast =
            Program::from_source(&ctx, SPHERE_VS, SPHERE_FS).map_err(|e| e.to_string())?;
        let lines = Program::from_source(&ctx, LINE_VS, LINE_FS).map_err(|e| e.to_string())?;
        let blit = Program::from_source(&ctx, BLIT_VS, BLIT_FS).map_err(|e| e.to_string())?;
        let blit_corners = VertexBuffer::new_with_data(
            &ctx,
            &[
                three_d::vec2(0.0, 0.0),
                three_d::vec2(1.0, 0.0),
                three_d::vec2(0.0, 1.0),
                three_d::vec2(1.0, 1.0),
            ],
        );
        Ok(Self {
            blit,
            blit_corners,
            moving_target: None,
            centres: InstanceBuffer::new(&ctx),
            shifts: InstanceBuffer::new(&ctx),
            colors: InstanceBuffer::new(&ctx),
            line_shift: VertexBuffer::new(&ctx),
            line_pos: VertexBuffer::new(&ctx),
            line_col: VertexBuffer::new(&ctx),
            ctx,
            spheres,
            spheres_fast,
            lines,
            n_atoms: 0,
            n_line_vertices: 0,
            atoms_generation: 0,
            generation: 0,
        })
    }

    /// Copies the scene's spheres into GPU buffers (call only when they changed).
    pub fn upload_atoms(&mut self, scene: &Scene, generation: u64) {
        let centres: Vec<Vec4> = scene
            .atoms
            .iter()
            .map(|a| Vec4::new(a.centre[0], a.centre[1], a.centre[2], a.radius))
            .collect();
        let colors: Vec<Vec3> = scene.atoms.iter().map(|a| Vec3::from(a.color)).collect();
        self.centres.fill(&centres);
        self.shifts.fill(&padded(&scene.shifts, centres.len()));
        self.colors.fill(&colors);
        self.n_atoms = centres.len() as u32;
        self.atoms_generation = generation;
    }

    /// Copies the scene's arrows and the overlays into GPU buffers (call only when they
    /// changed); the overlays do not move with the animation.
    pub fn upload_lines(&mut self, scene: &Scene, overlays: &[LineVertex], generation: u64) {
        let all = || scene.lines.iter().chain(overlays);
        let pos: Vec<Vec3> = all().map(|v| Vec3::from(v.pos)).collect();
        let col: Vec<Vec3> = all().map(|v| Vec3::from(v.color)).collect();
        self.line_pos.fill(&pos);
        self.line_col.fill(&col);
        self.line_shift.fill(&padded(&scene.line_shifts, pos.len()));
        self.n_line_vertices = pos.len() as u32;
        self.generation = generation;
    }

    /// Draws into `viewport` of a `screen` [w, h] framebuffer, clipped to `clip`; `fast`
    /// (while the camera moves) skips the exact sphere depth and draws at reduced
    /// resolution.
    pub fn paint(
        &mut self,
        screen: [u32; 2],
        PaintArea { viewport, clip }: PaintArea,
        view: &nalgebra::Matrix4<f32>,
        projection: &nalgebra::Matrix4<f32>,
        fast: bool,
        amplitude: f32,
    ) {
        let scissor = ScissorBox {
            x: clip.left,
            y: clip.bottom,
            width: clip.width,
            height: clip.height,
        };
        let [r, g, b] = BACKGROUND;
        let vp = Viewport {
            x: viewport.left,
            y: viewport.bottom,
            width: viewport.width,
            height: viewport.height,
        };
        if fast {
            self.draw_reduced(vp, view, projection, amplitude);
            RenderTarget::screen(&self.ctx, screen[0], screen[1])
                .clear_partially(scissor, ClearState::depth(1.0));
            self.ctx.set_scissor(scissor);
            self.blit_reduced(vp);
        } else {
            RenderTarget::screen(&self.ctx, screen[0], screen[1])
                .clear_partially(scissor, ClearState::color_and_depth(r, g, b, 1.0, 1.0));
            self.ctx.set_scissor(scissor);
            self.draw(vp, view, projection, false, amplitude);
        }
        self.ctx.set_scissor(ScissorBox {
            x: 0,
            y: 0,
            width: 0,
            height: 0,
        });
    }

    /// Draws the scene into the reduced-resolution target (made or resized as needed).
    fn draw_reduced(
        &mut self,
        vp: Viewport,
        view: &nalgebra::Matrix4<f32>,
        projection: &nalgebra::Matrix4<f32>,
        amplitude: f32,
    ) {
        let w = vp.width.div_ceil(MOVING_DIVISOR).max(1);
        let h = vp.height.div_ceil(MOVING_DIVISOR).max(1);
        let fits = self
            .moving_target
            .as_ref()
            .is_some_and(|(c, _)| c.width() == w && c.height() == h);
        if !fits {
            self.moving_target = Some(offscreen(&self.ctx, w, h, Interpolation::Linear));
        }
        let Some((color, depth)) = self.moving_target.as_ref() else {
            return;
        };
        let [r, g, b] = BACKGROUND;
        let target = RenderTarget::new(color.as_color_target(None), depth.as_depth_target());
        target.clear(ClearState::color_and_depth(r, g, b, 1.0, 1.0));
        let _ = target.write::<three_d::CoreError>(|| {
            self.draw(
                Viewport::new_at_origo(w, h),
                view,
                projection,
                true,
                amplitude,
            );
            Ok(())
        });
    }

    /// Scales the reduced-resolution image up onto `vp` of the bound framebuffer.
    fn blit_reduced(&self, vp: Viewport) {
        let Some((color, _)) = &self.moving_target else {
            return;
        };
        let states = RenderStates {
            depth_test: DepthTest::Always,
            write_mask: WriteMask::COLOR,
            blend: Blend::Disabled,
            cull: Cull::None,
        };
        self.blit.use_texture("image", color);
        self.blit.use_vertex_attribute("corner", &self.blit_corners);
        // SAFETY: the program and its 4-vertex attribute are bound by three-d.
        self.blit.draw_with(states, vp, || unsafe {
            self.ctx.draw_arrays(three_d::context::TRIANGLE_STRIP, 0, 4)
        });
    }

    /// The draw calls into whatever framebuffer is bound (screen or off-screen).
    fn draw(
        &self,
        vp: Viewport,
        view: &nalgebra::Matrix4<f32>,
        projection: &nalgebra::Matrix4<f32>,
        fast: bool,
        amplitude: f32,
    ) {
        let states = RenderStates {
            depth_test: DepthTest::Less,
            write_mask: WriteMask::COLOR_AND_DEPTH,
            blend: Blend::Disabled,
            cull: Cull::None,
        };
        if self.n_atoms > 0 {
            let p = if fast {
                &self.spheres_fast
            } else {
                &self.spheres
            };
            p.use_uniform("view", mat4(view));
            p.use_uniform_if_required("projection", mat4(projection));
            p.use_uniform_if_required("amplitude", amplitude);
            p.use_instance_attribute("centre_radius", &self.centres);
            p.use_instance_attribute("shift", &self.shifts);
            p.use_instance_attribute("color", &self.colors);
            let n = self.n_atoms as i32;
            // SAFETY: the program and its attributes are bound by three-d; the strip reads
            // no vertex buffers (corners come from gl_VertexID) and n instances exist.
            p.draw_with(states, vp, || unsafe {
                self.ctx
                    .draw_arrays_instanced(three_d::context::TRIANGLE_STRIP, 0, 4, n)
            });
        }
        if self.n_line_vertices > 0 {
            let p = &self.lines;
            p.use_uniform("view_projection", mat4(&(projection * view)));
            p.use_vertex_attribute("position", &self.line_pos);
            p.use_uniform_if_required("amplitude", amplitude);
            p.use_vertex_attribute("color", &self.line_col);
            p.use_vertex_attribute("shift", &self.line_shift);
            let n = self.n_line_vertices as i32;
            // SAFETY: both vertex buffers hold n vertices and are bound by three-d.
            p.draw_with(states, vp, || unsafe {
                self.ctx.draw_arrays(three_d::context::LINES, 0, n)
            });
        }
    }

    /// Renders the scene off-screen at `size` (clamped to the GL limits: the size used is
    /// returned) and reads it back as RGBA rows, top row first. `transparent` clears to
    /// alpha 0 instead of the view's background.
    pub fn render_image(
        &self,
        size: [u32; 2],
        view: &nalgebra::Matrix4<f32>,
        projection: &nalgebra::Matrix4<f32>,
        amplitude: f32,
        transparent: bool,
    ) -> ([u32; 2], Vec<[u8; 4]>) {
        // SAFETY: a plain integer query on the current context.
        let limit = unsafe {
            self.ctx
                .get_parameter_i32(three_d::context::MAX_TEXTURE_SIZE)
                .min(
                    self.ctx
                        .get_parameter_i32(three_d::context::MAX_RENDERBUFFER_SIZE),
                )
        };
        let [w, h] = clamp_size(size, u32::try_from(limit).unwrap_or(1024));
        let (color, depth) = offscreen(&self.ctx, w, h, Interpolation::Nearest);
        let target = RenderTarget::new(color.as_color_target(None), depth.as_depth_target());
        let [r, g, b] = BACKGROUND;
        let clear = if transparent {
            ClearState::color_and_depth(0.0, 0.0, 0.0, 0.0, 1.0)
        } else {
            ClearState::color_and_depth(r, g, b, 1.0, 1.0)
        };
        target.clear(clear);
        let vp = Viewport::new_at_origo(w, h);
        let _ = target.write::<three_d::CoreError>(|| {
            self.draw(vp, view, projection, false, amplitude);
            Ok(())
        });
        let pixels = target.read_color::<[u8; 4]>();
        self.ctx.set_scissor(ScissorBox {
            x: 0,
            y: 0,
            width: 0,
            height: 0,
        });
        ([w, h], pixels)
    }
}

/// `v` as GL vectors, padded with zeros to `n` (a shift missing means "does not move").
fn padded(v: &[[f32; 3]], n: usize) -> Vec<Vec3> {
    (0..n)
        .map(|k| {
            v.get(k)
                .map_or(Vec3::new(0.0, 0.0, 0.0), |s| Vec3::from(*s))
        })
        .collect()
}

/// The off-screen size within the GL limit `max` (each side at least 1 pixel).
pub fn clamp_size(size: [u32; 2], max: u32) -> [u32; 2] {
    size.map(|s| s.clamp(1, max.max(1)))
}
