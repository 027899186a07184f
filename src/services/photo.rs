//! Officials' photos as uploaded: checked (type, size, dimensions), cropped square, resized and re-encoded
//! as JPEG — re-encoding from pixels drops every bit of metadata (GPS, camera, names) the file carried. Decoding
//! and resizing run on the CPU pool.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{ImageFormat, ImageReader, Limits};

use super::cpu;
use crate::store::Photo;

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// 25 megapixels: every phone camera's default, and at most 100 MB of pixels while decoding.
pub const MAX_PIXELS: u64 = 25_000_000;
const SIDE: u32 = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoError {
    TooLarge,
    /// More pixels than [`MAX_PIXELS`], whatever the file's size (a small file can declare huge dimensions).
    TooManyPixels,
    /// Not a PNG, JPEG or WebP image, or a broken one.
    NotAnImage,
}

/// The photo to store, prepared off the async workers.
pub async fn prepare(bytes: Vec<u8>) -> Result<Photo, PhotoError> {
    cpu::run(move || prepare_now(&bytes)).await.unwrap_or(Err(PhotoError::NotAnImage))
}

fn prepare_now(bytes: &[u8]) -> Result<Photo, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(PhotoError::NotAnImage);
    }
    // The header's dimensions first: refused before a single pixel is decoded.
    let (width, height) =
        ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(|_| PhotoError::NotAnImage)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(4 * MAX_PIXELS + 16 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| PhotoError::NotAnImage)?;
    let square = image.resize_to_fill(SIDE, SIDE, FilterType::Lanczos3).to_rgb8();
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&square)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(Photo { content_type: "image/jpeg".into(), bytes: out.into_inner() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_portrait_becomes_a_400_pixel_square_jpeg() {
        let photo = prepare(crate::demo::portrait_png(3)).await.unwrap();
        assert_eq!(photo.content_type, "image/jpeg");
        let decoded = image::load_from_memory(&photo.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (SIDE, SIDE));
    }

    #[tokio::test]
    async fn text_and_oversized_files_are_refused() {
        assert_eq!(prepare(b"not an image at all".to_vec()).await.unwrap_err(), PhotoError::NotAnImage);
        assert_eq!(prepare(vec![0; MAX_BYTES + 1]).await.unwrap_err(), PhotoError::TooLarge);
        // A GIF is an image, but not one we take.
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
        assert_eq!(prepare(gif).await.unwrap_err(), PhotoError::NotAnImage);
    }

    /// An 8000×8000 PNG of one colour compresses to about 250 KB but would decode to 256 MB: refused from its header.
    #[test]
    fn a_decompression_bomb_is_refused_before_decoding() {
        let side = 8000;
        let mut png = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::NoFilter,
        );
        let row = vec![255u8; side as usize];
        let pixels: Vec<u8> = (0..side).flat_map(|_| row.iter().copied()).collect();
        image::ImageEncoder::write_image(encoder, &pixels, side, side, image::ExtendedColorType::L8).unwrap();
        assert!(png.len() < 400_000, "a small file: {} bytes", png.len());
        // Decoding would fail the allocation limit as NotAnImage; TooManyPixels is decided from the header alone.
        assert_eq!(prepare_now(&png).unwrap_err(), PhotoError::TooManyPixels);
    }
}
