//! Islands: the only components that ship to the browser as wasm. Every page works without them; they
//! make it nicer once hydrated (on idle, after the content is usable).

mod procedure_search;

pub use procedure_search::ProcedureSearch;
