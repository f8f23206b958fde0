"""One writer per output format; each turns a source text into a file at a given path."""
