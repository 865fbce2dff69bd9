//! What runs Backup besides requests: the plan scheduler, restore testing runs, and
//! persistence. Drivers work on the engine's backend and never call an operation.

pub mod persistence;
pub mod restore_testing;
pub mod scheduler;
