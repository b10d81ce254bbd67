//! Conformance tests: one module per RFC, one test per requirement or
//! RFC example, each citing its section.

mod pidf;
mod rfc3261;
mod rfc4475;
mod rfc5118;
mod rfc6120;
mod rfc6121;
mod rfc7247;
mod rfc7247_errors;
mod rfc7572;
mod rfc7572_xhtml;
mod rfc7622;
mod rfc8048_notifications;
mod support;
mod xep0106;
