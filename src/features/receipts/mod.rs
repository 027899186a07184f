//! Receipt links for the one-stop software (decision 013): `POST /api/v1/dossiers` registers a dossier with an API
//! key of scope `dossiers` and answers its one-time rating link, the link's QR code (PNG and SVG) and a printable
//! slip; `GET /r/{token}/phieu` is that slip, `GET /r/{token}/qr.png|svg` the code alone.

pub mod register;
mod slip;

pub use register::register;
pub use slip::{qr_image, slip};
