//! Orbit camera maths (pure, no GL): a target point, a rotation (camera to world) and a
//! distance. Right-handed, OpenGL clip conventions, world z up by default.

use nalgebra::{Matrix4, Perspective3, Point3, UnitQuaternion, Vector3, Vector4};
use serde::{Deserialize, Serialize};

/// The camera of the 3D view. Stored as plain arrays so that it persists with serde.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrbitCamera {
    pub target: [f32; 3],
    /// Unit quaternion (i, j, k, w) taking camera axes to world axes.
    pub rotation: [f32; 4],
    pub distance: f32,
    /// Vertical field of view in radians.
    pub fov_y: f32,
}

impl Default for OrbitCamera {
    fn default() -> Self {
        Self::looking_along(Vector3::new(-1.0, -0.6, -0.5), 20.0)
    }
}

impl OrbitCamera {
    /// A camera at the origin's distance `distance`, looking in direction `dir`.
    pub fn looking_along(dir: Vector3<f32>, distance: f32) -> Self {
        let mut c = Self {
            target: [0.0; 3],
            rotation: [0.0, 0.0, 0.0, 1.0],
            distance,
            fov_y: 35f32.to_radians(),
        };
        c.look_along(dir);
        c
    }

    pub fn rotation(&self) -> UnitQuaternion<f32> {
        let [i, j, k, w] = self.rotation;
        UnitQuaternion::from_quaternion(nalgebra::Quaternion::new(w, i, j, k))
    }

    fn set_rotation(&mut self, q: UnitQuaternion<f32>) {
        let c = q.into_inner().coords;
        self.rotation = [c[0], c[1], c[2], c[3]];
    }

    pub fn target(&self) -> Vector3<f32> {
        Vector3::from(self.target)
    }

    /// The eye position in world coordinates.
    pub fn eye(&self) -> Vector3<f32> {
        self.target() + self.rotation() * Vector3::new(0.0, 0.0, self.distance)
    }

    /// Unit viewing direction (from the eye towards the target).
    pub fn forward(&self) -> Vector3<f32> {
        self.rotation() * -Vector3::z()
    }

    /// Looks along `dir` at the same target and distance; world z is up unless `dir` is
    /// (nearly) parallel to it, then world y.
    pub fn look_along(&mut self, dir: Vector3<f32>) {
        let Some(d) = dir.try_normalize(1e-9) else {
            return;
        };
        let up = if d.cross(&Vector3::z()).norm() < 1e-3 {
            Vector3::y()
        } else {
            Vector3::z()
        };
        // face_towards aligns the camera's +z with its argument; the camera looks along -z.
        self.set_rotation(UnitQuaternion::face_towards(&-d, &up));
    }

    /// Turntable orbit: `dx` radians about world z, `dy` radians about the camera's x axis.
    pub fn orbit(&mut self, dx: f32, dy: f32) {
        let yaw = UnitQuaternion::from_axis_angle(&Vector3::z_axis(), -dx);
        let pitch = UnitQuaternion::from_axis_angle(&Vector3::x_axis(), -dy);
        self.set_rotation(yaw * self.rotation() * pitch);
    }

    /// Multiplies the distance by `factor` (clamped to a sane range).
    pub fn zoom(&mut self, factor: f32) {
        self.distance = (self.distance * factor).clamp(0.5, 1.0e4);
    }

    /// Moves the target in the view plane by a fraction of the visible height.
    pub fn pan(&mut self, dx_frac: f32, dy_frac: f32) {
        let h = 2.0 * self.distance * (self.fov_y / 2.0).tan();
        let r = self.rotation();
        let shift = r * Vector3::new(-dx_frac * h, dy_frac * h, 0.0);
        self.target = (self.target() + shift).into();
    }

    /// Resets to the default direction, centred on the origin, framing a sphere of `radius`.
    pub fn reset(&mut self, radius: f32) {
        *self = Self::default();
        self.distance = self.framing_distance(radius);
    }

