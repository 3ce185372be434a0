//! Build a [`Programme`] from syntax trees, reporting E002-E013.
