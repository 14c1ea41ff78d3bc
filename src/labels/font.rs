//! The CJK font the labels are set in: found at run time, measured here, embedded (subset) by
//! [`super::pdf`].
//!
//! Where it is looked for, first match wins:
//! 1. the file named by the environment variable `RACKLEDGER_LABEL_FONT` (.ttf, .otf or .ttc);
//! 2. Debian's `fonts-noto-cjk` (Noto Sans CJK, the product's UI font, shared/ui.md), then
//!    `fonts-wqy-microhei`, `fonts-wqy-zenhei` and `fonts-arphic-uming`;
//! 3. the usual Chinese fonts of Windows (微软雅黑, 黑体, 宋体) and macOS (华文黑体, 冬青黑体).
//!
//! A collection (.ttc) holds several faces; the Simplified Chinese one is chosen by its family
//! name (`… SC`, `… GB`), else the first face that has the glyphs of 机房台账. Nothing found is
//! [`Error::LabelFont`], which names every path tried and the package to install.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::instance::{LocationRef, Size};
use skrifa::string::StringId;
use skrifa::{FontRef, GlyphId, MetadataProvider};

use crate::error::{Error, Result};

/// The environment variable that names the label font file.
pub const FONT_ENV: &str = "RACKLEDGER_LABEL_FONT";

/// Where the label font is looked for when [`FONT_ENV`] is not set, in order.
pub const FONT_PATHS: &[&str] = &[
    // Debian / Ubuntu: fonts-noto-cjk (also installed by the x script), then other CJK packages.
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    // Fedora and Arch put Noto CJK elsewhere.
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    // Windows.
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
    "C:\\Windows\\Fonts\\simsun.ttc",
    // macOS.
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
];

/// Characters every label font must have: a face without them is not a Chinese face.
const PROBE: &str = "机房台账位";

/// A loaded label font: its file, the chosen face, and what is needed to measure text with it.
#[derive(Clone)]
pub struct LabelFont {
    pub path: PathBuf,
    /// The face's index inside a collection (0 for a single font file).
    pub index: u32,
    /// The face's family name, e.g. `Noto Sans CJK SC`.
    pub family: String,
    data: Arc<Vec<u8>>,
    units_per_em: f32,
    ascent: f32,
}

impl std::fmt::Debug for LabelFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabelFont")
            .field("path", &self.path)
            .field("index", &self.index)
            .field("family", &self.family)
            .finish()
    }
}

/// One glyph of a measured line: its id, its advance in em, and the text it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyph: u32,
    pub advance_em: f32,
    pub range: std::ops::Range<usize>,
}

impl LabelFont {
    /// Finds the label font: [`FONT_ENV`] when set (an unusable file there is an error, not a
    /// reason to look elsewhere), else the first usable file of [`FONT_PATHS`].
    pub fn find() -> Result<LabelFont> {
        if let Some(p) = std::env::var_os(FONT_ENV).filter(|v| !v.is_empty()) {
            let path = Path::new(&p);
            if !path.is_file() {
                return Err(Error::LabelFont { tried: vec![format!("{FONT_ENV}={}", path.display())] });
            }
            return LabelFont::load(path);
        }
        let mut tried = Vec::new();
        for p in FONT_PATHS {
            let path = Path::new(p);
            if path.is_file() {
                if let Ok(font) = LabelFont::load(path) {
                    return Ok(font);
                }
            }
            tried.push((*p).to_string());
        }
        Err(Error::LabelFont { tried })
    }

    /// Loads a font file and picks its Simplified Chinese face.
    pub fn load(path: &Path) -> Result<LabelFont> {
        let data = std::fs::read(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        let invalid =
            |reason: &str| Error::LabelFontInvalid { path: path.display().to_string(), reason: reason.into() };
        let (index, family, units_per_em, ascent) = {
            let faces: Vec<(u32, FontRef<'_>)> =
                (0..64u32).map_while(|i| FontRef::from_index(&data, i).ok().map(|f| (i, f))).collect();
            if faces.is_empty() {
                return Err(invalid("不是 TrueType/OpenType 字体文件"));
            }
            let covers =
                |f: &FontRef<'_>| PROBE.chars().all(|c| f.charmap().map(c).is_some_and(|g| g != GlyphId::NOTDEF));
            let family = |f: &FontRef<'_>| {
                f.localized_strings(StringId::FAMILY_NAME)
                    .english_or_first()
                    .map(|s| s.chars().collect::<String>())
                    .unwrap_or_default()
            };
            let simplified = |name: &str| name.ends_with(" SC") || name.contains(" GB") || name.contains("Micro Hei");
            let (index, face) = faces
                .iter()
                .find(|(_, f)| covers(f) && simplified(&family(f)))
                .or_else(|| faces.iter().find(|(_, f)| covers(f)))
                .ok_or_else(|| invalid("字体中没有中文字形"))?;
            let metrics = face.metrics(Size::unscaled(), LocationRef::default());
            let upem = f32::from(metrics.units_per_em.max(1));
            (*index, family(face), upem, metrics.ascent / upem)
        };
        Ok(LabelFont { path: path.to_path_buf(), index, family, data: Arc::new(data), units_per_em, ascent })
    }

    /// The whole font file (a collection stays whole; [`Self::index`] says which face).
    pub fn data(&self) -> Arc<Vec<u8>> {
        self.data.clone()
    }

    /// The face's ascent in em (the baseline sits this far below the top of a line).
    pub fn ascent_em(&self) -> f32 {
        self.ascent
    }

    /// Maps text to glyphs one character at a time. Labels hold Chinese, digits and Latin
    /// letters, none of which need shaping beyond a character → glyph map.
    pub fn shape(&self, text: &str) -> Vec<Shaped> {
        let Ok(face) = FontRef::from_index(&self.data, self.index) else { return Vec::new() };
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::unscaled(), LocationRef::default());
        text.char_indices()
            .map(|(i, c)| {
                let glyph = charmap.map(c).unwrap_or(GlyphId::NOTDEF);
                let advance = metrics.advance_width(glyph).unwrap_or(self.units_per_em / 2.0);
                Shaped { glyph: glyph.to_u32(), advance_em: advance / self.units_per_em, range: i..i + c.len_utf8() }
            })
            .collect()
    }

    /// The advance of `text`, in em.
    pub fn width_em(&self, text: &str) -> f32 {
        self.shape(text).iter().map(|g| g.advance_em).sum()
    }
}
