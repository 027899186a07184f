//! Drawing a QR code: PNG for printing and phones, SVG for crisp posters. PNG rendering is CPU work and runs on
//! the CPU pool.

use std::io::Cursor;

use image::{ImageFormat, Luma};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::cpu;

/// The citizen form's URL for a token: what every QR code carries.
pub fn form_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/q/{token}")
}

/// Medium error correction: survives a scuffed or partly covered sticker without a dense code.
fn encode(url: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()
}

/// A PNG of at least `min_size` pixels a side; `None` when the URL is too long for a code.
pub async fn png(url: &str, min_size: u32) -> Option<Vec<u8>> {
    let url = url.to_owned();
    cpu::run(move || {
        let image = encode(&url)?.render::<Luma<u8>>().min_dimensions(min_size, min_size).build();
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, ImageFormat::Png).ok()?;
        Some(bytes.into_inner())
    })
    .await
    .ok()
    .flatten()
}

pub fn svg(url: &str) -> Option<String> {
    Some(
        encode(url)?
            .render::<svg::Color<'_>>()
            .min_dimensions(300, 300)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}
