//! Responses by hour of the week (Monday to Sunday × 0–23 h, local time) as an inline SVG drawn on the server: the
//! darker a cell, the more responses; each cell's title gives its count and index.

use leptos::prelude::*;

use crate::domain::index::{Figure, LevelCounts};
use crate::i18n::Locale;

const LEFT: f64 = 70.0;
const TOP: f64 = 18.0;
const CELL_W: f64 = 26.0;
const CELL_H: f64 = 24.0;

#[component]
pub fn Heatmap(cells: Vec<(i64, LevelCounts)>, floor: u64) -> impl IntoView {
    let b = Locale::Vi.texts().board;
    let mut week = [LevelCounts::default(); 168];
    for (slot, counts) in &cells {
        if let Some(cell) = usize::try_from(*slot).ok().and_then(|i| week.get_mut(i)) {
            *cell = *counts;
        }
    }
    let max = cells.iter().map(|(_, c)| c.total()).max().unwrap_or(0);
    if max == 0 {
        return view! { <p class="muted">{b.heatmap_empty}</p> }.into_any();
    }
    let busiest = cells.iter().max_by_key(|(slot, c)| (c.total(), -slot)).map(|(slot, c)| {
        b.heatmap_busiest
            .replace("{day}", b.weekdays[(slot / 24) as usize % 7])
            .replace("{hour}", &(slot % 24).to_string())
            .replace("{n}", &c.total().to_string())
    });
    let rows = (0..7_i64)
        .map(|day| {
            let y = TOP + CELL_H * day as f64;
            let squares = (0..24_i64)
                .map(|hour| {
                    let counts = week[(day * 24 + hour) as usize];
                    let n = counts.total();
                    let figure = Figure::of(&counts);
                    let index = match figure.display() {
                        Some(v) if figure.is_reliable(floor) => format!(" · {v:.1}%"),
                        _ => String::new(),
                    };
                    let opacity = if n == 0 { 0.0 } else { 0.12 + 0.88 * n as f64 / max as f64 };
                    view! {
                        <rect class="heat" x=format!("{:.0}", LEFT + CELL_W * hour as f64) y=format!("{y:.0}")
                            width=CELL_W - 2.0 height=CELL_H - 2.0 style=format!("fill-opacity:{opacity:.2}")>
                            <title>{format!("{}, {hour}h: {n}{index}", b.weekdays[day as usize])}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <text class="chart-label" x=LEFT - 6.0 y=y + CELL_H * 0.65 text-anchor="end">{b.weekdays[day as usize]}</text>
                {squares}
            }
        })
        .collect_view();
    let hours = (0..24_i64)
        .step_by(3)
        .map(|hour| {
            let x = LEFT + CELL_W * hour as f64 + CELL_W / 2.0 - 1.0;
            view! { <text class="chart-label" x=format!("{x:.0}") y="12" text-anchor="middle">{format!("{hour}h")}</text> }
        })
        .collect_view();
    let width = LEFT + CELL_W * 24.0;
    let height = TOP + CELL_H * 7.0;
    let label = format!("{}. {}", b.heatmap, busiest.clone().unwrap_or_default());
    view! {
        <svg class="chart heatmap" viewBox=format!("0 0 {width} {height}") role="img" aria-label=label>
            {hours}
            {rows}
        </svg>
        <p class="hint">{busiest}" · "{b.heatmap_hint}</p>
    }
    .into_any()
}
