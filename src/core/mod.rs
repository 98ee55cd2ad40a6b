//! The safe core: runs, their files and Polyaxon's formats. No C types live here.
#![deny(unsafe_code)]

pub mod assets;
pub mod capture;
pub mod error;
pub mod events;
pub mod float_text;
pub mod hash;
pub mod json;
pub mod lineage;
pub mod location;
pub mod logs;
pub mod merge;
pub mod metadata;
pub mod names;
pub mod page_layout;
pub mod paths;
pub mod rank;
pub mod refs;
pub mod registry;
pub mod repair;
pub mod resources;
pub mod run;
pub mod summary;
pub mod timestamp;
pub mod writer;

pub use error::{Error, ErrorKind, Result};
