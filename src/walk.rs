//! Finding `*.cxp` files: directory walks that skip hidden directories and never hang.
