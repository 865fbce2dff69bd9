//! Random values of a model's shapes, in the member-name form services exchange with the
//! protocol layer: for tests that hold a service's generated types to the model (every output
//! type written by `WriteJson` as serde_json writes it) and for fuzz seeds.
//!
//! Values respect what the generated types require (required members present, enum values from
//! the enum, integers within 32 bits) and nothing else: lengths and patterns are ignored, and
//! strings are chosen to exercise escaping.

use serde_json::{Map, Value};

use super::{Model, ShapeId, ShapeKind};

/// How deep optional members, lists and maps are filled; below it only required members are.
const MAX_DEPTH: usize = 4;

/// Strings that need escaping, or not: quotes, backslashes, control characters, non-ASCII.
const STRINGS: &[&str] = &[
    "",
    "plain",
    "arn:aws:backup:us-east-1:123456789012:backup-vault:Default",
    "quote \" backslash \\ newline \n tab \t",
    "\u{1}\u{1f}\u{7f}",
    "é 漢字 🦀 \u{2028}",
    "a value long enough to span several SIMD blocks of thirty-two bytes each, twice over",
];

/// A random value of `shape`. `below(n)` returns a random number in `0..n`.
pub fn sample(model: &Model, shape: ShapeId, below: &mut dyn FnMut(u64) -> u64) -> Value {
    Sampler { model, below }.value(shape, 0)
}

/// Calls `check` with `rounds` random outputs of every operation that has one, with a
/// deterministic `below` (see [`sample`]).
pub fn each_output(
    model: &Model,
    rounds: usize,
    below: &mut dyn FnMut(u64) -> u64,
    mut check: impl FnMut(&str, Value),
) {
    for operation in &model.operations {
        if let Some(output) = operation.output {
            for _ in 0..rounds {
                check(&operation.name, sample(model, output, below));
            }
        }
    }
}

/// Holds a service's generated output writers to serde's form: for `rounds` random outputs of
/// every operation that has one, `both_ways(operation, sample)` (the output decoded from the
/// sample, written by `WriteJson` and by serde_json) must give equal bodies. For tests: panics,
/// naming the operation, where they differ.
pub fn assert_outputs_written_as_serde(
    model_json: &str,
    rounds: usize,
    below: &mut dyn FnMut(u64) -> u64,
    both_ways: impl Fn(&str, Value) -> Result<(Vec<u8>, Vec<u8>), serde_json::Error>,
) {
    let model = Model::parse(model_json).expect("the service's model parses");
    let mut checked = 0;
    each_output(&model, rounds, below, |operation, sample| {
        let (ours, serde) = both_ways(operation, sample.clone())
            .unwrap_or_else(|err| panic!("{operation}: {err} for {sample}"));
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde),
            "{operation}"
        );
        checked += 1;
    });
    let with_output = model.operations.iter().filter(|op| op.output.is_some());
    assert_eq!(checked, with_output.count() * rounds);
}

struct Sampler<'a> {
    model: &'a Model,
    below: &'a mut dyn FnMut(u64) -> u64,
}

impl Sampler<'_> {
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        let index = (self.below)(items.len() as u64) as usize;
        &items[index]
    }

    fn coin(&mut self) -> bool {
        (self.below)(2) == 1
    }

    /// Up to three items, none below the depth limit.
    fn count(&mut self, depth: usize) -> u64 {
        if depth >= MAX_DEPTH {
            0
        } else {
            (self.below)(4)
        }
    }

    fn value(&mut self, shape: ShapeId, depth: usize) -> Value {
        let model = self.model;
        match &model.shape(shape).kind {
            ShapeKind::Structure { members, .. } => {
                let mut object = Map::new();
                for member in members {
                    if member.required || (depth < MAX_DEPTH && self.coin()) {
                        let value = self.value(member.shape, depth + 1);
                        object.insert(member.name.clone(), value);
                    }
                }
                Value::Object(object)
            }
            ShapeKind::List { member, .. } => (0..self.count(depth))
                .map(|_| self.value(*member, depth + 1))
                .collect(),
            ShapeKind::Map { value, .. } => (0..self.count(depth))
                .map(|_| {
                    let key = (*self.pick(STRINGS)).to_owned();
                    (key, self.value(*value, depth + 1))
                })
                .collect::<Map<_, _>>()
                .into(),
            ShapeKind::String {
                enum_values: Some(values),
                ..
            } => Value::from(self.pick(values).clone()),
            ShapeKind::String { .. } => Value::from(*self.pick(STRINGS)),
            ShapeKind::Blob { .. } => Value::from("YmxvYg=="),
            ShapeKind::Integer { long: false, .. } => {
                Value::from(*self.pick(&[0, 1, -7, i64::from(i32::MAX), i64::from(i32::MIN)]))
            }
            ShapeKind::Integer { long: true, .. } => {
                Value::from(*self.pick(&[0, 42, -1, i64::MAX, i64::MIN]))
            }
            ShapeKind::Float { .. } => Value::from(*self.pick(&[0.0, 1.5, -2.25e-7, 1e21])),
            ShapeKind::Boolean => Value::from(self.coin()),
            // Epoch seconds, whole and with milliseconds, as timestamps travel to services.
            ShapeKind::Timestamp { .. } => {
                Value::from(*self.pick(&[1_700_000_000.0, 1_700_000_000.125, 0.0]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_follow_the_shape_and_keep_required_members() {
        let model = Model::parse(
            r#"{"metadata": {"protocol": "json", "endpointPrefix": "x", "apiVersion": "1"},
                "operations": {},
                "shapes": {
                    "Node": {"type": "structure", "required": ["Kind"], "members": {
                        "Kind": {"shape": "Kind"},
                        "Children": {"shape": "Nodes"},
                        "Count": {"shape": "Count"}}},
                    "Nodes": {"type": "list", "member": {"shape": "Node"}},
                    "Kind": {"type": "string", "enum": ["A", "B"]},
                    "Count": {"type": "integer"}}}"#,
        )
        .unwrap();
        let node = model.shape_index["Node"];
        let mut rng = fastrand::Rng::with_seed(7);
        let mut below = |n: u64| rng.u64(..n);
        fn check(value: &Value) {
            let kind = value["Kind"].as_str().unwrap();
            assert!(kind == "A" || kind == "B");
            if let Some(count) = value.get("Count") {
                assert!(i32::try_from(count.as_i64().unwrap()).is_ok());
            }
            for child in value
                .get("Children")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                check(child);
            }
        }
        for _ in 0..50 {
            check(&sample(&model, node, &mut below));
        }
    }
}
