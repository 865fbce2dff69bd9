//! Prints the file imports and layering problems of one crate's `src/`:
//! `cargo run -p service-layers --example report -- services/backup/src [--edges]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let src = args.next().expect("usage: report <src dir> [--edges]");
    let edges = args.next().as_deref() == Some("--edges");
    let sources = service_layers::read_sources(std::path::Path::new(&src)).expect("readable");
    let report = service_layers::check(&sources);
    if edges {
        for e in &report.edges {
            println!("{} -> {} (line {})", e.from, e.to, e.line);
        }
    }
    for p in &report.problems {
        println!("{p}");
    }
    println!(
        "{} files, {} imports, {} problems",
        sources.len(),
        report.edges.len(),
        report.problems.len()
    );
}
