//! The AWS API model (botocore JSON), interpreted at run time.
//!
//! A service's model is parsed once, on its first request, into the typed form below; routing,
//! binding, validation and serialization all read it. Nothing about a service's operations is
//! typed by hand anywhere else in the gateway. docs/architecture.md says why the model is
//! interpreted rather than compiled into generated routing code.

mod member_order;
mod parse;
pub mod samples;
mod shapes;
mod uri_template;
mod xml_traits;

pub use parse::ModelError;
pub use shapes::{
    Location, Member, Metadata, Model, Operation, Pattern, Shape, ShapeId, ShapeKind,
    TimestampFormat,
};
pub(crate) use uri_template::path_segments;
pub use uri_template::{PathMatch, UriTemplate};
pub use xml_traits::XmlTraits;
