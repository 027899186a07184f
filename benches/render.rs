//! Server render time of the citizen form (the bar: ≤ 2 ms at p50, docs/design.md).
//! `cargo bench --bench render`

use criterion::{criterion_group, criterion_main, Criterion};
use hailong::domain::ids::ProcedureId;
use hailong::domain::questionnaire::Questionnaire;
use hailong::i18n::Locale;
use hailong::pages::rate::{render_rate, FormValues, OfficialBadge, RateView};
use hailong::store::Procedure;
use leptos::config::LeptosOptions;

/// A realistic form: an official's code, and 60 procedures in 8 fields (a busy commune).
fn view() -> RateView {
    let procedures = (0..60)
        .map(|i| Procedure {
            id: ProcedureId::new(i),
            code: format!("1.00{i:04}"),
            name: format!("Thủ tục hành chính số {i} về đăng ký, cấp giấy xác nhận"),
            field: format!("Lĩnh vực {}", i % 8),
            valid_from: "2025-07-01".into(),
            valid_to: None,
        })
        .collect();
    RateView {
        locale: Locale::Vi,
        action: "/q/AbCdEfGhIjKlMnOpQrSt".into(),
        unit_name: "Phường Nha Trang".into(),
        counter_name: Some("Quầy 1 · Hộ tịch, Chứng thực".into()),
        official: Some(OfficialBadge {
            name: "Nguyễn Thị Thu Hà".into(),
            title: "Công chức Tư pháp – Hộ tịch".into(),
            photo_url: Some("/photos/official/1".into()),
        }),
        questionnaire: Questionnaire::short(),
        procedures,
        fixed_procedure: false,
        values: FormValues { submission_id: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b".into(), ..FormValues::default() },
        errors: vec![],
        leptos: LeptosOptions::builder().output_name("hailong").build(),
    }
}

fn citizen_form(c: &mut Criterion) {
    let html = render_rate(view());
    eprintln!("citizen form HTML: {} bytes", html.len());
    c.bench_function("render citizen form (60 procedures)", |b| b.iter(|| render_rate(view())));
}

criterion_group!(benches, citizen_form);
criterion_main!(benches);
