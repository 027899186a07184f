//! Officials' photos as uploaded: checked (type, size, dimensions), cropped square, resized and re-encoded
//! as JPEG — re-encoding from pixels drops every bit of metadata (GPS, camera, names) the file carried.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{ImageFormat, ImageReader, Limits};

use crate::store::Photo;

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
const SIDE: u32 = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoError {
    TooLarge,
    /// Not a PNG, JPEG or WebP image, or a broken one.
    NotAnImage,
}

pub fn prepare(bytes: &[u8]) -> Result<Photo, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(PhotoError::NotAnImage);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // A small file can still claim enormous dimensions (a decompression bomb): cap what we decode.
    let mut limits = Limits::default();
    limits.max_image_width = Some(8000);
    limits.max_image_height = Some(8000);
    limits.max_alloc = Some(256 * 1024 * 1024);
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

    #[test]
    fn a_portrait_becomes_a_400_pixel_square_jpeg() {
        let png = crate::demo::portrait_png(3);
        let photo = prepare(&png).unwrap();
        assert_eq!(photo.content_type, "image/jpeg");
        let decoded = image::load_from_memory(&photo.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (SIDE, SIDE));
    }

    #[test]
    fn text_and_oversized_files_are_refused() {
        assert_eq!(prepare(b"not an image at all").unwrap_err(), PhotoError::NotAnImage);
        assert_eq!(prepare(&vec![0; MAX_BYTES + 1]).unwrap_err(), PhotoError::TooLarge);
        // A GIF is an image, but not one we take.
        assert_eq!(prepare(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap_err(), PhotoError::NotAnImage);
    }
}
