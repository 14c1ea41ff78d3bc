//! How WebKit paints the window: with its GL compositor, or without it when the machine has
//! no hardware GL.
//!
//! WebKitGTK composites the page with OpenGL. On a machine without a GPU (a VM, a VDI desktop,
//! Xvfb) Mesa runs that GL in software (llvmpipe), which takes most of two cores while the page
//! paints: measured under Xvfb, a search's keystroke → painted rows went from p50/p95
//! 1,041/1,323 ms to 254/368 ms with compositing off (docs/performance.md, "App"). So when no
//! hardware GL is found, the app sets `WEBKIT_DISABLE_COMPOSITING_MODE=1` before GTK starts.
//!
//! The rule, first match wins:
//! 1. `WEBKIT_DISABLE_COMPOSITING_MODE` already set (any value): WebKit's own switch, the user's
//!    choice — left alone.
//! 2. `RACKLEDGER_GPU=on` / `off` (also `1`/`0`, `true`/`false`, `yes`/`no`): ours, forces
//!    compositing on or off.
//! 3. `LIBGL_ALWAYS_SOFTWARE` set (not `0`/`false`): Mesa was told to render in software — off.
//! 4. A DRM render node (`/dev/dri/renderD*`) that is a real GPU: on. WebKitGTK ≥ 2.42 renders
//!    through a render node (its DMA-BUF renderer) whatever the X or Wayland server is, so a
//!    render node is the GPU WebKit would use. Not a GPU: `vgem` (a software GEM device), and a
//!    `virtio_gpu` without its 3D feature (`VIRTIO_GPU_F_VIRGL`, feature bit 0 in sysfs) — QEMU's
//!    2D virtio display, where Mesa falls back to llvmpipe.
//! 5. Otherwise (no `/dev/dri` at all, or only display nodes like bochs, QXL, Hyper-V): off.
//!
//! Known misses: a GPU whose Mesa driver fails to load still has a render node (compositing
//! stays on: `RACKLEDGER_GPU=off`); a VMware display without 3D presents `vmwgfx` as a GPU.
//!
//! Cost: one directory listing and, per render node, a symlink and a small sysfs file.

use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

/// WebKitGTK's switch: set (to anything but `0`), WebKit paints without its GL compositor.
pub const WEBKIT_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// Our override: `on` or `off`.
pub const OVERRIDE_VAR: &str = "RACKLEDGER_GPU";
/// Mesa's switch for software rendering.
const MESA_SOFTWARE_VAR: &str = "LIBGL_ALWAYS_SOFTWARE";

/// Why the app paints the way it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// `WEBKIT_DISABLE_COMPOSITING_MODE` was set before the app started.
    WebkitEnv,
    /// `RACKLEDGER_GPU` said so.
    Override,
    /// `LIBGL_ALWAYS_SOFTWARE` asks Mesa for software rendering.
    SoftwareGl,
    /// A GPU render node was found.
    Gpu,
    /// No GPU render node: GL would be software.
    NoGpu,
}

/// The rendering mode in effect, shown in the settings view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rendering {
    /// Whether WebKit composites with GL (false: `WEBKIT_DISABLE_COMPOSITING_MODE` is in effect).
    pub compositing: bool,
    pub reason: Reason,
}

/// The environment the rule reads, so tests can give their own.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub webkit_var: Option<&'a OsStr>,
    pub override_var: Option<&'a OsStr>,
    pub mesa_software_var: Option<&'a OsStr>,
    /// `/dev/dri`.
    pub dri_dir: &'a Path,
    /// `/sys/class/drm`: each render node's driver and, for virtio, its feature bits.
    pub sys_drm_dir: &'a Path,
}

