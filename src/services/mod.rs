//! Work that features share and that is more than a store call: QR codes (issuing, resolving, drawing), officials'
//! photos, password hashing, counter tablets (pairing, duty), the CPU pool they run on, the figures of dashboards and
//! the API (from the rollups), the catalogue import and receipt links. Services
//! import the store and the domain, never the web layer.

pub mod alerts;
pub mod audit;
pub mod backup;
pub mod breakdowns;
pub mod cache;
pub mod campaigns;
pub mod catalogue_import;
pub mod cpu;
pub mod disclosure;
pub mod figures;
pub mod ingest;
pub mod kiosk;
pub mod live;
pub mod metrics;
pub mod paper;
pub mod password;
pub mod patterns;
pub mod photo;
pub mod publication;
pub mod qr;
pub mod qr_image;
pub mod receipts;
pub mod reports;
pub mod samples;
pub mod survey_forms;
pub mod tls;
pub mod transaction_counts;
pub mod webhooks;
