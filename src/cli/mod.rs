//! The command line: argument parsing (clap) and one function per command.