/// The rule of the module docs. Never fails: what cannot be read counts as absent.
pub fn decide(inputs: &Inputs<'_>) -> Rendering {
    if let Some(value) = inputs.webkit_var {
        // WebKit treats "0" as not set.
        return Rendering { compositing: value == "0", reason: Reason::WebkitEnv };
    }
    if let Some(on) = inputs.override_var.and_then(switch) {
        return Rendering { compositing: on, reason: Reason::Override };
    }
    if inputs.mesa_software_var.and_then(switch).unwrap_or(false) {
        return Rendering { compositing: false, reason: Reason::SoftwareGl };
    }
    if has_gpu_render_node(inputs.dri_dir, inputs.sys_drm_dir) {
        Rendering { compositing: true, reason: Reason::Gpu }
    } else {
        Rendering { compositing: false, reason: Reason::NoGpu }
    }
}

/// `on`/`off` and their usual spellings; anything else is ignored.
fn switch(value: &OsStr) -> Option<bool> {
    match value.to_str()?.trim().to_ascii_lowercase().as_str() {
        "on" | "1" | "true" | "yes" => Some(true),
        "off" | "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

fn has_gpu_render_node(dri_dir: &Path, sys_drm_dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dri_dir) else { return false };
    entries.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        name.starts_with("renderD") && is_gpu(&sys_drm_dir.join(name.as_ref()).join("device"))
    })
}

/// Whether the device behind a render node renders GL in hardware (see the module docs).
fn is_gpu(device: &Path) -> bool {
    let driver = std::fs::read_link(device.join("driver"))
        .ok()
        .and_then(|link| link.file_name().map(|n| n.to_string_lossy().into_owned()));
    match driver.as_deref() {
        Some("vgem") => false,
        // sysfs prints a virtio device's feature bits as '0'/'1', bit 0 first; bit 0 is VIRGL.
        Some("virtio_gpu") => std::fs::read_to_string(device.join("features")).is_ok_and(|f| f.starts_with('1')),
        // Unknown or unreadable (no sysfs in a sandbox): trust the render node.
        _ => true,
    }
}

static APPLIED: OnceLock<Rendering> = OnceLock::new();

/// Decides from this process's environment and the machine, and turns compositing off when the
/// rule says so. Call it first thing in `main`, before any thread exists.
///
/// # Safety
///
/// `std::env::set_var` is unsafe because another thread may read the environment meanwhile
/// (glibc's `getenv` is not synchronised with `setenv`). The caller must ensure no other thread
/// is running: at the top of `main`, before Tauri, GTK or any library that spawns threads
/// starts, the process has one thread.
pub unsafe fn apply() -> Rendering {
    let webkit_var = std::env::var_os(WEBKIT_VAR);
    let override_var = std::env::var_os(OVERRIDE_VAR);
    let mesa_software_var = std::env::var_os(MESA_SOFTWARE_VAR);
    let rendering = decide(&Inputs {
        webkit_var: webkit_var.as_deref(),
        override_var: override_var.as_deref(),
        mesa_software_var: mesa_software_var.as_deref(),
        dri_dir: Path::new("/dev/dri"),
        sys_drm_dir: Path::new("/sys/class/drm"),
    });
    if !rendering.compositing && rendering.reason != Reason::WebkitEnv {
        // SAFETY: the caller guarantees a single thread (this function's contract).
        unsafe { std::env::set_var(WEBKIT_VAR, "1") };
    }
    let _ = APPLIED.set(rendering);
    rendering
}

