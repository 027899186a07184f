//! The daily trend as an inline SVG drawn on the server: no chart library, no script, prints cleanly.
//! Bars are the day's number of responses; the line is the day's index where the sample suffices.

use leptos::prelude::*;

use super::dashboard::TrendPoint;

const W: f64 = 720.0;
const H: f64 = 220.0;
const LEFT: f64 = 36.0;
const TOP: f64 = 10.0;
const PLOT_H: f64 = 170.0;

#[component]
/// `label` says what the chart shows to a screen reader, in the page's language.
pub fn TrendChart(points: Vec<TrendPoint>, floor: u64, label: &'static str) -> impl IntoView {
    let n = points.len().max(1) as f64;
    let step = (W - LEFT - 8.0) / n;
    let max_count = points.iter().map(|p| p.figure.count).max().unwrap_or(0).max(1) as f64;
    let x = move |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |percent: f64| TOP + PLOT_H * (1.0 - percent / 100.0);

    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = PLOT_H * 0.35 * p.figure.count as f64 / max_count;
            view! {
                <rect class="chart-bar" x=format!("{:.1}", x(i) - step * 0.35) y=format!("{:.1}", TOP + PLOT_H - h)
                    width=format!("{:.1}", step * 0.7) height=format!("{h:.1}")>
                    <title>{format!("{}: {}", p.label, p.figure.count)}</title>
                </rect>
            }
        })
        .collect_view();
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.figure.is_reliable(floor))
        .filter_map(|(i, p)| p.figure.value.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
        .collect();
    let dots = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.figure.is_reliable(floor))
        .filter_map(|(i, p)| {
            let v = p.figure.value?;
            Some(view! {
                <circle class="chart-dot" cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(v)) r="3">
                    <title>{format!("{}: {:.1}% ({})", p.label, v, p.figure.count)}</title>
                </circle>
            })
        })
        .collect_view();
    let label_every = (points.len() / 8).max(1);
    let labels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % label_every == 0)
        .map(|(i, p)| view! { <text class="chart-label" x=format!("{:.1}", x(i)) y=H - 8.0 text-anchor="middle">{p.label.clone()}</text> })
        .collect_view();
    let grid = [0.0, 50.0, 100.0]
        .into_iter()
        .map(|pct| {
            view! {
                <line class="chart-grid" x1=LEFT x2=W - 8.0 y1=y(pct) y2=y(pct)/>
                <text class="chart-label" x=LEFT - 6.0 y=y(pct) + 4.0 text-anchor="end">{format!("{pct:.0}%")}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            {grid}
            {bars}
            <polyline class="chart-line" points=line.join(" ")/>
            {dots}
            {labels}
        </svg>
    }
}
