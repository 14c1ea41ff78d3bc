//! Writes the laid-out pages as a PDF with krilla. The font is embedded as a subset holding only
//! the glyphs the labels use (a sheet of labels is some tens of kilobytes, not the 20 MB of
//! the Noto CJK collection), with a ToUnicode map so the text can be searched and copied — and
//! so `pdftotext` gives the Chinese back, which the tests check.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect as KRect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;

use super::font::LabelFont;
use super::layout::{Op, Sheet, PT_PER_MM};
use super::qr;
use crate::error::{Error, Result};

fn pt(mm: f32) -> f32 {
    mm * PT_PER_MM
}

/// The PDF of `pages` (operations in millimetres) on `sheet`'s page size.
pub fn write(pages: &[Vec<Op>], sheet: &Sheet, font: &LabelFont) -> Result<Vec<u8>> {
    let pdf_error = |reason: String| Error::LabelPdf { reason };
    let kfont = Font::new(font.data().into(), font.index)
        .ok_or_else(|| pdf_error(format!("无法读取字体 {}", font.path.display())))?;
    let mut doc = Document::new();
    let settings = PageSettings::from_wh(pt(sheet.page_w_mm), pt(sheet.page_h_mm))
        .ok_or_else(|| pdf_error("页面尺寸无效".into()))?;
    for ops in pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, font, &kfont)?;
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| pdf_error(format!("{e:?}")))
}

fn black() -> Fill {
    Fill { paint: luma::Color::black().into(), ..Fill::default() }
}

fn draw(surface: &mut Surface<'_>, op: &Op, font: &LabelFont, kfont: &Font) -> Result<()> {
    match op {
        Op::Text { x, baseline, size_pt, text } => {
            let glyphs: Vec<KrillaGlyph> = font
                .shape(text)
                .into_iter()
                .map(|g| KrillaGlyph::new(GlyphId::new(g.glyph), g.advance_em, 0.0, 0.0, 0.0, g.range, None))
                .collect();
            surface.set_fill(Some(black()));
            surface.set_stroke(None);
            surface.draw_glyphs(Point::from_xy(pt(*x), pt(*baseline)), &glyphs, kfont.clone(), text, *size_pt, false);
        }
        Op::Qr { x, y, side, data } => {
            let m = qr::encode(data)?;
            let module = pt(*side) / m.width.max(1) as f32;
            let mut pb = PathBuilder::new();
            for (row, runs) in m.runs.iter().enumerate() {
                for &(col, len) in runs {
                    let r = KRect::from_xywh(
                        pt(*x) + col as f32 * module,
                        pt(*y) + row as f32 * module,
                        len as f32 * module,
                        module,
                    );
                    if let Some(r) = r {
                        pb.push_rect(r);
                    }
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(black()));
                surface.set_stroke(None);
                surface.draw_path(&path);
            }
        }
        Op::Outline(r) => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = KRect::from_xywh(pt(r.x), pt(r.y), pt(r.w), pt(r.h)) {
                pb.push_rect(rect);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: luma::Color::new(170).into(),
                    width: 0.3,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
    }
    Ok(())
}
