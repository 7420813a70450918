//! A decoded screenshot and the blankness measures tests use to tell a
//! rendered page from an empty one (not pixel comparisons: charts are
//! tested on their SVG text; this only says *something* was drawn).

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

/// An RGBA screenshot, 8 bits a channel, rows top to bottom.
#[derive(Debug, Clone)]
pub struct Screenshot {
    pub width: u32,
    pub height: u32,
    /// `width * height * 4` bytes: R, G, B, A for each pixel.
    pub pixels: Vec<u8>,
    /// The PNG as Chromium sent it, to save when a test fails.
    pub png: Vec<u8>,
}

impl Screenshot {
    /// Decodes a base64 PNG, as the DevTools protocol sends screenshots.
    ///
    /// # Errors
    /// Not base64 or not a PNG.
    pub fn from_base64_png(data: &str) -> Result<Self, String> {
        Self::from_png(base64_decode(data)?)
    }

    /// Decodes a PNG of any colour type into RGBA.
    ///
    /// # Errors
    /// Not a PNG this decoder reads.
    pub fn from_png(png: Vec<u8>) -> Result<Self, String> {
        let mut decoder = png::Decoder::new(Cursor::new(&png));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder
            .read_info()
            .map_err(|e| format!("screenshot PNG: {e}"))?;
        let size = reader
            .output_buffer_size()
            .ok_or("screenshot PNG too large")?;
        let mut buffer = vec![0; size];
        let info = reader
            .next_frame(&mut buffer)
            .map_err(|e| format!("screenshot PNG: {e}"))?;
        buffer.truncate(info.buffer_size());
        let pixels: Vec<u8> = match info.color_type {
            png::ColorType::Rgba => buffer,
            png::ColorType::Rgb => buffer
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            png::ColorType::GrayscaleAlpha => buffer
                .chunks_exact(2)
                .flat_map(|p| [p[0], p[0], p[0], p[1]])
                .collect(),
            png::ColorType::Grayscale => buffer.iter().flat_map(|&g| [g, g, g, 255]).collect(),
            png::ColorType::Indexed => {
                return Err("screenshot PNG: palette not expanded".to_owned());
            }
        };
        if pixels.len() != info.width as usize * info.height as usize * 4 {
            return Err(format!(
                "screenshot PNG: {} bytes for {}x{}",
                pixels.len(),
                info.width,
                info.height
            ));
        }
        Ok(Self {
            width: info.width,
            height: info.height,
            pixels,
            png,
        })
    }

    /// Each pixel's RGBA value.
    pub fn colours(&self) -> impl Iterator<Item = [u8; 4]> + '_ {
        self.pixels
            .chunks_exact(4)
            .map(|p| [p[0], p[1], p[2], p[3]])
    }

    /// The pixel at column `x`, row `y`, if inside.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * 4;
        self.pixels.get(i..i + 4).map(|p| [p[0], p[1], p[2], p[3]])
    }

    /// The most common colour (ties go to the smallest RGBA value), taken
    /// as the page background; `None` for an empty image.
    pub fn background(&self) -> Option<[u8; 4]> {
        self.histogram()
            .into_iter()
            .max_by(|(a, n), (b, m)| n.cmp(m).then(b.cmp(a)))
            .map(|(c, _)| c)
    }

    /// How many different RGBA values occur.
    pub fn distinct_colours(&self) -> usize {
        self.histogram().len()
    }

    /// The share of pixels, 0.0–1.0, that differ from [`Self::background`].
    pub fn non_background_fraction(&self) -> f64 {
        let Some(background) = self.background() else {
            return 0.0;
        };
        let total = self.colours().count();
        let other = self.colours().filter(|&c| c != background).count();
        other as f64 / total as f64
    }

    /// How many pixels have exactly this RGB colour (any alpha).
    pub fn count_rgb(&self, rgb: [u8; 3]) -> usize {
        self.colours().filter(|c| c[..3] == rgb).count()
    }

    /// Blank: every pixel the same colour (an empty image too).
    pub fn is_blank(&self) -> bool {
        self.distinct_colours() <= 1
    }

    /// Writes the PNG, e.g. next to a failing test's output.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        std::fs::write(path, &self.png).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    fn histogram(&self) -> HashMap<[u8; 4], usize> {
        let mut counts = HashMap::new();
        for colour in self.colours() {
            *counts.entry(colour).or_insert(0) += 1;
        }
        counts
    }
}

/// Standard base64 (RFC 4648 §4), padding optional, whitespace ignored.
///
/// # Errors
/// A character outside the alphabet.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut n_bits) = (0_u32, 0_u32);
    for byte in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return Err(format!("not base64: byte {byte:#04x}")),
        };
        bits = (bits << 6) | u32::from(value);
        n_bits += 6;
        if n_bits >= 8 {
            n_bits -= 8;
            out.push((bits >> n_bits) as u8);
            bits &= (1 << n_bits) - 1;
        }
    }
    Ok(out)
}