    /// Distance at which a sphere of `radius` fills the vertical field of view.
    pub fn framing_distance(&self, radius: f32) -> f32 {
        radius / (self.fov_y / 2.0).sin()
    }

    pub fn view(&self) -> Matrix4<f32> {
        let eye = Point3::from(self.eye());
        let up = self.rotation() * Vector3::y();
        Matrix4::look_at_rh(&eye, &Point3::from(self.target()), &up)
    }

    /// Perspective projection; near and far planes bracket a scene of `radius` at the origin.
    pub fn projection(&self, aspect: f32, radius: f32) -> Matrix4<f32> {
        let far = self.eye().norm() + 2.0 * radius + 1.0;
        let near = (far * 1e-4).max(0.01);
        Perspective3::new(aspect.max(1e-3), self.fov_y, near, far).to_homogeneous()
    }

    pub fn view_projection(&self, aspect: f32, radius: f32) -> Matrix4<f32> {
        self.projection(aspect, radius) * self.view()
    }

    /// World-space ray (origin, unit direction) through normalised device coordinates.
    pub fn ray(
        &self,
        ndc: [f32; 2],
        aspect: f32,
        radius: f32,
    ) -> Option<(Vector3<f32>, Vector3<f32>)> {
        let inv = self.view_projection(aspect, radius).try_inverse()?;
        let unproject = |z: f32| {
            let p = inv * Vector4::new(ndc[0], ndc[1], z, 1.0);
            p.xyz() / p.w
        };
        let (a, b) = (unproject(-1.0), unproject(1.0));
        Some((a, (b - a).try_normalize(1e-12)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Vector3<f32>, b: Vector3<f32>) -> bool {
        (a - b).norm() < 1e-4
    }

    #[test]
    fn looking_along_axes() {
        for d in [
            Vector3::x(),
            Vector3::y(),
            Vector3::z(),
            -Vector3::z(),
            Vector3::new(1.0, 2.0, 3.0),
        ] {
            let c = OrbitCamera::looking_along(d, 10.0);
            assert!(close(c.forward(), d.normalize()), "{d:?}");
            assert!(close(c.eye(), -10.0 * d.normalize()));
        }
    }

    #[test]
    fn target_projects_to_centre_and_ray_hits_it() {
        let mut c = OrbitCamera::default();
        c.orbit(0.3, -0.2);
        c.pan(0.1, 0.05);
        let vp = c.view_projection(1.5, 10.0);
        let t = vp * c.target().push(1.0);
        assert!((t.x / t.w).abs() < 1e-5 && (t.y / t.w).abs() < 1e-5);
        let (o, dir) = c.ray([0.0, 0.0], 1.5, 10.0).expect("ray");
        let miss = (c.target() - o).cross(&dir).norm();
        assert!(miss < 1e-3, "{miss}");
        assert!(close(dir, c.forward()));
    }

    #[test]
    fn orbit_keeps_distance_and_zoom_clamps() {
        let mut c = OrbitCamera::default();
        c.orbit(1.0, 0.5);
        assert!(((c.eye() - c.target()).norm() - c.distance).abs() < 1e-4);
        c.zoom(1e-9);
        assert_eq!(c.distance, 0.5);
    }

    #[test]
    fn framing_distance_fits_sphere() {
        let mut c = OrbitCamera::default();
        c.reset(10.0);
        assert!((c.distance * (c.fov_y / 2.0).sin() - 10.0).abs() < 1e-4);
        // a point on the sphere's silhouette at the top lands inside the view (|y| <= 1)
        let up = c.rotation() * Vector3::y();
        let p = c.view_projection(1.0, 10.0) * (up * 10.0).push(1.0);
        assert!((p.y / p.w).abs() <= 1.0 + 1e-4);
    }

    #[test]
    fn serde_round_trip() {
        let c = OrbitCamera::looking_along(Vector3::new(0.2, 0.3, 0.9), 7.0);
        let s = serde_json::to_string(&c).expect("ser");
        let d: OrbitCamera = serde_json::from_str(&s).expect("de");
        assert_eq!(c, d);
    }
}
