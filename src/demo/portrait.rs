//! Placeholder portraits for demo officials: a drawn silhouette, obviously not a photo of anyone.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};

const SIZE: u32 = 240;
const BACKGROUNDS: [[u8; 3]; 6] =
    [[214, 228, 240], [226, 236, 218], [240, 226, 214], [232, 222, 240], [220, 236, 236], [240, 234, 210]];
const SKIN: [[u8; 3]; 3] = [[240, 205, 175], [225, 185, 150], [205, 160, 125]];
const HAIR: [u8; 3] = [40, 32, 30];
/// The light blue of a commune official's uniform shirt.
const SHIRT: [u8; 3] = [150, 185, 220];

/// A PNG silhouette whose colours vary with `seed`.
pub fn portrait_png(seed: usize) -> Vec<u8> {
    let bg = Rgb(BACKGROUNDS[seed % BACKGROUNDS.len()]);
    let skin = Rgb(SKIN[seed % SKIN.len()]);
    let long_hair = seed % 2 == 1;
    let image = RgbImage::from_fn(SIZE, SIZE, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let head = ((x - 120.0) / 46.0).powi(2) + ((y - 100.0) / 56.0).powi(2) <= 1.0;
        let hair_top = ((x - 120.0) / 50.0).powi(2) + ((y - 88.0) / 56.0).powi(2) <= 1.0 && y < 84.0;
        let hair_long = long_hair && ((x - 120.0) / 54.0).powi(2) + ((y - 110.0) / 70.0).powi(2) <= 1.0 && !head;
        let neck = (x - 120.0).abs() < 16.0 && (150.0..175.0).contains(&y);
        let shoulders = ((x - 120.0) / 95.0).powi(2) + ((y - 240.0) / 75.0).powi(2) <= 1.0;
        if hair_top || hair_long {
            Rgb(HAIR)
        } else if head || neck {
            skin
        } else if shoulders {
            Rgb(SHIRT)
        } else {
            bg
        }
    });
    let mut bytes = Cursor::new(Vec::new());
    // Encoding an in-memory RGB image to PNG cannot fail short of running out of memory.
    image.write_to(&mut bytes, ImageFormat::Png).map(|_| bytes.into_inner()).unwrap_or_default()
}
