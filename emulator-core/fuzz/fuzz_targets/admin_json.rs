//! The admin endpoints' JSON (`/_floci/clock`, `/_floci/resources`, the resets, info, health and
//! services' own `/_floci/<service>/…` routes): the input's first line is `METHOD PATH`, the
//! rest the body. Whatever it is, the answer is 200 or a client error (never a 5xx, never a
//! panic), and the emulated clock stays within its bound, so every date stays parseable.

#![no_main]

use std::sync::OnceLock;

// Linking the service crates keeps their `inventory` registrations.
extern crate backup;
extern crate opsworkscm;

use emulator_core::clock::MAX_EMULATED_MILLIS;
use emulator_core::Gateway;
use libfuzzer_sys::fuzz_target;

fn gateway() -> &'static Gateway {
    static GATEWAY: OnceLock<Gateway> = OnceLock::new();
    GATEWAY.get_or_init(|| Gateway::from_vars(Vec::new()).expect("the default configuration"))
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    let (line, body) = match data.iter().position(|b| *b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let line = String::from_utf8_lossy(line);
    let (method, path) = line.split_once(' ').unwrap_or(("POST", &line));
    let Ok(method) = http::Method::from_bytes(method.as_bytes()) else {
        return;
    };
    if !path.starts_with('/') {
        return;
    }
    let gateway = gateway();
    let (status, answer) = runtime().block_on(gateway.admin_call(&method, path, body));
    assert!(
        status == 200 || (400..500).contains(&status) || status == 501,
        "{method} {path}: {status} {}",
        String::from_utf8_lossy(&answer)
    );
    assert!(gateway.clock().now_millis() <= MAX_EMULATED_MILLIS);
    if status == 200 {
        serde_json::from_slice::<serde_json::Value>(&answer).expect("a JSON answer");
    }
});