/// The mode [`apply`] chose, or `None` when it was not called (tests, other embedders).
pub fn current() -> Option<Rendering> {
    APPLIED.get().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A fake `/dev/dri` and `/sys/class/drm` with one render node of `driver` (None: no node),
    /// `features` for a virtio device.
    fn machine(driver: Option<&str>, features: Option<&str>) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("dev/dri")).unwrap();
        std::fs::write(root.path().join("dev/dri/card0"), "").unwrap();
        let device = root.path().join("sys/class/drm/renderD128/device");
        std::fs::create_dir_all(&device).unwrap();
        if let Some(driver) = driver {
            std::fs::write(root.path().join("dev/dri/renderD128"), "").unwrap();
            let target = root.path().join("sys/bus/drivers").join(driver);
            std::fs::create_dir_all(&target).unwrap();
            symlink(&target, device.join("driver")).unwrap();
        }
        if let Some(features) = features {
            std::fs::write(device.join("features"), features).unwrap();
        }
        root
    }

    fn decide_on(root: &Path, env: [Option<&str>; 3]) -> Rendering {
        let dri = root.join("dev/dri");
        let sys = root.join("sys/class/drm");
        decide(&Inputs {
            webkit_var: env[0].map(OsStr::new),
            override_var: env[1].map(OsStr::new),
            mesa_software_var: env[2].map(OsStr::new),
            dri_dir: &dri,
            sys_drm_dir: &sys,
        })
    }

    const NONE: [Option<&str>; 3] = [None, None, None];

    #[test]
    fn a_gpu_render_node_keeps_compositing() {
        let m = machine(Some("amdgpu"), None);
        assert_eq!(decide_on(m.path(), NONE), Rendering { compositing: true, reason: Reason::Gpu });
    }

    #[test]
    fn no_render_node_turns_compositing_off() {
        // A display node only (bochs, QXL, Hyper-V) and no /dev/dri at all, as on this VM.
        let m = machine(None, None);
        assert_eq!(decide_on(m.path(), NONE), Rendering { compositing: false, reason: Reason::NoGpu });
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(decide_on(empty.path(), NONE), Rendering { compositing: false, reason: Reason::NoGpu });
    }

    #[test]
    fn software_render_nodes_are_no_gpu() {
        let vgem = machine(Some("vgem"), None);
        assert!(!decide_on(vgem.path(), NONE).compositing);
        let virtio_2d = machine(Some("virtio_gpu"), Some("0100000000000000000000000000000011"));
        assert!(!decide_on(virtio_2d.path(), NONE).compositing);
        let virgl = machine(Some("virtio_gpu"), Some("1100000000000000000000000000000011"));
        assert_eq!(decide_on(virgl.path(), NONE), Rendering { compositing: true, reason: Reason::Gpu });
    }

    #[test]
    fn a_render_node_without_sysfs_counts_as_a_gpu() {
        let m = machine(Some("i915"), None);
        std::fs::remove_dir_all(m.path().join("sys")).unwrap();
        assert!(decide_on(m.path(), NONE).compositing);
    }

    #[test]
    fn our_override_wins_over_the_machine() {
        let gpu = machine(Some("amdgpu"), None);
        let off = Rendering { compositing: false, reason: Reason::Override };
        assert_eq!(decide_on(gpu.path(), [None, Some("off"), None]), off);
        assert_eq!(decide_on(gpu.path(), [None, Some(" OFF "), None]), off);
        let none = machine(None, None);
        let on = Rendering { compositing: true, reason: Reason::Override };
        assert_eq!(decide_on(none.path(), [None, Some("on"), None]), on);
        assert_eq!(decide_on(none.path(), [None, Some("1"), Some("1")]), on);
        // Not a switch: ignored, the machine decides.
        assert_eq!(decide_on(none.path(), [None, Some("maybe"), None]).reason, Reason::NoGpu);
    }

    #[test]
    fn the_users_webkit_variable_is_left_alone() {
        let none = machine(None, None);
        let kept_on = Rendering { compositing: true, reason: Reason::WebkitEnv };
        assert_eq!(decide_on(none.path(), [Some("0"), Some("off"), None]), kept_on);
        let gpu = machine(Some("amdgpu"), None);
        let kept_off = Rendering { compositing: false, reason: Reason::WebkitEnv };
        assert_eq!(decide_on(gpu.path(), [Some("1"), Some("on"), None]), kept_off);
    }

    #[test]
    fn mesa_software_rendering_turns_compositing_off() {
        let gpu = machine(Some("amdgpu"), None);
        assert_eq!(
            decide_on(gpu.path(), [None, None, Some("1")]),
            Rendering { compositing: false, reason: Reason::SoftwareGl }
        );
        assert!(decide_on(gpu.path(), [None, None, Some("0")]).compositing);
    }
}
