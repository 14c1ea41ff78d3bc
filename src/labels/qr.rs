//! The QR code printed on a device label: the asset tag, error correction level M (15 % of the
//! code may be scratched or dirty and it still reads), as rows of dark runs ready to be filled as
//! rectangles. No quiet zone is added here: the label's padding is the white border around it.

use qrcode::{Color, EcLevel, QrCode};

use crate::error::{Error, Result};

/// A QR code as a square of modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    pub width: usize,
    /// For each row, the dark runs as (first column, length).
    pub runs: Vec<Vec<(usize, usize)>>,
}

/// Encodes `data` (an asset tag) as a QR code.
pub fn encode(data: &str) -> Result<QrMatrix> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|e| Error::QrCode { data: data.to_string(), reason: e.to_string() })?;
    let width = code.width();
    let colors = code.to_colors();
    let runs = colors
        .chunks(width.max(1))
        .map(|row| {
            let mut runs = Vec::new();
            let mut start = None;
            for (x, c) in row.iter().chain(std::iter::once(&Color::Light)).enumerate() {
                match (c, start) {
                    (Color::Dark, None) => start = Some(x),
                    (Color::Light, Some(s)) => {
                        runs.push((s, x - s));
                        start = None;
                    }
                    _ => {}
                }
            }
            runs
        })
        .collect();
    Ok(QrMatrix { width, runs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_asset_tag_encodes_as_a_small_square_code_with_finder_patterns() {
        let m = encode("ZC-2026-0001").unwrap();
        // Version 1 or 2 at level M: 21 or 25 modules, a 0.9 mm module on a 23 mm code.
        assert!(m.width == 21 || m.width == 25, "{}", m.width);
        assert_eq!(m.runs.len(), m.width);
        // The top-left finder pattern: a dark run of 7 starting the first row.
        assert_eq!(m.runs[0][0], (0, 7));
        // The top-right finder pattern ends the first row.
        assert_eq!(m.runs[0].last(), Some(&(m.width - 7, 7)));
    }

    #[test]
    fn over_long_data_is_an_error_not_a_panic() {
        let e = encode(&"X".repeat(5000)).unwrap_err();
        assert!(e.to_string().contains("二维码"));
    }
}
