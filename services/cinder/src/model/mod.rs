//! Records: plain data as Cinder and Keystone keep it. Behaviour lives in the layers above.

pub mod backup;
pub mod token;
pub mod volume;
